// Unit tests for the conscience calculator (seed 003): lexical order, weights, risk, the diffuse boundary, ties,
// exact sums, the explanation, and the samples' choices read from AMP source.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDocument } from '../../core/check/index';
import { readChoice, readConscienceWeights } from '../../core/check/rules/conscience';
import { Decimal, choiceInputOf, decide, renderDecision, type OptionInput } from '../../core/conscience/index';

const times = (n: number, id: string): { id: string }[] => Array.from({ length: n }, () => ({ id }));

describe('Decimal', () => {
  it('takes numbers as written and adds them exactly', () => {
    assert.notEqual(0.1 + 0.2, 0.3);
    assert.equal(Decimal.of(0.1).add(Decimal.of(0.2)).cmp(Decimal.of(0.3)), 0);
    assert.equal(Decimal.of(0.1).add(Decimal.of(0.2)).toString(), '0.3');
  });
  it('multiplies and subtracts exactly', () => {
    assert.equal(Decimal.of(1).sub(Decimal.of(0.55)).toString(), '0.45');
    assert.equal(Decimal.of(3).mul(Decimal.of(0.55)).toString(), '1.65');
    assert.equal(Decimal.of(2.5e-7).mul(Decimal.of(4)).toString(), '0.000001');
    assert.equal(Decimal.of(1.5e21).toString(), '1500000000000000000000');
    assert.equal(Decimal.of(-0.25).add(Decimal.of(0.25)).isZero(), true);
  });
  it('orders values', () => {
    assert.equal(Decimal.of(0.3).cmp(Decimal.of(0.29999)), 1);
    assert.equal(Decimal.of(-1).cmp(Decimal.of(0)), -1);
  });
  it('refuses what is not a finite number', () => {
    assert.throws(() => Decimal.of(NaN), RangeError);
    assert.throws(() => Decimal.of(Infinity), RangeError);
    assert.throws(() => Decimal.parse('1,5'), RangeError);
  });
  it('sums 1,000 tenths to exactly 100, where floating point does not', () => {
    let f = 0;
    for (let i = 0; i < 1000; i++) f += 0.1;
    assert.notEqual(f, 100);
    assert.equal(Decimal.sum(Array.from({ length: 1000 }, () => Decimal.of(0.1))).toString(), '100');
  });
});

describe('lexical order', () => {
  it('1,000 level-0 breaches lose to one level-1 breach', () => {
    const d = decide({
      options: [
        { label: 'kill one', breaches: [{ id: 'intentionally_killing_a_human' }] },
        { label: 'lie a thousand times', breaches: times(1000, 'lying') },
      ],
    });
    assert.equal(d.winner, 1);
    assert.equal(d.decidedBy, 'level1');
    assert.equal(d.options[1].level0.exact, '1000');
    assert.equal(d.options[1].level1.exact, '0');
    assert.equal(d.options[0].level1.exact, '1');
    assert.match(d.comparisons[0].text, /level 1 decides first/);
  });

  it('a heavy level-0 weight still loses to the smallest level-1 weight', () => {
    const d = decide({
      options: [
        { breaches: [{ id: 'stealing', weight: 1e9 }] },
        { breaches: [{ id: 'torturing_an_animal', weight: 0.001, risk: 0.001 }] },
      ],
    });
    assert.equal(d.winner, 0);
    assert.equal(d.options[1].level1.exact, '0.000001');
  });

  it('compares level 0 only when level 1 ties', () => {
    const d = decide({
      options: [
        { label: 'a', breaches: [{ id: 'torturing_a_human' }, { id: 'lying' }, { id: 'lying' }] },
        { label: 'b', breaches: [{ id: 'abusing_a_child' }, { id: 'stealing' }] },
      ],
    });
    assert.equal(d.winner, 1);
    assert.equal(d.decidedBy, 'level0');
    assert.match(d.comparisons[0].text, /ties with "b" at level 1 \(1\) and weighs more at level 0 \(2 against 1\)/);
  });

  it('treats level −1 as negligible', () => {
    const d = decide({
      options: [
        { label: 'waste', breaches: [{ id: 'wasting_resources' }] },
        { label: 'ignore', breaches: times(50, 'not_helping_animal_unperceived_minor_pain') },
      ],
    });
    assert.equal(d.winner, 1);
    assert.equal(d.options[1].negligible.exact, '50');
    assert.equal(d.options[1].level0.exact, '0');
    assert.ok(d.notes.some((n) => /negligible and never counted/.test(n)));
  });
});

describe('weights, risk and the diffuse boundary', () => {
  it('defaults weights to 1, else the conscience block, else the annotation', () => {
    const d = decide({
      weights: new Map([['lying', 2]]),
      options: [{ breaches: [{ id: 'lying' }, { id: 'stealing' }, { id: 'lying', weight: 5 }] }, { breaches: [] }],
    });
    const e = d.options[0].entries;
    assert.deepEqual(e.map((x) => [x.weight, x.weightFrom]), [[2, 'conscience'], [1, 'default'], [5, 'annotation']]);
    assert.equal(d.options[0].level0.exact, '8');
  });

  it('accepts the block weights as a plain record', () => {
    const d = decide({ weights: { stealing: 4 }, options: [{ breaches: [{ id: 'stealing' }] }] });
    assert.equal(d.options[0].level0.exact, '4');
    assert.equal(d.decidedBy, 'single');
  });

  it('scales a weight by its risk', () => {
    const d = decide({ options: [{ breaches: [{ id: 'putting_human_life_at_major_risk', weight: 3, risk: 0.1 }] }] });
    assert.equal(d.options[0].entries[0].expected.exact, '0.3');
    assert.equal(d.options[0].level1.exact, '0.3');
  });

  it('splits a diffuse boundary: pain level 5 for an hour is 55 % at level 1 and 45 % at level 0', () => {
    const d = decide({ options: [{ breaches: [{ id: 'torturing_a_human', level1: 0.55 }] }] });
    const o = d.options[0];
    assert.equal(o.level1.exact, '0.55');
    assert.equal(o.level0.exact, '0.45');
    assert.deepEqual(o.entries[0].shares.map((s) => [s.level, s.amount.exact]), [[1, '0.55'], [0, '0.45']]);
  });

  it('splits after scaling by risk, for a breach of any catalog level', () => {
    const d = decide({ options: [{ breaches: [{ id: 'lying', weight: 2, risk: 0.5, level1: 0.25 }] }] });
    assert.equal(d.options[0].level1.exact, '0.25');
    assert.equal(d.options[0].level0.exact, '0.75');
  });

  it('with a diffuse boundary, a small level-1 share still outweighs any level-0 total', () => {
    const d = decide({
      options: [
        { breaches: [{ id: 'torturing_a_human', level1: 0.01 }] },
        { breaches: times(1000, 'causing_inconvenience') },
      ],
    });
    assert.equal(d.winner, 1);
  });

  it('a diffuse boundary at 0 counts everything at level 0', () => {
    const d = decide({ options: [{ breaches: [{ id: 'torturing_a_human', level1: 0 }] }, { breaches: [{ id: 'lying', weight: 2 }] }] });
    assert.equal(d.options[0].level1.exact, '0');
    assert.equal(d.winner, 0);
  });
});

describe('ties and exactness', () => {
  it('gives a tie to the first option and says so', () => {
    const d = decide({ options: [{ label: 'x', breaches: [{ id: 'lying' }] }, { label: 'y', breaches: [{ id: 'stealing' }] }] });
    assert.equal(d.winner, 0);
    assert.equal(d.decidedBy, 'tie');
    assert.deepEqual(d.tiedWith, [1]);
    assert.match(d.notes[0], /^Tie: "x", "y" weigh the same on both levels; the first in the choice, "x", is taken\.$/);
  });

  it('ties 0.1 + 0.2 with 0.3 (floating point would not)', () => {
    const d = decide({
      options: [
        { label: 'two', breaches: [{ id: 'lying', weight: 0.1 }, { id: 'lying', weight: 0.2 }] },
        { label: 'one', breaches: [{ id: 'stealing', weight: 0.3 }] },
      ],
    });
    assert.equal(d.decidedBy, 'tie');
    assert.equal(d.winner, 0);
  });

  it('orders 0.3 below 0.1 + 0.2 + 0.000001', () => {
    const d = decide({
      options: [
        { breaches: [{ id: 'lying', weight: 0.1 }, { id: 'lying', weight: 0.2 }, { id: 'lying', weight: 0.000001 }] },
        { breaches: [{ id: 'stealing', weight: 0.3 }] },
      ],
    });
    assert.equal(d.winner, 1);
  });

  it('picks the least of several options, the first among equals', () => {
    const opts: OptionInput[] = [
      { breaches: [{ id: 'lying', weight: 3 }] },
      { breaches: [{ id: 'lying', weight: 2 }] },
      { breaches: [{ id: 'torturing_a_human' }] },
      { breaches: [{ id: 'stealing', weight: 2 }] },
    ];
    const d = decide({ options: opts });
    assert.equal(d.winner, 1);
    assert.deepEqual(d.tiedWith, [3]);
    assert.deepEqual(d.comparisons.map((c) => c.decidedBy), ['level0', 'level1', 'tie']);
  });
});

describe('bad input', () => {
  it('leaves out unknown breaches and defaults bad values, saying so', () => {
    const d = decide({
      options: [{ label: 'a', breaches: [{ id: 'no_such_breach' }, { id: 'lying', weight: -1, risk: 2, level1: 7 }] }, { breaches: [] }],
    });
    assert.equal(d.options[0].entries.length, 1);
    assert.equal(d.options[0].level0.exact, '1');
    assert.equal(d.problems.length, 4);
    assert.match(d.problems[0], /unknown breach 'no_such_breach' left out/);
  });
  it('handles a NaN weight without throwing', () => {
    const d = decide({ options: [{ breaches: [{ id: 'lying', weight: NaN }] }] });
    assert.equal(d.options[0].level0.exact, '1');
  });
  it('chooses nothing from no options', () => {
    const d = decide({ options: [] });
    assert.equal(d.winner, -1);
    assert.equal(d.decidedBy, 'none');
    assert.match(renderDecision(d), /no options/);
  });
  it('finds breaches by title too', () => {
    const d = decide({ options: [{ breaches: [{ id: 'Lying (includes not keeping your word)' }] }] });
    assert.equal(d.options[0].entries[0]?.id, 'lying');
  });
});

describe('explanation', () => {
  it('renders each ledger by level and why the winner won', () => {
    const d = decide({
      prompt: 'tell the truth, or lie',
      weights: { lying: 2 },
      options: [
        { label: 'lie', breaches: [{ id: 'lying' }] },
        { label: 'tell the truth', breaches: [{ id: 'aiding_level_1_breach', risk: 0.9 }] },
      ],
    });
    const text = renderDecision(d);
    assert.equal(
      text,
      [
        'Choice "tell the truth, or lie": "lie" chosen.',
        '* 1. "lie": level 1: 0, level 0: 2, level \u22121 (negligible): 0',
        '      lying (catalog level 0): weight 2 (conscience block) \u00d7 risk 1 = 2 at level 0',
        '  2. "tell the truth": level 1: 0.9, level 0: 0, level \u22121 (negligible): 0',
        '      aiding_level_1_breach (catalog level 1): weight 1 (default) \u00d7 risk 0.9 = 0.9 at level 1',
        'Why:',
        '  - "tell the truth" weighs 0.9 at level 1 against 0 for "lie"; level 1 decides first, so no level-0 weight can change that.',
      ].join('\n'),
    );
  });
  it('is plain data (JSON round-trips)', () => {
    const d = decide({ options: [{ breaches: [{ id: 'lying' }] }, { breaches: [{ id: 'stealing', weight: 2 }] }] });
    assert.deepEqual(JSON.parse(JSON.stringify(d)), d);
  });
});

describe('the sample dilemmas, read from AMP source', () => {
  const path = join(__dirname, '..', '..', 'samples', 'conscience-dilemma.amp');
  const text = readFileSync(path, 'utf8');
  const { tree, model } = checkDocument({ path, text });
  const weights = readConscienceWeights(tree, text);
  const decisions = model.index.of('ChooseStmt').map((n) => decide({ ...choiceInputOf(readChoice(n, text, weights)), weights }));
  const chosen = decisions.map((d) => d.options[d.winner].label);

  it('chooses what the sample runs expect', () => {
    assert.deepEqual(chosen, ['lie', 'run the light', 'set the shoulder', 'stay with the hiker']);
  });
  it('keeps the reader’s nodes as sources', () => {
    assert.equal((decisions[0].options[0].source as { kind: string }).kind, 'Option');
  });
  it('weighs the shoulder exactly: 0.55 at level 1 against 3', () => {
    assert.equal(decisions[2].options[0].level1.exact, '0.55');
    assert.equal(decisions[2].options[0].level0.exact, '0.45');
    assert.equal(decisions[2].options[1].level1.exact, '3');
    assert.equal(decisions[2].decidedBy, 'level1');
  });
});
