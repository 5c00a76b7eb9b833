// Document and range formatting over the protocol: the edits turn fixtures/format.amp into format.expected.amp,
// formatting again changes nothing, tabs follow insertSpaces, a range formats only inside it, and amp.format.enable.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FIXTURES, LspClient, PUSH_CLIENT, type TextEdit } from './client';
import { applyTextEdits, fixture, serverFor } from './helpers';

const f = fixture('format.amp');
const expected = readFileSync(join(FIXTURES, 'format.expected.amp'), 'utf8');
const spaces = { tabSize: 2, insertSpaces: true };

describe('formatting', () => {
  const server = serverFor({ capabilities: PUSH_CLIENT });

  test('document formatting gives the expected text, keeping comments', async () => {
    const client = server.get();
    client.open(f.uri, f.text);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: f.uri }, options: spaces });
    assert.ok(edits.length > 0);
    assert.equal(applyTextEdits(f.text, edits), expected);
  });

  test('formatting is idempotent: the formatted text gets no edits', async () => {
    const client = server.get();
    const uri = 'file:///virtual/formatted.amp';
    client.open(uri, expected);
    assert.deepEqual(await client.request('textDocument/formatting', { textDocument: { uri }, options: spaces }), []);
  });

  test('insertSpaces: false indents with tabs; tabSize 4 with four spaces', async () => {
    const client = server.get();
    const tabs = applyTextEdits(f.text, await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: f.uri }, options: { tabSize: 4, insertSpaces: false } }));
    assert.equal(tabs, expected.replace(/^( {2})+/gm, (m) => '\t'.repeat(m.length / 2)));
    const four = applyTextEdits(f.text, await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: f.uri }, options: { tabSize: 4, insertSpaces: true } }));
    assert.equal(four, expected.replace(/^( {2})+/gm, (m) => '    '.repeat(m.length / 2)));
  });

  test('insertFinalNewline: false leaves a missing final line break missing', async () => {
    const client = server.get();
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: f.uri }, options: { ...spaces, insertFinalNewline: false } });
    assert.equal(applyTextEdits(f.text, edits), expected.replace(/\n$/, ''));
  });

  test('range formatting changes only lines inside the range', async () => {
    const client = server.get();
    const lines = f.text.split('\n');
    const start = lines.indexOf('agent Echo {');
    const end = lines.indexOf('}', start);
    const edits = await client.request<TextEdit[]>('textDocument/rangeFormatting', {
      textDocument: { uri: f.uri },
      range: { start: { line: start, character: 0 }, end: { line: end, character: 1 } },
      options: spaces,
    });
    assert.ok(edits.length > 0);
    assert.ok(edits.every((e) => e.range.start.line >= start && e.range.end.line <= end), JSON.stringify(edits));
    const formatted = applyTextEdits(f.text, edits).split('\n');
    assert.equal(formatted[0 + lines.indexOf('message   greeting =    "hello [name]"')], 'message   greeting =    "hello [name]"', 'outside the range nothing changed');
    assert.deepEqual(formatted.slice(start, start + 6), ['agent Echo {', '  on "say [x]" {', '    // say it back', '    reply "[x]"', '  }', '}']);
  });
});

describe('amp.format.enable', () => {
  test('when false, formatting answers null', async () => {
    const { client } = await LspClient.start({ capabilities: PUSH_CLIENT, settings: { format: { enable: false } } });
    try {
      client.open(f.uri, f.text);
      assert.equal(await client.request('textDocument/formatting', { textDocument: { uri: f.uri }, options: spaces }), null);
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
    }
  });
});
