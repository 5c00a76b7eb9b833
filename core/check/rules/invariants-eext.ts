// Invariant 1 (E_ext is a non-rewritable red boundary): the worst-case E_ext a run can spend outside chapels in one
// trust slice, and AMP-G003 when it exceeds E_ext_max_const.

import { argsOf, blockChildren, blockOf, chooseOptions, letParts, nameOfValue, viewParts } from '../../syntax/ast';
import { childNode, isNode, type Element, type Node } from '../../syntax/tree';
import { readAnnotations } from '../annotations';
import type { AskSite, HandlerInfo, RunInfo, SpecModel } from '../model';
import type { Rule } from './context';
import { actsOutsideChapels } from './invariants-chapel';
import { EPSILON, askSitesByNode, eventHandlers, keywordSpan, related, show } from './invariants-common';
import { concatPaths, EMPTY_PATH, eventPath, scanPath, worstSlice, type CostedAct, type EExtPath, type PathEvent } from './invariants-eext-path';
import { trustSliceWindow } from './invariants-trust-slice';

/** The worst-case E_ext of one run: the most a trust slice can spend outside chapels along its worst path. */
export interface RunEExt {
  readonly run: RunInfo;
  readonly worst: number;
  readonly path: EExtPath;
}

/**
 * The worst-case E_ext outside chapels of every run, per trust slice of `window` steps (the whole run when undefined).
 * Sequences add; a `view … else` and the options of a `choose` take their worst branch; a `reply` ends the path; an
 * ask follows the handler it reaches; `steward` events run the matching `on event` handlers. Acts inside a chapel
 * never count: the chapel is seed 002's "route through a chapel + protected veto path". An ask inside a chapel still
 * counts the acts of the handler it reaches that are outside that handler's own chapels: chapels are lexical.
 * Handlers on a cycle of asks can repeat every costly act they can reach, without bound. Exact without a window; with
 * one, branches are compared by their own worst slice.
 */
export function worstCaseEExt(model: SpecModel, window: number | undefined): RunEExt[] {
  const analysis = new EExtAnalysis(model, window);
  return model.runs.map((run) => {
    const path = analysis.run(run);
    return { run, path, worst: scanPath(path, window).worst };
  });
}

/** Steward events that make the governance layer deliver an event to `on event` handlers. */
function stewardEvent(stmt: Node, source: string): string | undefined {
  const call = childNode(stmt, 'Call');
  const name = nameOfValue(call, source)?.text;
  if (name === 'restore') return 'restorative_process_completed';
  if (name === 'incident') return 'incident_report';
  if (name === 'consent' && call) {
    const list = childNode(call, 'ArgList');
    const event = list ? nameOfValue(argsOf(list, source)[1]?.value, source)?.text : undefined;
    return event === 'explicit_consent' || event === 'explicit_dissent' ? event : undefined;
  }
  return undefined;
}

class EExtAnalysis {
  private readonly source: string;
  private readonly askAt: Map<Node, AskSite>;
  private readonly memo = new Map<Node, EExtPath>();
  /** The component of each handler that lies on a cycle of asks. */
  private readonly cyclic = new Map<HandlerInfo, number>();
  private readonly repeatable = new Map<number, CostedAct | undefined>();
  private readonly components: HandlerInfo[][] = [];
  private readonly events: ReturnType<typeof eventHandlers>;

  constructor(private readonly model: SpecModel, private readonly window: number | undefined) {
    this.source = model.source;
    this.askAt = askSitesByNode(model);
    this.events = eventHandlers(model);
    this.findCycles();
  }

  run(run: RunInfo): EExtPath {
    return this.seq(blockChildren(run.body), EMPTY_PATH, undefined);
  }

  /** Tarjan's strongly connected components over the ask graph; keeps those that form a cycle. */
  private findCycles(): void {
    const handlers = this.model.handlers;
    const ordinal = new Map<HandlerInfo, number>();
    handlers.forEach((h, k) => ordinal.set(h, k));
    // Per handler, by ordinal: its visit number (0: not visited yet), its low link, whether it is on the stack.
    const index = new Int32Array(handlers.length);
    const low = new Int32Array(handlers.length);
    const onStack = new Uint8Array(handlers.length);
    const stack: number[] = [];
    let next = 1;
    const visit = (v: number) => {
      index[v] = low[v] = next++;
      stack.push(v);
      onStack[v] = 1;
      for (const a of handlers[v].asks) {
        const t = a.handler && ordinal.get(a.handler);
        if (t === undefined) continue;
        if (index[t] === 0) {
          visit(t);
          low[v] = Math.min(low[v], low[t]);
        } else if (onStack[t]) low[v] = Math.min(low[v], index[t]);
      }
      if (low[v] === index[v]) {
        const comp: HandlerInfo[] = [];
        let x: number;
        do {
          x = stack.pop()!;
          onStack[x] = 0;
          comp.push(handlers[x]);
        } while (x !== v);
        const h = handlers[v];
        if (comp.length > 1 || h.asks.some((a) => a.handler === h)) {
          const id = this.components.length;
          this.components.push(comp);
          for (const c of comp) this.cyclic.set(c, id);
        }
      }
    };
    for (let v = 0; v < handlers.length; v++) if (index[v] === 0) visit(v);
  }

  /** The costliest act outside chapels among every handler a cycle can reach: it can repeat as often as the cycle. */
  private repeatableAct(component: number): CostedAct | undefined {
    if (this.repeatable.has(component)) return this.repeatable.get(component);
    const seen = new Set<HandlerInfo>();
    const queue = [...this.components[component]];
    let best: CostedAct | undefined;
    while (queue.length) {
      const h = queue.shift()!;
      if (seen.has(h)) continue;
      seen.add(h);
      for (const act of h.body ? actsOutsideChapels(h.body) : []) {
        const cost = readAnnotations(act, this.source).eExtCost?.value ?? 0;
        if (cost > 0 && (!best || cost > best.cost || (cost === best.cost && act.start < best.node.start))) best = { node: act, cost };
      }
      for (const a of h.asks) if (a.handler) queue.push(a.handler);
    }
    this.repeatable.set(component, best);
    return best;
  }

  private handler(h: HandlerInfo): EExtPath {
    const known = this.memo.get(h.node);
    if (known) return known;
    this.memo.set(h.node, EMPTY_PATH); // a re-entry can only come from a cycle, which `ask` handles below
    const path = this.seq(blockChildren(h.body), EMPTY_PATH, h);
    this.memo.set(h.node, path);
    return path;
  }

  private eventHandlerPath(node: Node): EExtPath {
    const known = this.memo.get(node);
    if (known) return known;
    const path = this.seq(blockChildren(blockOf(node)), EMPTY_PATH, undefined);
    this.memo.set(node, path);
    return path;
  }

  private ask(site: AskSite | undefined, owner: HandlerInfo | undefined): EExtPath {
    const target = site?.handler;
    if (!site || !target) return EMPTY_PATH; // built-ins, replay agents and unmatched asks act on nothing
    const component = owner ? this.cyclic.get(owner) : undefined;
    if (component !== undefined && this.cyclic.get(target) === component) {
      const act = this.repeatableAct(component);
      return act ? eventPath({ kind: 'cycle', act, ask: site }, this.window) : EMPTY_PATH;
    }
    return this.handler(target);
  }

  private worse(a: EExtPath, b: EExtPath): EExtPath {
    return worstSlice(b, this.window) > worstSlice(a, this.window) ? b : a;
  }

  /**
   * The worst path through `stmts` followed by `rest` (what runs after the block ends normally). Built from the last
   * statement backwards, so each branch is compared with everything that follows it.
   */
  private seq(stmts: readonly Element[], rest: EExtPath, owner: HandlerInfo | undefined, inChapel = false): EExtPath {
    let suffix = rest;
    for (let k = stmts.length - 1; k >= 0; k--) {
      const s = stmts[k];
      if (!isNode(s)) continue;
      switch (s.kind) {
        case 'ActStmt': {
          const cost = readAnnotations(s, this.source).eExtCost?.value ?? 0;
          if (!inChapel && cost > 0) suffix = concatPaths(eventPath({ kind: 'act', act: { node: s, cost } }, this.window), suffix);
          break;
        }
        case 'AskExpr':
          suffix = concatPaths(this.ask(this.askAt.get(s), owner), suffix);
          break;
        case 'LetStmt': {
          const value = letParts(s, this.source).value;
          if (value?.kind === 'AskExpr') suffix = concatPaths(this.ask(this.askAt.get(value), owner), suffix);
          break;
        }
        case 'ReplyStmt':
          suffix = EMPTY_PATH;
          break;
        case 'ChapelStmt':
          suffix = this.seq(blockChildren(blockOf(s)), suffix, owner, true);
          break;
        case 'ViewStmt': {
          // The else block runs instead of the rest of the handler.
          const elseBlock = viewParts(s, this.source).elseBlock;
          if (elseBlock) suffix = this.worse(suffix, this.seq(blockChildren(elseBlock), EMPTY_PATH, owner, inChapel));
          break;
        }
        case 'ChooseStmt': {
          const options = chooseOptions(s).map((o) => this.seq(blockChildren(blockOf(o)), suffix, owner, inChapel));
          if (options.length) suffix = options.reduce((a, b) => this.worse(a, b));
          break;
        }
        case 'StewardStmt': {
          const event = stewardEvent(s, this.source);
          if (!event) break;
          const handlers = this.events.filter((e) => e.event === event);
          for (let i = handlers.length - 1; i >= 0; i--) suffix = concatPaths(this.eventHandlerPath(handlers[i].node), suffix);
          break;
        }
        case 'Error':
          // Recovery regions may hold statements the parser could still shape; count what is there.
          suffix = this.seq(s.children, suffix, owner, inChapel);
          break;
      }
    }
    return suffix;
  }
}

// ---- the rule -------------------------------------------------------------------------------------------------------

/** AMP-G003: a run whose worst-case E_ext outside chapels in one trust slice exceeds E_ext_max_const. */
export const redBoundary: Rule = (ctx) => {
  const { governance, model } = ctx;
  const max = governance.stack.E_ext_max_const;
  if (max === undefined) return;
  const window = trustSliceWindow(model, governance);
  const slice = window === undefined ? '' : ` within a trust slice of ${window} steps`;
  const oneSlice = window === undefined ? ' (no trust slice window is declared, so the whole run is one slice)' : '';
  // One report per act where a sum crosses, naming every run that crosses there.
  const byAct = new Map<Node, { event: PathEvent; runs: RunEExt[] }>();
  for (const r of worstCaseEExt(model, window)) {
    if (!(r.worst > max + EPSILON)) continue;
    const { crossing } = scanPath(r.path, window, max);
    if (!crossing) continue;
    const entry = byAct.get(crossing.act.node) ?? { event: crossing, runs: [] };
    entry.runs.push(r);
    byAct.set(crossing.act.node, entry);
  }
  for (const [act, { event, runs }] of byAct) {
    const first = runs[0];
    const others = runs.length > 1 ? ` (and ${runs.length - 1} other run${runs.length > 2 ? 's' : ''})` : '';
    const boundary = `the red boundary E_ext_max_const = ${show(max)}`;
    const message =
      event.kind === 'cycle' && window === undefined
        ? `This act can repeat without bound through a cycle of asks along run "${first.run.name}"${others}, and no trust slice window bounds the E_ext it spends outside chapels against ${boundary} (seed 002, invariant 1); declare trust_slice { window N } or route the act through a chapel`
        : event.kind === 'cycle'
          ? `This act can repeat through a cycle of asks along run "${first.run.name}"${others}:${slice} the E_ext spent outside chapels can reach ${show(first.worst)}, above ${boundary} (seed 002, invariant 1)`
          : `Along run "${first.run.name}"${others} the E_ext spent outside chapels can reach ${Number.isFinite(first.worst) ? show(first.worst) : 'any amount'}${slice}, above ${boundary}${oneSlice}; the running sum crosses it at this act (seed 002, invariant 1)`;
    ctx.report('AMP-G003', message, keywordSpan(act), {
      related: related(
        governance.related('governance_stack.E_ext_max_const', boundary),
        ...runs.map((r) => {
          const at = r.run.nameNode ?? r.run.node;
          return { message: `run "${r.run.name}"`, start: at.start, end: at.end };
        }),
        event.kind === 'cycle' ? { message: 'the ask that closes the cycle', start: event.ask.node.start, end: event.ask.node.end } : undefined,
      ),
    });
  }
};
