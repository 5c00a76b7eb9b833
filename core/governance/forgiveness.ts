// Forgiveness kernels (seed 002, invariant 5): how a resolved scar fades, computed from the kernel declared at
// constitution time and the scar's age, never stored. Gamma(shape, scale) or Weibull(shape, scale), scale in steps.

/** A forgiveness kernel as the `scars { forgiveness … }` entry declares it. Both parameters are > 0. */
export interface ForgivenessKernel {
  readonly name: 'gamma' | 'weibull';
  readonly shape: number;
  /** In steps of the run. */
  readonly scale: number;
}

/** Why a kernel is unusable, or undefined when it is fine. */
export function kernelProblem(k: ForgivenessKernel): string | undefined {
  if (k.name !== 'gamma' && k.name !== 'weibull') return `unknown forgiveness kernel '${String(k.name)}' (gamma or weibull)`;
  if (!(Number.isFinite(k.shape) && k.shape > 0)) return `the ${k.name} kernel's shape must be a number above 0 (got ${k.shape})`;
  if (!(Number.isFinite(k.scale) && k.scale > 0)) return `the ${k.name} kernel's scale must be a number above 0 (got ${k.scale})`;
  return undefined;
}

// Lanczos approximation (g = 7, n = 9), good to about 15 significant digits for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = LANCZOS[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a): the series for P = 1 − Q below
 * x = a + 1 and a continued fraction (modified Lentz) above, as in Numerical Recipes §6.2.
 */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const lead = -x + a * Math.log(x) - lnGamma(a);
  if (x < a + 1) {
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let n = 0; n < 1000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-16) break;
    }
    return Math.max(0, 1 - sum * Math.exp(lead));
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.min(1, Math.exp(lead) * h);
}

/**
 * The kernel's survival function S(age) = P(T > age): the share of a resolved scar's weight still carried `age`
 * steps after its restorative event. 1 at age 0 (and before), falling towards 0, never reaching it at a finite age
 * for these kernels (up to floating point): the scar fades, the crack stays in the record.
 */
export function survival(k: ForgivenessKernel, age: number): number {
  if (!(age > 0)) return 1;
  if (k.name === 'weibull') return Math.exp(-Math.pow(age / k.scale, k.shape));
  return gammaQ(k.shape, age / k.scale);
}

/** The kernel's density at `age` (for charts): how fast forgiveness is being earned then. */
export function density(k: ForgivenessKernel, age: number): number {
  if (!(age >= 0)) return 0;
  if (k.name === 'weibull') {
    const z = age / k.scale;
    return (k.shape / k.scale) * Math.pow(z, k.shape - 1) * Math.exp(-Math.pow(z, k.shape));
  }
  if (age === 0) return k.shape === 1 ? 1 / k.scale : k.shape < 1 ? Infinity : 0;
  return Math.exp((k.shape - 1) * Math.log(age) - age / k.scale - lnGamma(k.shape) - k.shape * Math.log(k.scale));
}

/**
 * The weight a scar carries at step `now`: 1 while it is unresolved (forgiveness starts only with a restorative
 * event), then the kernel's survival at the scar's age since that event. Computed on demand, never stored.
 */
export function scarWeight(k: ForgivenessKernel | undefined, scar: { readonly resolvedAtStep?: number }, now: number): number {
  if (scar.resolvedAtStep === undefined) return 1;
  if (!k) return 1; // no kernel declared: a resolved scar keeps its weight (AMP-G013 reports the missing kernel)
  return survival(k, now - scar.resolvedAtStep);
}

/** How much has been forgiven: 1 − scarWeight. */
export function forgivenessOf(k: ForgivenessKernel | undefined, scar: { readonly resolvedAtStep?: number }, now: number): number {
  return 1 - scarWeight(k, scar, now);
}
