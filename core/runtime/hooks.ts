// Extension points for governance at run time (seed 002), the conscience calculator (seed 003) and the scar log: the
// runtime calls these for every governed statement and keeps their state inside the machine state, so stepping back
// restores it. The defaults run blocks plainly and record events; the governance layer replaces them.

import type { Governance } from '../check/governance';
import type { SpecModel } from '../check/model';
import type { BreachNote, ChapelAct, Program } from './program';
import type { Span } from './spans';
import type { Message } from './values';

/** Where a governed statement happens. */
export interface Site {
  /** The agent acting (its name) and its activation. */
  readonly agent: string;
  readonly activation: number;
  readonly at: Span;
  /** The machine's step count and simulated clock (ms). */
  readonly step: number;
  readonly clock: number;
}

/** What a hook decides about a governed operation. A refusal ends the ask in an error reply giving the reason. */
export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

export const ALLOW: Decision = Object.freeze({ allowed: true });

/**
 * Something a hook wants recorded in the event log (and so in the trace and the debugger): a `governance` event with
 * this name and plain-JSON detail, e.g. a scar appended, the E_ext left in the trust slice, the fuse's status.
 */
export interface HookNote {
  readonly name: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** A hook's answer: its new state (immutable), the decision, and anything to record. */
export interface Ruling<S> {
  readonly state: S;
  readonly decision: Decision;
  readonly notes?: readonly HookNote[];
}

/** The answer of a hook that decides nothing. */
export interface Update<S> {
  readonly state: S;
  readonly notes?: readonly HookNote[];
}

/** What the hooks may read about the spec when a run starts. */
export interface HookContext {
  readonly program: Program;
  readonly model: SpecModel;
  readonly governance: Governance;
  readonly run: string;
}

/** An event a steward statement asks the runtime to deliver to `on event NAME` handlers. */
export interface EventDelivery {
  readonly event: 'restorative_process_completed' | 'explicit_consent' | 'explicit_dissent' | 'incident_report';
  /** The message the handlers see (e.g. which scar the restorative process was for). */
  readonly message?: Message;
}

/** A steward argument, resolved: a name (`tripped`, a machine) or a message. */
export type StewardValue = { readonly name?: string; readonly word?: string; readonly number?: number; readonly message?: Message };

/**
 * The governance layer: the trust slice and its E_ext ledger, chapels with their pause and veto fuse, consent machines,
 * the Atlas of Scars, and the protected steward channel. Every method is pure: it takes the layer's state and returns
 * the next one. `S` must be an immutable value (plain frozen data), since it lives in every machine state.
 */
export interface GovernanceLayer<S = unknown> {
  readonly name: string;
  init(ctx: HookContext): S;
  /** An `act`, with its annotations and whether it is inside a chapel. */
  act(state: S, act: { readonly site: Site; readonly message: Message; readonly eExtCost?: number; readonly hazard: string; readonly inChapel: boolean; readonly breaches: readonly BreachNote[] }): Ruling<S>;
  /**
   * Entering a chapel: the pause it takes on the simulated clock, or a refusal. `block` lists the acts the chapel
   * guards (its intent, recorded before any of them runs); layers written before it was passed may ignore it.
   */
  enterChapel(state: S, site: Site, block?: ChapelBlock): Ruling<S> & { readonly pauseMs: number };
  exitChapel(state: S, site: Site): Update<S>;
  consentMove(state: S, move: { readonly site: Site; readonly machine: string; readonly to: string }): Ruling<S>;
  scar(state: S, scar: { readonly site: Site; readonly message: Message }): Update<S>;
  /**
   * `resolve scar "…"?`. In an event handler, `event` is the delivered message and `eventName` the event (the runtime
   * sets both only for activations a steward event started, so agent code cannot forge them).
   */
  resolveScar(state: S, resolve: { readonly site: Site; readonly message?: Message; readonly event?: Message; readonly eventName?: string }): Ruling<S>;
  /** A `steward EVENT(args)` of a run: the protected channel. Returns the events to deliver to event handlers. */
  steward(state: S, event: { readonly site: Site; readonly name: string; readonly args: readonly StewardValue[] }): Update<S> & { readonly deliver: readonly EventDelivery[] };
  /** Optional: the run reaches its end (e.g. to record trust_slice_status as it stands). */
  end?(state: S, site: Site): Update<S>;
}

/** What a chapel guards: the acts of its block (nested chapels guard their own). */
export interface ChapelBlock {
  readonly acts: readonly ChapelAct[];
}

/** The conscience calculator: picks the option of a `choose` with the least conscience weight, and says why. */
export interface ConscienceCalculator<S = unknown> {
  readonly name: string;
  init(ctx: HookContext): S;
  choose(state: S, choice: { readonly site: Site; readonly prompt?: Message; readonly options: readonly { readonly label: string; readonly breaches: readonly BreachNote[] }[] }): Update<S> & { readonly index: number; readonly explanation: string };
}

export interface RuntimeHooks {
  readonly governance: GovernanceLayer<any>;
  readonly conscience: ConscienceCalculator<any>;
}

/**
 * The default governance: nothing is refused, chapels run their block at once (no pause), steward events are recorded
 * and delivered to event handlers as docs/language.md §9 lists them. Its state is empty.
 */
export const PLAIN_GOVERNANCE: GovernanceLayer<null> = {
  name: 'plain',
  init: () => null,
  act: (state) => ({ state, decision: ALLOW }),
  enterChapel: (state) => ({ state, decision: ALLOW, pauseMs: 0 }),
  exitChapel: (state) => ({ state }),
  consentMove: (state) => ({ state, decision: ALLOW }),
  scar: (state) => ({ state }),
  resolveScar: (state) => ({ state, decision: ALLOW }),
  steward(state, { name, args }) {
    const message = args.find((a) => a.message)?.message;
    const word = (i: number) => args[i]?.word ?? args[i]?.name;
    const deliver: EventDelivery[] = [];
    if (name === 'restore') deliver.push({ event: 'restorative_process_completed', message });
    else if (name === 'incident') deliver.push({ event: 'incident_report', message });
    else if (name === 'consent' && (word(1) === 'explicit_consent' || word(1) === 'explicit_dissent')) deliver.push({ event: word(1) as EventDelivery['event'] });
    return { state, deliver };
  },
};

/** The default conscience: the first option, saying that no calculator is installed. */
export const FIRST_OPTION: ConscienceCalculator<null> = {
  name: 'first-option',
  init: () => null,
  choose: (state) => ({ state, index: 0, explanation: 'no conscience calculator is installed: the first option runs' }),
};

export const DEFAULT_HOOKS: RuntimeHooks = { governance: PLAIN_GOVERNANCE, conscience: FIRST_OPTION };
