// A quick fix through VS Code's own code action command: the checker's fix for a misspelled pointer is offered for the
// diagnostic, applying its edit gives the text the checker's fix gives, and the diagnostic goes away.

import * as assert from 'node:assert/strict';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { applyCoreEdits, codeOf, coreDiagnostics, checkerDiagnostics, nextChange, open, waitForDiagnostics, waitForExactDiagnostics, workspaceFile } from './helpers';

describe('quick fix', () => {
  const uri = workspaceFile('fixable.amp');

  after(async () => {
    // Leave the file as it is on disk for the tests that follow.
    const doc = await open(uri, true);
    if (doc.isDirty) await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('fixable.amp: "Change to [report]" applies and the diagnostic goes away', async () => {
    const doc = await open(uri, true);
    const original = doc.getText();
    await waitForExactDiagnostics(uri, checkerDiagnostics(uri, original), 'the checker\'s diagnostics');

    const core = coreDiagnostics(uri, original).find((d) => d.code === 'AMP-N001');
    assert.ok(core?.fixes?.length, 'the checker offers a fix for the misspelled pointer');
    const coreFix = core.fixes.find((f) => f.title === 'Change to [report]');
    assert.ok(coreFix, `the checker's fixes are ${core.fixes.map((f) => f.title).join(', ')}`);

    const diagnostic = vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'AMP-N001');
    assert.ok(diagnostic, 'VS Code holds the AMP-N001 diagnostic');
    const actions =
      (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      )) ?? [];
    const titles = actions.map((a) => a.title);
    for (const fix of core.fixes) assert.ok(titles.includes(fix.title), `the quick fix '${fix.title}' is offered (offered: ${titles.join(', ') || 'none'})`);
    const action = actions.find((a): a is vscode.CodeAction => a.title === coreFix.title && 'kind' in a);
    assert.ok(action?.edit, 'the quick fix carries an edit');
    assert.ok(action.kind && vscode.CodeActionKind.QuickFix.contains(action.kind), `the action's kind is ${action.kind?.value}`);

    const changed = nextChange(doc);
    assert.equal(await vscode.workspace.applyEdit(action.edit), true);
    await changed;
    assert.equal(doc.getText(), applyCoreEdits(original, coreFix.edits));
    await waitForDiagnostics(uri, (ds) => !ds.some((d) => codeOf(d) === 'AMP-N001'), 'AMP-N001 to go away');
    await waitForExactDiagnostics(uri, checkerDiagnostics(uri, doc.getText()), 'the diagnostics of the fixed text');
  });
});
