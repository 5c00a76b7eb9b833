// A workspace manifest governs a header-less file: governed.amp has no header, and compiler_ethics.json beside it
// sets the caps its self-rewrite region must respect. Changing the manifest on disk re-checks the file.

import * as assert from 'node:assert/strict';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { checkerDiagnostics, manifestFor, open, waitForExactDiagnostics, workspaceFile } from './helpers';

describe('manifest', () => {
  const uri = workspaceFile('governed.amp');
  const manifestUri = workspaceFile('compiler_ethics.json');
  let original: Uint8Array | undefined;

  after(async () => {
    if (original) await vscode.workspace.fs.writeFile(manifestUri, original);
  });

  it('governed.amp is checked under compiler_ethics.json beside it', async () => {
    const doc = await open(uri, true);
    const text = doc.getText();
    const manifest = manifestFor(uri);
    assert.equal(manifest?.path, manifestUri.fsPath, 'the core finds the workspace manifest');
    const governed = checkerDiagnostics(uri, text, manifest);
    const ungoverned = checkerDiagnostics(uri, text, null);
    // What tells the two apart: the manifest's cap (AMP-G006) against "no header governs this file" (AMP-G011).
    assert.deepEqual(governed.map((d) => d.code), ['AMP-G006']);
    assert.deepEqual(ungoverned.map((d) => d.code), ['AMP-G011']);
    await waitForExactDiagnostics(uri, governed, 'the diagnostics under the manifest');
  });

  it('raising the cap in the manifest on disk re-checks governed.amp', async () => {
    const doc = await open(uri, true);
    original = await vscode.workspace.fs.readFile(manifestUri);
    const before = Buffer.from(original).toString('utf8');
    const raised = before.replace('"audit_max_steps_const": 10', '"audit_max_steps_const": 20');
    assert.notEqual(raised, before, 'the manifest fixture sets audit_max_steps_const to 10');
    await vscode.workspace.fs.writeFile(manifestUri, Buffer.from(raised, 'utf8'));
    const expected = checkerDiagnostics(uri, doc.getText(), { path: manifestUri.fsPath, text: raised });
    assert.deepEqual(expected, [], 'under the raised cap governed.amp is clean');
    await waitForExactDiagnostics(uri, expected, 'the diagnostics under the changed manifest');
  });
});
