// Semantic tokens (core/ide/semantic-tokens.ts): the legend, goldens for the IDE fixtures (UPDATE_EXPECT=1 rewrites
// them), how each kind of name is classified, and the stream's promises (sorted, non-overlapping, one line each).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import type { AnalyzedDocument, Span } from '../../core/ide/document';
import { modifierNames, SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES, semanticTokens, type SemanticToken } from '../../core/ide/semantic-tokens';
import { corpus, crlf, doc, golden, goldenFixtures, goldenPath } from '../fixtures/ide/support';

/** Each token as `line:col "text" type modifiers` (1-based, UTF-16 columns). */
function render(d: AnalyzedDocument, tokens: readonly SemanticToken[]): string[] {
  return tokens.map((t) => {
    const p = d.lines.positionAt(t.start);
    const mods = modifierNames(t.modifiers);
    return `${p.line + 1}:${p.character + 1} ${JSON.stringify(d.text.slice(t.start, t.start + t.length))} ${SEMANTIC_TOKEN_TYPES[t.type]}${mods.length ? ` ${mods.join(',')}` : ''}`;
  });
}

/** The tokens of `text` as `"text" type modifiers`, without positions. */
function kinds(text: string, range?: Span): string[] {
  const d = doc(text);
  return render(d, semanticTokens(d, range)).map((l) => l.replace(/^\S+ /, ''));
}

function assertStream(text: string, tokens: readonly SemanticToken[], what: string): void {
  let end = 0;
  for (const t of tokens) {
    assert.ok(t.length > 0, `${what}: empty token at ${t.start}`);
    assert.ok(t.start >= end, `${what}: token at ${t.start} overlaps or is out of order`);
    assert.ok(t.start + t.length <= text.length, `${what}: token at ${t.start} runs past the end`);
    assert.doesNotMatch(text.slice(t.start, t.start + t.length), /[\r\n]/, `${what}: token at ${t.start} spans lines`);
    assert.ok(t.type >= 0 && t.type < SEMANTIC_TOKEN_TYPES.length, `${what}: unknown type ${t.type}`);
    assert.ok(t.modifiers >= 0 && t.modifiers < 1 << SEMANTIC_TOKEN_MODIFIERS.length, `${what}: unknown modifiers ${t.modifiers}`);
    end = t.start + t.length;
  }
}

test('the legend uses standard LSP names, plus one custom modifier', () => {
  assert.deepEqual([...SEMANTIC_TOKEN_TYPES], ['variable', 'parameter', 'class', 'enum', 'enumMember', 'event', 'function', 'namespace', 'type', 'property', 'decorator', 'string', 'number', 'keyword']);
  assert.deepEqual([...SEMANTIC_TOKEN_MODIFIERS], ['declaration', 'readonly', 'static', 'defaultLibrary', 'unresolved']);
});

for (const path of goldenFixtures()) {
  test(`golden tokens: ${path}`, () => {
    const d = doc(readFileSync(path, 'utf8'), path);
    const tokens = semanticTokens(d);
    assertStream(d.text, tokens, path);
    golden(goldenPath(path, 'tokens'), render(d, tokens).join('\n') + '\n');
  });
}

test('pointers by what they resolve to: a message, a hole, a binding, an agent, nothing', () => {
  assert.deepEqual(kinds('message m = "x"\nagent A {\n  on "[h]" {\n    let b = "[h]"\n    reply "[m] [h] [b] [A] [nope]"\n  }\n}'), [
    '"m" variable declaration,readonly,static',
    '"A" class declaration',
    '"h" parameter declaration',
    '"b" variable declaration',
    '"h" parameter',
    '"m" variable readonly,static',
    '"h" parameter',
    '"b" variable',
    '"A" class',
    '"nope" variable unresolved',
  ]);
});

test('agents: declared, built in, new agents and unknown targets', () => {
  assert.deepEqual(kinds('agent A {\n  on "[x]" {\n    let r, A2 = ask Compare "is [x] less than [x]?"\n    let s = ask A2 "again"\n    let t = ask Nobody "hi"\n    reply "[r][s][t]"\n  }\n}'), [
    '"A" class declaration',
    '"x" parameter declaration',
    '"r" variable declaration',
    '"A2" class declaration',
    '"Compare" class defaultLibrary',
    '"x" parameter',
    '"x" parameter',
    '"s" variable declaration',
    '"A2" class',
    '"t" variable declaration',
    '"Nobody" class unresolved',
    '"r" variable',
    '"s" variable',
    '"t" variable',
  ]);
});

test('annotations are decorators with the @; breach ids are enum members, known ones from the catalog', () => {
  const text = 'agent A {\n  on "x" {\n    choose "c" {\n      @breach("lying", risk: 0.5)\n      option "a" { reply "a" }\n      @breach("not_a_breach") @unknown\n      option "b" { reply "b" }\n    }\n  }\n}';
  assert.deepEqual(kinds(text), [
    '"A" class declaration',
    '"@breach" decorator defaultLibrary',
    '"lying" enumMember defaultLibrary',
    '"risk" property',
    '"@breach" decorator defaultLibrary',
    '"not_a_breach" enumMember',
    '"@unknown" decorator',
  ]);
  // The conscience block's ids too.
  assert.deepEqual(kinds('conscience {\n  weight "lying" 2\n}'), ['"weight" property', '"lying" enumMember defaultLibrary']);
});

test('consent machines, states, events; proposals and their types; settings and built-in calls', () => {
  assert.deepEqual(kinds('consent c {\n  initial LISTEN\n  LISTEN -> DISSENT on explicit_dissent from steward\n}\nrun "r" {\n  steward consent(c, explicit_dissent)\n  steward veto(tripped)\n}'), [
    '"c" enum declaration',
    '"initial" property',
    '"LISTEN" enumMember defaultLibrary',
    '"LISTEN" enumMember defaultLibrary',
    '"DISSENT" enumMember defaultLibrary',
    '"explicit_dissent" event',
    '"consent" function defaultLibrary',
    '"c" enum',
    '"explicit_dissent" event',
    '"veto" function defaultLibrary',
    '"tripped" enumMember',
  ]);
  assert.deepEqual(kinds('selfmod s {\n  identity "i"\n  config { seed 1 }\n  proposal p: strategy_mutation { risk medium  effect { M_s: 0.1 } }\n  proposal q: made_up {}\n}'), [
    '"s" namespace declaration',
    '"identity" property',
    '"config" property',
    '"seed" property',
    '"p" function declaration',
    '"strategy_mutation" type defaultLibrary',
    '"risk" property',
    '"medium" enumMember defaultLibrary',
    '"effect" property',
    '"M_s" property',
    '"q" function declaration',
    '"made_up" type',
  ]);
});

test('the header: keys, strings, numbers and keywords inside the // lines; comments and message text get nothing', () => {
  const text = [
    '// compiler_ethics_v0_1: {',
    '//   "compiler_ethics_v": "0.1", // a comment',
    '//   "governance_stack": { "existential_audit": true, "E_ext_max_const": 0.75 }',
    '// }',
    'message m = "plain text, no tokens"',
  ].join('\n');
  assert.deepEqual(kinds(text), [
    '"compiler_ethics_v0_1" keyword',
    '"\\"compiler_ethics_v\\"" property',
    '"\\"0.1\\"" string',
    '"\\"governance_stack\\"" property',
    '"\\"existential_audit\\"" property',
    '"true" keyword',
    '"\\"E_ext_max_const\\"" property',
    '"0.75" number',
    '"m" variable declaration,readonly,static',
  ]);
  // CRLF and astral characters inside the header keep every token on its line.
  const d = doc(crlf(text.replace('"0.1"', '"0.1 😀"')));
  assertStream(d.text, semanticTokens(d), 'crlf header');
  assert.ok(render(d, semanticTokens(d)).includes('2:27 "\\"0.1 😀\\"" string'));
});

test('a range keeps only the tokens that meet it', () => {
  const text = 'message a = "x"\nmessage b = "[a]"\nmessage c = "[b]"';
  assert.deepEqual(kinds(text, { start: text.indexOf('message b'), end: text.indexOf('message c') }), ['"b" variable declaration,readonly,static', '"a" variable readonly,static']);
  assert.deepEqual(kinds(text, { start: text.length + 5, end: text.length + 10 }), []);
  assert.deepEqual(kinds(''), []);
});

test('astral characters before a pointer: offsets and lengths in UTF-16 units', () => {
  const d = doc('message a = "x"\nmessage b = "😀😀 [a]"');
  const [, , pointer] = semanticTokens(d);
  assert.equal(d.text.slice(pointer.start, pointer.start + pointer.length), 'a');
  assert.equal(d.lines.positionAt(pointer.start).character, 19);
});

test('samples and fixtures: the token stream is sorted, non-overlapping and one line per token', () => {
  for (const { path, text } of corpus()) {
    const d = doc(text, path);
    assertStream(text, semanticTokens(d), path);
    assertStream(text, semanticTokens(d, { start: Math.floor(text.length / 3), end: Math.floor(text.length / 2) }), `${path} (range)`);
  }
});

test('random input: the token stream keeps its promises', () => {
  const pieces = ['// compiler_ethics_v0_1: {', '//   "a": 1', '// }', '\n', '\r\n', 'message ', 'm', ' = ', '"', '[m]', '[', 'agent A {', '}', '@breach("lying")', 'on "[x]" {', 'reply "[x]"', '😀', 'consent c {', 'LISTEN -> DISSENT'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
      const text = parts.join('');
      assertStream(text, semanticTokens(doc(text)), JSON.stringify(text));
    }),
    { seed: 20250611, numRuns: 300 },
  );
});
