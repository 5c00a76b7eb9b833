// Formatter tests: golden outputs for test/fixtures/format/*.amp (UPDATE_EXPECT=1 rewrites the *.formatted.amp files),
// the rules one by one, and properties on fixtures, samples and random or mutated inputs (fixed seed).

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import type { TextEdit } from '../../core/diagnostics';
import { applyEdits, format, formatRange, type FormatOptions } from '../../core/format/formatter';
import { parse } from '../../core/syntax/parser';
import { isNode, tokensOf, walk, type Node } from '../../core/syntax/tree';
import { filesUnder } from '../harness/index';

const DIR = 'test/fixtures/format';
const UPDATE = process.env.UPDATE_EXPECT === '1';
/** Override with PROPERTY_SEED=n to explore; the default keeps CI deterministic. */
const SEED = Number(process.env.PROPERTY_SEED ?? 20250611);
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

const fixtures = filesUnder(DIR, '.amp').filter((p) => !p.endsWith('.formatted.amp'));
const samples = filesUnder('samples', '.amp');
const goldenOf = (path: string) => path.replace(/\.amp$/, '.formatted.amp');
const read = (path: string) => readFileSync(path, 'utf8');

// ---- what the formatter must preserve ------------------------------------------------------------------------------

/** The text without the characters the lexer counts as whitespace. */
function nonWhitespace(text: string): string {
  return text.replace(/[ \t\n\r\f\v\uFEFF]/g, '');
}

/** Comment texts in order; a line comment's trailing blanks are trailing whitespace, which the formatter trims. */
function comments(text: string): string[] {
  return tokensOf(parse(text).tree)
    .filter((t) => t.kind === 'Comment')
    .map((t) => text.slice(t.start, t.end))
    .map((c) => (c.startsWith('//') ? c.replace(/[ \t]+$/, '') : c));
}

/** Texts of nodes of a kind that must come out byte for byte (outermost only: a message inside an error is the error's). */
function spans(text: string, kinds: readonly string[]): string[] {
  const out: string[] = [];
  walk(parse(text).tree, (n: Node) => {
    if (!kinds.includes(n.kind)) return true;
    out.push(text.slice(n.start, n.end));
    return false;
  });
  return out;
}

function headerOf(text: string): string | undefined {
  const h = parse(text).tree.children.find((c) => isNode(c) && c.kind === 'Header');
  return h ? text.slice(h.start, h.end) : undefined;
}

function assertEditsWellFormed(text: string, edits: readonly TextEdit[]): void {
  let at = 0;
  for (const e of edits) {
    assert.ok(e.start >= at && e.start <= e.end && e.end <= text.length, `edit ${e.start}..${e.end} out of order or out of range`);
    assert.match(text.slice(e.start, e.end), /^[ \t\n\r\f\v\uFEFF]*$/, 'an edit may only replace whitespace');
    assert.match(e.newText, /^[ \t\n\r]*$/, 'an edit may only insert whitespace');
    at = e.end;
  }
}

/** Every promise of `format`, for one input. */
function assertFormatInvariants(input: string, options?: FormatOptions): string {
  const { text, edits } = format(input, options);
  assert.equal(nonWhitespace(text), nonWhitespace(input), 'non-whitespace characters must be kept, in order');
  assertEditsWellFormed(input, edits);
  assert.equal(applyEdits(input, edits), text, 'the edits must turn the input into the output');
  assert.equal(format(text, options).text, text, 'formatting must be idempotent');
  assert.deepEqual(comments(text), comments(input), 'comments must be kept');
  assert.deepEqual(spans(text, ['Header', 'Error', 'Message']), spans(input, ['Header', 'Error', 'Message']), 'header, error regions and messages are untouched');
  return text;
}

// ---- goldens ---------------------------------------------------------------------------------------------------------

test('the format fixtures are there', () => {
  // An empty or moved folder would otherwise make this whole file pass vacuously.
  for (const name of ['messy', 'broken', 'comments', 'layout', 'crlf']) assert.ok(fixtures.includes(`${DIR}/${name}.amp`), `missing ${DIR}/${name}.amp`);
});

for (const path of fixtures) {
  test(`golden format: ${path}`, () => {
    const input = read(path);
    const broken = /(^|[\\/])broken[^\\/]*$/.test(path);
    // A blessed golden stays honest: the valid fixtures must parse cleanly, the broken one must not.
    if (broken) assert.ok(parse(input).diagnostics.length > 0, `${path} should have syntax errors`);
    else assert.deepEqual(parse(input).diagnostics, [], `${path} should parse cleanly`);
    const output = assertFormatInvariants(input);
    assert.notEqual(output, input, `${path} is meant to need formatting`);
    if (UPDATE) {
      writeFileSync(goldenOf(path), output);
      return;
    }
    assert.ok(existsSync(goldenOf(path)), `missing golden ${goldenOf(path)}; run with UPDATE_EXPECT=1 to create it`);
    assert.equal(output, read(goldenOf(path)), `formatting ${path} changed; if intended, rerun with UPDATE_EXPECT=1`);
    // A golden is formatted output, so formatting it changes nothing.
    assert.deepEqual(format(read(goldenOf(path))), { text: read(goldenOf(path)), edits: [] });
  });
}

test('every golden has its fixture', () => {
  const orphans = filesUnder(DIR, '.formatted.amp').filter((g) => !existsSync(g.replace(/\.formatted\.amp$/, '.amp')));
  assert.deepEqual(orphans, []);
});

test('samples: formatting keeps every promise and is idempotent', () => {
  assert.ok(samples.length > 0, 'expected .amp files under samples/');
  for (const path of samples) {
    try {
      assertFormatInvariants(read(path));
    } catch (e) {
      (e as Error).message = `${path}: ${(e as Error).message}`;
      throw e;
    }
  }
});

// ---- the rules -------------------------------------------------------------------------------------------------------

const fmt = (text: string, options?: FormatOptions) => format(text, options).text;

test('spaces: one around = and ->, after , and :, none inside argument parentheses', () => {
  assert.equal(fmt('message   m="x"'), 'message m = "x"\n');
  assert.equal(fmt('consent c {\nLISTEN->DISSENT   on explicit_dissent from steward\n}'), 'consent c {\n  LISTEN -> DISSENT on explicit_dissent from steward\n}\n');
  assert.equal(fmt('scars { trigger beta1_lap_excursion( min :0.1 ,max:0.6 ) }'), 'scars { trigger beta1_lap_excursion(min: 0.1, max: 0.6) }\n');
  assert.equal(fmt('run "r" {\n  @ breach ( "deception" , weight : 2 )\n  steward veto ( tripped )\n}'), 'run "r" {\n  @breach("deception", weight: 2)\n  steward veto(tripped)\n}\n');
  assert.equal(fmt('selfmod s { weights {V_id:.5,E_v:- 0.5} }'), 'selfmod s { weights { V_id: .5, E_v: -0.5 } }\n');
  assert.equal(fmt('agent A {   }'), 'agent A {}\n');
});

test('spaces: settings sharing a line are set apart by two spaces', () => {
  assert.equal(fmt('selfmod s { config { seed 42 cycles 120   epsilon 0.02 } }'), 'selfmod s { config { seed 42  cycles 120  epsilon 0.02 } }\n');
  assert.equal(fmt('trust_slice {   window   16 }'), 'trust_slice { window 16 }\n');
});

test('indentation follows brackets; continuation lines go one level deeper', () => {
  const input = 'agent A {\non "x" {\nlet r = ask B\n"q"\nreply "[r]"\n}\n}\n';
  assert.equal(fmt(input), 'agent A {\n  on "x" {\n    let r = ask B\n      "q"\n    reply "[r]"\n  }\n}\n');
  assert.equal(fmt('agent A {\n\ton "x" {}\n}', { indent: '\t' }), 'agent A {\n\ton "x" {}\n}\n');
  assert.equal(fmt('agent A {\non "x" {}\n}', { indent: '    ' }), 'agent A {\n    on "x" {}\n}\n');
});

test('annotations stay on their lines, level with what they annotate', () => {
  const input = 'agent A {\n on "x" {\n chapel {\n      @E_ext_cost(0.3) @hazard(high)\n act "publish"\n   @hazard(low) act "inline"\n }\n }\n}\n';
  assert.equal(
    fmt(input),
    'agent A {\n  on "x" {\n    chapel {\n      @E_ext_cost(0.3) @hazard(high)\n      act "publish"\n      @hazard(low) act "inline"\n    }\n  }\n}\n',
  );
});

test('line breaks are kept; blank runs collapse to one blank line; trailing whitespace goes', () => {
  assert.equal(fmt('message a = "a"   \n\n\n\nmessage b = "b"\nmessage c = "c"'), 'message a = "a"\n\nmessage b = "b"\nmessage c = "c"\n');
  assert.equal(fmt('\n\n  message a = "a"\n\n\n'), 'message a = "a"\n');
  assert.equal(fmt('agent A { on "x" { reply "y" } }'), 'agent A { on "x" { reply "y" } }\n');
});

test('message literals are content: nothing inside the quotes changes', () => {
  const m = '"  two  spaces [ x ]  ( sub  [y] )  \\"  "';
  assert.equal(fmt(`message   a =   ${m}`), `message a = ${m}\n`);
  // An unterminated message runs to the end of its line, trailing blanks included.
  assert.equal(fmt('message a = "open   \nmessage b = "b"'), 'message a = "open   \nmessage b = "b"\n');
});

test('comments keep their text; the header is left byte for byte', () => {
  const header = '// compiler_ethics_v0_1: {   \n//        "governance_stack": {"E_ext_max_const": 1.0}   // note  \n// }';
  const out = fmt(`${header}\n\n\n   // a   comment   \nmessage a = "a"   /* b  c */   // d  `);
  assert.equal(out, `${header}\n\n// a   comment\nmessage a = "a" /* b  c */ // d\n`);
  assert.equal(headerOf(out), header);
});

test('line endings: CRLF stays CRLF; a final newline is added unless turned off', () => {
  assert.equal(fmt('agent A {\r\non "x" {}   \r\n\r\n\r\n}'), 'agent A {\r\n  on "x" {}\r\n\r\n}\r\n');
  assert.equal(fmt('message a = "a"', { insertFinalNewline: false }), 'message a = "a"');
  assert.equal(fmt('message a = "a"\n\n\n', { insertFinalNewline: false }), 'message a = "a"\n');
  assert.equal(fmt(''), '');
  assert.equal(fmt('  \n\n'), '');
  assert.equal(fmt('\uFEFF  message a = "a"'), '\uFEFFmessage a = "a"\n');
  // An unterminated block comment runs to the end of the file: appending a newline would change it.
  assert.equal(fmt('message a = "a"\n/* open  '), 'message a = "a"\n/* open  ');
});

test('broken files: error regions keep their layout, the rest is formatted', () => {
  const input = 'message   a="a"\nthis   is  { not }   code\nagent A {\n    on "x" {\n  reply   "ok"  ;  \n    }\n}\n';
  // The line with the stray ';' keeps its indentation and the space before the ';'; the block the error is in keeps
  // its closing brace where it was.
  assert.equal(fmt(input), 'message a = "a"\nthis   is  { not }   code\nagent A {\n  on "x" {\n  reply "ok"  ;\n    }\n}\n');
});

test('edits are small: one per changed whitespace run, none when nothing changes', () => {
  const input = 'agent A {\non "x" {\n  reply   "y"\n  }\n}\n';
  const { edits } = format(input);
  assert.deepEqual(edits, [
    { start: 10, end: 10, newText: '  ' },
    { start: 21, end: 21, newText: '  ' },
    { start: 27, end: 29, newText: '' },
  ]);
  const formatted = fmt(input);
  assert.deepEqual(format(formatted).edits, []);
});

test('formatRange only edits inside the range', () => {
  const input = 'agent A {\non "x" {\nreply   "y"\n}\n}\nmessage   m = "m"';
  const lineStart = input.indexOf('reply');
  const lineEnd = input.indexOf('\n', lineStart);
  const r = formatRange(input, lineStart, lineEnd);
  assert.equal(r.text, input.replace('reply   "y"', '    reply "y"'));
  assert.deepEqual(formatRange(input, 0, input.length).text, fmt(input));
  assert.deepEqual(formatRange(input, 5, 5).edits, []);
});

// ---- properties ------------------------------------------------------------------------------------------------------

function property(name: string, arbitrary: fc.Arbitrary<string>, check: (text: string) => void, numRuns = RUNS): void {
  test(name, () => {
    try {
      fc.assert(fc.property(arbitrary, check), { seed: SEED, numRuns });
    } catch (e) {
      (e as Error).message = `${(e as Error).message}\nReplay with PROPERTY_SEED=${SEED} (numRuns ${numRuns}).`;
      throw e;
    }
  });
}

const WHITESPACE = [' ', '  ', '\t', '\n', '\n\n\n', '\r\n', '\r', '   \n  ', '\f', '\v', '\uFEFF', ''];
const SPECIAL = ['"', '[', ']', '(', ')', '{', '}', '@', '\\', ':', ',', '=', '-', '>', '.', '/', '*', '//', '/*', '*/', "'", '\u2019', '#', ';'];
const KEYWORDS = [
  'message', 'agent', 'run', 'consent', 'scars', 'trust_slice', 'conscience', 'selfmod', 'on', 'event', 'replays', 'let', 'ask', 'view',
  'as', 'else', 'reply', 'reflect', 'act', 'chapel', 'choose', 'option', 'scar', 'resolve', 'forgiveness', 'expect', 'error', 'steward',
  'budget', 'initial', 'from', 'trigger', 'window', 'weight', 'identity', 'weights', 'config', 'proposal', 'risk', 'shadow', 'effect',
];
const PIECES = [
  'A', 'x', 'LISTEN', 'CONSENT_GIVEN', '"x"', '"sort [list]"', '"(a [x]) and  ([y] (z))"', '"[x"', '"open  ', '"a ) b ]"', '"\\" \\["', '""',
  '0', '42', '.15', '-3', '1e3', '12abc', '1.2.3', '->', '..', '==', '<', '@hazard(high)', '@E_ext_cost(0.5)', '@breach("x", weight: 2)',
  '// c  ', '/* b */', '/* x\n y */', '// compiler_ethics_v0_1: {\n//  "a": 1\n// }\n', '😀', 'é',
];

const whitespace = fc.constantFrom(...WHITESPACE);

/** Grammar-shaped soups with messy whitespace: the inputs most likely to reach every layout rule. */
const soup = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...KEYWORDS), fc.constantFrom(...PIECES), fc.constantFrom(...SPECIAL)), whitespace), { maxLength: 80, size: 'max' })
  .map((pairs) => pairs.map(([t, w]) => t + w).join(''));

/** Arbitrary text, control characters and lone surrogates included. */
const arbitraryText = fc
  .array(fc.oneof(fc.constantFrom(...SPECIAL, ...WHITESPACE), fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ unit: 'grapheme-ascii', maxLength: 8 })), {
    maxLength: 60,
    size: 'max',
  })
  .map((parts) => parts.join(''));

/** Valid files to mutate: the fixtures, their goldens and the samples. */
const CORPUS = [...fixtures, ...samples].map(read).filter((t) => t.length > 0);

type Mutation = { at: number; remove: number; insert: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat({ max: 1_000_000 }),
  remove: fc.integer({ min: 0, max: 12 }),
  insert: fc.oneof(whitespace, fc.constantFrom(...SPECIAL, ...KEYWORDS, ...PIECES)),
});
/** Deletions and insertions at arbitrary places, so specs break in the middle of statements, messages and headers. */
const mutated = fc
  .tuple(fc.nat({ max: Math.max(0, CORPUS.length - 1) }), fc.array(mutation, { minLength: 1, maxLength: 5 }))
  .map(([i, ms]) =>
    ms.reduce((text, m) => {
      const at = text.length ? m.at % (text.length + 1) : 0;
      return text.slice(0, at) + m.insert + text.slice(at + m.remove);
    }, CORPUS[i] ?? ''),
  );
/** Valid files with every run of blanks replaced by another (never by nothing, which would glue words together). */
const blanks = fc.constantFrom(' ', '  ', '\t', '    ', ' \t ');
const rewhitespaced = fc.tuple(fc.nat({ max: Math.max(0, CORPUS.length - 1) }), fc.infiniteStream(blanks)).map(([i, stream]) => {
  const it = stream[Symbol.iterator]();
  return (CORPUS[i] ?? '').replace(/[ \t]+/g, () => it.next().value as string);
});

property('random text: every promise of format holds', arbitraryText, (t) => void assertFormatInvariants(t));
property('grammar-shaped soups: every promise of format holds', soup, (t) => void assertFormatInvariants(t));
property('mutated specs: every promise of format holds', mutated, (t) => void assertFormatInvariants(t));
property('valid specs with reshuffled spaces: every promise of format holds, and they still parse cleanly', rewhitespaced, (t) => {
  const out = assertFormatInvariants(t, { indent: '\t' });
  assert.equal(parse(out).diagnostics.length, parse(t).diagnostics.length);
});

test('formatRange on random ranges: nothing outside changes, and the edits are the whole format’s edits inside the range', () => {
  fc.assert(
    fc.property(fc.oneof(soup, mutated), fc.nat(), fc.nat(), (text, a, b) => {
      const start = text.length ? a % (text.length + 1) : 0;
      const end = text.length ? b % (text.length + 1) : 0;
      const [lo, hi] = start <= end ? [start, end] : [end, start];
      const r = formatRange(text, start, end);
      assert.equal(applyEdits(text, r.edits), r.text);
      for (const e of r.edits) assert.ok(e.start >= lo && e.end <= hi, `edit ${e.start}..${e.end} outside ${lo}..${hi}`);
      const tail = text.length - hi;
      assert.equal(r.text.slice(0, lo), text.slice(0, lo), 'text before the range changed');
      assert.equal(r.text.slice(r.text.length - tail), text.slice(hi), 'text after the range changed');
      assert.equal(nonWhitespace(r.text), nonWhitespace(text));
    }),
    { seed: SEED, numRuns: RUNS },
  );
});
