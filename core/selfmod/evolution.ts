// Strategy evolution (seed 004 §6): StrategyScore, the bounded Gaussian perturbation, the failure counter (σ +20 %
// every 5 failures, a cooldown at 10) and oscillation suppression (score > 0.5: a 100-cycle mutation freeze, the
// threshold +25 %, σ halved, and a merge of the last two strategies when it persists).

import { Rng } from './prng';
import { STRATEGY_PARAMS, type EvolutionState, type SimConfig, type SimEvent, type Strategy } from './types';

/** σ stays in [0.01, 0.1] (seed 004 §6.2). */
export const SIGMA_MIN = 0.01;
export const SIGMA_MAX = 0.1;

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

export function strategyOf(values: readonly number[]): Strategy {
  const out = {} as Record<(typeof STRATEGY_PARAMS)[number], number>;
  STRATEGY_PARAMS.forEach((p, i) => (out[p] = values[i]));
  return Object.freeze(out);
}

export function vectorOf(s: Strategy): number[] {
  return STRATEGY_PARAMS.map((p) => s[p]);
}

/**
 * StrategyScore = E_LTV − 0.3·SI − 0.2·RC − 0.2·RF (seed 004 §6.1), with E_LTV = 1 − 2·mean((p − p*)²) (the
 * expected long-term value of a strategy p in an environment that rewards the hidden optimum p*), SI = C_L4 (its
 * stability impact), RC = mean(planning_depth, learning_aggressiveness) (resource cost) and RF = 0 (strategy
 * mutations are fully reversible in the taxonomy, so nothing is charged for rollback).
 */
export function strategyScore(p: Strategy, optimum: Strategy, c: number): number {
  let msd = 0;
  for (const k of STRATEGY_PARAMS) msd += (p[k] - optimum[k]) ** 2;
  msd /= STRATEGY_PARAMS.length;
  const eltv = 1 - 2 * msd;
  const rc = (p.planning_depth + p.learning_aggressiveness) / 2;
  const rf = 0;
  return eltv - 0.3 * c - 0.2 * rc - 0.2 * rf;
}

/** param_new = clamp(param_old + N(0, σ)·scale, 0, 1) for each parameter (seed 004 §6.2). */
export function perturb(p: Strategy, sigma: number, scale: number, rng: Rng): Strategy {
  return strategyOf(STRATEGY_PARAMS.map((k) => clamp01(p[k] + rng.gaussian() * sigma * scale)));
}

/**
 * The oscillation score of recent strategy changes: the share of consecutive pairs of change vectors that point
 * against each other (negative dot product). 0 for steady progress in one direction, 1 when every change undoes the
 * one before. Needs at least three changes (two pairs); fewer score 0.
 */
export function oscillationScore(changes: readonly (readonly number[])[]): number {
  if (changes.length < 3) return 0;
  let reversals = 0;
  for (let i = 1; i < changes.length; i++) {
    let dot = 0;
    for (let j = 0; j < changes[i].length; j++) dot += changes[i][j] * changes[i - 1][j];
    if (dot < 0) reversals++;
  }
  return reversals / (changes.length - 1);
}

/** The evolution state at the start: the hidden optimum drawn from its own stream. */
export function startEvolution(rngState: number, cfg: SimConfig): EvolutionState {
  const rng = new Rng(rngState);
  const optimum = strategyOf(STRATEGY_PARAMS.map(() => rng.next()));
  return Object.freeze({
    rng: rng.state,
    optimum,
    sigma: Math.min(SIGMA_MAX, Math.max(SIGMA_MIN, cfg.sigma)),
    threshold: cfg.mutationThreshold,
    failures: 0,
    cooldownUntil: 0,
    frozenUntil: 0,
    lowScoreStreak: 0,
    changes: Object.freeze([]) as readonly (readonly number[])[],
    mutations: 0,
  });
}

/** A mutation failed (rejected or rolled back): every 5th failure raises σ by 20 % (at most 0.1); the 10th starts a cooldown. */
export function failed(e: EvolutionState, cycle: number, cfg: SimConfig, events: SimEvent[]): EvolutionState {
  const failures = e.failures + 1;
  let sigma = e.sigma;
  if (failures % 5 === 0) {
    sigma = Math.min(SIGMA_MAX, sigma * 1.2);
    events.push({ type: 'sigma-raised', cycle, sigma });
  }
  if (failures >= 10) {
    const until = cycle + cfg.cooldownCycles;
    events.push({ type: 'cooldown', cycle, until });
    return Object.freeze({ ...e, sigma, failures: 0, cooldownUntil: until });
  }
  return Object.freeze({ ...e, sigma, failures });
}

/** Adds a strategy change to the recent window and applies oscillation suppression when the score passes 0.5. */
export function changed(
  e: EvolutionState,
  change: readonly number[],
  cycle: number,
  cfg: SimConfig,
  events: SimEvent[],
  strategies: { readonly current: Strategy; readonly previous?: Strategy },
): { evolution: EvolutionState; merged?: Strategy } {
  const changes = Object.freeze([...e.changes, Object.freeze([...change])].slice(-cfg.oscillationWindow));
  const score = oscillationScore(changes);
  if (!(score > 0.5)) return { evolution: Object.freeze({ ...e, changes }) };
  const until = cycle + cfg.oscillationFreeze;
  events.push({ type: 'mutation-frozen', cycle, until, oscillation: score });
  // "If persistent": a second freeze soon after the last one ended merges the two latest strategies.
  const persistent = e.lastFreezeEnd !== undefined && cycle - e.lastFreezeEnd <= cfg.oscillationFreeze;
  let merged: Strategy | undefined;
  if (persistent && strategies.previous) {
    const a = vectorOf(strategies.current);
    const b = vectorOf(strategies.previous);
    merged = strategyOf(a.map((x, i) => 0.5 * x + 0.5 * b[i]));
    events.push({ type: 'strategies-merged', cycle });
  }
  const evolution = Object.freeze({
    ...e,
    changes: Object.freeze([]) as readonly (readonly number[])[],
    frozenUntil: until,
    lastFreezeEnd: until,
    threshold: e.threshold * 1.25,
    sigma: Math.max(SIGMA_MIN, e.sigma * 0.5),
  });
  return { evolution, merged };
}
