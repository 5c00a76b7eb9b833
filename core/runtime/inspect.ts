// What a debugger shows of a state: the frame stack from the root question to the agent acting now (each with its
// handler and current statement), the pointers visible in a frame, messages expanded one level at a time, the
// budget ledger and the event log. Pure reads; nothing here changes a state.

import { agentName } from './machine';
import type { Instr } from './program';
import type { ActivationLedger } from './report';
import type { Span } from './spans';
import { eventsOf, framesOf, recordsOf, type ActivationRecord, type Frame, type MachineState, type RuntimeEvent } from './state';
import { agentLabel, AgentValue, type Message, type Value } from './values';

export interface FrameView {
  readonly activation: number;
  readonly kind: Frame['kind'];
  /** The agent's name (the run's name for the run frame). */
  readonly agent: string;
  /** The agent copy asked, as `@Name′`. */
  readonly instance?: string;
  /** The handler's template, the event's name, or the run's name. */
  readonly label: string;
  /** The handler (or run) the frame executes: where "open the frame" goes. */
  readonly handler?: Span;
  /** The statement about to run in this frame (in a waiting frame, the ask it waits on). */
  readonly statement?: Span;
  readonly question?: Message;
  readonly budget: number;
  readonly allotted: number;
  readonly spent: number;
  readonly delegated: number;
}

/** The frames, the run first and the agent acting now last. */
export function frameViews(state: MachineState): FrameView[] {
  return framesOf(state).map((f) => {
    let label = '';
    let handler: Span | undefined;
    let statement: Span | undefined;
    if (f.kind === 'run' || f.kind === 'handler' || f.kind === 'event') {
      label = f.code.label;
      handler = f.code.span;
      statement = f.await?.at ?? statementAt(f.code.instrs, f.pc);
    } else if (f.kind === 'meta') label = `Meta(HCH(${f.target.def.name}))`;
    else label = f.kind === 'replay' ? `replaying ${f.source ?? ''}` : 'answered at the keyboard';
    return {
      activation: f.id,
      kind: f.kind,
      agent: agentName(f),
      instance: f.agent ? agentLabel(f.agent) : undefined,
      label,
      handler,
      statement,
      question: f.question,
      budget: f.budget,
      allotted: f.allotted,
      spent: f.spent,
      delegated: f.delegated,
    };
  });
}

function statementAt(instrs: readonly Instr[], pc: number): Span | undefined {
  let i = instrs[pc];
  let guard = instrs.length;
  while (i && i.op === 'jump' && guard-- > 0) i = instrs[i.to];
  return i && i.op !== 'jump' ? i.at : undefined;
}

/** The span of the statement the current frame runs next. */
export function currentSpan(state: MachineState): Span | undefined {
  const views = frameViews(state);
  return views[views.length - 1]?.statement;
}

export interface PointerView {
  readonly name: string;
  readonly value: Value;
}

/** The pointers visible in a frame (default: the current one): bound names, or for the human the numbered pointers. */
export function visiblePointers(state: MachineState, frameIndex?: number): PointerView[] {
  const frames = framesOf(state);
  const f = frames[frameIndex ?? frames.length - 1];
  if (!f) return [];
  const out: PointerView[] = [];
  if (f.kind === 'run' || f.kind === 'handler' || f.kind === 'event') {
    f.code.slotNames.forEach((name, i) => {
      const v = f.slots[i];
      if (v !== undefined && name) out.push({ name, value: v });
    });
  } else if (f.kind === 'human' || f.kind === 'replay') {
    f.refs.forEach((v, i) => out.push({ name: `${v instanceof AgentValue ? '@' : '#'}${i + 1}`, value: v }));
  } else if (f.kind === 'meta') {
    out.push({ name: 'A', value: f.target }, { name: 'question', value: f.root });
    if (f.rest) out.push({ name: 'rest', value: f.rest });
    if (f.char) out.push({ name: 'character', value: f.char });
    if (f.int) out.push({ name: 'integer', value: f.int });
    if (f.state) out.push({ name: 'state', value: f.state });
  }
  return out;
}

export interface Expansion {
  /** The message's text with its pointers shown as `[1]`, `[2]`, … (an agent: its label). */
  readonly text: string;
  /** The pointers, to expand further on demand. */
  readonly children: readonly { readonly label: string; readonly value: Value }[];
  readonly error: boolean;
}

/** One level of a value: cheap whatever the size of the tree below it. */
export function expand(v: Value): Expansion {
  if (v instanceof AgentValue) return { text: `${agentLabel(v)} (${v.turns} exchange${v.turns === 1 ? '' : 's'} remembered)`, children: [], error: false };
  const children: { label: string; value: Value }[] = [];
  const text = v.parts
    .map((p) => {
      if (typeof p === 'string') return p;
      const label = `[${children.length + 1}]`;
      children.push({ label, value: p });
      return label;
    })
    .join('');
  return { text, children, error: v.error };
}

export interface LedgerView {
  readonly minted: number;
  readonly returned: number;
  readonly live: readonly ActivationLedger[];
  readonly finished: readonly ActivationRecord[];
}

/** The budget ledger: live activations (what they hold) and finished ones (what they returned). */
export function ledgerOf(state: MachineState): LedgerView {
  const live = framesOf(state)
    .filter((f) => f.kind !== 'run')
    .map((f) => ({ id: f.id, parent: f.parent, agent: agentName(f), allotted: f.allotted, spent: f.spent }));
  return { minted: state.minted, returned: state.returned, live, finished: recordsOf(state) };
}

/** The event log, oldest first (from index `from`). */
export function eventLog(state: MachineState, from = 0): RuntimeEvent[] {
  return eventsOf(state).slice(from);
}
