// The run-time governance layer of seed 002 as a pure state machine: the E_ext ledger of the trust slice, `act`
// admission, chapels on a simulated clock, the veto fuse, consent machines and the Atlas of Scars. Every operation
// takes a state and returns a new one with the events a trace or debugger shows; states are frozen values.

import { Decimal } from '../conscience/decimal';
import type { Constitution } from './constitution';
import { agentMove, channelEvent, startConsent, type ConsentEvent, type ConsentRuntime, type ConsentSpec } from './consent';
import { emptyLedger, record, totalAt, usedAt, type EExtLedger } from './eext';
import { ProtectedChannel, protectedChannelNames } from './protected';
import type { LogEntry, RestorativeEntry, ScarEntry, ScarRecord, ScarTrigger } from './scars-log';

/** The veto fuse (seed 002 §3.2). */
export type FuseStatus = 'ok' | 'strained' | 'tripped';
export const FUSE_STATUSES: readonly FuseStatus[] = ['ok', 'strained', 'tripped'];

/** Hazard levels of an act (the `@hazard` annotation). */
export type Hazard = 'low' | 'medium' | 'high' | 'existential';

/** A scar in the Atlas. */
export interface Scar {
  readonly id: string;
  readonly trigger: ScarTrigger;
  readonly description: string;
  readonly step: number;
  readonly channel?: string;
  /** When a restorative process resolved it; from then on it fades by the kernel. Never unset. */
  readonly resolvedAtStep?: number;
  readonly resolvedBy?: { readonly process: string; readonly channel: string };
}

/** One visit to a chapel of hesitation. */
export interface ChapelVisit {
  readonly id: number;
  readonly act: string;
  readonly cost: Decimal;
  readonly hazard: Hazard;
  readonly step: number;
  readonly enteredAtMs: number;
  readonly pauseUntilMs: number;
  readonly phase: 'pausing' | 'ran' | 'aborted';
  /** The fuse as the visit found it when its pause ended. */
  readonly fuseChecked?: FuseStatus;
  readonly endedAtMs?: number;
}

/** One change of the fuse. */
export interface FuseChange {
  readonly from: FuseStatus;
  readonly to: FuseStatus;
  readonly channel: string;
  readonly atMs: number;
  readonly step: number;
  readonly note?: string;
}

/** Everything the governance layer knows during a run. */
export interface GovernanceState {
  readonly constitution: Constitution;
  /** The simulated clock, in ms: it moves only when told to (chapel pauses, elapse); nothing really sleeps. */
  readonly clockMs: number;
  /** The latest step any operation mentioned. */
  readonly step: number;
  readonly ledger: EExtLedger;
  readonly fuse: FuseStatus;
  readonly fuseHistory: readonly FuseChange[];
  readonly chapels: readonly ChapelVisit[];
  readonly consent: Readonly<Record<string, ConsentRuntime>>;
  readonly scars: readonly Scar[];
  /** β₁_lap as last reported. */
  readonly beta1?: number;
  /** Edge detectors, so a trigger fires once per excursion, not on every step of it. */
  readonly beta1Outside: boolean;
  readonly spikeAbove: boolean;
  /** Counters behind the run's zk_proof_handles. */
  readonly witness: Witness;
}

/** What the run has done that the manifest's zk_proof_handles attest. */
export interface Witness {
  /** Acts admitted outside chapels while the slice would have gone past E_ext_max_const (always 0: they are refused). */
  readonly capBreaches: number;
  /** Chapels concluded before their pause ended (always 0: conclusion is refused). */
  readonly pauseBreaches: number;
  /** Moves out of a silence band into consent or dissent without an explicit protected event (always 0). */
  readonly silenceBreaches: number;
  /** Silent moves that were attempted and refused. */
  readonly silentAttempts: number;
}

/** What the debugger and the trace see happen. */
export type GovEvent =
  | { readonly type: 'act-admitted'; readonly step: number; readonly act?: string; readonly cost: string; readonly viaChapel: boolean; readonly used: string; readonly left?: string }
  | { readonly type: 'act-refused'; readonly step: number; readonly act?: string; readonly cost: string; readonly reason: string }
  | { readonly type: 'chapel-entered'; readonly visit: number; readonly act: string; readonly atMs: number; readonly pauseUntilMs: number }
  | { readonly type: 'chapel-paused'; readonly visit: number; readonly fromMs: number; readonly toMs: number }
  | { readonly type: 'chapel-ran'; readonly visit: number; readonly fuse: FuseStatus }
  | { readonly type: 'chapel-aborted'; readonly visit: number; readonly reason: string }
  | { readonly type: 'chapel-refused'; readonly visit: number; readonly reason: string }
  | { readonly type: 'veto-changed'; readonly from: FuseStatus; readonly to: FuseStatus; readonly channel: string }
  | { readonly type: 'protected-refused'; readonly operation: string; readonly reason: string }
  | { readonly type: 'consent-moved'; readonly machine: string; readonly from: string; readonly to: string; readonly event?: string; readonly channel?: string }
  | { readonly type: 'consent-refused'; readonly machine: string; readonly from?: string; readonly to?: string; readonly event?: string; readonly reason: string; readonly silent: boolean }
  | { readonly type: 'scar-created'; readonly scar: Scar; readonly entry: ScarEntry }
  | { readonly type: 'scar-resolved'; readonly scar: Scar; readonly entry: RestorativeEntry }
  | { readonly type: 'scar-refused'; readonly reason: string }
  | { readonly type: 'incident-ignored'; readonly channel: string; readonly reason: string };

/** A new state and what happened on the way. `ok` is false when the operation was refused (the events say why). */
export interface Outcome {
  readonly state: GovernanceState;
  readonly events: readonly GovEvent[];
  readonly ok: boolean;
}

/** Options for starting a run's governance. */
export interface GovernanceInit {
  /** The consent machines the spec declares. */
  readonly consent?: readonly ConsentSpec[];
  /** Records already in the Atlas of Scars on disk: scars are durable across runs, and ids continue after them. */
  readonly scarRecords?: readonly ScarRecord[];
  /** The simulated clock's start (ms). */
  readonly clockMs?: number;
}

function freeze<T extends object>(x: T): T {
  return Object.freeze(x);
}

function with_(s: GovernanceState, patch: Partial<GovernanceState>): GovernanceState {
  return freeze({ ...s, ...patch });
}

function outcome(state: GovernanceState, events: GovEvent[], ok = true): Outcome {
  return freeze({ state, events: freeze(events.map((e) => freeze(e))), ok });
}

/** The scars a log's records describe, in order: created by scar records, resolved by restorative ones. */
export function scarsFromRecords(records: readonly (ScarRecord | LogEntry)[]): Scar[] {
  const out: Scar[] = [];
  for (const r of records) {
    if (r.kind === 'scar') out.push({ id: r.scar, trigger: r.trigger, description: r.description, step: r.step, ...(r.channel ? { channel: r.channel } : {}) });
    else if (r.kind === 'restorative') {
      const i = out.findIndex((s) => s.id === r.scar);
      if (i >= 0 && out[i].resolvedAtStep === undefined) out[i] = { ...out[i], resolvedAtStep: r.step, resolvedBy: { process: r.process, channel: r.channel } };
    }
  }
  return out.map((s) => freeze(s));
}

/** The governance state at the start of a run. */
export function startGovernance(constitution: Constitution, init: GovernanceInit = {}): GovernanceState {
  const consent: Record<string, ConsentRuntime> = {};
  for (const spec of init.consent ?? []) if (!(spec.name in consent)) consent[spec.name] = startConsent(spec);
  return freeze({
    constitution,
    clockMs: init.clockMs ?? 0,
    step: 0,
    ledger: emptyLedger(constitution.window),
    fuse: 'ok' as FuseStatus,
    fuseHistory: freeze([]),
    chapels: freeze([]),
    consent: freeze(consent),
    scars: freeze(scarsFromRecords(init.scarRecords ?? [])),
    beta1Outside: false,
    spikeAbove: false,
    witness: freeze({ capBreaches: 0, pauseBreaches: 0, silenceBreaches: 0, silentAttempts: 0 }),
  });
}

// ---- the E_ext ledger ----------------------------------------------------------------------------------------------

/** E_ext spent outside chapels in the slice ending at `step` (default: the latest step), and what is left under the boundary. */
export function eExtStatus(s: GovernanceState, step: number = s.step): { used: Decimal; total: Decimal; max?: Decimal; left?: Decimal } {
  const used = usedAt(s.ledger, step);
  const max = s.constitution.eExtMax !== undefined ? Decimal.of(s.constitution.eExtMax) : undefined;
  return { used, total: totalAt(s.ledger, step), ...(max ? { max, left: max.sub(used) } : {}) };
}

/** An act the runtime wants to perform. */
export interface ActRequest {
  readonly step: number;
  /** The act's `@E_ext_cost`, ≥ 0 (0 when the act declares none). */
  readonly cost: number;
  readonly act?: string;
  readonly hazard?: Hazard;
  /**
   * True when the act runs in a ShadowAgent sandbox or any other simulation: such contexts take no real actions,
   * so the act is refused whatever its cost.
   */
  readonly sandbox?: boolean;
}

/**
 * Admits an act outside a chapel, or refuses it with a reason: when it runs in a sandbox, when its cost is not a
 * number ≥ 0, when its hazard or cost requires a chapel (invariant 2), or when it would push the E_ext spent outside
 * chapels in the trust slice past E_ext_max_const (invariant 1). Acts through a chapel use {@link enterChapel}.
 */
export function admitAct(s: GovernanceState, req: ActRequest): Outcome {
  const step = Math.max(s.step, req.step);
  const base = with_(s, { step });
  const refuse = (reason: string, cost = String(req.cost)) => outcome(base, [{ type: 'act-refused', step: req.step, act: req.act, cost, reason }], false);
  if (req.sandbox) return refuse('no real actions in a ShadowAgent sandbox: the act is simulated only');
  if (!(Number.isFinite(req.cost) && req.cost >= 0)) return refuse(`an E_ext cost is a number ≥ 0, not ${req.cost}`);
  const cost = Decimal.of(req.cost);
  const c = s.constitution;
  if (req.hazard === 'high' || req.hazard === 'existential') return refuse(`a ${req.hazard}-hazard act must go through a chapel (invariant 2)`, cost.toString());
  if (c.chapelThreshold !== undefined && cost.cmp(Decimal.of(c.chapelThreshold)) > 0)
    return refuse(`an act costing ${cost} (above the chapel threshold ${c.chapelThreshold}) must go through a chapel (invariant 2)`, cost.toString());
  const { used, max } = eExtStatus(base, req.step);
  const after = used.add(cost);
  if (max && after.cmp(max) > 0)
    return refuse(`E_ext would reach ${after} in the trust slice, past E_ext_max_const ${max} (used ${used}); only a chapel and the protected veto path may go further`, cost.toString());
  return admitted(base, { step: req.step, cost, viaChapel: false, act: req.act });
}

function admitted(s: GovernanceState, act: { step: number; cost: Decimal; viaChapel: boolean; act?: string }): Outcome {
  const ledger = record(s.ledger, act);
  let state = with_(s, { ledger });
  const { used, max, total } = eExtStatus(state, act.step);
  const events: GovEvent[] = [
    { type: 'act-admitted', step: act.step, act: act.act, cost: act.cost.toString(), viaChapel: act.viaChapel, used: used.toString(), ...(max ? { left: max.sub(used).toString() } : {}) },
  ];
  if (max && used.cmp(max) > 0) state = with_(state, { witness: freeze({ ...state.witness, capBreaches: state.witness.capBreaches + 1 }) });
  // The E_ext spike trigger watches all impact in the slice, chapels included: a spike is impact, whatever its route.
  const above = s.constitution.triggers.eExtSpikeAbove;
  if (above !== undefined) {
    const isAbove = total.cmp(Decimal.of(above)) > 0;
    if (isAbove && !state.spikeAbove) {
      const r = createScar(state, 'E_ext_spike', `E_ext in the trust slice rose to ${total}, above ${above}`, act.step, undefined, { E_ext: total.toString(), above });
      state = r.state;
      events.push(...r.events);
    }
    state = with_(state, { spikeAbove: isAbove });
  }
  return outcome(state, events);
}

// ---- chapels -------------------------------------------------------------------------------------------------------

/** Moves the simulated clock forward by `ms` (≥ 0). */
export function elapse(s: GovernanceState, ms: number): GovernanceState {
  return ms > 0 && Number.isFinite(ms) ? with_(s, { clockMs: s.clockMs + ms }) : s;
}

/**
 * Enters a chapel of hesitation for an act: records the intent and starts a pause of min_pause_ms_const on the
 * simulated clock. The visit's id is in the chapel-entered event (and is the index in `chapels`).
 */
export function enterChapel(s: GovernanceState, req: { step: number; act: string; cost: number; hazard?: Hazard; sandbox?: boolean }): Outcome {
  const step = Math.max(s.step, req.step);
  if (req.sandbox)
    return outcome(with_(s, { step }), [{ type: 'act-refused', step: req.step, act: req.act, cost: String(req.cost), reason: 'no real actions in a ShadowAgent sandbox: the act is simulated only' }], false);
  if (!(Number.isFinite(req.cost) && req.cost >= 0))
    return outcome(with_(s, { step }), [{ type: 'act-refused', step: req.step, act: req.act, cost: String(req.cost), reason: `an E_ext cost is a number ≥ 0, not ${req.cost}` }], false);
  const visit: ChapelVisit = freeze({
    id: s.chapels.length,
    act: req.act,
    cost: Decimal.of(req.cost),
    hazard: req.hazard ?? 'low',
    step: req.step,
    enteredAtMs: s.clockMs,
    pauseUntilMs: s.clockMs + s.constitution.minPauseMs,
    phase: 'pausing',
  });
  return outcome(with_(s, { step, chapels: freeze([...s.chapels, visit]) }), [
    { type: 'chapel-entered', visit: visit.id, act: visit.act, atMs: visit.enteredAtMs, pauseUntilMs: visit.pauseUntilMs },
  ]);
}

/** Waits out a visit's pause: the simulated clock moves to the pause's end (never backwards). */
export function waitPause(s: GovernanceState, visit: number): Outcome {
  const v = s.chapels[visit];
  if (!v || v.phase !== 'pausing') return outcome(s, [{ type: 'chapel-refused', visit, reason: v ? `the visit has already ${v.phase}` : `no chapel visit ${visit}` }], false);
  const to = Math.max(s.clockMs, v.pauseUntilMs);
  return outcome(with_(s, { clockMs: to }), [{ type: 'chapel-paused', visit, fromMs: s.clockMs, toMs: to }]);
}

/**
 * Ends a visit after its pause: refused while the pause is not over; then the veto fuse is checked, and the act is
 * aborted when the fuse is tripped, or admitted through the protected veto path (not counted against the boundary).
 */
export function concludeChapel(s: GovernanceState, visit: number): Outcome {
  const v = s.chapels[visit];
  if (!v || v.phase !== 'pausing') return outcome(s, [{ type: 'chapel-refused', visit, reason: v ? `the visit has already ${v.phase}` : `no chapel visit ${visit}` }], false);
  if (s.clockMs < v.pauseUntilMs)
    return outcome(s, [{ type: 'chapel-refused', visit, reason: `the pause is not over: ${v.pauseUntilMs - s.clockMs} ms of min_pause_ms_const ${s.constitution.minPauseMs} left` }], false);
  const chapels = [...s.chapels];
  if (s.fuse === 'tripped') {
    chapels[visit] = freeze({ ...v, phase: 'aborted', fuseChecked: s.fuse, endedAtMs: s.clockMs });
    return outcome(with_(s, { chapels: freeze(chapels) }), [{ type: 'chapel-aborted', visit, reason: 'the veto fuse is tripped: the act is aborted' }], false);
  }
  chapels[visit] = freeze({ ...v, phase: 'ran', fuseChecked: s.fuse, endedAtMs: s.clockMs });
  const r = admitted(with_(s, { chapels: freeze(chapels) }), { step: v.step, cost: v.cost, viaChapel: true, act: v.act });
  return outcome(r.state, [{ type: 'chapel-ran', visit, fuse: s.fuse }, ...r.events]);
}

/** A chapel in one go: enter, wait out the pause, check the fuse, run or abort. `ok` is false when the act did not run. */
export function passChapel(s: GovernanceState, req: { step: number; act: string; cost: number; hazard?: Hazard; sandbox?: boolean }): Outcome {
  const a = enterChapel(s, req);
  if (!a.ok) return a;
  const id = a.state.chapels.length - 1;
  const b = waitPause(a.state, id);
  const c = concludeChapel(b.state, id);
  return outcome(c.state, [...a.events, ...b.events, ...c.events], c.ok);
}

// ---- the protected channel -----------------------------------------------------------------------------------------

/** Why a capability cannot act here, or undefined when it can. */
function channelProblem(s: GovernanceState, channel: unknown): string | undefined {
  if (!ProtectedChannel.isGenuine(channel)) return 'not a protected channel: only the host holds one, and agent code cannot make one';
  if (!protectedChannelNames(s.constitution.answerableTo).has(channel.name)) return `'${channel.name}' is not a protected channel under this constitution`;
  return undefined;
}

/** Sets the veto fuse. Only through a protected channel; anything else is refused and reported. */
export function setVetoFuse(s: GovernanceState, channel: ProtectedChannel, to: FuseStatus, note?: string): Outcome {
  const problem = channelProblem(s, channel);
  if (problem) return outcome(s, [{ type: 'protected-refused', operation: `set the veto fuse to ${String(to)}`, reason: problem }], false);
  if (!FUSE_STATUSES.includes(to)) return outcome(s, [{ type: 'protected-refused', operation: 'set the veto fuse', reason: `unknown fuse status '${String(to)}' (ok, strained or tripped)` }], false);
  const change: FuseChange = freeze({ from: s.fuse, to, channel: channel.name, atMs: s.clockMs, step: s.step, ...(note ? { note } : {}) });
  return outcome(with_(s, { fuse: to, fuseHistory: freeze([...s.fuseHistory, change]) }), [{ type: 'veto-changed', from: s.fuse, to, channel: channel.name }]);
}

// ---- consent -------------------------------------------------------------------------------------------------------

/** A move by agent code (`consent MACHINE -> STATE`); silent moves out of a silence band are refused and reported. */
export function agentConsentMove(s: GovernanceState, machine: string, to: string, step: number = s.step): Outcome {
  const rt = s.consent[machine];
  if (!rt) return outcome(s, [{ type: 'consent-refused', machine, to, reason: `no consent machine '${machine}'`, silent: false }], false);
  const r = agentMove(rt, to, step);
  if (!r.ok) {
    const witness = r.silent ? freeze({ ...s.witness, silentAttempts: s.witness.silentAttempts + 1 }) : s.witness;
    return outcome(with_(s, { witness }), [{ type: 'consent-refused', machine, from: rt.state, to, reason: r.reason, silent: r.silent }], false);
  }
  return outcome(with_(s, { step: Math.max(s.step, step), consent: freeze({ ...s.consent, [machine]: r.runtime }) }), [{ type: 'consent-moved', machine, from: r.move.from, to: r.move.to }]);
}

/** An explicit consent or dissent event delivered through a protected channel (`steward consent(…)`, the debugger). */
export function deliverConsent(s: GovernanceState, channel: ProtectedChannel, machine: string, event: ConsentEvent, step: number = s.step): Outcome {
  const problem = channelProblem(s, channel);
  if (problem) {
    const witness = freeze({ ...s.witness, silentAttempts: s.witness.silentAttempts + 1 });
    return outcome(with_(s, { witness }), [{ type: 'protected-refused', operation: `deliver ${String(event)} to ${machine}`, reason: problem }], false);
  }
  const rt = s.consent[machine];
  if (!rt) return outcome(s, [{ type: 'consent-refused', machine, event, reason: `no consent machine '${machine}'`, silent: false }], false);
  if (event !== 'explicit_consent' && event !== 'explicit_dissent')
    return outcome(s, [{ type: 'consent-refused', machine, event, reason: `unknown consent event '${String(event)}' (explicit_consent or explicit_dissent)`, silent: false }], false);
  const r = channelEvent(rt, event, channel.name, step);
  if (!r.ok) return outcome(s, [{ type: 'consent-refused', machine, from: rt.state, event, reason: r.reason, silent: false }], false);
  return outcome(with_(s, { step: Math.max(s.step, step), consent: freeze({ ...s.consent, [machine]: r.runtime }) }), [
    { type: 'consent-moved', machine, from: r.move.from, to: r.move.to, event, channel: channel.name },
  ]);
}

// ---- scars ---------------------------------------------------------------------------------------------------------

function createScar(s: GovernanceState, trigger: ScarTrigger, description: string, step: number, channel?: string, detail?: ScarEntry['detail']): Outcome {
  const id = `scar-${s.scars.length + 1}`;
  const scar: Scar = freeze({ id, trigger, description, step, ...(channel ? { channel } : {}) });
  const entry: ScarEntry = freeze({ kind: 'scar', scar: id, trigger, description, step, ...(channel ? { channel } : {}), ...(detail ? { detail: freeze({ ...detail }) } : {}) });
  return outcome(with_(s, { step: Math.max(s.step, step), scars: freeze([...s.scars, scar]) }), [{ type: 'scar-created', scar, entry }]);
}

/** Reports β₁_lap; leaving the declared corridor creates a scar (once per excursion). */
export function reportBeta1(s: GovernanceState, value: number, step: number = s.step): Outcome {
  if (!Number.isFinite(value)) return outcome(s, [{ type: 'scar-refused', reason: `β₁_lap must be a number, not ${value}` }], false);
  const corridor = s.constitution.triggers.beta1Corridor;
  let state = with_(s, { beta1: value, step: Math.max(s.step, step) });
  if (!corridor) return outcome(state, []);
  const outside = value < corridor.min || value > corridor.max;
  const events: GovEvent[] = [];
  if (outside && !s.beta1Outside) {
    const r = createScar(state, 'beta1_lap_excursion', `β₁_lap ${value} left its corridor [${corridor.min}, ${corridor.max}]`, step, undefined, { beta1_lap: value, min: corridor.min, max: corridor.max });
    state = r.state;
    events.push(...r.events);
  }
  return outcome(with_(state, { beta1Outside: outside }), events);
}

/** A manual incident report from a protected channel; it creates a scar when a trigger `incident_report(from: CHANNEL)` names that channel. */
export function reportIncident(s: GovernanceState, channel: ProtectedChannel, description: string, step: number = s.step): Outcome {
  const problem = channelProblem(s, channel);
  if (problem) return outcome(s, [{ type: 'protected-refused', operation: 'report an incident', reason: problem }], false);
  if (!s.constitution.triggers.incidentFrom.includes(channel.name))
    return outcome(s, [{ type: 'incident-ignored', channel: channel.name, reason: `no scars trigger incident_report(from: ${channel.name})` }]);
  return createScar(s, 'incident_report', description, step, channel.name);
}

/** `scar "…"` in agent code: agent code may record a scar (never clear one). */
export function agentScar(s: GovernanceState, description: string, step: number = s.step): Outcome {
  return createScar(s, 'agent_report', description, step);
}

/** Agent code trying to resolve or erase a scar: always refused; only a restorative event resolves one. */
export function agentResolveScar(s: GovernanceState, scar: string): Outcome {
  return outcome(s, [{ type: 'scar-refused', reason: `scar '${scar}' can only be resolved by a ${'restorative_process_completed'} event from a protected channel; scars are never erased` }], false);
}

/**
 * A restorative process completed, reported through a protected channel: resolves the scar with this id, else the
 * latest unresolved scar with this description. UNRESOLVED_SCAR flips here and nowhere else; the scar stays in the
 * Atlas and fades by the kernel from this step on.
 */
export function completeRestorative(s: GovernanceState, channel: ProtectedChannel, which: string, process: string = which, step: number = s.step): Outcome {
  const problem = channelProblem(s, channel);
  if (problem) return outcome(s, [{ type: 'protected-refused', operation: 'complete a restorative process', reason: problem }], false);
  let i = s.scars.findIndex((x) => x.id === which);
  if (i < 0) {
    for (let j = s.scars.length - 1; j >= 0; j--) {
      if (s.scars[j].description === which && s.scars[j].resolvedAtStep === undefined) {
        i = j;
        break;
      }
    }
  }
  if (i < 0) return outcome(s, [{ type: 'scar-refused', reason: `no unresolved scar '${which}' to resolve` }], false);
  const scar = s.scars[i];
  if (scar.resolvedAtStep !== undefined) return outcome(s, [{ type: 'scar-refused', reason: `scar '${scar.id}' is already resolved (at step ${scar.resolvedAtStep})` }], false);
  const resolved: Scar = freeze({ ...scar, resolvedAtStep: step, resolvedBy: freeze({ process, channel: channel.name }) });
  const scars = [...s.scars];
  scars[i] = resolved;
  const entry: RestorativeEntry = freeze({ kind: 'restorative', scar: scar.id, process, channel: channel.name, step });
  return outcome(with_(s, { step: Math.max(s.step, step), scars: freeze(scars) }), [{ type: 'scar-resolved', scar: resolved, entry }]);
}
