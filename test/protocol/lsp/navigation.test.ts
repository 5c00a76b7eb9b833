// Definition, references, document highlights and rename (prepareRename, a rename applied to the text, a refused
// collision, an invalid name) over the protocol, on fixtures/navigation.amp with the cursor on a pointer.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ResponseError } from 'vscode-jsonrpc/node';
import { LspClient, PULL_CLIENT, PUSH_CLIENT, type Location, type Range, type TextEdit } from './client';
import { applyTextEdits, fixture, positionOf, serverFor, textAt } from './helpers';

interface WorkspaceEdit {
  changes?: Record<string, TextEdit[]>;
  documentChanges?: { textDocument: { uri: string; version: number | null }; edits: TextEdit[] }[];
}

const f = fixture('navigation.amp');
const at = { textDocument: { uri: f.uri }, position: f.position };
/** The three `xs` of the file: the declaration, the pointer under the cursor, and the pointer in the second run. */
const declarationAt = f.text.indexOf('\nmessage xs') + '\nmessage '.length;
/** The cursor sits inside the name (`[x$0s]`); the name starts one character before it. */
const firstUseAt = f.offset! - 1;
const firstUse = f.lines.positionAt(firstUseAt);
const secondUseAt = f.text.lastIndexOf('[xs]') + 1;
const declaration = f.lines.positionAt(declarationAt);
const secondUse = f.lines.positionAt(secondUseAt);

describe('navigation', () => {
  const server = serverFor({ capabilities: PULL_CLIENT });

  test('definition of a pointer is its message declaration', async () => {
    server.get().open(f.uri, f.text);
    const defs = await server.get().request<Location[]>('textDocument/definition', at);
    assert.equal(defs.length, 1);
    assert.equal(defs[0].uri, f.uri);
    assert.deepEqual(defs[0].range.start, declaration);
    assert.equal(textAt(f.text, defs[0].range), 'xs');
  });

  test('references list the declaration (when asked) and every use', async () => {
    const client = server.get();
    const all = await client.request<Location[]>('textDocument/references', { ...at, context: { includeDeclaration: true } });
    assert.deepEqual(all.map((l) => l.range.start), [declaration, firstUse, secondUse]);
    const usesOnly = await client.request<Location[]>('textDocument/references', { ...at, context: { includeDeclaration: false } });
    assert.deepEqual(usesOnly.map((l) => l.range.start), [firstUse, secondUse]);
    assert.ok(all.every((l) => l.uri === f.uri && textAt(f.text, l.range) === 'xs'));
  });

  test('document highlights mark the declaration as a write and the uses as reads', async () => {
    const highlights = await server.get().request<{ range: Range; kind: number }[]>('textDocument/documentHighlight', at);
    assert.deepEqual(highlights.map((h) => [h.range.start.line, h.kind]), [[declaration.line, 3], [f.position!.line, 2], [secondUse.line, 2]]);
  });

  test('prepareRename gives the name and its range', async () => {
    const prepared = await server.get().request<{ range: Range; placeholder: string }>('textDocument/prepareRename', at);
    assert.equal(prepared.placeholder, 'xs');
    assert.equal(textAt(f.text, prepared.range), 'xs');
  });

  test('prepareRename on a built-in agent is refused with the reason', async () => {
    const client = server.get();
    const text = 'agent A {\n  on "go" {\n    let r = ask Compare "which is smaller, [r] or [r]?"\n    reply "[r]"\n  }\n}\n';
    const uri = 'file:///virtual/builtin.amp';
    client.open(uri, text);
    await assert.rejects(
      client.request('textDocument/prepareRename', { textDocument: { uri }, position: positionOf(text, 'Compare', 2) }),
      (e: unknown) => e instanceof ResponseError && e.code === -32803 && /built-in/.test(e.message),
    );
  });

  test('rename edits the declaration and every use (versioned documentChanges), and the result checks clean', async () => {
    const edit = await server.get().request<WorkspaceEdit>('textDocument/rename', { ...at, newName: 'zs' });
    assert.equal(edit.changes, undefined);
    assert.equal(edit.documentChanges?.length, 1);
    const change = edit.documentChanges![0];
    assert.deepEqual(change.textDocument, { uri: f.uri, version: 1 });
    assert.equal(change.edits.length, 3);
    let expected = f.text;
    for (const offset of [secondUseAt, firstUseAt, declarationAt]) expected = `${expected.slice(0, offset)}zs${expected.slice(offset + 2)}`;
    const renamed = applyTextEdits(f.text, change.edits);
    assert.equal(renamed, expected);
    const uri = 'file:///virtual/renamed.amp';
    server.get().open(uri, renamed);
    const report = await server.get().request<{ items: unknown[] }>('textDocument/diagnostic', { textDocument: { uri } });
    assert.deepEqual(report.items, []);
  });

  test('a rename that would collide is refused with the reason (RequestFailed)', async () => {
    await assert.rejects(
      server.get().request('textDocument/rename', { ...at, newName: 'ys' }),
      (e: unknown) => e instanceof ResponseError && e.code === -32803 && /already has that name/.test(e.message),
    );
  });

  test('a rename to something that is not a name is refused', async () => {
    await assert.rejects(
      server.get().request('textDocument/rename', { ...at, newName: 'two words' }),
      (e: unknown) => e instanceof ResponseError && e.code === -32803,
    );
  });

  test('where there is no name, definition and references are empty and prepareRename is null', async () => {
    const client = server.get();
    const blank = { textDocument: { uri: f.uri }, position: { line: 2, character: 0 } };
    assert.deepEqual(await client.request('textDocument/definition', blank), []);
    assert.deepEqual(await client.request('textDocument/references', { ...blank, context: { includeDeclaration: true } }), []);
    assert.equal(await client.request('textDocument/prepareRename', blank), null);
  });
});

describe('rename for a client without documentChanges', () => {
  test('the edit comes as a `changes` map keyed by URI', async () => {
    const { client } = await LspClient.start({ capabilities: PUSH_CLIENT });
    try {
      client.open(f.uri, f.text);
      const edit = await client.request<WorkspaceEdit>('textDocument/rename', { ...at, newName: 'zs' });
      assert.equal(edit.documentChanges, undefined);
      assert.deepEqual(Object.keys(edit.changes!), [f.uri]);
      assert.equal(edit.changes![f.uri].length, 3);
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
    }
  });
});
