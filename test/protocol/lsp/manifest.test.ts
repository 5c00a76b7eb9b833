// Manifest governance across files: a compiler_ethics.json governs the header-less spec beside it, read from the open
// document first and the disk second; editing, closing, changing on disk or deleting the manifest re-checks the spec;
// the manifest gets its own diagnostics; amp.manifest.enable turns discovery off; a pull client is asked to refresh.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LineIndex } from '../../../core/text';
import { FIXTURES, LspClient, PULL_CLIENT, PUSH_CLIENT, uriOf, type LspDiagnostic, type PublishDiagnosticsParams, type TextEdit } from './client';
import { applyTextEdits, assertMatchesAnnotations, fixtureFromText, serverFor } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'amp-lsp-manifest-'));
cpSync(join(FIXTURES, 'governed'), dir, { recursive: true });
after(() => rmSync(dir, { recursive: true, force: true }));

const specPath = join(dir, 'spec.amp');
const manifestPath = join(dir, 'compiler_ethics.json');
const spec = fixtureFromText(specPath, readFileSync(specPath, 'utf8'));
const manifestText = readFileSync(manifestPath, 'utf8');
const manifestUri = uriOf(manifestPath);
/** The manifest with the scars invariant wired too, which makes the spec clean. */
const wired = manifestText.replace('"SILENCE_BANDS_PROTECTED"]', '"SILENCE_BANDS_PROTECTED", "SCARS_DURABLE_FORGIVENESS_BOUNDED"]');
interface CodeAction {
  title: string;
  edit?: { changes?: Record<string, TextEdit[]>; documentChanges?: { textDocument: { uri: string; version: number | null }; edits: TextEdit[] }[] };
}
const codes = (p: { diagnostics: LspDiagnostic[] }) => p.diagnostics.map((d) => d.code).sort();

describe('a manifest governs the header-less specs beside it (published diagnostics)', () => {
  const server = serverFor({ capabilities: PUSH_CLIENT, settings: { diagnostics: { delayMs: 0 } } });
  /** The next publication for the spec that satisfies `ok`. */
  const specUntil = (what: string, ok: (p: PublishDiagnosticsParams) => boolean) => {
    const client = server.get();
    const from = client.published(spec.uri).length;
    return client.waitFor(what, () => client.published(spec.uri).slice(from).find(ok));
  };

  test('the spec is checked under the manifest on disk, with the related place in the manifest', async () => {
    const client = server.get();
    client.open(spec.uri, spec.text);
    const published = await client.nextDiagnostics(spec.uri, 0);
    assertMatchesAnnotations(spec, published.diagnostics);
    const related = published.diagnostics[0].relatedInformation?.[0];
    assert.equal(related?.location.uri, manifestUri);
    // The related range is in the manifest's own lines (its invariants_wired), not the spec's.
    const lines = new LineIndex(manifestText);
    const at = lines.offsetAt(related!.location.range.start);
    assert.ok(manifestText.slice(at).startsWith('["E_EXT_RED_BOUNDARY"'), manifestText.slice(at, at + 40));
  });

  test('the quick fix for AMP-G010 edits the manifest (by its URI), wiring the missing invariant', async () => {
    const client = server.get();
    const [g010] = client.published(spec.uri)[0].diagnostics;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: spec.uri }, range: g010.range, context: { diagnostics: [g010] } });
    const fix = actions.find((a) => a.title === 'Add "SCARS_DURABLE_FORGIVENESS_BOUNDED" to invariants_wired in compiler_ethics.json');
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    assert.deepEqual(Object.keys(fix.edit!.changes!), [manifestUri]);
    const fixed = JSON.parse(applyTextEdits(manifestText, fix.edit!.changes![manifestUri])) as { invariants_wired: string[] };
    assert.deepEqual(fixed.invariants_wired.slice(-2), ['SILENCE_BANDS_PROTECTED', 'SCARS_DURABLE_FORGIVENESS_BOUNDED']);
  });

  test('the open manifest has its own diagnostics, and editing it re-checks the spec', async () => {
    const client = server.get();
    client.open(manifestUri, manifestText, 'json');
    const own = await client.nextDiagnostics(manifestUri, 0);
    assert.deepEqual(own.diagnostics, []);
    const clean = specUntil('the spec without AMP-G010', (p) => p.diagnostics.length === 0);
    client.change(manifestUri, 2, [{ text: wired }]);
    await clean;
    // A manifest that breaks the schema reports it in the manifest.
    client.change(manifestUri, 3, [{ text: wired.replace('"answerable_to"', '"answerable"') }]);
    const broken = await client.waitFor('manifest diagnostics for version 3', () => client.published(manifestUri).find((p) => p.version === 3));
    assert.ok(codes(broken).includes('AMP-H002'), JSON.stringify(broken.diagnostics));
    client.change(manifestUri, 4, [{ text: wired }]);
    await client.waitFor('manifest diagnostics for version 4', () => client.published(manifestUri).find((p) => p.version === 4 && p.diagnostics.length === 0));
  });

  test('closing the manifest (unsaved) brings back the version on disk', async () => {
    const client = server.get();
    const back = specUntil('AMP-G010 again', (p) => codes(p).join() === 'AMP-G010');
    client.close(manifestUri);
    await back;
  });

  test('a change on disk, announced by didChangeWatchedFiles, re-checks the spec', async () => {
    const client = server.get();
    writeFileSync(manifestPath, wired);
    const clean = specUntil('the spec clean under the saved manifest', (p) => p.diagnostics.length === 0);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: manifestUri, type: 2 }] });
    await clean;
  });

  test('deleting the manifest leaves the spec ungoverned (AMP-G011)', async () => {
    const client = server.get();
    unlinkSync(manifestPath);
    const ungoverned = specUntil('AMP-G011', (p) => codes(p).join() === 'AMP-G011');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: manifestUri, type: 3 }] });
    await ungoverned;
    writeFileSync(manifestPath, manifestText);
    const governed = specUntil('AMP-G010 after the manifest is back', (p) => codes(p).join() === 'AMP-G010');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: manifestUri, type: 1 }] });
    await governed;
  });

  test('amp.manifest.enable: false turns discovery off', async () => {
    const client = server.get();
    client.settings = { diagnostics: { delayMs: 0 }, manifest: { enable: false } };
    const ungoverned = specUntil('AMP-G011 with discovery off', (p) => codes(p).join() === 'AMP-G011');
    client.notify('workspace/didChangeConfiguration', { settings: null });
    await ungoverned;
    client.settings = { diagnostics: { delayMs: 0 } };
    const governed = specUntil('AMP-G010 with discovery on', (p) => codes(p).join() === 'AMP-G010');
    client.notify('workspace/didChangeConfiguration', { settings: null });
    await governed;
  });

  test('a document that is not a file is never governed by a manifest', async () => {
    const client = server.get();
    const uri = 'untitled:Untitled-1';
    client.open(uri, spec.text);
    const published = await client.nextDiagnostics(uri, 0);
    assert.deepEqual(codes(published), ['AMP-G011']);
  });
});

describe('a manifest change asks a pull client to pull again', () => {
  test('workspace/diagnostic/refresh follows an edit of the open manifest, and the next pull sees it', async () => {
    const { client } = await LspClient.start({ capabilities: PULL_CLIENT, settings: { diagnostics: { delayMs: 0 } } });
    try {
      writeFileSync(manifestPath, manifestText);
      client.open(spec.uri, spec.text);
      const pull = () => client.request<{ kind: string; items?: LspDiagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: spec.uri } });
      assert.deepEqual((await pull()).items!.map((d) => d.code), ['AMP-G010']);
      client.open(manifestUri, manifestText, 'json');
      // With the manifest open, the fix's edit names the manifest's version (documentChanges).
      const [g010] = (await pull()).items!;
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: spec.uri }, range: g010.range, context: { diagnostics: [g010] } });
      const wire = actions.find((a) => a.title.startsWith('Add "SCARS_DURABLE_FORGIVENESS_BOUNDED"'));
      assert.deepEqual(wire?.edit?.documentChanges?.map((c) => c.textDocument), [{ uri: manifestUri, version: 1 }]);
      const refreshes = () => client.serverRequests.filter((r) => r.method === 'workspace/diagnostic/refresh').length;
      const before = refreshes();
      client.change(manifestUri, 2, [{ text: wired }]);
      await client.waitFor('a diagnostic refresh', () => (refreshes() > before ? true : undefined));
      assert.deepEqual((await pull()).items, []);
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
    }
  });
});
