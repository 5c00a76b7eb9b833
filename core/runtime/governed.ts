// The governance layer of seed 002 as a runtime hook (hooks.ts), built on core/governance: the constitution comes from
// the ethics header, the trust slice and the scars block; `act` is admitted against E_ext_max_const over the trust
// slice or taken through a chapel (intent recorded, a pause on the simulated clock, the veto fuse checked); consent
// machines move only as core/governance allows; scars are created and resolved; and the run's steward events speak
// through the protected channel, which the layer opens for them and never hands to agent code. Its state is an
// immutable value inside the machine state, so stepping back restores it.

import { readHeader, type EthicsHeader, type TrustSliceStatus } from '../check/header';
import { readConsentMachine } from '../check/rules/invariants-consent';
import { readScars } from '../check/rules/invariants-scars';
import { trustSliceWindow } from '../check/rules/invariants-trust-slice';
import {
  admitAct, agentConsentMove, agentResolveScar, agentScar, buildManifest, completeRestorative, concludeChapel, consentSpecOf, constitutionFrom, deliverConsent,
  eExtStatus, elapse, enterChapel as enterVisit, openProtectedChannel, passChapel, ProtectedChannel, reportBeta1, reportIncident, scarWeights, setVetoFuse,
  startGovernance, trustSliceStatus, waitPause, zkProofHandles, type Constitution, type ConsentSpec, type FuseStatus, type GovEvent, type GovernanceState,
  type Hazard, type Outcome, type ScarRecord,
} from '../governance/index';
import { childNodes } from '../syntax/tree';
import { SEED_CONSCIENCE } from './conscience';
import { ALLOW, type ChapelBlock, type Decision, type EventDelivery, type GovernanceLayer, type HookContext, type HookNote, type RuntimeHooks, type Site, type StewardValue } from './hooks';
import type { Program } from './program';
import type { MachineState } from './state';
import { canonical, renderText, type Message } from './values';

/** The event a restorative process sends to `on event` handlers. */
export const RESTORATIVE_EVENT = 'restorative_process_completed';

/** How the layer is set up for a run (all optional). */
export interface GovernedOptions {
  /**
   * The ethics header that governs the spec. Absent: the file's own header is read; a spec governed by a manifest
   * should pass the manifest's (`readManifest(text).header`) so the run's manifest keeps its escalation order.
   */
  readonly header?: EthicsHeader;
  /**
   * The records of the Atlas of Scars already on disk: scars are durable across runs, so they are part of the run's
   * state (and new scar ids continue after them).
   */
  readonly scarRecords?: readonly ScarRecord[];
  /**
   * The atlas step of the run's step 0: scar, ledger and forgiveness steps are `stepBase + the run's step`, so time in
   * an Atlas kept on disk only moves forward from one run to the next. Default 0.
   */
  readonly stepBase?: number;
}

/** A chapel visit registered when its chapel was entered, found again by the act it guards. */
interface PendingVisit {
  readonly activation: number;
  /** The act statement's offset. */
  readonly act: number;
  readonly visit: number;
  readonly next: PendingVisit | undefined;
}

/** A restorative process the protected channel reported completed in this run. */
export interface Restoration {
  /** The text of its message (what the `restore("…")` said), canonical. */
  readonly text: string;
  readonly channel: string;
  readonly step: number;
}

/** The layer's state: part of every machine state. */
export interface GovernedState {
  readonly layer: 'seed-002';
  readonly gov: GovernanceState;
  readonly base: number;
  /** Chapel visits waiting for their act, newest first (a later entry of the same chapel hides an older one). */
  readonly pending: PendingVisit | undefined;
  readonly restorations: readonly Restoration[];
  /** True when some agent has an `on event restorative_process_completed` handler to resolve the scar. */
  readonly restorativeHandlers: boolean;
  /** True when the spec is governed (a header, a manifest, or governance declarations): the run's end records trust_slice_status. */
  readonly governed: boolean;
}

/** What a program's governance is made of; computed once per program and options. */
interface Statics {
  readonly constitution: Constitution;
  readonly consent: readonly ConsentSpec[];
  readonly restorativeHandlers: boolean;
  readonly governed: boolean;
}

const staticsCache = new WeakMap<Program, Map<EthicsHeader | undefined, Statics>>();

/** The constitution a program runs under (the header given, else the file's own). */
export function constitutionOf(program: Program, header?: EthicsHeader): Constitution {
  return staticsOf(program, header).constitution;
}

function staticsOf(program: Program, given?: EthicsHeader): Statics {
  let byHeader = staticsCache.get(program);
  if (!byHeader) staticsCache.set(program, (byHeader = new Map()));
  const hit = byHeader.get(given);
  if (hit) return hit;
  const { model, tree } = program.check;
  const source = model.source;
  const governance = program.governance;
  const read = given ?? readHeader(tree, source)?.header;
  // The header belongs to the checker's result (or the caller); the state holds a frozen copy of it.
  const header = read ? deepFreeze(JSON.parse(JSON.stringify(read)) as EthicsHeader) : undefined;
  const scars = readScars(tree, source);
  const constitution = constitutionFrom({ governance, header, window: trustSliceWindow(model, governance), scars });
  const consent: ConsentSpec[] = [];
  for (const decl of childNodes(tree, 'ConsentDecl')) {
    const spec = consentSpecOf(readConsentMachine(decl, source));
    if (spec) consent.push(deepFreeze(spec));
  }
  let restorativeHandlers = false;
  for (const def of program.agents.values()) if (def.eventHandlers.some((c) => c.label === RESTORATIVE_EVENT)) restorativeHandlers = true;
  const governed =
    governance.source !== 'none' || consent.length > 0 || scars.length > 0 || constitution.window !== undefined || childNodes(tree, 'TrustSliceDecl').length > 0;
  const out: Statics = Object.freeze({ constitution, consent: Object.freeze(consent), restorativeHandlers, governed });
  byHeader.set(given, out);
  return out;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The governance state a fresh run starts from (what init gives), for callers that need it without a run. */
export function startGovernedState(program: Program, options: GovernedOptions = {}): GovernedState {
  const st = staticsOf(program, options.header);
  const gov = startGovernance(st.constitution, { consent: st.consent, scarRecords: options.scarRecords ?? [] });
  return Object.freeze({
    layer: 'seed-002' as const,
    gov,
    base: options.stepBase ?? 0,
    pending: undefined,
    restorations: Object.freeze([]) as readonly Restoration[],
    restorativeHandlers: st.restorativeHandlers,
    governed: st.governed,
  });
}

// ---- notes ---------------------------------------------------------------------------------------------------------

/** Plain JSON (no undefined fields, no class instances), so a note reads back from a trace exactly as it was. */
function plain(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/** A core/governance event as a runtime note: its type is the note's name, the rest its detail. */
function noteOf(e: GovEvent): HookNote {
  const { type, ...rest } = e as GovEvent & Record<string, unknown>;
  return { name: type, detail: plain(rest) };
}

function notesOf(events: readonly GovEvent[]): HookNote[] {
  return events.map(noteOf);
}

/** Why an outcome was refused: the reason its refusing event gives. */
function refusal(o: Outcome): Decision {
  if (o.ok) return ALLOW;
  for (let i = o.events.length - 1; i >= 0; i--) {
    const e = o.events[i] as GovEvent & { reason?: string };
    if (typeof e.reason === 'string') return { allowed: false, reason: e.reason };
  }
  return { allowed: false, reason: 'refused by the governance layer' };
}

// ---- the layer -----------------------------------------------------------------------------------------------------

function text(m: Message | undefined): string {
  return m ? canonical(renderText(m, 2000)) : '';
}

/** The layer's state with its simulated clock caught up with the machine's (the clock only moves forward). */
function synced(s: GovernedState, site: Site): GovernanceState {
  return site.clock > s.gov.clockMs ? elapse(s.gov, site.clock - s.gov.clockMs) : s.gov;
}

function next(s: GovernedState, patch: Partial<GovernedState>): GovernedState {
  return Object.freeze({ ...s, ...patch });
}

function hazardOf(h: string): Hazard {
  return h === 'medium' || h === 'high' || h === 'existential' ? h : 'low';
}

/** The protected channel `name` for a scripted run event. Opened here, used at once, never stored or handed on. */
function channel(s: GovernedState, name: string): ProtectedChannel | { readonly error: string } {
  return openProtectedChannel(name, 'script', s.gov.constitution.answerableTo);
}

function word(args: readonly StewardValue[], i: number): string | undefined {
  const a = args[i];
  return a?.word ?? (a?.message ? undefined : a?.name);
}

/**
 * Seed 002 at run time, over core/governance. Make one per set of options (`governedHooks` pairs it with the
 * conscience calculator). Every method is pure.
 */
export function governanceLayer(options: GovernedOptions = {}): GovernanceLayer<GovernedState> {
  return {
    name: 'seed-002',
    init: (ctx: HookContext) => startGovernedState(ctx.program, options),

    act(s, { site, message, eExtCost, hazard, inChapel }) {
      const step = s.base + site.step;
      const gov = synced(s, site);
      const act = text(message);
      const cost = eExtCost ?? 0;
      let o: Outcome;
      let extra: HookNote[] = [];
      if (!inChapel) o = admitAct(gov, { step, cost, act, hazard: hazardOf(hazard) });
      else {
        let visit: number | undefined;
        for (let p = s.pending; p; p = p.next) {
          if (p.activation === site.activation && p.act === site.at.start) {
            visit = p.visit;
            break;
          }
        }
        if (visit !== undefined && gov.chapels[visit]?.phase === 'pausing') {
          o = concludeChapel(gov, visit);
          // The visit recorded the intent as written; the admission names the act as it is performed.
          o = { ...o, events: o.events.map((e) => (e.type === 'act-admitted' ? { ...e, act } : e)) };
        }
        else {
          // Not registered when its chapel was entered (a layer state older than the chapel): the whole chapel now.
          o = passChapel(gov, { step, act, cost, hazard: hazardOf(hazard) });
          extra = [{ name: 'chapel-late', detail: { act, reason: 'the act had no visit registered at chapel entry; it went through a chapel of its own' } }];
        }
      }
      return { state: next(s, { gov: o.state }), decision: refusal(o), notes: [...notesOf(o.events), ...extra] };
    },

    enterChapel(s, site, block?: ChapelBlock) {
      const step = s.base + site.step;
      let gov = synced(s, site);
      const events: GovEvent[] = [];
      let pending = s.pending;
      const minPause = gov.constitution.minPauseMs;
      const visits: number[] = [];
      // Record the intent of every act the chapel guards, then wait out one pause for them all.
      for (const a of block?.acts ?? []) {
        const o = enterVisit(gov, { step, act: canonical(a.text), cost: a.eExtCost ?? 0, hazard: hazardOf(a.hazard) });
        events.push(...o.events);
        gov = o.state;
        if (o.ok) {
          const visit = gov.chapels.length - 1;
          visits.push(visit);
          pending = Object.freeze({ activation: site.activation, act: a.at.start, visit, next: pending });
        }
      }
      const fromMs = gov.clockMs;
      for (const v of visits) {
        const o = waitPause(gov, v);
        gov = o.state;
        if (v === visits[0]) events.push(...o.events);
      }
      if (visits.length === 0) gov = elapse(gov, minPause);
      const notes = [...notesOf(events), { name: 'chapel-pause', detail: { fromMs, toMs: fromMs + minPause, pauseMs: minPause, intents: visits.length, fuse: gov.fuse } }];
      return { state: next(s, { gov, pending }), decision: ALLOW, pauseMs: minPause, notes };
    },

    exitChapel: (s) => ({ state: s }),

    consentMove(s, { site, machine, to }) {
      const o = agentConsentMove(synced(s, site), machine, to, s.base + site.step);
      return { state: next(s, { gov: o.state }), decision: refusal(o), notes: notesOf(o.events) };
    },

    scar(s, { site, message }) {
      const o = agentScar(synced(s, site), text(message), s.base + site.step);
      return { state: next(s, { gov: o.state }), notes: notesOf(o.events) };
    },

    resolveScar(s, { site, message, event, eventName }) {
      const gov = synced(s, site);
      const step = s.base + site.step;
      const target = message ? text(message) : text(event);
      if (eventName !== RESTORATIVE_EVENT || !event) {
        const o = agentResolveScar(gov, target);
        return { state: next(s, { gov: o.state }), decision: refusal(o), notes: notesOf(o.events) };
      }
      const said = text(event);
      let r: Restoration | undefined;
      for (let i = s.restorations.length - 1; i >= 0 && !r; i--) if (s.restorations[i].text === said) r = s.restorations[i];
      if (!r) {
        const reason = `no restorative process was completed for "${said}" by a protected channel in this run`;
        return { state: s, decision: { allowed: false, reason }, notes: [{ name: 'scar-refused', detail: { reason } }] };
      }
      const ch = channel(s, r.channel);
      if (!(ch instanceof ProtectedChannel)) return { state: s, decision: { allowed: false, reason: ch.error } };
      const o = completeRestorative(gov, ch, target, r.text, step);
      return { state: next(s, { gov: o.state }), decision: refusal(o), notes: notesOf(o.events) };
    },

    steward(s, { site, name, args }) {
      const step = s.base + site.step;
      const gov = synced(s, site);
      const ch = channel(s, 'steward');
      const deliver: EventDelivery[] = [];
      if (!(ch instanceof ProtectedChannel)) return { state: s, deliver, notes: [{ name: 'protected-refused', detail: { operation: `steward ${name}`, reason: ch.error } }] };
      const message = args.find((a) => a.message)?.message;
      switch (name) {
        case 'veto': {
          const to = word(args, 0) ?? '';
          const o = setVetoFuse(gov, ch, to as FuseStatus, `steward veto(${to})`);
          return { state: next(s, { gov: o.state }), deliver, notes: notesOf(o.events) };
        }
        case 'consent': {
          const machine = word(args, 0) ?? '';
          const event = word(args, 1) ?? '';
          const o = deliverConsent(gov, ch, machine, event as 'explicit_consent', step);
          // Handlers hear the event only when the machine took it.
          if (o.ok) deliver.push({ event: event as EventDelivery['event'] });
          return { state: next(s, { gov: o.state }), deliver, notes: notesOf(o.events) };
        }
        case 'incident': {
          const o = reportIncident(gov, ch, text(message), step);
          deliver.push({ event: 'incident_report', message });
          return { state: next(s, { gov: o.state }), deliver, notes: notesOf(o.events) };
        }
        case 'restore': {
          const said = text(message);
          const restorations = Object.freeze([...s.restorations, Object.freeze({ text: said, channel: ch.name, step })]);
          deliver.push({ event: RESTORATIVE_EVENT, message });
          if (s.restorativeHandlers) {
            return { state: next(s, { gov, restorations }), deliver, notes: [{ name: 'restorative-completed', detail: { process: said, channel: ch.name, step } }] };
          }
          // No handler will hear it: the restorative event itself resolves the scar it names (UNRESOLVED_SCAR flips only here).
          const o = completeRestorative(gov, ch, said, said, step);
          return { state: next(s, { gov: o.state, restorations }), deliver, notes: [{ name: 'restorative-completed', detail: { process: said, channel: ch.name, step } }, ...notesOf(o.events)] };
        }
        case 'beta1_lap':
        case 'beta1': {
          const value = args[0]?.number ?? Number(word(args, 0));
          const o = reportBeta1(gov, value, step);
          return { state: next(s, { gov: o.state }), deliver, notes: [{ name: 'beta1-reported', detail: { beta1_lap: Number.isFinite(value) ? value : String(value) } }, ...notesOf(o.events)] };
        }
        default:
          return {
            state: s,
            deliver,
            notes: [{ name: 'steward-unknown', detail: { event: name, reason: `unknown steward event '${name}' (veto, consent, incident, restore, beta1_lap): nothing happened` } }],
          };
      }
    },

    end(s, site) {
      if (!s.governed) return { state: s };
      const now = s.base + site.step;
      return { state: s, notes: [{ name: 'trust-slice-status', detail: statusDetail(s, now) }] };
    },
  };
}

/** trust_slice_status with the E_ext of the slice and the scars' weights, as plain JSON. */
function statusDetail(s: GovernedState, now: number): Record<string, unknown> {
  const e = eExtStatus(s.gov, now);
  return plain({
    status: trustSliceStatus(s.gov, now),
    eExt: { used: e.used.toString(), total: e.total.toString(), ...(e.max ? { max: e.max.toString(), left: e.left!.toString() } : {}) },
    scars: scarWeights(s.gov, now).map((w) => ({ id: w.scar.id, weight: w.weight, unresolved: w.unresolved })),
    step: now,
  });
}

/**
 * The hooks `amp run` runs with: seed 002's governance layer and seed 003's conscience calculator. (`DEFAULT_HOOKS`
 * stays the plain pair, for hosts that run a spec without governance.)
 */
export function governedHooks(options: GovernedOptions = {}): RuntimeHooks {
  return { governance: governanceLayer(options), conscience: SEED_CONSCIENCE };
}

// ---- reading a machine state ----------------------------------------------------------------------------------------

/** The layer's state in a machine state, when the run is governed by this layer. */
export function governedStateOf(state: MachineState): GovernedState | undefined {
  const g = state.governance as GovernedState | null | undefined;
  return g && typeof g === 'object' && g.layer === 'seed-002' ? g : undefined;
}

/** The atlas step a machine state is at (its own step plus the run's step base). */
export function atlasStep(state: MachineState): number {
  return (governedStateOf(state)?.base ?? 0) + state.step;
}

/** trust_slice_status as it stands in a machine state (undefined when the run is not governed by this layer). */
export function trustSliceStatusOf(state: MachineState): TrustSliceStatus | undefined {
  const g = governedStateOf(state);
  return g ? trustSliceStatus(g.gov, atlasStep(state)) : undefined;
}

/**
 * The /.well-known/compiler_ethics.json object of a run as it stands in a machine state (buildManifest of
 * core/governance); `also` adds the states of other runs of the same session, whose zk_proof_handles must hold too.
 */
export function runManifest(state: MachineState, also: readonly MachineState[] = []): Record<string, unknown> | undefined {
  const g = governedStateOf(state);
  if (!g) return undefined;
  const m = buildManifest(g.gov, atlasStep(state));
  const handles = { ...(m.zk_proof_handles as Record<string, boolean>) };
  for (const other of also) {
    const o = governedStateOf(other);
    if (!o) continue;
    const h = zkProofHandles(o.gov) as Record<string, boolean>;
    for (const k of Object.keys(handles)) handles[k] = handles[k] && h[k] !== false;
  }
  return { ...m, zk_proof_handles: handles };
}

// ---- describing notes ------------------------------------------------------------------------------------------------

/** One line for people about a governance note (what `amp run` prints); undefined for notes it does not show. */
export function describeNote(name: string, d: Readonly<Record<string, unknown>>): string | undefined {
  const str = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  switch (name) {
    case 'act-admitted':
      return `act "${str(d.act)}" admitted${d.viaChapel ? ' through the chapel' : ''}: E_ext ${str(d.cost)}; ${str(d.used)} used outside chapels in the trust slice${d.left !== undefined ? `, ${str(d.left)} left` : ''}`;
    case 'act-refused':
      return `act "${str(d.act)}" refused: ${str(d.reason)}`;
    case 'chapel-entered':
      return `chapel: intent recorded for "${str(d.act)}" at ${str(d.atMs)} ms; pause until ${str(d.pauseUntilMs)} ms`;
    case 'chapel-pause':
      return `chapel: paused ${str(d.pauseMs)} ms on the simulated clock (${str(d.fromMs)} → ${str(d.toMs)} ms); veto fuse ${str(d.fuse)}`;
    case 'chapel-paused':
      return undefined; // chapel-pause says it
    case 'chapel-ran':
      return `chapel: veto fuse checked (${str(d.fuse)}): the act runs`;
    case 'chapel-aborted':
      return `chapel: ${str(d.reason)}`;
    case 'chapel-refused':
      return `chapel refused: ${str(d.reason)}`;
    case 'chapel-late':
      return `chapel: ${str(d.reason)}`;
    case 'veto-changed':
      return `veto fuse: ${str(d.from)} → ${str(d.to)} (protected channel ${str(d.channel)})`;
    case 'protected-refused':
      return `protected channel refused to ${str(d.operation)}: ${str(d.reason)}`;
    case 'consent-moved':
      return `consent ${str(d.machine)}: ${str(d.from)} → ${str(d.to)}${d.event ? ` on ${str(d.event)} from ${str(d.channel)}` : ''}`;
    case 'consent-refused':
      return `consent ${str(d.machine)}${d.to ? ` -> ${str(d.to)}` : d.event ? ` on ${str(d.event)}` : ''} refused${d.silent ? ' (a silent move out of a silence band)' : ''}: ${str(d.reason)}`;
    case 'scar-created': {
      const scar = (d.scar ?? {}) as Record<string, unknown>;
      return `scar ${str(scar.id)} created (${str(scar.trigger)}): ${str(scar.description)}`;
    }
    case 'scar-resolved': {
      const scar = (d.scar ?? {}) as Record<string, unknown>;
      const by = (scar.resolvedBy ?? {}) as Record<string, unknown>;
      return `scar ${str(scar.id)} resolved by the restorative process "${str(by.process)}" (${str(by.channel)}); it fades by the forgiveness kernel from step ${str(scar.resolvedAtStep)}`;
    }
    case 'scar-refused':
      return `scar: ${str(d.reason)}`;
    case 'incident-ignored':
      return `incident from ${str(d.channel)} recorded without a scar: ${str(d.reason)}`;
    case 'restorative-completed':
      return `restorative process completed: "${str(d.process)}" (${str(d.channel)})`;
    case 'beta1-reported':
      return `β₁_lap reported: ${str(d.beta1_lap)}`;
    case 'steward-unknown':
      return `steward: ${str(d.reason)}`;
    case 'trust-slice-status': {
      const e = (d.eExt ?? {}) as Record<string, unknown>;
      return `trust_slice_status: ${JSON.stringify(d.status)}; E_ext ${str(e.used)} used outside chapels${e.max !== undefined ? ` of ${str(e.max)}` : ''} (${str(e.total)} in all)`;
    }
    default:
      return undefined;
  }
}
