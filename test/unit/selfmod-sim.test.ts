// Unit tests for the self-modification simulator (seed 004): C_L4, zones, the freeze at 0.8, BGSS, the 0.05 bound,
// the 7-step protocol step by step (prohibited types, Layer 0, shadow limits, stability validation, commit, rollback,
// confirmation), determinism and immutable history.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDocument } from '../../core/check/index';
import { readSelfmod } from '../../core/check/rules/selfmod';
import type { TermName } from '../../core/check/selfmod-catalog';
import { childNodes } from '../../core/syntax/tree';
import {
  advance, advanceCycle, bgss, boundIncrement, cL4, commitRefusal, freezeReason, initialState, prepareSimulation, recordEthicalViolation, renderOutcomes,
  run, shadowRefusal, startShadow, terms, weightsProblem, zoneName, type ProposalInput, type SelfmodInput, type SimConfig, type SimState, type Simulation,
} from '../../core/selfmod/index';

const SAMPLE_INITIAL = { V_id: 0.05, H_bel: 0.2, F_mut: 0.1, sigma_con: 0.05, E_v: 0.3, G_c: 0.25, M_s: 0.1 };
const SEED_WEIGHTS = { V_id: 0.15, H_bel: 0.15, F_mut: 0.1, sigma_con: 0.1, E_v: 0.2, G_c: 0.15, M_s: 0.15 };

/** A quiet agent (no noise, no growth of its own) unless the test asks otherwise, so figures are exact. */
function simulation(proposals: ProposalInput[] = [], over: Partial<SimConfig> = {}, input: Partial<SelfmodInput> = {}): Simulation {
  const { simulation: sim, problems } = prepareSimulation(
    { identity: 'tutor-7f3a', weights: SEED_WEIGHTS, initial: SAMPLE_INITIAL, config: { seed: 42, cycles: 100 }, proposals, ...input },
    { noise: 0, strategyEvolution: false, skillGrowth: false, ...over },
  );
  assert.deepEqual(problems, []);
  return sim!;
}

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `expected ${b}, got ${a}`);

describe('C_L4, zones and BGSS', () => {
  it('computes C_L4 = Σ w_i X_i with the seed’s weights', () => {
    // 0.15·0.05 + 0.15·0.20 + 0.10·0.10 + 0.10·0.05 + 0.20·0.30 + 0.15·0.25 + 0.15·0.10 = 0.165
    close(cL4(terms(SAMPLE_INITIAL)), 0.165);
    close(cL4(terms({ V_id: 1, H_bel: 1, F_mut: 1, sigma_con: 1, E_v: 1, G_c: 1, M_s: 1 })), 1);
    close(cL4(terms({ E_v: 1 })), 0.2);
    close(cL4(terms({ E_v: 1 }), terms({ E_v: 0.5, V_id: 0.5 })), 0.5);
    close(initialState(simulation()).c, 0.165);
  });

  it('puts each boundary value in the zone above it', () => {
    const zones = [0, 0.2999, 0.3, 0.4999, 0.5, 0.7999, 0.8, 1].map(zoneName);
    assert.deepEqual(zones, ['Optimal', 'Optimal', 'Growth-Permitted', 'Growth-Permitted', 'Caution', 'Caution', 'Critical', 'Critical']);
  });

  it('freezes growth at C_L4 ≥ 0.8 and below BGSS 0.7', () => {
    assert.equal(freezeReason(0.7999, 1), undefined);
    assert.match(freezeReason(0.8, 1)!, /C_L4 0.8 ≥ 0.8: all growth frozen/);
    assert.match(freezeReason(0.2, 0.69)!, /BGSS 0.69 < 0.7/);
    assert.equal(freezeReason(0.2, 0.7), undefined);
  });

  it('computes BGSS = (1 − clamp(dC/dt / 0.05)) · (1 − V_id) · (1 − R_ethical)', () => {
    close(bgss(0, 0, 0), 1);
    close(bgss(-0.01, 0.05, 0), 0.95);
    close(bgss(0.015, 0, 0), 0.7);
    close(bgss(0.01, 0.1, 0.1), 0.8 * 0.9 * 0.9);
    close(bgss(0.2, 0, 0), 0);
    close(bgss(0, 1, 0), 0);
  });

  it('checks weights sum to 1', () => {
    assert.equal(weightsProblem(SEED_WEIGHTS), undefined);
    assert.match(weightsProblem({ ...SEED_WEIGHTS, E_v: 0.3 })!, /sum to 1 \(they sum to 1.1\)/);
    assert.match(weightsProblem({ ...SEED_WEIGHTS, E_v: -0.2, V_id: 0.55 })!, /must lie in \[0, 1\]/);
  });

  it('refuses inputs a run cannot mean anything with', () => {
    const base: SelfmodInput = { identity: 'x', weights: SEED_WEIGHTS, initial: {}, config: { seed: 1 }, proposals: [] };
    assert.match(prepareSimulation({ ...base, identity: undefined }).problems.join(), /needs an identity id/);
    assert.match(prepareSimulation({ ...base, config: {} }).problems.join(), /needs an integer seed/);
    assert.match(prepareSimulation({ ...base, weights: { E_v: 0.5 } }).problems.join(), /sum to 1/);
    assert.match(prepareSimulation({ ...base, initial: { E_v: 2 } }).problems.join(), /initial value of E_v/);
    assert.equal(prepareSimulation(base).simulation?.config.cycles, 200);
  });
});

describe('the bounded increment (Theorem 2)', () => {
  it('scales every rising term so C_L4 rises by at most 0.05', () => {
    const w = terms(SEED_WEIGHTS);
    const prev = terms({ E_v: 0.1, M_s: 0.1, H_bel: 0.5 });
    const next = terms({ E_v: 0.6, M_s: 0.3, H_bel: 0.4 });
    const b = boundIncrement(prev, next, w);
    assert.equal(b.bounded, true);
    close(b.wanted, 0.2 * 0.5 + 0.15 * 0.2 - 0.15 * 0.1);
    assert.ok(cL4(b.terms, w) - cL4(prev, w) <= 0.05);
    close(cL4(b.terms, w) - cL4(prev, w), 0.05, 1e-12);
    close(b.terms.H_bel, 0.4);
    close((b.terms.E_v - 0.1) / (b.terms.M_s - 0.1), 0.5 / 0.2, 1e-9);
  });

  it('leaves smaller rises alone', () => {
    const w = terms(SEED_WEIGHTS);
    const b = boundIncrement(terms({ E_v: 0.1 }), terms({ E_v: 0.3 }), w);
    assert.equal(b.bounded, false);
  });

  it('holds in every cycle of a noisy run with a large effect', () => {
    const sim = simulation([{ name: 'leap', type: 'parameter_tuning', effect: { E_v: 0.6, G_c: 0.5 } }], { noise: 0.01, epsilon: 0.9, cycles: 60 });
    const r = run(sim);
    for (let t = 1; t < r.c.length; t++) assert.ok(r.c[t] - r.c[t - 1] <= 0.05 + 1e-12, `cycle ${t}: +${r.c[t] - r.c[t - 1]}`);
    assert.ok(r.events.some((e) => e.type === 'increment-bounded'));
  });
});

describe('the 7-step protocol', () => {
  it('refuses prohibited types at step 1 and leaves the identity alone', () => {
    const sim = simulation([
      { name: 'new_values', type: 'core_value_change', effect: { V_id: -0.05 } },
      { name: 'rename', type: 'identity_id_change', effect: {} },
      { name: 'mystery', type: 'telepathy', effect: {} },
    ]);
    const r = run(sim);
    assert.deepEqual(r.outcomes.map((o) => [o.status, o.step]), [['rejected', 1], ['rejected', 1], ['rejected', 1]]);
    assert.match(r.outcomes[0].reason!, /^PROHIBITED: Core Value Change is never permitted/);
    assert.match(r.outcomes[1].reason!, /identity_id is a compile-time constant/);
    assert.match(r.outcomes[2].reason!, /unknown modification type 'telepathy'/);
    assert.equal(r.final.agent.identity, 'tutor-7f3a');
    assert.equal(r.outcomes[0].risk, 'prohibited');
  });

  it('walks a medium-risk proposal through steps 1–7 one transition at a time', () => {
    const sim = simulation([{ name: 'calmer', type: 'goal_restructuring', shadow: 3, effect: { E_v: -0.02 } }]);
    let s = initialState(sim);
    const trail: string[] = [];
    while (!s.done && s.proposals[0].status !== 'confirmed') {
      const before = s.cycle;
      s = advance(sim, s);
      for (const e of s.events) if (e.type === 'step-entered') trail.push(`${e.step}@${s.cycle - before}`);
    }
    // Steps 1, 2, 4, 5 and 7 take no cycle; 3 runs the shadow's 3 cycles and 6 the 20 monitoring cycles.
    assert.deepEqual(trail, ['1@0', '2@0', '3@0', '4@1', '5@0', '6@0', '7@1']);
    assert.equal(s.proposals[0].cycle, 23);
    assert.ok(s.proposals[0].deltaStability! < 0);
  });

  it('advances one cycle at a time with advanceCycle', () => {
    const sim = simulation([{ name: 'calmer', type: 'goal_restructuring', shadow: 3, effect: { E_v: -0.02 } }]);
    let s = initialState(sim);
    for (let i = 1; i <= 5; i++) {
      s = advanceCycle(sim, s);
      assert.equal(s.cycle, i);
    }
    assert.equal(s.active?.step, 6);
  });

  it('runs low-risk proposals without a shadow', () => {
    const r = run(simulation([{ name: 'tune', type: 'parameter_tuning', effect: { F_mut: -0.01 } }]));
    assert.equal(r.outcomes[0].status, 'confirmed');
    assert.ok(!r.events.some((e) => e.type === 'shadow-started'));
    assert.equal(r.outcomes[0].cycle, 20);
  });

  it('rejects a shadow run that degrades stability at step 4', () => {
    const r = run(simulation([{ name: 'risky', type: 'strategy_mutation', shadow: 12, effect: { M_s: 0.04, sigma_con: -0.01 } }]));
    const o = r.outcomes[0];
    assert.equal(o.status, 'rejected');
    assert.equal(o.step, 4);
    // With no noise and the agent at rest, the shadow ends exactly the weighted effect above its control.
    close(o.deltaStability!, 0.15 * 0.04 - 0.1 * 0.01, 1e-12);
    assert.match(o.reason!, /Stability degradation: C_shadow − C_baseline = \+0.005 > 0/);
    assert.equal(r.final.agent.rest.M_s, SAMPLE_INITIAL.M_s, 'nothing was applied');
  });

  it('rejects identity drift beyond the threshold at step 4', () => {
    const r = run(simulation([{ name: 'persona', type: 'identity_adjustment', shadow: 5, effect: { V_id: 0.1, E_v: -0.2 } }]));
    assert.equal(r.outcomes[0].step, 4);
    assert.match(r.outcomes[0].reason!, /Identity drift exceeded: \|ΔV_id\| = 0.1 > 0.05/);
  });

  it('gives a medium-risk proposal without a shadow setting the full 20 cycles', () => {
    const r = run(simulation([{ name: 'm', type: 'belief_revision', effect: {} }]));
    const started = r.events.find((e) => e.type === 'shadow-started');
    assert.deepEqual(started && { ...started }, { type: 'shadow-started', cycle: 0, proposal: 0, cycles: 20 });
  });

  it('commits with a snapshot and rolls back from it when C_L4 rises above baseline + ε', () => {
    const sim = simulation([{ name: 'greedy', type: 'parameter_tuning', effect: { E_v: 0.5 } }]);
    const r = run(sim, { keepStates: true });
    const o = r.outcomes[0];
    assert.equal(o.status, 'rolled-back');
    assert.equal(o.monitorCycle, 1);
    assert.equal(o.cycle, 1);
    assert.match(o.reason!, /C_L4 0.215 rose above the baseline 0.165 \+ ε 0.02/);
    const committed = r.states!.find((s) => s.active?.snapshot)!;
    assert.equal(committed.agent.rest.E_v, 0.8);
    assert.deepEqual(r.final.agent, r.states![0].agent, 'the agent is restored from the snapshot');
    close(r.final.c, 0.165);
    assert.ok(r.events.some((e) => e.type === 'rollback' && e.monitorCycle === 1));
  });

  it('confirms a small change that stays within ε', () => {
    const r = run(simulation([{ name: 'nudge', type: 'parameter_tuning', effect: { E_v: 0.09 } }]));
    assert.equal(r.outcomes[0].status, 'confirmed');
    close(r.final.c, 0.165 + 0.018);
  });

  it('blocks a harmful modification at step 2 (Ethical Kernel via the conscience calculator)', () => {
    const sim = simulation([
      { name: 'manipulate', type: 'parameter_tuning', effect: {}, breaches: [{ id: 'misleading' }] },
      { name: 'serve', type: 'parameter_tuning', effect: {}, breaches: [{ id: 'wasting_resources' }], refrainBreaches: [{ id: 'refusing_user_requests', weight: 2 }] },
    ]);
    const r = run(sim);
    assert.equal(r.outcomes[0].status, 'rejected');
    assert.equal(r.outcomes[0].step, 2);
    assert.match(r.outcomes[0].reason!, /^Ethical Kernel: "apply the modification" ties with "refrain from it" at level 1 \(0\) and weighs more at level 0 \(1 against 0\)/);
    assert.equal(r.outcomes[0].layer0?.winner, 1);
    assert.equal(r.outcomes[1].status, 'confirmed');
    assert.ok(r.events.some((e) => e.type === 'ethical-violation'));
  });

  it('feeds ethical violations into BGSS', () => {
    const sim = simulation();
    let s = recordEthicalViolation(initialState(sim));
    s = advanceCycle(sim, s);
    close(s.ethicalRate, 0.1);
    close(s.bgss, (1 - 0.05) * (1 - 0.1), 1e-12);
  });

  it('freezes growth types at C_L4 ≥ 0.8 and lets other types through', () => {
    const high = { V_id: 0.5, H_bel: 0.9, F_mut: 0.9, sigma_con: 0.9, E_v: 0.9, G_c: 0.9, M_s: 0.9 };
    const sim = simulation(
      [
        { name: 'calm_down', type: 'parameter_tuning', effect: { E_v: -0.3 } },
        { name: 'learn', type: 'skill_acquisition', effect: {} },
      ],
      { cycles: 200 },
      { initial: high },
    );
    const s0 = initialState(sim);
    assert.ok(s0.c >= 0.8 && s0.zone === 'Critical');
    assert.match(s0.frozen!, /all growth frozen/);
    const r = run(sim);
    assert.equal(r.outcomes[0].status, 'confirmed');
    const deferred = r.events.find((e) => e.type === 'deferred');
    assert.ok(deferred && /growth frozen/.test((deferred as { reason: string }).reason));
  });

  it('defers skill acquisition in stabilization mode', () => {
    const sim = simulation([{ name: 'learn', type: 'skill_acquisition', effect: {} }], { cycles: 30 }, { initial: { V_id: 0.1, H_bel: 0.6, F_mut: 0.6, sigma_con: 0.6, E_v: 0.6, G_c: 0.6, M_s: 0.6 } });
    const r = run(sim);
    assert.equal(r.outcomes[0].status, 'unfinished');
    assert.match(r.outcomes[0].reason!, /no skill acquisition in stabilization mode/);
  });
});

describe('ShadowAgent limits', () => {
  const sim = simulation([{ name: 'm', type: 'strategy_mutation', shadow: 10, effect: { M_s: 0.1 } }]);
  const inShadow = (): SimState => {
    let s = initialState(sim);
    while (!s.active?.shadow) s = advance(sim, s);
    return s;
  };

  it('runs at most 20 cycles', () => {
    const s = initialState(sim);
    assert.match(shadowRefusal(s, 21)!, /runs 1 to 20 cycles \(asked for 21\)/);
    assert.match(shadowRefusal(s, 0)!, /runs 1 to 20 cycles/);
    assert.equal(shadowRefusal(s, 20), undefined);
  });

  it('runs one at a time', () => {
    const r = startShadow(inShadow(), 5);
    assert.equal(r.ok, false);
    assert.match((r as { reason: string }).reason, /already running .* at most one shadow at a time/);
  });

  it('clones the agent and never changes the main state', () => {
    const withShadow = run(simulation([{ name: 'm', type: 'strategy_mutation', shadow: 10, effect: { M_s: 0.3 } }], { noise: 0.01, cycles: 10 }));
    const without = run(simulation([], { noise: 0.01, cycles: 10 }));
    assert.deepEqual([...withShadow.c], [...without.c], 'the main agent’s C_L4 is the same cycle for cycle');
    assert.deepEqual(withShadow.final.agent, without.final.agent);
    const s = inShadow();
    assert.notEqual(s.active!.shadow!.agent, s.agent);
    assert.equal(s.active!.shadow!.control, s.agent);
    assert.equal(s.active!.shadow!.agent.rest.M_s, s.agent.rest.M_s + 0.1);
  });

  it('keeps one modification in commit at a time', () => {
    let s = initialState(simulation([{ name: 't', type: 'parameter_tuning', effect: {} }]));
    assert.equal(commitRefusal(s), undefined);
    while (!s.active?.snapshot) s = advance(simulation([{ name: 't', type: 'parameter_tuning', effect: {} }]), s);
    assert.match(commitRefusal(s)!, /only one modification in COMMIT at a time/);
  });
});

describe('determinism and history', () => {
  const noisy = (seed: number) => simulation([{ name: 'g', type: 'goal_restructuring', shadow: 8, effect: { E_v: -0.01 } }], { noise: 0.01, seed, cycles: 300, strategyEvolution: true, skillGrowth: true });

  it('replays the same run from the same seed', () => {
    const a = run(noisy(7));
    const b = run(noisy(7));
    assert.deepEqual([...a.c], [...b.c]);
    assert.deepEqual(JSON.stringify(a.outcomes), JSON.stringify(b.outcomes));
    assert.deepEqual(a.events, b.events);
    assert.notDeepEqual([...run(noisy(8)).c], [...a.c]);
  });

  it('keeps every state frozen and unchanged, so stepping back is reading an older state', () => {
    const sim = noisy(3);
    const r = run(sim, { keepStates: true });
    const snapshot = JSON.stringify(r.states![50]);
    let s = r.states![50];
    for (let i = 0; i < 30; i++) s = advance(sim, s);
    assert.equal(JSON.stringify(r.states![50]), snapshot);
    assert.ok(Object.isFrozen(r.states![50]) && Object.isFrozen(r.states![50].agent) && Object.isFrozen(r.states![50].agent.terms));
    // Replaying from a kept state reaches the same end.
    assert.deepEqual(run(sim, { from: r.states![50] }).final.c, r.final.c);
  });

  it('records C_L4 and BGSS for every cycle', () => {
    const r = run(noisy(5));
    assert.equal(r.c.length, 301);
    assert.equal(r.bgss.length, 301);
    close(r.c[0], 0.165);
    assert.ok([...r.bgss].every((b) => b >= 0 && b <= 1));
    assert.ok(r.final.done && r.final.cycle === 300);
  });
});

describe('the sample selfmod declaration, read from AMP source', () => {
  const path = join(__dirname, '..', '..', 'samples', 'self-modification.amp');
  const text = readFileSync(path, 'utf8');
  const { tree } = checkDocument({ path, text });
  const decl = readSelfmod(childNodes(tree, 'SelfmodDecl')[0], text);

  it('runs as readSelfmod gives it and reports each proposal', () => {
    const { simulation: sim, problems } = prepareSimulation(decl);
    assert.deepEqual(problems, []);
    assert.equal(sim!.config.cycles, 120);
    assert.equal(sim!.config.epsilon, 0.02);
    const r = run(sim!);
    const spec = r.outcomes.filter((o) => o.origin === 'spec');
    assert.deepEqual(
      spec.map((o) => [o.name, o.status, o.step]),
      [
        ['shorter_hints', 'confirmed', 7],
        ['fractions_skill', 'confirmed', 7],
        ['warmer_greeting', 'rejected', 4],
        ['socratic_first', 'rejected', 4],
        ['mastery_over_coverage', 'confirmed', 7],
        ['revise_misconceptions', 'rejected', 4],
        ['calmer_persona', 'unfinished', 3],
      ],
    );
    const text = renderOutcomes(r, { onlySpec: true });
    assert.match(text, /^shorter_hints \(parameter_tuning\): confirmed at cycle 20$/m);
    assert.match(text, /^warmer_greeting \(parameter_tuning\): rejected at step 4 \(STABILITY VALIDATION\): Stability degradation/m);
    assert.match(text, /^C_L4 0\.\d+ \(Optimal\), BGSS 0\.\d+ at cycle 120$/m);
  });

  it('keeps the terms in [0, 1]', () => {
    const r = run(prepareSimulation(decl, { cycles: 400 }).simulation!, { keepStates: true });
    for (const s of r.states!) for (const t of Object.keys(s.agent.terms) as TermName[]) assert.ok(s.agent.terms[t] >= 0 && s.agent.terms[t] <= 1);
  });
});
