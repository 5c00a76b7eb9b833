// Expected diagnostics written inside a fixture as comment lines under the code they point at, and the inverse:
// the annotation line that would expect a given diagnostic. The convention is documented in test/fixtures/checker/README.md.

import type { Diagnostic, Severity } from '../../core/diagnostics';

/** One expected diagnostic read from an annotation line. */
export interface Expectation {
  readonly severity: Severity;
  readonly code: string;
  /** When given, the actual message must contain it. */
  readonly message?: string;
  /** The expected range as offsets into the fixture text. */
  readonly start: number;
  readonly end: number;
  /** 0-based index of the annotation line itself, for error messages. */
  readonly annotationLine: number;
  /** The annotation line as written. */
  readonly source: string;
}

/** A malformed annotation line: a fixture bug, reported with the 1-based line number. */
export class AnnotationError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'AnnotationError';
  }
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];
/** `//` then spaces then `^`: the caret form. Any comment shaped like this is an annotation, so typos fail loudly. */
const CARET_LINE = /^([ \t]*\/\/[ \t]*)(\^+)(0?)(.*)$/;
/** `//~ RANGE …`: the column form, for ranges carets cannot draw. */
const COLUMN_LINE = /^[ \t]*\/\/~(.*)$/;
const TAIL = /^\s+(\S+)\s+(AMP-[A-Z]\d{3})(?::\s*(.*?))?\s*$/;

/** True when a line is an annotation line (caret or column form); such lines are never targets of annotations. */
export function isAnnotationLine(line: string): boolean {
  return CARET_LINE.test(line) || COLUMN_LINE.test(line);
}

/** The text split into lines, with the offset where each starts (line breaks: \n, \r\n or \r). */
export function splitLines(text: string): { readonly text: string; readonly start: number }[] {
  const out: { text: string; start: number }[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ text: text.slice(start, m.index), start });
    start = m.index + m[0].length;
  }
  out.push({ text: text.slice(start), start });
  return out;
}

/**
 * Reads every annotation line of a fixture. Throws AnnotationError for an annotation line that does not follow the
 * convention, so a typo in a fixture can never silently expect nothing.
 */
export function parseExpectations(text: string): Expectation[] {
  const lines = splitLines(text);
  const out: Expectation[] = [];
  let target = -1; // the nearest line above that is not an annotation
  lines.forEach((line, i) => {
    const caret = CARET_LINE.exec(line.text);
    const column = caret ? undefined : COLUMN_LINE.exec(line.text);
    if (!caret && !column) {
      target = i;
      return;
    }
    const fail = (message: string): never => {
      throw new AnnotationError(i + 1, `${message}\n  ${line.text}`);
    };
    const tailText = caret ? caret[4] : column![1].replace(/^\s*\S+/, '');
    const tail = TAIL.exec(tailText);
    if (!tail) fail("expected '<severity> AMP-XNNN' or '<severity> AMP-XNNN: message' after the range");
    const [, severity, code, message] = tail!;
    if (!(SEVERITIES as readonly string[]).includes(severity)) fail(`unknown severity '${severity}' (use ${SEVERITIES.join(', ')})`);
    let range: { start: number; end: number };
    if (caret) {
      if (target < 0) fail('an annotation needs a line above it to point at');
      const [, prefix, carets, zero] = caret;
      if (zero && carets.length !== 1) fail("a zero-width position is written '^0' with one caret");
      const from = columnToOffset(lines[target], prefix.length, fail);
      const to = zero ? from : columnToOffset(lines[target], prefix.length + carets.length, fail);
      range = { start: from, end: to };
    } else {
      const spec = /^\s*(\S+)/.exec(column![1])?.[1] ?? '';
      range = parseColumnRange(spec, lines, target, fail);
    }
    out.push({ severity: severity as Severity, code, message: message || undefined, ...range, annotationLine: i, source: line.text });
  });
  return out;
}

/**
 * `C..C` (editor columns on the target line), `C` (a zero-width position), or `L:C..L:C` / `L:C` (editor lines and
 * columns anywhere in the file). Editor coordinates are 1-based, as the status bar and the CLI show them; the end is
 * the cursor position just after the last character, so `3..7` covers four characters.
 */
function parseColumnRange(
  spec: string,
  lines: readonly { text: string; start: number }[],
  target: number,
  fail: (m: string) => never,
): { start: number; end: number } {
  const m = /^(?:(\d+):)?(\d+)(?:\.\.(?:(\d+):)?(\d+))?$/.exec(spec);
  if (!m) return fail(`unreadable range '${spec}' (write C..C, C, L:C..L:C or L:C with 1-based numbers)`);
  const [, l1, c1, l2, c2] = m;
  const lineOf = (l: string | undefined): number => {
    if (l === undefined) {
      if (target < 0) fail('a range without a line number needs a line above it to point at');
      return target;
    }
    const n = Number(l) - 1;
    if (n < 0 || n >= lines.length) fail(`line ${l} is outside the file`);
    return n;
  };
  const pos = (l: string | undefined, c: string): number => {
    const col = Number(c) - 1;
    if (col < 0) fail('columns start at 1');
    return columnToOffset(lines[lineOf(l)], col, fail);
  };
  const start = pos(l1, c1);
  // `3..7` stays on the start's line; `2:1..4:3` names both lines.
  const end = c2 === undefined ? start : pos(l2 ?? l1, c2);
  if (end < start) fail(`range '${spec}' ends before it starts`);
  return { start, end };
}

/**
 * A column counted in code points (so a caret sits under an emoji as it looks in an editor) to an offset in UTF-16
 * units. The column just past the end of the line is allowed: ranges may end there and zero-width positions sit there.
 */
function columnToOffset(line: { text: string; start: number }, column: number, fail: (m: string) => never): number {
  let units = 0;
  for (let cp = 0; cp < column; cp++) {
    if (units >= line.text.length) return fail(`the range reaches past the end of the line it points at (${JSON.stringify(line.text)})`);
    units += (line.text.codePointAt(units) ?? 0) > 0xffff ? 2 : 1;
  }
  return line.start + units;
}

/** The code-point column of an offset within its line. */
function offsetToColumn(line: { text: string; start: number }, offset: number): number {
  return [...line.text.slice(0, offset - line.start)].length;
}

function lineIndexOf(lines: readonly { text: string; start: number }[], offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The annotation line that expects `d`, and the 0-based line it must be written under. Single-line ranges that start
 * at column 2 or later use carets; others use the column form, with lines when the range spans several, placed under
 * the last line so the lines it names are all above it.
 */
export function annotationFor(text: string, d: Pick<Diagnostic, 'start' | 'end' | 'severity' | 'code' | 'message'>): { line: number; annotation: string } {
  const lines = splitLines(text);
  const a = lineIndexOf(lines, d.start);
  const b = lineIndexOf(lines, d.end);
  const tail = ` ${d.severity} ${d.code}: ${d.message.split(/\r?\n/)[0]}`;
  const ca = offsetToColumn(lines[a], d.start);
  const cb = offsetToColumn(lines[b], d.end);
  if (a === b && ca >= 2) {
    const marker = d.start === d.end ? '^0' : '^'.repeat(Math.max(1, cb - ca));
    return { line: a, annotation: `//${' '.repeat(ca - 2)}${marker}${tail}` };
  }
  if (a === b) return { line: a, annotation: `//~ ${d.start === d.end ? ca + 1 : `${ca + 1}..${cb + 1}`}${tail}` };
  return { line: b, annotation: `//~ ${a + 1}:${ca + 1}..${b + 1}:${cb + 1}${tail}` };
}

/** A position as editors show it (1-based line:column), for readable failure messages. */
export function editorPosition(text: string, offset: number): string {
  const lines = splitLines(text);
  const i = lineIndexOf(lines, offset);
  return `${i + 1}:${offsetToColumn(lines[i], offset) + 1}`;
}
