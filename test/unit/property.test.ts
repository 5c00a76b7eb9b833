// Property tests: for arbitrary text, mutated valid specs and grammar-shaped token soups, parsing and checking never
// throw, every range stays inside the text, and the tree is lossless and well nested. Fixed seed: failures reproduce.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkDocument } from '../../core/check/index';
import type { Diagnostic } from '../../core/diagnostics';
import { parse, type ParsedNodes } from '../../core/syntax/parser';
import { isNode, tokensOf, treeText, walk, type Node } from '../../core/syntax/tree';
import { filesUnder } from '../harness/index';

/** Override with PROPERTY_SEED=n to explore; the default keeps CI deterministic. */
const SEED = Number(process.env.PROPERTY_SEED ?? 20250601);
const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
/** True when `offset` falls between the two halves of one surrogate pair. */
function splitsPair(text: string, offset: number): boolean {
  return offset > 0 && offset < text.length && isHighSurrogate(text.charCodeAt(offset - 1)) && isLowSurrogate(text.charCodeAt(offset));
}

function assertRange(text: string, r: { start: number; end: number }, what: string): void {
  assert.ok(Number.isInteger(r.start) && Number.isInteger(r.end), `${what}: offsets must be integers`);
  assert.ok(0 <= r.start && r.start <= r.end && r.end <= text.length, `${what}: range ${r.start}..${r.end} outside 0..${text.length}`);
  assert.ok(!splitsPair(text, r.start) && !splitsPair(text, r.end), `${what}: range ${r.start}..${r.end} splits a surrogate pair`);
}

function assertDiagnostics(text: string, diagnostics: readonly Diagnostic[], where: string): void {
  for (const d of diagnostics) {
    const what = `${where} ${d.code} "${d.message}"`;
    assertRange(text, d, what);
    // checkDocument turns a throwing rule into a diagnostic; for this test that is still a crash.
    assert.ok(!d.message.startsWith('Internal checker error'), what);
    for (const r of d.related ?? []) if (r.file === undefined) assertRange(text, r, `${what} related`);
    for (const f of d.fixes ?? []) for (const e of f.edits) assertRange(text, e, `${what} fix '${f.title}'`);
  }
}

/** Children in source order and inside their parent's span, at every level. */
function assertNested(node: Node): void {
  assert.ok(node.start <= node.end, `${node.kind}@${node.start}..${node.end} is inverted`);
  let at = node.start;
  for (const c of node.children) {
    assert.ok(c.start >= at, `${c.kind}@${c.start}..${c.end} starts before its previous sibling ends (${at}) in ${node.kind}`);
    assert.ok(c.end <= node.end, `${c.kind}@${c.start}..${c.end} ends after its parent ${node.kind}@${node.start}..${node.end}`);
    at = c.end;
    if (isNode(c)) assertNested(c);
  }
}

/** The nodes the parser gathers while building are exactly a pre-order walk's, by kind and in source order. */
function assertGathered(tree: Node, nodes: ParsedNodes): void {
  const byKind = new Map<string, Node[]>();
  const annotated: Node[] = [];
  walk(tree, (n) => {
    byKind.set(n.kind, [...(byKind.get(n.kind) ?? []), n]);
    const first = n.children[0];
    if (first && isNode(first) && first.kind === 'Annotation') annotated.push(n);
  });
  assert.deepEqual([...nodes.byKind.keys()].sort(), [...byKind.keys()].sort(), 'the kinds gathered');
  for (const [kind, list] of byKind) assert.ok(nodes.byKind.get(kind as Node['kind'])!.every((n, i) => n === list[i]) && nodes.byKind.get(kind as Node['kind'])!.length === list.length, `the ${kind} nodes, in source order`);
  assert.ok(nodes.annotated.length === annotated.length && nodes.annotated.every((n, i) => n === annotated[i]), 'the annotated nodes, in source order');
}

/** Every invariant the parser and checker promise, for one input. */
function assertInvariants(text: string): void {
  const { tree, diagnostics, nodes } = parse(text);
  assert.equal(tree.kind, 'File');
  assert.deepEqual([tree.start, tree.end], [0, text.length]);
  assert.equal(treeText(tree, text), text, 'the tree must be lossless');
  let at = 0;
  for (const t of tokensOf(tree)) {
    // Whitespace has no tokens: a gap is allowed, and treeText above has checked that each holds whitespace only.
    assert.ok(t.start >= at, `token ${t.kind}@${t.start} overlaps the previous token, which ends at ${at}`);
    assert.ok(t.end > t.start || t.kind === 'EOF', `token ${t.kind}@${t.start} is empty`);
    assert.ok(!splitsPair(text, t.start), `token ${t.kind}@${t.start} starts inside a surrogate pair`);
    at = t.end;
  }
  assertNested(tree);
  assertGathered(tree, nodes);
  assertDiagnostics(text, diagnostics, 'parse');
  assertDiagnostics(text, checkDocument({ path: 'property.amp', text }).diagnostics, 'check');
}

function run(name: string, arbitrary: fc.Arbitrary<string>, numRuns = RUNS): void {
  test(name, () => {
    try {
      fc.assert(fc.property(arbitrary, (text) => assertInvariants(text)), { seed: SEED, numRuns });
    } catch (e) {
      // fast-check's report includes the seed and path; say how to replay it through this file too.
      (e as Error).message = `${(e as Error).message}\nReplay with PROPERTY_SEED=${SEED} (numRuns ${numRuns}).`;
      throw e;
    }
  });
}

// ---- (a) arbitrary text ---------------------------------------------------------------------------------------------

const SPECIAL = ['"', '[', ']', '(', ')', '{', '}', '@', '\\', ':', ',', '=', '-', '>', '.', '/', '*', "'", '\u2019', '\n', '\r', '\r\n', '\t', ' ', '\uFEFF'];
const specialChar = fc.constantFrom(...SPECIAL);
const controlChar = fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const unicodeChar = fc.constantFrom('😀', 'é', '日', '\u0301', '\u200B', '\u2028', '𝔸', '\uFFFF');

const arbitraryText = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: specialChar },
      { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 8 }) },
      { weight: 1, arbitrary: controlChar },
      { weight: 1, arbitrary: loneSurrogate },
      { weight: 1, arbitrary: unicodeChar },
    ),
    { maxLength: 80, size: 'max' },
  )
  .map((parts) => parts.join(''));

run('arbitrary text: parse and check never throw, ranges stay in bounds, the tree is lossless', arbitraryText);

// ---- (b) mutations of valid specs -----------------------------------------------------------------------------------

/** The clean parser fixtures: valid AMP covering every construct. */
const CORPUS = filesUnder('test/fixtures/parser', '.amp')
  .filter((p) => !/(^|[\\/])error-[^\\/]*$/.test(p))
  .map((p) => readFileSync(p, 'utf8'))
  .filter((t) => t.length > 0);

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicate'; at: number; length: number; to: number }
  | { kind: 'swap'; at: number; length: number; to: number }
  | { kind: 'replace'; at: number; text: string };

const snippet = fc.oneof(specialChar, fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom('agent', 'on', 'message', 'run', '"', '{', '}', '@hazard(', 'ask A', '\n', '->'));
const position = fc.nat({ max: 1_000_000 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: position, text: snippet }),
  fc.record({ kind: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 60 }), to: position }),
  fc.record({ kind: fc.constant('swap' as const), at: position, length: fc.integer({ min: 1, max: 30 }), to: position }),
  fc.record({ kind: fc.constant('replace' as const), at: position, text: fc.oneof(specialChar, controlChar, loneSurrogate) }),
);

/** Applies a mutation; positions wrap around the text so every generated value is usable. */
function mutate(text: string, m: Mutation): string {
  const n = text.length;
  if (n === 0) return m.kind === 'insert' ? m.text : text;
  const at = m.at % n;
  switch (m.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'duplicate': {
      const to = m.to % (n + 1);
      return text.slice(0, to) + text.slice(at, at + m.length) + text.slice(to);
    }
    case 'swap': {
      // Two non-overlapping slices trade places.
      const [a, b] = [at, m.to % n].sort((x, y) => x - y);
      const lenA = Math.min(m.length, b - a);
      const lenB = Math.min(m.length, n - b);
      if (lenA === 0 || lenB === 0) return text;
      return text.slice(0, a) + text.slice(b, b + lenB) + text.slice(a + lenA, b) + text.slice(a, a + lenA) + text.slice(b + lenB);
    }
    case 'replace':
      return text.slice(0, at) + m.text + text.slice(at + 1);
  }
}

test('the mutation corpus is the clean parser fixtures', () => {
  assert.ok(CORPUS.length >= 10, `expected the clean parser fixtures as a corpus, found ${CORPUS.length}`);
  for (const text of CORPUS) assert.deepEqual(parse(text).diagnostics, []);
});

test('mutations: a swap keeps the text a permutation of slices', () => {
  // The swap must not lose or invent characters, or the mutation test would explore less than it claims.
  const swapped = mutate('abcdefghij', { kind: 'swap', at: 1, length: 2, to: 6 });
  assert.equal(swapped, 'aghdefbcij');
  assert.equal([...swapped].sort().join(''), 'abcdefghij');
});

const mutatedSpec = fc
  .tuple(fc.nat({ max: Math.max(0, CORPUS.length - 1) }), fc.array(mutation, { minLength: 1, maxLength: 6, size: 'max' }))
  .map(([i, ms]) => ms.reduce(mutate, CORPUS[i] ?? ''));

run('mutated specs: parse and check never throw, ranges stay in bounds, the tree is lossless', mutatedSpec);

// ---- (c) grammar-shaped token soups ---------------------------------------------------------------------------------

const KEYWORDS = [
  'message', 'agent', 'run', 'consent', 'scars', 'trust_slice', 'conscience', 'selfmod', 'on', 'event', 'replays', 'let', 'ask', 'view',
  'as', 'else', 'reply', 'reflect', 'act', 'chapel', 'choose', 'option', 'scar', 'resolve', 'forgiveness', 'expect', 'error', 'steward',
  'budget', 'initial', 'from', 'trigger', 'window', 'weight', 'identity', 'weights', 'config', 'proposal', 'risk', 'shadow', 'effect',
];
const NAMES = ['A', 'B', 'Sorter', 'human', 'Compare', 'x', 'list', '_unused', 'veto_fuse', 'E_ext_max_const', 'LISTEN', 'CONSENT_GIVEN', 'explicit_consent', 'restorative_process_completed'];
const MESSAGES = ['"x"', '"sort [list]"', '"(a [x]) and ([y] (z))"', '"which is smaller, [a] or [b]?"', '""', '"[x"', '"unterminated', '"a ) b ]"', '"\\" \\[ \\("', '"[x y]"'];
const ANNOTATIONS = ['@E_ext_cost(0.5)', '@hazard(high)', '@hazard(existential)', '@breach("deception", weight: 2, risk: 0.5, level1: 0.3)', '@self_rewrite(max_steps: 3, max_model_delta: 0.1)', '@hazzard', '@', '@breach()'];
const PUNCT = ['{', '}', '(', ')', '[', ']', ',', ':', '=', '->', '..', '-', '@'];
const NUMBERS = ['0', '1', '42', '0.5', '.15', '-3', '1e3', '12abc', '1.2.3', '100'];
const SEPARATORS = [' ', ' ', ' ', '\n', '\n  ', '\r\n', ' // c\n', ' /* c */ '];

const tokenSoup = fc
  .array(
    fc.tuple(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...KEYWORDS) },
        { weight: 3, arbitrary: fc.constantFrom(...NAMES) },
        { weight: 3, arbitrary: fc.constantFrom(...MESSAGES) },
        { weight: 3, arbitrary: fc.constantFrom(...PUNCT) },
        { weight: 2, arbitrary: fc.constantFrom(...NUMBERS) },
        { weight: 1, arbitrary: fc.constantFrom(...ANNOTATIONS) },
      ),
      fc.constantFrom(...SEPARATORS),
    ),
    { maxLength: 120, size: 'max' },
  )
  .map((pairs) => pairs.map(([t, s]) => t + s).join(''));

/** Soups shaped like a declaration: an item keyword, a name or message, then a braced body of soup. */
const itemSoup = fc
  .array(
    fc.tuple(fc.constantFrom('agent A {\n', 'run "r" {\n', 'consent c {\n', 'selfmod s {\n', 'scars {\n', 'agent B {\n on "x [y]" {\n'), tokenSoup, fc.constantFrom('}\n', '}}\n', '\n', '')),
    { maxLength: 5, size: 'max' },
  )
  .map((items) => items.map(([open, body, close]) => open + body + close).join(''));

run('token soups: parse and check never throw, ranges stay in bounds, the tree is lossless', tokenSoup);
run('declaration-shaped soups: parse and check never throw, ranges stay in bounds, the tree is lossless', itemSoup);
