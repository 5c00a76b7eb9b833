// Stepping over a run's history (core/runtime History): next, step in, step out, continue and go-to forward; step back
// and reverse continue backward. Every motion moves one recorded state at a time and asks the breakpoints, after each
// move, whether to stop. Stops that belong before a step (an exception, an ask to a built-in under a function
// breakpoint) move back one state, so the stop shows the statement about to raise it; the next forward motion from
// there does not stop for it again. No DAP here: the session turns outcomes into events.

import { awaitingInput, eventsBetween, History, type MachineState, type RuntimeEnv, type RuntimeEvent } from '../core/runtime/index';
import type { Breakpoints, Hit } from './breakpoints';
import type { ExceptionHit } from './exceptions';

export type StopReason = 'step' | 'breakpoint' | 'function breakpoint' | 'exception' | 'pause' | 'entry' | 'goto' | 'input' | 'end';

export interface Stop {
  readonly reason: StopReason;
  readonly description?: string;
  readonly hitBreakpointIds?: readonly number[];
  readonly exception?: ExceptionHit;
}

/** What a forward motion stops at. `instruction`: exactly one step (DAP's instruction granularity). */
export type Motion =
  | { readonly kind: 'continue' }
  | { readonly kind: 'next'; readonly depth: number }
  | { readonly kind: 'stepIn' }
  | { readonly kind: 'stepOut'; readonly depth: number }
  | { readonly kind: 'goto'; readonly position: number };

export type ReverseMotion = { readonly kind: 'stepBack'; readonly depth: number } | { readonly kind: 'stepBackInstruction' } | { readonly kind: 'reverseContinue' };

export type Outcome =
  | { readonly kind: 'stop'; readonly stop: Stop }
  /** The run ended (its status is no longer 'running'). */
  | { readonly kind: 'ended' }
  /** A step took longer than the run's step bound allows: the runtime would never halt. */
  | { readonly kind: 'bound'; readonly limit: number };

/** One run of the program: a thread of the session. */
export class RunThread {
  readonly history: History;
  /** The position whose outgoing step must not stop "before" again (it just did). */
  skipBefore = -1;
  /** A motion the human interrupted: it resumes once the human has answered. */
  pending: Motion | undefined;
  /** The latest stop, for exceptionInfo and the run state. */
  lastStop: Stop | undefined;
  /** The position whose waiting human the console was last told about. */
  announced = -1;
  /** Whether the run's end has been reported in the console. */
  reported = false;
  /**
   * The furthest position the thread has been at. States beyond it may be recorded (a stop before a step looks one
   * step ahead) without having been reached: what reaches the outside world (scar log appends, the run state's events)
   * and what the protected channel may change are measured against it.
   */
  reached = 0;
  readonly kind = 'run' as const;

  constructor(
    readonly id: number,
    readonly run: number,
    readonly name: string,
    initial: MachineState,
    env: RuntimeEnv,
    readonly stepLimit: number,
  ) {
    this.history = new History(initial, env);
  }

  get state(): MachineState {
    return this.history.current;
  }

  get ended(): boolean {
    return this.history.current.status !== 'running';
  }

  /** Waiting for the human's answer, at the end of the recorded history. */
  get waiting(): boolean {
    return this.history.waiting;
  }
}

export interface StepHooks {
  /** A logpoint's message, printed without stopping. */
  log(thread: RunThread, hit: Hit, state: MachineState): void;
}

function reasonOf(hits: readonly Hit[], fallback: StopReason): StopReason {
  return hits.some((h) => h.breakpoint.kind === 'line') ? 'breakpoint' : hits.length ? 'function breakpoint' : fallback;
}

/** Stops at the hits that are not logpoints (logpoints are printed); undefined when none stops. */
function stopFor(thread: RunThread, hits: readonly Hit[], state: MachineState, hooks: StepHooks, print: boolean): Stop | undefined {
  const stopping: Hit[] = [];
  for (const h of hits) {
    if (h.log !== undefined) {
      if (print) hooks.log(thread, h, state);
    } else stopping.push(h);
  }
  if (stopping.length === 0) return undefined;
  return { reason: reasonOf(stopping, 'breakpoint'), hitBreakpointIds: stopping.map((h) => h.breakpoint.id) };
}

/** Breakpoints at the start of a run (position 0): a breakpoint on the first statement stops before anything runs. */
export function stopAtStart(thread: RunThread, bps: Breakpoints, hooks: StepHooks): Stop | undefined {
  const s = thread.history.at(0)!;
  return stopFor(thread, bps.atLine(thread.id, 0, undefined, s), s, hooks, true);
}

/**
 * One forward move of `motion`. Returns undefined to go on, or what the motion stops at. The caller loops (yielding
 * now and then so a pause can come in).
 */
export function forwardOnce(thread: RunThread, motion: Motion, bps: Breakpoints, hooks: StepHooks): Outcome | undefined {
  const h = thread.history;
  const p = h.position;
  const before = h.current;
  if (before.status !== 'running') return { kind: 'ended' };
  if (motion.kind === 'goto' && p >= motion.position) return { kind: 'stop', stop: { reason: 'goto' } };
  if (h.waiting) return { kind: 'stop', stop: waitingStop() };
  if (p >= thread.stepLimit) return { kind: 'bound', limit: thread.stepLimit };
  if (!h.forward()) {
    // Nothing can happen and the human is not waiting: the machine is stuck, which the step bound also reports.
    return { kind: 'bound', limit: p };
  }
  const after = h.current;
  const events = eventsBetween(before, after);
  const ignoring = motion.kind === 'goto';

  if (!ignoring && thread.skipBefore !== p) {
    const ex = bps.exception(events);
    const asks = ex ? [] : bps.beforeAsk(thread.id, p, before, after, events);
    if (ex || asks.length) {
      h.back();
      thread.skipBefore = p;
      return { kind: 'stop', stop: ex ? { reason: 'exception', description: ex.description, exception: ex } : { reason: 'function breakpoint', hitBreakpointIds: asks.map((a) => a.breakpoint.id) } };
    }
  }
  if (thread.skipBefore === p) thread.skipBefore = -1;

  if (!ignoring) {
    const hits = [...bps.atLine(thread.id, p + 1, before, after), ...bps.atEntry(thread.id, p + 1, before, after)];
    const stop = stopFor(thread, hits, after, hooks, true);
    if (stop) return { kind: 'stop', stop };
  }
  if (motionReached(motion, after.depth, after.depth, p + 1)) return { kind: 'stop', stop: { reason: motion.kind === 'goto' ? 'goto' : 'step' } };
  if (after.status !== 'running') return { kind: 'ended' };
  if (awaitingInput(after)) return { kind: 'stop', stop: waitingStop() };
  return undefined;
}

/**
 * Whether a forward motion stops after a transition to `position`: `next` when the level it compares (`nextLevel`)
 * is back at or above where it started, `stepOut` when the level (`level`) is above it. A run thread's levels are
 * both its call depth; a self-modification thread's are its protocol levels (selfmod-thread.ts).
 */
export function motionReached(motion: Motion, nextLevel: number, level: number, position: number): boolean {
  switch (motion.kind) {
    case 'continue':
      return false;
    case 'stepIn':
      return true;
    case 'next':
      return nextLevel <= motion.depth;
    case 'stepOut':
      return level < motion.depth;
    case 'goto':
      return position >= motion.position;
  }
}

export function waitingStop(): Stop {
  return { reason: 'input', description: 'Paused: human is waiting for your answer (type it in the debug console)' };
}

/** One backward move. The same stops as forward, seen from the other side: stepping back never skips a breakpoint. */
export function backwardOnce(thread: RunThread, motion: ReverseMotion, bps: Breakpoints, hooks: StepHooks): Outcome | undefined {
  const h = thread.history;
  if (h.position === 0) return { kind: 'stop', stop: { reason: 'entry', description: 'At the start of the run' } };
  const after = h.current;
  h.back();
  const p = h.position;
  const before = h.current;
  const events: RuntimeEvent[] = eventsBetween(before, after);
  if (motion.kind === 'stepBackInstruction') return { kind: 'stop', stop: { reason: 'step' } };

  const ex = bps.exception(events);
  const asks = ex ? [] : bps.beforeAsk(thread.id, p, before, after, events);
  if (ex || asks.length) {
    thread.skipBefore = p;
    return { kind: 'stop', stop: ex ? { reason: 'exception', description: ex.description, exception: ex } : { reason: 'function breakpoint', hitBreakpointIds: asks.map((a) => a.breakpoint.id) } };
  }
  const earlier = p > 0 ? h.at(p - 1) : undefined;
  const hits = [...bps.atLine(thread.id, p, earlier, before), ...(earlier ? bps.atEntry(thread.id, p, earlier, before) : [])];
  const stop = stopFor(thread, hits, before, hooks, false);
  if (stop) return { kind: 'stop', stop };
  if (motion.kind === 'stepBack' && before.depth <= motion.depth) return { kind: 'stop', stop: { reason: 'step' } };
  if (p === 0) return { kind: 'stop', stop: { reason: 'entry', description: 'At the start of the run' } };
  return undefined;
}
