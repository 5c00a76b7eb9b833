// Completion (core/ide/completion.ts), cursor-driven: what is offered where, with the right scope, kinds, details,
// documentation and replace spans; the snippets for the main constructs; and the edges (word boundaries, broken
// files, unterminated messages, CRLF, emoji, empty files, offsets past the end) on inline sources and every sample.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { BREACHES } from '../../core/check/breaches';
import { INVARIANT_NAMES } from '../../core/check/header';
import { MODIFICATION_TYPES, PROHIBITED_TYPES } from '../../core/check/selfmod-catalog';
import { completionsAt, completionsOrThrow, type CompletionEntry } from '../../core/ide/completion';
import { analyze } from '../../core/ide/document';
import { filesUnder } from '../harness/index';
import { crlf, withCursor, within } from '../fixtures/ide-assist/support';

/** The completions at the `$0` of `src`, with the text they replace. */
function complete(src: string, manifest?: { path: string; text: string }) {
  const { doc, text, offset } = withCursor(src, manifest);
  const items = completionsAt(doc, offset);
  return { items, text, offset, labels: items.map((i) => i.label), find: (label: string) => items.find((i) => i.label === label) };
}

function replaced(c: { text: string }, e: CompletionEntry | undefined): string | undefined {
  return e?.replace ? c.text.slice(e.replace.start, e.replace.end) : undefined;
}

const HEADER = (wired: string, extra = '') => `// compiler_ethics_v0_1: {
//   "compiler_ethics_v": "0.1",
//   "answerable_to": { "primary": ["steward_council", "elders"] },
//   "governance_stack": { "constitution_id": "c", "existential_audit": true, "E_ext_max_const": 0.75, "min_pause_ms_const": 3000${extra} },
//   "invariants_wired": [${wired}]
// }
`;

describe('pointers inside messages', () => {
  const SRC = `message top = "top"
agent A {
  on "do [job]" {
    let first = ask human "a [job]"
    view job as "the [head] and [tail]" else {
      let inElse = ask human "x"
      reply "INELSE"
    }
    chapel {
      let inChapel = ask human "y"
      reply "INCHAPEL"
    }
    reply "HERE"
    let later = ask human "z"
  }
}
`;

  test('after `[`: holes, earlier bindings and view holes, messages and agents; not later or nested bindings', () => {
    const c = complete(SRC.replace('reply "HERE"', 'reply "[$0"'));
    assert.deepEqual(c.labels.sort(), ['A', 'first', 'head', 'job', 'tail', 'top']);
    assert.equal(c.find('job')!.kind, 'pointer');
    assert.equal(c.find('top')!.kind, 'message');
    assert.equal(c.find('A')!.kind, 'agent');
    const sorted = [...c.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((i) => i.label);
    assert.deepEqual(sorted.slice(0, 4).sort(), ['first', 'head', 'job', 'tail'], 'bindings come first');
  });

  test('an else block sees the bindings before the view, not the view’s holes; a chapel sees its own', () => {
    assert.deepEqual(complete(SRC.replace('reply "INELSE"', 'reply "[$0]"')).labels.sort(), ['A', 'first', 'inElse', 'job', 'top']);
    assert.deepEqual(complete(SRC.replace('reply "INCHAPEL"', 'reply "[$0]"')).labels.sort(), ['A', 'first', 'head', 'inChapel', 'job', 'tail', 'top']);
  });

  test('a top-level message sees only messages and agents; a run its own bindings', () => {
    assert.deepEqual(complete('message a = "x"\nmessage b = "[$0"\nagent Z {\n  on "q [h]" {\n    reply "[h]"\n  }\n}\n').labels.sort(), ['Z', 'a', 'b']);
    assert.deepEqual(complete('message a = "x"\nrun "r" {\n  let got = ask human "q" budget 3\n  ask human "[$0]" budget 3\n}\n').labels.sort(), ['a', 'got']);
  });

  test('the partial name is replaced, and `]` is added only when missing', () => {
    const open = complete(SRC.replace('reply "HERE"', 'reply "[he$0"'));
    assert.equal(replaced(open, open.find('head')), 'he');
    assert.equal(open.find('head')!.insertText, 'head]');
    const closed = complete(SRC.replace('reply "HERE"', 'reply "[he$0ad]"'));
    assert.equal(replaced(closed, closed.find('head')), 'head');
    assert.equal(closed.find('head')!.insertText, 'head');
  });

  test('templates declare holes: no pointer completion there', () => {
    assert.deepEqual(complete('message a = "x"\nagent A {\n  on "do [$0" {\n    reply "x"\n  }\n}\n').labels, []);
    assert.deepEqual(complete(SRC.replace('the [head]', 'the [$0head]')).labels, []);
  });

  test('plain message text and an escaped bracket offer nothing', () => {
    assert.deepEqual(complete(SRC.replace('reply "HERE"', 'reply "HE$0RE"')).labels, []);
    assert.deepEqual(complete(SRC.replace('reply "HERE"', 'reply "\\[$0"')).labels, []);
  });

  test('reserved governance names are never offered', () => {
    assert.ok(!complete('message veto_fuse = "x"\nmessage a = "[$0]"\n').labels.includes('veto_fuse'));
  });

  test('inside an unterminated message, with emoji before the cursor, and with CRLF', () => {
    const c = complete('message 🎉 = "🎉"\nagent A {\n  on "do [job]" {\n    reply "🎉🎉 [jo$0\n  }\n}\n');
    assert.ok(c.labels.includes('job'));
    assert.equal(replaced(c, c.find('job')), 'jo');
    const r = complete(crlf(SRC.replace('reply "HERE"', 'reply "[he$0"')));
    assert.equal(replaced(r, r.find('head')), 'he');
  });
});

describe('templates of the agent asked', () => {
  test('inside an empty ask message: the built-in’s templates as snippets with their holes as placeholders', () => {
    const c = complete('agent A {\n  on "x" {\n    let r = ask Compare "$0"\n    reply "[r]"\n  }\n}\n');
    assert.deepEqual(c.labels, ['which is smaller, [a] or [b]?', 'which is larger, [a] or [b]?', 'is [a] less than [b]?']);
    assert.equal(c.items[0].insertText, 'which is smaller, [${1:a}] or [${2:b}]?');
    assert.equal(c.items[0].isSnippet, true);
  });

  test('a declared agent’s handler templates, replacing what was typed', () => {
    const c = complete('agent Lib {\n  on "the first of [list]" {\n    reply "[list]"\n  }\n}\nrun "r" {\n  ask Lib "the fi$0" budget 3\n}\n');
    assert.deepEqual(c.labels, ['the first of [list]']);
    assert.equal(replaced(c, c.items[0]), 'the fi');
  });

  test('once a pointer is written, signature help takes over', () => {
    assert.deepEqual(complete('run "r" {\n  ask Compare "which is smaller, [x] $0" budget 3\n}\n').labels, []);
  });
});

describe('agents after ask', () => {
  const SRC = 'agent Lister {\n  on "list [x]" {\n    reply "[x]"\n  }\n}\nrun "r" {\n  let got, L2 = ask Lister "list 1" budget 9\n  ask $0\n}\n';

  test('declared agents, new agents in scope and the built-ins', () => {
    const c = complete(SRC);
    assert.deepEqual(c.labels.sort(), ['Add', 'Compare', 'Equal', 'L2', 'Lister', 'Numbers', 'Strings', 'human'].sort());
    assert.equal(c.find('Compare')!.kind, 'builtin');
    assert.match(c.find('Compare')!.documentation!, /which is smaller, \[a\] or \[b\]\?/);
    assert.equal(c.find('Lister')!.detail, 'agent · 1 handler');
    assert.match(c.find('L2')!.detail!, /new agent from ask Lister/);
  });

  test('after `let r = ask`, at the start and in the middle of a name', () => {
    const c = complete('agent Lister {\n  on "l" {\n    reply "x"\n  }\n}\nagent B {\n  on "b" {\n    let r = ask Li$0st\n    reply "[r]"\n  }\n}\n');
    assert.ok(c.labels.includes('Lister'));
    assert.equal(replaced(c, c.find('Lister')), 'List');
  });

  test('after an ask’s message: budget', () => {
    assert.deepEqual(complete('run "r" {\n  ask human "x" bu$0\n}\n').labels, ['budget', 'budget N']);
  });
});

describe('annotations', () => {
  test('after `@`: the four annotations, with snippets; those that fit the next statement first', () => {
    const c = complete('agent A {\n  on "x" {\n    @$0\n    act "y"\n    reply "z"\n  }\n}\n');
    assert.deepEqual(c.labels, ['E_ext_cost', 'hazard', 'breach', 'self_rewrite']);
    const first = [...c.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((i) => i.label);
    assert.deepEqual(first.slice(0, 3), ['E_ext_cost', 'hazard', 'breach']);
    assert.equal(c.find('hazard')!.insertText, 'hazard(${1|low,medium,high,existential|})');
    const handler = complete('agent A {\n  @$0\n  on "x" {\n    reply "z"\n  }\n}\n');
    assert.equal([...handler.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!))[0].label, 'self_rewrite');
  });

  test('renaming an annotation that has arguments inserts the name only', () => {
    const c = complete('agent A {\n  on "x" {\n    @haz$0(high)\n    act "y"\n    reply "z"\n  }\n}\n');
    assert.equal(c.find('hazard')!.insertText, 'hazard');
    assert.equal(replaced(c, c.find('hazard')), 'haz');
  });

  test('@self_rewrite’s snippet takes the header’s caps as defaults', () => {
    const c = complete(`${HEADER('"NO_UNBOUNDED_REWRITE_UNDER_AUDIT"', ', "audit_max_steps_const": 7')}agent A {\n  @self$0\n  on "x" {\n    reply "z"\n  }\n}\n`);
    assert.match(c.find('self_rewrite')!.insertText!, /^self_rewrite\(max_steps: \$\{1:7\}, max_model_delta: \$\{2:0\.05\}/);
  });

  test('breach ids inside @breach("…"): the catalog, replacing the whole string content', () => {
    const c = complete('agent A {\n  on "x" {\n    @breach("lyi$0ng")\n    reply "z"\n  }\n}\n');
    assert.equal(c.items.length, BREACHES.length);
    const lying = c.find('lying')!;
    assert.equal(lying.kind, 'breach');
    assert.equal(replaced(c, lying), 'lyi' + 'ng');
    assert.match(lying.detail!, /^level 0 · Lying/);
    assert.match(lying.documentation!, /Definitions \(seed 003\)/);
    const level1 = [...c.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!))[0];
    assert.equal(BREACHES.find((b) => b.id === level1.label)!.level, 1, 'level 1 breaches first');
  });

  test('breach ids without quotes yet get quotes; in the conscience block too', () => {
    const c = complete('agent A {\n  on "x" {\n    @breach($0)\n    reply "z"\n  }\n}\n');
    assert.equal(c.find('lying')!.insertText, '"lying"');
    const block = complete('conscience {\n  weight "wast$0" 2\n}\n');
    assert.equal(replaced(block, block.find('wasting_resources')), 'wast');
  });

  test('arguments: hazard levels, breach arguments not given yet, self_rewrite bounds not given yet', () => {
    assert.deepEqual(complete('agent A {\n  on "x" {\n    @hazard($0)\n    act "y"\n    reply "z"\n  }\n}\n').labels, ['low', 'medium', 'high', 'existential']);
    assert.deepEqual(complete('agent A {\n  on "x" {\n    @breach("lying", risk: 0.2, $0)\n    reply "z"\n  }\n}\n').labels, ['weight', 'level1']);
    const sr = complete(`${HEADER('"NO_UNBOUNDED_REWRITE_UNDER_AUDIT"', ', "max_E_ext_delta_const": 0.01')}agent A {\n  @self_rewrite(max_steps: 3, $0)\n  on "x" {\n    reply "z"\n  }\n}\n`);
    assert.deepEqual(sr.labels, ['max_model_delta', 'max_policy_divergence', 'max_E_ext_delta']);
    assert.equal(sr.find('max_E_ext_delta')!.detail, '≤ max_E_ext_delta_const = 0.01');
    assert.equal(sr.find('max_E_ext_delta')!.insertText, 'max_E_ext_delta: ${1:0.01}');
    assert.deepEqual(complete('agent A {\n  on "x" {\n    @breach("lying", risk: 0.$0)\n    reply "z"\n  }\n}\n').labels, [], 'no names where a number goes');
  });
});

describe('the header', () => {
  test('keys of the object under the cursor, those not written yet, with where they go', () => {
    const c = complete(HEADER('"E_EXT_RED_BOUNDARY"').replace('"min_pause_ms_const": 3000', '"min_pause_ms_const": 3000, $0'));
    assert.ok(!c.labels.includes('E_ext_max_const'));
    assert.ok(c.labels.includes('E_ext_chapel_threshold'));
    const t = c.find('trust_slice_window')!;
    assert.equal(t.kind, 'header-key');
    assert.equal(t.detail, 'governance_stack.trust_slice_window · integer ≥ 1');
    assert.equal(t.insertText, '"trust_slice_window": ${1:16}');
  });

  test('top-level keys, required first, with a comma when another field follows', () => {
    const src = '// compiler_ethics_v0_1: {\n//   "compiler_ethics_v": "0.1",\n//   $0\n//   "invariants_wired": []\n// }\n';
    const c = complete(src);
    assert.deepEqual(c.labels.sort(), ['answerable_to', 'governance_stack', 'trust_slice_status', 'zk_proof_handles']);
    assert.equal(c.find('governance_stack')!.detail, 'governance_stack · object · required');
    assert.ok(c.find('answerable_to')!.insertText!.endsWith(','), c.find('answerable_to')!.insertText);
  });

  test('a quoted key being typed is replaced, quotes included', () => {
    const c = complete('// compiler_ethics_v0_1: {\n//   "compiler_ethics_v": "0.1",\n//   "gov$0"\n// }\n');
    assert.equal(replaced(c, c.find('governance_stack')), '"gov"');
    assert.equal(c.find('governance_stack')!.filterText, '"governance_stack"');
  });

  test('invariant names not wired yet, the ones the file uses first', () => {
    const c = complete(`${HEADER('"E_EXT_RED_BOUNDARY", "$0"')}scars {\n  trigger incident_report(from: steward)\n  forgiveness gamma(shape: 2, scale: 30)\n}\n`);
    assert.deepEqual(c.labels.sort(), INVARIANT_NAMES.filter((n) => n !== 'E_EXT_RED_BOUNDARY').sort());
    const scars = c.find('SCARS_DURABLE_FORGIVENESS_BOUNDED')!;
    assert.equal(scars.kind, 'invariant');
    assert.match(scars.detail!, /used in this file/);
    assert.equal(scars.insertText, '"SCARS_DURABLE_FORGIVENESS_BOUNDED"');
    assert.equal(replaced(c, scars), '""');
    assert.equal([...c.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!))[0].label, 'SCARS_DURABLE_FORGIVENESS_BOUNDED');
  });

  test('enum values and booleans', () => {
    const status = (v: string) => HEADER('"E_EXT_RED_BOUNDARY"').replace('//   "invariants_wired"', `//   "trust_slice_status": { ${v} },\n//   "invariants_wired"`);
    assert.deepEqual(complete(status('"veto_fuse_status": "$0"')).labels, ['ok', 'strained', 'tripped']);
    assert.deepEqual(complete(status('"scar_tone": $0')).labels, ['vigilance', 'earned_forgiveness', 'unresolved']);
    assert.deepEqual(complete(status('"unresolved_scar": $0')).labels, ['true', 'false']);
  });

  test('on a `//` prefix nothing is offered', () => {
    assert.deepEqual(complete(HEADER('').replace('//   "invariants_wired"', '/$0/   "invariants_wired"')).labels, []);
  });
});

describe('self-modification', () => {
  test('proposal types: the permitted ones only', () => {
    const c = complete('selfmod s {\n  proposal p: $0\n}\n');
    assert.deepEqual(c.labels, MODIFICATION_TYPES.map((t) => t.name));
    for (const p of PROHIBITED_TYPES) assert.ok(!c.labels.includes(p.name));
    assert.equal(c.find('belief_revision')!.kind, 'proposal-type');
    assert.equal(c.find('belief_revision')!.detail, 'Belief Revision · risk high · L2+consistency');
  });

  test('C_L4 terms in weights, initial and effect, those not written yet', () => {
    const w = complete('selfmod s {\n  weights { V_id: 0.15, H_bel: 0.15, $0 }\n}\n');
    assert.deepEqual(w.labels, ['F_mut', 'sigma_con', 'E_v', 'G_c', 'M_s']);
    assert.equal(w.find('E_v')!.insertText, 'E_v: ${1:0.2}');
    assert.equal(w.find('E_v')!.kind, 'term');
    assert.equal(complete('selfmod s {\n  initial { $0 }\n}\n').find('M_s')!.insertText, 'M_s: ${1:0}');
    assert.ok(complete('selfmod s {\n  proposal p: skill_acquisition {\n    effect { M_$0 }\n  }\n}\n').labels.includes('M_s'));
    assert.deepEqual(complete('selfmod s {\n  weights { V_id: $0 }\n}\n').labels, [], 'no names where a number goes');
  });

  test('risk levels from the type’s intrinsic risk up', () => {
    assert.deepEqual(complete('selfmod s {\n  proposal p: strategy_mutation {\n    risk $0\n  }\n}\n').labels, ['medium', 'high', 'critical']);
  });

  test('settings not given yet, in the declaration, its config and its proposals', () => {
    const s = complete('selfmod s {\n  identity "x"\n  $0\n}\n');
    assert.deepEqual(s.labels, ['weights', 'initial', 'config', 'proposal']);
    assert.deepEqual(complete('selfmod s {\n  config { seed 42  $0 }\n}\n').labels, ['cycles', 'epsilon']);
    assert.deepEqual(complete('selfmod s {\n  config { seed $0 }\n}\n').labels, []);
    assert.deepEqual(complete('selfmod s {\n  proposal p: skill_acquisition {\n    risk low\n    $0\n  }\n}\n').labels, ['scope', 'benefit', 'shadow', 'effect']);
  });
});

describe('governance constructs', () => {
  const MACHINE = 'consent pub {\n  initial LISTEN\n  LISTEN -> CONSENT_GIVEN on explicit_consent from steward\n  CONSENT_GIVEN -> SUSPEND\n  SUSPEND -> LISTEN\n}\n';

  test('consent states, events and channels (the header’s answerable_to included)', () => {
    assert.deepEqual(complete('consent m {\n  initial $0\n}\n').labels, ['LISTEN', 'ABSTAIN', 'SUSPEND', 'CONSENT_GIVEN', 'DISSENT']);
    assert.deepEqual(complete('consent m {\n  LISTEN -> $0\n}\n').labels, ['LISTEN', 'ABSTAIN', 'SUSPEND', 'CONSENT_GIVEN', 'DISSENT']);
    assert.deepEqual(complete('consent m {\n  LISTEN -> DISSENT on $0\n}\n').labels, ['explicit_consent', 'explicit_dissent']);
    const ch = complete(`${HEADER('"SILENCE_BANDS_PROTECTED"')}consent m {\n  LISTEN -> DISSENT on explicit_dissent from $0\n}\n`);
    assert.deepEqual(ch.labels, ['steward', 'operator', 'human', 'community', 'affected_voices', 'steward_council', 'elders']);
  });

  test('a consent move: machines, then the states agent code may move to', () => {
    assert.deepEqual(complete(`${MACHINE}agent A {\n  on "x" {\n    consent $0\n  }\n}\n`).labels, ['pub']);
    assert.deepEqual(complete(`${MACHINE}agent A {\n  on "x" {\n    consent pub -> $0\n  }\n}\n`).labels, ['LISTEN', 'SUSPEND']);
  });

  test('event handlers, steward events and their arguments', () => {
    assert.deepEqual(complete('agent A {\n  on event $0\n}\n').labels, ['restorative_process_completed', 'explicit_consent', 'explicit_dissent', 'incident_report']);
    assert.deepEqual(complete('run "r" {\n  steward $0\n}\n').labels, ['veto', 'consent', 'incident', 'restore']);
    assert.deepEqual(complete('run "r" {\n  steward veto($0)\n}\n').labels, ['ok', 'strained', 'tripped']);
    assert.deepEqual(complete(`${MACHINE}run "r" {\n  steward consent($0)\n}\n`).labels, ['pub']);
    assert.deepEqual(complete(`${MACHINE}run "r" {\n  steward consent(pub, $0)\n}\n`).labels, ['explicit_consent', 'explicit_dissent']);
  });

  test('scars triggers and kernels as snippets', () => {
    const t = complete('scars {\n  trigger $0\n}\n');
    assert.deepEqual(t.labels, ['E_ext_spike', 'beta1_lap_excursion', 'incident_report']);
    assert.equal(t.find('incident_report')!.insertText, 'incident_report(from: ${1:steward})');
    assert.deepEqual(complete('scars {\n  forgiveness $0\n}\n').labels, ['gamma', 'weibull']);
  });
});

describe('keywords and snippets', () => {
  const labels = (src: string) => complete(src).labels;

  test('statement keywords in a handler, with snippets for the main constructs', () => {
    const l = labels('agent A {\n  on "x" {\n    $0\n  }\n}\n');
    for (const k of ['let', 'ask', 'view', 'reply', 'reflect', 'act', 'chapel', 'choose', 'consent', 'scar']) assert.ok(l.includes(k), k);
    for (const s of ['chapel with an act', 'choose with two options', 'let … = ask', 'view … as … else']) assert.ok(l.includes(s), s);
    for (const k of ['expect', 'steward', 'resolve', 'forgiveness', 'message']) assert.ok(!l.includes(k), k);
  });

  test('`resolve` only in the restorative handler', () => {
    assert.ok(labels('agent A {\n  on event restorative_process_completed {\n    $0\n  }\n}\n').includes('resolve'));
  });

  test('run statements', () => {
    const l = labels('run "r" {\n  ask human "x" budget 3\n  $0\n}\n');
    for (const k of ['let', 'ask', 'expect', 'steward', 'ask … budget', 'expect reply']) assert.ok(l.includes(k), k);
    for (const k of ['reply', 'view', 'chapel']) assert.ok(!l.includes(k), k);
  });

  test('top-level items with snippets for the main constructs; the header snippet only at the top of a file without one', () => {
    const l = labels('message a = "x"\n$0\n');
    for (const s of ['message', 'agent', 'run', 'consent', 'scars', 'selfmod', 'agent with a handler', 'run with ask and expect', 'consent machine', 'scars block', 'selfmod block']) assert.ok(l.includes(s), s);
    assert.ok(!l.includes('ethics header'));
    const top = complete('$0\nagent A {\n  on "x" {\n    chapel {\n      act "y"\n    }\n    reply "z"\n  }\n}\n');
    const header = top.find('ethics header')!;
    assert.ok(header, top.labels.join(', '));
    assert.ok(header.insertText!.includes('"invariants_wired": ["INDEPENDENT_VETO_CHAPEL"]'), header.insertText);
  });

  test('in an agent: handlers; in a choice: options; in a consent machine: initial and transitions', () => {
    assert.deepEqual(labels('agent A {\n  $0\n}\n'), ['on', 'on "…" { … }', 'on event … { … }']);
    assert.deepEqual(labels('agent A {\n  on "x" {\n    choose "c" {\n      $0\n    }\n  }\n}\n'), ['option', 'option with a breach']);
    assert.ok(labels('consent m {\n  $0\n}\n').includes('initial'));
  });

  test('a snippet has a kind, a detail, documentation with its text, and a filter word', () => {
    const agent = complete('$0').find('agent with a handler')!;
    assert.equal(agent.kind, 'snippet');
    assert.equal(agent.isSnippet, true);
    assert.equal(agent.filterText, 'agent');
    assert.match(agent.documentation!, /```amp\nagent Name \{\n {2}on "what is \[x\]\?" \{\n {4}reply "\[x\]"\n {2}\}\n\}\n```/);
    assert.equal(agent.insertText, 'agent ${1:Name} {\n\ton "${2:what is [x]?}" {\n\t\treply "${3:[x]}"\n\t\\}\n\\}');
  });

  test('a block left open while typing still gives statement keywords', () => {
    assert.ok(labels('agent A {\n  on "x" {\n    reply "y"\n    $0').includes('chapel'));
    assert.ok(labels('agent A {\n  on "x" {\n    ch$0').includes('chapel'));
  });

  test('after annotations on a statement line', () => {
    assert.ok(labels('agent A {\n  on "x" {\n    @E_ext_cost(0.1) $0\n  }\n}\n').includes('act'));
  });

  test('the word under the cursor is replaced whole', () => {
    const c = complete('agent A {\n  on "x" {\n    cha$0pl\n  }\n}\n');
    assert.equal(replaced(c, c.find('chapel')), 'chapl');
  });
});

describe('edges', () => {
  test('nothing in comments', () => {
    assert.deepEqual(complete('// a [$0 comment\nmessage a = "x"\n').labels, []);
    assert.deepEqual(complete('/* a $0 */\nmessage a = "x"\n').labels, []);
  });

  test('an empty file offers the items and the header', () => {
    const c = complete('$0');
    assert.ok(c.labels.includes('agent') && c.labels.includes('ethics header'));
    for (const e of c.items) assert.deepEqual(e.replace, { start: 0, end: 0 });
  });

  test('offsets outside the text never throw', () => {
    const doc = analyze({ path: 't.amp', text: 'message a = "[b"' });
    for (const o of [-1, 16, 17, 1000, Number.NaN, 2.5]) assert.doesNotThrow(() => completionsOrThrow(doc, o));
    assert.deepEqual(completionsAt(doc, Number.NaN), []);
  });

  test('CRLF: keywords on an empty line and replace spans', () => {
    const c = complete(crlf('agent A {\n  on "x" {\n    cha$0\n  }\n}\n'));
    assert.equal(replaced(c, c.find('chapel')), 'cha');
  });
});

describe('every sample', () => {
  for (const path of filesUnder('samples', '.amp')) {
    test(path, () => {
      const text = readFileSync(path, 'utf8');
      const doc = analyze({ path, text });
      let offered = 0;
      for (let o = 0; o <= text.length; o += 7) {
        for (const e of completionsOrThrow(doc, o)) {
          offered++;
          assert.ok(e.label.length > 0, `empty label at ${o}`);
          assert.ok(e.kind, `no kind at ${o}`);
          assert.ok(e.replace && within(e.replace, text.length), `replace ${JSON.stringify(e.replace)} at ${o}`);
          assert.ok(e.replace!.start <= o && o <= e.replace!.end, `replace ${JSON.stringify(e.replace)} does not hold ${o}`);
        }
      }
      assert.ok(offered > 0);
    });
  }
});
