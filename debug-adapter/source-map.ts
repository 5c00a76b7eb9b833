// Where things are in the program's source: the executable lines (one per statement the machine can stop before),
// which handler or run holds a line, the statement a frame executes next, and what a function breakpoint's name
// (`Min`, `Min: what is the smallest…`) refers to. Lines are 0-based here; the session converts them for the client.

import { type AgentDef, type Code, type Frame, type MachineState, type Program, type Span } from '../core/runtime/index';
import { LineIndex } from '../core/text';
import { suggest } from '../core/util/suggest';

/** A statement the machine can stop before: one compiled instruction of a handler, event handler or run. */
export interface Statement {
  readonly code: Code;
  readonly pc: number;
  readonly at: Span;
  readonly line: number;
}

/** What a function breakpoint's name resolved to. */
export type FunctionTarget =
  /** Handlers with frames: stop at the first statement of a new activation of one of them. */
  | { readonly kind: 'handlers'; readonly agent: AgentDef; readonly handlers: readonly Code[]; readonly label: string }
  /** Agents that answer within the ask (built-ins, replay agents) or have frames without code (human): stop at the asks to them. */
  | { readonly kind: 'agent'; readonly agent: AgentDef; readonly label: string };

export class SourceMap {
  readonly lines: LineIndex;
  /** Statements by line, in program order. */
  private readonly byLine = new Map<number, Statement[]>();
  private readonly sortedLines: number[];
  /** Every handler, event handler and run, with its span. */
  readonly codes: readonly Code[];
  private readonly lineOfOffset = new Map<number, number>();

  constructor(
    readonly program: Program,
    readonly text: string,
  ) {
    this.lines = new LineIndex(text);
    const codes: Code[] = [];
    for (const def of program.agents.values()) codes.push(...def.handlers, ...def.eventHandlers);
    codes.push(...program.runs);
    this.codes = codes;
    for (const code of codes) {
      const unreachable = unreachableEnds(code);
      code.instrs.forEach((ins, pc) => {
        if (ins.op === 'jump' || unreachable.has(pc)) return;
        const line = this.lineOf(ins.at.start);
        let list = this.byLine.get(line);
        if (!list) this.byLine.set(line, (list = []));
        list.push({ code, pc, at: ins.at, line });
      });
    }
    this.sortedLines = [...this.byLine.keys()].sort((a, b) => a - b);
    // A statement written under its annotations (`@E_ext_cost(0.3) @hazard(high)` then `act "…"`) starts at the first
    // annotation: a breakpoint on the statement's own line stops there too.
    for (const [line, list] of this.byLine) {
      for (const st of list) {
        if (text.charCodeAt(st.at.start) !== 64 /* @ */) continue;
        const keyword = this.lineOf(afterAnnotations(text, st.at.start, st.at.end));
        for (let l = line + 1; l <= keyword; l++) if (!this.byLine.has(l) && !this.annotated.has(l)) this.annotated.set(l, line);
      }
    }
  }

  /** Lines of a statement's keyword below its annotations, to the statement's first line. */
  private readonly annotated = new Map<number, number>();

  /** The 0-based line of an offset (cached: the stepper asks for the same statements again and again). */
  lineOf(offset: number): number {
    let line = this.lineOfOffset.get(offset);
    if (line === undefined) {
      line = this.lines.positionAt(offset).line;
      this.lineOfOffset.set(offset, line);
    }
    return line;
  }

  isExecutable(line: number): boolean {
    return this.byLine.has(line);
  }

  statementsAt(line: number): readonly Statement[] {
    return this.byLine.get(line) ?? [];
  }

  executableLines(from = 0, to = Number.MAX_SAFE_INTEGER): number[] {
    return this.sortedLines.filter((l) => l >= from && l <= to);
  }

  /** The handler or run whose span holds the line, if any. */
  codeAt(line: number): Code | undefined {
    const offset = this.lines.offsetAt({ line, character: 0 });
    const lineEnd = this.lines.offsetAt({ line: line + 1, character: 0 });
    let best: Code | undefined;
    for (const c of this.codes) {
      if (c.span.start < lineEnd && c.span.end > offset && (!best || c.span.end - c.span.start < best.span.end - best.span.start)) best = c;
    }
    return best;
  }

  /**
   * Where a breakpoint on `line` goes: the line itself when a statement starts there; else the next statement of the
   * same handler or run (the previous one when there is none after), else the nearest statement in the file.
   */
  resolveLine(line: number): number | undefined {
    if (this.byLine.has(line)) return line;
    const annotated = this.annotated.get(line);
    if (annotated !== undefined) return annotated;
    const code = this.codeAt(line);
    if (code) {
      const inCode = this.sortedLines.filter((l) => this.byLine.get(l)!.some((s) => s.code === code));
      const after = inCode.find((l) => l > line);
      if (after !== undefined) return after;
      const before = inCode.filter((l) => l < line).pop();
      if (before !== undefined) return before;
    }
    let best: number | undefined;
    for (const l of this.sortedLines) if (best === undefined || Math.abs(l - line) < Math.abs(best - line) || (Math.abs(l - line) === Math.abs(best - line) && l > line)) best = l;
    return best;
  }

  /** The names a condition at `line` may use as pointers: the bindings of the handler or run holding it. */
  pointerNamesAt(line: number): Set<string> | undefined {
    const codes = new Set(this.statementsAt(line).map((s) => s.code));
    if (codes.size === 0) return undefined;
    return pointerNames([...codes], this.program);
  }

  /**
   * Resolves a function breakpoint name: `Agent` (every handler of a declared agent, or the asks to a built-in, replay
   * or human agent) or `Agent: template` (the handlers whose template starts with the text; a final `…` or `...` is
   * optional). Returns a reason when nothing matches.
   */
  resolveFunction(name: string): { readonly target: FunctionTarget } | { readonly error: string } {
    const m = /^\s*([^\s:]+)\s*(?::\s*(.*?))?\s*$/.exec(name);
    if (!m || !m[1]) return { error: 'write an agent name (Min) or an agent and a handler template (Min: what is the smallest…)' };
    const agentName = m[1];
    const def = this.program.agents.get(agentName);
    if (!def) {
      const names = [...this.program.agents.keys()];
      const guess = suggest(agentName, names);
      return { error: `there is no agent named ${agentName}${guess ? ` (did you mean ${guess}?)` : ''}` };
    }
    const wanted = m[2] === undefined ? undefined : collapse(m[2].replace(/(…|\.\.\.)$/, '').replace(/^"|"$/g, ''));
    if (def.kind !== 'declared') {
      if (wanted) return { error: `${agentName} is a ${def.kind === 'builtin' ? 'built-in' : def.kind} agent without handlers: break on "${agentName}" to stop at every ask to it` };
      return { target: { kind: 'agent', agent: def, label: agentName } };
    }
    const all = [...def.handlers, ...def.eventHandlers];
    if (wanted === undefined) return { target: { kind: 'handlers', agent: def, handlers: all, label: agentName } };
    const handlers = all.filter((h) => collapse(h.label).startsWith(wanted) || collapse(`event ${h.label}`).startsWith(wanted));
    if (handlers.length === 0) {
      return { error: `${agentName} has no handler starting "${wanted}" (its handlers: ${all.map((h) => `"${h.label}"`).join(', ') || 'none'})` };
    }
    return { target: { kind: 'handlers', agent: def, handlers, label: `${agentName}: ${wanted}` } };
  }

  /** The pointer names bindable in the handlers a function breakpoint stops in. */
  pointerNamesOf(target: FunctionTarget): Set<string> | undefined {
    return target.kind === 'handlers' ? pointerNames(target.handlers, this.program) : undefined;
  }
}

/**
 * The `end` instructions of handlers and else blocks that nothing reaches: the closing brace after a `reply`. They are
 * not places to stop (a breakpoint there would never be hit), so they are not executable lines.
 */
function unreachableEnds(code: Code): Set<number> {
  const targets = new Set<number>();
  for (const ins of code.instrs) {
    if (ins.op === 'jump') targets.add(ins.to);
    else if (ins.op === 'view' && ins.elseTo >= 0) targets.add(ins.elseTo);
    else if (ins.op === 'choose') for (const o of ins.options) targets.add(o.to);
  }
  const out = new Set<number>();
  code.instrs.forEach((ins, pc) => {
    if (ins.op === 'end' && ins.why !== 'run' && pc > 0 && code.instrs[pc - 1].op === 'reply' && !targets.has(pc)) out.add(pc);
  });
  return out;
}

function pointerNames(codes: readonly Code[], program: Program): Set<string> {
  const names = new Set<string>();
  for (const c of codes) for (const n of c.slotNames) if (n) names.add(n);
  for (const n of program.messages.keys()) names.add(n);
  for (const n of program.agents.keys()) names.add(n);
  return names;
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The statement the top frame executes next (the ask it waits on, for a waiting frame), without walking the stack. */
export function topStatement(state: MachineState): Span | undefined {
  return statementOf(state.top);
}

export function statementOf(f: Frame): Span | undefined {
  if (f.kind !== 'run' && f.kind !== 'handler' && f.kind !== 'event') return undefined;
  if (f.await?.at) return f.await.at;
  const instrs = f.code.instrs;
  let i = instrs[f.pc];
  let guard = instrs.length;
  while (i && i.op === 'jump' && guard-- > 0) i = instrs[i.to];
  return i && i.op !== 'jump' ? i.at : undefined;
}

/** The code a frame runs, if any. */
export function codeOf(f: Frame): Code | undefined {
  return f.kind === 'run' || f.kind === 'handler' || f.kind === 'event' ? f.code : undefined;
}

/** The offset of what follows a run of annotations (`@name` with an optional parenthesised argument list) from `start`. */
function afterAnnotations(text: string, start: number, end: number): number {
  let i = start;
  while (i < end) {
    while (i < end && /\s/.test(text[i])) i++;
    if (text[i] !== '@') break;
    i++;
    while (i < end && /[A-Za-z0-9_]/.test(text[i])) i++;
    if (text[i] === '(') {
      let depth = 0;
      let quote = false;
      for (; i < end; i++) {
        const c = text[i];
        if (quote) {
          if (c === '\\') i++;
          else if (c === '"') quote = false;
        } else if (c === '"') quote = true;
        else if (c === '(') depth++;
        else if (c === ')' && --depth === 0) {
          i++;
          break;
        }
      }
    }
  }
  return Math.min(i, end);
}
