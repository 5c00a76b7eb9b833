// The breakpoints of a session: line breakpoints (verified, or moved to the nearest statement), function breakpoints
// on agents and handlers, their conditions, hit counts and log messages, and the exception filters that are on.
// Pure bookkeeping over the source map: the stepper asks it whether a state or a step stops, and why.

import type { MachineState, RuntimeEvent } from '../core/runtime/index';
import type { SimEvent, SimState } from '../core/selfmod/index';
import { EXCEPTION_FILTERS, type ExceptionHit } from './exceptions';
import { evaluate, hitMatches, parseExpression, parseHitCondition, parseLogMessage, renderLogMessage, truthy, type Expr, type HitCondition, type Template } from './expressions';
import { frameScope } from './frame-scope';
import { topStatement, type FunctionTarget, type SourceMap } from './source-map';

/** What the client asked for, with lines 0-based. */
export interface LineRequest {
  readonly line: number;
  readonly column?: number;
  readonly condition?: string;
  readonly hitCondition?: string;
  readonly logMessage?: string;
}

export interface FunctionRequest {
  readonly name: string;
  readonly condition?: string;
  readonly hitCondition?: string;
}

interface Common {
  readonly id: number;
  readonly verified: boolean;
  readonly message?: string;
  readonly condition?: Expr;
  readonly hit?: HitCondition;
  /** Positions in each thread's history where the breakpoint was hit (its condition held), to count hits. */
  readonly hits: Map<number, HitLog>;
  readonly key: string;
}

export interface LineBreakpoint extends Common {
  readonly kind: 'line';
  readonly requestedLine: number;
  /** Where it stops (0-based): the requested line or the statement it moved to. */
  readonly line: number;
  readonly log?: Template;
}

export interface FunctionBreakpoint extends Common {
  readonly kind: 'function';
  readonly name: string;
  readonly target?: FunctionTarget;
}

export type Breakpoint = LineBreakpoint | FunctionBreakpoint;

/** The positions of one thread's history where a breakpoint was hit; the hit count at a position counts those up to it. */
interface HitLog {
  readonly positions: Set<number>;
  max: number;
}

/** A breakpoint the stepper hit, with what it logged if it is a logpoint. */
export interface Hit {
  readonly breakpoint: Breakpoint;
  readonly log?: string;
}

export class Breakpoints {
  private nextId = 1;
  private lineBps: LineBreakpoint[] = [];
  private byLine = new Map<number, LineBreakpoint[]>();
  private functionBps: FunctionBreakpoint[] = [];
  private filters = new Set(EXCEPTION_FILTERS.filter((f) => f.default).map((f) => f.filter));
  /** Set for noDebug sessions: nothing stops but the human waiting for an answer. */
  disabled = false;

  constructor(private readonly map: SourceMap) {}

  /** Replaces the line breakpoints (the program's source is the only one). Keeps hit counts of unchanged breakpoints. */
  setLines(requests: readonly LineRequest[]): LineBreakpoint[] {
    const old = new Map(this.lineBps.map((b) => [b.key, b]));
    const out = requests.map((r) => {
      const key = JSON.stringify([r.line, r.condition ?? '', r.hitCondition ?? '', r.logMessage ?? '']);
      return old.get(key) ?? this.makeLine(r, key);
    });
    this.lineBps = out;
    this.byLine = new Map();
    for (const b of out) {
      if (!b.verified) continue;
      let list = this.byLine.get(b.line);
      if (!list) this.byLine.set(b.line, (list = []));
      list.push(b);
    }
    return out;
  }

  private makeLine(r: LineRequest, key: string): LineBreakpoint {
    const base = { kind: 'line' as const, id: this.nextId++, requestedLine: r.line, hits: new Map(), key };
    const line = this.map.resolveLine(r.line);
    if (line === undefined) return { ...base, line: r.line, verified: false, message: 'this file has no statement a run can stop at' };
    const names = this.map.pointerNamesAt(line);
    const parsed = this.parseOptions(r, names);
    if ('error' in parsed) return { ...base, line, verified: false, message: parsed.error };
    return { ...base, line, verified: true, ...parsed, message: line !== r.line ? `moved to line ${line + 1}, the nearest statement` : undefined };
  }

  setFunctions(requests: readonly FunctionRequest[]): FunctionBreakpoint[] {
    const old = new Map(this.functionBps.map((b) => [b.key, b]));
    this.functionBps = requests.map((r) => {
      const key = JSON.stringify([r.name, r.condition ?? '', r.hitCondition ?? '']);
      const kept = old.get(key);
      if (kept) return kept;
      const base = { kind: 'function' as const, id: this.nextId++, name: r.name, hits: new Map(), key };
      const resolved = this.map.resolveFunction(r.name);
      if ('error' in resolved) return { ...base, verified: false, message: resolved.error };
      const parsed = this.parseOptions(r, this.map.pointerNamesOf(resolved.target));
      if ('error' in parsed) return { ...base, target: resolved.target, verified: false, message: parsed.error };
      return { ...base, target: resolved.target, verified: true, ...parsed };
    });
    return this.functionBps;
  }

  private parseOptions(r: { condition?: string; hitCondition?: string; logMessage?: string }, names: ReadonlySet<string> | undefined): { condition?: Expr; hit?: HitCondition; log?: Template } | { error: string } {
    const out: { condition?: Expr; hit?: HitCondition; log?: Template } = {};
    if (r.condition !== undefined && r.condition.trim() !== '') {
      const c = parseExpression(r.condition, names);
      if ('error' in c) return { error: `bad condition: ${c.error}` };
      out.condition = c.expr;
    }
    if (r.hitCondition !== undefined && r.hitCondition.trim() !== '') {
      const h = parseHitCondition(r.hitCondition);
      if ('error' in h) return { error: `bad hit count: ${h.error}` };
      out.hit = h.hit;
    }
    if (r.logMessage !== undefined && r.logMessage !== '') {
      const l = parseLogMessage(r.logMessage, names);
      if ('error' in l) return { error: `bad log message: ${l.error}` };
      out.log = l.template;
    }
    return out;
  }

  /** Which exception filters are on; unknown names are returned so the session can say so. */
  setExceptionFilters(filters: readonly string[]): string[] {
    const known = new Set(EXCEPTION_FILTERS.map((f) => f.filter));
    this.filters = new Set(filters.filter((f) => known.has(f)));
    return filters.filter((f) => !known.has(f));
  }

  get lineBreakpoints(): readonly LineBreakpoint[] {
    return this.lineBps;
  }

  get hasFunctionBreakpoints(): boolean {
    return this.functionBps.some((b) => b.verified);
  }

  // ---- checks -----------------------------------------------------------------------------------------------------

  /** The exception a step raises, if its filter is on. */
  exception(events: readonly RuntimeEvent[]): ExceptionHit | undefined {
    if (this.disabled || this.filters.size === 0) return undefined;
    for (const f of EXCEPTION_FILTERS) {
      if (!this.filters.has(f.filter) || !f.detect) continue;
      const hit = f.detect(events);
      if (hit) return hit;
    }
    return undefined;
  }

  /** The exception a self-modification transition raises (its events, and the state it leads to), if its filter is on. */
  exceptionSim(events: readonly SimEvent[], after: SimState): ExceptionHit | undefined {
    if (this.disabled || this.filters.size === 0 || events.length === 0) return undefined;
    for (const f of EXCEPTION_FILTERS) {
      if (!this.filters.has(f.filter) || !f.detectSim) continue;
      const hit = f.detectSim(events, after);
      if (hit) return hit;
    }
    return undefined;
  }

  /**
   * Line breakpoints and logpoints at `after`, reached from `before` (undefined at the start of a run): the top frame's
   * next statement starts on a breakpoint's line and it is a new place (another activation or another statement).
   */
  atLine(thread: number, position: number, before: MachineState | undefined, after: MachineState): Hit[] {
    if (this.disabled || this.byLine.size === 0) return [];
    const at = topStatement(after);
    if (!at) return [];
    const list = this.byLine.get(this.map.lineOf(at.start));
    if (!list) return [];
    if (before && before.top.id === after.top.id && topStatement(before) === at) return [];
    const out: Hit[] = [];
    for (const b of list) {
      const hit = this.test(b, thread, position, after);
      if (hit) out.push(b.log ? { breakpoint: b, log: renderLogMessage(b.log, frameScope(after)) } : { breakpoint: b });
    }
    return out;
  }

  /** Function breakpoints on the activation a step started: stop at its first statement. */
  atEntry(thread: number, position: number, before: MachineState, after: MachineState): Hit[] {
    if (this.disabled || !this.hasFunctionBreakpoints) return [];
    const top = after.top;
    if (top.id < before.nextActivation) return [];
    const out: Hit[] = [];
    for (const b of this.functionBps) {
      const t = b.target;
      if (!b.verified || !t) continue;
      const matches = t.kind === 'handlers' ? (top.kind === 'handler' || top.kind === 'event') && t.handlers.includes(top.code) : top.agent?.def === t.agent;
      if (matches && this.test(b, thread, position, after)) out.push({ breakpoint: b });
    }
    return out;
  }

  /** Function breakpoints on agents that answer within the ask (built-ins, replay entries): stop before the ask. */
  beforeAsk(thread: number, position: number, before: MachineState, after: MachineState, events: readonly RuntimeEvent[]): Hit[] {
    if (this.disabled || !this.hasFunctionBreakpoints) return [];
    const out: Hit[] = [];
    for (const e of events) {
      if (e.kind !== 'ask' || e.to === after.top.id) continue;
      for (const b of this.functionBps) {
        const t = b.target;
        if (b.verified && t?.kind === 'agent' && t.agent.name === e.agent && this.test(b, thread, position, before)) out.push({ breakpoint: b });
      }
    }
    return out;
  }

  /** Whether a breakpoint stops (or logs) at a state: its condition holds and its hit count matches. Records the hit. */
  private test(b: Breakpoint, thread: number, position: number, state: MachineState): boolean {
    if (b.condition && !truthy(evaluate(b.condition, frameScope(state)))) return false;
    let log = b.hits.get(thread);
    if (!log) b.hits.set(thread, (log = { positions: new Set(), max: -1 }));
    log.positions.add(position);
    if (!b.hit) return true;
    let count: number;
    if (position >= log.max) {
      // Going forward past every earlier hit (the usual case): all of them count.
      log.max = position;
      count = log.positions.size;
    } else {
      count = 0;
      for (const p of log.positions) if (p <= position) count++;
    }
    return hitMatches(b.hit, count);
  }
}
