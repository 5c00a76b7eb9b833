// The stepper: `step(state) → state`. A transition reads the previous state, computes the fields that change (the top
// frame, the stack, the counters, the new events) and immer's `produce` writes them into a copy of the root, sharing
// everything else. Every instruction is one step; every step records at least one event.

import { Immer } from 'immer';
import { answerBuiltin } from './builtins';
import { costModel, type CostModel, type CostModelName } from './cost';
import { DEFAULT_HOOKS, type Decision, type HookNote, type RuntimeHooks, type Site, type StewardValue } from './hooks';
import { COMMAND_HELP, describeAgent, parseCommand, parseTyped, renderNumbered, type TypedPart } from './human';
import { metaDeliver, metaStep } from './meta';
import { META_AGENT, type BreachNote, type Instr, type Program, type Recipe } from './program';
import type { Span } from './spans';
import type {
  ActivationRecord, Await, CodeFrame, Delivery, Frame, HumanFrame, MachineState, MetaFrame, RecordList, RuntimeEvent, Stack, Status,
} from './state';
import { matchTemplate, type Bound } from './template';
import { findAnswer, type Transcript } from './transcript';
import { AgentValue, canonical, Message, normalizeParts, renderText, type Part, type Value } from './values';

/** What the person answering `human` sees when asked for a command. */
export interface HumanRequest {
  readonly activation: number;
  readonly agent: string;
  /** The question, or the result of the last command, with pointers numbered (`#n`, `@n`). */
  readonly text: string;
  readonly budget: number;
  /** How many exchanges this copy of the agent remembers. */
  readonly turn: number;
  /** How deep in the tree of asks this activation is (the root question is 1). */
  readonly depth: number;
}

/** The world a machine runs in: constant for a session (everything that changes lives in the state). */
export interface RuntimeEnv {
  readonly hooks?: RuntimeHooks;
  /**
   * Answers `human`: the line typed, `undefined` when no line is available yet (the machine waits; give it one with
   * `supplyInput`), `null` when the input has ended (the human's reply is then an error).
   */
  readonly human?: (request: HumanRequest) => string | null | undefined;
  /** When set, `human` answers from this transcript instead of `human()`. */
  readonly humanTranscript?: Transcript;
  /** The transcripts replay agents read, by the path their declaration names. */
  readonly transcripts?: ReadonlyMap<string, Transcript>;
  /** Freeze new states (immer's autoFreeze). Default true. */
  readonly freeze?: boolean;
}

export interface StartOptions {
  readonly costModel?: CostModelName;
  /** Run each root question as Meta(HCH(A, n)) (docs/runtime.md §Meta mode). */
  readonly meta?: boolean;
}

/** Commands that spend nothing, per human activation; past this the runtime replies for them, so every run halts. */
export const MAX_FREE_COMMANDS = 100;

const freezing = new Immer({ autoFreeze: true });
const thawed = new Immer({ autoFreeze: false });

/** The state before the first step of run `run` (an index into program.runs). */
export function initialState(program: Program, run: number, options: StartOptions = {}, env: RuntimeEnv = {}): MachineState {
  const code = program.runs[run];
  if (!code) throw new RangeError(`no run #${run}`);
  const hooks = env.hooks ?? DEFAULT_HOOKS;
  const ctx = { program, model: program.check.model, governance: program.governance, run: code.label };
  const top: CodeFrame = { kind: 'run', id: 0, parent: -1, agent: undefined, question: undefined, budget: 0, allotted: 0, spent: 0, delegated: 0, await: undefined, code, pc: 0, slots: new Array(code.slotNames.length).fill(undefined), chapels: 0, last: undefined, deliveries: undefined };
  const state: MachineState = {
    program,
    run,
    costModel: options.costModel ?? 'seed',
    meta: options.meta ?? false,
    step: 0,
    status: 'running',
    top,
    below: undefined,
    depth: 1,
    events: undefined,
    eventCount: 0,
    finished: undefined,
    nextMessage: program.firstMessageId,
    nextAgent: program.firstAgentId,
    nextActivation: 1,
    minted: 0,
    returned: 0,
    clock: 0,
    governance: hooks.governance.init(ctx),
    conscience: hooks.conscience.init(ctx),
  };
  return env.freeze === false ? state : freezing.produce(state, () => undefined);
}

/**
 * One step: the next state, or `state` itself when nothing can happen (the run is over, or it waits for input that
 * has not come). Never throws: an internal failure ends the run with status 'fault' and a 'fault' event.
 */
export function step(state: MachineState, env: RuntimeEnv = {}): MachineState {
  const patch = transition(state, env);
  if (!patch) return state;
  return (env.freeze === false ? thawed : freezing).produce(state, (draft) => {
    Object.assign(draft, patch);
  });
}

/**
 * Runs without keeping earlier states: the same transitions applied to one private working copy of the root, so no
 * state but the last is ever observable. Stops when the run ends, waits, or after `limit` steps.
 */
export function runFast(state: MachineState, env: RuntimeEnv = {}, limit = Number.MAX_SAFE_INTEGER): MachineState {
  const work = { ...state } as WorkingState;
  for (let i = 0; i < limit && work.status === 'running'; i++) if (!advanceInPlace(work, env)) break;
  return work;
}

/** A state the no-history path owns and changes in place. */
export type WorkingState = { -readonly [K in keyof MachineState]: MachineState[K] };

/** One step applied to a working state in place (the same transition as `step`); false when no step can happen. */
export function advanceInPlace(work: WorkingState, env: RuntimeEnv): boolean {
  if (work.status !== 'running') return false;
  const tx = new Tx(work, env);
  try {
    if (!tx.advance()) return false;
  } catch (e) {
    Object.assign(work, new Tx(work, env).faulted(e instanceof Error ? e.message : String(e)));
    return true;
  }
  tx.commit(work);
  return true;
}

/** True when the machine waits for a line for the human (give it one with supplyInput). */
export function awaitingInput(state: MachineState): boolean {
  return state.status === 'running' && state.top.kind === 'human' && state.top.queue.length === 0;
}

/** Gives the waiting human activation a line of input (the debugger's console does this). */
export function supplyInput(state: MachineState, line: string, env: RuntimeEnv = {}): MachineState {
  const top = state.top;
  if (top.kind !== 'human') return state;
  const patch: Partial<MachineState> = { top: { ...top, queue: [...top.queue, line] } };
  return (env.freeze === false ? thawed : freezing).produce(state, (draft) => {
    Object.assign(draft, patch);
  });
}

/** Computes what a step changes, or undefined when no step can happen. */
export function transition(s: MachineState, env: RuntimeEnv): Partial<MachineState> | undefined {
  if (s.status === 'done' || s.status === 'fault') return undefined;
  const tx = new Tx(s, env);
  try {
    if (!tx.advance()) return undefined;
  } catch (e) {
    return new Tx(s, env).faulted(e instanceof Error ? e.message : String(e));
  }
  return tx.patch();
}

/** One transition in progress: local copies of everything a step may change. */
export class Tx {
  readonly cost: CostModel;
  readonly hooks: RuntimeHooks;
  readonly program: Program;
  top: Frame;
  below: Stack | undefined;
  depth: number;
  status: Status;
  finished: RecordList | undefined;
  nextMessage: number;
  nextAgent: number;
  nextActivation: number;
  minted: number;
  returned: number;
  clock: number;
  governance: unknown;
  conscience: unknown;
  readonly events: RuntimeEvent[] = [];
  /** The number of the step being taken (events carry it). */
  readonly n: number;

  constructor(
    readonly s: MachineState,
    readonly env: RuntimeEnv,
  ) {
    this.n = s.step + 1;
    this.cost = costModel(s.costModel);
    this.hooks = env.hooks ?? DEFAULT_HOOKS;
    this.program = s.program;
    this.top = s.top;
    this.below = s.below;
    this.depth = s.depth;
    this.status = s.status;
    this.finished = s.finished;
    this.nextMessage = s.nextMessage;
    this.nextAgent = s.nextAgent;
    this.nextActivation = s.nextActivation;
    this.minted = s.minted;
    this.returned = s.returned;
    this.clock = s.clock;
    this.governance = s.governance;
    this.conscience = s.conscience;
  }

  patch(): Partial<MachineState> {
    const s = this.s;
    let events = s.events;
    for (const event of this.events) events = { event, next: events };
    const p: { -readonly [K in keyof MachineState]?: MachineState[K] } = { step: s.step + 1, top: this.top, events, eventCount: s.eventCount + this.events.length };
    if (this.below !== s.below) p.below = this.below;
    if (this.depth !== s.depth) p.depth = this.depth;
    if (this.status !== s.status) p.status = this.status;
    if (this.finished !== s.finished) p.finished = this.finished;
    if (this.nextMessage !== s.nextMessage) p.nextMessage = this.nextMessage;
    if (this.nextAgent !== s.nextAgent) p.nextAgent = this.nextAgent;
    if (this.nextActivation !== s.nextActivation) p.nextActivation = this.nextActivation;
    if (this.minted !== s.minted) p.minted = this.minted;
    if (this.returned !== s.returned) p.returned = this.returned;
    if (this.clock !== s.clock) p.clock = this.clock;
    if (this.governance !== s.governance) p.governance = this.governance;
    if (this.conscience !== s.conscience) p.conscience = this.conscience;
    // Freezing what the step created here, in one tight walk, spares immer's slower generic walk (which then finds
    // every child frozen already); the result is the same deeply frozen state.
    if (this.env.freeze !== false) for (const k in p) deepFreeze((p as Record<string, unknown>)[k]);
    return p;
  }

  /** Writes the step's changes straight into a private working state (the no-history path). */
  commit(w: WorkingState): void {
    let events = w.events;
    for (const event of this.events) events = { event, next: events };
    w.step = this.n;
    w.top = this.top;
    w.events = events;
    w.eventCount += this.events.length;
    w.below = this.below;
    w.depth = this.depth;
    w.status = this.status;
    w.finished = this.finished;
    w.nextMessage = this.nextMessage;
    w.nextAgent = this.nextAgent;
    w.nextActivation = this.nextActivation;
    w.minted = this.minted;
    w.returned = this.returned;
    w.clock = this.clock;
    w.governance = this.governance;
    w.conscience = this.conscience;
  }

  faulted(message: string): Partial<MachineState> {
    this.status = 'fault';
    this.emit({ step: this.n, kind: 'fault', frame: this.top.id, message });
    return this.patch();
  }

  // ---- helpers ------------------------------------------------------------------------------------------------------

  emit(event: RuntimeEvent): void {
    this.events.push(event);
  }

  /** Records what a hook asked to record, as `governance` events of the acting frame. */
  noted(r: { readonly notes?: readonly HookNote[] }, frame: number, at?: Span): void {
    if (r.notes) for (const n of r.notes) this.emit({ step: this.n, kind: 'governance', frame, at, name: n.name, detail: n.detail });
  }

  /** A new message from parts that are already normalised (recipes are normalised when compiled). */
  rawMessage(parts: Part[], error = false): Message {
    return new Message(this.nextMessage++, parts, error);
  }

  message(parts: Part[], error = false): Message {
    return new Message(this.nextMessage++, normalizeParts(parts), error);
  }

  /** A value as a message: an agent pointer on its own becomes a message holding that pointer. */
  asMessage(v: Value): Message {
    return v instanceof Message ? v : this.rawMessage([v]);
  }

  build(r: Recipe, slots: readonly (Value | undefined)[]): Value {
    if (r.constant) return r.constant;
    if (r.single) {
      const v = this.part(r.parts[0], slots);
      return typeof v === 'string' ? this.rawMessage([v]) : v;
    }
    const parts: Part[] = new Array(r.parts.length);
    for (let i = 0; i < r.parts.length; i++) parts[i] = this.part(r.parts[i], slots);
    return this.rawMessage(parts);
  }

  private part(p: Recipe['parts'][number], slots: readonly (Value | undefined)[]): Part {
    if (typeof p === 'string') return p;
    if (typeof p === 'number') return slots[p] ?? '[?]';
    if (p instanceof Message || p instanceof AgentValue) return p;
    return this.build(p, slots);
  }

  bound(b: Bound): Value {
    return typeof b === 'string' ? this.rawMessage([b]) : b;
  }

  site(f: Frame, at: Span): Site {
    return { agent: agentName(f), activation: f.id, at, step: this.n, clock: this.clock };
  }

  push(frame: Frame): void {
    this.below = { top: this.top, below: this.below };
    this.top = frame;
    this.depth++;
  }

  private pop(): Frame {
    const parent = this.below!.top;
    this.below = this.below!.below;
    this.depth--;
    this.top = parent;
    return parent;
  }

  private record(r: ActivationRecord): void {
    this.finished = { record: r, next: this.finished };
  }

  // ---- the step -----------------------------------------------------------------------------------------------------

  /** Performs one step; false when none can happen (waiting for input that has not come). */
  advance(): boolean {
    const f = this.top;
    switch (f.kind) {
      case 'run':
      case 'handler':
      case 'event':
        this.code(f);
        return true;
      case 'human':
      case 'replay':
        return this.human(f);
      case 'meta':
        metaStep(this, f);
        return true;
    }
  }

  private code(f: CodeFrame): void {
    if (f.kind === 'run' && f.deliveries?.length) return this.deliverEvent(f, f.deliveries[0], f.deliveries.slice(1));
    let pc = f.pc;
    let ins = f.code.instrs[pc];
    while (ins.op === 'jump') ins = f.code.instrs[(pc = ins.to)];
    const next = pc + 1;
    switch (ins.op) {
      case 'view':
        return this.view(f, ins, pc);
      case 'ask':
      case 'root-ask':
        return this.ask(f, ins, next);
      case 'let': {
        const value = this.build(ins.recipe, f.slots);
        this.emit({ step: this.n, kind: 'let', frame: f.id, at: ins.at, name: ins.name, value });
        this.top = codeFrame(f, next, f.budget, f.spent, f.delegated, withSlot(f.slots, ins.slot, value), f.await);
        return;
      }
      case 'reflect': {
        if (f.budget < this.cost.reflect) return this.forced(f, 'reflect', this.cost.reflect);
        const self = f.agent ?? this.program.base(META_AGENT);
        const snapshot = new AgentValue(this.nextAgent++, self.def, f.question ? { question: f.question, reply: undefined, prev: self.history } : self.history, self.turns + (f.question ? 1 : 0));
        this.emit({ step: this.n, kind: 'reflect', frame: f.id, at: ins.at, agent: snapshot, cost: this.cost.reflect });
        this.top = { ...f, pc: next, budget: f.budget - this.cost.reflect, spent: f.spent + this.cost.reflect, slots: ins.slot >= 0 ? withSlot(f.slots, ins.slot, snapshot) : f.slots };
        return;
      }
      case 'reply':
        return this.reply(f, this.asMessage(this.build(ins.recipe, f.slots)), ins.at);
      case 'act': {
        const message = this.asMessage(this.build(ins.recipe, f.slots));
        const r = this.hooks.governance.act(this.governance, { site: this.site(f, ins.at), message, eExtCost: ins.eExtCost, hazard: ins.hazard, inChapel: f.chapels > 0, breaches: ins.breaches });
        this.governance = r.state;
        this.noted(r, f.id, ins.at);
        this.emit({ step: this.n, kind: 'act', frame: f.id, at: ins.at, message, eExtCost: ins.eExtCost, hazard: ins.hazard, inChapel: f.chapels > 0, ...decided(r.decision) });
        return r.decision.allowed ? void (this.top = { ...f, pc: next }) : this.error(f, `the act "${renderText(message, 200)}" was refused: ${r.decision.reason}`, ins.at);
      }
      case 'chapel': {
        const r = this.hooks.governance.enterChapel(this.governance, this.site(f, ins.at), ins);
        this.governance = r.state;
        this.noted(r, f.id, ins.at);
        this.clock += r.pauseMs;
        this.emit({ step: this.n, kind: 'chapel', frame: f.id, at: ins.at, phase: 'enter', pauseMs: r.pauseMs, ...decided(r.decision) });
        return r.decision.allowed ? void (this.top = { ...f, pc: next, chapels: f.chapels + 1 }) : this.error(f, `the chapel aborted its block: ${r.decision.reason}`, ins.at);
      }
      case 'chapel-end': {
        const r = this.hooks.governance.exitChapel(this.governance, this.site(f, ins.at));
        this.governance = r.state;
        this.noted(r, f.id, ins.at);
        this.emit({ step: this.n, kind: 'chapel', frame: f.id, at: ins.at, phase: 'exit', allowed: true });
        this.top = { ...f, pc: next, chapels: f.chapels - 1 };
        return;
      }
      case 'choose': {
        const prompt = ins.prompt && this.asMessage(this.build(ins.prompt, f.slots));
        const r = this.hooks.conscience.choose(this.conscience, { site: this.site(f, ins.at), prompt, options: ins.options });
        this.conscience = r.state;
        this.noted(r, f.id, ins.at);
        const chosen = Number.isInteger(r.index) && r.index >= 0 && r.index < ins.options.length ? r.index : 0;
        this.emit({ step: this.n, kind: 'choose', frame: f.id, at: ins.at, options: ins.options.map((o) => o.label), chosen, explanation: r.explanation });
        this.top = { ...f, pc: ins.options[chosen]?.to ?? next };
        return;
      }
      case 'consent': {
        const r = this.hooks.governance.consentMove(this.governance, { site: this.site(f, ins.at), machine: ins.machine, to: ins.state });
        this.governance = r.state;
        this.noted(r, f.id, ins.at);
        this.emit({ step: this.n, kind: 'consent', frame: f.id, at: ins.at, machine: ins.machine, state: ins.state, ...decided(r.decision) });
        return r.decision.allowed ? void (this.top = { ...f, pc: next }) : this.error(f, `the consent move ${ins.machine} -> ${ins.state} was refused: ${r.decision.reason}`, ins.at);
      }
      case 'scar': {
        const message = this.asMessage(this.build(ins.recipe, f.slots));
        const r = this.hooks.governance.scar(this.governance, { site: this.site(f, ins.at), message });
        this.governance = r.state;
        this.noted(r, f.id, ins.at);
        this.emit({ step: this.n, kind: 'scar', frame: f.id, at: ins.at, message });
        this.top = { ...f, pc: next };
        return;
      }
      case 'resolve': {
        const message = ins.recipe && this.asMessage(this.build(ins.recipe, f.slots));
        const r = this.hooks.governance.resolveScar(this.governance, { site: this.site(f, ins.at), message, ...(f.kind === 'event' ? { event: f.question, eventName: f.code.label } : {}) });
        this.governance = r.state;
        this.noted(r, f.id, ins.at);
        this.emit({ step: this.n, kind: 'resolve', frame: f.id, at: ins.at, message, ...decided(r.decision) });
        return r.decision.allowed ? void (this.top = { ...f, pc: next }) : this.error(f, `resolving the scar was refused: ${r.decision.reason}`, ins.at);
      }
      case 'expect':
        return this.expect(f, ins, next);
      case 'steward':
        return this.steward(f, ins, next);
      case 'end':
        if (ins.why === 'run') {
          const gov = this.hooks.governance;
          if (gov.end) {
            const r = gov.end(this.governance, this.site(f, ins.at));
            this.governance = r.state;
            this.noted(r, f.id, ins.at);
          }
          this.status = 'done';
          this.emit({ step: this.n, kind: 'end', frame: f.id, at: ins.at, status: 'done' });
          this.top = { ...f, pc };
          return;
        }
        if (ins.why === 'event') return this.reply(f, this.rawMessage([]), ins.at);
        return this.error(f, `${agentName(f)} reached the end of its ${ins.why === 'else' ? 'else block' : 'handler'} without replying`, ins.at);
    }
  }

  private view(f: CodeFrame, ins: Extract<Instr, { op: 'view' }>, pc: number): void {
    const cost = this.cost.view;
    if (f.budget < cost) return this.forced(f, `view [${ins.name}]`, cost);
    const target = 'slot' in ins.target ? f.slots[ins.target.slot] : ins.target.value;
    const budget = f.budget - cost;
    const spent = f.spent + cost;
    if (target === undefined) return this.error({ ...f, budget, spent }, `[${ins.name}] is not bound`, ins.at);
    if (!ins.template) {
      this.emit({ step: this.n, kind: 'view', frame: f.id, at: ins.at, name: ins.name, target, cost });
      this.top = codeFrame(f, pc + 1, budget, spent, f.delegated, f.slots, f.await);
      return;
    }
    const out: Bound[] = [];
    const matched = target instanceof Message && matchTemplate(ins.template, target, out);
    this.emit({ step: this.n, kind: 'view', frame: f.id, at: ins.at, name: ins.name, target, cost, matched });
    if (matched) {
      const slots = f.slots.slice();
      for (let i = 0; i < ins.holeSlots.length; i++) slots[ins.holeSlots[i]] = this.bound(out[i]);
      this.top = codeFrame(f, pc + 1, budget, spent, f.delegated, slots, f.await);
    } else if (ins.elseTo >= 0) this.top = codeFrame(f, ins.elseTo, budget, spent, f.delegated, f.slots, f.await);
    else this.error({ ...f, budget, spent }, `[${ins.name}] does not match "${ins.template.text}" and the view has no else block`, ins.at);
  }

  private ask(f: CodeFrame, ins: Extract<Instr, { op: 'ask' | 'root-ask' }>, next: number): void {
    const callee = 'def' in ins.target ? this.program.base(ins.target.def) : f.slots[ins.target.slot];
    if (!(callee instanceof AgentValue)) return this.error(f, `[${ins.name}] is not an agent`, ins.at);
    const question = this.asMessage(this.build(ins.recipe, f.slots));
    if (ins.op === 'root-ask') {
      // The run is not an agent: it hands the root question its budget and pays nothing for the send.
      this.minted += ins.budget;
      const parent = codeFrame(f, next, f.budget, f.spent, f.delegated + ins.budget, f.slots, { callee, question, transfer: ins.budget, result: ins.result, agent: ins.agent, at: ins.at });
      this.top = parent;
      if (this.s.meta) return this.startMeta(parent, callee, question, ins.budget, ins.at);
      return this.startChild(parent, callee, question, ins.budget, 0, ins.at);
    }
    this.send(f, callee, question, ins.budget, { result: ins.result, agent: ins.agent, at: ins.at, pc: next, label: ins.name, breaches: ins.breaches });
  }

  /** An ask from a budgeted frame: pays for the send, transfers by the cost model, starts the child. */
  send(f: Frame, callee: AgentValue, question: Message, explicit: number | undefined, o: { result: number; agent: number; at?: Span; pc?: number; label: string; purpose?: string; breaches?: readonly BreachNote[] }): void {
    const cost = this.cost.send;
    if (f.budget < cost) return this.forced(f, `ask ${o.label}`, cost);
    const transfer = this.cost.transfer(f.budget, explicit);
    const aw: Await = { callee, question, transfer, result: o.result, agent: o.agent, at: o.at, purpose: o.purpose };
    const budget = f.budget - cost - transfer;
    const spent = f.spent + cost;
    const delegated = f.delegated + transfer;
    const parent: Frame =
      o.pc !== undefined && (f.kind === 'handler' || f.kind === 'event' || f.kind === 'run') ? codeFrame(f, o.pc, budget, spent, delegated, f.slots, aw) : ({ ...f, budget, spent, delegated, await: aw } as Frame);
    this.top = parent;
    this.startChild(parent, callee, question, transfer, cost, o.at, explicit !== undefined && explicit > transfer ? explicit : undefined, o.breaches);
  }

  /** Starts the activation of `callee` (the parent is already on top, waiting). Built-ins and transcripts answer at once. */
  startChild(parent: Frame, callee: AgentValue, question: Message, transfer: number, cost: number, at: Span | undefined, requested?: number, breaches?: readonly BreachNote[]): void {
    const id = this.nextActivation++;
    const def = callee.def;
    const ask: RuntimeEvent = { step: this.n, kind: 'ask', frame: parent.id, at, to: id, agent: def.name, instance: callee.id, question, transfer, cost };
    if (requested !== undefined) (ask as { requested?: number }).requested = requested;
    if (breaches?.length) (ask as { breaches?: readonly BreachNote[] }).breaches = breaches;
    this.emit(ask);
    switch (def.kind) {
      case 'declared': {
        const out: Bound[] = [];
        const handlers = def.handlers;
        for (let h = 0; h < handlers.length; h++) {
          const code = handlers[h];
          if (!code.template || !matchTemplate(code.template, question, out)) continue;
          const slots: (Value | undefined)[] = new Array(code.slotNames.length);
          for (let i = 0; i < code.holeSlots.length; i++) slots[code.holeSlots[i]] = this.bound(out[i]);
          this.push({ kind: 'handler', id, parent: parent.id, agent: callee, question, budget: transfer, allotted: transfer, spent: 0, delegated: 0, await: undefined, code, pc: 0, slots, chapels: 0, last: undefined, deliveries: undefined });
          return;
        }
        return this.answer(id, callee, transfer, this.message([`error: no handler of ${def.name} matches "${renderText(question, 200)}"`], true));
      }
      case 'builtin':
        return this.answer(id, callee, transfer, answerBuiltin(this.program, def, question, this));
      case 'human':
        if (this.env.humanTranscript) return this.fromTranscript(id, parent, callee, question, transfer, this.env.humanTranscript);
        return this.push({ kind: 'human', id, parent: parent.id, agent: callee, question, budget: transfer, allotted: transfer, spent: 0, delegated: 0, ...this.firstSight(question), queue: [], free: 0 });
      case 'replay': {
        const t = def.replays !== undefined ? this.env.transcripts?.get(def.replays) : undefined;
        if (!t) return this.answer(id, callee, transfer, this.message([`error: no transcript is loaded for ${def.name} ("${def.replays ?? ''}")`], true));
        return this.fromTranscript(id, parent, callee, question, transfer, t);
      }
    }
  }

  private firstSight(question: Message): { refs: Value[]; show: string } {
    const { text, refs } = renderNumbered(question.parts, []);
    return { refs, show: text };
  }

  private fromTranscript(id: number, parent: Frame, callee: AgentValue, question: Message, transfer: number, t: Transcript): void {
    const entry = findAnswer(t, callee.def.name, callee.turns, question);
    if (!entry) {
      return this.answer(id, callee, transfer, this.message([`error: the transcript ${t.path} has no answer for ${callee.def.name} at turn ${callee.turns} to "${renderText(question, 200)}"`], true));
    }
    const sight = this.firstSight(question);
    if (entry.commands) {
      return this.push({ kind: 'replay', id, parent: parent.id, agent: callee, question, budget: transfer, allotted: transfer, spent: 0, delegated: 0, ...sight, queue: entry.commands, free: 0, source: `${t.path}:${entry.line}` });
    }
    const built = this.typed(entry.reply ?? '', sight.refs);
    const reply = typeof built === 'string' ? this.message([`error: line ${entry.line} of ${t.path}: ${built}`], true) : this.asMessage(built);
    return this.answer(id, callee, transfer, reply);
  }

  /** An activation that answers within the ask's step (built-ins, transcripts, no matching handler). */
  private answer(id: number, callee: AgentValue, transfer: number, reply: Message): void {
    const cost = reply.error ? 0 : this.cost.reply(transfer);
    const returned = transfer - cost;
    const parent = this.top;
    this.record({ id, parent: parent.id, agent: callee.def.name, kind: callee.def.kind, allotted: transfer, spent: cost, delegated: 0, returned, error: reply.error });
    const event: RuntimeEvent = { step: this.n, kind: 'reply', frame: id, to: parent.id, message: reply, cost, returned };
    if (reply.error) (event as { error?: boolean }).error = true;
    this.emit(event);
    this.deliver(reply, returned);
  }

  /** The top frame replies: pays the reply's cost, returns the rest, and hands the reply to its parent. */
  reply(f: Frame, message: Message, at: Span | undefined, forced?: { op: string; needed: number }): void {
    const cost = message.error ? 0 : this.cost.reply(f.budget);
    const returned = f.budget - cost;
    const agent = f.kind === 'meta' ? META_AGENT.name : agentName(f);
    this.record({ id: f.id, parent: f.parent, agent, kind: f.kind === 'event' ? 'event' : f.kind === 'meta' ? 'builtin' : f.agent?.def.kind ?? 'declared', allotted: f.allotted, spent: f.spent + cost, delegated: f.delegated, returned, error: message.error });
    const event: RuntimeEvent = { step: this.n, kind: 'reply', frame: f.id, at, to: f.parent, message, cost, returned };
    if (message.error) (event as { error?: boolean }).error = true;
    if (forced) (event as { forced?: { op: string; needed: number } }).forced = forced;
    this.emit(event);
    this.pop();
    this.deliver(message, returned);
  }

  /** An error reply composed by the runtime for the top frame (free in every cost model). */
  error(f: Frame, text: string, at?: Span): void {
    this.top = f;
    this.reply(f, this.message([`error: ${text}`], true), at);
  }

  /** The reply the runtime forces on an agent that cannot pay for its next operation (seed 000). */
  forced(f: Frame, op: string, needed: number): void {
    const who = f.kind === 'meta' ? META_AGENT.name : agentName(f);
    this.top = f;
    this.reply(f, this.message([`error: ${who} ran out of budget: it needed ${needed} to ${op} and has ${f.budget} left`], true), undefined, { op, needed });
  }

  /** Hands a child's reply to the frame now on top (its parent). */
  private deliver(reply: Message, returned: number): void {
    const p = this.top;
    const aw = p.await;
    const budget = p.kind === 'run' ? p.budget : p.budget + returned;
    const delegated = p.delegated - returned;
    if (p.kind === 'run') this.returned += returned;
    if (!aw || aw.purpose === 'event') {
      this.top = { ...p, budget, delegated, await: undefined } as Frame;
      return;
    }
    switch (p.kind) {
      case 'run':
      case 'handler':
      case 'event': {
        let slots = p.slots;
        if (aw.result >= 0 || aw.agent >= 0) {
          const copy = slots.slice();
          if (aw.result >= 0) copy[aw.result] = reply;
          if (aw.agent >= 0) copy[aw.agent] = this.agentAfter(aw, reply);
          slots = copy;
        }
        const next = codeFrame(p, p.pc, budget, p.spent, delegated, slots, undefined);
        this.top = p.kind === 'run' ? { ...next, last: { reply, ask: this.lastChild() } } : next;
        return;
      }
      case 'human':
      case 'replay': {
        // The new agent and the reply itself get numbers, so the person can ask A′ again or pass the reply on.
        const seen = [...p.refs, this.agentAfter(aw, reply), reply];
        const { text, refs } = renderNumbered(reply.parts, seen);
        this.top = { ...p, budget, delegated, await: undefined, refs, show: `@${seen.length - 1} replied #${seen.length}: ${text}` };
        return;
      }
      case 'meta':
        return metaDeliver(this, { ...p, budget, delegated, await: undefined }, reply, aw);
    }
  }

  /** The new agent A′ that remembers the exchange just finished (seed 000: the asked agent itself is unchanged). */
  agentAfter(aw: Await, reply: Message): AgentValue {
    return new AgentValue(this.nextAgent++, aw.callee.def, { question: aw.question, reply, prev: aw.callee.history }, aw.callee.turns + 1);
  }

  private lastChild(): number {
    return this.finished?.record.id ?? -1;
  }

  // ---- runs -----------------------------------------------------------------------------------------------------------

  private expect(f: CodeFrame, ins: Extract<Instr, { op: 'expect' }>, next: number): void {
    const reply = f.last?.reply;
    const expected = ins.recipe ? canonical(renderText(this.build(ins.recipe, f.slots))) : undefined;
    const actual = reply ? canonical(renderText(reply)) : undefined;
    let passed: boolean;
    let reason: string | undefined;
    if (!reply) {
      passed = false;
      reason = 'no root question has been answered before this expectation';
    } else if (ins.kind === 'reply') {
      passed = actual === expected;
    } else {
      passed = reply.error && (expected === undefined || actual!.includes(expected));
      if (!reply.error) reason = 'the reply is not an error';
    }
    this.emit({ step: this.n, kind: 'expect', frame: f.id, at: ins.at, expect: ins.kind, passed, expected, actual, ...(reason ? { reason } : {}) });
    this.top = { ...f, pc: next };
  }

  private steward(f: CodeFrame, ins: Extract<Instr, { op: 'steward' }>, next: number): void {
    const args: StewardValue[] = ins.args.map((a) => ({ name: a.name, word: a.word, number: a.number, message: a.message && this.asMessage(this.build(a.message, f.slots)) }));
    const r = this.hooks.governance.steward(this.governance, { site: this.site(f, ins.at), name: ins.event, args });
    this.governance = r.state;
    this.noted(r, f.id, ins.at);
    const deliveries: Delivery[] = [];
    for (const d of r.deliver) {
      for (const def of this.program.agents.values()) for (const code of def.eventHandlers) if (code.label === d.event) deliveries.push({ event: d.event, code, message: d.message });
    }
    this.emit({ step: this.n, kind: 'steward', frame: f.id, at: ins.at, event: ins.event, args: args.map(showArg), deliver: deliveries.map((d) => `${d.code.agent?.name ?? ''}.${d.event}`) });
    this.top = { ...f, pc: next, deliveries };
  }

  /** Runs one event handler for a steward event: an activation with no budget and no question of its own. */
  private deliverEvent(f: CodeFrame, d: Delivery, rest: readonly Delivery[]): void {
    const def = d.code.agent!;
    const agent = this.program.base(def);
    const id = this.nextActivation++;
    const parent: CodeFrame = { ...f, deliveries: rest, await: { callee: agent, question: d.message ?? this.program.no, transfer: 0, result: -1, agent: -1, purpose: 'event' } };
    this.top = parent;
    this.emit({ step: this.n, kind: 'deliver', frame: f.id, at: d.code.span, event: d.event, agent: def.name, to: id });
    this.push({ kind: 'event', id, parent: f.id, agent, question: d.message, budget: 0, allotted: 0, spent: 0, delegated: 0, await: undefined, code: d.code, pc: 0, slots: new Array(d.code.slotNames.length).fill(undefined), chapels: 0, last: undefined, deliveries: undefined });
  }

  // ---- meta -----------------------------------------------------------------------------------------------------------

  private startMeta(parent: CodeFrame, target: AgentValue, root: Message, budget: number, at: Span): void {
    const id = this.nextActivation++;
    const agent = this.program.base(META_AGENT);
    this.emit({ step: this.n, kind: 'ask', frame: parent.id, at, to: id, agent: META_AGENT.name, instance: agent.id, question: root, transfer: budget, cost: 0 });
    const frame: MetaFrame = { kind: 'meta', id, parent: parent.id, agent, question: root, budget, allotted: budget, spent: 0, delegated: 0, phase: 'ask-root', target, root, bits: [], output: '', attempts: 0 };
    this.push(frame);
  }

  // ---- the human ------------------------------------------------------------------------------------------------------

  private human(f: HumanFrame): boolean {
    if (f.free >= MAX_FREE_COMMANDS) {
      this.error(f, `${agentName(f)} made ${MAX_FREE_COMMANDS} moves that spent nothing; the runtime replies for it so the run halts`);
      return true;
    }
    let line: string;
    let frame: HumanFrame = f;
    if (f.queue.length) {
      line = f.queue[0];
      frame = { ...f, queue: f.queue.slice(1) };
    } else if (f.kind === 'replay') {
      this.error(f, `the recorded commands (${f.source}) end without a reply`);
      return true;
    } else {
      const answer = this.env.human?.({ activation: f.id, agent: agentName(f), text: f.show, budget: f.budget, turn: f.agent?.turns ?? 0, depth: this.depth - 1 });
      // No line yet: no step happens; the host supplies one with supplyInput (see awaitingInput).
      if (answer === undefined) return false;
      if (answer === null) {
        this.error(f, `${agentName(f)} gave no answer: the input ended`);
        return true;
      }
      line = answer;
    }
    this.command(frame, line);
    return true;
  }

  private command(f: HumanFrame, line: string): void {
    const cmd = parseCommand(line);
    const feedback = (text: string, cost = 0) => {
      this.emit({ step: this.n, kind: 'input', frame: f.id, text: line, cost, feedback: text });
      this.top = { ...f, show: text, budget: f.budget - cost, spent: f.spent + cost, free: f.free + (cost ? 0 : 1) };
    };
    switch (cmd.kind) {
      case 'malformed':
        return feedback(`${cmd.why}; ${COMMAND_HELP}`, Math.min(f.budget, this.cost.name === 'alba' ? 1 : 0));
      case 'view': {
        const v = f.refs[cmd.ref - 1];
        if (!v) return feedback(`there is no pointer #${cmd.ref}`);
        if (f.budget < this.cost.view) return this.forced(f, `view #${cmd.ref}`, this.cost.view);
        this.emit({ step: this.n, kind: 'input', frame: f.id, text: line, cost: 0 });
        this.emit({ step: this.n, kind: 'view', frame: f.id, name: `#${cmd.ref}`, target: v, cost: this.cost.view });
        const shown = v instanceof AgentValue ? { text: describeAgent(v), refs: f.refs } : renderNumbered(v.parts, f.refs);
        this.top = { ...f, budget: f.budget - this.cost.view, spent: f.spent + this.cost.view, refs: shown.refs, show: `#${cmd.ref}: ${shown.text}` };
        return;
      }
      case 'reflect': {
        if (f.budget < this.cost.reflect) return this.forced(f, 'reflect', this.cost.reflect);
        const self = f.agent!;
        const snapshot = new AgentValue(this.nextAgent++, self.def, { question: f.question!, reply: undefined, prev: self.history }, self.turns + 1);
        const refs = [...f.refs, snapshot];
        this.emit({ step: this.n, kind: 'input', frame: f.id, text: line, cost: 0 });
        this.emit({ step: this.n, kind: 'reflect', frame: f.id, agent: snapshot, cost: this.cost.reflect });
        this.top = { ...f, refs, show: `you are @${refs.length}`, budget: f.budget - this.cost.reflect, spent: f.spent + this.cost.reflect, free: f.free + (this.cost.reflect ? 0 : 1) };
        return;
      }
      case 'reply': {
        const built = this.typed(cmd.message, f.refs);
        if (typeof built === 'string') return feedback(`your reply is not a message: ${built}`);
        this.emit({ step: this.n, kind: 'input', frame: f.id, text: line, cost: 0 });
        return this.reply(f, this.asMessage(built), undefined);
      }
      case 'ask': {
        let callee: AgentValue | undefined;
        if (!cmd.to) callee = this.program.base(f.agent!.def);
        else if ('ref' in cmd.to) {
          const v = f.refs[cmd.to.ref - 1];
          if (!(v instanceof AgentValue)) return feedback(`@${cmd.to.ref} is not an agent you have seen`);
          callee = v;
        } else {
          const def = this.program.agents.get(cmd.to.name);
          if (!def) return feedback(`there is no agent named ${cmd.to.name}`);
          callee = this.program.base(def);
        }
        const built = this.typed(cmd.message, f.refs);
        if (typeof built === 'string') return feedback(`your question is not a message: ${built}`);
        this.emit({ step: this.n, kind: 'input', frame: f.id, text: line, cost: 0 });
        return this.send(f, callee, this.asMessage(built), cmd.budget, { result: -1, agent: -1, label: callee.def.name });
      }
    }
  }

  /** Builds a typed message (`#n`, `@n`, sub-messages); a string is the reason it cannot be built. */
  typed(text: string, refs: readonly Value[]): Value | string {
    const parsed = parseTyped(text);
    if ('error' in parsed) return parsed.error;
    const build = (parts: readonly TypedPart[]): Value | string => {
      const out: Part[] = [];
      for (const p of parts) {
        if (typeof p === 'string') out.push(p);
        else if (Array.isArray(p)) {
          const sub = build(p);
          if (typeof sub === 'string') return sub;
          out.push(sub);
        } else {
          const ref = p as { sigil: string; n: number };
          const v = refs[ref.n - 1];
          if (!v) return `there is no pointer ${ref.sigil}${ref.n}`;
          out.push(v);
        }
      }
      const parts2 = normalizeParts(out);
      if (parts2.length === 1 && parts2[0] instanceof Message) return parts2[0];
      return this.rawMessage(parts2);
    };
    return build(parsed.parts);
  }
}

/**
 * The next version of a code frame. Every code frame is built by this one literal (or the one in startChild, with the
 * same fields in the same order), so they all share one hidden class and the hot paths stay monomorphic.
 */
function codeFrame(f: CodeFrame, pc: number, budget: number, spent: number, delegated: number, slots: readonly (Value | undefined)[], aw: Await | undefined): CodeFrame {
  return { kind: f.kind, id: f.id, parent: f.parent, agent: f.agent, question: f.question, budget, allotted: f.allotted, spent, delegated, await: aw, code: f.code, pc, slots, chapels: f.chapels, last: f.last, deliveries: f.deliveries };
}

/**
 * Freezes plain objects and arrays not yet frozen, stopping at frozen ones and at class instances (messages, agents,
 * code, which freeze themselves or are frozen when compiled).
 */
export function deepFreeze(o: unknown): void {
  if (typeof o !== 'object' || o === null || Object.isFrozen(o)) return;
  if (Array.isArray(o)) {
    Object.freeze(o);
    for (let i = 0; i < o.length; i++) deepFreeze(o[i]);
    return;
  }
  if (Object.getPrototypeOf(o) !== Object.prototype) return;
  Object.freeze(o);
  for (const k in o) deepFreeze((o as Record<string, unknown>)[k]);
}

function withSlot(slots: readonly (Value | undefined)[], slot: number, value: Value): (Value | undefined)[] {
  const out = slots.slice();
  out[slot] = value;
  return out;
}

function decided(d: Decision): { allowed: boolean; reason?: string } {
  return d.allowed ? { allowed: true } : { allowed: false, reason: d.reason };
}

function showArg(a: StewardValue): string {
  const v = a.message ? `"${renderText(a.message, 200)}"` : a.word ?? (a.number !== undefined ? String(a.number) : '');
  return a.name ? `${a.name}: ${v}` : v;
}

/** The name of the agent a frame runs (the run's name for the run frame). */
export function agentName(f: Frame): string {
  if (f.kind === 'run') return `run "${f.code.label}"`;
  if (f.kind === 'meta') return META_AGENT.name;
  return f.agent?.def.name ?? '?';
}

