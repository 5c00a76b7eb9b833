// Bad input of every kind: requests without params or with wrong types (InvalidParams), unknown documents and
// positions past the end (empty results), garbage text, malformed notifications and unknown methods. After each, the
// server keeps answering, and it exits cleanly at the end.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ResponseError } from 'vscode-jsonrpc/node';
import { prng } from '../../../bench/generate';
import { PULL_CLIENT } from './client';
import { fixture, serverFor } from './helpers';

const INVALID_PARAMS = -32602;
const METHOD_NOT_FOUND = -32601;
const rejectsWith = (code: number) => (e: unknown) => e instanceof ResponseError && e.code === code;

/** Requests at a position and what each answers when there is nothing to answer from. */
const POSITION_REQUESTS: [string, unknown][] = [
  ['textDocument/hover', null],
  ['textDocument/completion', null],
  ['textDocument/signatureHelp', null],
  ['textDocument/definition', []],
  ['textDocument/documentHighlight', []],
  ['textDocument/prepareRename', null],
];
const DOCUMENT_REQUESTS: [string, unknown][] = [
  ['textDocument/documentSymbol', []],
  ['textDocument/foldingRange', []],
  ['textDocument/semanticTokens/full', { data: [] }],
  ['textDocument/formatting', null],
  ['textDocument/diagnostic', { kind: 'full', items: [] }],
];

describe('malformed requests and bad input', () => {
  const server = serverFor({ capabilities: PULL_CLIENT, settings: { diagnostics: { delayMs: 0 } } });
  const hover = fixture('hover.amp');

  /** The server still answers a real request correctly. */
  async function stillServing(): Promise<void> {
    const client = server.get();
    const h = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: hover.uri }, position: hover.position });
    assert.match(h?.contents.value ?? '', /message xs/);
  }

  test('a request without params, or with params of the wrong shape, gets InvalidParams', async () => {
    const client = server.get();
    client.open(hover.uri, hover.text);
    await assert.rejects(client.request('textDocument/hover'), rejectsWith(INVALID_PARAMS));
    await assert.rejects(client.request('textDocument/hover', {}), rejectsWith(INVALID_PARAMS));
    await assert.rejects(client.request('textDocument/hover', { textDocument: { uri: 42 }, position: { line: 0, character: 0 } }), rejectsWith(INVALID_PARAMS));
    await assert.rejects(client.request('textDocument/definition', { textDocument: { uri: hover.uri }, position: { line: 'one', character: 0 } }), rejectsWith(INVALID_PARAMS));
    await assert.rejects(client.request('textDocument/completion', { textDocument: { uri: hover.uri }, position: { line: -1, character: 0 } }), rejectsWith(INVALID_PARAMS));
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri: hover.uri }, position: hover.position, newName: 42 }), rejectsWith(INVALID_PARAMS));
    await assert.rejects(client.request('textDocument/inlayHint', { textDocument: { uri: hover.uri }, range: 'all of it' }), rejectsWith(INVALID_PARAMS));
    await assert.rejects(client.request('textDocument/semanticTokens/full/delta', { textDocument: { uri: hover.uri } }), rejectsWith(INVALID_PARAMS));
    await assert.rejects(client.request('workspace/symbol', { query: 7 }), rejectsWith(INVALID_PARAMS));
    await assert.rejects(client.request('textDocument/documentSymbol', [1, 2, 3]), (e: unknown) => e instanceof ResponseError);
    await stillServing();
  });

  test('an unknown method gets MethodNotFound', async () => {
    await assert.rejects(server.get().request('amp/noSuchThing', {}), rejectsWith(METHOD_NOT_FOUND));
    await stillServing();
  });

  test('a document that is not open gets empty answers', async () => {
    const client = server.get();
    const unknown = { uri: 'file:///nowhere/unknown.amp' };
    for (const [method, empty] of POSITION_REQUESTS) {
      assert.deepEqual(await client.request(method, { textDocument: unknown, position: { line: 0, character: 0 } }), empty, method);
    }
    for (const [method, empty] of DOCUMENT_REQUESTS) assert.deepEqual(await client.request(method, { textDocument: unknown, options: { tabSize: 2, insertSpaces: true } }), empty, method);
    assert.deepEqual(await client.request('textDocument/references', { textDocument: unknown, position: { line: 0, character: 0 }, context: { includeDeclaration: true } }), []);
    assert.deepEqual(await client.request('textDocument/inlayHint', { textDocument: unknown, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } } }), []);
    await stillServing();
  });

  test('a position past the last line gets empty answers; a character past the end of its line is the line end', async () => {
    const client = server.get();
    const past = { textDocument: { uri: hover.uri }, position: { line: 10_000, character: 3 } };
    for (const [method, empty] of POSITION_REQUESTS) assert.deepEqual(await client.request(method, past), empty, method);
    assert.deepEqual(await client.request('textDocument/references', { ...past, context: { includeDeclaration: true } }), []);
    assert.equal(await client.request('textDocument/rename', { ...past, newName: 'zz' }), null);
    // Far past the end of the pointer's line: the same as its end, so no crash and a sensible answer (or none).
    const line = hover.position!.line;
    const wide = await client.request('textDocument/hover', { textDocument: { uri: hover.uri }, position: { line, character: 100_000 } });
    assert.ok(wide === null || typeof wide === 'object');
    const ranged = await client.request<{ data: number[] }>('textDocument/semanticTokens/range', {
      textDocument: { uri: hover.uri },
      range: { start: { line: 5_000, character: 0 }, end: { line: 9_000, character: 0 } },
    });
    assert.deepEqual(ranged.data, []);
    await stillServing();
  });

  test('a document that is not AMP (plain text) gets empty answers and no diagnostics', async () => {
    const client = server.get();
    const uri = 'file:///virtual/notes.txt';
    client.open(uri, 'message x = "not a spec, just notes"\n', 'plaintext');
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 9 } }), null);
    assert.deepEqual(await client.request('textDocument/diagnostic', { textDocument: { uri } }), { kind: 'full', items: [] });
    await stillServing();
  });

  test('garbage text is checked and every feature answers without an error', async () => {
    const client = server.get();
    const rnd = prng(7);
    const alphabet = '{}[]()"@\\/\n\t #=,:.-> agentmessagerunonaskreplyviewchapel\u0000\uFFFD\uD83D\uDE00é0123456789';
    let garbage = '';
    for (let i = 0; i < 4000; i++) garbage += alphabet[Math.floor(rnd() * alphabet.length)];
    garbage += '\uD800'; // a lone surrogate at the end
    const uri = 'file:///virtual/garbage.amp';
    client.open(uri, garbage);
    const report = await client.request<{ kind: string; items: { range: unknown }[] }>('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(report.kind, 'full');
    assert.ok(report.items.length > 0, 'garbage has syntax errors');
    const lines = garbage.split('\n').length;
    for (let line = 0; line < lines; line += 7) {
      for (const [method] of POSITION_REQUESTS) await client.request(method, { textDocument: { uri }, position: { line, character: line % 13 } });
    }
    for (const [method] of DOCUMENT_REQUESTS) await client.request(method, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    await client.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } } });
    await client.request('textDocument/semanticTokens/range', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } } });
    await client.request('workspace/symbol', { query: 'a' });
    assert.deepEqual(client.logLines().filter((l) => /failed/.test(l)), [], 'no handler failed');
    await stillServing();
  });

  test('malformed notifications are logged and ignored; the documents stay in sync', async () => {
    const client = server.get();
    client.notify('textDocument/didOpen', { textDocument: { uri: 'file:///virtual/bad.amp', languageId: 'amp', version: 1 } });
    client.notify('textDocument/didOpen', {});
    client.notify('textDocument/didChange', { textDocument: { uri: hover.uri, version: 2 }, contentChanges: [{ range: 'nope', text: 'x' }] });
    client.notify('textDocument/didChange', { textDocument: { uri: hover.uri }, contentChanges: [{ text: 'x' }] });
    client.notify('textDocument/didChange', { textDocument: { uri: 'file:///virtual/never-opened.amp', version: 2 }, contentChanges: [{ text: 'x' }] });
    client.notify('textDocument/didClose', { textDocument: {} });
    client.notify('workspace/didChangeWatchedFiles', { changes: 'everything' });
    client.notify('workspace/didChangeConfiguration', 'not an object');
    await client.waitFor('the malformed didOpen to be logged', () => client.logLines().find((l) => /malformed textDocument\/didOpen/.test(l)));
    // The open document was not changed by the malformed changes: its hover still reads the original text.
    await stillServing();
    assert.deepEqual(await client.request('textDocument/hover', { textDocument: { uri: 'file:///virtual/bad.amp' }, position: { line: 0, character: 0 } }), null);
  });
});
