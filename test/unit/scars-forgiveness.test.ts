// Unit tests for the forgiveness kernels of the Atlas of Scars: Gamma and Weibull survival against closed forms and
// against a numeric integration of their densities, computed here independently of the implementation.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { density, forgivenessOf, gammaQ, kernelProblem, lnGamma, scarWeight, survival, type ForgivenessKernel } from '../../core/governance/forgiveness';

/** Composite Simpson's rule on [a, b] with n (even) intervals. */
function simpson(f: (x: number) => number, a: number, b: number, n = 20000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/** The gamma density written out here, with Γ from its own closed form where the shape allows. */
function gammaPdf(k: number, theta: number, gammaK: number): (x: number) => number {
  return (x) => (x <= 0 ? 0 : (Math.pow(x, k - 1) * Math.exp(-x / theta)) / (gammaK * Math.pow(theta, k)));
}

const close = (actual: number, expected: number, tol = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual} (difference ${Math.abs(actual - expected)})`);

describe('ln Γ', () => {
  it('matches factorials and Γ(1/2) = √π', () => {
    close(lnGamma(1), 0, 1e-13);
    close(lnGamma(5), Math.log(24), 1e-12);
    close(lnGamma(10), Math.log(362880), 1e-12);
    close(lnGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-12);
    close(lnGamma(2.5), Math.log((3 * Math.sqrt(Math.PI)) / 4), 1e-12);
  });
});

describe('Gamma kernel', () => {
  it('shape 1 is the exponential: S(t) = e^(−t/θ)', () => {
    const k: ForgivenessKernel = { name: 'gamma', shape: 1, scale: 10 };
    for (const t of [0.5, 3, 10, 25, 80]) close(survival(k, t), Math.exp(-t / 10), 1e-12);
  });

  it('shape 2 (the sample’s gamma(2, 30)): S(t) = e^(−t/θ)(1 + t/θ), so S(30) = 2/e and S(60) = 3/e²', () => {
    const k: ForgivenessKernel = { name: 'gamma', shape: 2, scale: 30 };
    close(survival(k, 30), 2 / Math.E, 1e-12);
    close(survival(k, 60), 3 / Math.E ** 2, 1e-12);
    for (const t of [1, 7, 45, 200]) close(survival(k, t), Math.exp(-t / 30) * (1 + t / 30), 1e-12);
  });

  it('shape 3: S(t) = e^(−x)(1 + x + x²/2), on both sides of x = a + 1', () => {
    const k: ForgivenessKernel = { name: 'gamma', shape: 3, scale: 5 };
    for (const t of [1, 10, 19, 21, 60]) {
      const x = t / 5;
      close(survival(k, t), Math.exp(-x) * (1 + x + (x * x) / 2), 1e-12);
    }
  });

  it('shape 2.5 matches 1 − ∫ density (Simpson), with Γ(2.5) = 3√π/4', () => {
    const k: ForgivenessKernel = { name: 'gamma', shape: 2.5, scale: 12 };
    const pdf = gammaPdf(2.5, 12, (3 * Math.sqrt(Math.PI)) / 4);
    for (const t of [5, 30, 60]) close(survival(k, t), 1 - simpson(pdf, 0, t), 1e-8);
    close(density(k, 20), pdf(20), 1e-12);
  });

  it('a large shape (40) matches the integration in the continued-fraction region', () => {
    const k: ForgivenessKernel = { name: 'gamma', shape: 40, scale: 1 };
    const gamma40 = Array.from({ length: 39 }, (_, i) => i + 1).reduce((a, b) => a * b, 1); // 39!
    const pdf = gammaPdf(40, 1, gamma40);
    for (const t of [30, 40, 55]) close(survival(k, t), 1 - simpson(pdf, 0, t, 40000), 1e-8);
  });

  it('Q is a survival function: 1 at 0, falling, into [0, 1]', () => {
    assert.equal(gammaQ(2, 0), 1);
    let prev = 1;
    for (let x = 0.25; x < 50; x += 0.25) {
      const q = gammaQ(3.7, x);
      assert.ok(q <= prev && q >= 0 && q <= 1);
      prev = q;
    }
  });
});

describe('Weibull kernel', () => {
  it('S(t) = exp(−(t/λ)^k)', () => {
    const k: ForgivenessKernel = { name: 'weibull', shape: 1.5, scale: 20 };
    close(survival(k, 10), Math.exp(-Math.pow(0.5, 1.5)), 1e-15);
    close(survival(k, 20), Math.exp(-1), 1e-15);
  });
  it('matches 1 − ∫ density (Simpson)', () => {
    const k: ForgivenessKernel = { name: 'weibull', shape: 2.2, scale: 15 };
    for (const t of [4, 15, 40]) close(survival(k, t), 1 - simpson((x) => density(k, x), 0, t), 1e-9);
  });
});

describe('scar weight and forgiveness', () => {
  const k: ForgivenessKernel = { name: 'gamma', shape: 2, scale: 30 };
  it('an unresolved scar keeps its whole weight, whatever its age', () => {
    assert.equal(scarWeight(k, {}, 1e6), 1);
    assert.equal(forgivenessOf(k, {}, 1e6), 0);
  });
  it('a resolved scar fades from its restorative event on', () => {
    assert.equal(scarWeight(k, { resolvedAtStep: 10 }, 10), 1);
    assert.equal(scarWeight(k, { resolvedAtStep: 10 }, 5), 1);
    close(scarWeight(k, { resolvedAtStep: 10 }, 40), 2 / Math.E, 1e-12);
    close(forgivenessOf(k, { resolvedAtStep: 10 }, 40), 1 - 2 / Math.E, 1e-12);
  });
  it('without a kernel, a resolved scar does not fade', () => {
    assert.equal(scarWeight(undefined, { resolvedAtStep: 0 }, 100), 1);
  });
  it('rejects kernels with bad parameters', () => {
    assert.equal(kernelProblem(k), undefined);
    assert.match(kernelProblem({ name: 'gamma', shape: 0, scale: 1 })!, /shape must be a number above 0/);
    assert.match(kernelProblem({ name: 'weibull', shape: 1, scale: NaN })!, /scale must be a number above 0/);
    assert.match(kernelProblem({ name: 'cauchy' as 'gamma', shape: 1, scale: 1 })!, /unknown forgiveness kernel/);
  });
});
