// The compiled form the stepper runs: agents with their handlers as flat instruction lists (forward jumps only, one
// slot per binding), runs as instruction lists, message literals as recipes, top-level messages as constants. Built
// once from the checker's result, so no step ever walks the syntax tree.

import type { CheckResult } from '../check/index';
import type { Governance } from '../check/governance';
import type { Span } from './spans';
import type { Template } from './template';
import { AgentValue, Message, type Value } from './values';

export type AgentKind = 'declared' | 'builtin' | 'human' | 'replay';

/** A breach annotation as the conscience calculator reads it (seed 003). */
export interface BreachNote {
  readonly id: string;
  readonly weight?: number;
  readonly risk?: number;
  readonly level1?: number;
}

/** An agent definition: what every copy of the agent shares. Opaque to immer (a class instance). */
export class AgentDef {
  readonly handlers: Code[] = [];
  /** `on event NAME` handlers, in declaration order. */
  readonly eventHandlers: Code[] = [];
  /** Built-in templates, in the order of core/check/builtins.ts. */
  readonly templates: Template[] = [];
  constructor(
    readonly name: string,
    readonly kind: AgentKind,
    /** The declaration's span (absent for built-ins). */
    readonly span?: Span,
    /** The transcript path of a replay agent, as written in `replays "…"`. */
    readonly replays?: string,
  ) {}
}

/** The meta-executor of Meta(HCH(A, n)): not an agent a spec can name, so its name cannot clash with one. */
export const META_AGENT = new AgentDef('Meta(HCH)', 'builtin');

/**
 * A message literal compiled: text (white space already collapsed), slot numbers (bindings), constants (top-level
 * messages and agents) and nested recipes (sub-messages). `single` marks a literal that is nothing but one pointer or
 * sub-message: it denotes that value itself rather than a new message. `constant` is the value of a literal that
 * refers to no binding, built once.
 */
export interface Recipe {
  readonly parts: readonly RecipePart[];
  readonly single: boolean;
  readonly constant?: Value;
  /** The literal as written (for events, errors and the debugger). */
  readonly text: string;
}
export type RecipePart = string | number | Value | Recipe;

/** Where an ask goes: a fresh copy of a definition, or the agent held in a slot (`let r, A2 = ask …`). */
export type AskTarget = { readonly def: AgentDef } | { readonly slot: number };

/** The value a `view` looks at: a slot, or a constant (a top-level message or agent). */
export type Operand = { readonly slot: number } | { readonly value: Value };

export interface StewardArg {
  readonly name?: string;
  readonly word?: string;
  readonly number?: number;
  readonly message?: Recipe;
}

/** One instruction. Every instruction but `jump` is one step of the machine; `at` is its statement's span. */
export type Instr =
  | { readonly op: 'view'; readonly at: Span; readonly target: Operand; readonly name: string; readonly template?: Template; readonly holeSlots: readonly number[]; readonly elseTo: number }
  | { readonly op: 'ask'; readonly at: Span; readonly target: AskTarget; readonly name: string; readonly recipe: Recipe; readonly budget?: number; readonly result: number; readonly agent: number; readonly breaches: readonly BreachNote[] }
  | { readonly op: 'let'; readonly at: Span; readonly slot: number; readonly name: string; readonly recipe: Recipe }
  | { readonly op: 'reflect'; readonly at: Span; readonly slot: number; readonly name?: string }
  | { readonly op: 'reply'; readonly at: Span; readonly recipe: Recipe; readonly breaches: readonly BreachNote[] }
  | { readonly op: 'act'; readonly at: Span; readonly recipe: Recipe; readonly eExtCost?: number; readonly hazard: string; readonly breaches: readonly BreachNote[] }
  | { readonly op: 'chapel'; readonly at: Span; readonly end: number; readonly acts: readonly ChapelAct[] }
  | { readonly op: 'chapel-end'; readonly at: Span }
  | { readonly op: 'choose'; readonly at: Span; readonly prompt?: Recipe; readonly options: readonly ChoiceOption[] }
  | { readonly op: 'consent'; readonly at: Span; readonly machine: string; readonly state: string }
  | { readonly op: 'scar'; readonly at: Span; readonly recipe: Recipe }
  | { readonly op: 'resolve'; readonly at: Span; readonly recipe?: Recipe }
  | { readonly op: 'jump'; readonly to: number }
  | { readonly op: 'end'; readonly at: Span; readonly why: 'handler' | 'else' | 'event' | 'run' }
  // Runs only.
  | { readonly op: 'root-ask'; readonly at: Span; readonly target: AskTarget; readonly name: string; readonly recipe: Recipe; readonly budget: number; readonly result: number; readonly agent: number }
  | { readonly op: 'expect'; readonly at: Span; readonly kind: 'reply' | 'error'; readonly recipe?: Recipe }
  | { readonly op: 'steward'; readonly at: Span; readonly event: string; readonly args: readonly StewardArg[] };

/**
 * An act a chapel block holds (not counting acts of chapels nested in it): what the chapel records as its intent when
 * it is entered, before any of them runs (seed 002's `record_intent(a)`).
 */
export interface ChapelAct {
  /** The act statement's span: the act names its chapel visit by it. */
  readonly at: Span;
  /** The act's message as written. */
  readonly text: string;
  readonly eExtCost?: number;
  readonly hazard: string;
}

export interface ChoiceOption {
  readonly label: string;
  readonly at: Span;
  /** Breaches on the option and on the statements its path surely runs (seed 003). */
  readonly breaches: readonly BreachNote[];
  readonly to: number;
}

/** A handler, an event handler or a run, compiled. Opaque to immer. */
export class Code {
  constructor(
    readonly kind: 'handler' | 'event' | 'run',
    /** The agent (handlers) or undefined (runs). */
    readonly agent: AgentDef | undefined,
    /** The template as written, the event name, or the run's name. */
    readonly label: string,
    /** The whole handler or run. */
    readonly span: Span,
    readonly template: Template | undefined,
    /** Slots for the template's holes, by hole index. */
    readonly holeSlots: readonly number[],
    readonly instrs: readonly Instr[],
    /** Binding names by slot, for the debugger's variables. */
    readonly slotNames: readonly string[],
  ) {}
}

/** Freezes compiled structures (instructions, recipes, templates, spans): nothing changes them after compilation. */
function freezeStatic(o: unknown): void {
  if (typeof o !== 'object' || o === null || Object.isFrozen(o)) return;
  if (!Array.isArray(o) && Object.getPrototypeOf(o) !== Object.prototype) return;
  Object.freeze(o);
  for (const v of Object.values(o)) freezeStatic(v);
}

/** A compiled spec: what a machine runs. Opaque to immer; shared by every state of every run of the file. */
export class Program {
  constructor(
    readonly check: CheckResult,
    readonly agents: ReadonlyMap<string, AgentDef>,
    /** The fresh copy of each agent: what `ask NAME` and a pointer `[NAME]` refer to. */
    readonly baseAgents: ReadonlyMap<AgentDef, AgentValue>,
    readonly messages: ReadonlyMap<string, Message>,
    readonly runs: readonly Code[],
    /** Ids below these belong to the program's constants; each run's counters start here. */
    readonly firstMessageId: number,
    readonly firstAgentId: number,
    /** Interned replies of the built-ins. */
    readonly yes: Message,
    readonly no: Message,
  ) {
    for (const def of [...agents.values(), META_AGENT]) {
      for (const code of [...def.handlers, ...def.eventHandlers]) freezeStatic(code.instrs);
      freezeStatic(def.templates);
      Object.freeze(def.handlers);
      Object.freeze(def.eventHandlers);
    }
    for (const run of runs) freezeStatic(run.instrs);
  }

  get source(): string {
    return this.check.model.source;
  }

  get governance(): Governance {
    return this.check.governance;
  }

  base(def: AgentDef): AgentValue {
    return this.baseAgents.get(def)!;
  }

  /** The index of the run called `name`, or -1. */
  runIndex(name: string): number {
    return this.runs.findIndex((r) => r.label === name);
  }
}
