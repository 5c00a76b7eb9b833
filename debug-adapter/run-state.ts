// The run state the views read (docs/debugging.md §Run state): the frames, the budget, the activation tree and the
// events of a thread, as plain JSON. What grows with the run (activations and events) is sent as what is new since
// the last event of the thread, so a stop costs what the step changed, not what the run has done so far; the
// `amp/runState` request returns everything. Messages are sent one level deep with references the `amp/expand`
// request opens.

import {
  agentLabel, AgentValue, atlasStep, DECISION_NOTE, eventsBetween, expand, frameViews, governedStateOf, Message, renderText, type MachineState, type RuntimeEvent, type Span, type Value,
} from '../core/runtime/index';
import type { LineIndex } from '../core/text';
import type { DebugAtlas } from './atlas';
import { consentSpans, decisionJson, governanceJson, type ConscienceJson, type DecisionJson, type GovernanceJson, type ScarOrigin } from './governance-view';
import type { StabilityJson } from './selfmod-thread';
import type { RunThread, Stop } from './stepper';

export const RUN_STATE_VERSION = 1;

/**
 * The most new activations and events one `amp/runState` event carries. A stop after a long run (continue, a jump
 * ahead) would otherwise send megabytes; past these, the event says `truncated` and the views ask for the state.
 */
export const EVENT_LIMITS = { activations: 2000, events: 4000 } as const;

/**
 * The longest `budgetHistory` and `stability.history` an `amp/runState` event carries whole. Past it, the event leaves
 * `budgetHistory` out (the views derive it from the events) and sends `stability.history` from the last point it sent
 * (`historyFrom`); the request always carries both whole.
 */
export const HISTORY_LIMIT = 2000;

/** A range in the spec, 0-based lines and UTF-16 characters (as in LSP and VS Code's API). */
export interface RangeJson {
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
}

export interface PointerJson {
  readonly label: string;
  readonly ref: string;
  readonly kind: 'message' | 'agent';
  readonly preview: string;
}

export interface MessageJson {
  /** `m<id>` for a message, `a<id>` for an agent: what `amp/expand` takes. */
  readonly ref: string;
  readonly kind: 'message' | 'agent';
  /** The text with each pointer written [1], [2], … (an agent: its label). */
  readonly text: string;
  /** The whole message with its pointers written out, cut at 200 characters. */
  readonly preview: string;
  readonly error?: boolean;
  readonly pointers: readonly PointerJson[];
}

export interface FrameJson {
  readonly activation: number;
  readonly kind: string;
  readonly agent: string;
  readonly instance?: string;
  readonly label: string;
  readonly handler?: RangeJson;
  readonly statement?: RangeJson;
  readonly question?: MessageJson;
  readonly budget: number;
  readonly allotted: number;
  readonly spent: number;
  readonly delegated: number;
}

export interface ActivationJson {
  readonly id: number;
  readonly parent: number;
  readonly agent: string;
  readonly instance?: string;
  readonly kind: string;
  readonly question?: MessageJson;
  /** Where it was asked (the ask statement), and the handler that answered (absent for built-ins). */
  readonly askedAt?: RangeJson;
  readonly handler?: RangeJson;
  readonly startStep: number;
  readonly allotted: number;
  /** Set once it has replied (endStep is the step of the reply). */
  endStep?: number;
  reply?: MessageJson;
  error?: boolean;
  forced?: { readonly op: string; readonly needed: number };
  /** What the whole tree of asks under it used (allotted − returned), and what it gave back. */
  spent?: number;
  returned?: number;
}

export interface EventJson {
  readonly index: number;
  readonly step: number;
  readonly kind: RuntimeEvent['kind'];
  readonly frame: number;
  readonly at?: RangeJson;
  readonly [field: string]: unknown;
}

export interface AgentJson {
  readonly name: string;
  /** 'declared', 'builtin', 'human' or 'replay'. */
  readonly kind: string;
  /** The declaration (absent for built-ins). */
  readonly at?: RangeJson;
  readonly handlers: readonly { readonly label: string; readonly event: boolean; readonly at: RangeJson }[];
}

export interface RunStateJson {
  readonly version: number;
  readonly threadId: number;
  readonly run: string;
  readonly reason?: string;
  readonly description?: string;
  readonly step: number;
  readonly position: number;
  readonly recorded: number;
  readonly status: MachineState['status'];
  readonly costModel: MachineState['costModel'];
  readonly meta: boolean;
  readonly waiting: { readonly activation: number; readonly agent: string; readonly budget: number; readonly text: string } | null;
  readonly frames: readonly FrameJson[];
  /** The program's agents: sent with `reset` (the first event of a thread, and the request). */
  readonly agents?: readonly AgentJson[];
  readonly budget: { readonly root: number; readonly returned: number; readonly held: number; readonly spent: number };
  readonly activations: { readonly reset: boolean; readonly items: readonly ActivationJson[] };
  readonly events: { readonly from: number; readonly total: number; readonly items: readonly EventJson[] };
  /** True when this event left out what is new (too much of it): fetch it with the `amp/runState` request. */
  readonly truncated: boolean;
}

/**
 * The body the adapter sends: version 1 with the optional parts for governed, deciding and self-modification runs
 * (docs/debugging.md §10; the views type these parts themselves, so they stay out of RunStateJson).
 */
export interface RunStateBody extends RunStateJson {
  /** Seed 002's governance layer at this state (governed specs: a header, a manifest, or governance declarations). */
  readonly governance?: GovernanceJson;
  /** Seed 003's decisions up to this step (specs with a `choose`). */
  readonly conscience?: ConscienceJson;
  /** Seed 004's simulation (self-modification runs). */
  readonly stability?: StabilityJson;
  /** The root budget remaining after each step where it changed, every recorded step (meta-execution runs). */
  readonly budgetHistory?: readonly { readonly step: number; readonly remaining: number }[];
}

/** What every thread's run state builder answers (meta-execution and self-modification runs alike). */
export interface RunStateSource {
  build(stop: Stop | undefined, full: boolean, eventsFrom?: number): RunStateBody;
}

/** Message and agent values by reference, for `amp/expand`. Shared by the threads of a session. */
export class ValueRegistry {
  private readonly values = new Map<string, Value>();

  refOf(v: Value): string {
    const ref = v instanceof AgentValue ? `a${v.id}` : `m${v.id}`;
    this.values.set(ref, v);
    return ref;
  }

  get(ref: string): Value | undefined {
    return this.values.get(ref);
  }

  /** A value one level deep. */
  json(v: Value): MessageJson {
    const ref = this.refOf(v);
    if (v instanceof AgentValue) return { ref, kind: 'agent', text: agentLabel(v), preview: `${agentLabel(v)} (${v.turns} exchange${v.turns === 1 ? '' : 's'} remembered)`, pointers: [] };
    const e = expand(v);
    const pointers = e.children.map((c) => ({ label: c.label, ref: this.refOf(c.value), kind: c.value instanceof AgentValue ? ('agent' as const) : ('message' as const), preview: shortText(c.value, 80) }));
    return { ref, kind: 'message', text: e.text, preview: shortText(v), ...(v.error ? { error: true } : {}), pointers };
  }

  /** A value in an event: a reference and the start of its text (events carry many; `amp/expand` opens them). */
  brief(v: Value): { ref: string; preview: string } {
    return { ref: this.refOf(v), preview: shortText(v, 60) };
  }
}

function shortText(v: Value, limit = 200): string {
  return v instanceof AgentValue ? agentLabel(v) : renderText(v, limit);
}

/** Per thread: the activations and events folded in so far, and how much of them the client has been sent. */
/** What the tracker keeps of an activation: its start and reply events; JSON is made only for what is sent. */
interface ActivationRecord {
  readonly start: Extract<RuntimeEvent, { kind: 'ask' | 'deliver' }>;
  readonly instance?: string;
  readonly kind: string;
  readonly handler?: Span;
  reply?: Extract<RuntimeEvent, { kind: 'reply' }>;
}

export class RunStateTracker implements RunStateSource {
  private folded = 0;
  /** Where each scar of this run was made, refused acts, decisions and the budget curve: folded with the events. */
  private readonly scarOrigins = new Map<string, ScarOrigin>();
  private readonly refused: { step: number; at?: Span; reason: string }[] = [];
  private readonly decisions: DecisionJson[] = [];
  private pendingDecision: Extract<RuntimeEvent, { kind: 'governance' }> | undefined;
  private readonly budgetCurve: { step: number; remaining: number }[] = [];
  private minted = 0;
  private paid = 0;
  private readonly consentAt: Map<string, Span>;
  private readonly hasChoose: boolean;
  private readonly activations = new Map<number, ActivationRecord>();
  private readonly order: number[] = [];
  private readonly changed = new Set<number>();
  private readonly events: RuntimeEvent[] = [];
  private sentEvents = 0;
  private sentOnce = false;

  constructor(
    private readonly thread: RunThread,
    private readonly lines: LineIndex,
    private readonly values: ValueRegistry,
    private readonly atlas?: DebugAtlas,
  ) {
    const program = thread.state.program;
    this.consentAt = consentSpans(program);
    const codes = [...program.runs];
    for (const def of program.agents.values()) codes.push(...def.handlers, ...def.eventHandlers);
    this.hasChoose = codes.some((c) => c.instrs.some((i) => i.op === 'choose'));
  }

  range(at: Span | undefined): RangeJson | undefined {
    if (!at) return undefined;
    return { start: this.lines.positionAt(at.start), end: this.lines.positionAt(at.end) };
  }

  /** Folds in the events of states recorded since the last call (cheaply: JSON is made when sent). */
  private fold(): void {
    const h = this.thread.history;
    // Only what the thread has reached: a state recorded ahead of it (a stop before a step) is not part of the run yet.
    const last = Math.min(h.length - 1, this.thread.reached);
    if (last <= this.folded) return;
    const events = eventsBetween(h.at(this.folded), h.at(last)!);
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      this.events.push(e);
      this.foldGoverned(e);
      // The root budget remaining after each step (as the views derive it: minted by root asks, less every cost paid).
      if (e.kind === 'ask' && e.frame === 0) this.minted += e.transfer;
      const cost = (e as { cost?: unknown }).cost;
      if (typeof cost === 'number') this.paid += cost;
      if (i === events.length - 1 || events[i + 1].step !== e.step) {
        const remaining = this.minted - this.paid;
        const lastPoint = this.budgetCurve[this.budgetCurve.length - 1];
        if (!lastPoint || lastPoint.remaining !== remaining) this.budgetCurve.push({ step: e.step, remaining });
      }
      if (e.kind === 'ask' || e.kind === 'deliver') {
        const after = h.at(e.step);
        const top = after && after.top.id === e.to ? after.top : undefined;
        this.activations.set(e.to, {
          start: e,
          instance: top?.agent ? agentLabel(top.agent) : undefined,
          kind: top ? top.kind : 'answered at once',
          handler: top && (top.kind === 'handler' || top.kind === 'event') ? top.code.span : undefined,
        });
        this.order.push(e.to);
        this.changed.add(e.to);
      } else if (e.kind === 'reply') {
        const a = this.activations.get(e.frame);
        if (a) {
          a.reply = e;
          this.changed.add(e.frame);
        }
      }
    }
    this.folded = last;
  }

  /**
   * The state at the cursor was amended (the protected channel recorded something there, `before` is what it was):
   * folds the events it added, when that state had been folded already.
   */
  amended(before: MachineState): void {
    const h = this.thread.history;
    if (this.folded !== h.position) return;
    for (const e of eventsBetween(before, h.current)) {
      this.events.push(e);
      this.foldGoverned(e);
    }
  }

  /** Scars made, acts refused and decisions taken, from a step's events. */
  private foldGoverned(e: RuntimeEvent): void {
    if (e.kind === 'governance') {
      if (e.name === 'scar-created') {
        const id = (e.detail.scar as { id?: string } | undefined)?.id;
        if (id !== undefined && !this.scarOrigins.has(id)) this.scarOrigins.set(id, { step: e.step, at: e.at, clockMs: this.thread.history.at(e.step)?.clock });
      } else if (e.name === DECISION_NOTE) this.pendingDecision = e;
    } else if (e.kind === 'act' && !e.allowed) {
      this.refused.push({ step: e.step, at: e.at, reason: e.reason ?? 'refused by the governance layer' });
    } else if (e.kind === 'choose') {
      const note = this.pendingDecision && this.pendingDecision.step === e.step ? this.pendingDecision : undefined;
      this.pendingDecision = undefined;
      if (note) this.decisions.push(decisionJson(note, e.explanation, (at) => this.range(at)));
    }
  }

  /** The governance, conscience and budget parts at the state shown. */
  private governed(state: MachineState, full: boolean): Pick<RunStateBody, 'governance' | 'conscience' | 'budgetHistory'> {
    const gs = governedStateOf(state);
    const step = state.step;
    const governance =
      gs && gs.governed
        ? governanceJson(gs, {
            now: atlasStep(state),
            clockMs: state.clock,
            range: (at) => this.range(at),
            consentAt: this.consentAt,
            // Scars of this run made after the step shown are not in the state's Atlas; those made before are.
            scarOrigins: new Map([...this.scarOrigins].filter(([, o]) => o.step <= step)),
            refusedActs: this.refused.filter((r) => r.step <= step),
            ...(this.atlas ? { scarLog: this.atlas.json() } : {}),
          })
        : undefined;
    const conscience = this.hasChoose ? { decisions: this.decisions.filter((d) => d.step <= step) } : undefined;
    const budgetHistory = full || this.budgetCurve.length <= HISTORY_LIMIT ? [...this.budgetCurve] : undefined;
    return { ...(governance ? { governance } : {}), ...(conscience ? { conscience } : {}), ...(budgetHistory ? { budgetHistory } : {}) };
  }

  private agents(state: MachineState): AgentJson[] {
    return [...state.program.agents.values()].map((def) => ({
      name: def.name,
      kind: def.kind,
      ...(def.span ? { at: this.range(def.span) } : {}),
      handlers: [...def.handlers.map((h) => ({ label: h.label, event: false, at: this.range(h.span)! })), ...def.eventHandlers.map((h) => ({ label: h.label, event: true, at: this.range(h.span)! }))],
    }));
  }

  private activationJson(id: number): ActivationJson {
    const a = this.activations.get(id)!;
    const e = a.start;
    const allotted = e.kind === 'ask' ? e.transfer : 0;
    const out: ActivationJson = {
      id,
      parent: e.frame,
      agent: e.agent,
      ...(a.instance ? { instance: a.instance } : {}),
      kind: a.kind,
      ...(e.kind === 'ask' ? { question: this.values.json(e.question) } : {}),
      ...(e.at ? { askedAt: this.range(e.at) } : {}),
      ...(a.handler ? { handler: this.range(a.handler) } : {}),
      startStep: e.step,
      allotted,
    };
    const r = a.reply;
    if (r) {
      out.endStep = r.step;
      out.reply = this.values.json(r.message);
      if (r.error) out.error = true;
      if (r.forced) out.forced = { op: r.forced.op, needed: r.forced.needed };
      out.returned = r.returned;
      out.spent = allotted - r.returned;
    }
    return out;
  }

  private eventJson(e: RuntimeEvent, index: number): EventJson {
    const out: Record<string, unknown> = { index };
    for (const [k, v] of Object.entries(e)) {
      if (v === undefined) continue;
      if (k === 'at') out.at = this.range(v as Span);
      else out[k] = this.plain(v);
    }
    return out as unknown as EventJson;
  }

  private plain(v: unknown): unknown {
    if (v instanceof AgentValue || v instanceof Message) return this.values.brief(v);
    if (Array.isArray(v)) return v.map((x) => this.plain(x));
    if (v && typeof v === 'object') {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = this.plain(x);
      return o;
    }
    return v;
  }

  /**
   * The run state at the thread's current position: for an event, what is new since the last event (at most
   * EVENT_LIMITS of it); for the request, everything (the events from `eventsFrom`).
   */
  build(stop: Stop | undefined, full: boolean, eventsFrom = 0): RunStateBody {
    this.fold();
    const h = this.thread.history;
    const state = h.current;
    const reset = full || !this.sentOnce;
    const ids = reset ? this.order : [...this.changed];
    let from = full ? Math.min(Math.max(0, eventsFrom), this.events.length) : reset ? 0 : this.sentEvents;
    const truncated = !full && (ids.length > EVENT_LIMITS.activations || this.events.length - from > EVENT_LIMITS.events);
    if (truncated) from = this.events.length;
    const items = truncated ? [] : ids.map((id) => this.activationJson(id));
    const events = truncated ? [] : this.events.slice(from).map((e, i) => this.eventJson(e, from + i));
    if (!full) {
      this.changed.clear();
      this.sentEvents = this.events.length;
      this.sentOnce = true;
    }
    const frames = frameViews(state);
    const held = frames.reduce((n, f) => n + (f.kind === 'run' ? 0 : f.budget), 0);
    const top = state.top;
    const waiting = this.thread.waiting && (top.kind === 'human' || top.kind === 'replay') ? { activation: top.id, agent: top.agent?.def.name ?? 'human', budget: top.budget, text: top.show } : null;
    return {
      version: RUN_STATE_VERSION,
      threadId: this.thread.id,
      run: this.thread.name,
      ...(stop ? { reason: stop.reason, ...(stop.description ? { description: stop.description } : {}) } : {}),
      step: state.step,
      position: h.position,
      recorded: h.length,
      status: state.status,
      costModel: state.costModel,
      meta: state.meta,
      waiting,
      frames: frames.map((f) => ({
        activation: f.activation,
        kind: f.kind,
        agent: f.agent,
        ...(f.instance ? { instance: f.instance } : {}),
        label: f.label,
        ...(f.handler ? { handler: this.range(f.handler) } : {}),
        ...(f.statement ? { statement: this.range(f.statement) } : {}),
        ...(f.question ? { question: this.values.json(f.question) } : {}),
        budget: f.budget,
        allotted: f.allotted,
        spent: f.spent,
        delegated: f.delegated,
      })),
      ...(reset ? { agents: this.agents(state) } : {}),
      budget: { root: state.minted, returned: state.returned, held, spent: state.minted - state.returned - held },
      activations: { reset: reset && !truncated, items },
      events: { from, total: this.events.length, items: events },
      truncated,
      ...this.governed(state, full),
    };
  }
}
