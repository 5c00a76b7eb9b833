// Unit tests for the did-you-mean helper: the distance, normalisation, ranking and cutoffs.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { damerauLevenshtein, defaultMaxDistance, didYouMean, normalizeName, suggest, suggestAll } from '../../core/util/suggest';

describe('damerauLevenshtein', () => {
  it('counts insertions, deletions and substitutions', () => {
    assert.equal(damerauLevenshtein('', ''), 0);
    assert.equal(damerauLevenshtein('abc', ''), 3);
    assert.equal(damerauLevenshtein('', 'abc'), 3);
    assert.equal(damerauLevenshtein('kitten', 'sitting'), 3);
    assert.equal(damerauLevenshtein('lying', 'lyng'), 1);
  });

  it('counts an adjacent transposition as one edit', () => {
    assert.equal(damerauLevenshtein('ab', 'ba'), 1);
    assert.equal(damerauLevenshtein('stealnig', 'stealing'), 1);
  });

  it('is the unrestricted distance: a transposed pair may be edited again', () => {
    // Optimal string alignment gives 3 here; the true Damerau-Levenshtein distance is 2 (ca → ac → abc).
    assert.equal(damerauLevenshtein('ca', 'abc'), 2);
  });

  it('is symmetric', () => {
    for (const [a, b] of [['abcdef', 'badcfe'], ['hazard', 'hzarad'], ['x', 'xyz']]) {
      assert.equal(damerauLevenshtein(a, b), damerauLevenshtein(b, a));
    }
  });
});

describe('normalizeName and defaultMaxDistance', () => {
  it('ignores case, underscores, hyphens and spaces', () => {
    assert.equal(normalizeName('Strategy-Mutation'), 'strategymutation');
    assert.equal(normalizeName('strategy mutation'), 'strategymutation');
    assert.equal(normalizeName('sigma_con'), 'sigmacon');
  });

  it('allows about a third of the length, at least one edit', () => {
    assert.equal(defaultMaxDistance(0), 1);
    assert.equal(defaultMaxDistance(2), 1);
    assert.equal(defaultMaxDistance(6), 2);
    assert.equal(defaultMaxDistance(30), 10);
  });
});

describe('suggest', () => {
  const types = ['parameter_tuning', 'skill_acquisition', 'strategy_mutation', 'goal_restructuring', 'belief_revision', 'identity_adjustment'];

  it('finds the closest candidate for a typo', () => {
    assert.equal(suggest('stratgey_mutation', types), 'strategy_mutation');
    assert.equal(suggest('beleif_revision', types), 'belief_revision');
    assert.equal(suggest('lyng', ['lying', 'stealing', 'misleading']), 'lying');
  });

  it('treats case and separator differences as free', () => {
    assert.equal(suggest('Strategy-Mutation', types), 'strategy_mutation');
    assert.equal(suggest('skill acquisition', types), 'skill_acquisition');
    assert.equal(suggest('vid', ['V_id', 'H_bel']), 'V_id');
  });

  it('returns undefined when nothing is close enough', () => {
    assert.equal(suggest('teleportation', types), undefined);
    assert.equal(suggest('xyz', ['lying', 'stealing']), undefined);
    assert.equal(suggest('anything', []), undefined);
  });

  it('never suggests the word itself', () => {
    assert.equal(suggest('lying', ['lying']), undefined);
    assert.equal(suggest('lying', ['lying', 'lyin']), 'lyin');
  });

  it('applies the cutoff relative to length', () => {
    // 3 letters allow one edit, not two.
    assert.equal(suggest('cat', ['bat']), 'bat');
    assert.equal(suggest('cat', ['dog', 'bag']), undefined);
    // A long id survives several edits, even a dropped word…
    const id = 'not_helping_human_in_front_survive_minor_sacrifice';
    assert.equal(suggest('not_helping_human_in_front_survive_minr_sacrifce', [id]), id);
    assert.equal(suggest('not_helping_human_infront_survive_minor', [id]), id);
    // …but a short word is not stretched to match it.
    assert.equal(suggest('not_helping_animal', [id]), undefined);
  });

  it('honours an explicit maxDistance', () => {
    assert.equal(suggest('cat', ['dog'], { maxDistance: 3 }), 'dog');
    assert.equal(suggest('stealnig', ['stealing'], { maxDistance: 0 }), undefined);
    assert.equal(suggest('Stealing', ['stealing'], { maxDistance: 0 }), 'stealing');
  });
});

describe('suggestAll', () => {
  it('ranks by distance, then by length gap, then by input order', () => {
    // 'stealin' allows 2 edits: stealing is 1 away; sterling, steal and stealingg are 2 away, sterling with the
    // smallest length gap; healing (3 away) is out.
    assert.deepEqual(
      suggestAll('stealin', ['steal', 'healing', 'stealingg', 'sterling', 'stealing']),
      ['stealing', 'sterling', 'steal', 'stealingg'],
    );
  });

  it('drops duplicates and candidates beyond the cutoff, and honours limit', () => {
    // 'hazrd' allows one edit; wizard is 3 away.
    assert.deepEqual(suggestAll('hazrd', ['hazard', 'wizard', 'hazard', 'hazrds']), ['hazard', 'hazrds']);
    assert.deepEqual(suggestAll('hazrd', ['hazard', 'wizard'], { limit: 1 }), ['hazard']);
    assert.deepEqual(suggestAll('hazrd', ['hazard'], { limit: 0 }), []);
  });

  it('accepts any iterable', () => {
    assert.deepEqual(suggestAll('E_V', new Set(['E_v', 'G_c'])), ['E_v']);
  });
});

describe('didYouMean', () => {
  it('formats a suggestion as a message tail', () => {
    assert.equal(didYouMean('lying'), "; did you mean 'lying'?");
    assert.equal(didYouMean(undefined), '');
    assert.equal(didYouMean(), '');
    assert.equal(`unknown breach 'lyng'${didYouMean(suggest('lyng', ['lying']))}`, "unknown breach 'lyng'; did you mean 'lying'?");
  });
});
