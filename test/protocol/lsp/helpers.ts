// Test helpers over the LSP client: a server per test file (started in `before`, shut down in `after`), fixtures with
// a `$0` cursor and diagnostic annotations, and conversions between fixture offsets and LSP positions.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { LineIndex } from '../../../core/text';
import { extractCursor, parseExpectations, type Expectation } from '../../harness/index';
import { FIXTURES, LspClient, uriOf, type InitializeResult, type LspDiagnostic, type Position, type Range, type StartOptions, type TextEdit } from './client';

/** Starts one server for the enclosing test file; `get()` returns it once `before` has run. */
export function serverFor(options: StartOptions): { get: () => LspClient; init: () => InitializeResult } {
  let client: LspClient | undefined;
  let init: InitializeResult | undefined;
  before(async () => {
    ({ client, init } = await LspClient.start(options));
  });
  after(async () => {
    if (!client) return;
    const code = await client.shutdown();
    // A server that crashed or misbehaved during the file's tests shows up here rather than passing silently.
    assert.equal(code, 0, client.explain('the server did not exit cleanly after shutdown/exit'));
  });
  return {
    get: () => {
      if (!client) throw new Error('the server has not started');
      return client;
    },
    init: () => {
      if (!init) throw new Error('the server has not started');
      return init;
    },
  };
}

/** A fixture file: its text (cursor marker removed), URI, cursor, and the diagnostics annotated in it. */
export interface Fixture {
  readonly path: string;
  readonly uri: string;
  readonly text: string;
  /** The `$0` cursor as an offset and a position, when the fixture has one. */
  readonly offset?: number;
  readonly position?: Position;
  readonly expectations: readonly Expectation[];
  readonly lines: LineIndex;
}

/** Reads `fixtures/<name>`; a `$0` marks the cursor (optional). */
export function fixture(name: string): Fixture {
  const path = join(FIXTURES, name);
  return fixtureFromText(path, readFileSync(path, 'utf8'));
}

export function fixtureFromText(path: string, raw: string): Fixture {
  const hasCursor = raw.includes('$0');
  const { text, offset } = hasCursor ? extractCursor(raw) : { text: raw, offset: undefined };
  const lines = new LineIndex(text);
  return {
    path,
    uri: uriOf(path),
    text,
    offset,
    position: offset === undefined ? undefined : lines.positionAt(offset),
    expectations: parseExpectations(text),
    lines,
  };
}

const SEVERITY: Record<string, number> = { error: 1, warning: 2, information: 3, hint: 4 };

/** A diagnostic reduced to what annotations state: code, severity and range, as one comparable line. */
function summary(code: unknown, severity: unknown, range: Range): string {
  return `${String(code)} ${String(severity)} ${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

/** Asserts the published (or pulled) diagnostics are exactly the fixture's annotations, by code, severity and range. */
export function assertMatchesAnnotations(f: Fixture, actual: readonly LspDiagnostic[]): void {
  const expected = f.expectations.map((e) => summary(e.code, SEVERITY[e.severity], { start: f.lines.positionAt(e.start), end: f.lines.positionAt(e.end) })).sort();
  const got = actual.map((d) => summary(d.code, d.severity, d.range)).sort();
  assert.deepEqual(got, expected);
  for (const e of f.expectations) {
    if (!e.message) continue;
    const d = actual.find((a) => a.code === e.code && a.range.start.line === f.lines.positionAt(e.start).line);
    assert.ok(d?.message.includes(e.message), `the ${e.code} message should contain ${JSON.stringify(e.message)}, got ${JSON.stringify(d?.message)}`);
  }
}

/** The position of the first occurrence of `needle` (plus `delta` characters) in `text`. */
export function positionOf(text: string, needle: string, delta = 0, nth = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} occurs fewer than ${nth + 1} times`);
  }
  return new LineIndex(text).positionAt(at + delta);
}

/** The text a range covers. */
export function textAt(text: string, range: Range): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}

/** Applies LSP text edits (non-overlapping) to a text. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const sorted = edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
