// Inlay hints (core/ide/inlay-hints.ts): the budget a bare ask transfers, the handler an ask reaches, a handler's
// worst-case E_ext; goldens for the IDE fixtures (UPDATE_EXPECT=1 rewrites them), focused cases and robustness.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { AnalyzedDocument, Span } from '../../core/ide/document';
import { inlayHints, type InlayHintInfo, type InlayHintOptions } from '../../core/ide/inlay-hints';
import { assertSpanInside, corpus, crlf, doc, golden, goldenFixtures, goldenPath, marked } from '../fixtures/ide/support';

function render(d: AnalyzedDocument, hints: readonly InlayHintInfo[]): string[] {
  return hints.map((h) => {
    const p = d.lines.positionAt(h.offset);
    return `${p.line + 1}:${p.character + 1} ${h.kind} ${h.label}`;
  });
}

function hints(text: string, options?: InlayHintOptions, range?: Span): string[] {
  const d = doc(text);
  return render(d, inlayHints(d, range ?? { start: 0, end: text.length }, options));
}

for (const path of goldenFixtures()) {
  test(`golden hints: ${path}`, () => {
    const d = doc(readFileSync(path, 'utf8'), path);
    const all = inlayHints(d, { start: 0, end: d.text.length });
    golden(goldenPath(path, 'hints'), [...render(d, all), ''].join('\n'));
  });
}

const MIN = `agent Min {
  on "min of [list]" {
    view list as "a [head] then [rest]" else {
      reply "none"
    }
    let m = ask Min "min of [rest]"$0
    let s = ask Compare "which is smaller, [head] or [m]?" budget 3
    reply "[s]"
  }
}

run "r" {
  ask Min "min of (a (1) then (b))" budget 100
}`;

test('a bare ask shows what it transfers under the default rule: at most what its handler holds, less what it spent', () => {
  const m = marked(MIN);
  const all = inlayHints(m.doc, { start: 0, end: m.text.length });
  const budget = all.filter((h) => h.kind === 'budget');
  assert.equal(budget.length, 1, 'only the bare ask in a handler gets a budget hint (not the one with a budget, not the run)');
  assert.equal(budget[0].offset, m.offset, 'the hint stands where `budget N` would be written');
  // Min receives at most 100, has viewed once (1) and pays 1 for the send.
  assert.equal(budget[0].label, 'budget rest ≤ 98');
  assert.equal(budget[0].paddingLeft, true);
  assert.match(budget[0].tooltip ?? '', /everything the sender has left after paying 1 for the send/);
  assert.match(budget[0].tooltip ?? '', /'Min' receives at most 100 \(from the ask at line 13\), has spent at least 1/);
});

test('a bare ask no run reaches, or in an event handler, shows the rule without a bound', () => {
  assert.deepEqual(hints('agent A {\n  on "[x]" {\n    let r = ask A "[x]"\n    reply "[r]"\n  }\n  on event incident_report {\n    ask human "what happened?"\n  }\n}'), [
    '3:24 budget budget rest',
    '7:31 budget budget rest',
  ]);
});

test('the handler an ask reaches, when the agent has several or the target is a new agent', () => {
  const text = `agent Shop {
  on "price of [x]" { reply "1" }
  on "stock of [x]" { reply "2" }
}
agent Clerk {
  on "hello" { reply "hi" }
  on "again" { reply "again" }
}
agent One {
  on "only [x]" {
    let a, C2 = ask Clerk "hello" budget 2
    let b = ask C2 "again" budget 2
    reply "[a][b]"
  }
}
run "r" {
  ask Shop "stock of (apples)" budget 5
  ask One "only (x)" budget 9
}`;
  assert.deepEqual(hints(text, { budgets: false, costs: false }), [
    '11:43 handler → Clerk: "hello"',
    '12:36 handler → Clerk: "again"',
    '17:40 handler → Shop: "stock of [x]"',
  ]);
  const d = doc(text);
  const viaNewAgent = inlayHints(d, { start: 0, end: text.length }).find((h) => h.label === '→ Clerk: "again"');
  assert.match(viaNewAgent?.tooltip ?? '', /C2 is a new agent of Clerk/);
});

test('a handler with a single handler, a built-in or an unmatched ask gets no handler hint', () => {
  assert.deepEqual(hints('agent A {\n  on "[x]" {\n    let r = ask Compare "is [x] less than [x]?" budget 2\n    reply "[r]"\n  }\n}\nrun "r" {\n  ask A "go" budget 5\n  ask A "go" budget 5\n}', { budgets: false }), []);
});

test("a handler's worst-case E_ext outside chapels, following its asks; branches take the worst; chapels do not count", () => {
  const text = `agent Pub {
  on "publish [d]" {
    @E_ext_cost(0.1)
    act "draft [d]"
    view d as "urgent" else {
      @E_ext_cost(0.4)
      act "wait for [d]"
      reply "waited"
    }
    let r = ask Ed "review [d]" budget 3
    chapel {
      @E_ext_cost(0.9)
      act "publish [d]"
    }
    reply "[r]"
    @E_ext_cost(5)
    act "never reached"
  }
}
agent Ed {
  on "review [d]" {
    @E_ext_cost(0.05)
    act "annotate [d]"
    reply "ok"
  }
}
agent Quiet {
  on "x" {
    chapel {
      @E_ext_cost(0.9)
      act "inside"
    }
    reply "y"
  }
}`;
  // Pub: 0.1 then the worse of the else branch (0.4) and the rest (Ed's 0.05): 0.5.
  assert.deepEqual(hints(text, { budgets: false, handlers: false }), ['2:19 cost E_ext ≤ 0.5', '21:18 cost E_ext ≤ 0.05']);
});

test('a cycle of asks that reaches a costly act is unbounded; choose takes its worst option', () => {
  const loop = 'agent A {\n  on "go" {\n    @E_ext_cost(0.1)\n    act "step"\n    ask A "go"\n    reply "done"\n  }\n}';
  assert.deepEqual(hints(loop, { budgets: false }), ['2:10 cost E_ext unbounded']);
  const choice = 'agent A {\n  on "go" {\n    choose "c" {\n      option "a" {\n        @E_ext_cost(0.2)\n        act "a"\n      }\n      option "b" {\n        @E_ext_cost(0.3)\n        act "b"\n      }\n    }\n    @E_ext_cost(0.1)\n    act "after"\n    reply "ok"\n  }\n}';
  assert.deepEqual(hints(choice), ['2:10 cost E_ext ≤ 0.4']);
  // An event handler's cost stands after its event name.
  assert.deepEqual(hints('agent A {\n  on event incident_report {\n    @E_ext_cost(0.2)\n    act "log"\n  }\n}'), ['2:27 cost E_ext ≤ 0.2']);
});

test('only hints inside the range (ends included) come back, in source order; options turn kinds off', () => {
  const m = marked(MIN);
  const all = inlayHints(m.doc, { start: 0, end: m.text.length });
  assert.ok(all.length >= 1);
  assert.deepEqual(inlayHints(m.doc, { start: m.offset, end: m.offset }), all.filter((h) => h.offset === m.offset));
  assert.deepEqual(inlayHints(m.doc, { start: 0, end: m.offset - 1 }), all.filter((h) => h.offset < m.offset));
  assert.deepEqual(inlayHints(m.doc, { start: m.text.length + 1, end: m.text.length + 9 }), []);
  assert.deepEqual(inlayHints(m.doc, { start: 0, end: m.text.length }, { budgets: false, handlers: false, costs: false }), []);
  for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].offset <= all[i].offset);
});

test('CRLF text gives the same hints on the same lines; an empty file none', () => {
  const lf = MIN.replace('$0', '');
  assert.deepEqual(hints(crlf(lf)), hints(lf));
  assert.deepEqual(hints(''), []);
});

test('samples and fixtures: hints never throw, stand inside the text and have labels', () => {
  for (const { path, text } of corpus()) {
    const d = doc(text, path);
    for (const h of inlayHints(d, { start: 0, end: text.length })) {
      assertSpanInside(text, { start: h.offset, end: h.offset }, `${path} hint`);
      assert.ok(h.label.length > 0 && !/[\r\n]/.test(h.label), `${path}: label ${JSON.stringify(h.label)}`);
    }
    assert.deepEqual(inlayHints(d, { start: NaN, end: NaN }), inlayHints(d, { start: 0, end: text.length }));
  }
});
