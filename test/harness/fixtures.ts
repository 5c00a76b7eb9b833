// Checker fixtures: run checkDocument on an annotated .amp file and compare every reported diagnostic with the
// annotations written under the lines, failing with a readable list of what is missing and what is unexpected.

import { AssertionError } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { checkDocument, type CheckInput } from '../../core/check/index';
import type { Diagnostic } from '../../core/diagnostics';
import { annotationFor, editorPosition, isAnnotationLine, parseExpectations, splitLines, type Expectation } from './expectations';

/** The outcome of comparing a fixture's annotations with what the checker reported. */
export interface FixtureComparison {
  readonly ok: boolean;
  readonly expected: readonly Expectation[];
  readonly actual: readonly Diagnostic[];
  /** Expectations no diagnostic satisfied. */
  readonly missing: readonly Expectation[];
  /** Diagnostics no expectation accounts for. */
  readonly unexpected: readonly Diagnostic[];
  /** Empty when ok; otherwise the readable report a failing test shows. */
  readonly diff: string;
}

function satisfies(e: Expectation, d: Diagnostic): boolean {
  return e.start === d.start && e.end === d.end && e.code === d.code && e.severity === d.severity && (e.message === undefined || d.message.includes(e.message));
}

/**
 * Pairs expectations with diagnostics as a maximum bipartite matching, so two diagnostics with the same range and
 * code are told apart by their message substrings whatever order they come in.
 */
function match(expected: readonly Expectation[], actual: readonly Diagnostic[]): { expectationOf: (number | undefined)[] } {
  const candidates = expected.map((e) => actual.flatMap((d, j) => (satisfies(e, d) ? [j] : [])));
  const ownerOf: (number | undefined)[] = new Array(actual.length).fill(undefined);
  const tryAssign = (i: number, seen: Set<number>): boolean => {
    for (const j of candidates[i]) {
      if (seen.has(j)) continue;
      seen.add(j);
      const owner = ownerOf[j];
      if (owner === undefined || tryAssign(owner, seen)) {
        ownerOf[j] = i;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < expected.length; i++) tryAssign(i, new Set());
  return { expectationOf: ownerOf };
}

/** Compares the diagnostics reported for `text` with the annotations in it. Pure; `label` names the file in the report. */
export function compareDiagnostics(text: string, actual: readonly Diagnostic[], label = 'fixture'): FixtureComparison {
  const expected = parseExpectations(text);
  const { expectationOf } = match(expected, actual);
  const matched = new Set(expectationOf.filter((i): i is number => i !== undefined));
  const missing = expected.filter((_, i) => !matched.has(i));
  const unexpected = actual.filter((_, j) => expectationOf[j] === undefined);
  const ok = missing.length === 0 && unexpected.length === 0;
  return { ok, expected, actual, missing, unexpected, diff: ok ? '' : renderDiff(text, label, missing, unexpected) };
}

function describe(text: string, d: { start: number; end: number; severity: string; code: string }): string {
  return `${editorPosition(text, d.start)}..${editorPosition(text, d.end)} ${d.severity} ${d.code}`;
}

function renderDiff(text: string, label: string, missing: readonly Expectation[], unexpected: readonly Diagnostic[]): string {
  const out = [`Diagnostics of ${label} differ from its annotations.`];
  if (missing.length) {
    out.push('', 'Expected but not reported:');
    for (const e of missing) out.push(`  line ${e.annotationLine + 1}: ${describe(text, e)}${e.message ? ` containing ${JSON.stringify(e.message)}` : ''}`, `      ${e.source.trim()}`);
  }
  if (unexpected.length) {
    out.push('', 'Reported but not expected (add the annotation under the line shown, or fix the code):');
    for (const d of unexpected) {
      const { line, annotation } = annotationFor(text, d);
      out.push(`  ${describe(text, d)}: ${d.message}`, `      under line ${line + 1}: ${annotation}`);
    }
  }
  const near = missing.length && unexpected.length ? nearMisses(text, missing, unexpected) : [];
  if (near.length) out.push('', 'Near misses (same code, different range or message):', ...near.map((s) => `  ${s}`));
  return out.join('\n');
}

function nearMisses(text: string, missing: readonly Expectation[], unexpected: readonly Diagnostic[]): string[] {
  const out: string[] = [];
  const span = (r: { start: number; end: number }) => `${editorPosition(text, r.start)}..${editorPosition(text, r.end)}`;
  for (const e of missing)
    for (const d of unexpected)
      if (d.code === e.code) out.push(`annotation on line ${e.annotationLine + 1} expects ${span(e)} ${e.severity}, reported ${span(d)} ${d.severity}: ${JSON.stringify(d.message)}`);
  return out;
}

/**
 * The text with every annotation line blanked to spaces of the same length: offsets stay the same, and the checker
 * must report exactly the same diagnostics, which proves the annotations are inert comments.
 */
export function blankAnnotations(text: string): string {
  return splitLines(text)
    .map((l, i, all) => {
      const end = i + 1 < all.length ? all[i + 1].start : text.length;
      const body = isAnnotationLine(l.text) ? ' '.repeat(l.text.length) : l.text;
      return body + text.slice(l.start + l.text.length, end);
    })
    .join('');
}

/** The sibling manifest of a fixture, `<name>.manifest.json`, when there is one. */
export function manifestFor(path: string): CheckInput['manifest'] {
  const manifestPath = join(dirname(path), basename(path).replace(/\.amp$/, '') + '.manifest.json');
  return existsSync(manifestPath) ? { path: manifestPath, text: readFileSync(manifestPath, 'utf8') } : undefined;
}

/**
 * Checks one fixture file: runs checkDocument (with its sibling manifest, if any) and throws an AssertionError with a
 * readable report unless the reported diagnostics are exactly the annotated ones, and unless the annotation lines are
 * inert (blanking them changes nothing). Returns the comparison on success.
 */
export function checkFixture(path: string): FixtureComparison {
  const text = readFileSync(path, 'utf8');
  const manifest = manifestFor(path);
  const actual = checkDocument({ path, text, manifest }).diagnostics;
  const comparison = compareDiagnostics(text, actual, path);
  if (!comparison.ok) throw new AssertionError({ message: comparison.diff });
  const blanked = checkDocument({ path, text: blankAnnotations(text), manifest }).diagnostics;
  const show = (ds: readonly Diagnostic[]) => ds.map((d) => `  ${describe(text, d)}: ${d.message}`).join('\n') || '  (none)';
  if (JSON.stringify(blanked) !== JSON.stringify(actual)) {
    // Usually an annotation written directly under the header block, which makes it part of the header's JSON.
    throw new AssertionError({
      message: `The annotation lines of ${path} change what the checker reports; they must be inert comments.\nWith annotations:\n${show(actual)}\nWith them blanked out:\n${show(blanked)}`,
    });
  }
  return comparison;
}

