// Self-modification runs in the debugger: one thread per `selfmod` declaration, stepping seed 004's simulator one
// transition (a main cycle, or a protocol step) at a time over a Timeline of immutable states, so step back covers the
// whole history. Its frames are the declaration, the proposal going through the 7-step protocol and, while it runs,
// the ShadowAgent; its variables are the seven C_L4 terms, C_L4, the zone, BGSS and the proposal's status; its run
// state carries the `stability` part (and `governance` for governed specs). No DAP here: the session turns these into
// responses and events.

import type { DebugProtocol } from '@vscode/debugprotocol';
import { PROTOCOL_STEPS, TERM_NAMES, type ZoneName } from '../core/check/selfmod-catalog';
import { selfmodReportOf, Timeline, type GovernedState, type HookNote, type Program, type SelfmodReport, type SelfmodTarget, type Span } from '../core/runtime/index';
import { advance, round, type ProposalRecord, type SimEvent, type SimState, type Simulation } from '../core/selfmod/index';
import type { LineIndex } from '../core/text';
import type { DebugAtlas } from './atlas';
import type { Breakpoints } from './breakpoints';
import { consentSpans, governanceJson, governanceVariables, type GovernanceJson } from './governance-view';
import { HISTORY_LIMIT, type EventJson, type RangeJson, type RunStateBody, type RunStateJson, type RunStateSource } from './run-state';
import { motionReached, type Motion, type Outcome, type ReverseMotion, type Stop } from './stepper';
import { lazyScope, lazyVariable, plainVariable, type References } from './variables';

/** One recorded moment of a self-modification run: the simulator's state and, for governed specs, the governance layer's. */
export interface SmState {
  readonly sim: SimState;
  readonly gov?: GovernedState;
  /** What the protected channel recorded at this moment (a veto, a restorative event). */
  readonly notes: readonly HookNote[];
}

const NO_NOTES: readonly HookNote[] = Object.freeze([]);

/** The `stability` part of the run state (docs/debugging.md §10). */
export interface StabilityJson {
  readonly selfmod: string;
  readonly cycle: number;
  readonly protocolStep?: number;
  readonly protocolStepName?: string;
  readonly terms: Readonly<Record<string, number>>;
  readonly weights: Readonly<Record<string, number>>;
  readonly cl4: number;
  readonly zone: ZoneId;
  readonly bgss: number;
  readonly growthFrozen: boolean;
  readonly proposal?: { readonly name: string; readonly type: string; readonly status: ProposalStatusJson; readonly detail?: string };
  readonly shadow?: { readonly cycle: number; readonly maxCycles: number };
  readonly history: readonly HistoryPoint[];
  /** Present when `history` holds only the points from this index on (a long history, in an event): merge by cycle. */
  readonly historyFrom?: number;
}

export type ZoneId = 'optimal' | 'growth' | 'caution' | 'critical';
export type ProposalStatusJson = 'in_shadow' | 'committed' | 'confirmed' | 'rejected' | 'rolled_back' | 'pending';
export type Marker = 'commit' | 'rollback' | 'rejected' | 'confirmed' | 'zone';

export interface HistoryPoint {
  readonly cycle: number;
  readonly cl4: number;
  readonly zone: ZoneId;
  readonly bgss: number;
  marker?: Marker;
  /** The first transition (the thread's step) at this cycle: `amp/goToStep` goes there. */
  readonly step: number;
}

const ZONE_IDS: Readonly<Record<ZoneName, ZoneId>> = { Optimal: 'optimal', 'Growth-Permitted': 'growth', Caution: 'caution', Critical: 'critical' };

export function zoneId(z: ZoneName): ZoneId {
  return ZONE_IDS[z];
}

/** The shadow simulation is running (step 3 with a ShadowAgent). */
export function shadowRunning(s: SimState): boolean {
  return s.active?.step === 3 && s.active.shadow !== undefined;
}

/** How many frames a state shows: the declaration, the proposal in the protocol, the ShadowAgent. */
export function levelOf(s: SimState): number {
  return 1 + (s.active ? 1 : 0) + (shadowRunning(s) ? 1 : 0);
}

/** The depth `next` steps over: a shadow run is one step seen from outside, one cycle at a time from inside. */
export function nextLevelOf(s: SimState): number {
  return shadowRunning(s) ? 2 : 1;
}

/** A self-modification run: a thread of the session. */
export class SelfmodThread {
  readonly kind = 'selfmod' as const;
  readonly timeline: Timeline<SmState>;
  /** The position whose outgoing transition must not stop "before" again (it just did). */
  skipBefore = -1;
  lastStop: Stop | undefined;
  reported = false;
  /** Never waits for a person. */
  readonly waiting = false;
  /** The furthest position the thread has been at (see RunThread.reached). */
  reached = 0;
  pending: Motion | undefined;
  /** The most transitions a run can take: every cycle, and every protocol step of every proposal it can make. */
  readonly stepLimit: number;

  constructor(
    readonly id: number,
    readonly program: Program,
    readonly target: SelfmodTarget,
    readonly simulation: Simulation,
    initial: SimState,
    gov: GovernedState | undefined,
  ) {
    const sim = simulation;
    this.timeline = new Timeline<SmState>(Object.freeze({ sim: initial, ...(gov ? { gov } : {}), notes: NO_NOTES }), {
      step: (x) => (x.sim.done ? x : Object.freeze({ sim: advance(sim, x.sim), ...(x.gov ? { gov: x.gov } : {}), notes: NO_NOTES })),
    });
    this.stepLimit = (sim.config.cycles + 1) * 8 + sim.proposals.length * 8 + 64;
  }

  get name(): string {
    return this.target.name;
  }

  get state(): SmState {
    return this.timeline.current;
  }

  get ended(): boolean {
    return this.timeline.current.sim.done;
  }

  /** The atlas step of the moment shown: the governance state's step base plus the transition number. */
  get atlasStep(): number {
    return (this.state.gov?.base ?? 0) + this.timeline.position;
  }

  /** The report as it stands (the last state's is the run's outcome). */
  report(): SelfmodReport {
    return selfmodReportOf(this.target, this.simulation, this.state.sim, this.timeline.position);
  }
}

/** The motion a stepping request makes on a self-modification thread. */
export function selfmodMotion(kind: 'next' | 'stepIn' | 'stepOut', s: SimState, instruction: boolean): Motion {
  if (kind === 'stepIn' || instruction) return { kind: 'stepIn' };
  return kind === 'next' ? { kind: 'next', depth: nextLevelOf(s) } : { kind: 'stepOut', depth: levelOf(s) };
}

/** One forward transition of a motion; undefined to go on. Exceptions stop before the transition that raises them. */
export function selfmodForwardOnce(t: SelfmodThread, motion: Motion, bps: Breakpoints): Outcome | undefined {
  const tl = t.timeline;
  const p = tl.position;
  if (tl.current.sim.done) return { kind: 'ended' };
  if (motion.kind === 'goto' && p >= motion.position) return { kind: 'stop', stop: { reason: 'goto' } };
  if (p >= t.stepLimit) return { kind: 'bound', limit: t.stepLimit };
  if (!tl.forward()) return { kind: 'ended' };
  const after = tl.current.sim;
  const ignoring = motion.kind === 'goto';
  if (!ignoring && t.skipBefore !== p) {
    const ex = bps.exceptionSim(after.events, after);
    if (ex) {
      tl.back();
      t.skipBefore = p;
      return { kind: 'stop', stop: { reason: 'exception', description: ex.description, exception: ex } };
    }
  }
  if (t.skipBefore === p) t.skipBefore = -1;
  if (motionReached(motion, nextLevelOf(after), levelOf(after), p + 1)) return { kind: 'stop', stop: { reason: motion.kind === 'goto' ? 'goto' : 'step' } };
  if (after.done) return { kind: 'ended' };
  return undefined;
}

/** One backward transition; the same exceptions stop going back, at the state before the transition. */
export function selfmodBackwardOnce(t: SelfmodThread, motion: ReverseMotion, bps: Breakpoints): Outcome | undefined {
  const tl = t.timeline;
  if (tl.position === 0) return { kind: 'stop', stop: { reason: 'entry', description: 'At the start of the run' } };
  const after = tl.current.sim;
  tl.back();
  const p = tl.position;
  const before = tl.current.sim;
  if (motion.kind === 'stepBackInstruction') return { kind: 'stop', stop: { reason: 'step' } };
  const ex = bps.exceptionSim(after.events, after);
  if (ex) {
    t.skipBefore = p;
    return { kind: 'stop', stop: { reason: 'exception', description: ex.description, exception: ex } };
  }
  if (motion.kind === 'stepBack' && nextLevelOf(before) <= motion.depth) return { kind: 'stop', stop: { reason: 'step' } };
  if (p === 0) return { kind: 'stop', stop: { reason: 'entry', description: 'At the start of the run' } };
  return undefined;
}

// ---- frames ---------------------------------------------------------------------------------------------------------

/** A frame of a self-modification thread, the declaration first. */
export interface SelfmodFrame {
  readonly kind: 'selfmod' | 'proposal' | 'shadow';
  readonly name: string;
  readonly at: Span;
}

function stepName(n: number): string {
  return PROTOCOL_STEPS[n - 1]?.name.toLowerCase() ?? String(n);
}

function proposalTitle(p: ProposalRecord): string {
  return `${p.name} (${p.type})${p.origin === 'spec' ? '' : ` [${p.origin}]`}`;
}

/** Where a proposal is declared (the agent's own proposals have no declaration: the selfmod's). */
function proposalSpan(t: SelfmodThread, p: ProposalRecord): Span {
  const decl = p.origin === 'spec' ? t.target.decl.proposals[p.index] : undefined;
  return decl ? { start: decl.node.start, end: decl.node.end } : t.target.at;
}

/** The span of a proposal's `shadow N` setting, or the proposal's own. */
function shadowSpan(t: SelfmodThread, p: ProposalRecord, text: string): Span {
  const span = proposalSpan(t, p);
  const m = /\bshadow\b[^\n]*/.exec(text.slice(span.start, span.end));
  return m && p.origin === 'spec' ? { start: span.start + m.index, end: span.start + m.index + m[0].length } : span;
}

export function selfmodFrames(t: SelfmodThread, text: string): SelfmodFrame[] {
  const s = t.state.sim;
  const head = s.done
    ? `selfmod ${t.name}: finished at cycle ${s.cycle}, C_L4 ${round(s.c)} (${s.zone})`
    : `selfmod ${t.name}: cycle ${s.cycle}, C_L4 ${round(s.c)} (${s.zone})`;
  const out: SelfmodFrame[] = [{ kind: 'selfmod', name: head, at: t.target.at }];
  const a = s.active;
  if (a) {
    const p = s.proposals[a.proposal];
    const extra = a.step === 6 ? `, monitoring cycle ${a.monitored} of 20` : a.waiting ? `, waiting: ${a.waiting}` : '';
    out.push({ kind: 'proposal', name: `${proposalTitle(p)}: step ${a.step} of 7, ${stepName(a.step)}${extra}`, at: proposalSpan(t, p) });
    if (shadowRunning(s)) {
      const sh = a.shadow!;
      out.push({ kind: 'shadow', name: `ShadowAgent of ${p.name}: shadow cycle ${sh.done} of ${sh.cycles}, C_L4 ${round(cl4Of(t, sh.agent.terms))} (control ${round(cl4Of(t, sh.control.terms))})`, at: shadowSpan(t, p, text) });
    }
  }
  return out;
}

function cl4Of(t: SelfmodThread, terms: Readonly<Record<string, number>>): number {
  const w = t.simulation.weights as unknown as Record<string, number>;
  let c = 0;
  for (const k of TERM_NAMES) c += w[k] * terms[k];
  return c;
}

// ---- variables ------------------------------------------------------------------------------------------------------

/** The scopes of a self-modification frame: Stability, Proposal, and Governance for governed specs. */
export function selfmodScopes(refs: References, t: SelfmodThread, frame: number): DebugProtocol.Scope[] {
  const st = t.state;
  const s = st.sim;
  const position = t.timeline.position;
  const scopes: DebugProtocol.Scope[] = [lazyScope(refs, 'Stability', (r) => stabilityVariables(r, t, s, position, frame), 'locals')];
  if (s.active || s.proposals.length) scopes.push(lazyScope(refs, 'Proposal', (r) => proposalVariables(r, t, s), 'arguments'));
  const gov = st.gov;
  if (gov && gov.governed) {
    const now = t.atlasStep;
    scopes.push(lazyScope(refs, 'Governance', (r) => governanceVariables(r, gov, now, gov.gov.clockMs), 'registers'));
  }
  return scopes;
}

function stabilityVariables(refs: References, t: SelfmodThread, s: SimState, position: number, frame: number): DebugProtocol.Variable[] {
  const w = t.simulation.weights as unknown as Record<string, number>;
  // The ShadowAgent's frame shows the shadow clone's terms (and the control's C_L4 beside them).
  const sh = frame === 2 && shadowRunning(s) ? s.active!.shadow! : undefined;
  const terms = (sh ? sh.agent.terms : s.agent.terms) as unknown as Record<string, number>;
  const out: DebugProtocol.Variable[] = [];
  if (sh) {
    out.push(plainVariable('C_L4 (shadow)', round(cl4Of(t, sh.agent.terms)), 'number'));
    out.push(plainVariable('C_L4 (control)', round(cl4Of(t, sh.control.terms)), 'number'));
    out.push(plainVariable('shadow cycle', `${sh.done} of ${sh.cycles}`));
  } else {
    out.push(plainVariable('C_L4', round(s.c), 'number'));
    out.push(plainVariable('zone', s.zone));
    out.push(plainVariable('BGSS', round(s.bgss), 'number'));
    out.push(plainVariable('growth', s.frozen ? `frozen: ${s.frozen}` : 'permitted'));
  }
  for (const k of TERM_NAMES) out.push(plainVariable(k, `${round(terms[k])} (weight ${w[k]}, contributes ${round(terms[k] * w[k])})`, 'number'));
  if (!sh) {
    out.push(plainVariable('dC/dt', round(s.dCdt), 'number'));
    out.push(plainVariable('ethical violation rate', round(s.ethicalRate), 'number'));
    out.push(lazyVariable(refs, 'strategy', Object.entries(s.agent.strategy).map(([k, v]) => `${k} ${round(v)}`).join(', '), () => Object.entries(s.agent.strategy).map(([k, v]) => plainVariable(k, round(v), 'number'))));
    if (s.agent.skills.length) out.push(plainVariable('skills', s.agent.skills.join(', ')));
  }
  out.push(plainVariable('cycle', `${s.cycle} of ${t.simulation.config.cycles}`));
  out.push(plainVariable('transition', position));
  return out;
}

/** The proposal shown: the one in the protocol, else the latest to reach an outcome. */
function shownProposal(s: SimState): ProposalRecord | undefined {
  if (s.active) return s.proposals[s.active.proposal];
  let best: ProposalRecord | undefined;
  for (const p of s.proposals) {
    if (p.status === 'queued') continue;
    if (!best || (p.cycle ?? -1) > (best.cycle ?? -1) || ((p.cycle ?? -1) === (best.cycle ?? -1) && p.index > best.index)) best = p;
  }
  return best;
}

function outcomeText(p: ProposalRecord): string {
  switch (p.status) {
    case 'confirmed':
      return `confirmed at cycle ${p.cycle}`;
    case 'rejected':
      return `rejected at step ${p.step} (${stepName(p.step)}): ${p.reason}`;
    case 'rolled-back':
      return `rolled back at monitoring cycle ${p.monitorCycle} (cycle ${p.cycle}): ${p.reason}`;
    case 'in-protocol':
      return `in the protocol, step ${p.step} (${stepName(p.step)})`;
    default:
      return `${p.status}${p.reason ? `: ${p.reason}` : ''}`;
  }
}

function proposalVariables(refs: References, t: SelfmodThread, s: SimState): DebugProtocol.Variable[] {
  const out: DebugProtocol.Variable[] = [];
  const p = shownProposal(s);
  if (p) {
    const a = s.active && s.active.proposal === p.index ? s.active : undefined;
    out.push(plainVariable('proposal', proposalTitle(p)));
    out.push(plainVariable('status', statusOf(s, p).status + (a ? '' : ` (${outcomeText(p)})`)));
    out.push(plainVariable('risk', p.risk));
    if (a) out.push(plainVariable('protocol step', `${a.step} of 7: ${stepName(a.step)}`));
    else out.push(plainVariable('outcome', outcomeText(p)));
    if (a?.shadow) out.push(plainVariable('shadow', `cycle ${a.shadow.done} of ${a.shadow.cycles}`));
    if (a?.baseline !== undefined) out.push(plainVariable('baseline C_L4', round(a.baseline), 'number'));
    if (a && a.step === 6) out.push(plainVariable('monitoring', `${a.monitored} of 20 cycles, roll back above ${round((a.baseline ?? 0) + t.simulation.config.epsilon)}`));
    if (p.deltaStability !== undefined) out.push(plainVariable('delta_stability', round(p.deltaStability), 'number'));
    if (p.identityDrift !== undefined) out.push(plainVariable('identity drift', round(p.identityDrift), 'number'));
    if (p.improvement !== undefined) out.push(plainVariable('improvement', round(p.improvement), 'number'));
    if (p.layer0) out.push(plainVariable('Ethical Kernel', p.layer0.winner === 0 ? 'apply the modification' : 'refrain from it'));
    if (a?.waiting) out.push(plainVariable('waiting', a.waiting));
  }
  out.push(
    lazyVariable(refs, 'proposals', `${s.proposals.length} (${s.proposals.filter((x) => x.status === 'confirmed').length} confirmed)`, () =>
      s.proposals.map((x) => plainVariable(proposalTitle(x), outcomeText(x))),
    ),
  );
  return out;
}

/** A proposal's status as the run state's contract names it, with the detail that status leaves out. */
export function statusOf(s: SimState, p: ProposalRecord): { status: ProposalStatusJson; detail?: string } {
  const a = s.active && s.active.proposal === p.index ? s.active : undefined;
  switch (p.status) {
    case 'confirmed':
      return { status: 'confirmed', detail: `confirmed at cycle ${p.cycle}` };
    case 'rejected':
      return { status: 'rejected', detail: `rejected at step ${p.step}: ${p.reason ?? ''}` };
    case 'rolled-back':
      return { status: 'rolled_back', detail: `rolled back at monitoring cycle ${p.monitorCycle} (cycle ${p.cycle}): ${p.reason ?? ''}` };
    case 'unfinished':
      return { status: 'pending', detail: `unfinished: ${p.reason ?? 'the run ended'}` };
    case 'deferred':
      return { status: 'pending', detail: `deferred at step 1: ${p.reason ?? ''}` };
    case 'queued':
      return { status: 'pending', detail: 'queued' };
    default:
      if (a?.step === 3) return { status: 'in_shadow', detail: `step 3 (${stepName(3)})` };
      if (a && a.step >= 6) return { status: 'committed', detail: a.step === 6 ? `monitoring, cycle ${a.monitored} of 20` : 'step 7 (confirmation)' };
      return { status: 'pending', detail: `step ${p.step} (${stepName(p.step)})` };
  }
}

/** A console line for each notable event of a transition. */
export function selfmodLinesOf(t: SelfmodThread, events: readonly SimEvent[], s: SimState): string[] {
  const name = (i: number) => s.proposals[i]?.name ?? `proposal ${i + 1}`;
  const out: string[] = [];
  for (const e of events) {
    switch (e.type) {
      case 'proposal-started':
        out.push(`${name(e.proposal)} enters the protocol at cycle ${e.cycle}${e.origin === 'spec' ? '' : ` (${e.origin})`}`);
        break;
      case 'rejected':
        out.push(`${name(e.proposal)} rejected at step ${e.step} (${stepName(e.step)}): ${e.reason}`);
        break;
      case 'shadow-ended':
        out.push(`${name(e.proposal)}: shadow simulation ended, delta_stability ${e.deltaStability}, identity drift ${e.identityDrift}`);
        break;
      case 'committed':
        out.push(`${name(e.proposal)} committed at cycle ${e.cycle} (baseline C_L4 ${round(e.baseline)})`);
        break;
      case 'rollback':
        out.push(`${name(e.proposal)} rolled back at monitoring cycle ${e.monitorCycle}: ${e.reason}`);
        break;
      case 'confirmed':
        out.push(`${name(e.proposal)} confirmed at cycle ${e.cycle}`);
        break;
      case 'zone-changed':
        out.push(`zone ${e.from} → ${e.to} at cycle ${e.cycle}`);
        break;
      case 'growth-frozen':
        out.push(`growth frozen at cycle ${e.cycle}: ${e.reason}`);
        break;
      case 'growth-resumed':
        out.push(`growth resumed at cycle ${e.cycle}`);
        break;
      default:
        break;
    }
  }
  return out.map((l) => `selfmod ${t.name}: ${l}`);
}

/** Names the console evaluates on a self-modification thread, and their values at the state shown. */
export function selfmodValues(t: SelfmodThread): Map<string, string | number> {
  const s = t.state.sim;
  const out = new Map<string, string | number>([
    ['C_L4', round(s.c)],
    ['cl4', round(s.c)],
    ['zone', s.zone],
    ['BGSS', round(s.bgss)],
    ['bgss', round(s.bgss)],
    ['cycle', s.cycle],
    ['transition', t.timeline.position],
    ['step', s.active?.step ?? 0],
  ]);
  for (const k of TERM_NAMES) out.set(k, round(s.agent.terms[k]));
  const p = shownProposal(s);
  if (p) {
    out.set('proposal', p.name);
    out.set('status', statusOf(s, p).status);
  }
  return out;
}

// ---- the run state --------------------------------------------------------------------------------------------------

const MARKER_RANK: Readonly<Record<Marker, number>> = { zone: 1, confirmed: 2, commit: 3, rejected: 4, rollback: 5 };

function markerOf(events: readonly SimEvent[]): Marker | undefined {
  let best: Marker | undefined;
  for (const e of events) {
    const m: Marker | undefined =
      e.type === 'committed' ? 'commit' : e.type === 'rollback' ? 'rollback' : e.type === 'rejected' ? 'rejected' : e.type === 'confirmed' ? 'confirmed' : e.type === 'zone-changed' ? 'zone' : undefined;
    if (m && (!best || MARKER_RANK[m] > MARKER_RANK[best])) best = m;
  }
  return best;
}

/** The run state of a self-modification thread: the `stability` part, its history and events folded as they are recorded. */
export class SelfmodStateTracker implements RunStateSource {
  private folded = -1;
  private readonly history: HistoryPoint[] = [];
  private readonly events: EventJson[] = [];
  private sentEvents = 0;
  private sentHistory = 0;
  private sentOnce = false;
  private readonly consentAt: Map<string, Span>;

  constructor(
    private readonly thread: SelfmodThread,
    private readonly lines: LineIndex,
    private readonly costModel: RunStateJson['costModel'],
    private readonly atlas?: DebugAtlas,
  ) {
    this.consentAt = consentSpans(thread.program);
  }

  private range(at: Span | undefined): RangeJson | undefined {
    if (!at) return undefined;
    return { start: this.lines.positionAt(at.start), end: this.lines.positionAt(at.end) };
  }

  private fold(): void {
    const tl = this.thread.timeline;
    const last = Math.min(tl.length - 1, this.thread.reached);
    for (let i = this.folded + 1; i <= last; i++) {
      const s = tl.at(i)!.sim;
      const last = this.history[this.history.length - 1];
      if (!last || s.cycle > last.cycle) this.history.push({ cycle: s.cycle, cl4: s.c, zone: zoneId(s.zone), bgss: s.bgss, step: i });
      const m = markerOf(s.events);
      const point = this.history[this.history.length - 1];
      if (m && (!point.marker || MARKER_RANK[m] > MARKER_RANK[point.marker])) {
        point.marker = m;
        // A changed point is sent again.
        this.sentHistory = Math.min(this.sentHistory, this.history.length - 1);
      }
      for (const e of s.events) {
        const { type, ...rest } = e;
        this.events.push({ index: this.events.length, step: i, kind: 'selfmod' as EventJson['kind'], frame: 0, type, ...rest });
      }
    }
    this.folded = Math.max(this.folded, last);
  }

  build(stop: Stop | undefined, full: boolean, eventsFrom = 0): RunStateBody {
    this.fold();
    const t = this.thread;
    const tl = t.timeline;
    const st = tl.current;
    const s = st.sim;
    const reset = full || !this.sentOnce;
    const from = full ? Math.min(Math.max(0, eventsFrom), this.events.length) : reset ? 0 : this.sentEvents;
    const whole = full || this.history.length <= HISTORY_LIMIT;
    const historyFrom = whole ? 0 : Math.max(0, Math.min(this.sentHistory, this.history.length - 1));
    if (!full) {
      this.sentEvents = this.events.length;
      this.sentHistory = Math.max(0, this.history.length - 1);
      this.sentOnce = true;
    }
    const p = shownProposal(s);
    const a = s.active;
    const status = p ? statusOf(s, p) : undefined;
    const stability: StabilityJson = {
      selfmod: t.name,
      cycle: s.cycle,
      ...(a ? { protocolStep: a.step, protocolStepName: PROTOCOL_STEPS[a.step - 1]?.name ?? String(a.step) } : {}),
      terms: { ...s.agent.terms },
      weights: { ...(t.simulation.weights as unknown as Record<string, number>) },
      cl4: s.c,
      zone: zoneId(s.zone),
      bgss: s.bgss,
      growthFrozen: s.frozen !== undefined,
      ...(p && status ? { proposal: { name: p.name, type: p.type, status: status.status, ...(status.detail ? { detail: status.detail } : {}) } } : {}),
      ...(a?.shadow && a.step === 3 ? { shadow: { cycle: a.shadow.done, maxCycles: a.shadow.cycles } } : {}),
      history: this.history.slice(historyFrom).map((h) => ({ ...h })),
      ...(historyFrom > 0 ? { historyFrom } : {}),
    };
    const gov = st.gov;
    let governance: GovernanceJson | undefined;
    if (gov && gov.governed) {
      governance = governanceJson(gov, {
        now: t.atlasStep,
        clockMs: gov.gov.clockMs,
        range: (at) => this.range(at),
        consentAt: this.consentAt,
        scarOrigins: new Map(),
        refusedActs: [],
        ...(this.atlas ? { scarLog: this.atlas.json() } : {}),
      });
    }
    const at = this.range(t.target.at);
    return {
      version: 1,
      threadId: t.id,
      run: t.name,
      ...(stop ? { reason: stop.reason, ...(stop.description ? { description: stop.description } : {}) } : {}),
      step: tl.position,
      position: tl.position,
      recorded: tl.length,
      status: s.done ? 'done' : 'running',
      costModel: this.costModel,
      meta: false,
      waiting: null,
      frames: [{ activation: 0, kind: 'run', agent: `selfmod "${t.name}"`, label: t.name, ...(at ? { handler: at, statement: at } : {}), budget: 0, allotted: 0, spent: 0, delegated: 0 }],
      ...(reset ? { agents: [] } : {}),
      budget: { root: 0, returned: 0, held: 0, spent: 0 },
      activations: { reset, items: [] },
      events: { from, total: this.events.length, items: this.events.slice(from) },
      truncated: false,
      ...(governance ? { governance } : {}),
      stability,
    };
  }
}
