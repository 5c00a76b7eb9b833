// Runs every annotated checker fixture under test/fixtures/checker/ (see its README for the convention), and tests the
// harness itself: reading annotations, matching them against diagnostics, and the `$0` cursor marker.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from '../../core/diagnostics';
import {
  AnnotationError, annotationFor, blankAnnotations, checkFixture, compareDiagnostics, extractCursor, filesUnder, parseExpectations,
} from '../harness/index';

const DIR = 'test/fixtures/checker';
const fixtures = filesUnder(DIR, '.amp');

describe('checker fixtures', () => {
  test('the fixture folder holds fixtures', () => {
    assert.ok(fixtures.length > 0, `no .amp fixtures under ${DIR}`);
  });
  for (const path of fixtures) test(path, () => void checkFixture(path));
});

/** A diagnostic for harness tests; only the fields the comparison reads matter. */
function diag(code: string, start: number, end: number, message = 'a message', severity: Diagnostic['severity'] = 'error'): Diagnostic {
  return { code, severity, message, start, end };
}

describe('parseExpectations', () => {
  test('carets give the range on the line above', () => {
    const text = 'message m = "[x]"\n//            ^ error AMP-N001: Undefined pointer\n';
    const [e] = parseExpectations(text);
    assert.equal(text.slice(e.start, e.end), 'x');
    assert.deepEqual({ severity: e.severity, code: e.code, message: e.message, line: e.annotationLine }, { severity: 'error', code: 'AMP-N001', message: 'Undefined pointer', line: 1 });
  });

  test('stacked annotations all point at the last non-annotation line', () => {
    const text = 'abc def\n//^ warning AMP-N003\n//  ^^^ hint AMP-N002: x\n';
    const [a, b] = parseExpectations(text);
    assert.deepEqual([text.slice(a.start, a.end), text.slice(b.start, b.end)], ['c', 'def']);
    assert.equal(a.message, undefined);
    assert.equal(b.severity, 'hint');
  });

  test('^0 is a zero-width position, also just past the end of the line', () => {
    const text = 'message dangling =\n//                ^0 error AMP-P001\n';
    const [e] = parseExpectations(text);
    assert.equal(e.start, 'message dangling ='.length);
    assert.equal(e.end, e.start);
  });

  test('the column form reaches columns 1 and 2, zero-width positions and other lines', () => {
    const text = 'ab cd\nef\n//~ 1..3 error AMP-P001\n//~ 2 error AMP-P002\n//~ 1:4..2:2 error AMP-P003: spans lines\n';
    const [a, b, c] = parseExpectations(text);
    assert.equal(text.slice(a.start, a.end), 'ef');
    assert.deepEqual([b.start, b.end], [7, 7]);
    assert.equal(text.slice(c.start, c.end), 'cd\ne');
  });

  test('columns count code points, so a caret under an emoji covers both UTF-16 units', () => {
    const text = 'ab😀cd😀e\n//^^ error AMP-N001\n//    ^ error AMP-N002\n';
    const [a, b] = parseExpectations(text);
    assert.equal(text.slice(a.start, a.end), '😀c');
    assert.equal(text.slice(b.start, b.end), 'e');
  });

  test('CRLF line endings keep offsets right', () => {
    const text = 'message m = "[x]"\r\n//            ^ error AMP-N001\r\n';
    const [e] = parseExpectations(text);
    assert.equal(text.slice(e.start, e.end), 'x');
  });

  test('malformed annotations fail loudly with their line number', () => {
    const bad: [string, RegExp][] = [
      ['x\n//^ AMP-N001\n', /line 2: expected '<severity> AMP-XNNN'/],
      ['x\n//^ fatal AMP-N001\n', /line 2: unknown severity 'fatal'/],
      ['//^ error AMP-N001\n', /line 1: an annotation needs a line above/],
      ['x\n//    ^ error AMP-N001\n', /line 2: the range reaches past the end of the line/],
      ['xyz\n//^^0 error AMP-N001\n', /line 2: a zero-width position is written '\^0'/],
      ['xyz\n//~ 3..1 error AMP-N001\n', /line 2: range '3\.\.1' ends before it starts/],
      ['x\n//~ 9:1 error AMP-N001\n', /line 9 is outside the file/],
      ['x\n//~ a..b error AMP-N001\n', /unreadable range 'a\.\.b'/],
    ];
    for (const [text, message] of bad) assert.throws(() => parseExpectations(text), (e: unknown) => e instanceof AnnotationError && message.test(e.message), text);
  });

  test('plain comments are not annotations', () => {
    assert.deepEqual(parseExpectations('// a comment\n// with ^ inside\n/* ^^ */\n'), []);
  });
});

describe('compareDiagnostics', () => {
  const text = 'abcdef\n//^^ error AMP-N001: first\n//^^ error AMP-N001: second\n';

  test('accepts exactly the annotated diagnostics, in any order', () => {
    const r = compareDiagnostics(text, [diag('AMP-N001', 2, 4, 'the second one'), diag('AMP-N001', 2, 4, 'the first one')]);
    assert.equal(r.ok, true, r.diff);
    assert.equal(r.diff, '');
  });

  test('matches by message when ranges and codes tie, whichever order the diagnostics come in', () => {
    // A greedy pairing would give 'first second' to the first annotation and leave 'second' unmatched.
    const t = 'abcdef\n//^^ error AMP-N001: first\n//^^ error AMP-N001: second\n';
    const r = compareDiagnostics(t, [diag('AMP-N001', 2, 4, 'first second'), diag('AMP-N001', 2, 4, 'first')]);
    assert.equal(r.ok, true, r.diff);
  });

  test('reports missing and unexpected diagnostics with the annotation to add', () => {
    const r = compareDiagnostics(text, [diag('AMP-N001', 2, 4, 'first'), diag('AMP-N003', 3, 5, 'Message unused', 'warning')], 'x.amp');
    assert.equal(r.ok, false);
    assert.deepEqual(r.missing.map((e) => e.message), ['second']);
    assert.deepEqual(r.unexpected.map((d) => d.code), ['AMP-N003']);
    assert.match(r.diff, /Expected but not reported:\n {2}line 3: 1:3\.\.1:5 error AMP-N001 containing "second"/);
    assert.match(r.diff, /1:4\.\.1:6 warning AMP-N003: Message unused\n {6}under line 1: \/\/ \^\^ warning AMP-N003: Message unused/);
  });

  test('a different severity, range or message is a mismatch', () => {
    for (const d of [diag('AMP-N001', 2, 4, 'first', 'warning'), diag('AMP-N001', 2, 5, 'first'), diag('AMP-N001', 2, 4, 'other')]) {
      assert.equal(compareDiagnostics('abcdef\n//^^ error AMP-N001: first\n', [d]).ok, false, JSON.stringify(d));
    }
  });

  test('the suggested annotation reads back as the same diagnostic', () => {
    const source = 'ab\ncdefgh\nij\n';
    for (const d of [diag('AMP-P001', 5, 8), diag('AMP-P001', 3, 5), diag('AMP-P001', 6, 6), diag('AMP-P001', 3, 3), diag('AMP-P001', 1, 11)]) {
      const { line, annotation } = annotationFor(source, d);
      const lines = source.split('\n');
      lines.splice(line + 1, 0, annotation);
      const annotated = lines.join('\n');
      const [e] = parseExpectations(annotated);
      // Offsets before the inserted line are unchanged, and every range here starts before it.
      assert.deepEqual([e.start, e.end, e.code], [d.start, d.end, d.code], annotation);
    }
  });
});

describe('annotation lines are inert', () => {
  test('blanking keeps every offset and removes only annotation lines', () => {
    const text = 'message m = "x"\r\n//      ^ warning AMP-N003\n// kept\n//~ 1 error AMP-P001\n';
    const blanked = blankAnnotations(text);
    assert.equal(blanked.length, text.length);
    assert.equal(blanked, 'message m = "x"\r\n                          \n// kept\n                    \n');
  });
});

describe('extractCursor', () => {
  test('removes the marker and returns its offset', () => {
    assert.deepEqual(extractCursor('ask A$0 "x"'), { text: 'ask A "x"', offset: 5 });
    assert.deepEqual(extractCursor('$0'), { text: '', offset: 0 });
  });

  test('needs exactly one marker', () => {
    assert.throws(() => extractCursor('no marker'), /No cursor marker/);
    assert.throws(() => extractCursor('$0 and $0'), /More than one cursor marker/);
  });
});
