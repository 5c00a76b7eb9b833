// The run state the views read (docs/debugging.md §Run state): the frames, the budget, the activation tree and the
// events of a thread, as plain JSON. What grows with the run (activations and events) is sent as what is new since
// the last event of the thread, so a stop costs what the step changed, not what the run has done so far; the
// `amp/runState` request returns everything. Messages are sent one level deep with references the `amp/expand`
// request opens.

import {
  agentLabel, AgentValue, eventsBetween, expand, frameViews, Message, renderText, type MachineState, type RuntimeEvent, type Span, type Value,
} from '../core/runtime/index';
import type { LineIndex } from '../core/text';
import type { RunThread, Stop } from './stepper';

export const RUN_STATE_VERSION = 1;

/**
 * The most new activations and events one `amp/runState` event carries. A stop after a long run (continue, a jump
 * ahead) would otherwise send megabytes; past these, the event says `truncated` and the views ask for the state.
 */
export const EVENT_LIMITS = { activations: 2000, events: 4000 } as const;

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

export class RunStateTracker {
  private folded = 0;
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
  ) {}

  private range(at: Span | undefined): RangeJson | undefined {
    if (!at) return undefined;
    return { start: this.lines.positionAt(at.start), end: this.lines.positionAt(at.end) };
  }

  /** Folds in the events of states recorded since the last call (cheaply: JSON is made when sent). */
  private fold(): void {
    const h = this.thread.history;
    const last = h.length - 1;
    if (last <= this.folded) return;
    const events = eventsBetween(h.at(this.folded), h.at(last)!);
    for (const e of events) {
      this.events.push(e);
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
  build(stop: Stop | undefined, full: boolean, eventsFrom = 0): RunStateJson {
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
    };
  }
}
