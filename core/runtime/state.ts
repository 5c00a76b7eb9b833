// The machine state: an immutable value (frozen by immer) holding the frame stack as a cons list, the event log and the
// record of finished activations as cons lists (newest first), and counters. Every collection that grows is a cons
// list, so a step allocates a few small objects and shares everything else with the state before it.

import type { CostModelName } from './cost';
import type { AgentDef, BreachNote, Code, Program } from './program';
import type { Span } from './spans';
import type { AgentValue, Message, Value } from './values';

/** What a parent waits for while its child runs: where the reply (and the new agent A′) go. */
export interface Await {
  readonly callee: AgentValue;
  readonly question: Message;
  readonly transfer: number;
  /** Slots for the reply and A′ (-1: not kept). */
  readonly result: number;
  readonly agent: number;
  readonly at?: Span;
  /** For meta frames: which question of the protocol this is. */
  readonly purpose?: string;
}

interface FrameCommon {
  /** The activation id: unique within a run, in the order activations start. */
  readonly id: number;
  /** The activation that asked (the run frame's id for a root question; -1 for the run frame). */
  readonly parent: number;
  /** The agent being asked (absent for the run frame). */
  readonly agent?: AgentValue;
  readonly question?: Message;
  /** Budget held now. */
  readonly budget: number;
  /** Budget received when the activation started. */
  readonly allotted: number;
  /** Spent on the activation's own operations. */
  readonly spent: number;
  /** Transferred to children and not (yet) returned. */
  readonly delegated: number;
  readonly await?: Await;
}

/** A handler of a declared agent, an event handler, or a run, executing compiled code. */
export interface CodeFrame extends FrameCommon {
  readonly kind: 'handler' | 'event' | 'run';
  readonly code: Code;
  readonly pc: number;
  readonly slots: readonly (Value | undefined)[];
  /** How many chapels the current statement is inside. */
  readonly chapels: number;
  /** Runs only: the latest root ask's reply. */
  readonly last: { readonly reply: Message; readonly ask: number } | undefined;
  /** Runs only: event handlers still to deliver (from a steward event). */
  readonly deliveries: readonly Delivery[] | undefined;
}

export interface Delivery {
  readonly event: string;
  readonly code: Code;
  readonly message?: Message;
}

/** The human at the keyboard, or a transcript replaying recorded commands (ALBA's HCH(H) as an AMP agent). */
export interface HumanFrame extends FrameCommon {
  readonly kind: 'human' | 'replay';
  /** Pointers the person has seen, numbered from 1 (`#n` for messages, `@n` for agents). */
  readonly refs: readonly Value[];
  /** What to show next: the question, or the result of the last command. */
  readonly show: string;
  /** Commands waiting to run: recorded ones (replay), or input supplied while the machine waited. */
  readonly queue: readonly string[];
  /** Commands that spent nothing; capped so that every run halts. */
  readonly free: number;
  /** The transcript's path, for replay frames. */
  readonly source?: string;
}

/** Meta(HCH(A, n)): asks A what to do, then parses the reply into an output string and a new state (seed 000). */
export interface MetaFrame extends FrameCommon {
  readonly kind: 'meta';
  readonly phase: MetaPhase;
  /** The agent A and the root question as the run wrote them. */
  readonly target: AgentValue;
  readonly root: Message;
  /** The agent that answered last (A′, then A″): the state question goes to it. */
  readonly answerer?: AgentValue;
  /** The reply to decode, then the rest of it still to decode. */
  readonly rest?: Message;
  /** The current character's message and the integer being decoded. */
  readonly char?: Message;
  readonly int?: Message;
  /** Bits of the integer decoded so far, least significant first. */
  readonly bits: readonly number[];
  readonly output: string;
  readonly state?: Message;
  /** How many times the current yes/no question has been asked. */
  readonly attempts: number;
}

export type MetaPhase = 'ask-root' | 'ask-state' | 'empty' | 'first' | 'code' | 'zero' | 'parity' | 'half' | 'rest';

export type Frame = CodeFrame | HumanFrame | MetaFrame;

export interface Stack {
  readonly top: Frame;
  readonly below: Stack | undefined;
}

export interface EventList {
  readonly event: RuntimeEvent;
  readonly next: EventList | undefined;
}

/** A finished activation: its budget ledger. */
export interface ActivationRecord {
  readonly id: number;
  readonly parent: number;
  readonly agent: string;
  readonly kind: AgentDef['kind'] | 'event';
  readonly allotted: number;
  readonly spent: number;
  /** What its children consumed (transferred to them and not returned). */
  readonly delegated: number;
  readonly returned: number;
  readonly error: boolean;
}

export interface RecordList {
  readonly record: ActivationRecord;
  readonly next: RecordList | undefined;
}

export type Status = 'running' | 'done' | 'fault';

export interface MachineState {
  readonly program: Program;
  readonly run: number;
  readonly costModel: CostModelName;
  readonly meta: boolean;
  readonly step: number;
  readonly status: Status;
  readonly top: Frame;
  readonly below: Stack | undefined;
  readonly depth: number;
  readonly events: EventList | undefined;
  readonly eventCount: number;
  readonly finished: RecordList | undefined;
  readonly nextMessage: number;
  readonly nextAgent: number;
  readonly nextActivation: number;
  /** Budget the run has handed to root questions. */
  readonly minted: number;
  /** Budget root questions have returned to the run. */
  readonly returned: number;
  /** The simulated clock, in milliseconds (chapel pauses advance it; nothing really sleeps). */
  readonly clock: number;
  /** The governance layer's and the conscience calculator's own state (hooks.ts): part of the state, so time travel covers it. */
  readonly governance: unknown;
  readonly conscience: unknown;
}

// ---- events -------------------------------------------------------------------------------------------------------

interface EventCommon {
  readonly step: number;
  /** The activation that acted. */
  readonly frame: number;
  readonly at?: Span;
}

/** What happened in a step; the trace's schema (docs/runtime.md §Trace) mirrors these. */
export type RuntimeEvent = EventCommon &
  (
    | { readonly kind: 'ask'; readonly to: number; readonly agent: string; readonly instance: number; readonly question: Message; readonly transfer: number; readonly cost: number; readonly requested?: number; readonly breaches?: readonly BreachNote[] }
    | { readonly kind: 'reply'; readonly to: number; readonly message: Message; readonly cost: number; readonly returned: number; readonly error?: boolean; readonly forced?: { readonly op: string; readonly needed: number }; readonly agentAfter?: number }
    | { readonly kind: 'view'; readonly name: string; readonly target: Value; readonly cost: number; readonly matched?: boolean }
    | { readonly kind: 'let'; readonly name: string; readonly value: Value }
    | { readonly kind: 'reflect'; readonly agent: AgentValue; readonly cost: number }
    | { readonly kind: 'act'; readonly message: Message; readonly eExtCost?: number; readonly hazard: string; readonly inChapel: boolean; readonly allowed: boolean; readonly reason?: string }
    | { readonly kind: 'chapel'; readonly phase: 'enter' | 'exit'; readonly allowed: boolean; readonly pauseMs?: number; readonly reason?: string }
    | { readonly kind: 'choose'; readonly options: readonly string[]; readonly chosen: number; readonly explanation: string }
    | { readonly kind: 'consent'; readonly machine: string; readonly state: string; readonly allowed: boolean; readonly reason?: string }
    | { readonly kind: 'scar'; readonly message: Message }
    | { readonly kind: 'resolve'; readonly message?: Message; readonly allowed: boolean; readonly reason?: string }
    | { readonly kind: 'steward'; readonly event: string; readonly args: readonly string[]; readonly deliver: readonly string[] }
    | { readonly kind: 'deliver'; readonly event: string; readonly agent: string; readonly to: number }
    | { readonly kind: 'expect'; readonly expect: 'reply' | 'error'; readonly passed: boolean; readonly expected?: string; readonly actual?: string; readonly reason?: string }
    | { readonly kind: 'input'; readonly text: string; readonly cost: number; readonly feedback?: string }
    | { readonly kind: 'meta'; readonly phase: string; readonly output?: string; readonly state?: Message; readonly reason?: string }
    | { readonly kind: 'governance'; readonly name: string; readonly detail: Readonly<Record<string, unknown>> }
    | { readonly kind: 'end'; readonly status: Status }
    | { readonly kind: 'fault'; readonly message: string }
  );

export type EventKind = RuntimeEvent['kind'];

/** Events oldest first (the log is kept newest first). */
export function eventsOf(state: MachineState): RuntimeEvent[] {
  const out: RuntimeEvent[] = new Array(state.eventCount);
  let i = state.eventCount - 1;
  for (let e = state.events; e; e = e.next) out[i--] = e.event;
  return out;
}

/** The events added between two states of one run (`before` an ancestor of `after`), oldest first. */
export function eventsBetween(before: MachineState | undefined, after: MachineState): RuntimeEvent[] {
  const stop = before?.events;
  const out: RuntimeEvent[] = [];
  for (let e = after.events; e && e !== stop; e = e.next) out.push(e.event);
  return out.reverse();
}

/** Frames from the root activation to the one acting now. */
export function framesOf(state: MachineState): Frame[] {
  const out: Frame[] = [state.top];
  for (let s = state.below; s; s = s.below) out.push(s.top);
  return out.reverse();
}

/** Finished activations, oldest first. */
export function recordsOf(state: MachineState): ActivationRecord[] {
  const out: ActivationRecord[] = [];
  for (let r = state.finished; r; r = r.next) out.push(r.record);
  return out.reverse();
}
