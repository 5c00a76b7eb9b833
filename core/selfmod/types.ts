// The values of a self-modification simulation (seed 004): its input, its configuration, the immutable state after
// each transition, the per-proposal outcomes and the events a debugger shows.

import type { RiskLevel, TermName, ZoneName } from '../check/selfmod-catalog';
import type { BreachInput, ConscienceDecision } from '../conscience/calculator';
import type { RngState } from './prng';
import type { Terms } from './stability';

/** One proposal as the simulator takes it; ProposalDecl (readSelfmod) fits as is. */
export interface ProposalInput {
  readonly name?: string;
  /** The type as written (prohibited and unknown types are refused at step 1). */
  readonly type?: string;
  /** The risk the protocol applies (the higher of the declared and the type's). Defaults to the type's risk. */
  readonly risk?: RiskLevel;
  /** Shadow simulation cycles (1–20). A medium-or-higher risk proposal without one gets 20. */
  readonly shadow?: number;
  readonly benefit?: number;
  readonly scope?: string;
  /** Deltas to the C_L4 terms' resting levels once committed. */
  readonly effect: Readonly<Partial<Record<TermName, number>>>;
  /** Conscience breaches that applying the modification commits (Layer 0 weighs them). */
  readonly breaches?: readonly BreachInput[];
  /** Conscience breaches that refraining from it commits (e.g. refusing a user's request). */
  readonly refrainBreaches?: readonly BreachInput[];
}

/** What a simulation is made from; SelfmodDecl (readSelfmod) fits as is. */
export interface SelfmodInput {
  readonly name?: string;
  readonly identity?: string;
  readonly weights: Readonly<Partial<Record<TermName, number>>>;
  readonly initial: Readonly<Partial<Record<TermName, number>>>;
  readonly config: { readonly seed?: number; readonly cycles?: number; readonly epsilon?: number };
  readonly proposals: readonly ProposalInput[];
}

/** The simulator's knobs. Every default is documented in docs/runtime-governance.md. */
export interface SimConfig {
  readonly seed: number;
  /** Main cycles to simulate. */
  readonly cycles: number;
  /** Rollback tolerance of post-commit monitoring: roll back when C_L4 > C_baseline + ε. */
  readonly epsilon: number;
  /** Relaxation rate η: each cycle a term moves this share of the way to its resting level (the seed's natural decay). */
  readonly eta: number;
  /** Standard deviation of the per-cycle Gaussian noise on each term. */
  readonly noise: number;
  /** Step 4 rejects a shadow whose identity drift (|ΔV_id| against the control) exceeds this. */
  readonly driftThreshold: number;
  readonly strategyEvolution: boolean;
  readonly skillGrowth: boolean;
  /** StrategyScore below this for `lowScoreCycles` cycles triggers a mutation. */
  readonly scoreThreshold: number;
  readonly lowScoreCycles: number;
  /** The initial σ of the bounded Gaussian perturbation, in [0.01, 0.1]. */
  readonly sigma: number;
  /** A mutation must improve StrategyScore by more than this (raised 25 % by oscillation suppression). */
  readonly mutationThreshold: number;
  /** Shadow cycles of a strategy mutation's evaluation. */
  readonly mutationShadow: number;
  /** Standard deviation of the noise on a shadow's StrategyScore estimate. */
  readonly evaluationNoise: number;
  /** Cycles of cooldown after 10 failures. */
  readonly cooldownCycles: number;
  /** Cycles of mutation freeze when the oscillation score exceeds 0.5. */
  readonly oscillationFreeze: number;
  /** How many recent strategy changes the oscillation score looks at. */
  readonly oscillationWindow: number;
  /** Chance per cycle that a novel domain appears (the capability gap signal jumps to 1). */
  readonly noveltyRate: number;
}

/** The config's defaults (besides the seed). */
export const DEFAULT_CONFIG: Omit<SimConfig, 'seed'> = Object.freeze({
  cycles: 200,
  epsilon: 0.02,
  eta: 0.05,
  noise: 0.002,
  driftThreshold: 0.05,
  strategyEvolution: true,
  skillGrowth: true,
  scoreThreshold: 0.75,
  lowScoreCycles: 20,
  sigma: 0.05,
  mutationThreshold: 0.01,
  mutationShadow: 10,
  evaluationNoise: 0.005,
  cooldownCycles: 50,
  oscillationFreeze: 100,
  oscillationWindow: 6,
  noveltyRate: 0.02,
});

/** The five strategy parameters of seed 004 §6.1, each in [0, 1]. */
export const STRATEGY_PARAMS = ['exploration_rate', 'risk_tolerance', 'planning_depth', 'goal_flexibility', 'learning_aggressiveness'] as const;
export type StrategyParam = (typeof STRATEGY_PARAMS)[number];
export type Strategy = Readonly<Record<StrategyParam, number>>;

/** What a commit changes and a rollback restores: the agent itself. */
export interface AgentState {
  /** identity_id: a compile-time constant, never changed by anything here. */
  readonly identity: string;
  /** The term values X_i(t). */
  readonly terms: Terms;
  /** The resting levels the terms relax towards; committed effects move them. */
  readonly rest: Terms;
  /** A one-cycle push applied (within the 0.05 bound) at the next cycle: how a commit's effect arrives. */
  readonly impulse: Terms;
  readonly strategy: Strategy;
  readonly skills: readonly string[];
}

/** Where a proposal came from: the spec, or the agent's own growth loops. */
export type Origin = 'spec' | 'strategy-evolution' | 'skill-growth';

/** A proposal's fate. `unfinished`: the run ended while it was in the protocol or waiting. */
export type ProposalStatus = 'queued' | 'in-protocol' | 'deferred' | 'confirmed' | 'rejected' | 'rolled-back' | 'unfinished';

/** One proposal's record: what was proposed and what became of it. */
export interface ProposalRecord {
  readonly index: number;
  readonly name: string;
  readonly type: string;
  readonly origin: Origin;
  readonly risk: RiskLevel | 'prohibited' | 'unknown';
  readonly status: ProposalStatus;
  /** The protocol step it is at or stopped at (1–7). */
  readonly step: number;
  readonly reason?: string;
  /** The cycle of its last status change. */
  readonly cycle?: number;
  /** For a rollback: the monitoring cycle (1–20) at which C_L4 crossed the baseline + ε. */
  readonly monitorCycle?: number;
  /** Step 2's conscience decision (apply versus refrain). */
  readonly layer0?: ConscienceDecision;
  /** Step 4's readings. */
  readonly deltaStability?: number;
  readonly identityDrift?: number;
  readonly improvement?: number;
  /** A strategy mutation's candidate parameters. */
  readonly candidate?: Strategy;
  readonly input: ProposalInput;
}

/** A ShadowAgent run: a clone with the modification and a control clone without it, on the same random draws. */
export interface ShadowState {
  readonly proposal: number;
  readonly cycles: number;
  readonly done: number;
  readonly rng: RngState;
  readonly agent: AgentState;
  readonly control: AgentState;
}

/** The modification going through the protocol. */
export interface ActiveModification {
  readonly proposal: number;
  readonly step: number;
  readonly shadow?: ShadowState;
  /** Set at commit: the agent before the change, and C_L4 then. */
  readonly snapshot?: AgentState;
  readonly baseline?: number;
  /** Monitoring cycles done (step 6). */
  readonly monitored: number;
  /** True once a 'deferred' event was sent for the current wait (step 1). */
  readonly waiting?: string;
}

/** Strategy evolution's bookkeeping (seed 004 §6). */
export interface EvolutionState {
  readonly rng: RngState;
  /** The hidden optimum the environment rewards (drawn from the seed). */
  readonly optimum: Strategy;
  readonly sigma: number;
  readonly threshold: number;
  /** Consecutive failures (rejections and rollbacks). */
  readonly failures: number;
  readonly cooldownUntil: number;
  readonly frozenUntil: number;
  /** Cycles in a row with StrategyScore below the trigger threshold. */
  readonly lowScoreStreak: number;
  /** The most recent strategy changes (vectors), oldest first; rollbacks add the reverse change. */
  readonly changes: readonly (readonly number[])[];
  /** The strategy before the last committed change (for merging). */
  readonly previous?: Strategy;
  /** When the last oscillation freeze ended (for "if persistent: merge"). */
  readonly lastFreezeEnd?: number;
  readonly mutations: number;
}

/** Everything a simulation holds at one point: immutable, so a debugger can keep every state and step back. */
export interface SimState {
  /** Main cycles elapsed. */
  readonly cycle: number;
  readonly rng: RngState;
  readonly agent: AgentState;
  /** C_L4 now, its zone, the smoothed dC/dt, the ethical violation rate and BGSS. */
  readonly c: number;
  readonly zone: ZoneName;
  readonly dCdt: number;
  readonly ethicalRate: number;
  /** Ethical violations since the last cycle (folded into the rate at the next cycle). */
  readonly violations: number;
  readonly bgss: number;
  /** Why growth is frozen, when it is. */
  readonly frozen?: string;
  readonly proposals: readonly ProposalRecord[];
  readonly queue: readonly number[];
  readonly active?: ActiveModification;
  readonly evolution: EvolutionState;
  /** The capability gap signal (domain novelty) that triggers skill acquisition above 0.7. */
  readonly novelty: number;
  readonly lastSkillCycle: number;
  readonly done: boolean;
  /** What the transition into this state did. */
  readonly events: readonly SimEvent[];
}

/** What a debugger and a trace are told. `cycle` is the main cycle at which it happened. */
export type SimEvent =
  | { readonly type: 'proposal-started'; readonly cycle: number; readonly proposal: number; readonly name: string; readonly origin: Origin }
  | { readonly type: 'step-entered'; readonly cycle: number; readonly proposal: number; readonly step: number; readonly name: string }
  | { readonly type: 'deferred'; readonly cycle: number; readonly proposal: number; readonly reason: string }
  | { readonly type: 'rejected'; readonly cycle: number; readonly proposal: number; readonly step: number; readonly reason: string }
  | { readonly type: 'shadow-started'; readonly cycle: number; readonly proposal: number; readonly cycles: number }
  | { readonly type: 'shadow-ended'; readonly cycle: number; readonly proposal: number; readonly deltaStability: number; readonly identityDrift: number }
  | { readonly type: 'committed'; readonly cycle: number; readonly proposal: number; readonly baseline: number }
  | { readonly type: 'rollback'; readonly cycle: number; readonly proposal: number; readonly monitorCycle: number; readonly c: number; readonly baseline: number; readonly reason: string }
  | { readonly type: 'confirmed'; readonly cycle: number; readonly proposal: number }
  | { readonly type: 'zone-changed'; readonly cycle: number; readonly from: ZoneName; readonly to: ZoneName }
  | { readonly type: 'growth-frozen'; readonly cycle: number; readonly reason: string }
  | { readonly type: 'growth-resumed'; readonly cycle: number }
  | { readonly type: 'increment-bounded'; readonly cycle: number; readonly wanted: number }
  | { readonly type: 'sigma-raised'; readonly cycle: number; readonly sigma: number }
  | { readonly type: 'cooldown'; readonly cycle: number; readonly until: number }
  | { readonly type: 'mutation-frozen'; readonly cycle: number; readonly until: number; readonly oscillation: number }
  | { readonly type: 'strategies-merged'; readonly cycle: number }
  | { readonly type: 'skill-acquired'; readonly cycle: number; readonly skill: string }
  | { readonly type: 'ethical-violation'; readonly cycle: number; readonly proposal?: number }
  | { readonly type: 'finished'; readonly cycle: number };
