// Diagnostics from the language server: for each file with known mistakes, VS Code ends up holding exactly what the
// core checker says for the same text and the same governing manifest (codes, severities, ranges, messages).

import * as assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { checkerDiagnostics, nextChange, open, waitForDiagnostics, waitForExactDiagnostics, workspaceFile, workspaceRoot } from './helpers';

/** The .amp files and manifests under a folder of the workspace, sorted. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else if (name.endsWith('.amp') || name === 'compiler_ethics.json') out.push(path);
  }
  return out;
}

describe('diagnostics', () => {
  it('mistakes.amp: the codes and ranges are the checker\'s', async () => {
    const uri = workspaceFile('mistakes.amp');
    const doc = await open(uri, true);
    const expected = checkerDiagnostics(uri, doc.getText());
    // The fixture's mistakes, so a checker change that drops one shows here too.
    assert.deepEqual(
      expected.map((d) => `${d.code} ${d.range}`),
      ['AMP-N003 3:8-3:13', 'AMP-N002 7:8-7:13', 'AMP-B002 7:45-7:47', 'AMP-N001 8:12-8:17', 'AMP-B003 23:2-23:24'],
    );
    await waitForExactDiagnostics(uri, expected, 'the checker\'s diagnostics');
  });

  it('an edit re-checks the document, and a file that becomes valid clears its diagnostics', async () => {
    const uri = workspaceFile('list-minimum.amp');
    const doc = await open(uri, true);
    const clean = doc.getText();
    assert.deepEqual(checkerDiagnostics(uri, clean), [], 'list-minimum.amp should be clean');
    const broken = new vscode.WorkspaceEdit();
    const at = clean.indexOf('reply "[smaller]"');
    broken.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'reply "[smaller]"'.length)), 'reply "[smallr]"');
    const changed = nextChange(doc);
    assert.equal(await vscode.workspace.applyEdit(broken), true);
    await changed;
    await waitForExactDiagnostics(uri, checkerDiagnostics(uri, doc.getText()), 'the diagnostics of the broken edit');
    assert.ok(checkerDiagnostics(uri, doc.getText()).some((d) => d.code === 'AMP-N001'));
    const undo = new vscode.WorkspaceEdit();
    undo.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), clean);
    assert.equal(await vscode.workspace.applyEdit(undo), true);
    await waitForDiagnostics(uri, (ds) => ds.length === 0, 'the diagnostics to clear');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  describe('samples/diagnostics: every mistake on purpose', () => {
    const root = join(workspaceRoot().fsPath, 'samples', 'diagnostics');
    for (const path of filesUnder(root)) {
      const name = relative(workspaceRoot().fsPath, path);
      it(`${name}: the server's diagnostics are the checker's`, async () => {
        const uri = vscode.Uri.file(path);
        const doc = await open(uri, true);
        const expected = checkerDiagnostics(uri, doc.getText());
        assert.ok(expected.length > 0, `${name} should have mistakes on purpose`);
        await waitForExactDiagnostics(uri, expected, 'the checker\'s diagnostics');
      });
    }
  });
});
