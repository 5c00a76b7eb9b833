// Folding ranges (core/ide/folding.ts): goldens for the IDE fixtures (UPDATE_EXPECT=1 rewrites them), focused cases,
// and the promise that no range ever ends on or before its start line, on every sample and on random input.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { foldingRanges, type FoldingRangeInfo } from '../../core/ide/folding';
import type { AnalyzedDocument } from '../../core/ide/document';
import { corpus, crlf, doc, golden, goldenFixtures, goldenPath } from '../fixtures/ide/support';

/** Each range as `start..end kind  | first line of the fold` (1-based lines). */
function render(d: AnalyzedDocument, ranges: readonly FoldingRangeInfo[]): string[] {
  const lines = d.text.split(/\r\n|\r|\n/);
  return ranges.map((r) => `${r.startLine + 1}..${r.endLine + 1}${r.kind ? ` ${r.kind}` : ''}  | ${lines[r.startLine].trim()}`);
}

function folds(text: string): string[] {
  const d = doc(text);
  return render(d, foldingRanges(d));
}

function assertValid(d: AnalyzedDocument, ranges: readonly FoldingRangeInfo[], what: string): void {
  let prev = -1;
  for (const r of ranges) {
    assert.ok(Number.isInteger(r.startLine) && Number.isInteger(r.endLine), `${what}: lines must be integers`);
    assert.ok(r.endLine > r.startLine, `${what}: range ${r.startLine}..${r.endLine} does not end after its start`);
    assert.ok(r.startLine >= 0 && r.endLine < d.lines.lineCount, `${what}: range ${r.startLine}..${r.endLine} outside ${d.lines.lineCount} lines`);
    assert.ok(r.startLine > prev, `${what}: ranges must be sorted with one per start line`);
    prev = r.startLine;
  }
}

for (const path of goldenFixtures()) {
  test(`golden folding: ${path}`, () => {
    const d = doc(readFileSync(path, 'utf8'), path);
    const ranges = foldingRanges(d);
    assertValid(d, ranges, path);
    golden(goldenPath(path, 'folding'), render(d, ranges).join('\n') + '\n');
  });
}

test('blocks fold from the opening brace to the line before a closing brace that starts its line', () => {
  assert.deepEqual(folds('agent A {\n  on "x" {\n    reply "y"\n  }\n}\n'), ['1..4  | agent A {', '2..3  | on "x" {']);
  // A closing brace after code stays inside the fold.
  assert.deepEqual(folds('agent A {\n  on "x" {\n    reply "y" }\n}\n'), ['1..3  | agent A {', '2..3  | on "x" {']);
  // One-line blocks do not fold.
  assert.deepEqual(folds('agent A { on "x" { reply "y" } }\n'), []);
});

test('one range per start line: the widest', () => {
  assert.deepEqual(folds('agent A {\n  on "[x]" {\n    view x as "a" else {\n      reply "no"\n    }\n    reply "yes"\n  }\n}\n'), [
    '1..7  | agent A {',
    '2..6  | on "[x]" {',
    '3..4  | view x as "a" else {',
  ]);
});

test('multi-line argument lists, records and property blocks fold', () => {
  assert.deepEqual(folds('selfmod s {\n  weights {\n    V_id: 0.5,\n    E_v: 0.5\n  }\n  config { seed 1 }\n}\n'), ['1..6  | selfmod s {', '2..4  | weights {']);
  assert.deepEqual(folds('agent A {\n  @self_rewrite(\n    max_steps: 3\n  )\n  on "x" { reply "y" }\n}\n'), ['1..5  | agent A {', '2..3  | @self_rewrite(']);
});

test('the header folds as a comment, and its multi-line JSON objects fold inside it', () => {
  const header = [
    '// compiler_ethics_v0_1: {',
    '//   "compiler_ethics_v": "0.1",',
    '//   "answerable_to": {',
    '//     "primary": ["steward_council"]',
    '//   },',
    '//   "governance_stack": { "constitution_id": "T", "existential_audit": false, "E_ext_max_const": 1, "min_pause_ms_const": 0 },',
    '//   "invariants_wired": []',
    '// }',
    '',
    'message m = "x"',
  ].join('\n');
  assert.deepEqual(folds(header), ['1..8 comment  | // compiler_ethics_v0_1: {', '3..4  | //   "answerable_to": {']);
});

test('runs of two or more whole-line // comments fold; block comments over lines fold; trailing comments do not', () => {
  assert.deepEqual(folds('// one\n// two\n// three\nmessage m = "x" // trailing\n// four\nmessage n = "y"\n/* a\n   b */\n'), [
    '1..3 comment  | // one',
    '7..8 comment  | /* a',
  ]);
  assert.deepEqual(folds('// one\nmessage m = "x"\n// two\n'), []);
  assert.deepEqual(folds('message m = "x" // a\n// b\n// c\n'), ['2..3 comment  | // b']);
});

test('CRLF text folds on the same lines as LF text', () => {
  const lf = '// a\n// b\nagent A {\n  on "x" {\n    reply "y"\n  }\n}\n';
  assert.deepEqual(folds(crlf(lf)), folds(lf));
  assert.deepEqual(folds(lf.replace(/\n/g, '\r')), folds(lf));
});

test('an unclosed block folds to the end of what it holds; an empty file has no ranges', () => {
  assert.deepEqual(folds('agent A {\n  on "x" {\n    reply "y"\n'), ['1..3  | agent A {', '2..3  | on "x" {']);
  assert.deepEqual(folds(''), []);
  assert.deepEqual(folds('\n\n'), []);
});

test('samples and fixtures: every range ends after its start and lies within the file', () => {
  for (const { path, text } of corpus()) assertValid(doc(text, path), foldingRanges(doc(text, path)), path);
});

test('random input: ranges stay valid', () => {
  const pieces = ['agent A ', '{', '}', '(', ')', '\n', '\r\n', '// c', '/* x', '*/', 'on "x" ', '"', 'weights ', 'x: 1,', '😀', '@self_rewrite'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 80 }), (parts) => {
      const d = doc(parts.join(''));
      assertValid(d, foldingRanges(d), JSON.stringify(parts.join('')));
    }),
    { seed: 20250611, numRuns: 300 },
  );
});
