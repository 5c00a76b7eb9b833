// Hover and completion through VS Code's own provider commands, on a clean file (list-minimum.amp).

import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { completionLabel, hoverText, open, positionOf, workspaceFile } from './helpers';

async function completions(doc: vscode.TextDocument, position: vscode.Position, trigger?: string): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, position, trigger);
  // Word-based suggestions are off in the suite's settings; text and snippet items never count as the server's answer.
  return (list?.items ?? []).filter((i) => i.kind !== vscode.CompletionItemKind.Text && i.kind !== vscode.CompletionItemKind.Snippet);
}

describe('hover and completion', () => {
  const uri = workspaceFile('list-minimum.amp');

  it('hover on a pointer shows the message it points to', async () => {
    const doc = await open(uri);
    // The [xs] of the run's question.
    const at = positionOf(doc, 'of [xs]?', 'of ['.length + 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at);
    const text = hoverText(hovers ?? []);
    assert.ok(text.includes('the list with first element (7)'), `the hover over [xs] says: ${JSON.stringify(text)}`);
  });

  it('hover on an agent shows its handlers', async () => {
    const doc = await open(uri);
    const at = positionOf(doc, 'agent Min', 'agent M'.length);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at);
    const text = hoverText(hovers ?? []);
    assert.ok(text.includes('what is the smallest element of [list]?'), `the hover over Min says: ${JSON.stringify(text)}`);
  });

  it('completion inside message text offers the pointers in scope', async () => {
    const doc = await open(uri);
    // Just after the '[' of reply "[smaller]".
    const items = await completions(doc, positionOf(doc, 'reply "[smaller]"', 'reply "['.length), '[');
    const labels = items.map(completionLabel);
    for (const name of ['smaller', 'restMin', 'head', 'rest', 'list', 'xs', 'empty']) {
      assert.ok(labels.includes(name), `'${name}' is offered (offered: ${labels.join(', ') || 'nothing'})`);
    }
  });

  it('completion after ask offers the agents, built-in ones included', async () => {
    const doc = await open(uri);
    // Just after `ask ` in `let smaller = ask Compare …`.
    const items = await completions(doc, positionOf(doc, 'ask Compare', 'ask '.length));
    const labels = items.map(completionLabel);
    // Strings and Numbers are built-in agents that this file never names, so only the server can offer them.
    for (const name of ['Min', 'Compare', 'Strings', 'Numbers']) {
      assert.ok(labels.includes(name), `'${name}' is offered (offered: ${labels.join(', ') || 'nothing'})`);
    }
  });
});
