// Go to definition, references, highlights and rename (core/ide/navigation.ts), on marked fixtures: `$0` is the
// cursor, ⟦…⟧ the spans expected back (see test/fixtures/ide/support.ts).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { applyEdits } from '../../core/format/edits';
import type { AnalyzedDocument } from '../../core/ide/document';
import { definitionAt, highlightsAt, identifierProblem, prepareRenameAt, referencesAt, renameAt } from '../../core/ide/navigation';
import { assertSpanInside, corpus, crlf, doc, marked, probeOffsets, show, showAll } from '../fixtures/ide/support';

function definition(fixture: string): void {
  const m = marked(fixture);
  assert.deepEqual(showAll(m.doc, definitionAt(m.doc, m.offset)), showAll(m.doc, m.spans));
}

function references(fixture: string, includeDeclaration = true): void {
  const m = marked(fixture);
  assert.deepEqual(showAll(m.doc, referencesAt(m.doc, m.offset, includeDeclaration)), showAll(m.doc, m.spans));
}

/** Renames at the cursor and returns the new text; the edits must be exactly the marked spans. */
function rename(fixture: string, newName: string): string {
  const m = marked(fixture);
  const result = renameAt(m.doc, m.offset, newName);
  assert.ok('edits' in result, `rename refused: ${'error' in result ? result.error : ''}`);
  assert.equal(result.edits.length, 1);
  assert.equal(result.edits[0].path, undefined);
  const edits = result.edits[0].edits;
  assert.deepEqual(showAll(m.doc, edits), showAll(m.doc, m.spans));
  for (const e of edits) assert.equal(e.newText, newName);
  const renamed = applyEdits(m.text, edits);
  assertSameMeaning(m.doc, doc(renamed));
  return renamed;
}

function refused(fixture: string, newName: string, why: RegExp): void {
  const m = marked(fixture);
  const result = renameAt(m.doc, m.offset, newName);
  assert.ok('error' in result, `expected the rename to '${newName}' to be refused`);
  assert.match(result.error, why);
}

/** A rename changes names, never the diagnostics' codes. */
function assertSameMeaning(before: AnalyzedDocument, after: AnalyzedDocument): void {
  const codes = (d: AnalyzedDocument) => d.diagnostics.map((x) => x.code).sort();
  assert.deepEqual(codes(after), codes(before));
}

// ---- definition ----------------------------------------------------------------------------------------------------

test('definition: a pointer goes to its message, from the first and the last character of the name', () => {
  definition('message ⟦empty⟧ = "nothing"\nmessage xs = "a list of [$0empty]"');
  definition('message ⟦empty⟧ = "nothing"\nmessage xs = "a list of [empt$0y]"');
  definition('message ⟦empty⟧ = "nothing"\nmessage xs = "a list of [empty$0]"');
  definition('message ⟦empty⟧ = "nothing"\nmessage xs = "a list of [ empty$0 ]"');
});

test('definition: holes, view holes, lets and new agents', () => {
  const agent = (body: string) => `agent A {\n  on "take [⟦x⟧]" {\n${body}\n  }\n}`;
  definition(agent('    reply "[x$0]"'));
  definition('agent A {\n  on "take [x]" {\n    view x as "a [⟦y⟧]"\n    reply "[$0y]"\n  }\n}');
  definition('agent A {\n  on "take [x]" {\n    let ⟦r⟧ = "[x]"\n    reply "[r$0]"\n  }\n}');
  definition('agent A {\n  on "take [x]" {\n    let r, ⟦A2⟧ = ask B "[x]"\n    let s = ask A$02 "again"\n    reply "[r] [s]"\n  }\n}\nagent B {\n  on "[q]" { reply "[q]" }\n}');
  // The view target is a use of the hole.
  definition(agent('    view $0x as "a [y]"\n    reply "[y]"'));
});

test('definition: an ask target goes to the agent; a built-in agent has no declaration', () => {
  definition('agent ⟦Min⟧ {\n  on "min of [l]" { reply "[l]" }\n}\nrun "r" {\n  ask M$0in "min of (3)" budget 5\n}');
  definition('agent A {\n  on "[a] and [b]" {\n    let s = ask Comp$0are "which is smaller, [a] or [b]?"\n    reply "[s]"\n  }\n}');
});

test('definition: in the text of an ask, the handler that answers it', () => {
  definition('agent Min {\n  on "max of [l]" { reply "[l]" }\n  on ⟦"min of [l]"⟧ { reply "[l]" }\n}\nrun "r" {\n  ask Min "mi$0n of (3)" budget 5\n}');
  // No handler matches: nothing.
  definition('agent Min {\n  on "min of [l]" { reply "[l]" }\n}\nrun "r" {\n  ask Min "m$0ax of (3)" budget 5\n}');
});

test('definition: consent machines from moves and steward events; states to the transitions entering them', () => {
  const machine = 'consent ⟦sharing⟧ {\n  initial LISTEN\n  LISTEN -> CONSENT_GIVEN on explicit_consent from steward\n  CONSENT_GIVEN -> SUSPEND\n}\n';
  definition(`${machine}agent A {\n  on "go" {\n    consent shar$0ing -> SUSPEND\n    reply "ok"\n  }\n}`);
  definition(`${machine}run "r" {\n  steward consent(sharing$0, explicit_consent)\n  ask human "hi" budget 3\n}`);
  definition('consent sharing {\n  initial LISTEN\n  LISTEN -> CONSENT_GIVEN on explicit_consent from steward\n  CONSENT_GIVEN -> ⟦SUSPEND⟧\n}\nagent A {\n  on "go" {\n    consent sharing -> SUSP$0END\n    reply "ok"\n  }\n}');
});

test('definition: a proposal and a selfmod are their own declarations', () => {
  definition('selfmod tutor {\n  identity "t"\n  config { seed 1 }\n  proposal ⟦sho$0rter⟧: parameter_tuning { risk low }\n}');
  definition('selfmod ⟦tu$0tor⟧ {\n  identity "t"\n  config { seed 1 }\n}');
});

test('definition: a pointer in an expected reply goes to its message', () => {
  definition('message ⟦three⟧ = "3"\nagent A {\n  on "[x]" { reply "[x]" }\n}\nrun "r" {\n  ask A "[three]" budget 3\n  expect reply "[th$0ree]"\n}');
});

test('definition: a pointer in an expected reply prefers a binding its run made before it', () => {
  definition('message r = "3"\nagent A {\n  on "[x]" { reply "[x]" }\n}\nrun "r" {\n  let ⟦r⟧ = ask A "[r]" budget 3\n  expect reply "[r$0]"\n}');
});

test('definition: nothing in comments, keywords, malformed pointers, undefined names, empty files and past the end', () => {
  definition('// message [emp$0ty]\nmessage empty = "x"');
  definition('mess$0age empty = "x"');
  definition('message a = "x"\nmessage b = "[first el$0ement] [a]"');
  definition('message b = "[a$0]"');
  definition('$0');
  const d = doc('message a = "x"\nmessage b = "[a]"');
  for (const offset of [-5, d.text.length, d.text.length + 10, NaN, Infinity]) assert.deepEqual(definitionAt(d, offset), []);
});

test('definition: a broken file still navigates what parses', () => {
  definition('message ⟦ok⟧ = "fine"\nagent Half {\n  on "half of [n]" {\n    reply "[o$0k] [nope]"\n  ;\nrun "r" {\n  ask Half "half of [ok]"');
});

test('definition: CRLF text and astral characters before the cursor', () => {
  const m = marked(crlf('message ⟦empty⟧ = "😀 nothing 😀"\r\n// 🎉🎉\r\nmessage xs = "😀😀 [em$0pty]"'));
  assert.deepEqual(showAll(m.doc, definitionAt(m.doc, m.offset)), showAll(m.doc, m.spans));
  assert.equal(m.doc.text.slice(m.spans[0].start, m.spans[0].end), 'empty');
});

// ---- references and highlights -------------------------------------------------------------------------------------

test('references: every use of a message, with and without its declaration', () => {
  const fixture =
    'message ⟦empty⟧ = "nothing"\nmessage xs = "[⟦empty⟧] and ([⟦empty⟧])"\nagent A {\n  on "[x]" { reply "[x] [⟦empty$0⟧]" }\n}\nrun "r" {\n  ask A "[⟦empty⟧]" budget 3\n  expect reply "[⟦empty⟧]"\n}';
  references(fixture);
  const m = marked(fixture);
  assert.deepEqual(showAll(m.doc, referencesAt(m.doc, m.offset, false)), showAll(m.doc, m.spans.slice(1)));
});

test('references: a template hole is used only in its own handler', () => {
  references('agent A {\n  on "one [⟦x$0⟧]" {\n    let y = "[⟦x⟧]"\n    reply "[⟦x⟧] [y]"\n  }\n  on "two [x]" { reply "[x]" }\n}');
});

test('references: an agent as declaration, ask target and pointer; a built-in agent by its uses', () => {
  references('agent ⟦A⟧ {\n  on "[x]" {\n    let r = ask ⟦A⟧ "[x]"\n    reply "[r] [⟦A⟧]"\n  }\n}\nrun "r" {\n  ask ⟦A$0⟧ "hi" budget 4\n}');
  references('agent A {\n  on "[x]" {\n    let r = ask ⟦human⟧ "[x]"\n    let s = ask ⟦hu$0man⟧ "again"\n    reply "[r] [s]"\n  }\n}');
});

test('references: undefined names find each other', () => {
  references('message a = "[⟦nope⟧] and [⟦no$0pe⟧]"\nmessage b = "[⟦nope⟧]"');
});

test('references: consent machine in its declaration, moves and steward events', () => {
  references(
    'consent ⟦sharing⟧ {\n  initial LISTEN\n  CONSENT_GIVEN -> SUSPEND\n}\nagent A {\n  on "go" {\n    consent ⟦sharing⟧ -> SUSPEND\n    reply "ok"\n  }\n}\nrun "r" {\n  steward consent(⟦shar$0ing⟧, explicit_consent)\n  ask A "go" budget 3\n}',
  );
});

test('highlights: the declaration is a write, the uses are reads', () => {
  const m = marked('agent A {\n  on "[x]" {\n    let r = "[x]"\n    reply "[r$0] and [r]"\n  }\n}', true);
  const hs = highlightsAt(m.doc, m.offset);
  assert.deepEqual(
    hs.map((h) => `${show(m.doc, h.span)} ${h.kind}`),
    [`3:9 "r" write`, `4:13 "r" read`, `4:21 "r" read`],
  );
  assert.deepEqual(highlightsAt(m.doc, 0), []);
});

// ---- rename ----------------------------------------------------------------------------------------------------------

test('rename: a message and every pointer to it, expected replies included', () => {
  const out = rename('message ⟦em$0pty⟧ = "nothing"\nmessage xs = "[⟦empty⟧] ([⟦empty⟧])"\nagent A {\n  on "[x]" { reply "[x]" }\n}\nrun "r" {\n  ask A "[⟦empty⟧]" budget 3\n  expect reply "[⟦empty⟧]"\n}', 'nil');
  assert.match(out, /message nil = "nothing"/);
  assert.match(out, /expect reply "\[nil\]"/);
});

test('rename: a template hole renames its uses in its handler and nothing in other handlers', () => {
  const out = rename('agent A {\n  on "one [⟦x⟧]" {\n    view ⟦x⟧ as "a [y]"\n    reply "[⟦x$0⟧] [y]"\n  }\n  on "two [x]" { reply "[x]" }\n}\nrun "r" {\n  ask A "one (a b)" budget 3\n  ask A "two (c)" budget 3\n}', 'item');
  assert.match(out, /on "two \[x\]" \{ reply "\[x\]" \}/);
});

test('rename: a view hole, a let, and a new agent with an apostrophe', () => {
  rename('agent A {\n  on "[x]" {\n    view x as "a [⟦y$0⟧]"\n    reply "[⟦y⟧]"\n  }\n}', 'inner');
  rename('agent A {\n  on "[x]" {\n    let ⟦r$0⟧ = "[x]"\n    reply "[⟦r⟧] [⟦r⟧]"\n  }\n}', 'result');
  const out = rename(
    'agent A {\n  on "[x]" {\n    let r, ⟦Think\'$0⟧ = ask B "[x]"\n    let s = ask ⟦Think\'⟧ "again"\n    reply "[r] [s]"\n  }\n}\nagent B {\n  on "again" { reply "b" }\n  on "[q]" { reply "[q]" }\n}\nrun "go" {\n  ask A "go" budget 9\n}',
    "B′",
  );
  assert.match(out, /let s = ask B′ "again"/);
});

test('rename: an agent renames its ask targets and pointers; a consent machine its moves and steward events', () => {
  rename('agent ⟦A⟧ {\n  on "[x]" {\n    let r = ask ⟦A⟧ "[x]"\n    reply "[r] [⟦A⟧]"\n  }\n}\nrun "r" {\n  ask ⟦A$0⟧ "hi" budget 4\n}', 'Agent_2');
  rename(
    'consent ⟦shar$0ing⟧ {\n  initial LISTEN\n  CONSENT_GIVEN -> SUSPEND\n}\nagent A {\n  on "go" {\n    consent ⟦sharing⟧ -> SUSPEND\n    reply "ok"\n  }\n}\nrun "r" {\n  steward consent(⟦sharing⟧, explicit_consent)\n  ask A "go" budget 3\n}',
    'publication',
  );
});

test('rename: a proposal, and the same proposal name in another selfmod is left alone', () => {
  rename('selfmod a {\n  identity "a"\n  config { seed 1 }\n  proposal ⟦sh$0orter⟧: parameter_tuning { risk low }\n}\nselfmod b {\n  identity "b"\n  config { seed 1 }\n  proposal shorter: parameter_tuning { risk low }\n}', 'brief');
  refused('selfmod a {\n  identity "a"\n  config { seed 1 }\n  proposal sh$0orter: parameter_tuning { risk low }\n  proposal longer: parameter_tuning { risk low }\n}', 'longer', /proposal 'longer' \(line 5\) in the same selfmod/);
});

test('rename: CRLF text and astral characters before the names', () => {
  const out = rename(crlf('message ⟦a$0⟧ = "😀 [b]"\nmessage b = "🎉 [⟦a⟧] 🎉 [⟦a⟧]"'), 'c');
  assert.equal(out, crlf('message c = "😀 [b]"\nmessage b = "🎉 [c] 🎉 [c]"'));
});

test('rename: an unchanged name needs no edits', () => {
  const m = marked('message a$0 = "x"');
  assert.deepEqual(renameAt(m.doc, m.offset, 'a'), { edits: [] });
});

test('rename refuses names that are not AMP identifiers', () => {
  const fixture = 'message a$0 = "x"\nmessage b = "[a]"';
  for (const bad of ['', '1x', 'a b', 'a-b', '[x]', '"x"', 'a.b', '@a', '\uD83D', 'a\u3000b', 'x\n']) refused(fixture, bad, /not a valid name|empty/);
  for (const good of ['_x', 'Think\'', 'A′', 'élan', 'x2', 'x😀']) assert.equal(identifierProblem(good), undefined, good);
});

test('rename refuses built-in agent names, reserved governance names, and renaming a built-in or an undefined name', () => {
  refused('agent A$0 {\n  on "x" { reply "y" }\n}', 'Compare', /built-in agent/);
  refused('message a$0 = "x"', 'human', /built-in agent/);
  refused('message a$0 = "x"', 'veto_fuse', /reserved for the governance layer/);
  refused('message a$0 = "x"', 'E_ext_max_const', /reserved/);
  const builtin = marked('agent A {\n  on "[x]" {\n    let r = ask hu$0man "[x]"\n    reply "[r]"\n  }\n}');
  assert.match((prepareRenameAt(builtin.doc, builtin.offset) as { error: string }).error, /built-in agent/);
  refused('agent A {\n  on "[x]" {\n    let r = ask hu$0man "[x]"\n    reply "[r]"\n  }\n}', 'person', /built-in agent/);
  refused('message b = "[no$0pe]"', 'x', /not declared/);
  refused('agent A {\n  on "x" {\n    reply "[veto_f$0use]"\n  }\n}', 'x', /reserved/);
});

test('rename refuses a collision in the top-level namespace', () => {
  refused('message a$0 = "x"\nagent B {\n  on "y" { reply "[a]" }\n}', 'B', /the agent 'B' \(line 2\) already has that name/);
  refused('message a$0 = "x"\nconsent c {\n  initial LISTEN\n}', 'c', /the consent machine 'c' \(line 2\) already has that name/);
});

test('rename refuses a name that would hide or be hidden by another binding', () => {
  // A hole renamed like a message would hide it (AMP-N010).
  refused('message xs = "x"\nagent A {\n  on "[l$0]" { reply "[l] [xs]" }\n}', 'xs', /the renamed hole would hide the message 'xs' \(line 1\)/);
  // A message renamed like a hole somewhere would be hidden there.
  refused('message xs$0 = "x"\nagent A {\n  on "[l]" { reply "[l] [xs]" }\n}', 'l', /the hole \[l\] of the handler "\[l\]" \(line 3\) has that name and would hide the renamed message/);
  // Two bindings in one scope, or nested scopes.
  refused('agent A {\n  on "[x] and [y]" {\n    let r$0 = "[x]"\n    reply "[r] [y]"\n  }\n}', 'x', /the hole \[x\] of the handler "\[x\] and \[y\]" \(line 2\) is visible where the renamed binding is/);
  refused('agent A {\n  on "[x]" {\n    let r = "[x]"\n    choose "c" {\n      option "o" {\n        let s$0 = "[r]"\n        reply "[s]"\n      }\n      option "p" { reply "p" }\n    }\n  }\n}', 'r', /the binding 'r' \(line 3\) is visible/);
});

test('rename allows the same name in scopes that do not overlap', () => {
  rename('agent A {\n  on "[x]" {\n    choose "c" {\n      option "o" {\n        let ⟦s$0⟧ = "[x]"\n        reply "[⟦s⟧]"\n      }\n      option "p" {\n        let t = "[x]"\n        reply "[t]"\n      }\n    }\n  }\n}', 't');
  rename('agent A {\n  on "one [⟦x$0⟧]" { reply "[⟦x⟧]" }\n  on "two [y]" { reply "[y]" }\n}', 'y');
  // A let is visible only after its statement: a pointer before it is not captured.
  rename('agent A {\n  on "[x]" {\n    let ⟦late$0⟧ = "[x]"\n    reply "[⟦late⟧]"\n  }\n}', 'x2');
});

test('rename refuses to capture an undefined pointer or agent', () => {
  refused('message a$0 = "x"\nmessage b = "[c]"', 'c', /the undefined pointer \[c\] at line 2 would then refer to the renamed message/);
  refused('agent A$0 {\n  on "x" { reply "y" }\n}\nrun "r" {\n  ask Ghost "x" budget 3\n}', 'Ghost', /the unknown agent 'Ghost' at line 5/);
  refused('consent c$0 {\n  initial LISTEN\n}\nagent A {\n  on "go" {\n    consent d -> SUSPEND\n    reply "ok"\n  }\n}', 'd', /the undefined consent machine 'd' at line 6/);
});

test('rename refuses to make a pointer in an expected reply start to resolve', () => {
  refused('message a$0 = "x"\nagent A {\n  on "[x]" { reply "[x]" }\n}\nrun "r" {\n  ask A "[a]" budget 3\n  expect reply "[c]"\n}', 'c', /\[c\] at line 7 would then refer to the renamed name/);
});

test('rename refuses a name the parser would read as a keyword where it is used', () => {
  refused('agent M$0in {\n  on "[x]" { reply "[x]" }\n}\nrun "r" {\n  ask Min "a" budget 3\n}', 'budget', /ask target 'Min' at line 5 would no longer refer to the agent 'Min' \(line 1\) \('budget' reads as a keyword there\)/);
  refused('agent A {\n  on "[x]" {\n    view x$0 as "a [y]"\n    reply "[y]"\n  }\n}', 'as', /reads as a keyword/);
});

test('prepareRename: the name and its span, or why not, or nothing', () => {
  const m = marked('message empty = "x"\nmessage b = "[⟦emp$0ty⟧]"');
  assert.deepEqual(prepareRenameAt(m.doc, m.offset), { span: m.spans[0], placeholder: 'empty' });
  assert.equal(prepareRenameAt(m.doc, 2), undefined);
  assert.equal(prepareRenameAt(doc(''), 0), undefined);
  assert.equal(prepareRenameAt(m.doc, m.text.length + 50), undefined);
});

// ---- robustness ----------------------------------------------------------------------------------------------------

test('samples and fixtures: every navigation function answers at every probed offset, inside the text', () => {
  for (const { path, text } of corpus()) {
    const d = doc(text, path);
    for (const offset of probeOffsets(text, 7)) {
      const what = `${path}@${offset}`;
      for (const l of definitionAt(d, offset)) assertSpanInside(text, l, `definition ${what}`);
      for (const l of referencesAt(d, offset, true)) assertSpanInside(text, l, `references ${what}`);
      for (const h of highlightsAt(d, offset)) assertSpanInside(text, h.span, `highlight ${what}`);
      const p = prepareRenameAt(d, offset);
      if (p && 'span' in p) {
        assertSpanInside(text, p.span, `prepareRename ${what}`);
        assert.equal(text.slice(p.span.start, p.span.end), p.placeholder);
      }
    }
  }
});

test('samples: renaming each declared name to a fresh one keeps every diagnostic', () => {
  for (const { path, text } of corpus()) {
    if (/broken|diagnostics/.test(path)) continue;
    const d = doc(text, path);
    let renamed = 0;
    for (const s of d.model.symbols) {
      if (!s.decl || s.kind === 'builtin') continue;
      const result = renameAt(d, s.decl.start, `${s.name}_renamed`);
      assert.ok('edits' in result, `${path}: renaming ${s.kind} '${s.name}' was refused: ${'error' in result ? result.error : ''}`);
      const after = doc(applyEdits(text, result.edits[0]?.edits ?? []), path);
      assertSameMeaning(d, after);
      renamed++;
    }
    assert.ok(renamed > 0 || !/\b(message|agent)\b/.test(text), `${path}: nothing renamed`);
  }
});

test('random and mutated input never makes navigation throw', () => {
  const pieces = ['message ', 'agent ', 'A', 'x', ' = ', '"', '[', ']', '(', ')', '{', '}', 'on ', 'let ', 'ask ', 'view ', ' as ', 'reply ', '\n', '\r\n', '😀', ',', 'consent ', '->', 'run ', 'budget 3'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), fc.integer({ min: -2, max: 400 }), (parts, offset) => {
      const d = doc(parts.join(''));
      definitionAt(d, offset);
      referencesAt(d, offset, true);
      highlightsAt(d, offset);
      prepareRenameAt(d, offset);
      renameAt(d, offset, 'fresh');
    }),
    { seed: 20250611, numRuns: 300 },
  );
});
