// What the views know of one run (one thread of a debug session): the `amp/runState` bodies merged as the adapter
// sends them. Activations and events only grow (the adapter sends what is new since its last event); the latest body
// gives the frames, the budget and the step the views show. A body that leaves something out (`truncated`, or a gap
// in the events) says what to ask for with the `amp/runState` request.

import type { ActivationJson, AgentJson, EventJson, RunState, StabilityPointJson } from './protocol';

/** What to fetch with the `amp/runState` request after a body that left something out. */
export interface Missing {
  readonly threadId: number;
  readonly eventsFrom: number;
}

/** Everything known of a run, as the views read it. Activations and events include what lies after `step`. */
export interface RunModel {
  readonly threadId: number;
  readonly run: string;
  /** The latest body (frames, budget, step, the optional parts); its activation and event items are merged below. */
  readonly state: RunState;
  readonly step: number;
  readonly activations: ReadonlyMap<number, ActivationJson>;
  /** Child activation ids by parent id, in start order (the run is 0). */
  readonly children: ReadonlyMap<number, readonly number[]>;
  readonly events: readonly EventJson[];
  readonly agents: readonly AgentJson[];
  /** Bumped on every change; views cache derived data by it. */
  readonly version: number;
}

export class ThreadRun implements RunModel {
  readonly threadId: number;
  run = '';
  state!: RunState;
  version = 0;
  agents: readonly AgentJson[] = [];
  private history: readonly StabilityPointJson[] = [];
  private readonly acts = new Map<number, ActivationJson>();
  private readonly kids = new Map<number, number[]>();
  private readonly evs: EventJson[] = [];

  constructor(threadId: number) {
    this.threadId = threadId;
  }

  get step(): number {
    return this.state.step;
  }
  get activations(): ReadonlyMap<number, ActivationJson> {
    return this.acts;
  }
  get children(): ReadonlyMap<number, readonly number[]> {
    return this.kids;
  }
  get events(): readonly EventJson[] {
    return this.evs;
  }

  /** Whether a body has been applied yet. */
  get loaded(): boolean {
    return this.version > 0;
  }

  /**
   * Merges a body (an event's or a request's). Returns what is missing when the body left something out, so the
   * caller can ask for it; a request's answer (which carries everything from `eventsFrom`) never leaves anything out.
   */
  apply(body: RunState): Missing | undefined {
    this.run = body.run;
    let missing = body.truncated;
    const st = body.stability;
    if (st) {
      // A partial C_L4 history (historyFrom) joins what is held, by cycle; the state shown always has all of it.
      let history = st.history;
      if (st.historyFrom !== undefined) {
        if (this.history.length < st.historyFrom) missing = true;
        const first = st.history.length ? st.history[0].cycle : Number.POSITIVE_INFINITY;
        history = [...this.history.filter((h) => h.cycle < first), ...st.history];
      }
      this.history = history;
      const { historyFrom: _, ...rest } = st;
      body = { ...body, stability: { ...rest, history } };
    }
    this.state = body;
    if (body.agents) this.agents = body.agents;
    if (body.activations.reset) {
      this.acts.clear();
      this.kids.clear();
    }
    for (const a of body.activations.items) this.putActivation(a);
    const { from, items } = body.events;
    if (from > this.evs.length) missing = true;
    else {
      // An overlap (a request for events already held) replaces them in place; indices are the adapter's.
      for (const e of items) {
        if (e.index < this.evs.length) this.evs[e.index] = e;
        else if (e.index === this.evs.length) this.evs.push(e);
        else {
          missing = true;
          break;
        }
      }
    }
    this.version++;
    return missing ? { threadId: body.threadId, eventsFrom: this.evs.length } : undefined;
  }

  private putActivation(a: ActivationJson): void {
    const known = this.acts.has(a.id);
    this.acts.set(a.id, a);
    if (known) return;
    let siblings = this.kids.get(a.parent);
    if (!siblings) this.kids.set(a.parent, (siblings = []));
    // Activations arrive in start order; keep the list sorted should one arrive late (after a request).
    if (siblings.length === 0 || siblings[siblings.length - 1] < a.id) siblings.push(a.id);
    else {
      let i = siblings.length;
      while (i > 0 && siblings[i - 1] > a.id) i--;
      siblings.splice(i, 0, a.id);
    }
  }
}

/** The runs of one debug session, by thread, and the thread of the latest stop (the one the views show). */
export class SessionRuns {
  private readonly threads = new Map<number, ThreadRun>();
  current: ThreadRun | undefined;

  thread(id: number): ThreadRun {
    let t = this.threads.get(id);
    if (!t) this.threads.set(id, (t = new ThreadRun(id)));
    return t;
  }

  /** Applies a body to its thread, which becomes the one shown. */
  apply(body: RunState): Missing | undefined {
    const t = this.thread(body.threadId);
    const missing = t.apply(body);
    this.current = t;
    return missing;
  }
}

// ---- reading a run at its step ------------------------------------------------------------------------------------------

/** Whether an activation had started by the step shown. */
export function started(a: ActivationJson, step: number): boolean {
  return a.startStep <= step;
}

/** Whether an activation had replied by the step shown. */
export function replied(a: ActivationJson, step: number): boolean {
  return a.endStep !== undefined && a.endStep <= step;
}

/** The ids of the activations live on the stack at the step shown (from the frames), the run's 0 excluded. */
export function liveIds(run: RunModel): Set<number> {
  return new Set(run.state.frames.filter((f) => f.kind !== 'run').map((f) => f.activation));
}

/** The events that had happened by the step shown (events are in step order, so this is a prefix). */
export function eventsUpTo(run: RunModel, step = run.step): readonly EventJson[] {
  const evs = run.events;
  let lo = 0;
  let hi = evs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (evs[mid].step <= step) lo = mid + 1;
    else hi = mid;
  }
  return lo === evs.length ? evs : evs.slice(0, lo);
}
