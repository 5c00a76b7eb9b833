// Pull diagnostics (a client that sends textDocument/diagnostic, as VS Code does): full reports with result ids,
// `unchanged` when nothing changed, new reports after changes, nothing published, and a pull that the client cancels
// during the debounce is answered as cancelled.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { PULL_CLIENT, type LspDiagnostic } from './client';
import { assertMatchesAnnotations, fixture, positionOf, serverFor } from './helpers';

interface Report {
  kind: 'full' | 'unchanged';
  resultId?: string;
  items?: LspDiagnostic[];
}

describe('pull diagnostics', () => {
  const server = serverFor({ capabilities: PULL_CLIENT, settings: { diagnostics: { delayMs: 0 } } });
  const pull = (uri: string, previousResultId?: string) =>
    server.get().request<Report>('textDocument/diagnostic', { textDocument: { uri }, identifier: 'amp', previousResultId });

  test('a pull after didOpen gets a full report with the annotated diagnostics and a result id', async () => {
    const f = fixture('diagnostics.amp');
    server.get().open(f.uri, f.text);
    const report = await pull(f.uri);
    assert.equal(report.kind, 'full');
    assert.equal(typeof report.resultId, 'string');
    assertMatchesAnnotations(f, report.items!);
    const duplicate = report.items!.find((d) => d.code === 'AMP-N004')!;
    assert.equal(duplicate.relatedInformation?.[0].location.uri, f.uri);
  });

  test('pulling again with the last result id gets `unchanged`', async () => {
    const f = fixture('diagnostics.amp');
    const first = await pull(f.uri);
    const again = await pull(f.uri, first.resultId);
    assert.deepEqual(again, { kind: 'unchanged', resultId: first.resultId });
  });

  test('after a change the report is full again, with a new result id', async () => {
    const client = server.get();
    const f = fixture('diagnostics.amp');
    const before = await pull(f.uri);
    const at = positionOf(f.text, 'smallr]', 'small'.length);
    client.change(f.uri, 2, [{ range: { start: at, end: at }, text: 'e' }]);
    const after = await pull(f.uri, before.resultId);
    assert.equal(after.kind, 'full');
    assert.notEqual(after.resultId, before.resultId);
    assert.deepEqual(after.items!.map((d) => d.code).sort(), ['AMP-N003', 'AMP-N004', 'AMP-N005']);
  });

  test('a document that is not open gets an empty full report', async () => {
    const report = await pull('file:///virtual/never-opened.amp');
    assert.deepEqual(report, { kind: 'full', items: [] });
  });

  test('nothing is published to a client that pulls', async () => {
    const client = server.get();
    // A round trip so anything published before it has arrived.
    await pull('file:///virtual/never-opened.amp');
    assert.deepEqual(client.received('textDocument/publishDiagnostics'), []);
  });

  test('a pull cancelled by the client while the debounce runs is answered RequestCancelled', async () => {
    const client = server.get();
    client.settings = { diagnostics: { delayMs: 2000 } };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const uri = 'file:///virtual/cancelled.amp';
    client.open(uri, 'message a = "[b]"\n');
    client.change(uri, 2, [{ text: 'message a = "[c]"\n' }]);
    const source = new CancellationTokenSource();
    const pending = client.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } }, source.token);
    setTimeout(() => source.cancel(), 50);
    await assert.rejects(pending, (e: unknown) => e instanceof ResponseError && e.code === -32800);
    // The server still answers, and the next pull (after the debounce) has the final text's diagnostics.
    client.settings = { diagnostics: { delayMs: 0 } };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const report = await pull(uri);
    assert.ok(report.items!.some((d) => d.code === 'AMP-N001' && d.message.includes('[c]')), JSON.stringify(report.items));
  });
});
