// Signature help (core/ide/signature-help.ts), cursor-driven: annotations (the argument lists of
// core/check/annotations.ts) with the argument being written, and the templates of the agent asked with the hole
// being filled; the hole matcher on its own; and the edges, on inline sources and every sample.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ANNOTATIONS } from '../../core/check/annotations';
import { analyze } from '../../core/ide/document';
import { activeHole, signatureHelpAt, signatureHelpOrThrow, type SignatureHelpInfo } from '../../core/ide/signature-help';
import { filesUnder } from '../harness/index';
import { crlf, withCursor } from '../fixtures/ide-assist/support';

function help(src: string): SignatureHelpInfo | undefined {
  const { doc, offset } = withCursor(src);
  return signatureHelpAt(doc, offset);
}

/** The active signature's label and the text of its active parameter. */
function active(h: SignatureHelpInfo | undefined): [string, string] | undefined {
  if (!h) return undefined;
  const s = h.signatures[h.activeSignature];
  const p = s.parameters[h.activeParameter];
  return [s.label, typeof p.label === 'string' ? p.label : s.label.slice(p.label[0], p.label[1])];
}

const inAct = (annotation: string) => `agent A {\n  on "x" {\n    ${annotation}\n    act "y"\n    reply "z"\n  }\n}\n`;

describe('annotations', () => {
  test('every annotation’s signature is the one core/check/annotations.ts declares', () => {
    for (const spec of ANNOTATIONS) {
      const h = help(inAct(`@${spec.name}($0)`));
      assert.equal(h?.signatures[0].label, spec.signature, spec.name);
      assert.equal(h?.signatures[0].documentation, spec.doc);
      for (const p of h!.signatures[0].parameters) assert.ok(Array.isArray(p.label) && p.label[1] <= spec.signature.length);
    }
  });

  test('@E_ext_cost and @hazard have one parameter', () => {
    assert.deepEqual(active(help(inAct('@E_ext_cost(0.$0'))), ['@E_ext_cost(cost)', 'cost']);
    assert.deepEqual(active(help(inAct('@hazard(hi$0gh)'))), ['@hazard(low | medium | high | existential)', 'low | medium | high | existential']);
  });

  test('@E_ext_cost’s parameter documents the header’s limits', () => {
    const src = `// compiler_ethics_v0_1: {\n//   "compiler_ethics_v": "0.1",\n//   "answerable_to": { "primary": ["s"] },\n//   "governance_stack": { "constitution_id": "c", "existential_audit": true, "E_ext_max_const": 0.6, "min_pause_ms_const": 1 },\n//   "invariants_wired": ["E_EXT_RED_BOUNDARY"]\n// }\n${inAct('@E_ext_cost($0)')}`;
    assert.match(help(src)!.signatures[0].parameters[0].documentation!, /E_ext_max_const is 0\.6; acts costing more than 0\.3 must run in a chapel/);
  });

  test('@breach: the id first, then named arguments by name or by what is left', () => {
    const sig = '@breach("id", weight: w, risk: p, level1: q)';
    assert.deepEqual(active(help(inAct('@breach("ly$0'))), [sig, '"id"']);
    assert.deepEqual(active(help(inAct('@breach("lying", $0)'))), [sig, 'weight: w']);
    assert.deepEqual(active(help(inAct('@breach("lying", weight: 2, $0)'))), [sig, 'risk: p']);
    assert.deepEqual(active(help(inAct('@breach("lying", level1: 0.$0)'))), [sig, 'level1: q']);
    assert.deepEqual(active(help(inAct('@breach("a, b", ri$0sk: 1)'))), [sig, 'weight: w'], 'a comma inside the id does not count');
  });

  test('@self_rewrite: the bound being written, else the next one not given', () => {
    const h = (args: string) => active(help(`agent A {\n  @self_rewrite(${args})\n  on "x" {\n    reply "z"\n  }\n}\n`))?.[1];
    assert.equal(h('$0'), 'max_steps: n');
    assert.equal(h('max_steps: 3, $0'), 'max_model_delta: x');
    assert.equal(h('max_steps: 3, max_E_ext_delta: $0'), 'max_E_ext_delta: x');
    assert.equal(h('max_model_delta: 1, max_steps: 2, $0'), 'max_policy_divergence: x');
  });

  test('outside the parentheses, or for an unknown annotation, there is no help', () => {
    assert.equal(help(inAct('@haz$0ard(high)')), undefined);
    assert.equal(help(inAct('@hazard(high)$0')), undefined);
    assert.equal(help(inAct('@hazzard($0)')), undefined);
  });
});

describe('templates of the agent asked', () => {
  const ask = (message: string, agent = 'Compare') => `agent A {\n  on "x [p] [q]" {\n    let r = ask ${agent} "${message}"\n    reply "[r]"\n  }\n}\n`;

  test('a built-in’s templates, with the one being typed and its hole active', () => {
    const h = help(ask('which is larger, [p] or $0'));
    assert.deepEqual(h!.signatures.map((s) => s.label), ['"which is smaller, [a] or [b]?"', '"which is larger, [a] or [b]?"', '"is [a] less than [b]?"']);
    assert.deepEqual(active(h), ['"which is larger, [a] or [b]?"', '[b]']);
    assert.match(h!.signatures[0].documentation!, /^Compare: /);
  });

  test('an empty message: the first template, its first hole', () => {
    assert.deepEqual(active(help(ask('$0'))), ['"which is smaller, [a] or [b]?"', '[a]']);
  });

  test('a declared agent’s handler templates', () => {
    const src = 'agent Lib {\n  on "the first of [list]" {\n    reply "[list]"\n  }\n  on "the rest of [list] after [n]" {\n    reply "[list]"\n  }\n}\nrun "r" {\n  ask Lib "the rest of (a list) after $0" budget 3\n}\n';
    assert.deepEqual(active(help(src)), ['"the rest of [list] after [n]"', '[n]']);
  });

  test('human and unknown agents have no templates to show', () => {
    assert.equal(help(ask('$0', 'human')), undefined);
    assert.equal(help(ask('$0', 'Nobody')), undefined);
  });

  test('after the closing quote there is no help', () => {
    assert.equal(help('run "r" {\n  ask Compare "is 1 less than 2?"$0 budget 3\n}\n'), undefined);
  });

  test('CRLF and an unterminated message', () => {
    assert.deepEqual(active(help(crlf(ask('is [p] less than $0')))), ['"is [a] less than [b]?"', '[b]']);
    assert.deepEqual(active(help('run "r" {\n  ask Add "what is 1 plus $0\n}\n')), ['"what is [a] plus [b]?"', '[b]']);
  });
});

describe('activeHole', () => {
  test('finds the hole being filled, with spacing as template matching counts it', () => {
    assert.equal(activeHole('which is smaller, [a] or [b]?', ''), 0);
    assert.equal(activeHole('which is smaller, [a] or [b]?', 'which is smaller, [x'), 0);
    assert.equal(activeHole('which is smaller, [a] or [b]?', 'which   is smaller, 3 or'), 1);
    assert.equal(activeHole('which is smaller, [a] or [b]?', '  which is smaller, (a sub) or [y]'), 1);
    assert.equal(activeHole('is [a] less than [b]?', 'is 1 less than 2?'), 1);
  });

  test('a cursor in the template’s text fills the next hole; text the template cannot start is no match', () => {
    assert.equal(activeHole('what is [a] plus [b]?', 'what i'), 0);
    assert.equal(activeHole('which is smaller, [a] or [b]?', 'which is bigger'), undefined);
    assert.equal(activeHole('no holes here', 'no ho'), 0);
  });

  test('long input stays fast (memoised)', () => {
    const t = Date.now();
    assert.equal(activeHole('[a] and [b] and [c] and [d] and [e]!', 'x'.repeat(400)), 0);
    assert.ok(Date.now() - t < 1000);
  });
});

describe('edges', () => {
  test('offsets outside the text and an empty file never throw', () => {
    const doc = analyze({ path: 't.amp', text: inAct('@breach("lying", ') });
    for (const o of [-1, doc.text.length + 5, Number.NaN]) assert.doesNotThrow(() => signatureHelpOrThrow(doc, o));
    assert.equal(signatureHelpOrThrow(analyze({ path: 'e.amp', text: '' }), 0), undefined);
  });

  test('emoji inside the message before the cursor', () => {
    assert.deepEqual(active(help('run "r" {\n  ask Equal "is 🎉🎉 equal to $0" budget 3\n}\n')), ['"is [a] equal to [b]?"', '[b]']);
  });
});

describe('every sample', () => {
  for (const path of filesUnder('samples', '.amp')) {
    test(path, () => {
      const text = readFileSync(path, 'utf8');
      const doc = analyze({ path, text });
      for (let o = 0; o <= text.length; o += 7) {
        const h = signatureHelpOrThrow(doc, o);
        if (!h) continue;
        const s = h.signatures[h.activeSignature];
        assert.ok(s, `no active signature at ${o}`);
        for (const sig of h.signatures)
          for (const p of sig.parameters) if (Array.isArray(p.label)) assert.ok(0 <= p.label[0] && p.label[0] < p.label[1] && p.label[1] <= sig.label.length, `parameter ${p.label} at ${o}`);
      }
    });
  }
});
