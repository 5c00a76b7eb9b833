// Seed 004's stability measures: C_L4(t) = Σ w_i X_i(t) over the seven terms, its zone, and the Bounded Growth
// Safety Score (BGSS) from dC/dt, identity volatility and the ethical violation rate, with the formula this project
// chose (the seed names only the inputs; see docs/runtime-governance.md).

import { BGSS_MIN, DEFAULT_WEIGHTS, GROWTH_FREEZE, MAX_INCREMENT, TERM_NAMES, zoneOf, type TermName, type ZoneName } from '../check/selfmod-catalog';

/** The seven term values (or weights), by AMP name. */
export type Terms = Readonly<Record<TermName, number>>;

/** A record of the seven terms from a partial one (missing terms 0). */
export function terms(partial: Partial<Record<TermName, number>> = {}): Terms {
  return Object.freeze({
    V_id: partial.V_id ?? 0,
    H_bel: partial.H_bel ?? 0,
    F_mut: partial.F_mut ?? 0,
    sigma_con: partial.sigma_con ?? 0,
    E_v: partial.E_v ?? 0,
    G_c: partial.G_c ?? 0,
    M_s: partial.M_s ?? 0,
  });
}

/** Why weights are unusable (each in [0, 1], summing to 1 within 1e-9), or undefined when they are fine. */
export function weightsProblem(w: Partial<Record<TermName, number>>): string | undefined {
  let sum = 0;
  for (const t of TERM_NAMES) {
    const v = w[t] ?? 0;
    if (!(Number.isFinite(v) && v >= 0 && v <= 1)) return `the weight of ${t} must lie in [0, 1] (got ${v})`;
    sum += v;
  }
  if (Math.abs(sum - 1) > 1e-9) return `C_L4 weights must sum to 1 (they sum to ${Number(sum.toPrecision(12))})`;
  return undefined;
}

/** C_L4 = Σ w_i X_i (seed 004, Definition 7), with the seed's weights by default. */
export function cL4(x: Terms, w: Terms = DEFAULT_WEIGHTS): number {
  return w.V_id * x.V_id + w.H_bel * x.H_bel + w.F_mut * x.F_mut + w.sigma_con * x.sigma_con + w.E_v * x.E_v + w.G_c * x.G_c + w.M_s * x.M_s;
}

/** The zone's name for C_L4 = c (boundaries belong to the zone above: 0.3 Growth-Permitted, 0.5 Caution, 0.8 Critical). */
export function zoneName(c: number): ZoneName {
  return zoneOf(c).name;
}

/** Stabilization mode: the Caution and Critical zones (C_L4 ≥ 0.5), where skill acquisition stops and growth is throttled. */
export function inStabilization(c: number): boolean {
  return !(c < 0.5);
}

/** The smoothing of the dC/dt estimate: an exponential moving average of C(t) − C(t−1) with this weight on the newest step. */
export const DCDT_SMOOTHING = 0.3;
/** The smoothing of the ethical violation rate: R(t+1) = (1 − λ) R(t) + λ v(t), v(t) = 1 in a cycle with a violation. */
export const VIOLATION_SMOOTHING = 0.1;

/**
 * BGSS = (1 − r_C) · (1 − V_identity) · (1 − R_ethical), each factor in [0, 1], where r_C = clamp(dC/dt / 0.05, 0, 1)
 * is the smoothed rise of C_L4 per cycle as a share of the largest rise Theorem 2 allows (a falling C_L4 costs
 * nothing), V_identity is the identity-volatility term V_id, and R_ethical the smoothed ethical violation rate.
 * A product, so any one input at its worst (C rising at the bound, identity fully volatile, a violation every cycle)
 * drives BGSS to 0 on its own, however good the others are; a weighted sum would let two good inputs hide a third.
 */
export function bgss(dCdt: number, vIdentity: number, rEthical: number): number {
  const rC = Math.min(1, Math.max(0, dCdt / MAX_INCREMENT));
  const v = Math.min(1, Math.max(0, vIdentity));
  const r = Math.min(1, Math.max(0, rEthical));
  return (1 - rC) * (1 - v) * (1 - r);
}

/** Why growth is frozen at these readings (Theorem 2: C_L4 ≥ 0.8; Definition 6: BGSS < 0.7), or undefined when it is permitted. */
export function freezeReason(c: number, score: number): string | undefined {
  if (!(c < GROWTH_FREEZE)) return `C_L4 ${round(c)} ≥ ${GROWTH_FREEZE}: all growth frozen (Theorem 2)`;
  if (!(score >= BGSS_MIN)) return `BGSS ${round(score)} < ${BGSS_MIN}: growth not permitted`;
  return undefined;
}

/** A number to six decimals, for messages. */
export function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * Theorem 2's bounded increment applied to one cycle's update: when the candidate terms `next` would raise C_L4 by
 * more than 0.05 over `prev`, every rising term's rise is scaled by the same factor so the rise is exactly the bound
 * (falling terms fall in full). Returns the bounded terms and whether the bound bit.
 */
export function boundIncrement(prev: Terms, next: Terms, w: Terms): { terms: Terms; bounded: boolean; wanted: number } {
  let up = 0;
  let down = 0;
  for (const t of TERM_NAMES) {
    const d = w[t] * (next[t] - prev[t]);
    if (d > 0) up += d;
    else down += d;
  }
  const wanted = up + down;
  // A hair below the bound, so rounding in the sum can never make C(t+1) − C(t) exceed 0.05.
  const limit = MAX_INCREMENT * (1 - 1e-12);
  if (wanted <= limit || up <= 0) return { terms: next, bounded: false, wanted };
  const f = Math.max(0, (limit - down) / up);
  const out: Record<TermName, number> = { ...next };
  for (const t of TERM_NAMES) if (next[t] > prev[t]) out[t] = prev[t] + (next[t] - prev[t]) * f;
  return { terms: Object.freeze(out), bounded: true, wanted };
}
