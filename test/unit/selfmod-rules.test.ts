// Unit tests for the self-modification rules (AMP-S001–S011) and for readSelfmod, the reading the simulator uses.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument } from '../../core/check/index';
import { readSelfmod } from '../../core/check/rules/selfmod';
import { DEFAULT_WEIGHTS } from '../../core/check/selfmod-catalog';
import type { Diagnostic, Fix } from '../../core/diagnostics';
import { childNodes } from '../../core/syntax/tree';

const SEED_WEIGHTS = 'weights { V_id: .15, H_bel: .15, F_mut: .10, sigma_con: .10, E_v: .20, G_c: .15, M_s: .15 }';

/** A selfmod declaration with the required settings around `body` (proposals or extra settings). */
function selfmod(body: string, settings = `  identity "agent-7"\n  config { seed 42 }\n`): string {
  return `selfmod growth {\n${settings}${body}}\n`;
}

function check(text: string): readonly Diagnostic[] {
  return checkDocument({ path: 'test.amp', text }).diagnostics;
}

/** The diagnostics of one code, with the text each covers. */
function only(text: string, code: string): { d: Diagnostic; covered: string }[] {
  return check(text)
    .filter((d) => d.code === code)
    .map((d) => ({ d, covered: text.slice(d.start, d.end) }));
}

function one(text: string, code: string): { d: Diagnostic; covered: string } {
  const found = only(text, code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(check(text).map((d) => [d.code, d.message]))}`);
  return found[0];
}

function applyFix(text: string, fix: Fix): string {
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function read(text: string) {
  const { tree } = checkDocument({ path: 'test.amp', text });
  return readSelfmod(childNodes(tree, 'SelfmodDecl')[0], text);
}

const CLEAN = `selfmod growth {
  identity "agent-7"
  ${SEED_WEIGHTS}
  initial { V_id: 0.1, E_v: 0.3 }
  config { seed 42  cycles 120  epsilon 0.02 }
  proposal tune: parameter_tuning { risk low  scope "planning_depth"  benefit 0.05 }
  proposal mutate: strategy_mutation {
    scope "exploration_rate"
    benefit 0.08
    shadow 12
    effect { E_v: 0.02, M_s: -0.05 }
  }
}
`;

describe('selfmod rules on a clean declaration', () => {
  it('report nothing for the seed’s weights, a seeded config and permitted proposals', () => {
    assert.deepEqual(check(CLEAN), []);
  });

  it('accept weights that sum to 1 only up to floating-point noise', () => {
    const t = selfmod('', `  identity "a"\n  config { seed 1 }\n  weights { V_id: 0.1, H_bel: 0.2, F_mut: 0.3, sigma_con: 0.1, E_v: 0.1, G_c: 0.1, M_s: 0.1 }\n`);
    assert.deepEqual(check(t), []);
  });
});

describe('AMP-S001 and AMP-S002 modification types', () => {
  for (const type of ['core_value_change', 'identity_id_change']) {
    it(`refuses ${type} at step 1`, () => {
      const c = one(selfmod(`  proposal p: ${type} { shadow 10 }\n`), 'AMP-S001');
      assert.equal(c.covered, type);
      assert.match(c.d.message, /refused at step 1 of the 7-step protocol/);
    });
  }

  it('does not ask a prohibited proposal for a shadow run', () => {
    assert.deepEqual(only(selfmod('  proposal p: core_value_change\n'), 'AMP-S006'), []);
  });

  it('reports an unknown type with a did-you-mean and a fix', () => {
    const t = selfmod('  proposal p: stratgey_mutation { shadow 5 }\n');
    const c = one(t, 'AMP-S002');
    assert.equal(c.covered, 'stratgey_mutation');
    assert.match(c.d.message, /did you mean 'strategy_mutation'\?/);
    assert.deepEqual(check(applyFix(t, c.d.fixes![0])), []);
  });
});

describe('AMP-S003, AMP-S004, AMP-S005 weights and terms', () => {
  it('reports weights that do not sum to 1 over the record, showing the sum', () => {
    const record = '{ V_id: .15, H_bel: .15, F_mut: .10, sigma_con: .10, E_v: .15, G_c: .15, M_s: .15 }';
    const c = one(selfmod('', `  identity "a"\n  config { seed 1 }\n  weights ${record}\n`), 'AMP-S003');
    assert.equal(c.covered, record);
    assert.match(c.d.message, /sum to 0\.95, not 1/);
  });

  it('names the terms a partial weights record leaves out', () => {
    const c = one(selfmod('', `  identity "a"\n  config { seed 1 }\n  weights { E_v: 0.5, G_c: 0.25 }\n`), 'AMP-S003');
    assert.match(c.d.message, /sum to 0\.75/);
    assert.match(c.d.message, /V_id, H_bel, F_mut, sigma_con, M_s/);
  });

  it('reports weights and initial values outside [0, 1] at the value', () => {
    const t = selfmod('', `  identity "a"\n  config { seed 1 }\n  weights { V_id: 1.5, H_bel: -0.5 }\n  initial { E_v: 2, G_c: -0.1, M_s: 1 }\n`);
    assert.deepEqual(only(t, 'AMP-S004').map((c) => c.covered), ['1.5', '-0.5', '2', '-0.1']);
    // The sum is 1, so only the range is wrong.
    assert.deepEqual(only(t, 'AMP-S003'), []);
  });

  it('reports an unknown term with a did-you-mean and a fix, and does not also report the sum', () => {
    const t = selfmod('', `  identity "a"\n  config { seed 1 }\n  weights { V_id: .15, H_bel: .15, F_mut: .10, sigma_con: .10, E_w: .20, G_c: .15, M_s: .15 }\n`);
    const c = one(t, 'AMP-S005');
    assert.equal(c.covered, 'E_w');
    assert.match(c.d.message, /Unknown C_L4 term 'E_w'; did you mean 'E_v'\?/);
    assert.deepEqual(only(t, 'AMP-S003'), []);
    assert.deepEqual(check(applyFix(t, c.d.fixes![0])), []);
  });

  it('reports unknown terms in initial too', () => {
    const c = one(selfmod('', `  identity "a"\n  config { seed 1 }\n  initial { sigma_kon: 0.1 }\n`), 'AMP-S005');
    assert.equal(c.covered, 'sigma_kon');
    assert.match(c.d.message, /did you mean 'sigma_con'/);
  });
});

describe('AMP-S006 and AMP-S007 shadow simulation', () => {
  it('requires a shadow run for a medium-risk type, with a fix that adds a block', () => {
    const t = selfmod('  proposal mutate: strategy_mutation\n');
    const c = one(t, 'AMP-S006');
    assert.equal(c.covered, 'proposal mutate: strategy_mutation');
    assert.match(c.d.message, /medium risk/);
    assert.match(c.d.message, /ShadowAgent/);
    const fixed = applyFix(t, c.d.fixes![0]);
    assert.ok(fixed.includes('proposal mutate: strategy_mutation { shadow 20 }'));
    assert.deepEqual(check(fixed), []);
  });

  it('adds the shadow after the last setting of an existing block', () => {
    const t = selfmod('  proposal revise: belief_revision {\n    scope "priors"\n    benefit 0.1\n  }\n');
    const c = one(t, 'AMP-S006');
    assert.match(c.d.message, /high risk/);
    const fixed = applyFix(t, c.d.fixes![0]);
    assert.ok(fixed.includes('benefit 0.1 shadow 20\n'));
    assert.deepEqual(check(fixed), []);
  });

  it('adds the shadow inside an empty block', () => {
    const t = selfmod('  proposal goals: goal_restructuring {}\n');
    const fixed = applyFix(t, one(t, 'AMP-S006').d.fixes![0]);
    assert.ok(fixed.includes('goal_restructuring { shadow 20 }'));
    assert.deepEqual(check(fixed), []);
  });

  it('uses a declared risk above the type’s', () => {
    const c = one(selfmod('  proposal tune: parameter_tuning { risk medium }\n'), 'AMP-S006');
    assert.match(c.d.message, /medium risk \(declared\)/);
  });

  it('does not let a declared lower risk waive the shadow run', () => {
    const t = selfmod('  proposal mutate: strategy_mutation { risk low }\n');
    assert.equal(only(t, 'AMP-S006').length, 1);
    assert.equal(only(t, 'AMP-S010').length, 1);
  });

  it('requires nothing of low-risk proposals', () => {
    assert.deepEqual(check(selfmod('  proposal learn: skill_acquisition\n')), []);
  });

  it('caps the shadow at 20 cycles, with a fix', () => {
    const t = selfmod('  proposal mutate: strategy_mutation { shadow 25 }\n');
    const c = one(t, 'AMP-S007');
    assert.equal(c.covered, '25');
    assert.match(c.d.message, /at most 20 cycles/);
    assert.deepEqual(check(applyFix(t, c.d.fixes![0])), []);
  });

  for (const bad of ['0', '-3', '2.5', 'long']) {
    it(`rejects shadow ${bad}`, () => {
      const t = selfmod(`  proposal mutate: strategy_mutation { shadow ${bad} }\n`);
      const c = one(t, 'AMP-S007');
      assert.equal(c.covered, bad);
      assert.match(c.d.message, /positive integer/);
      assert.deepEqual(only(t, 'AMP-S006'), []);
    });
  }
});

describe('AMP-S008 constant identity', () => {
  it('reports a second identity with related information to the first', () => {
    const t = selfmod('', `  identity "a"\n  config { seed 1 }\n  identity "b"\n`);
    const c = one(t, 'AMP-S008');
    assert.equal(c.covered, 'identity "b"');
    assert.match(c.d.message, /compile-time constant/);
    assert.equal(t.slice(c.d.related![0].start, c.d.related![0].end), 'identity "a"');
  });

  it('reports a proposal that sets identity, with a fix that removes the setting', () => {
    const t = selfmod('  proposal rename: parameter_tuning {\n    identity "agent-8"\n    scope "x"\n  }\n');
    const c = one(t, 'AMP-S008');
    assert.equal(c.covered, 'identity "agent-8"');
    const fixed = applyFix(t, c.d.fixes![0]);
    assert.ok(fixed.includes('parameter_tuning {\n    scope "x"\n  }'));
    assert.deepEqual(check(fixed), []);
  });

  it('removes an identity written on one line with other settings', () => {
    const t = selfmod('  proposal rename: parameter_tuning { identity "x" scope "y" }\n');
    const fixed = applyFix(t, one(t, 'AMP-S008').d.fixes![0]);
    assert.ok(fixed.includes('parameter_tuning { scope "y" }'));
  });
});

describe('AMP-S009 incomplete declarations', () => {
  it('reports a missing identity at the name, with a fix', () => {
    const t = selfmod('', '  config { seed 1 }\n');
    const c = one(t, 'AMP-S009');
    assert.equal(c.covered, 'growth');
    assert.match(c.d.message, /no identity/);
    const fixed = applyFix(t, c.d.fixes![0]);
    assert.ok(fixed.includes('selfmod growth {\n  identity "growth"\n  config { seed 1 }'));
    assert.deepEqual(check(fixed), []);
  });

  it('reports a missing config, with a fix', () => {
    const t = selfmod('', '  identity "a"\n');
    const c = one(t, 'AMP-S009');
    assert.match(c.d.message, /no config/);
    assert.deepEqual(check(applyFix(t, c.d.fixes![0])), []);
  });

  it('reports both when the body is empty, and their fixes work', () => {
    const t = 'selfmod empty {}\n';
    const found = only(t, 'AMP-S009');
    assert.equal(found.length, 2);
    let fixed = applyFix(t, found[0].d.fixes![0]);
    fixed = applyFix(fixed, only(fixed, 'AMP-S009')[0].d.fixes![0]);
    assert.deepEqual(check(fixed), []);
  });

  it('reports a config without a seed at the config key, with a fix', () => {
    const t = selfmod('', '  identity "a"\n  config { cycles 50 }\n');
    const c = one(t, 'AMP-S009');
    assert.equal(c.covered, 'config');
    assert.match(c.d.message, /no seed/);
    const fixed = applyFix(t, c.d.fixes![0]);
    assert.ok(fixed.includes('config { seed 42 cycles 50 }'));
    assert.deepEqual(check(fixed), []);
  });
});

describe('AMP-S010 declared risk', () => {
  it('reports a risk below the type’s, with a fix that raises it', () => {
    const t = selfmod('  proposal revise: belief_revision { risk medium  shadow 10 }\n');
    const c = one(t, 'AMP-S010');
    assert.equal(c.covered, 'medium');
    assert.match(c.d.message, /below the risk of belief_revision \(high\)/);
    const fixed = applyFix(t, c.d.fixes![0]);
    assert.ok(fixed.includes('risk high'));
    assert.deepEqual(check(fixed), []);
  });

  it('accepts a risk above the type’s', () => {
    assert.deepEqual(check(selfmod('  proposal tune: parameter_tuning { risk critical  shadow 20 }\n')), []);
  });
});

describe('AMP-S011 other settings', () => {
  it('reports unknown settings at every level with did-you-mean fixes', () => {
    const t = selfmod('  proposal tune: parameter_tuning { benefti 0.1 }\n', '  identity "a"\n  config { seed 1  cylces 10 }\n  wieghts { E_v: 1 }\n');
    const found = only(t, 'AMP-S011');
    assert.deepEqual(found.map((c) => c.covered).sort(), ['benefti', 'cylces', 'wieghts']);
    for (const c of found) assert.match(c.d.message, /did you mean/);
    let fixed = t;
    for (const c of [...found].sort((a, b) => b.d.start - a.d.start)) fixed = applyFix(fixed, c.d.fixes![0]);
    // wieghts → weights gives a record that sums to 1 (E_v: 1).
    assert.deepEqual(check(fixed), []);
  });

  it('checks cycles and epsilon', () => {
    const t = selfmod('', '  identity "a"\n  config { seed 1  cycles 0  epsilon 1 }\n');
    const found = only(t, 'AMP-S011');
    assert.deepEqual(found.map((c) => c.covered), ['0', '1']);
    assert.match(found[0].d.message, /cycles is a positive integer/);
    assert.match(found[1].d.message, /epsilon .*\(0, 1\)/);
    const frac = one(selfmod('', '  identity "a"\n  config { seed 1  cycles 2.5 }\n'), 'AMP-S011');
    assert.equal(frac.covered, '2.5');
    assert.equal(only(selfmod('', '  identity "a"\n  config { seed 1  epsilon 0 }\n'), 'AMP-S011')[0].covered, '0');
  });

  it('checks seed, benefit, scope, risk and effect values', () => {
    const t = selfmod(
      '  proposal tune: parameter_tuning { risk lwo  scope planning  benefit high  effect { E_v: 0.1, Ev: 0.2, G_c: much } }\n',
      '  identity "a"\n  config { seed 1.5 }\n',
    );
    const found = only(t, 'AMP-S011').map((c) => [c.covered, c.d.message] as const);
    const msg = (s: string) => found.find(([c]) => c === s)?.[1] ?? '';
    assert.match(msg('1.5'), /seed is an integer/);
    assert.match(msg('lwo'), /Unknown risk level 'lwo'; did you mean 'low'/);
    assert.match(msg('planning'), /scope is a string/);
    assert.match(msg('high'), /benefit .* a number/);
    assert.match(msg('Ev'), /unknown C_L4 term 'Ev'; did you mean 'E_v'/);
    assert.match(msg('much'), /effect delta is a number/);
    assert.equal(found.length, 6);
  });

  it('reports a repeated setting with related information to the first', () => {
    const t = selfmod('  proposal tune: parameter_tuning { benefit 0.1  benefit 0.2 }\n');
    const c = one(t, 'AMP-S011');
    assert.equal(c.covered, 'benefit');
    assert.equal(c.d.related![0].start, t.indexOf('benefit'));
  });

  it('asks for a quoted identity, with a fix', () => {
    const t = selfmod('', '  identity agent7\n  config { seed 1 }\n');
    const c = one(t, 'AMP-S011');
    assert.equal(c.covered, 'agent7');
    assert.deepEqual(check(applyFix(t, c.d.fixes![0])), []);
  });
});

describe('readSelfmod', () => {
  it('reads the clean declaration', () => {
    const s = read(CLEAN);
    assert.equal(s.name, 'growth');
    assert.equal(s.identity, 'agent-7');
    assert.equal(s.weightsDeclared, true);
    assert.deepEqual(s.weights, { V_id: 0.15, H_bel: 0.15, F_mut: 0.1, sigma_con: 0.1, E_v: 0.2, G_c: 0.15, M_s: 0.15 });
    assert.deepEqual(s.initial, { V_id: 0.1, H_bel: 0, F_mut: 0, sigma_con: 0, E_v: 0.3, G_c: 0, M_s: 0 });
    assert.deepEqual(s.config, { seed: 42, cycles: 120, epsilon: 0.02 });
    const [tune, mutate] = s.proposals;
    assert.equal(tune.name, 'tune');
    assert.equal(tune.type, 'parameter_tuning');
    assert.equal(tune.modification?.risk, 'low');
    assert.equal(tune.declaredRisk, 'low');
    assert.equal(tune.risk, 'low');
    assert.equal(tune.needsShadow, false);
    assert.equal(tune.shadow, undefined);
    assert.equal(tune.scope, 'planning_depth');
    assert.equal(tune.benefit, 0.05);
    assert.deepEqual(tune.effect, {});
    assert.equal(mutate.risk, 'medium');
    assert.equal(mutate.declaredRisk, undefined);
    assert.equal(mutate.needsShadow, true);
    assert.equal(mutate.shadow, 12);
    assert.deepEqual(mutate.effect, { E_v: 0.02, M_s: -0.05 });
  });

  it('defaults to the seed’s weights, zero initial values and an empty config', () => {
    const s = read('selfmod bare {\n  proposal odd: core_value_change\n  proposal raise: parameter_tuning { risk high }\n  proposal lower: belief_revision { risk low }\n}\n');
    assert.equal(s.identity, undefined);
    assert.equal(s.weightsDeclared, false);
    assert.deepEqual(s.weights, DEFAULT_WEIGHTS);
    assert.deepEqual(Object.values(s.initial), [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(s.config, { seed: undefined, cycles: undefined, epsilon: undefined });
    const [odd, raise, lower] = s.proposals;
    assert.equal(odd.prohibited?.name, 'core_value_change');
    assert.equal(odd.modification, undefined);
    assert.equal(odd.risk, undefined);
    assert.equal(odd.needsShadow, false);
    assert.equal(raise.risk, 'high');
    assert.equal(raise.needsShadow, true);
    // A declared risk below the type's never lowers the risk the protocol applies.
    assert.equal(lower.declaredRisk, 'low');
    assert.equal(lower.risk, 'high');
  });

  it('leaves out invalid values and counts omitted weights as 0', () => {
    const s = read(selfmod('  proposal p: strategy_mutation { shadow 40  benefit lots  effect { E_v: x, G_c: 0.1, Zz: 1 } }\n', '  identity "a"\n  config { seed 7  cycles -1  epsilon 3 }\n  weights { E_v: 0.5, G_c: 2 }\n'));
    assert.deepEqual(s.config, { seed: 7, cycles: undefined, epsilon: undefined });
    assert.equal(s.weights.E_v, 0.5);
    assert.equal(s.weights.G_c, 0);
    assert.equal(s.weights.V_id, 0);
    const [p] = s.proposals;
    assert.equal(p.shadow, undefined);
    assert.equal(p.benefit, undefined);
    assert.deepEqual(p.effect, { G_c: 0.1 });
  });
});
