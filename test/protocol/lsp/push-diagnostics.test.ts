// Published diagnostics (a client without pull diagnostics): on open, after incremental changes, when a file becomes
// clean, under a burst of edits (the last publication matches the final text), and cleared on close.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { checkDocument } from '../../../core/check/index';
import { LineIndex } from '../../../core/text';
import { LspClient, PUSH_CLIENT, type PublishDiagnosticsParams } from './client';
import { assertMatchesAnnotations, fixture, positionOf, serverFor } from './helpers';

describe('published diagnostics', () => {
  // delayMs 0: every change is checked at once, so each edit below has a publication to wait for.
  const server = serverFor({ capabilities: PUSH_CLIENT, settings: { diagnostics: { delayMs: 0 } } });

  test('didOpen publishes the checker diagnostics with codes, ranges, tags, related places and links', async () => {
    const client = server.get();
    const f = fixture('diagnostics.amp');
    client.open(f.uri, f.text);
    const published = await client.nextDiagnostics(f.uri, 0);
    assert.equal(published.version, 1);
    assertMatchesAnnotations(f, published.diagnostics);

    const duplicate = published.diagnostics.find((d) => d.code === 'AMP-N004')!;
    assert.equal(duplicate.relatedInformation?.length, 1);
    assert.equal(duplicate.relatedInformation![0].location.uri, f.uri);
    assert.deepEqual(duplicate.relatedInformation![0].location.range.start, positionOf(f.text, 'xs = "the list with first element (7)'));

    const unused = published.diagnostics.find((d) => d.code === 'AMP-N003')!;
    assert.deepEqual(unused.tags, [1], 'an unused message is tagged Unnecessary');
    assert.equal(unused.source, 'amp');

    // Codes link to their section of the language reference, at the heading's line.
    const href = duplicate.codeDescription?.href ?? '';
    const m = /^file:\/\/.*\/docs\/language\.md#L(\d+)$/.exec(href);
    assert.ok(m, `codeDescription.href should link into docs/language.md, got ${href}`);
    const reference = (await import('node:fs')).readFileSync(new URL(href.replace(/#.*$/, '')), 'utf8').split('\n');
    assert.match(reference[Number(m[1]) - 1], /^### AMP-N004 /);
  });

  test('an incremental didChange publishes the diagnostics of the new text, for its version', async () => {
    const client = server.get();
    const f = fixture('diagnostics.amp');
    const before = client.published(f.uri).length;
    // Fix the undefined pointer: [smallr] → [smaller].
    const at = positionOf(f.text, 'smallr]', 'small'.length);
    client.change(f.uri, 2, [{ range: { start: at, end: at }, text: 'e' }]);
    const published = await client.nextDiagnostics(f.uri, before);
    assert.equal(published.version, 2);
    const codes = published.diagnostics.map((d) => d.code).sort();
    assert.deepEqual(codes, ['AMP-N003', 'AMP-N004', 'AMP-N005']);
  });

  test('columns count UTF-16 code units, as LSP positions do', async () => {
    const client = server.get();
    const uri = 'file:///virtual/emoji.amp';
    // The emoji is one character on screen, two UTF-16 code units.
    client.open(uri, 'message greet = "\u{1F600} [nmae]"\n');
    const published = await client.nextDiagnostics(uri, 0);
    const undefinedPointer = published.diagnostics.find((d) => d.code === 'AMP-N001')!;
    assert.deepEqual(undefinedPointer.range, { start: { line: 0, character: 21 }, end: { line: 0, character: 25 } });
  });

  test('a file that becomes clean gets an empty list', async () => {
    const client = server.get();
    const uri = 'file:///virtual/becomes-clean.amp';
    const text = 'message greeting = "hello [nmae]"\nmessage name = "world"\n\nrun "greet" {\n  ask Compare "which is smaller, [greeting] or [name]?" budget 5\n}\n';
    client.open(uri, text);
    const first = await client.nextDiagnostics(uri, 0);
    assert.ok(first.diagnostics.some((d) => d.code === 'AMP-N001'), JSON.stringify(first.diagnostics));
    // Fix the typo: [nmae] → [name].
    const typo = positionOf(text, 'nmae');
    client.change(uri, 2, [{ range: { start: typo, end: { line: typo.line, character: typo.character + 4 } }, text: 'name' }]);
    const second = await client.nextDiagnostics(uri, 1);
    assert.equal(second.version, 2);
    assert.deepEqual(second.diagnostics, []);
  });

  test('a chain of edits, reparsed incrementally by the server, publishes what a fresh check of each text gives', async () => {
    const client = server.get();
    const uri = 'file:///virtual/incremental.amp';
    let text = readFileSync('samples/sort.amp', 'utf8');
    client.open(uri, text);
    await client.nextDiagnostics(uri, 0);
    const steps: [string, string][] = [
      ['type in a message', text.replace(/(message \w+ = ")/, '$1x')],
      ['add a pointer nothing defines (the binder reports it; the parse stays clean)', text.replace(/(message \w+ = ")/, '$1[nowhere] ')],
      ['break the syntax: an unterminated message (the reparse falls back)', text.replace(/(message \w+ = ".*)"/, '$1')],
      ['mend it, from a text with errors (a full parse)', text],
      ['add an item at the end', `${text}\nmessage extra = "more"\n`],
      ['and take it away again', text],
    ];
    let version = 1;
    for (const [what, next] of steps) {
      const before = client.published(uri).length;
      client.change(uri, ++version, [{ text: next }]);
      const published = await client.nextDiagnostics(uri, before);
      assert.equal(published.version, version, what);
      const lines = new LineIndex(next);
      const expected = checkDocument({ path: 'incremental.amp', text: next }).diagnostics.map((d) => `${d.code} ${JSON.stringify(lines.positionAt(d.start))} ${d.message}`);
      const got = published.diagnostics.map((d) => `${d.code} ${JSON.stringify(d.range.start)} ${d.message}`);
      assert.deepEqual(got.sort(), expected.sort(), what);
      text = next;
    }
  });

  test('under 20 rapid edits, the last publication is for the final text', async () => {
    const client = server.get();
    const uri = 'file:///virtual/rapid.amp';
    let text = 'message base = "the base"\n';
    client.open(uri, text);
    await client.nextDiagnostics(uri, 0);
    // Each edit appends a message that points at a name defined only by the next edit, so every intermediate text has
    // exactly one undefined pointer and the final one (which closes the chain) has none but the unused message.
    const lines = () => new LineIndex(text);
    for (let i = 1; i <= 20; i++) {
      const line = i < 20 ? `message m${i} = "see [m${i + 1}] and [base]"\n` : `message m${i} = "the end of the chain, after [base]"\n`;
      const end = lines().positionAt(text.length);
      client.change(uri, i + 1, [{ range: { start: end, end }, text: line }]);
      text += line;
    }
    const last = await client.waitFor('diagnostics for version 21', () => client.published(uri).find((p) => p.version === 21));
    // Nothing older may arrive after the final version's publication.
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }).catch(() => undefined);
    const all = client.published(uri);
    assert.equal(all[all.length - 1], last, `a publication arrived after version 21's: ${JSON.stringify(all.slice(-3).map((p) => p.version))}`);
    const versions = all.map((p) => p.version ?? -1);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'publications arrive in version order');
    assert.deepEqual(last.diagnostics.map((d) => `${d.code}@${d.range.start.line}`), ['AMP-N003@1'], 'only m1 is unused in the final text');
  });

  test('closing a document clears its diagnostics', async () => {
    const client = server.get();
    const f = fixture('diagnostics.amp');
    const before = client.published(f.uri).length;
    client.close(f.uri);
    const cleared: PublishDiagnosticsParams = await client.nextDiagnostics(f.uri, before);
    assert.deepEqual(cleared.diagnostics, []);
  });
});

describe('the debounce (amp.diagnostics.delayMs, default 150 ms)', () => {
  const server = serverFor({ capabilities: PUSH_CLIENT });

  test('a burst of edits is checked once the typing stops: the pending check is cancelled by each newer change', async () => {
    const client = server.get();
    const uri = 'file:///virtual/debounced.amp';
    client.open(uri, '');
    await client.nextDiagnostics(uri, 0);
    for (let i = 1; i <= 20; i++) client.change(uri, i + 1, [{ range: { start: { line: i - 1, character: 0 }, end: { line: i - 1, character: 0 } }, text: `message m${i} = "[m${i + 1}]"\n` }]);
    const last = await client.waitFor('diagnostics for version 21', () => client.published(uri).find((p) => p.version === 21));
    const afterOpen = client.published(uri).slice(1);
    assert.ok(afterOpen.length < 20, `${afterOpen.length} publications for 20 edits: the debounce did not coalesce them`);
    // m1 is unused, m21 is undefined.
    assert.deepEqual(last.diagnostics.map((d) => d.code).sort(), ['AMP-N001', 'AMP-N003']);
  });
});

describe('diagnostic settings, read per document', () => {
  // One error (the undefined pointer) and three warnings (unused messages) in this text.
  const text = 'message a = "[missing]"\nmessage b = "bee"\nmessage c = "sea"\n';
  const server = serverFor({ capabilities: PUSH_CLIENT, settings: { diagnostics: { delayMs: 0 }, maxNumberOfProblems: 2 } });

  test('settings are asked for with the document as scope; maxNumberOfProblems keeps errors first', async () => {
    const client = server.get();
    const uri = 'file:///virtual/limited.amp';
    client.open(uri, text);
    const published = await client.nextDiagnostics(uri, 0);
    // The error and the first warning, in position order (the unused `a` comes before its pointer).
    assert.deepEqual(published.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`), ['AMP-N003@0:8', 'AMP-N001@0:14']);
    const asked = client.serverRequests.filter((r) => r.method === 'workspace/configuration');
    assert.ok(asked.some((r) => JSON.stringify(r.params) === JSON.stringify({ items: [{ scopeUri: uri, section: 'amp' }] })), JSON.stringify(asked));
  });

  test('didChangeConfiguration re-reads the settings and re-checks: diagnostics.enable false publishes nothing', async () => {
    const client = server.get();
    const uri = 'file:///virtual/limited.amp';
    client.settings = { diagnostics: { enable: false, delayMs: 0 } };
    const from = client.published(uri).length;
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const off = await client.nextDiagnostics(uri, from);
    assert.deepEqual(off.diagnostics, []);
    client.settings = { diagnostics: { delayMs: 0 } };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const on = await client.nextDiagnostics(uri, from + 1);
    assert.equal(on.diagnostics.length, 4);
  });
});

describe('a client that cannot be asked for settings', () => {
  test('initializationOptions, then didChangeConfiguration, carry its settings', async () => {
    const { client } = await LspClient.start({ capabilities: {}, initializationOptions: { diagnostics: { enable: false } } });
    try {
      const uri = 'file:///virtual/no-config.amp';
      client.open(uri, 'message a = "[missing]"\n');
      assert.deepEqual((await client.nextDiagnostics(uri, 0)).diagnostics, []);
      client.notify('workspace/didChangeConfiguration', { settings: { amp: { diagnostics: { enable: true, delayMs: 0 } } } });
      const on = await client.nextDiagnostics(uri, 1);
      assert.deepEqual(on.diagnostics.map((d) => d.code).sort(), ['AMP-N001', 'AMP-N003']);
      assert.deepEqual(client.serverRequests.filter((r) => r.method === 'workspace/configuration'), []);
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
    }
  });
});
