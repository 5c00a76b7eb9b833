// Document symbols (the outline) and workspace symbols (fuzzy search) from core/ide/symbols.ts: goldens for the IDE
// fixtures (UPDATE_EXPECT=1 rewrites them), focused cases, and the outline's invariants on every sample.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { AnalyzedDocument, Span } from '../../core/ide/document';
import { documentSymbols, fuzzyScore, workspaceSymbols, type DocumentSymbolInfo } from '../../core/ide/symbols';
import { assertSpanInside, corpus, crlf, doc, golden, goldenFixtures, goldenPath, show } from '../fixtures/ide/support';

/** The outline as indented lines: kind, name, detail, and where the selection is. */
function render(d: AnalyzedDocument, symbols: readonly DocumentSymbolInfo[], depth = 0): string[] {
  const out: string[] = [];
  for (const s of symbols) {
    out.push(`${'  '.repeat(depth)}${s.kind} ${s.name}${s.detail ? `  — ${s.detail}` : ''}  @ ${show(d, s.selection)}`);
    out.push(...render(d, s.children, depth + 1));
  }
  return out;
}

function contains(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** Selections inside spans, children inside parents, siblings in source order, no empty names. */
function assertWellFormed(text: string, symbols: readonly DocumentSymbolInfo[], parent?: DocumentSymbolInfo): void {
  let prev = -1;
  for (const s of symbols) {
    const what = `${s.kind} '${s.name}'`;
    assert.ok(s.name.length > 0, `${what}: empty name`);
    assertSpanInside(text, s.span, what);
    assert.ok(contains(s.span, s.selection), `${what}: selection outside its span`);
    if (parent) assert.ok(contains(parent.span, s.span), `${what}: outside its parent ${parent.kind} '${parent.name}'`);
    assert.ok(s.span.start >= prev, `${what}: out of source order`);
    prev = s.span.start;
    assertWellFormed(text, s.children, s);
  }
}

for (const path of goldenFixtures()) {
  test(`golden outline: ${path}`, () => {
    const d = doc(readFileSync(path, 'utf8'), path);
    const symbols = documentSymbols(d);
    assertWellFormed(d.text, symbols);
    golden(goldenPath(path, 'symbols'), render(d, symbols).join('\n') + '\n');
  });
}

test('outline: agents hold handlers named by their templates, which hold holes and bindings in order', () => {
  const d = doc(
    'agent Min {\n  on "min of [list]" {\n    view list as "a [head] then [rest]"\n    let m, Min2 = ask Min "min of [rest]"\n    reply "[m]"\n  }\n  on event incident_report {\n    let r = reflect\n  }\n}',
  );
  assert.deepEqual(render(d, documentSymbols(d)), [
    'agent Min  — 1 handler, 1 event handler  @ 1:7 "Min"',
    '  handler "min of [list]"  — holes: list  @ 2:6 "\\"min of [list]\\""',
    '    hole list  @ 2:15 "list"',
    '    hole head  @ 3:22 "head"',
    '    hole rest  @ 3:34 "rest"',
    '    let m  — ask Min "min of [rest]"  @ 4:9 "m"',
    '    let Min2  — new agent: ask Min "min of [rest]"  @ 4:12 "Min2"',
    '  event incident_report  — on event  @ 7:12 "incident_report"',
    '    let r  — reflect  @ 8:9 "r"',
  ]);
});

test('outline: long names and details are shortened on one line', () => {
  const long = 'a very long message text that goes on and on, well past what an outline can show in one line';
  const d = doc(`message m = "${long}\\n"\nagent A {\n  on "${long} [x]" { reply "[x]" }\n}`);
  const [m, a] = documentSymbols(d);
  assert.equal(m.detail, '"a very long message text that goes on and on, w…"');
  assert.ok(a.children[0].name.endsWith('…"') && a.children[0].name.length <= 62, a.children[0].name);
});

test('outline: a run shows its budgets; an unnamed run is still listed; replay agents show their transcript', () => {
  const d = doc('agent R replays "t.jsonl"\nrun "" {\n  ask R "a" budget 3\n  ask R "b" budget 4\n}\nrun "no budget" {\n  ask R "c"\n}');
  assert.deepEqual(
    documentSymbols(d).map((s) => `${s.kind} ${s.name}  — ${s.detail}`),
    ['agent R  — replays "t.jsonl"', 'run (unnamed run)  — budget 3, 4', 'run no budget  — undefined'],
  );
});

test('outline: a broken file lists what parses; an empty file lists nothing; CRLF keeps spans', () => {
  const broken = doc('message = "no name"\nmessage ok = "x"\nagent Half {\n  on "half [n]" {\n    reply "[n]"\n  ;\n');
  assert.deepEqual(render(broken, documentSymbols(broken)), [
    'message ok  — "x"  @ 2:9 "ok"',
    'agent Half  — 1 handler  @ 3:7 "Half"',
    '  handler "half [n]"  — holes: n  @ 4:6 "\\"half [n]\\""',
    '    hole n  @ 4:13 "n"',
  ]);
  assert.deepEqual(documentSymbols(doc('')), []);
  const lf = 'message a = "x"\nagent B {\n  on "[y]" { reply "[y]" }\n}\n';
  const d = doc(crlf(lf));
  assertWellFormed(d.text, documentSymbols(d));
  assert.deepEqual(render(d, documentSymbols(d)), render(doc(lf), documentSymbols(doc(lf))));
});

test('outline: every sample and fixture gives a well-formed outline', () => {
  for (const { path, text } of corpus()) {
    try {
      assertWellFormed(text, documentSymbols(doc(text, path)));
    } catch (e) {
      (e as Error).message = `${path}: ${(e as Error).message}`;
      throw e;
    }
  }
});

// ---- workspace symbols ---------------------------------------------------------------------------------------------

const files = [
  doc('message minimum = "m"\nagent Min {\n  on "what is the smallest element of [list]?" { reply "[list]" }\n}\nrun "smallest of xs" {\n  ask Min "what is the smallest element of (3)?" budget 5\n}', 'a.amp'),
  doc('agent Compare_Items {\n  on "compare [a] with [b]" { reply "[a]" }\n}\nmessage admin = "x"\nselfmod tutor {\n  identity "t"\n  config { seed 1 }\n  proposal mindful: parameter_tuning { risk low }\n}', 'b.amp'),
];

test('workspace symbols: case-insensitive subsequence, best match first', () => {
  const names = (q: string) => workspaceSymbols(files, q).map((s) => `${s.kind} ${s.name} ${s.path}${s.container ? ` in ${s.container}` : ''}`);
  assert.deepEqual(names('Min'), ['agent Min a.amp', 'message minimum a.amp', 'proposal mindful b.amp in tutor', 'message admin b.amp']);
  assert.deepEqual(names('smallest'), ['run smallest of xs a.amp', 'handler "what is the smallest element of [list]?" a.amp in Min']);
  assert.deepEqual(names('ci'), ['agent Compare_Items b.amp', 'handler "compare [a] with [b]" b.amp in Compare_Items']);
  assert.deepEqual(names('zzz'), []);
});

test('workspace symbols: an empty query lists every searchable symbol; bindings and states are not listed', () => {
  const all = workspaceSymbols(files, '');
  assert.deepEqual(all.map((s) => s.kind).sort(), ['agent', 'agent', 'handler', 'handler', 'message', 'message', 'proposal', 'run', 'selfmod']);
  for (const s of all) assertSpanInside(files.find((f) => f.path === s.path)!.text, s.span, s.name);
  assert.equal(workspaceSymbols(files, '', 2).length, 2);
  assert.deepEqual(workspaceSymbols([], 'x'), []);
});

test('fuzzy score: word starts and consecutive letters beat scattered ones', () => {
  assert.equal(fuzzyScore('abc', 'ab'), undefined);
  assert.equal(fuzzyScore('', 'anything'), 0);
  assert.ok(fuzzyScore('min', 'Min')! > fuzzyScore('min', 'minimum')!);
  assert.ok(fuzzyScore('ci', 'Compare_Items')! > fuzzyScore('ci', 'decide')!);
  assert.ok(fuzzyScore('sm', 'smallest')! > fuzzyScore('sm', 'awesome')!);
});
