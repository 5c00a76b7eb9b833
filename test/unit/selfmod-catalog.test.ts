// Unit tests for seed 004's self-modification constants: C_L4 terms and weights, zones, risk order, taxonomy, protocol.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BGSS_MIN, DEFAULT_WEIGHTS, GROWTH_FREEZE, MAX_INCREMENT, MODIFICATION_TYPES, POST_COMMIT_MONITOR_CYCLES, PROHIBITED_TYPES,
  PROTOCOL_STEPS, RISK_LEVELS, SHADOW_MAX_CYCLES, TERMS, TERM_NAMES, ZONES, compositeC, describeTerm, describeType,
  findModificationType, findTerm, growthFrozen, isRiskLevel, isTermName, riskAtLeast, zoneOf,
} from '../../core/check/selfmod-catalog';

describe('C_L4 terms', () => {
  it('lists the seven terms in the seed’s order with their symbols', () => {
    assert.deepEqual(TERM_NAMES, ['V_id', 'H_bel', 'F_mut', 'sigma_con', 'E_v', 'G_c', 'M_s']);
    assert.deepEqual(TERMS.map((t) => t.name), [...TERM_NAMES]);
    assert.deepEqual(TERMS.map((t) => t.symbol), ['V_id', 'H_bel', 'F_mut', 'σ_con', 'E_v', 'G_c', 'M_s']);
  });

  it('has the default weights 0.15, 0.15, 0.10, 0.10, 0.20, 0.15, 0.15', () => {
    assert.deepEqual(TERMS.map((t) => t.weight), [0.15, 0.15, 0.1, 0.1, 0.2, 0.15, 0.15]);
    assert.equal(DEFAULT_WEIGHTS.E_v, 0.2);
    assert.equal(DEFAULT_WEIGHTS.sigma_con, 0.1);
  });

  it('has weights summing to 1, half of it on the inherited L3 terms', () => {
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum(Object.values(DEFAULT_WEIGHTS)) - 1) < 1e-9);
    assert.ok(Math.abs(sum(TERMS.filter((t) => t.origin === 'L3').map((t) => t.weight)) - 0.5) < 1e-9);
    assert.deepEqual(TERMS.filter((t) => t.origin === 'L4').map((t) => t.name), ['E_v', 'G_c', 'M_s']);
  });

  it('uses the seed’s names where it gives them', () => {
    assert.equal(findTerm('V_id')?.title, 'identity volatility');
    assert.equal(findTerm('E_v')?.title, 'expansion velocity');
    assert.equal(findTerm('G_c')?.title, 'capability growth');
    assert.equal(findTerm('M_s')?.title, 'strategy mutation rate');
    assert.deepEqual(TERMS.filter((t) => !t.namedBySeed).map((t) => t.name), ['H_bel', 'F_mut', 'sigma_con']);
  });

  it('finds terms by AMP name or symbol', () => {
    assert.equal(findTerm('σ_con')?.name, 'sigma_con');
    assert.equal(findTerm('sigma_con')?.symbol, 'σ_con');
    assert.equal(findTerm('v_id'), undefined);
    assert.ok(isTermName('M_s'));
    assert.ok(!isTermName('σ_con'));
  });

  it('computes C_L4 as the weighted sum, missing values as 0', () => {
    const ones = Object.fromEntries(TERM_NAMES.map((n) => [n, 1]));
    assert.ok(Math.abs(compositeC(ones) - 1) < 1e-9);
    assert.equal(compositeC({}), 0);
    assert.ok(Math.abs(compositeC({ E_v: 0.5, V_id: 1 }) - (0.2 * 0.5 + 0.15)) < 1e-12);
    assert.ok(Math.abs(compositeC({ E_v: 1 }, { E_v: 0.5 }) - 0.5) < 1e-12);
  });

  it('describes terms for hovers', () => {
    const md = describeTerm('E_v');
    assert.ok(md?.startsWith('**E_v**: expansion velocity'));
    assert.ok(md?.includes('0.2'));
    assert.ok(describeTerm('H_bel')?.includes('only the symbol'));
    assert.ok(!describeTerm('E_v')?.includes('only the symbol'));
    assert.equal(describeTerm('nope'), undefined);
  });
});

describe('zones', () => {
  it('are Optimal [0,0.3), Growth-Permitted [0.3,0.5), Caution [0.5,0.8), Critical [0.8,1]', () => {
    assert.deepEqual(
      ZONES.map((z) => [z.name, z.min, z.max, z.maxInclusive]),
      [
        ['Optimal', 0, 0.3, false],
        ['Growth-Permitted', 0.3, 0.5, false],
        ['Caution', 0.5, 0.8, false],
        ['Critical', 0.8, 1, true],
      ],
    );
  });

  it('put each boundary in the zone above it', () => {
    assert.equal(zoneOf(0).name, 'Optimal');
    assert.equal(zoneOf(0.29999).name, 'Optimal');
    assert.equal(zoneOf(0.3).name, 'Growth-Permitted');
    assert.equal(zoneOf(0.49).name, 'Growth-Permitted');
    assert.equal(zoneOf(0.5).name, 'Caution');
    assert.equal(zoneOf(0.79999).name, 'Caution');
    assert.equal(zoneOf(0.8).name, 'Critical');
    assert.equal(zoneOf(1).name, 'Critical');
  });

  it('clamp out-of-range values and fail safe on NaN', () => {
    assert.equal(zoneOf(-0.1).name, 'Optimal');
    assert.equal(zoneOf(1.5).name, 'Critical');
    assert.equal(zoneOf(Number.NaN).name, 'Critical');
  });

  it('freeze growth from 0.8 on (Theorem 2)', () => {
    assert.equal(GROWTH_FREEZE, 0.8);
    assert.ok(!growthFrozen(0.79));
    assert.ok(growthFrozen(0.8));
    assert.ok(growthFrozen(Number.NaN));
    assert.equal(zoneOf(GROWTH_FREEZE).name, 'Critical');
  });
});

describe('constants', () => {
  it('match the seed', () => {
    assert.equal(MAX_INCREMENT, 0.05);
    assert.equal(BGSS_MIN, 0.7);
    assert.equal(SHADOW_MAX_CYCLES, 20);
    assert.equal(POST_COMMIT_MONITOR_CYCLES, 20);
  });
});

describe('risk levels', () => {
  it('are ordered low < medium < high < critical', () => {
    assert.deepEqual(RISK_LEVELS, ['low', 'medium', 'high', 'critical']);
    assert.ok(riskAtLeast('medium', 'medium'));
    assert.ok(riskAtLeast('critical', 'low'));
    assert.ok(riskAtLeast('high', 'medium'));
    assert.ok(!riskAtLeast('low', 'medium'));
    assert.ok(!riskAtLeast('high', 'critical'));
  });

  it('are recognised by name', () => {
    assert.ok(isRiskLevel('high'));
    assert.ok(!isRiskLevel('existential'));
  });
});

describe('modification taxonomy', () => {
  it('has the six permitted types with their risks, in increasing risk', () => {
    assert.deepEqual(
      MODIFICATION_TYPES.map((t) => [t.name, t.risk]),
      [
        ['parameter_tuning', 'low'],
        ['skill_acquisition', 'low'],
        ['strategy_mutation', 'medium'],
        ['goal_restructuring', 'medium'],
        ['belief_revision', 'high'],
        ['identity_adjustment', 'critical'],
      ],
    );
    for (let i = 1; i < MODIFICATION_TYPES.length; i++) {
      assert.ok(riskAtLeast(MODIFICATION_TYPES[i].risk, MODIFICATION_TYPES[i - 1].risk));
    }
  });

  it('keeps the seed’s approval and reversibility text', () => {
    assert.equal(findModificationType('parameter_tuning')?.approval, 'L1');
    assert.equal(findModificationType('goal_restructuring')?.approval, 'L2+conflict res');
    assert.equal(findModificationType('goal_restructuring')?.reversible, 'Partial');
    assert.equal(findModificationType('identity_adjustment')?.approval, 'L3+EK+Guard');
    assert.equal(findModificationType('identity_adjustment')?.reversible, 'Limited');
    assert.equal(findModificationType('belief_revision')?.reversible, 'Yes');
  });

  it('prohibits core value and identity id changes, which are not permitted types', () => {
    assert.deepEqual(PROHIBITED_TYPES.map((t) => t.name), ['core_value_change', 'identity_id_change']);
    for (const p of PROHIBITED_TYPES) assert.equal(findModificationType(p.name), undefined);
  });

  it('describes types for hovers', () => {
    assert.match(describeType('strategy_mutation') ?? '', /Risk: medium\. Approval: L2\+simulation\. Reversible: Yes\./);
    assert.match(describeType('strategy_mutation') ?? '', /ShadowAgent simulation \(at most 20 cycles\)/);
    assert.match(describeType('parameter_tuning') ?? '', /No shadow simulation required/);
    assert.match(describeType('core_value_change') ?? '', /prohibited/);
    assert.equal(describeType('teleport'), undefined);
  });
});

describe('protocol', () => {
  it('has the seven steps in order', () => {
    assert.deepEqual(
      PROTOCOL_STEPS.map((s) => [s.number, s.name]),
      [
        [1, 'PROPOSAL'],
        [2, 'PRE-VALIDATION'],
        [3, 'SIMULATION'],
        [4, 'STABILITY VALIDATION'],
        [5, 'COMMIT'],
        [6, 'POST-COMMIT MONITORING'],
        [7, 'CONFIRMATION'],
      ],
    );
  });

  it('describes every step and the failure outcomes of the gating steps', () => {
    assert.ok(PROTOCOL_STEPS.every((s) => s.description.length > 0));
    assert.match(PROTOCOL_STEPS[2].description, /ShadowAgent.*max 20 cycles/);
    assert.match(PROTOCOL_STEPS[3].description, /C_shadow − C_baseline/);
    assert.equal(PROTOCOL_STEPS[1].onFailure, 'ABORT');
    assert.equal(PROTOCOL_STEPS[3].onFailure, 'REJECT');
    assert.match(PROTOCOL_STEPS[5].onFailure ?? '', /^ROLLBACK/);
    assert.equal(PROTOCOL_STEPS[6].onFailure, undefined);
  });
});
