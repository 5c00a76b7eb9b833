// Time travel: the sequence of states of a run. States share everything that did not change, so keeping all of them
// costs only what each step allocated; stepping back and forth over recorded states is O(1) per step. Timeline works
// for any pure stepper (a self-modification simulator can reuse it); History is the meta-execution machine's.

import { awaitingInput, step, supplyInput, type RuntimeEnv } from './machine';
import type { MachineState } from './state';

/** A pure state machine: `step` returns the next state, or the same state when none can happen. */
export interface Stepper<S> {
  step(state: S): S;
  /** Gives the state a line of input (a human's answer). */
  supply?(state: S, line: string): S;
  /** True when the state waits for input. */
  waiting?(state: S): boolean;
}

export class Timeline<S> {
  private readonly states: S[];
  private cursor = 0;

  constructor(
    initial: S,
    private readonly stepper: Stepper<S>,
  ) {
    this.states = [initial];
  }

  /** The state shown now. */
  get current(): S {
    return this.states[this.cursor];
  }

  /** Index of the current state (0: before the first step). */
  get position(): number {
    return this.cursor;
  }

  /** How many states are recorded. */
  get length(): number {
    return this.states.length;
  }

  /** The recorded state at `index`. */
  at(index: number): S | undefined {
    return this.states[index];
  }

  /** True at the newest state when it waits for input. */
  get waiting(): boolean {
    return this.cursor === this.states.length - 1 && (this.stepper.waiting?.(this.current) ?? false);
  }

  /** One step forward: the recorded next state, or a new one. False at the end of the run (or while waiting for input). */
  forward(): boolean {
    if (this.cursor < this.states.length - 1) {
      this.cursor++;
      return true;
    }
    const next = this.stepper.step(this.current);
    if (next === this.current) return false;
    this.states.push(next);
    this.cursor++;
    return true;
  }

  /** One step back. False at the start. */
  back(): boolean {
    if (this.cursor === 0) return false;
    this.cursor--;
    return true;
  }

  /** Moves to a recorded state. */
  goTo(index: number): boolean {
    if (!Number.isInteger(index) || index < 0 || index >= this.states.length) return false;
    this.cursor = index;
    return true;
  }

  /** Steps forward until `stop` holds for the new state (checked after each step), the run ends, or `limit` steps. */
  continue(stop: (s: S) => boolean = () => false, limit = Number.MAX_SAFE_INTEGER): number {
    let n = 0;
    while (n < limit && this.forward()) {
      n++;
      if (stop(this.current)) break;
    }
    return n;
  }

  /** Steps back until `stop` holds, or the start. */
  reverseContinue(stop: (s: S) => boolean = () => false): number {
    let n = 0;
    while (this.back()) {
      n++;
      if (stop(this.current)) break;
    }
    return n;
  }

  /**
   * Replaces the current state by `next` (a change made at a pause, e.g. through the protected channel). Recorded
   * states after the current one are dropped: they followed from the state as it was.
   */
  amend(next: S): void {
    this.states.length = this.cursor + 1;
    this.states[this.cursor] = next;
  }

  /**
   * Gives the current state a line of input. Recorded states after the current one are dropped: with a different
   * answer the future is a different one.
   */
  supply(line: string): void {
    if (!this.stepper.supply) return;
    this.states.length = this.cursor + 1;
    this.states[this.cursor] = this.stepper.supply(this.current, line);
  }
}

/** The history of a meta-execution run. */
export class History extends Timeline<MachineState> {
  constructor(initial: MachineState, env: RuntimeEnv = {}) {
    super(initial, { step: (s) => step(s, env), supply: (s, line) => supplyInput(s, line, env), waiting: awaitingInput });
  }
}
