// Code actions (core/ide/code-actions.ts). Each fixture under test/fixtures/ide-assist/fixes/ marks a diagnostic with
// `$0` and names the quick fix it expects on its last line (`// fix CODE: title`); the test applies the fix, compares
// the result with the `.fixed.amp` golden (UPDATE_EXPECT=1 rewrites them), re-checks it, and asserts that the
// diagnostic is gone, that nothing new is reported as an error, and that the file still parses. Then: which
// diagnostics a span selects, preferred fixes, rewrites without a diagnostic, and every fix of every sample and
// checker fixture.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { applyEdits } from '../../core/format/edits';
import { codeActionsAt, codeActionsOrThrow, type CodeActionInfo } from '../../core/ide/code-actions';
import { analyze, type AnalyzedDocument } from '../../core/ide/document';
import { extractCursor, filesUnder, manifestFor } from '../harness/index';
import { added, census, DIR, golden, isSyntax, withCursor } from '../fixtures/ide-assist/support';

const FIXES = join(DIR, 'fixes');
const MANIFEST = 'compiler_ethics.json';

/** The document after an action: its own edits applied, and the manifest's when the action edits it. */
function apply(doc: AnalyzedDocument, action: CodeActionInfo): { text: string; manifest?: { path: string; text: string } } {
  let text = doc.text;
  let manifest = doc.manifest;
  for (const fe of action.edits) {
    if (fe.path === undefined) text = applyEdits(text, fe.edits);
    else {
      assert.equal(fe.path, manifest?.path, 'an edit to another file goes to the governing manifest');
      manifest = { path: manifest!.path, text: applyEdits(manifest!.text, fe.edits) };
    }
  }
  return { text, manifest };
}

/** Asserts what every fix must do: the diagnostic goes, no new error comes, and the file still parses. */
function assertFixes(doc: AnalyzedDocument, action: CodeActionInfo, after: AnalyzedDocument, strict: boolean): void {
  const d = action.diagnostic!;
  const key = `${d.code}: ${d.message}`;
  const before = census(doc.diagnostics);
  const now = census(after.diagnostics);
  assert.ok((now.get(key) ?? 0) < (before.get(key) ?? 0), `"${action.title}" leaves ${key}`);
  assert.deepEqual(added(census(doc.diagnostics, isSyntax), census(after.diagnostics, isSyntax)), [], `"${action.title}" breaks the syntax`);
  if (strict) assert.deepEqual(added(census(doc.diagnostics, (x) => x.severity === 'error'), census(after.diagnostics, (x) => x.severity === 'error')), [], `"${action.title}" adds errors`);
}

describe('the quick fixes of the fixtures', () => {
  const fixtures = filesUnder(FIXES, '.amp').filter((p) => !p.endsWith('.fixed.amp'));
  test('the folder holds fixtures', () => assert.ok(fixtures.length >= 15));
  for (const path of fixtures) {
    test(path, () => {
      const { text, offset } = extractCursor(readFileSync(path, 'utf8'));
      const want = /^\/\/ fix (AMP-[A-Z]\d{3}): (.+?)\r?$/m.exec(text);
      assert.ok(want, `${path} names no fix: end it with '// fix CODE: title'`);
      const manifestPath = join(dirname(path), MANIFEST);
      const manifest = existsSync(manifestPath) ? { path: manifestPath, text: readFileSync(manifestPath, 'utf8') } : undefined;
      const doc = analyze({ path, text, manifest });
      const actions = codeActionsAt(doc, { start: offset, end: offset });
      const action = actions.find((a) => a.kind === 'quickfix' && a.diagnostic?.code === want[1] && a.title === want[2]);
      assert.ok(action, `no quick fix "${want[2]}" for ${want[1]} at the cursor; offered: ${actions.map((a) => `${a.diagnostic?.code ?? a.kind}: ${a.title}`).join(' | ') || 'nothing'}`);
      const fixed = apply(doc, action);
      golden(path.replace(/\.amp$/, '.fixed.amp'), fixed.text);
      if (manifest) golden(manifestPath.replace(/\.json$/, '.fixed.json'), fixed.manifest!.text);
      assertFixes(doc, action, analyze({ path, text: fixed.text, manifest: fixed.manifest }), true);
    });
  }
});

describe('which actions a span gets', () => {
  const SRC = 'agent Echo {\n  on "echo [text]" {\n    reply "[txet]"\n  }\n}\n';
  const doc = analyze({ path: 't.amp', text: SRC });
  const at = SRC.indexOf('txet');

  test('every fix of an overlapping diagnostic, the first one preferred, with the diagnostic attached', () => {
    const actions = codeActionsAt(doc, { start: at + 1, end: at + 2 });
    assert.deepEqual(actions.map((a) => [a.title, a.kind, a.isPreferred]), [
      ['Change to [text]', 'quickfix', true],
      ["Declare message 'txet'", 'quickfix', false],
    ]);
    assert.ok(actions.every((a) => a.diagnostic?.code === 'AMP-N001' && a.edits.every((e) => e.path === undefined)));
  });

  test('an empty span at either end of the diagnostic selects it; a span elsewhere does not', () => {
    assert.equal(codeActionsAt(doc, { start: at, end: at }).length, 2);
    assert.equal(codeActionsAt(doc, { start: at + 4, end: at + 4 }).length, 2);
    assert.deepEqual(codeActionsAt(doc, { start: 0, end: 3 }), []);
  });

  test('a reversed span, a span past the end and garbage spans never throw', () => {
    assert.equal(codeActionsAt(doc, { start: at + 2, end: at }).length, 2);
    assert.deepEqual(codeActionsOrThrow(doc, { start: SRC.length + 10, end: SRC.length + 20 }), []);
    assert.deepEqual(codeActionsOrThrow(doc, { start: Number.NaN, end: 3 }), []);
    assert.deepEqual(codeActionsAt(doc, undefined as unknown as { start: number; end: number }), []);
  });
});

describe('rewrites that need no diagnostic', () => {
  test('wrap any act in a chapel (not offered twice when AMP-G001 already offers it)', () => {
    const { doc, offset, text } = withCursor('agent A {\n  on "x" {\n    @E_ext_cost(0.1)\n    a$0ct "post"\n    reply "ok"\n  }\n}\n');
    const [wrap] = codeActionsAt(doc, { start: offset, end: offset });
    assert.equal(wrap.kind, 'refactor.rewrite');
    assert.equal(wrap.diagnostic, undefined);
    assert.equal(applyEdits(text, wrap.edits[0].edits), 'agent A {\n  on "x" {\n    chapel {\n      @E_ext_cost(0.1)\n      act "post"\n    }\n    reply "ok"\n  }\n}\n');
    const g001 = withCursor(readFileSync(join(FIXES, 'g001-wrap-in-chapel.amp'), 'utf8'));
    const titles = codeActionsAt(g001.doc, { start: g001.offset, end: g001.offset }).map((a) => `${a.kind}: ${a.title}`);
    assert.deepEqual(titles.filter((t) => t.endsWith('Wrap the act in a chapel')), ['quickfix: Wrap the act in a chapel']);
  });

  test('an act already in a chapel is not wrapped again', () => {
    const { doc, offset } = withCursor('agent A {\n  on "x" {\n    chapel {\n      a$0ct "post"\n    }\n    reply "ok"\n  }\n}\n');
    assert.deepEqual(codeActionsAt(doc, { start: offset, end: offset }), []);
  });

  test('wire every invariant the file uses at once, in the header or in the manifest', () => {
    const header = '// compiler_ethics_v0_1: {\n//   "compiler_ethics_v": "0.1",\n//   "answerable_to": { "primary": ["s"] },\n//   "governance_stack": { "constitution_id": "c", "existential_audit": true, "E_ext_max_const": 0.75, "min_pause_ms_const": 1 },\n//   "invariants_wired": []\n// }\n';
    const body = 'scars {\n  trigger incident_report(from: steward)\n  forgiveness gamma(shape: 2, scale: 30)\n}\nconsent m {\n  initial LISTEN\n}\n';
    const doc = analyze({ path: 't.amp', text: header + body });
    const all = codeActionsAt(doc, { start: 0, end: 0 }).find((a) => a.kind === 'source')!;
    assert.equal(all.title, 'Wire all 2 invariants this file uses');
    const after = analyze({ path: 't.amp', text: applyEdits(doc.text, all.edits[0].edits) });
    assert.deepEqual(after.diagnostics.filter((d) => d.code === 'AMP-G010' || d.severity === 'error'), []);
    const manifestPath = join(FIXES, 'manifest', MANIFEST);
    const manifest = { path: manifestPath, text: readFileSync(manifestPath, 'utf8').replace('"SILENCE_BANDS_PROTECTED"', '"INDEPENDENT_VETO_CHAPEL"') };
    const viaManifest = analyze({ path: 'm.amp', text: body, manifest });
    const source = codeActionsAt(viaManifest, { start: 0, end: 0 }).find((a) => a.kind === 'source')!;
    assert.equal(source.title, `Add 2 invariants to invariants_wired in ${MANIFEST}`);
    assert.equal(source.edits[0].path, manifestPath);
    const fixed = apply(viaManifest, source);
    assert.deepEqual(analyze({ path: 'm.amp', text: body, manifest: fixed.manifest }).diagnostics.filter((d) => d.code === 'AMP-G010'), []);
  });
});

describe('every fix of every sample and checker fixture', () => {
  const files = [...filesUnder('samples', '.amp'), ...filesUnder('test/fixtures/checker', '.amp')];
  for (const path of files) {
    test(path, () => {
      const text = readFileSync(path, 'utf8');
      const manifest = manifestFor(path) ?? nearbyManifest(path);
      const doc = analyze({ path, text, manifest });
      for (const d of doc.diagnostics) {
        for (const action of codeActionsOrThrow(doc, d).filter((a) => a.diagnostic === d)) {
          const fixed = apply(doc, action);
          // A fix may reveal the next mistake (a corrected name now checked for its value), never break the syntax.
          assertFixes(doc, action, analyze({ path, text: fixed.text, manifest: fixed.manifest }), false);
        }
      }
    });
  }
});

/** The samples' manifest discovery, by hand: a `compiler_ethics.json` in the file's folder or its `.well-known/`. */
function nearbyManifest(path: string): { path: string; text: string } | undefined {
  if (readFileSync(path, 'utf8').trimStart().startsWith('// compiler_ethics_v0_1:')) return undefined;
  for (const p of [join(dirname(path), MANIFEST), join(dirname(path), '.well-known', MANIFEST)])
    if (existsSync(p)) return { path: p, text: readFileSync(p, 'utf8') };
  return undefined;
}
