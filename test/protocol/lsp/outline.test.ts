// Document symbols (hierarchical and flat), workspace symbols (open documents and the workspace's files on disk),
// folding ranges, semantic tokens (full, delta, range) and inlay hints (with amp.inlayHints.budgets) over the protocol.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { SEMANTIC_TOKEN_TYPES } from '../../../core/ide/semantic-tokens';
import { FIXTURES, LspClient, PULL_CLIENT, PUSH_CLIENT, uriOf, type Range } from './client';
import { fixture, serverFor, textAt } from './helpers';

interface DocumentSymbol {
  name: string;
  kind: number;
  detail?: string;
  range: Range;
  selectionRange: Range;
  children?: DocumentSymbol[];
}
interface SymbolInformation {
  name: string;
  kind: number;
  containerName?: string;
  location: { uri: string; range: Range };
}
interface InlayHint {
  position: { line: number; character: number };
  label: string;
}

const f = fixture('outline.amp');
const doc = { textDocument: { uri: f.uri } };

/** Decodes LSP's relative token data into [text, type name] pairs. */
function decode(data: number[], text: string): [string, string, number][] {
  const lines = text.split('\n');
  const out: [string, string, number][] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
    out.push([lines[line].slice(char, char + data[i + 2]), SEMANTIC_TOKEN_TYPES[data[i + 3]], line]);
  }
  return out;
}

describe('outline, folding, semantic tokens and inlay hints', () => {
  const server = serverFor({ capabilities: PULL_CLIENT, workspaceFolders: [FIXTURES] });

  test('document symbols form the outline: header, messages, agents with handlers and their bindings, runs', async () => {
    server.get().open(f.uri, f.text);
    const symbols = await server.get().request<DocumentSymbol[]>('textDocument/documentSymbol', doc);
    assert.deepEqual(symbols.map((s) => s.name), ['ethics header', 'empty', 'xs', 'Min', 'Reporter', 'smallest of xs']);
    const min = symbols.find((s) => s.name === 'Min')!;
    assert.equal(min.kind, 5, 'an agent is a Class');
    assert.equal(textAt(f.text, min.selectionRange), 'Min');
    const handler = min.children![0];
    assert.equal(handler.kind, 6, 'a handler is a Method');
    assert.deepEqual(handler.children!.map((c) => c.name), ['list', 'head', 'rest', 'restMin', 'smaller']);
    // The range covers the whole agent, the selection only its name, inside it.
    assert.ok(min.range.start.line < min.range.end.line);
  });

  test('workspace symbols search the open documents and the .amp files of the workspace folders', async () => {
    const symbols = await server.get().request<SymbolInformation[]>('workspace/symbol', { query: 'Herald' });
    // Herald is declared in fixtures that are not open (annotation.amp, governed/spec.amp, signature.amp): found on disk.
    const uris = symbols.filter((s) => s.name === 'Herald').map((s) => s.location.uri).sort();
    assert.deepEqual(uris, [uriOf(join(FIXTURES, 'annotation.amp')), uriOf(join(FIXTURES, 'governed', 'spec.amp')), uriOf(join(FIXTURES, 'signature.amp'))].sort());
    const reporter = await server.get().request<SymbolInformation[]>('workspace/symbol', { query: 'Reporter' });
    const open = reporter.find((s) => s.location.uri === f.uri)!;
    assert.ok(open, JSON.stringify(reporter));
    assert.equal(textAt(f.text, open.location.range).split('\n')[0], 'agent Reporter {');
  });

  test('the open document wins over its file on disk in workspace symbols', async () => {
    const client = server.get();
    // Open the navigation fixture with a renamed agent: the search sees the open text, not the disk.
    const nav = fixture('navigation.amp');
    client.open(nav.uri, nav.text.replace(/\bMin\b/g, 'Minimum'));
    const found = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'Minimum' });
    assert.ok(found.some((s) => s.location.uri === nav.uri && s.name === 'Minimum'), JSON.stringify(found));
    client.close(nav.uri);
  });

  test('folding ranges cover the header, comment runs and blocks', async () => {
    const ranges = await server.get().request<{ startLine: number; endLine: number; kind?: string }[]>('textDocument/foldingRange', doc);
    assert.deepEqual(ranges[0], { startLine: 0, endLine: 5, kind: 'comment' }, 'the header block');
    const agentLine = f.text.split('\n').indexOf('agent Min {');
    assert.ok(ranges.some((r) => r.startLine === agentLine && r.kind === undefined), JSON.stringify(ranges));
    assert.ok(ranges.every((r) => r.endLine > r.startLine));
  });

  test('semantic tokens: full, then a delta against it, and a range', async () => {
    const client = server.get();
    const full = await client.request<{ resultId: string; data: number[] }>('textDocument/semanticTokens/full', doc);
    assert.equal(typeof full.resultId, 'string');
    const tokens = decode(full.data, f.text);
    const find = (t: string, type: string) => tokens.find(([text, ty]) => text === t && ty === type);
    assert.ok(find('Min', 'class'), 'agents are classes');
    assert.ok(find('@hazard', 'decorator'), 'annotations are decorators');
    assert.ok(find('"E_ext_max_const"', 'property'), 'header keys are properties');
    assert.ok(find('xs', 'variable'), 'messages are variables');
    // Nothing changed: the delta has no edits.
    const delta = await client.request<{ resultId: string; edits: unknown[] }>('textDocument/semanticTokens/full/delta', { ...doc, previousResultId: full.resultId });
    assert.deepEqual(delta.edits, []);
    // A delta against an unknown result is a full result.
    const unknown = await client.request<{ data?: number[] }>('textDocument/semanticTokens/full/delta', { ...doc, previousResultId: 'no-such-result' });
    assert.deepEqual(unknown.data, full.data);
    const reporterLine = f.text.split('\n').indexOf('agent Reporter {');
    const range = await client.request<{ data: number[] }>('textDocument/semanticTokens/range', {
      ...doc,
      range: { start: { line: reporterLine, character: 0 }, end: { line: reporterLine + 8, character: 0 } },
    });
    const inRange = decode(range.data, f.text);
    assert.ok(inRange.length > 0 && inRange.every(([, , line]) => line >= reporterLine && line <= reporterLine + 8), JSON.stringify(inRange));
    assert.ok(inRange.some(([text]) => text === 'Reporter'));
  });

  test('a delta after an edit, applied to the previous tokens, gives the new full tokens', async () => {
    const client = server.get();
    const uri = 'file:///virtual/tokens.amp';
    client.open(uri, f.text);
    const before = await client.request<{ resultId: string; data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } });
    const line = f.text.split('\n').indexOf('message xs = "the list with first element (7) and remaining elements [empty]"');
    client.change(uri, 2, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'message ys = "[xs] and [empty]"\n' }]);
    const delta = await client.request<{ resultId: string; edits: { start: number; deleteCount: number; data?: number[] }[] }>('textDocument/semanticTokens/full/delta', {
      textDocument: { uri },
      previousResultId: before.resultId,
    });
    assert.ok(delta.edits.length > 0);
    const patched = [...before.data];
    for (const e of [...delta.edits].sort((a, b) => b.start - a.start)) patched.splice(e.start, e.deleteCount, ...(e.data ?? []));
    const after = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.deepEqual(patched, after.data);
    assert.ok(after.data.length > before.data.length);
  });

  test('inlay hints show the budget a bare ask hands on', async () => {
    const hints = await server.get().request<InlayHint[]>('textDocument/inlayHint', { ...doc, range: { start: { line: 0, character: 0 }, end: { line: 60, character: 0 } } });
    const bareAsk = f.text.split('\n').findIndex((l) => l.includes('let restMin = ask Min'));
    const hint = hints.find((h) => h.position.line === bareAsk);
    assert.ok(hint, JSON.stringify(hints));
    assert.match(hint.label, /budget/);
  });
});

describe('settings and flat symbols', () => {
  test('amp.inlayHints.budgets: false hides the budget hints; a client without hierarchy gets flat symbols', async () => {
    const { client } = await LspClient.start({ capabilities: PUSH_CLIENT, settings: { inlayHints: { budgets: false } } });
    try {
      client.open(f.uri, f.text);
      const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { ...doc, range: { start: { line: 0, character: 0 }, end: { line: 60, character: 0 } } });
      assert.ok(hints.every((h) => !/budget/.test(h.label)), JSON.stringify(hints));
      const flat = await client.request<SymbolInformation[]>('textDocument/documentSymbol', doc);
      const handler = flat.find((s) => s.kind === 6)!;
      assert.equal(handler.containerName, 'Min');
      assert.ok(flat.some((s) => s.name === 'restMin' && s.containerName === handler.name));
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
    }
  });
});
