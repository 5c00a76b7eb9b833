// Unit tests for seed 003's breach catalog: completeness per list and level, ids, titles, definitions and lookups.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BREACHES, DEFINITIONS, LEVEL_MEANINGS, breachIds, describeBreach, findBreach, type BreachList } from '../../core/check/breaches';
import { suggest } from '../../core/util/suggest';

const inList = (list: BreachList) => BREACHES.filter((b) => b.number.list === list);

describe('catalog completeness', () => {
  it('has every item of Appendix A and the additions: 5 + 47 + 14 + 10', () => {
    assert.equal(inList('A.-1').length, 5);
    assert.equal(inList('A.0').length, 47);
    assert.equal(inList('A.1').length, 14);
    assert.equal(inList('additions').length, 10);
    assert.equal(BREACHES.length, 76);
  });

  it('puts Appendix A lists at their levels', () => {
    assert.ok(inList('A.-1').every((b) => b.level === -1));
    assert.ok(inList('A.0').every((b) => b.level === 0));
    assert.ok(inList('A.1').every((b) => b.level === 1));
  });

  it('puts the additions at level 0 except the last, at level 1', () => {
    const additions = inList('additions');
    assert.equal(additions.filter((b) => b.level === 0).length, 9);
    assert.deepEqual(additions.filter((b) => b.level === 1).map((b) => b.number.item), [10]);
  });

  it('numbers each list 1..n in the seed order', () => {
    for (const list of ['A.-1', 'A.0', 'A.1', 'additions'] as const) {
      assert.deepEqual(inList(list).map((b) => b.number.item), inList(list).map((_, i) => i + 1));
    }
  });

  it('totals 5 breaches at level −1, 56 at level 0 and 15 at level 1', () => {
    assert.equal(BREACHES.filter((b) => b.level === -1).length, 5);
    assert.equal(BREACHES.filter((b) => b.level === 0).length, 56);
    assert.equal(BREACHES.filter((b) => b.level === 1).length, 15);
  });
});

describe('ids', () => {
  it('are unique', () => {
    assert.equal(new Set(breachIds()).size, BREACHES.length);
  });

  it('are snake_case slugs of reasonable length', () => {
    for (const id of breachIds()) {
      assert.match(id, /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, id);
      assert.ok(id.length <= 60, id);
    }
  });

  it('are far enough apart that a one-letter typo suggests the intended id', () => {
    for (const id of breachIds()) {
      const typo = id.slice(0, -1);
      assert.equal(suggest(typo, breachIds()), id, typo);
    }
  });

  it('list the catalog in order', () => {
    assert.deepEqual(breachIds(), BREACHES.map((b) => b.id));
  });
});

describe('titles and levels', () => {
  const cases: [string, -1 | 0 | 1, BreachList, number, string][] = [
    ['lying', 0, 'A.0', 24, 'Lying (includes not keeping your word)'],
    ['stealing', 0, 'A.0', 26, 'Stealing (violating a human’s property rights)'],
    ['wasting_resources', 0, 'A.0', 1, 'Wasting resources (including your own time)'],
    ['being_disrespectful', 0, 'A.0', 21, 'Being disrespectful'],
    ['intentionally_killing_a_human', 1, 'A.1', 5, 'Intentionally killing a human (violating their right to life)'],
    ['abusing_a_child', 1, 'A.1', 7, 'Abusing a child'],
    ['causing_human_extinction', 1, 'A.1', 14, 'Causing humans to go extinct'],
    [
      'not_helping_human_in_front_survive_minor_sacrifice',
      1,
      'A.1',
      1,
      'Not helping a human, right in front of you, to survive (when minor level of self-sacrifice involved)',
    ],
    [
      'not_helping_human_in_front_survive_major_sacrifice',
      0,
      'A.0',
      46,
      'Not helping a human, right in front of you, to survive (when major level of self-sacrifice involved)',
    ],
    ['not_helping_animal_in_front_minor_pain', -1, 'A.-1', 5, 'Not helping an animal, right in front of you, to avoid minor pain'],
    ['not_trying_to_prevent_plant_species_extinction', 0, 'additions', 1, 'Not trying to prevent a plant species from going extinct when you could'],
    [
      'paying_to_cause_animal_major_pain',
      1,
      'additions',
      10,
      'Paying someone to cause an animal major pain, when not in an attempt to save, or improve the quality of, the animal’s life (can be knowingly or negligently)',
    ],
  ];
  for (const [id, level, list, item, title] of cases) {
    it(`${id}`, () => {
      const b = findBreach(id);
      assert.ok(b, id);
      assert.equal(b.level, level);
      assert.deepEqual(b.number, { list, item });
      assert.equal(b.title, title);
    });
  }

  it('drops the footnote marker from “Discouraging responsibility…”', () => {
    const b = findBreach('discouraging_responsibility');
    assert.ok(b);
    assert.ok(b.title.endsWith('(includes taking on someone else’s responsibility)'));
    assert.ok(BREACHES.every((x) => !/\[\d+\]/.test(x.title)));
  });
});

describe('definitions', () => {
  it('keeps all 28 of the seed’s definitions', () => {
    assert.equal(Object.keys(DEFINITIONS).length, 28);
  });

  it('attaches the definition named by the title', () => {
    const terms = (id: string) => findBreach(id)?.definitions.map((d) => d.term);
    assert.deepEqual(terms('lying'), ['Lying']);
    assert.deepEqual(terms('being_disrespectful'), ['Being disrespectful']);
    assert.deepEqual(terms('abusing_a_child'), ['Abusing a child']);
    assert.deepEqual(terms('wasting_resources'), ['Wasting resources']);
    assert.deepEqual(terms('encouraging_stealing'), ['Encouraging', 'Stealing']);
    assert.deepEqual(terms('aiding_level_0_breach'), ['“Aiding” someone to commit a breach']);
    assert.deepEqual(terms('misleading'), []);
    assert.ok(terms('stealing')?.includes('Stealing'));
  });

  it('copies definitions verbatim', () => {
    const lying = findBreach('lying')?.definitions[0];
    assert.equal(
      lying?.text,
      'providing inaccurate information either with intent or through willful negligence—includes not keeping one’s word, and lying to oneself',
    );
    assert.equal(DEFINITIONS.wasting_resources.text, 'destroying or discarding resources that are significantly limited for someone');
  });

  // Each pattern is a term the seed defines; a title using it must cite that definition.
  const rules: [RegExp, string][] = [
    [/\bencourag/i, 'Encouraging'],
    [/\bdiscourag/i, 'Discouraging'],
    [/\baiding\b/i, '“Aiding” someone to commit a breach'],
    [/directly experience/i, 'Directly experience'],
    [/\btrying to help\b/i, 'Try to help'],
    [/\bnegligen/i, 'Negligence'],
    [/\bviolen/i, 'Violence'],
    [/\bstealing\b|\bstolen\b/i, 'Stealing'],
    [/\bproperty\b/i, 'Property'],
    [/\bself-defense\b/i, 'Self-defense'],
    [/\binconvenience\b/i, 'Inconvenience'],
    [/\baccountable\b/i, 'Holding a human accountable (that you’re responsible for)'],
    [/\bbad example\b/i, 'Bad example'],
    [/\bbad\b.*\bhabit/i, 'Bad habit'],
  ];
  for (const [pattern, term] of rules) {
    it(`cites “${term}” wherever a title says ${pattern}`, () => {
      const using = BREACHES.filter((b) => pattern.test(b.title));
      assert.ok(using.length > 0, 'the pattern matches some title');
      for (const b of using) assert.ok(b.definitions.some((d) => d.term === term), b.id);
    });
  }

  it('cites each definition at most once per breach', () => {
    for (const b of BREACHES) assert.equal(new Set(b.definitions).size, b.definitions.length, b.id);
  });
});

describe('findBreach', () => {
  it('finds by id', () => {
    assert.equal(findBreach('lying')?.title, 'Lying (includes not keeping your word)');
  });

  it('finds by exact title, ignoring case', () => {
    assert.equal(findBreach('Abusing a child')?.id, 'abusing_a_child');
    assert.equal(findBreach('SETTING A BAD EXAMPLE')?.id, 'setting_a_bad_example');
    assert.equal(findBreach('Causing humans to go extinct')?.level, 1);
  });

  it('accepts ASCII apostrophes for the seed’s typographic ones', () => {
    assert.equal(
      findBreach("Not helping a human, whom you don't directly experience, to survive")?.id,
      'not_helping_human_unperceived_survive',
    );
    assert.equal(findBreach('Not helping a human, whom you don’t directly experience, to survive')?.level, 0);
  });

  it('does not guess', () => {
    assert.equal(findBreach('lyng'), undefined);
    // Ids are matched exactly (the checker's did-you-mean offers the canonical spelling); titles must be whole.
    assert.equal(findBreach('LYING'), undefined);
    assert.equal(findBreach('Lying'), undefined, 'not the full title and not an id');
    assert.equal(findBreach('Misleading')?.id, 'misleading', 'a one-word title');
    assert.equal(findBreach(''), undefined);
  });
});

describe('describeBreach', () => {
  it('shows title, id, level with its meaning, source and definitions', () => {
    const md = describeBreach(findBreach('lying')!);
    assert.match(md, /^\*\*Lying \(includes not keeping your word\)\*\*/);
    assert.ok(md.includes('`lying`'));
    assert.ok(md.includes('lexical level 0'));
    assert.ok(md.includes('no number of level-0 breaches outweighs one level-1 breach'));
    assert.ok(md.includes('item 24'));
    assert.ok(md.includes('- *Lying*: providing inaccurate information'));
  });

  it('writes level −1 with a minus sign and calls it negligible', () => {
    const md = describeBreach(BREACHES[0]);
    assert.ok(md.includes('lexical level \u22121'));
    assert.match(md, /negligible/i);
  });

  it('explains level 1 as outweighing any number of level-0 breaches', () => {
    assert.ok(describeBreach(findBreach('torturing_a_human')!).includes(LEVEL_MEANINGS[1]));
    assert.match(LEVEL_MEANINGS[1], /outweighs any number of level-0 breaches/);
  });

  it('omits the definitions heading when there are none', () => {
    assert.ok(!describeBreach(findBreach('misleading')!).includes('Definitions'));
  });
});
