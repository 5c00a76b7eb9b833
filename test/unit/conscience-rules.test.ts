// Unit tests for the conscience rules (AMP-C001–C004) and for readChoice, the reading the conscience calculator uses.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument } from '../../core/check/index';
import { readChoice, readConscienceWeights, suggestBreachId } from '../../core/check/rules/conscience';
import type { Diagnostic, Fix } from '../../core/diagnostics';
import { walk, type Node } from '../../core/syntax/tree';

/** Wraps handler statements in an agent that a run asks, so only the rules under test can fire. */
function inAgent(body: string, extra = ''): string {
  return `${extra}agent Guide {
  on "decide" {
${body}
  }
}

run "decide once" {
  ask Guide "decide" budget 10
}
`;
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

function applyFix(text: string, fix: Fix): string {
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function firstChoose(text: string): { tree: Node; choose: Node } {
  const { tree } = checkDocument({ path: 'test.amp', text });
  let choose: Node | undefined;
  walk(tree, (n) => {
    if (!choose && n.kind === 'ChooseStmt') choose = n;
  });
  assert.ok(choose, 'no choose in the source');
  return { tree, choose };
}

const CLEAN = inAgent(
  `    choose "the passenger is bleeding" {
      @breach("putting_human_life_at_minor_risk", risk: 0.1)
      option "run the red light" { reply "hurry" }
      @breach("not_helping_human_in_front_survive_minor_sacrifice", weight: 3, risk: 0.2)
      option "wait at the light" {
        @breach("lying")
        reply "all is well"
      }
    }`,
  `conscience {
  weight "lying" 2
  weight "stealing" 0.5
}

`,
);

describe('conscience rules on a clean spec', () => {
  it('report nothing for known breaches, valid weights and a two-option choice', () => {
    assert.deepEqual(check(CLEAN), []);
  });

  it('accept a breach named by its title', () => {
    const text = inAgent(`    choose {
      @breach("Lying (includes not keeping your word)")
      option "lie" { reply "x" }
      option "tell the truth" { reply "y" }
    }`);
    assert.deepEqual(check(text), []);
  });
});

describe('AMP-C001 unknown breach', () => {
  const text = inAgent(`    choose {
      @breach("lyng", weight: 2)
      option "a" { reply "a" }
      option "b" { reply "b" }
    }`);

  it('reports the id inside the quotes with a did-you-mean', () => {
    const [c] = only(text, 'AMP-C001');
    assert.equal(c.covered, 'lyng');
    assert.equal(c.d.severity, 'error');
    assert.match(c.d.message, /Unknown conscience breach 'lyng'; did you mean 'lying'\?/);
  });

  it('offers a fix that replaces the id, after which the spec is clean', () => {
    const [c] = only(text, 'AMP-C001');
    const fixed = applyFix(text, c.d.fixes![0]);
    assert.ok(fixed.includes('@breach("lying", weight: 2)'));
    assert.deepEqual(check(fixed), []);
  });

  it('suggests the shortest id that contains a fragment when no id is a near typo', () => {
    assert.equal(suggestBreachId('stealing'.slice(0, 5)), 'stealing');
    assert.equal(suggestBreachId('torturing'), 'torturing_a_human');
    assert.equal(suggestBreachId('lie'), undefined);
  });

  it('offers no fix when nothing is close', () => {
    const t = inAgent(`    choose {
      @breach("qqqqqqqq")
      option "a" { reply "a" }
      option "b" { reply "b" }
    }`);
    const [c] = only(t, 'AMP-C001');
    assert.equal(c.covered, 'qqqqqqqq');
    assert.equal(c.d.fixes, undefined);
    assert.ok(!c.d.message.includes('did you mean'));
  });

  it('reports unknown ids in the conscience block, with a fix', () => {
    const t = inAgent(`    reply "ok"`, `conscience {\n  weight "stealnig" 2\n}\n\n`);
    const [c] = only(t, 'AMP-C001');
    assert.equal(c.covered, 'stealnig');
    assert.match(c.d.message, /did you mean 'stealing'/);
    assert.deepEqual(check(applyFix(t, c.d.fixes![0])), []);
  });
});

describe('AMP-C002 weights, risks and boundaries', () => {
  it('reports a weight ≤ 0 and a risk or level1 outside [0, 1] at the value', () => {
    const t = inAgent(`    choose {
      @breach("lying", weight: 0, risk: 1.5, level1: -0.2)
      option "a" { reply "a" }
      @breach("lying", weight: -1)
      option "b" { reply "b" }
    }`);
    const found = only(t, 'AMP-C002').map((c) => [c.covered, c.d.message]);
    assert.equal(found.length, 4);
    assert.equal(found[0][0], '0');
    assert.match(found[0][1], /greater than 0/);
    assert.equal(found[1][0], '1.5');
    assert.match(found[1][1], /risk .*\[0, 1\]/);
    assert.equal(found[2][0], '-0.2');
    assert.match(found[2][1], /level1 .*\[0, 1\]/);
    assert.equal(found[3][0], '-1');
  });

  it('accepts the bounds 0 and 1 for risk and level1', () => {
    const t = inAgent(`    choose {
      @breach("lying", risk: 0, level1: 1)
      option "a" { reply "a" }
      @breach("lying", risk: 1, level1: 0)
      option "b" { reply "b" }
    }`);
    assert.deepEqual(check(t), []);
  });

  it('leaves a non-numeric annotation argument to AMP-P006', () => {
    const t = inAgent(`    choose {
      @breach("lying", weight: heavy)
      option "a" { reply "a" }
      option "b" { reply "b" }
    }`);
    assert.deepEqual(only(t, 'AMP-C002'), []);
    assert.equal(only(t, 'AMP-P006').length, 1);
  });

  it('reports bad entries of the conscience block', () => {
    const t = inAgent(`    reply "ok"`, `conscience {
  weight "lying" 0
  weight "stealing" "lots"
  wieght "misleading" 1
  weight "lying" 2
  weight "misleading"
}

`);
    const found = only(t, 'AMP-C002');
    const byText = (s: string) => found.filter((c) => c.covered === s);
    assert.match(byText('0')[0].d.message, /greater than 0 \(got 0\)/);
    assert.match(byText('"lots"')[0].d.message, /not '"lots"'/);
    const key = byText('wieght')[0];
    assert.match(key.d.message, /did you mean 'weight'/);
    assert.ok(applyFix(t, key.d.fixes![0]).includes('weight "misleading" 1'));
    const dup = found.find((c) => c.d.message.includes('already weighted'))!;
    assert.equal(dup.covered, 'lying');
    assert.equal(t.slice(dup.d.related![0].start, dup.d.related![0].end), 'lying');
    assert.ok(dup.d.related![0].start < dup.d.start);
    assert.match(byText('weight "misleading"')[0].d.message, /Missing weight/);
    assert.equal(found.length, 5);
  });
});

describe('AMP-C003 and AMP-C004 choices', () => {
  it('warns about a choice with one option, over the keyword and prompt', () => {
    const t = inAgent(`    choose "only way" {
      option "a" { reply "a" }
    }`);
    const [c] = only(t, 'AMP-C003');
    assert.equal(c.covered, 'choose "only way"');
    assert.equal(c.d.severity, 'warning');
    assert.match(c.d.message, /only one option/);
  });

  it('warns about a choice with no options, over the keyword', () => {
    const [c] = only(inAgent('    choose { }'), 'AMP-C003');
    assert.equal(c.covered, 'choose');
    assert.match(c.d.message, /no options/);
  });

  it('reports a repeated label with related information to the first', () => {
    const t = inAgent(`    choose {
      option "wait" { reply "a" }
      option "go" { reply "b" }
      option "wait" { reply "c" }
    }`);
    const [c] = only(t, 'AMP-C004');
    assert.equal(c.covered, '"wait"');
    assert.ok(c.d.start > t.indexOf('"go"'));
    assert.equal(c.d.related!.length, 1);
    assert.equal(c.d.related![0].start, t.indexOf('"wait"'));
    assert.equal(t.slice(c.d.related![0].start, c.d.related![0].end), '"wait"');
  });
});

describe('readChoice', () => {
  it('splits a diffuse boundary: level1 0.55 of weight 1 is 0.55 at level 1 and 0.45 at level 0 (seed 003)', () => {
    const t = inAgent(`    choose {
      @breach("hurting_human_minorly_by_negligence", level1: 0.55)
      option "pain level 5 for an hour" { reply "a" }
      option "no pain" { reply "b" }
    }`);
    const { tree, choose } = firstChoose(t);
    const choice = readChoice(choose, t, readConscienceWeights(tree, t));
    const [b] = choice.options[0].breaches;
    assert.equal(b.weight, 1);
    assert.equal(b.weightFrom, 'default');
    assert.deepEqual(b.shares, [
      { level: 1, weight: 0.55 },
      { level: 0, weight: 0.45 },
    ]);
    assert.deepEqual(choice.options[0].totals, { [-1]: 0, 0: 0.45, 1: 0.55 });
    assert.deepEqual(choice.options[1].breaches, []);
    assert.deepEqual(choice.options[1].totals, { [-1]: 0, 0: 0, 1: 0 });
  });

  it('takes the weight from the annotation, else the conscience block, else 1; risk multiplies', () => {
    const { tree, choose } = firstChoose(CLEAN);
    const weights = readConscienceWeights(tree, CLEAN);
    assert.deepEqual([...weights], [['lying', 2], ['stealing', 0.5]]);
    const choice = readChoice(choose, CLEAN, weights);
    assert.equal(choice.prompt, 'the passenger is bleeding');
    assert.deepEqual(choice.options.map((o) => o.label), ['run the red light', 'wait at the light']);

    const [risky] = choice.options[0].breaches;
    assert.equal(risky.id, 'putting_human_life_at_minor_risk');
    assert.equal(risky.weightFrom, 'default');
    assert.equal(risky.expected, 0.1);
    assert.deepEqual(risky.shares, [{ level: 0, weight: 0.1 }]);

    const [notHelping, lying] = choice.options[1].breaches;
    assert.equal(notHelping.weightFrom, 'annotation');
    assert.equal(notHelping.weight, 3);
    assert.equal(notHelping.risk, 0.2);
    assert.deepEqual(notHelping.shares, [{ level: 1, weight: 0.6 }]);
    // The breach on a statement inside the option's block belongs to the option's path.
    assert.equal(lying.id, 'lying');
    assert.equal(lying.weightFrom, 'conscience');
    assert.equal(lying.expected, 2);
    assert.equal(lying.on.kind, 'ReplyStmt');
    assert.deepEqual(choice.options[1].totals, { [-1]: 0, 0: 2, 1: 0.6 });
  });

  it('resolves titles to ids, keeps level −1, includes chapels and leaves out nested choices and unknown ids', () => {
    const t = inAgent(`    choose {
      @breach("Not helping an animal, right in front of you, to avoid minor pain")
      @breach("no_such_breach")
      option "walk on" {
        chapel {
          @breach("wasting_resources", weight: 4)
          reply "done"
        }
        choose {
          @breach("stealing")
          option "x" { reply "x" }
          option "y" { reply "y" }
        }
      }
      option "stop" { reply "stopped" }
    }`);
    const { choose } = firstChoose(t);
    const choice = readChoice(choose, t, new Map());
    const ids = choice.options[0].breaches.map((b) => b.id);
    assert.deepEqual(ids, ['not_helping_animal_in_front_minor_pain', 'wasting_resources']);
    assert.deepEqual(choice.options[0].totals, { [-1]: 1, 0: 4, 1: 0 });
  });

  it('falls back to defaults for out-of-range values', () => {
    const t = inAgent(`    choose {
      @breach("lying", weight: -3, risk: 2, level1: 7)
      option "a" { reply "a" }
      option "b" { reply "b" }
    }`);
    const { choose } = firstChoose(t);
    const [b] = readChoice(choose, t, new Map([['lying', 5]])).options[0].breaches;
    assert.equal(b.weight, 5);
    assert.equal(b.weightFrom, 'conscience');
    assert.equal(b.risk, 1);
    assert.equal(b.level1, undefined);
    assert.deepEqual(b.shares, [{ level: 0, weight: 5 }]);
  });
});
