// The extension activates in a real VS Code: an .amp file of the workspace opens as the `amp` language, the language
// server answers with diagnostics, and the extension's commands are registered. (The fixture workspace contains .amp
// files, so `workspaceContains:**/*.amp` may activate the extension before the file opens; either way it must be active
// once the file is open, and the test never calls activate() itself.)

import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import packageJson from '../../../package.json';
import { EXTENSION_ID, open, recordFigures, say, waitForDiagnostics, waitForViews, workspaceFile } from './helpers';

describe('activation', () => {
  it('the extension under test is the repository itself', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded in this VS Code`);
    assert.equal(ext.packageJSON.version, packageJson.version);
    assert.equal(ext.packageJSON.main, packageJson.main);
  });

  it('is active once an .amp file is open, and its language server answers', async () => {
    const uri = workspaceFile('mistakes.amp');
    const doc = await open(uri, true);
    assert.equal(doc.languageId, 'amp');
    // Diagnostics with the server's source can only come from a started server, so they prove the activation.
    await waitForDiagnostics(uri, (ds) => ds.length > 0, 'the first diagnostics from the language server');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.equal(ext?.isActive, true, 'the extension is not active');
    const commands = await vscode.commands.getCommands(true);
    for (const contributed of packageJson.contributes.commands) {
      assert.ok(commands.includes(contributed.command), `the command ${contributed.command} is not registered`);
    }
  });

  it('measures its own activation (the figure printed and saved, not asserted)', async () => {
    const s = await waitForViews((x) => x.activation !== undefined, 'the activation figures');
    const a = s.activation!;
    assert.ok(Number.isFinite(a.activateMs) && a.activateMs > 0, `activate() took ${a.activateMs} ms`);
    assert.deepEqual(
      a.features.map((f) => f.name),
      ['the language server', 'the debugger', 'the run views', 'the run CodeLens', 'the test controller'],
    );
    assert.ok(a.features.reduce((sum, f) => sum + f.ms, 0) <= a.activateMs + 0.1, 'the features fit in the whole');
    say(JSON.stringify({ name: 'extension activation (activate() start to end)', value: a.activateMs, unit: 'ms' }));
    recordFigures({ activationMs: a.activateMs, activationFeaturesMs: Object.fromEntries(a.features.map((f) => [f.name, f.ms])) });
  });
});
