// Code actions over the protocol: the quick fixes of the diagnostics under a range, each carrying the diagnostic it
// fixes (as published), applied to the text to check the diagnostic goes away; `only` filtering; `changes` edits for
// a client without documentChanges.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LspClient, PULL_CLIENT, PUSH_CLIENT, type LspDiagnostic, type TextEdit } from './client';
import { applyTextEdits, fixture, serverFor } from './helpers';

interface CodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: LspDiagnostic[];
  edit?: { changes?: Record<string, TextEdit[]>; documentChanges?: { textDocument: { uri: string; version: number | null }; edits: TextEdit[] }[] };
}

const f = fixture('diagnostics.amp');

describe('code actions', () => {
  const server = serverFor({ capabilities: PULL_CLIENT, settings: { diagnostics: { delayMs: 0 } } });
  const pull = async (uri: string) => (await server.get().request<{ items: LspDiagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } })).items;

  test('the undefined pointer offers its fixes; applying the preferred one removes the diagnostic', async () => {
    const client = server.get();
    client.open(f.uri, f.text);
    const undefinedPointer = (await pull(f.uri)).find((d) => d.code === 'AMP-N001')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: f.uri },
      range: undefinedPointer.range,
      context: { diagnostics: [undefinedPointer], triggerKind: 1 },
    });
    assert.deepEqual(actions.map((a) => a.title), ['Change to [smaller]', "Declare message 'smallr'"]);
    const fix = actions[0];
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    // The action names the diagnostic exactly as the client received it, so the editor can link the two.
    assert.deepEqual(fix.diagnostics, [undefinedPointer]);
    const change = fix.edit!.documentChanges![0];
    assert.deepEqual(change.textDocument, { uri: f.uri, version: 1 });
    const fixed = applyTextEdits(f.text, change.edits);
    assert.match(fixed, /reply "\[smaller\] \[smaller\]"/);
    const uri = 'file:///virtual/fixed.amp';
    client.open(uri, fixed);
    assert.deepEqual((await pull(uri)).map((d) => d.code).sort(), ['AMP-N003', 'AMP-N004', 'AMP-N005']);
  });

  test('a range over several diagnostics offers the fixes of each', async () => {
    const actions = await server.get().request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: f.uri },
      range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } },
      context: { diagnostics: [] },
    });
    const codes = actions.flatMap((a) => a.diagnostics?.map((d) => d.code) ?? []);
    assert.ok(codes.includes('AMP-N005') && codes.includes('AMP-N003') && codes.includes('AMP-N001'), JSON.stringify(codes));
  });

  test('`only` restricts the kinds: asking for refactorings gets no quick fixes', async () => {
    const actions = await server.get().request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: f.uri },
      range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } },
      context: { diagnostics: [], only: ['refactor'] },
    });
    assert.ok(actions.every((a) => a.kind?.startsWith('refactor')), JSON.stringify(actions.map((a) => a.kind)));
  });

  test('a range without diagnostics offers no quick fix', async () => {
    const actions = await server.get().request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: f.uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } },
      context: { diagnostics: [] },
    });
    assert.deepEqual(actions.filter((a) => a.kind === 'quickfix'), []);
  });
});

describe('code actions for a client without documentChanges', () => {
  test('the edit is a `changes` map', async () => {
    const { client } = await LspClient.start({ capabilities: PUSH_CLIENT, settings: { diagnostics: { delayMs: 0 } } });
    try {
      client.open(f.uri, f.text);
      const published = await client.nextDiagnostics(f.uri, 0);
      const misspelled = published.diagnostics.find((d) => d.code === 'AMP-N005')!;
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: f.uri }, range: misspelled.range, context: { diagnostics: [misspelled] } });
      const fix = actions.find((a) => a.title === "Change to 'Compare'")!;
      assert.equal(fix.edit!.documentChanges, undefined);
      assert.match(applyTextEdits(f.text, fix.edit!.changes![f.uri]), /ask Compare "which is smaller/);
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
    }
  });
});
