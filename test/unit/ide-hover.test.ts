// Hover (core/ide/hover.ts), cursor-driven: pointers expand the message they point to, agents list their handlers,
// annotations explain themselves against the header, header fields and invariants read the schema, selfmod parts read
// seed 004's catalog, keywords show their syntax; and the edges: word boundaries, broken files, CRLF, emoji, offsets.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { BREACHES } from '../../core/check/breaches';
import { analyze } from '../../core/ide/document';
import { EXPANSION_MAX_CHARS, hoverAt, hoverOrThrow } from '../../core/ide/hover';
import { filesUnder } from '../harness/index';
import { crlf, withCursor, within } from '../fixtures/ide-assist/support';

const HEADER = `// compiler_ethics_v0_1: {
//   "compiler_ethics_v": "0.1",
//   "answerable_to": { "primary": ["steward_council"] },
//   "governance_stack": { "constitution_id": "TrustSlice_TSv0_1", "existential_audit": true, "E_ext_max_const": 0.8, "min_pause_ms_const": 2500, "audit_max_steps_const": 10 },
//   "invariants_wired": ["E_EXT_RED_BOUNDARY", "INDEPENDENT_VETO_CHAPEL", "NO_UNBOUNDED_REWRITE_UNDER_AUDIT", "SILENCE_BANDS_PROTECTED", "SCARS_DURABLE_FORGIVENESS_BOUNDED"]
// }
`;

const schema = JSON.parse(readFileSync('schemas/compiler_ethics.schema.json', 'utf8'));

/** The hover at the `$0` of `src`: its markdown and the text its span covers. */
function hover(src: string, manifest?: { path: string; text: string }) {
  const { doc, text, offset } = withCursor(src, manifest);
  const h = hoverAt(doc, offset);
  return { h, md: h?.markdown ?? '', covered: h ? text.slice(h.span.start, h.span.end) : undefined, text };
}

const LISTS = `message empty = "the empty list"
message l2 = "the list with first element (3) and remaining elements [empty]"
message xs = "the list with first element (7) and remaining elements [l2]"
`;

describe('pointers and messages', () => {
  test('a pointer shows the message it points to, with its pointers resolved', () => {
    const { md, covered } = hover(`${LISTS}run "r" {\n  ask human "[x$0s]" budget 3\n}\n`);
    assert.equal(covered, 'xs');
    assert.match(md, /message xs = "the list with first element \(7\) and remaining elements \[l2\]"/);
    assert.ok(md.includes('the list with first element (7) and remaining elements (the list with first element (3) and remaining elements (the empty list))'), md);
  });

  test('the expansion stops after a few levels and leaves deeper pointers as written', () => {
    const chain = ['message m0 = "zero"', ...[1, 2, 3, 4, 5].map((i) => `message m${i} = "${i} [m${i - 1}]"`)].join('\n');
    const { md } = hover(`${chain}\nrun "r" {\n  ask human "[m$05]" budget 3\n}\n`);
    assert.ok(md.includes('5 (4 (3 (2 [m1])))'), md);
  });

  test('the expansion is capped in length', () => {
    const long = 'x'.repeat(400);
    const { md } = hover(`message a = "${long}"\nmessage b = "[a] [a] [a]"\nrun "r" {\n  ask human "[$0b]" budget 3\n}\n`);
    const block = /```text\n([^`]*)\n```/.exec(md)?.[1] ?? '';
    assert.ok(block.endsWith('…'), block.slice(-20));
    assert.ok(block.length <= EXPANSION_MAX_CHARS + 1, `${block.length}`);
  });

  test('messages that point at each other expand without looping', () => {
    const { md } = hover('message a = "a of [b]"\nmessage b = "b of [a]"\nrun "r" {\n  ask human "[$0a]" budget 3\n}\n');
    assert.ok(md.includes('a of (b of [a])'), md);
  });

  test('a message declaration name hovers like a pointer to it', () => {
    const { md, covered } = hover(`message empty = "the empty list"\nmessage l$02 = "one [empty]"\n`);
    assert.equal(covered, 'l2');
    assert.ok(md.includes('one (the empty list)'), md);
  });

  test('a template hole says which template binds it and what the asks that reach it bind', () => {
    const src = `${LISTS}agent Head {\n  on "the head of [list]" {\n    reply "[li$0st]"\n  }\n}\nrun "r" {\n  ask Head "the head of [xs]" budget 3\n}\n`;
    const { md, covered } = hover(src);
    assert.equal(covered, 'list');
    assert.match(md, /\(hole\) list/);
    assert.match(md, /Bound by the template of `Head`: `on "the head of \[list\]"`/);
    assert.match(md, /`\[xs\]` from run "r"/);
  });

  test('a hole at its declaration in the template hovers too', () => {
    const { md, covered } = hover('agent Echo {\n  on "echo [t$0ext]" {\n    reply "[text]"\n  }\n}\n');
    assert.equal(covered, 'text');
    assert.match(md, /Bound by the template of `Echo`/);
  });

  test('a view hole names the view that binds it', () => {
    const { md } = hover('agent A {\n  on "split [p]" {\n    view p as "[a] and [b]" else {\n      reply "no"\n    }\n    reply "[$0a]"\n  }\n}\n');
    assert.match(md, /Bound by `view p as "\[a\] and \[b\]"`/);
  });

  test('a let binding shows its statement and who answers it', () => {
    const { md } = hover('agent A {\n  on "min of [x] and [y]" {\n    let smaller = ask Compare "which is smaller, [x] or [y]?"\n    reply "[small$0er]"\n  }\n}\n');
    assert.match(md, /let smaller = ask Compare/);
    assert.match(md, /The reply of `Compare` to this question/);
  });

  test('a let of a message expands it', () => {
    const { md } = hover('message e = "the end"\nagent A {\n  on "go" {\n    let m = "before [e]"\n    reply "[$0m]"\n  }\n}\n');
    assert.match(md, /A message composed here/);
    assert.ok(md.includes('before (the end)'), md);
  });

  test('an undefined pointer says it names nothing in scope', () => {
    const { md, covered } = hover('agent A {\n  on "echo [text]" {\n    reply "[tx$0et]"\n  }\n}\n');
    assert.equal(covered, 'txet');
    assert.match(md, /names nothing in scope here \(AMP-N001\)/);
  });

  test('a reserved governance name explains why agent code may not touch it', () => {
    const { md } = hover('agent A {\n  on "peek" {\n    reply "[veto_fuse_$0status]"\n  }\n}\n');
    assert.match(md, /veto fuse/);
    assert.match(md, /AMP-G004/);
  });

  test('the message of an ask says which handler answers it', () => {
    const { md } = hover('agent A {\n  on "do [x]" {\n    reply "done"\n  }\n}\nrun "r" {\n  ask A "do $0it" budget 3\n}\n');
    assert.match(md, /Answered by `A`’s handler `on "do \[x\]"`/);
  });
});

describe('agents', () => {
  test('a declared agent lists its handlers, event handlers included', () => {
    const src = 'agent Li$0b {\n  on "first [a]" {\n    reply "[a]"\n  }\n  on event restorative_process_completed {\n    reply "ok"\n  }\n  on "second [b]" {\n    reply "[b]"\n  }\n}\n';
    const { md, covered } = hover(src);
    assert.equal(covered, 'Lib');
    assert.match(md, /Answers \(3 handlers, the first match wins\)/);
    const order = ['on "first [a]"', 'on event restorative_process_completed', 'on "second [b]"'].map((s) => md.indexOf(s));
    assert.ok(order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1])), md);
  });

  test('an ask target shows the agent asked', () => {
    const { md } = hover('agent Lib {\n  on "first [a]" {\n    reply "[a]"\n  }\n}\nrun "r" {\n  ask L$0ib "first x" budget 3\n}\n');
    assert.match(md, /agent Lib/);
    assert.match(md, /on "first \[a\]"/);
  });

  test('a built-in agent shows what it answers (core/check/builtins.ts)', () => {
    const { md } = hover('run "r" {\n  ask Num$0bers "is 3 zero?" budget 3\n}\n');
    assert.match(md, /agent Numbers \/\/ built-in/);
    for (const t of ['is [n] zero?', 'is [n] even or odd?', 'what is half of [n]?']) assert.ok(md.includes(t), t);
  });

  test('human answers any message', () => {
    assert.match(hover('run "r" {\n  ask hu$0man "anything" budget 3\n}\n').md, /Answers any message/);
  });

  test('a replay agent names its transcript', () => {
    assert.match(hover('agent Al$0ice replays "alice.jsonl"\n').md, /alice\.jsonl/);
  });

  test('a new agent from `let r, A2 = ask` is an instance of the agent asked', () => {
    const { md } = hover('agent T {\n  on "t [x]" {\n    reply "[x]"\n  }\n}\nrun "r" {\n  let r, T2 = ask T "t 1" budget 5\n  ask T$02 "t [r]" budget 5\n}\n');
    assert.match(md, /new agent A′ that remembers the exchange with `T`/);
  });

  test('an unknown ask target says so', () => {
    assert.match(hover('run "r" {\n  ask Comp$0are2 "x" budget 3\n}\n').md, /AMP-N005/);
  });
});

describe('annotations', () => {
  test('@breach on its id: the seed’s title, lexical level and definitions, and the weight it counts', () => {
    const src = 'conscience {\n  weight "lying" 2\n}\nagent G {\n  on "q" {\n    choose "c" {\n      @breach("ly$0ing", risk: 0.5)\n      option "a" {\n        reply "a"\n      }\n      option "b" {\n        reply "b"\n      }\n    }\n  }\n}\n';
    const { md, covered } = hover(src);
    assert.equal(covered, 'lying');
    const lying = BREACHES.find((b) => b.id === 'lying')!;
    assert.ok(md.includes(lying.title), md);
    assert.match(md, /lexical level 0/);
    assert.match(md, /\*Lying\*:/);
    assert.match(md, /Weight 2 \(from the `conscience` block\) × risk 0\.5 = 1: counts 1 at level 0/);
  });

  test('@breach on its name: the annotation, the breach and its weight', () => {
    const src = 'agent G {\n  on "q" {\n    choose "c" {\n      @bre$0ach("torturing_a_human", level1: 0.55)\n      option "a" {\n        reply "a"\n      }\n      option "b" {\n        reply "b"\n      }\n    }\n  }\n}\n';
    const { md, covered } = hover(src);
    assert.equal(covered, '@breach("torturing_a_human", level1: 0.55)');
    assert.match(md, /@breach\("id", weight: w, risk: p, level1: q\)/);
    assert.match(md, /counts 0\.55 at level 1 and 0\.45 at level 0/);
  });

  test('an unknown breach id suggests the closest one', () => {
    const { md } = hover('agent G {\n  on "q" {\n    @breach("ly$0in")\n    reply "x"\n  }\n}\n');
    assert.match(md, /not in seed 003’s breach catalog \(AMP-C001\); did you mean `lying`\?/);
  });

  test('@E_ext_cost against the header’s red boundary and chapel threshold', () => {
    const src = `${HEADER}\nagent P {\n  on "post [x]" {\n    @E_ext_co$0st(0.5)\n    act "post [x]"\n    reply "ok"\n  }\n}\n`;
    const { md } = hover(src);
    assert.match(md, /`E_ext_max_const` = 0\.8 \(from this file’s header\): this act alone spends 62\.5 % of it/);
    assert.match(md, /Chapel threshold 0\.4 \(half of `E_ext_max_const`\): 0\.5 is above it, so this act must run in a chapel \(AMP-G001\)/);
    assert.match(md, /Outside a chapel: the cost counts against the red boundary/);
  });

  test('@E_ext_cost inside a chapel does not count against the red boundary', () => {
    const src = `${HEADER}\nagent P {\n  on "post [x]" {\n    chapel {\n      @E_ext_cost(0.1) @haz$0ard(high)\n      act "post [x]"\n    }\n    reply "ok"\n  }\n}\n`;
    const { md } = hover(src);
    assert.match(md, /\*\*`high`: must run inside a chapel/);
    assert.match(md, /In a chapel: it pauses 2500 ms/);
  });

  test('@hazard(high) outside a chapel says to wrap it', () => {
    const { md } = hover(`${HEADER}\nagent P {\n  on "x" {\n    @E_ext_cost(0.1) @hazard(h$0igh)\n    act "x"\n    reply "ok"\n  }\n}\n`);
    assert.match(md, /Not in a chapel/);
  });

  test('without a header, a cost has nothing to be measured against', () => {
    const { md } = hover('agent P {\n  on "x" {\n    @E_ext$0_cost(0.1)\n    act "x"\n    reply "ok"\n  }\n}\n');
    assert.match(md, /No ethics header governs this file/);
  });

  test('a manifest’s limits count, and the hover names the manifest', () => {
    const manifest = { path: '/w/compiler_ethics.json', text: JSON.stringify({ compiler_ethics_v: '0.1', answerable_to: { primary: ['s'] }, governance_stack: { constitution_id: 'c', existential_audit: false, E_ext_max_const: 1, min_pause_ms_const: 0, E_ext_chapel_threshold: 0.2 }, invariants_wired: ['E_EXT_RED_BOUNDARY'] }) };
    const { md } = hover('agent P {\n  on "x" {\n    @E_ext_cost($00.1)\n    act "x"\n    reply "ok"\n  }\n}\n', manifest);
    assert.match(md, /from the manifest `\/w\/compiler_ethics\.json`/);
    assert.match(md, /Chapel threshold 0\.2 \(`E_ext_chapel_threshold`\): 0\.1 is within it/);
  });

  test('@self_rewrite shows each bound against the header cap', () => {
    const src = `${HEADER}\nagent L {\n  @self_rew$0rite(max_steps: 12, max_model_delta: 0.05)\n  on "learn [x]" {\n    reply "[x]"\n  }\n}\n`;
    const { md } = hover(src);
    assert.match(md, /`existential_audit` is on \(this file’s header\)/);
    assert.match(md, /\| `max_steps` \| 12 \| audit_max_steps_const = 10 \| above the cap \(AMP-G006\) \|/);
    assert.match(md, /\| `max_model_delta` \| 0\.05 \| — \| ok \|/);
    assert.match(md, /\| `max_policy_divergence` \| — \| — \| missing \(AMP-G005\) \|/);
  });

  test('an unknown annotation lists the known ones', () => {
    assert.match(hover('agent P {\n  on "x" {\n    @hazz$0ard(low)\n    act "x"\n    reply "ok"\n  }\n}\n').md, /Unknown annotation `@hazzard` \(AMP-P005\)/);
  });
});

describe('the header', () => {
  test('a header key shows its path, type, requirement and the schema’s description', () => {
    const { md, covered } = hover(HEADER.replace('"E_ext_max_const"', '"E_ext_m$0ax_const"'));
    assert.equal(covered, '"E_ext_max_const"');
    assert.match(md, /\*\*governance_stack\.E_ext_max_const\*\*: number ≥ 0 · required/);
    assert.ok(md.includes(schema.properties.governance_stack.properties.E_ext_max_const.description), md);
    assert.match(md, /Here 0\.8: acts outside chapels may spend at most 0\.8 per trust slice \(AMP-G003\); acts costing more than 0\.4 must run in a chapel/);
  });

  test('an optional key says so', () => {
    const { md } = hover(HEADER.replace('"audit_max_steps_const"', '"audit_max$0_steps_const"'));
    assert.match(md, /governance_stack\.audit_max_steps_const\*\*: integer ≥ 1 · optional/);
  });

  test('an invariant name shows the seed’s statement of it and what it covers', () => {
    const { md, covered } = hover(HEADER.replace('"SILENCE_BANDS_PROTECTED"', '"SILENCE_BANDS$0_PROTECTED"'));
    assert.equal(covered, '"SILENCE_BANDS_PROTECTED"');
    assert.ok(md.includes(schema.properties.invariants_wired.items.enumDescriptions[3]), md);
    assert.match(md, /Covers `consent` machines and consent moves/);
  });

  test('an unknown invariant name lists the five', () => {
    const { md } = hover(HEADER.replace('"E_EXT_RED_BOUNDARY"', '"E_EXT_RED_BOUND$0RY"'));
    assert.match(md, /AMP-H005/);
  });

  test('an enum value hovers with its field', () => {
    const src = HEADER.replace('"invariants_wired"', '"trust_slice_status": { "veto_fuse_status": "stra$0ined" },\n//   "invariants_wired"');
    assert.match(hover(src).md, /trust_slice_status\.veto_fuse_status\*\*: "ok" \| "strained" \| "tripped"/);
  });

  test('an unknown field is an extension', () => {
    const src = HEADER.replace('"invariants_wired"', '"hud_co$0lour": "amber",\n//   "invariants_wired"');
    assert.match(hover(src).md, /AMP-H006/);
  });

  test('the marker explains the header', () => {
    const { md, covered } = hover(HEADER.replace('compiler_ethics_v0_1:', 'compiler_eth$0ics_v0_1:'));
    assert.equal(covered, '// compiler_ethics_v0_1:');
    assert.match(md, /ethics header of seed 002/);
  });

  test('the `//` prefix of a header line has no hover', () => {
    assert.equal(hover(HEADER.replace('//   "answerable_to"', '/$0/   "answerable_to"')).h, undefined);
  });
});

describe('governance constructs and self-modification', () => {
  const CONSENT = 'consent pub {\n  initial LISTEN\n  LISTEN -> CONSENT_GIVEN on explicit_consent from steward\n  CONSENT_GIVEN -> SUSPEND\n}\n';

  test('a consent state, an event and a channel explain themselves', () => {
    assert.match(hover(CONSENT.replace('initial LISTEN', 'initial LIS$0TEN')).md, /Silence band/);
    assert.match(hover(CONSENT.replace('on explicit_consent', 'on explicit_con$0sent')).md, /explicit, attested consent/);
    assert.match(hover(CONSENT.replace('from steward', 'from stew$0ard')).md, /`steward` is a protected channel/);
    assert.match(hover(CONSENT.replace('from steward', 'from ag$0ent')).md, /never a protected channel/);
  });

  test('a consent machine named by a move shows its transitions', () => {
    const { md } = hover(`${CONSENT}agent A {\n  on "go" {\n    consent p$0ub -> SUSPEND\n    reply "ok"\n  }\n}\n`);
    assert.match(md, /LISTEN -> CONSENT_GIVEN on explicit_consent from steward/);
  });

  test('scars triggers, kernels and steward events', () => {
    const scars = 'scars {\n  trigger E_ext_spike(above: 0.5)\n  forgiveness weibull(shape: 2, scale: 30)\n}\n';
    assert.match(hover(scars.replace('E_ext_spike', 'E_ext_sp$0ike')).md, /rises above `above`/);
    assert.match(hover(scars.replace('weibull', 'wei$0bull')).md, /Weibull kernel/);
    assert.match(hover('run "r" {\n  steward ve$0to(tripped)\n}\n').md, /trips the veto fuse/);
    assert.match(hover('run "r" {\n  steward veto(trip$0ped)\n}\n').md, /every chapel aborts its act/);
  });

  const SELFMOD = `selfmod tutor {
  identity "t-1"
  weights { V_id: 0.15, H_bel: 0.15, F_mut: 0.10, sigma_con: 0.10, E_v: 0.20, G_c: 0.15, M_s: 0.15 }
  initial { V_id: 0.05, E_v: 0.30 }
  config { seed 42  cycles 120 }
  proposal kinder: belief_revision {
    risk high
    shadow 10
  }
}
`;

  test('a selfmod name shows C_L4(0) and its zone', () => {
    const { md } = hover(SELFMOD.replace('selfmod tutor', 'selfmod tu$0tor'));
    assert.match(md, /C_L4\(0\) = Σ wᵢ Xᵢ\(0\) = \*\*0\.0675\*\*: the \*\*Optimal\*\* zone/);
    assert.match(md, /`kinder`: belief_revision \(risk high, shadow 10\)/);
  });

  test('a C_L4 term shows its meaning, and its weight or its share of C_L4(0)', () => {
    assert.match(hover(SELFMOD.replace('E_v: 0.20', 'E_$0v: 0.20')).md, /expansion velocity[\s\S]*Declared weight 0\.2 \(seed default 0\.2\)/);
    assert.match(hover(SELFMOD.replace('E_v: 0.30', 'E$0_v: 0.30')).md, /X\(0\) = 0\.3: contributes 0\.06 to C_L4\(0\) = 0\.0675/);
    assert.match(hover(SELFMOD.replace('H_bel: 0.15', 'H_bal$0: 0.15')).md, /not a C_L4 term \(AMP-S005\)/);
  });

  test('a proposal type and a prohibited type', () => {
    assert.match(hover(SELFMOD.replace('belief_revision', 'belief_rev$0ision')).md, /Risk: high\. Approval: L2\+consistency/);
    assert.match(hover(SELFMOD.replace('belief_revision', 'core_value_$0change')).md, /prohibited[\s\S]*Rejected at step 1/);
  });

  test('a risk level below the type’s risk is called out', () => {
    assert.match(hover(SELFMOD.replace('risk high', 'risk lo$0w')).md, /Below the intrinsic risk of `belief_revision` \(high\)/);
  });

  test('settings explain themselves', () => {
    assert.match(hover(SELFMOD.replace('shadow 10', 'sha$0dow 10')).md, /ShadowAgent simulation/);
    assert.match(hover(SELFMOD.replace('seed 42', 'se$0ed 42')).md, /random seed/);
    assert.match(hover('trust_slice { win$0dow 16 }\n').md, /trust slice window/);
  });
});

describe('keywords', () => {
  const cases: [string, RegExp][] = [
    ['agent A {\n  on "x [y]" {\n    le$0t r = ask Compare "which is smaller, [y] or [y]?"\n    reply "[r]"\n  }\n}\n', /let r = ask AGENT/],
    ['agent A {\n  on "x [y]" {\n    let r = a$0sk Compare "which is smaller, [y] or [y]?"\n    reply "[r]"\n  }\n}\n', /Spawn and send \(seed 000\)/],
    ['agent A {\n  on "x [y]" {\n    vi$0ew y\n    reply "ok"\n  }\n}\n', /AMP has no `if`/],
    ['agent A {\n  on "x" {\n    chap$0el {\n      act "y"\n    }\n    reply "ok"\n  }\n}\n', /chapel of hesitation/],
    ['agent A {\n  on "x" {\n    cho$0ose "c" {\n      option "a" {\n        reply "a"\n      }\n    }\n  }\n}\n', /least conscience weight/],
    ['mess$0age m = "x"\n', /Declares a top-level message/],
    ['run "r" {\n  ask human "x" bud$0get 5\n}\n', /positive whole number of operations/],
    ['run "r" {\n  ask human "x" budget 5\n  exp$0ect reply "y"\n}\n', /Checks the reply/],
    ['sel$0fmod s {\n}\n', /bounded self-modification run/],
  ];
  for (const [src, re] of cases) test(src.split('$0')[0].split('\n').pop()!.trim() + '…', () => assert.match(hover(src).md, re));

  test('a keyword’s hover holds its syntax as an AMP code block', () => {
    assert.match(hover('agent A {\n  on "x" {\n    rep$0ly "y"\n  }\n}\n').md, /^```amp\nreply "…"\n```/);
  });
});

describe('edges', () => {
  const SRC = 'message greeting = "hi"\nrun "r" {\n  ask human "[greeting]" budget 3\n}\n';
  const at = SRC.indexOf('[greeting]') + 1;
  const doc = analyze({ path: 't.amp', text: SRC });

  test('the cursor at the start and at the end of a name both hover it', () => {
    for (const o of [at, at + 'greeting'.length]) assert.equal(SRC.slice(hoverAt(doc, o)!.span.start, hoverAt(doc, o)!.span.end), 'greeting', `at ${o}`);
  });

  test('offsets outside the text, NaN and fractions never throw', () => {
    for (const o of [-5, SRC.length, SRC.length + 100, Number.NaN, Number.POSITIVE_INFINITY, 3.5]) assert.doesNotThrow(() => hoverOrThrow(doc, o));
    assert.equal(hoverAt(doc, Number.NaN), undefined);
  });

  test('an empty file has no hover', () => {
    assert.equal(hoverOrThrow(analyze({ path: 'e.amp', text: '' }), 0), undefined);
  });

  test('comments have no hover', () => {
    assert.equal(hover('// a comment about [gree$0ting]\nmessage greeting = "hi"\n').h, undefined);
  });

  test('in a broken file, what can be read still hovers', () => {
    const { md } = hover('message greeting = "hi"\nagent A {\n  on "x" {\n    reply "[gree$0ting]"\n    let = = =\n');
    assert.match(md, /message greeting = "hi"/);
  });

  test('inside an unterminated message', () => {
    const { md, covered } = hover('message greeting = "hi"\nagent A {\n  on "x" {\n    reply "[gree$0ting] and more\n  }\n}\n');
    assert.equal(covered, 'greeting');
    assert.match(md, /message greeting/);
  });

  test('CRLF line breaks', () => {
    const { md, covered } = hover(crlf(`${LISTS}run "r" {\n  ask human "[x$0s]" budget 3\n}\n`));
    assert.equal(covered, 'xs');
    assert.ok(md.includes('(the empty list)'), md);
    const header = hover(crlf(HEADER.replace('"E_ext_max_const"', '"E_ext_m$0ax_const"')));
    assert.equal(header.covered, '"E_ext_max_const"');
  });

  test('emoji before the cursor', () => {
    const { covered, md } = hover('message 🎉 = "party"\nmessage greeting = "🎉🎉 hi"\nrun "r" {\n  ask human "🎉 [gree$0ting] 🎉" budget 3\n}\n');
    assert.equal(covered, 'greeting');
    assert.ok(md.includes('🎉🎉 hi'), md);
  });
});

describe('every sample', () => {
  for (const path of filesUnder('samples', '.amp')) {
    test(path, () => {
      const text = readFileSync(path, 'utf8');
      const doc = analyze({ path, text });
      let hovers = 0;
      for (let o = 0; o <= text.length; o += 7) {
        const h = hoverOrThrow(doc, o);
        if (!h) continue;
        hovers++;
        assert.ok(within(h.span, text.length), `span ${JSON.stringify(h.span)} at ${o}`);
        assert.ok(h.span.start <= o && o <= h.span.end, `span ${JSON.stringify(h.span)} does not hold ${o}`);
        assert.ok(h.markdown.trim().length > 0, `empty hover at ${o}`);
      }
      assert.ok(hovers > 0, 'no hover anywhere');
    });
  }
});
