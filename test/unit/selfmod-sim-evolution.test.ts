// Unit tests for strategy evolution and skill growth in the self-modification simulator (seed 004 §5–§6): the bounded
// perturbation, σ +20 % per 5 failures, the cooldown at 10, oscillation suppression, and at most one skill per 100
// cycles, none in stabilization mode.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_CONFIG, Rng, SIGMA_MAX, SIGMA_MIN, STRATEGY_PARAMS, changed, failed, oscillationScore, perturb, prepareSimulation, run, startEvolution,
  strategyOf, strategyScore, type EvolutionState, type SimConfig, type SimEvent, type Simulation,
} from '../../core/selfmod/index';

const cfg: SimConfig = { ...DEFAULT_CONFIG, seed: 1 };
const WEIGHTS = { V_id: 0.15, H_bel: 0.15, F_mut: 0.1, sigma_con: 0.1, E_v: 0.2, G_c: 0.15, M_s: 0.15 };
const INITIAL = { V_id: 0.05, H_bel: 0.2, F_mut: 0.1, sigma_con: 0.05, E_v: 0.1, G_c: 0.1, M_s: 0.1 };

function simulation(over: Partial<SimConfig>, initial = INITIAL): Simulation {
  const { simulation: sim, problems } = prepareSimulation({ identity: 'a', weights: WEIGHTS, initial, config: { seed: 11, cycles: 1000 }, proposals: [] }, over);
  assert.deepEqual(problems, []);
  return sim!;
}

describe('the bounded Gaussian perturbation', () => {
  it('keeps parameters in [0, 1] and moves them by about σ', () => {
    const rng = new Rng(123);
    const p = strategyOf([0, 1, 0.5, 0.5, 0.5]);
    let sumSq = 0;
    let n = 0;
    for (let i = 0; i < 2000; i++) {
      const q = perturb(p, 0.05, 1, rng);
      for (const k of STRATEGY_PARAMS) assert.ok(q[k] >= 0 && q[k] <= 1);
      sumSq += (q.planning_depth - 0.5) ** 2;
      n++;
    }
    const sd = Math.sqrt(sumSq / n);
    assert.ok(sd > 0.045 && sd < 0.055, `sd ${sd}`);
  });

  it('scores strategies by E_LTV − 0.3·SI − 0.2·RC − 0.2·RF', () => {
    const opt = strategyOf([0.2, 0.4, 0.6, 0.8, 0.2]);
    // At the optimum E_LTV = 1; SI = C_L4 = 0.1; RC = (0.6 + 0.2) / 2 = 0.4; RF = 0.
    assert.ok(Math.abs(strategyScore(opt, opt, 0.1) - (1 - 0.03 - 0.08)) < 1e-12);
    const off = strategyOf([0.3, 0.4, 0.6, 0.8, 0.2]);
    assert.ok(Math.abs(strategyScore(off, opt, 0.1) - (1 - (2 * 0.01) / 5 - 0.03 - 0.08)) < 1e-12);
  });
});

describe('failures, σ and cooldown', () => {
  it('raises σ by 20 % at every 5th failure, capped at 0.1', () => {
    let e = startEvolution(7, cfg);
    assert.equal(e.sigma, 0.05);
    const events: SimEvent[] = [];
    for (let i = 0; i < 4; i++) e = failed(e, i, cfg, events);
    assert.equal(e.sigma, 0.05);
    e = failed(e, 4, cfg, events);
    assert.ok(Math.abs(e.sigma - 0.06) < 1e-15);
    assert.deepEqual(events.map((x) => x.type), ['sigma-raised']);
    events.length = 0;
    e = { ...e, sigma: 0.095 };
    for (let i = 0; i < 5; i++) e = failed(e, 10 + i, cfg, events);
    assert.equal(e.sigma, SIGMA_MAX);
  });

  it('starts a cooldown at 10 failures and resets the count', () => {
    let e = startEvolution(7, cfg);
    const events: SimEvent[] = [];
    for (let i = 1; i <= 10; i++) e = failed(e, 100 + i, cfg, events);
    assert.equal(e.failures, 0);
    assert.equal(e.cooldownUntil, 110 + cfg.cooldownCycles);
    assert.deepEqual(events.map((x) => x.type), ['sigma-raised', 'sigma-raised', 'cooldown']);
  });

  it('clamps the initial σ into [0.01, 0.1]', () => {
    assert.equal(startEvolution(1, { ...cfg, sigma: 0.5 }).sigma, SIGMA_MAX);
    assert.equal(startEvolution(1, { ...cfg, sigma: 0.001 }).sigma, SIGMA_MIN);
  });
});

describe('oscillation suppression', () => {
  it('scores the share of changes that reverse the one before', () => {
    assert.equal(oscillationScore([[1, 0]]), 0);
    assert.equal(oscillationScore([[1, 0], [1, 0.1], [0.5, 0]]), 0);
    assert.equal(oscillationScore([[1, 0], [-1, 0], [1, 0]]), 1);
    assert.equal(oscillationScore([[1], [-1], [-1], [1], [1]]), 0.5);
  });

  it('freezes mutation for 100 cycles, raises the threshold 25 % and halves σ when the score passes 0.5', () => {
    let e = startEvolution(7, cfg);
    const events: SimEvent[] = [];
    const p = strategyOf([0.5, 0.5, 0.5, 0.5, 0.5]);
    e = changed(e, [0.1, 0, 0, 0, 0], 10, cfg, events, { current: p }).evolution;
    e = changed(e, [-0.1, 0, 0, 0, 0], 20, cfg, events, { current: p }).evolution;
    assert.equal(events.length, 0);
    e = changed(e, [0.1, 0, 0, 0, 0], 30, cfg, events, { current: p }).evolution;
    assert.deepEqual(events, [{ type: 'mutation-frozen', cycle: 30, until: 130, oscillation: 1 }]);
    assert.equal(e.frozenUntil, 130);
    assert.ok(Math.abs(e.threshold - 0.0125) < 1e-15);
    assert.equal(e.sigma, 0.025);
    assert.deepEqual(e.changes, []);
  });

  it('merges the last two strategies when oscillation persists after a freeze', () => {
    let e: EvolutionState = { ...startEvolution(7, cfg), lastFreezeEnd: 130 };
    const events: SimEvent[] = [];
    const a = strategyOf([0.6, 0.5, 0.5, 0.5, 0.5]);
    const b = strategyOf([0.4, 0.5, 0.5, 0.5, 0.7]);
    e = changed(e, [0.1], 140, cfg, events, { current: a, previous: b }).evolution;
    e = changed(e, [-0.1], 150, cfg, events, { current: a, previous: b }).evolution;
    const r = changed(e, [0.1], 160, cfg, events, { current: a, previous: b });
    assert.deepEqual(events.map((x) => x.type), ['mutation-frozen', 'strategies-merged']);
    assert.deepEqual(r.merged, strategyOf([0.5, 0.5, 0.5, 0.5, 0.6]));
  });
});

describe('strategy evolution in a run', () => {
  // A demanding environment (trigger below 0.9) keeps the agent mutating for the whole run.
  const sim = simulation({ skillGrowth: false, cycles: 1500, scoreThreshold: 0.9 });
  const r = run(sim, { keepStates: true });
  const mutations = r.outcomes.filter((o) => o.origin === 'strategy-evolution');

  it('proposes mutations through the protocol with a shadow, and commits only improvements', () => {
    assert.ok(mutations.length >= 3, `${mutations.length} mutations`);
    for (const m of mutations.filter((x) => x.status === 'confirmed')) assert.ok(m.improvement! > 0.01 - 1e-12);
    for (const m of mutations.filter((x) => x.status === 'rejected' && x.step === 4 && x.improvement !== undefined)) assert.ok(m.improvement! <= 1);
    assert.ok(mutations.some((m) => m.status === 'confirmed'));
    for (const m of mutations) for (const k of STRATEGY_PARAMS) assert.ok(m.candidate![k] >= 0 && m.candidate![k] <= 1);
  });

  it('brings the strategy closer to what the environment rewards', () => {
    const first = r.states![0];
    const last = r.final;
    const s0 = strategyScore(first.agent.strategy, first.evolution.optimum, first.c);
    const s1 = strategyScore(last.agent.strategy, last.evolution.optimum, last.c);
    assert.ok(s1 > s0, `${s0} → ${s1}`);
  });

  it('never starts a mutation during a cooldown or a freeze, nor while growth is frozen', () => {
    for (let i = 1; i < r.states!.length; i++) {
      const before = r.states![i - 1];
      for (const e of r.states![i].events) {
        if (e.type !== 'proposal-started' || e.origin !== 'strategy-evolution') continue;
        assert.ok(before.cycle >= before.evolution.cooldownUntil && before.cycle >= before.evolution.frozenUntil && !before.frozen);
      }
    }
  });

  it('keeps σ in [0.01, 0.1]', () => {
    for (const s of r.states!) assert.ok(s.evolution.sigma >= SIGMA_MIN && s.evolution.sigma <= SIGMA_MAX);
  });
});

describe('skill growth', () => {
  it('acquires at most one new skill per 100 cycles', () => {
    const r = run(simulation({ strategyEvolution: false, noveltyRate: 1, cycles: 1200 }));
    const at = r.events.filter((e) => e.type === 'skill-acquired').map((e) => e.cycle);
    assert.ok(at.length >= 5, `${at.length} skills`);
    for (let i = 1; i < at.length; i++) assert.ok(at[i] - at[i - 1] >= 100, `skills at ${at[i - 1]} and ${at[i]}`);
    assert.equal(r.final.agent.skills.length, at.length);
  });

  it('acquires none in stabilization mode', () => {
    const caution = { V_id: 0.05, H_bel: 0.6, F_mut: 0.6, sigma_con: 0.6, E_v: 0.6, G_c: 0.6, M_s: 0.6 };
    const r = run(simulation({ strategyEvolution: false, noveltyRate: 1, cycles: 500 }, caution));
    assert.ok(r.final.zone === 'Caution');
    assert.equal(r.events.filter((e) => e.type === 'skill-acquired').length, 0);
    assert.equal(r.outcomes.length, 0);
  });
});
