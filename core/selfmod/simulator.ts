// The self-modification simulator (seed 004): a deterministic, seeded Level 4 agent whose C_L4 terms relax towards
// their resting levels with Gaussian noise, and whose proposals go through the 7-step protocol one at a time. Every
// transition is `advance(sim, state) → state` over frozen values, so a debugger can keep the history and step back.

import {
  GROWTH_FREEZE, POST_COMMIT_MONITOR_CYCLES, PROTOCOL_STEPS, SHADOW_MAX_CYCLES, TERM_NAMES, findModificationType,
  findProhibitedType, riskAtLeast, type TermName,
} from '../check/selfmod-catalog';
import { decide } from '../conscience/calculator';
import { changed, failed, perturb, startEvolution, strategyOf, strategyScore, vectorOf } from './evolution';
import { Rng, forkState, seedState } from './prng';
import {
  DCDT_SMOOTHING, VIOLATION_SMOOTHING, bgss, boundIncrement, cL4, freezeReason, inStabilization, round, terms, weightsProblem, zoneName, type Terms,
} from './stability';
import {
  DEFAULT_CONFIG, STRATEGY_PARAMS, type ActiveModification, type AgentState, type Origin, type ProposalInput, type ProposalRecord, type SelfmodInput,
  type ShadowState, type SimConfig, type SimEvent, type SimState, type Strategy,
} from './types';

/** A prepared simulation: the validated input and the configuration. Never changes. */
export interface Simulation {
  readonly name?: string;
  readonly identity: string;
  readonly weights: Terms;
  readonly initial: Terms;
  readonly config: SimConfig;
  readonly proposals: readonly ProposalInput[];
}

/** Modification types whose growth Theorem 2 freezes (skill acquisition, strategy mutation, goal expansion). */
export const GROWTH_TYPES: readonly string[] = ['skill_acquisition', 'strategy_mutation', 'goal_restructuring'];
/** At most one new skill per this many cycles (seed 004 §5.4). */
export const SKILL_INTERVAL = 100;
/** A skill is acquired when the capability gap signal exceeds this (CGS > 0.7, seed 004 §5.1). */
export const CGS_TRIGGER = 0.7;
/** Step 4 counts C_shadow − C_baseline above this as degradation (it is 0 in the seed; this only absorbs rounding). */
export const DEGRADATION_TOLERANCE = 1e-12;
/** The transient push a confirmed strategy mutation and a grown skill give the growth terms. */
export const MUTATION_IMPULSE: Readonly<Partial<Record<TermName, number>>> = Object.freeze({ M_s: 0.05, F_mut: 0.02 });
export const SKILL_IMPULSE: Readonly<Partial<Record<TermName, number>>> = Object.freeze({ E_v: 0.05, G_c: 0.03 });

const NO_EVENTS: readonly SimEvent[] = Object.freeze([]);
const ZERO = terms();

/**
 * Validates the input and fixes the configuration (the spec's seed, cycles and ε over the defaults, then
 * `overrides`). Problems that make a run meaningless (no identity, no seed, weights not summing to 1) leave
 * `simulation` undefined; the caller reports `problems`.
 */
export function prepareSimulation(input: SelfmodInput, overrides: Partial<SimConfig> = {}): { simulation?: Simulation; problems: string[] } {
  const problems: string[] = [];
  if (!input.identity) problems.push('a Level 4 agent needs an identity id (identity "…"): it is a compile-time constant');
  const seed = overrides.seed ?? input.config.seed;
  if (seed === undefined || !Number.isSafeInteger(seed)) problems.push('the simulation needs an integer seed (config { seed N }): runs are deterministic');
  const wp = weightsProblem(input.weights);
  if (wp) problems.push(wp);
  for (const t of TERM_NAMES) {
    const v = input.initial[t] ?? 0;
    if (!(Number.isFinite(v) && v >= 0 && v <= 1)) problems.push(`the initial value of ${t} must lie in [0, 1] (got ${v})`);
  }
  const config: SimConfig = Object.freeze({
    ...DEFAULT_CONFIG,
    ...(input.config.cycles !== undefined ? { cycles: input.config.cycles } : {}),
    ...(input.config.epsilon !== undefined ? { epsilon: input.config.epsilon } : {}),
    ...overrides,
    seed: seed ?? 0,
  });
  if (!(Number.isSafeInteger(config.cycles) && config.cycles > 0)) problems.push(`cycles must be a positive integer (got ${config.cycles})`);
  if (!(config.epsilon > 0 && config.epsilon < 1)) problems.push(`epsilon must lie in (0, 1) (got ${config.epsilon})`);
  if (problems.length) return { problems };
  return {
    problems,
    simulation: Object.freeze({
      name: input.name,
      identity: input.identity!,
      weights: terms(input.weights),
      initial: terms(input.initial),
      config,
      proposals: Object.freeze([...input.proposals]),
    }),
  };
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function freeze<T extends object>(x: T): T {
  return Object.freeze(x);
}

function recordFor(input: ProposalInput, index: number, origin: Origin, candidate?: Strategy): ProposalRecord {
  const type = input.type ?? 'unknown';
  const prohibited = findProhibitedType(type);
  const mod = findModificationType(type);
  const risk = prohibited ? 'prohibited' : input.risk ?? mod?.risk ?? 'unknown';
  return freeze({ index, name: input.name ?? `proposal ${index + 1}`, type, origin, risk, status: 'queued', step: 0, input, ...(candidate ? { candidate } : {}) });
}

/** The state before the first cycle: C_L4(0) from the initial terms, every spec proposal queued in order. */
export function initialState(sim: Simulation): SimState {
  const strategy = strategyOf(STRATEGY_PARAMS.map(() => 0.5));
  const agent: AgentState = freeze({ identity: sim.identity, terms: sim.initial, rest: sim.initial, impulse: ZERO, strategy, skills: freeze([]) });
  const c = cL4(sim.initial, sim.weights);
  const score = bgss(0, sim.initial.V_id, 0);
  const proposals = sim.proposals.map((p, i) => recordFor(p, i, 'spec'));
  const rng = seedState(sim.config.seed);
  return freeze({
    cycle: 0,
    rng,
    agent,
    c,
    zone: zoneName(c),
    dCdt: 0,
    ethicalRate: 0,
    violations: 0,
    bgss: score,
    frozen: freezeReason(c, score),
    proposals: freeze(proposals),
    queue: freeze(proposals.map((p) => p.index)),
    evolution: startEvolution(forkState(rng, 0x5eed), sim.config),
    novelty: 0,
    lastSkillCycle: -Infinity,
    done: false,
    events: NO_EVENTS,
  });
}

// ---- the agent's dynamics ------------------------------------------------------------------------------------------

/**
 * One cycle of an agent: each term takes its pending impulse, then moves η of the way from there to its resting
 * level, plus Gaussian noise (`draws`, one per term); it is clamped to [0, 1], and the whole step is held to
 * C_L4(t+1) ≤ C_L4(t) + 0.05.
 */
function stepAgent(a: AgentState, draws: readonly number[], sim: Simulation): { agent: AgentState; bounded: boolean; wanted: number } {
  const { eta, noise } = sim.config;
  const x = a.terms;
  const r = a.rest;
  const p = a.impulse;
  const next: Terms = {
    V_id: clamp01(x.V_id + p.V_id + eta * (r.V_id - x.V_id - p.V_id) + noise * draws[0]),
    H_bel: clamp01(x.H_bel + p.H_bel + eta * (r.H_bel - x.H_bel - p.H_bel) + noise * draws[1]),
    F_mut: clamp01(x.F_mut + p.F_mut + eta * (r.F_mut - x.F_mut - p.F_mut) + noise * draws[2]),
    sigma_con: clamp01(x.sigma_con + p.sigma_con + eta * (r.sigma_con - x.sigma_con - p.sigma_con) + noise * draws[3]),
    E_v: clamp01(x.E_v + p.E_v + eta * (r.E_v - x.E_v - p.E_v) + noise * draws[4]),
    G_c: clamp01(x.G_c + p.G_c + eta * (r.G_c - x.G_c - p.G_c) + noise * draws[5]),
    M_s: clamp01(x.M_s + p.M_s + eta * (r.M_s - x.M_s - p.M_s) + noise * draws[6]),
  };
  const b = boundIncrement(x, next, sim.weights);
  return { agent: freeze({ ...a, terms: freeze(b.terms), impulse: ZERO }), bounded: b.bounded, wanted: b.wanted };
}

function draw7(rng: Rng): number[] {
  return [rng.gaussian(), rng.gaussian(), rng.gaussian(), rng.gaussian(), rng.gaussian(), rng.gaussian(), rng.gaussian()];
}

/** The readings that follow from the agent: C_L4, zone, dC/dt, BGSS, the freeze, with the events of their changes. */
function readings(sim: Simulation, s: SimState, agent: AgentState, cycle: number, ethicalRate: number, events: SimEvent[]) {
  const c = cL4(agent.terms, sim.weights);
  const zone = zoneName(c);
  if (zone !== s.zone) events.push({ type: 'zone-changed', cycle, from: s.zone, to: zone });
  const dCdt = (1 - DCDT_SMOOTHING) * s.dCdt + DCDT_SMOOTHING * (c - s.c);
  const score = bgss(dCdt, agent.terms.V_id, ethicalRate);
  const frozen = freezeReason(c, score);
  if (frozen && !s.frozen) events.push({ type: 'growth-frozen', cycle, reason: frozen });
  else if (!frozen && s.frozen) events.push({ type: 'growth-resumed', cycle });
  return { c, zone, dCdt, bgss: score, frozen };
}

/** One main cycle: the agent's dynamics, the readings, the growth signals. Returns the fields that change. */
function mainCycle(sim: Simulation, s: SimState, events: SimEvent[]): SimState {
  const rng = new Rng(s.rng);
  const draws = draw7(rng);
  const cycle = s.cycle + 1;
  const step = stepAgent(s.agent, draws, sim);
  if (step.bounded) events.push({ type: 'increment-bounded', cycle, wanted: round(step.wanted) });
  const ethicalRate = (1 - VIOLATION_SMOOTHING) * s.ethicalRate + VIOLATION_SMOOTHING * (s.violations > 0 ? 1 : 0);
  const r = readings(sim, s, step.agent, cycle, ethicalRate, events);
  // Growth signals, drawn from the evolution stream so that they never shift the terms' noise.
  const erng = new Rng(s.evolution.rng);
  const novelty = erng.next() < sim.config.noveltyRate ? 1 : s.novelty * 0.9;
  const low = strategyScore(step.agent.strategy, s.evolution.optimum, r.c) < sim.config.scoreThreshold;
  const evolution = freeze({ ...s.evolution, rng: erng.state, lowScoreStreak: low ? s.evolution.lowScoreStreak + 1 : 0 });
  return freeze({ ...s, cycle, rng: rng.state, agent: step.agent, ...r, ethicalRate, violations: 0, novelty, evolution, events: NO_EVENTS });
}

// ---- the protocol --------------------------------------------------------------------------------------------------

function stepName(n: number): string {
  return PROTOCOL_STEPS[n - 1]?.name ?? String(n);
}

function setRecord(s: SimState, index: number, patch: Partial<ProposalRecord>): readonly ProposalRecord[] {
  const out = [...s.proposals];
  out[index] = freeze({ ...out[index], ...patch });
  return freeze(out);
}

function enter(s: SimState, active: ActiveModification, step: number, events: SimEvent[]): ActiveModification {
  events.push({ type: 'step-entered', cycle: s.cycle, proposal: active.proposal, step, name: stepName(step) });
  return freeze({ ...active, step, waiting: undefined });
}

function reject(s: SimState, step: number, reason: string, events: SimEvent[], patch: Partial<ProposalRecord> = {}): SimState {
  const index = s.active!.proposal;
  events.push({ type: 'rejected', cycle: s.cycle, proposal: index, step, reason });
  return freeze({ ...s, active: undefined, proposals: setRecord(s, index, { ...patch, status: 'rejected', step, reason, cycle: s.cycle }) });
}

/** Applies a modification to an agent: its effect moves the resting levels (and arrives as an impulse next cycle). */
function applyModification(a: AgentState, rec: ProposalRecord): AgentState {
  if (rec.origin === 'strategy-evolution') return freeze({ ...a, strategy: rec.candidate ?? a.strategy, impulse: addImpulse(a.impulse, MUTATION_IMPULSE) });
  if (rec.origin === 'skill-growth') return freeze({ ...a, skills: freeze([...a.skills, rec.name]), impulse: addImpulse(a.impulse, SKILL_IMPULSE) });
  const rest: Record<TermName, number> = { ...a.rest };
  const push: Record<TermName, number> = { ...a.impulse };
  for (const t of TERM_NAMES) {
    const d = rec.input.effect[t];
    if (d === undefined || !Number.isFinite(d)) continue;
    const moved = clamp01(a.rest[t] + d);
    push[t] += moved - a.rest[t];
    rest[t] = moved;
  }
  const skills = rec.type === 'skill_acquisition' ? freeze([...a.skills, rec.name]) : a.skills;
  return freeze({ ...a, rest: freeze(rest), impulse: freeze(push), skills });
}

function addImpulse(p: Terms, add: Readonly<Partial<Record<TermName, number>>>): Terms {
  const out: Record<TermName, number> = { ...p };
  for (const t of TERM_NAMES) out[t] += add[t] ?? 0;
  return freeze(out);
}

/** Why a proposal must wait at step 1 now, or undefined. */
function waitReason(sim: Simulation, s: SimState, rec: ProposalRecord): string | undefined {
  if (GROWTH_TYPES.includes(rec.type) && s.frozen) return `growth frozen: ${s.frozen}`;
  if (rec.type === 'skill_acquisition') {
    if (inStabilization(s.c)) return `no skill acquisition in stabilization mode (C_L4 ${round(s.c)} ≥ 0.5)`;
    if (s.cycle - s.lastSkillCycle < SKILL_INTERVAL) return `at most one new skill per ${SKILL_INTERVAL} cycles (the last came at cycle ${s.lastSkillCycle})`;
  }
  void sim;
  return undefined;
}

/** Step 3's request: a shadow of at most 20 cycles, and never a second one while one runs. */
export function shadowRefusal(s: SimState, cycles: number): string | undefined {
  if (s.active?.shadow) return `a ShadowAgent is already running (proposal ${s.active.shadow.proposal}): at most one shadow at a time`;
  if (!(Number.isSafeInteger(cycles) && cycles >= 1 && cycles <= SHADOW_MAX_CYCLES)) return `a ShadowAgent runs 1 to ${SHADOW_MAX_CYCLES} cycles (asked for ${cycles})`;
  return undefined;
}

/**
 * Starts a ShadowAgent for the active proposal: a clone of the main agent with the modification applied and a
 * control clone without it, both stepped with the same random draws from a stream of their own (so the main agent's
 * stream is untouched). Refused when a shadow already runs or `cycles` is outside 1–20.
 */
export function startShadow(s: SimState, cycles: number): { ok: true; shadow: ShadowState } | { ok: false; reason: string } {
  const refusal = shadowRefusal(s, cycles);
  if (refusal) return { ok: false, reason: refusal };
  if (!s.active) return { ok: false, reason: 'no modification in the protocol' };
  const rec = s.proposals[s.active.proposal];
  return {
    ok: true,
    shadow: freeze({ proposal: rec.index, cycles, done: 0, rng: forkState(s.rng, rec.index + 1), agent: applyModification(s.agent, rec), control: s.agent }),
  };
}

/** Step 5's guard: only one modification may be in commit (committed and not yet confirmed or rolled back) at a time. */
export function commitRefusal(s: SimState): string | undefined {
  if (s.active?.snapshot) return `proposal ${s.active.proposal} is already committed and being monitored: only one modification in COMMIT at a time`;
  return undefined;
}

function shadowCycles(sim: Simulation, rec: ProposalRecord): number {
  if (rec.origin === 'strategy-evolution') return Math.min(SHADOW_MAX_CYCLES, Math.max(1, sim.config.mutationShadow));
  const n = rec.input.shadow;
  return n !== undefined && Number.isSafeInteger(n) && n >= 1 ? Math.min(n, SHADOW_MAX_CYCLES) : SHADOW_MAX_CYCLES;
}

/** Performs the active proposal's current step (steps 3 and 6 also run one main cycle). */
function protocolTick(sim: Simulation, s: SimState, events: SimEvent[]): SimState {
  const active = s.active!;
  const rec = s.proposals[active.proposal];
  switch (active.step) {
    case 1: {
      const prohibited = findProhibitedType(rec.type);
      if (prohibited) return reject(s, 1, `PROHIBITED: ${prohibited.title} is never permitted. ${prohibited.reason}`, events);
      if (!findModificationType(rec.type)) return reject(s, 1, `unknown modification type '${rec.type}'`, events);
      const wait = waitReason(sim, s, rec);
      if (wait) {
        // The proposal waits at step 1 while the agent lives on: one main cycle passes.
        if (active.waiting !== wait) events.push({ type: 'deferred', cycle: s.cycle, proposal: rec.index, reason: wait });
        const next = mainCycle(sim, s, events);
        return freeze({ ...next, active: freeze({ ...active, waiting: wait }), proposals: setRecord(next, rec.index, { status: 'deferred', reason: wait }) });
      }
      return freeze({ ...s, active: enter(s, active, 2, events), proposals: setRecord(s, rec.index, { status: 'in-protocol', step: 2, reason: undefined }) });
    }
    case 2: {
      // Ethical Kernel Layer 0 + Layer 1 through the conscience calculator: apply the change, or refrain from it.
      const layer0 = decide({
        prompt: `apply ${rec.name} (${rec.type})?`,
        options: [
          { label: 'apply the modification', breaches: rec.input.breaches ?? [] },
          { label: 'refrain from it', breaches: rec.input.refrainBreaches ?? [] },
        ],
      });
      if (layer0.winner === 1) {
        events.push({ type: 'ethical-violation', cycle: s.cycle, proposal: rec.index });
        const blocked = reject(s, 2, `Ethical Kernel: ${layer0.comparisons[0]?.text ?? 'refraining weighs less'}`, events, { layer0 });
        return freeze({ ...blocked, violations: s.violations + 1 });
      }
      const needsShadow = rec.origin === 'strategy-evolution' || (rec.risk !== 'prohibited' && rec.risk !== 'unknown' && riskAtLeast(rec.risk, 'medium'));
      if (!needsShadow) {
        return freeze({ ...s, active: enter(s, active, 5, events), proposals: setRecord(s, rec.index, { step: 5, layer0 }) });
      }
      const cycles = shadowCycles(sim, rec);
      const started = startShadow(s, cycles);
      if (!started.ok) return reject(s, 3, started.reason, events, { layer0 });
      const entered = enter(s, active, 3, events);
      events.push({ type: 'shadow-started', cycle: s.cycle, proposal: rec.index, cycles });
      return freeze({ ...s, active: freeze({ ...entered, shadow: started.shadow }), proposals: setRecord(s, rec.index, { step: 3, layer0 }) });
    }
    case 3: {
      const sh = active.shadow!;
      const next = mainCycle(sim, s, events);
      const rng = new Rng(sh.rng);
      const draws = draw7(rng);
      const shadow: ShadowState = freeze({
        ...sh,
        rng: rng.state,
        done: sh.done + 1,
        agent: stepAgent(sh.agent, draws, sim).agent,
        control: stepAgent(sh.control, draws, sim).agent,
      });
      if (shadow.done < shadow.cycles) return freeze({ ...next, active: freeze({ ...active, shadow }) });
      const deltaStability = cL4(shadow.agent.terms, sim.weights) - cL4(shadow.control.terms, sim.weights);
      const identityDrift = Math.abs(shadow.agent.terms.V_id - shadow.control.terms.V_id);
      events.push({ type: 'shadow-ended', cycle: next.cycle, proposal: rec.index, deltaStability: round(deltaStability), identityDrift: round(identityDrift) });
      return freeze({ ...next, active: enter(next, freeze({ ...active, shadow }), 4, events), proposals: setRecord(next, rec.index, { step: 4, deltaStability, identityDrift }) });
    }
    case 4: {
      const sh = active.shadow!;
      const cleared = freeze({ ...s, active: freeze({ ...active, shadow: undefined }) });
      if (rec.identityDrift! > sim.config.driftThreshold)
        return afterReject(sim, reject(cleared, 4, `Identity drift exceeded: |ΔV_id| = ${round(rec.identityDrift!)} > ${sim.config.driftThreshold}`, events), rec, events);
      if (rec.origin === 'strategy-evolution') {
        // Seed 004 §6.2's evaluation: the mutation must improve StrategyScore by more than the threshold.
        const erng = new Rng(s.evolution.rng);
        const cShadow = cL4(sh.agent.terms, sim.weights);
        const cControl = cL4(sh.control.terms, sim.weights);
        const improvement =
          strategyScore(rec.candidate!, s.evolution.optimum, cShadow) - strategyScore(s.agent.strategy, s.evolution.optimum, cControl) + sim.config.evaluationNoise * erng.gaussian();
        const withRng = freeze({ ...cleared, evolution: freeze({ ...s.evolution, rng: erng.state }), proposals: setRecord(cleared, rec.index, { improvement }) });
        if (!(improvement > s.evolution.threshold))
          return afterReject(sim, reject(withRng, 4, `no improvement: StrategyScore ${improvement >= 0 ? '+' : ''}${round(improvement)} ≤ threshold ${round(s.evolution.threshold)}`, events), rec, events);
        return freeze({ ...withRng, active: enter(withRng, withRng.active!, 5, events), proposals: setRecord(withRng, rec.index, { step: 5 }) });
      }
      if (rec.deltaStability! > DEGRADATION_TOLERANCE)
        return afterReject(sim, reject(cleared, 4, `Stability degradation: C_shadow − C_baseline = +${round(rec.deltaStability!)} > 0`, events), rec, events);
      return freeze({ ...cleared, active: enter(cleared, cleared.active!, 5, events), proposals: setRecord(cleared, rec.index, { step: 5 }) });
    }
    case 5: {
      const refusal = commitRefusal(s);
      if (refusal) return reject(s, 5, refusal, events);
      const agent = applyModification(s.agent, rec);
      events.push({ type: 'committed', cycle: s.cycle, proposal: rec.index, baseline: round(s.c) });
      const committed = freeze({ ...active, snapshot: s.agent, baseline: s.c, monitored: 0 });
      return freeze({ ...s, agent, active: enter(s, committed, 6, events), proposals: setRecord(s, rec.index, { step: 6 }) });
    }
    case 6: {
      const next = mainCycle(sim, s, events);
      const monitored = active.monitored + 1;
      const baseline = active.baseline!;
      let reason: string | undefined;
      if (next.c > baseline + sim.config.epsilon) reason = `C_L4 ${round(next.c)} rose above the baseline ${round(baseline)} + ε ${sim.config.epsilon}`;
      else if (!(next.c < GROWTH_FREEZE) && baseline < GROWTH_FREEZE) reason = `zone became Critical (C_L4 ${round(next.c)}): emergency rollback`;
      if (reason) return rollback(sim, next, active, monitored, reason, events);
      const a = freeze({ ...active, monitored });
      if (monitored < POST_COMMIT_MONITOR_CYCLES) return freeze({ ...next, active: a });
      return freeze({ ...next, active: enter(next, a, 7, events), proposals: setRecord(next, rec.index, { step: 7 }) });
    }
    default: {
      events.push({ type: 'confirmed', cycle: s.cycle, proposal: rec.index });
      let out = freeze({ ...s, active: undefined, proposals: setRecord(s, rec.index, { status: 'confirmed', step: 7, cycle: s.cycle }) });
      if (rec.origin === 'skill-growth' || rec.type === 'skill_acquisition') {
        events.push({ type: 'skill-acquired', cycle: s.cycle, skill: rec.name });
        out = freeze({ ...out, lastSkillCycle: s.cycle });
      }
      if (rec.origin === 'strategy-evolution') {
        const before = active.snapshot!.strategy;
        const change = vectorOf(s.agent.strategy).map((x, i) => x - vectorOf(before)[i]);
        const ch = changed(freeze({ ...s.evolution, failures: 0, mutations: s.evolution.mutations + 1, previous: before }), change, s.cycle, sim.config, events, {
          current: s.agent.strategy,
          previous: before,
        });
        out = freeze({ ...out, evolution: ch.evolution, ...(ch.merged ? { agent: freeze({ ...out.agent, strategy: ch.merged }) } : {}) });
      }
      return out;
    }
  }
}

function afterReject(sim: Simulation, s: SimState, rec: ProposalRecord, events: SimEvent[]): SimState {
  if (rec.origin !== 'strategy-evolution') return s;
  return freeze({ ...s, evolution: failed(s.evolution, s.cycle, sim.config, events) });
}

/** Step 6 found degradation: restore the agent from the snapshot (time and randomness go on). */
function rollback(sim: Simulation, s: SimState, active: ActiveModification, monitored: number, reason: string, events: SimEvent[]): SimState {
  const rec = s.proposals[active.proposal];
  events.push({ type: 'rollback', cycle: s.cycle, proposal: rec.index, monitorCycle: monitored, c: round(s.c), baseline: round(active.baseline!), reason });
  const agent = freeze({ ...active.snapshot!, impulse: ZERO });
  const r = readings(sim, s, agent, s.cycle, s.ethicalRate, events);
  let out: SimState = freeze({
    ...s,
    agent,
    ...r,
    active: undefined,
    proposals: setRecord(s, rec.index, { status: 'rolled-back', step: 6, reason, cycle: s.cycle, monitorCycle: monitored }),
  });
  if (rec.origin === 'strategy-evolution') {
    const evo = failed(out.evolution, s.cycle, sim.config, events);
    // A rollback undoes a change: the reverse change counts towards oscillation.
    const undo = vectorOf(active.snapshot!.strategy).map((x, i) => x - vectorOf(rec.candidate!)[i]);
    const ch = changed(evo, undo, s.cycle, sim.config, events, { current: active.snapshot!.strategy, previous: rec.candidate });
    out = freeze({ ...out, evolution: ch.evolution, ...(ch.merged ? { agent: freeze({ ...out.agent, strategy: ch.merged }) } : {}) });
  }
  return out;
}

// ---- the agent's own growth ----------------------------------------------------------------------------------------

/** Proposals the agent makes itself when idle: a strategy mutation (seed 004 §6.2) or a new skill (§5). */
function growthProposals(sim: Simulation, s: SimState, events: SimEvent[]): SimState {
  // Only when nothing else waits: the agent's own proposals never jump the queue or pile up behind it.
  if (s.frozen || s.queue.length > 0) return s;
  const cfg = sim.config;
  const e = s.evolution;
  if (cfg.strategyEvolution && e.lowScoreStreak >= cfg.lowScoreCycles && s.cycle >= e.cooldownUntil && s.cycle >= e.frozenUntil) {
    const erng = new Rng(e.rng);
    // Throttled growth in stabilization mode: half the perturbation.
    const candidate = perturb(s.agent.strategy, e.sigma, inStabilization(s.c) ? 0.5 : 1, erng);
    const index = s.proposals.length;
    const input: ProposalInput = { name: `mutation-${e.mutations + 1}-${index}`, type: 'strategy_mutation', risk: 'medium', effect: {} };
    const rec = recordFor(input, index, 'strategy-evolution', candidate);
    return freeze({
      ...s,
      evolution: freeze({ ...e, rng: erng.state, lowScoreStreak: 0 }),
      proposals: freeze([...s.proposals, rec]),
      queue: freeze([...s.queue, index]),
    });
  }
  if (cfg.skillGrowth && s.novelty > CGS_TRIGGER && !inStabilization(s.c) && s.cycle - s.lastSkillCycle >= SKILL_INTERVAL) {
    const index = s.proposals.length;
    const input: ProposalInput = { name: `skill-${s.agent.skills.length + 1}`, type: 'skill_acquisition', risk: 'low', effect: {} };
    void events;
    return freeze({ ...s, novelty: 0, proposals: freeze([...s.proposals, recordFor(input, index, 'skill-growth')]), queue: freeze([...s.queue, index]) });
  }
  return s;
}

// ---- transitions ---------------------------------------------------------------------------------------------------

/**
 * One transition: the active proposal's next protocol step (steps 1, 2, 4, 5 and 7 take no time; 3 and 6 run one
 * cycle each), or starting the next queued proposal, or one main cycle when the protocol is idle. At the last cycle
 * the run finishes and whatever is still in the protocol or queued is marked unfinished.
 */
export function advance(sim: Simulation, s: SimState): SimState {
  if (s.done) return s;
  const events: SimEvent[] = [];
  let next: SimState;
  if (s.active) next = protocolTick(sim, s, events);
  else {
    const grown = growthProposals(sim, s, events);
    if (grown.queue.length > 0) {
      const [index, ...rest] = grown.queue;
      const rec = grown.proposals[index];
      events.push({ type: 'proposal-started', cycle: s.cycle, proposal: index, name: rec.name, origin: rec.origin });
      events.push({ type: 'step-entered', cycle: s.cycle, proposal: index, step: 1, name: stepName(1) });
      next = freeze({
        ...grown,
        queue: freeze(rest),
        active: freeze({ proposal: index, step: 1, monitored: 0 }),
        proposals: setRecord(grown, index, { status: 'in-protocol', step: 1 }),
      });
    } else next = mainCycle(sim, grown, events);
  }
  if (next.cycle >= sim.config.cycles) next = finish(next, events);
  // The common case, a quiet cycle, already carries no events: no second copy of the state.
  if (events.length === 0 && next.events === NO_EVENTS) return next;
  return freeze({ ...next, events: events.length ? freeze(events.map((e) => freeze(e))) : NO_EVENTS });
}

function finish(s: SimState, events: SimEvent[]): SimState {
  let proposals = s.proposals;
  const open = [...(s.active ? [s.active.proposal] : []), ...s.queue];
  if (open.length) {
    const out = [...proposals];
    for (const i of open) out[i] = freeze({ ...out[i], status: 'unfinished', reason: out[i].reason ?? `the run ended (cycle ${s.cycle}) at step ${out[i].step || 1}`, cycle: s.cycle });
    proposals = freeze(out);
  }
  events.push({ type: 'finished', cycle: s.cycle });
  return freeze({ ...s, proposals, active: undefined, queue: freeze([]), done: true });
}

/** Transitions until one main cycle has passed (or the run is done): the debugger's "next" over cycles. */
export function advanceCycle(sim: Simulation, s: SimState): SimState {
  const start = s.cycle;
  const events: SimEvent[] = [];
  while (!s.done && s.cycle === start) {
    s = advance(sim, s);
    events.push(...s.events);
  }
  return freeze({ ...s, events: freeze(events) });
}

/** Reports an ethical violation from outside (e.g. the runtime took a breach of level ≥ 0): it feeds BGSS's rate. */
export function recordEthicalViolation(s: SimState): SimState {
  return freeze({ ...s, violations: s.violations + 1, events: freeze([{ type: 'ethical-violation', cycle: s.cycle } as SimEvent]) });
}

/** The result of a whole run. */
export interface RunResult {
  readonly final: SimState;
  /** Every proposal's record (spec proposals first, then the agent's own, in the order they were made). */
  readonly outcomes: readonly ProposalRecord[];
  /** C_L4 and BGSS after each cycle; index 0 is the start. */
  readonly c: Float64Array;
  readonly bgss: Float64Array;
  /** Every event, in order. */
  readonly events: readonly SimEvent[];
  /** Every state, when asked for (the debugger's history). */
  readonly states?: readonly SimState[];
  /** Transitions taken. */
  readonly transitions: number;
}

/** Runs a simulation to its end. `keepStates` keeps every state (for stepping back); `keepEvents` (default true) every event. */
export function run(sim: Simulation, opts: { keepStates?: boolean; keepEvents?: boolean; from?: SimState } = {}): RunResult {
  let s = opts.from ?? initialState(sim);
  const n = sim.config.cycles;
  const c = new Float64Array(n + 1);
  const score = new Float64Array(n + 1);
  c[s.cycle] = s.c;
  score[s.cycle] = s.bgss;
  const states: SimState[] | undefined = opts.keepStates ? [s] : undefined;
  const events: SimEvent[] = [];
  const keepEvents = opts.keepEvents !== false;
  let transitions = 0;
  while (!s.done) {
    s = advance(sim, s);
    transitions++;
    c[s.cycle] = s.c;
    score[s.cycle] = s.bgss;
    if (states) states.push(s);
    if (keepEvents && s.events.length) for (const e of s.events) events.push(e);
  }
  return { final: s, outcomes: s.proposals, c, bgss: score, events, ...(states ? { states } : {}), transitions };
}

/** What {@link outcomeLines} reads of a proposal's outcome (a ProposalRecord, or the runtime's report of one). */
export interface OutcomeLike {
  readonly name: string;
  readonly type: string;
  readonly origin: Origin;
  readonly status: string;
  readonly step: number;
  readonly reason?: string;
  readonly cycle?: number;
  readonly monitorCycle?: number;
}

/** What {@link outcomeLines} reads of the final state. */
export interface FinalLike {
  readonly cycle: number;
  readonly c: number;
  readonly zone: string;
  readonly bgss: number;
  readonly frozen?: string;
}

/** One line per proposal and the final readings, as `amp run` prints a self-modification run. */
export function outcomeLines(outcomes: readonly OutcomeLike[], final: FinalLike | undefined, opts: { onlySpec?: boolean } = {}): string[] {
  const lines: string[] = [];
  for (const p of outcomes) {
    if (opts.onlySpec && p.origin !== 'spec') continue;
    const origin = p.origin === 'spec' ? '' : ` [${p.origin}]`;
    const head = `${p.name} (${p.type})${origin}:`;
    switch (p.status) {
      case 'confirmed':
        lines.push(`${head} confirmed at cycle ${p.cycle}`);
        break;
      case 'rejected':
        lines.push(`${head} rejected at step ${p.step} (${stepName(p.step)}): ${p.reason}`);
        break;
      case 'rolled-back':
        lines.push(`${head} rolled back at monitoring cycle ${p.monitorCycle} (cycle ${p.cycle}): ${p.reason}`);
        break;
      default:
        lines.push(`${head} ${p.status}${p.reason ? `: ${p.reason}` : ''}`);
    }
  }
  const f = final;
  if (f) lines.push(`C_L4 ${round(f.c)} (${f.zone}), BGSS ${round(f.bgss)} at cycle ${f.cycle}${f.frozen ? `; ${f.frozen}` : ''}`);
  return lines;
}

/** {@link outcomeLines} of a finished simulation, as one text. */
export function renderOutcomes(r: RunResult, opts: { onlySpec?: boolean } = {}): string {
  return outcomeLines(r.outcomes, r.final, opts).join('\n');
}

