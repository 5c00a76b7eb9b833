// Hover, completion (with resolve, snippets, and plain text for clients without snippets or markdown) and signature
// help over the protocol, on fixtures with a `$0` cursor.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LspClient, PULL_CLIENT, PUSH_CLIENT, type Range } from './client';
import { fixture, serverFor, textAt } from './helpers';

interface Hover {
  contents: { kind: string; value: string };
  range?: Range;
}
interface CompletionItem {
  label: string;
  textEditText?: string;
  kind?: number;
  detail?: string;
  documentation?: { kind: string; value: string };
  insertText?: string;
  insertTextFormat?: number;
  textEdit?: { newText: string; range?: Range; insert?: Range; replace?: Range };
  data?: unknown;
}
interface SignatureHelp {
  signatures: { label: string; documentation?: { kind: string; value: string }; parameters: { label: string | [number, number] }[] }[];
  activeSignature: number;
  activeParameter: number;
}

describe('hover, completion and signature help (markdown, snippets, lazy documentation)', () => {
  const server = serverFor({ capabilities: PULL_CLIENT });

  test('hover on a pointer shows its message, expanded, over the pointer name', async () => {
    const f = fixture('hover.amp');
    server.get().open(f.uri, f.text);
    const hover = await server.get().request<Hover>('textDocument/hover', { textDocument: { uri: f.uri }, position: f.position });
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /message xs = "the list with first element \(7\) and remaining elements \[l2\]"/);
    // The expansion follows [l2] into its text.
    assert.match(hover.contents.value, /remaining elements \(the list with first element \(3\)/);
    assert.equal(textAt(f.text, hover.range!), 'xs');
  });

  test('hover where there is nothing to say (a blank line) is null', async () => {
    const f = fixture('hover.amp');
    const hover = await server.get().request('textDocument/hover', { textDocument: { uri: f.uri }, position: { line: 1, character: 0 } });
    assert.equal(hover, null);
  });

  test('completion inside a pointer offers the names in scope, replacing what was typed', async () => {
    const f = fixture('completion.amp');
    server.get().open(f.uri, f.text);
    const list = await server.get().request<{ isIncomplete: boolean; items: CompletionItem[]; itemDefaults?: { editRange?: { insert: Range; replace: Range } } }>('textDocument/completion', {
      textDocument: { uri: f.uri },
      position: f.position,
      context: { triggerKind: 1 },
    });
    const labels = list.items.map((i) => i.label);
    for (const name of ['head', '_rest', 'list', 'xs', 'empty']) assert.ok(labels.includes(name), `${name} in ${labels.join(', ')}`);
    const head = list.items.find((i) => i.label === 'head')!;
    assert.equal(head.kind, 6, 'a pointer completes as a Variable');
    // The items share one edit range, sent once as the list's default: the typed `h` is what they replace.
    assert.equal(head.textEdit, undefined);
    assert.equal(textAt(f.text, list.itemDefaults!.editRange!.insert), 'h');
    assert.equal(textAt(f.text, list.itemDefaults!.editRange!.replace), 'h');
    const xs = list.items.find((i) => i.label === 'xs')!;
    assert.equal(xs.kind, 21, 'a message completes as a Constant');
  });

  test('documentation is left to completionItem/resolve when the client resolves it lazily', async () => {
    const f = fixture('annotation.amp');
    server.get().open(f.uri, f.text);
    const list = await server.get().request<{ items: CompletionItem[] }>('textDocument/completion', { textDocument: { uri: f.uri }, position: f.position });
    assert.ok(list.items.length > 0);
    const hazard = list.items.find((i) => i.label === 'hazard')!;
    assert.ok(hazard, list.items.map((i) => i.label).join(', '));
    assert.equal(hazard.insertTextFormat, 2, 'annotations complete as snippets');
    assert.match(hazard.textEditText ?? hazard.textEdit?.newText ?? '', /^hazard\(\$\{1\|low,medium,high,existential\|\}\)$/);
    assert.equal(hazard.documentation, undefined);
    assert.equal(hazard.data, undefined, 'the data the resolve needs is the list default');
    const resolveData = (list as { itemDefaults?: { data?: unknown } }).itemDefaults?.data;
    assert.ok(resolveData);
    // The client merges the default data into the item it resolves.
    const resolved = await server.get().request<CompletionItem>('completionItem/resolve', { ...hazard, data: resolveData });
    assert.equal(resolved.documentation?.kind, 'markdown');
    assert.ok(resolved.documentation!.value.length > 0);
    assert.equal(resolved.label, 'hazard');
  });

  test('resolve of an item it does not know returns the item unchanged', async () => {
    const item = { label: 'whatever', data: { uri: 'file:///nowhere.amp', version: 1, offset: 0, index: 3 } };
    assert.deepEqual(await server.get().request('completionItem/resolve', item), item);
  });

  test('signature help inside annotation arguments shows the annotation and the active parameter', async () => {
    const f = fixture('signature.amp');
    server.get().open(f.uri, f.text);
    const help = await server.get().request<SignatureHelp>('textDocument/signatureHelp', {
      textDocument: { uri: f.uri },
      position: f.position,
      context: { triggerKind: 2, triggerCharacter: '(', isRetrigger: false },
    });
    assert.equal(help.signatures.length, 1);
    const sig = help.signatures[0];
    assert.match(sig.label, /^@hazard\(/);
    assert.equal(help.activeParameter, 0);
    const label = sig.parameters[0].label as [number, number];
    assert.ok(Array.isArray(label), 'labels are offsets for a client with labelOffsetSupport');
    assert.match(sig.label.slice(label[0], label[1]), /low/);
    assert.equal(sig.documentation?.kind, 'markdown');
  });

  test('signature help outside any call is null', async () => {
    const f = fixture('signature.amp');
    const help = await server.get().request('textDocument/signatureHelp', { textDocument: { uri: f.uri }, position: { line: 0, character: 3 } });
    assert.equal(help, null);
  });
});

describe('a client without snippets, markdown or lazy resolve', () => {
  test('gets plain text insertions, inline documentation, plain-text hovers and string parameter labels', async () => {
    const { client } = await LspClient.start({ capabilities: PUSH_CLIENT, settings: { diagnostics: { delayMs: 0 } } });
    try {
      const a = fixture('annotation.amp');
      client.open(a.uri, a.text);
      const list = await client.request<{ items: CompletionItem[] }>('textDocument/completion', { textDocument: { uri: a.uri }, position: a.position });
      const hazard = list.items.find((i) => i.label === 'hazard')!;
      assert.equal(hazard.insertTextFormat, undefined);
      assert.equal(hazard.textEdit!.newText, 'hazard(low)', 'the snippet becomes its first choice');
      assert.equal(hazard.documentation?.kind, 'plaintext');
      assert.equal(hazard.data, undefined);

      const h = fixture('hover.amp');
      client.open(h.uri, h.text);
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: h.uri }, position: h.position });
      assert.equal(hover.contents.kind, 'plaintext');

      const s = fixture('signature.amp');
      client.open(s.uri, s.text);
      const help = await client.request<SignatureHelp>('textDocument/signatureHelp', { textDocument: { uri: s.uri }, position: s.position });
      assert.equal(typeof help.signatures[0].parameters[0].label, 'string');
      assert.match(help.signatures[0].parameters[0].label as string, /low/);
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
    }
  });
});

describe('an editor that contributes its own snippets', () => {
  const SNIPPET = 15; // CompletionItemKind.Snippet
  const complete = async (initializationOptions?: unknown) => {
    const { client } = await LspClient.start({ capabilities: PULL_CLIENT, settings: { diagnostics: { delayMs: 0 } }, initializationOptions });
    try {
      const uri = 'file:///snippets/top.amp';
      client.open(uri, 'message a = "x"\n\n');
      const list = await client.request<{ items: CompletionItem[] }>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 0 } });
      assert.equal(await client.shutdown(), 0);
      return list.items;
    } finally {
      client.kill();
    }
  };

  test('gets the keywords without the server snippets, which other editors get', async () => {
    const plain = await complete();
    assert.ok(plain.some((i) => i.kind === SNIPPET), 'other editors get the server snippets');
    const vscode = await complete({ editorSnippets: true });
    assert.deepEqual(vscode.filter((i) => i.kind === SNIPPET).map((i) => i.label), []);
    assert.ok(vscode.some((i) => i.label === 'agent'), 'the keywords stay');
  });
});
