// Parser behaviour the goldens cannot state on their own: which declarations survive error recovery, that the parser
// fixtures exercise every syntax code it reports, and how deep nesting is handled.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { checkDocument } from '../../core/check/index';
import { declName, messageOf, messageString } from '../../core/syntax/ast';
import { MAX_NESTING, parse } from '../../core/syntax/parser';
import { childNodes, treeText } from '../../core/syntax/tree';
import { filesUnder } from '../harness/index';

/** The top-level items of a text as `Kind name` (the name when the item has one). */
function items(text: string): string[] {
  const { tree } = parse(text);
  return childNodes(tree)
    .filter((n) => n.kind !== 'Header')
    .map((n) => (n.kind === 'Error' ? 'Error' : `${n.kind} ${(n.kind === 'RunDecl' ? messageString(messageOf(n), text) : declName(n, text)?.text) ?? '?'}`));
}

describe('error recovery keeps the next declaration', () => {
  test('an unclosed brace ends at the next declaration in column 1', () => {
    assert.deepEqual(items('agent Open {\n  on "go" {\n    reply "x"\n\nagent Next {}\nmessage m = "m"\n'), ['AgentDecl Open', 'AgentDecl Next', 'MessageDecl m']);
  });

  test('an unterminated message ends at its line', () => {
    assert.deepEqual(items('message a = "no end [x]\nmessage b = "b"\n'), ['MessageDecl a', 'MessageDecl b']);
  });

  test('garbage between items becomes one Error node each time', () => {
    assert.deepEqual(items('message a = "a"\n42 ) ] } garbage\nmessage b = "b"\n= =\nrun "r" {}\n'), ['MessageDecl a', 'Error', 'MessageDecl b', 'Error', 'RunDecl r']);
  });

  test('a dangling annotation is reported once and its block still closes', () => {
    const text = 'agent A {\n  on "x" {\n    @hazard(high)\n  }\n}\nagent B {}\n';
    assert.deepEqual(items(text), ['AgentDecl A', 'AgentDecl B']);
    assert.deepEqual(parse(text).diagnostics.map((d) => [d.code, text.slice(d.start, d.end)]), [['AMP-P007', '@hazard(high)']]);
  });

  test('annotations before a declaration annotate it, blank lines or not', () => {
    assert.deepEqual(items('@self_rewrite(max_steps: 1)\n\nagent A {}\n'), ['AgentDecl A']);
  });

  test('a pointer left open ends with its line: the names on the next line are not read into it', () => {
    const text = 'message a = "see [x\nagent B {}\nmessage m = "[y z\n  reply\n';
    const { tree, diagnostics } = parse(text);
    assert.deepEqual(items(text), ['MessageDecl a', 'AgentDecl B', 'MessageDecl m', 'Error']);
    const pointers = parse(text).nodes.byKind.get('Pointer')!.map((p) => text.slice(p.start, p.end));
    assert.deepEqual(pointers, ['[x', '[y z']);
    assert.deepEqual(diagnostics.filter((d) => d.code === 'AMP-P003').map((d) => text.slice(d.start, d.end)), ['[x', '[y z']);
    assert.equal(treeText(tree, text), text);
  });

  test('an unmatched ) or ] in a message does not end the message', () => {
    const text = 'message m = "a ) b ] c"\nmessage n = "n"\n';
    const { diagnostics } = parse(text);
    assert.deepEqual(items(text), ['MessageDecl m', 'MessageDecl n']);
    assert.deepEqual(diagnostics.map((d) => [d.code, text.slice(d.start, d.end)]), [['AMP-P003', ')'], ['AMP-P003', ']']]);
  });
});

describe('the parser fixtures', () => {
  test('exercise every code the parser itself reports', () => {
    // P005, P006 (annotation checker) and P010 (placement rule) come from the checker, not the parser.
    const codes = new Set<string>();
    for (const path of filesUnder('test/fixtures/parser', '.amp')) for (const d of parse(readFileSync(path, 'utf8')).diagnostics) codes.add(d.code);
    assert.deepEqual([...codes].sort(), ['AMP-P001', 'AMP-P002', 'AMP-P003', 'AMP-P004', 'AMP-P007', 'AMP-P008', 'AMP-P009']);
  });
});

describe('deep nesting', () => {
  const chapels = (n: number) => 'agent A {\n  on "x" {\n' + 'chapel {\n'.repeat(n) + '}\n'.repeat(n) + '  }\n}\n';

  test('sixty-four nested chapels parse, check and stay lossless', () => {
    // The handler's block is level 1, so 63 chapels inside it reach the cap of 64 exactly.
    const text = chapels(MAX_NESTING - 1);
    const { tree, diagnostics } = parse(text);
    assert.deepEqual(diagnostics, []);
    assert.equal(treeText(tree, text), text);
    assert.doesNotThrow(() => checkDocument({ path: 'deep.amp', text }));
  });

  test('one level more is reported once, at the opening past the cap, and kept in the tree', () => {
    const text = chapels(MAX_NESTING);
    const { tree, diagnostics } = parse(text);
    assert.deepEqual(diagnostics.map((d) => d.code), ['AMP-P011']);
    const at = diagnostics[0].start;
    assert.equal(text.slice(at, diagnostics[0].end), '{');
    assert.equal(text.slice(0, at).split('chapel').length - 1, MAX_NESTING, 'reported at the last chapel\'s brace');
    assert.equal(treeText(tree, text), text);
  });

  test('fifty thousand nested chapels or sub-messages never throw, stay lossless and check', () => {
    for (const text of [chapels(50_000), 'message m = "' + '('.repeat(50_000) + 'x' + ')'.repeat(50_000) + '"\n']) {
      const { tree, diagnostics } = parse(text);
      assert.equal(treeText(tree, text), text);
      assert.deepEqual(diagnostics.map((d) => d.code), ['AMP-P011']);
      const checked = checkDocument({ path: 'deep.amp', text }).diagnostics;
      assert.ok(checked.some((d) => d.code === 'AMP-P011'));
      assert.ok(!checked.some((d) => /Internal checker error/.test(d.message)));
    }
  });

  test('an unclosed opening past the cap keeps the rest of the file in the tree', () => {
    const text = chapels(MAX_NESTING).replace(/\}\n/g, '');
    const { tree, diagnostics } = parse(text);
    assert.equal(treeText(tree, text), text);
    assert.ok(diagnostics.some((d) => d.code === 'AMP-P011'));
  });
});
