// Unit tests for the static checks of seed 002's constitutional invariants (AMP-G001–G015): each rule runs on a parsed
// source with a hand-built Governance, and the tests pin codes, ranges, messages, related places and fixes.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NO_GOVERNANCE, type Governance, type GovernanceStack } from '../../core/check/governance';
import { INVARIANT_NAMES } from '../../core/check/header';
import { buildModel } from '../../core/check/model';
import { makeContext } from '../../core/check/rules/context';
import {
  actsOutsideChapels, concatPaths, EMPTY_PATH, eventPath, invariantsRules, pathEvents, scanPath, trustSliceWindow, worstCaseEExt, worstSlice,
  type EExtPath, type PathEvent,
} from '../../core/check/rules/invariants';
import type { Node } from '../../core/syntax/tree';
import type { Diagnostic, Fix } from '../../core/diagnostics';
import { parse } from '../../core/syntax/parser';

// ---- helpers ----------------------------------------------------------------------------------------------------------

/** Where every related place of the hand-built header points: a fixed range, so tests can recognise it. */
const HEADER_AT = { start: 0, end: 2 };

/** A header in this file, as the governance wiring would build it: seed 002's stub with all five invariants wired. */
function gov(stack: Partial<GovernanceStack> = {}, extra: Partial<Governance> = {}): Governance {
  return {
    source: 'file',
    stack: { constitution_id: 'TrustSlice_TSv0_1', existential_audit: true, E_ext_max_const: 0.75, min_pause_ms_const: 3000, ...stack },
    invariantsWired: [...INVARIANT_NAMES],
    answerableTo: ['local_operators', 'steward_council', 'affected_voices_panel', 'civic_memory_ledger'],
    related: (path, message) => ({ message: `${message} [${path}]`, ...HEADER_AT }),
    ...extra,
  };
}

function model(text: string) {
  return buildModel(parse(text).tree, text);
}

/** Runs the invariant rules only, so other rules' diagnostics never mask or add to what is tested. */
function check(text: string, g: Governance = gov()): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ctx = makeContext(model(text), g, out);
  for (const rule of invariantsRules) rule(ctx);
  return out;
}

/** The diagnostics of one code in source order, with the text each covers. */
function only(text: string, code: string, g?: Governance): { d: Diagnostic; covered: string }[] {
  return check(text, g)
    .filter((d) => d.code === code)
    .sort((a, b) => a.start - b.start)
    .map((d) => ({ d, covered: text.slice(d.start, d.end) }));
}

/** Exactly one diagnostic of `code`; returns it with the text it covers. */
function one(text: string, code: string, g?: Governance): { d: Diagnostic; covered: string } {
  const found = only(text, code, g);
  assert.equal(found.length, 1, `expected one ${code}, got ${found.length}: ${found.map((f) => f.d.message).join(' | ')}`);
  return found[0];
}

function applyFix(text: string, fix: Fix | undefined): string {
  assert.ok(fix, 'expected a fix');
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function codes(text: string, g?: Governance): string[] {
  return check(text, g).map((d) => d.code);
}

/** Wraps handler statements in an agent and a run that asks it. */
function inAgent(body: string, extra = '', runExtra = ''): string {
  return `${extra}agent Herald {
  on "tell everyone about [topic]" {
${body}
  }
}

run "tell everyone" {
${runExtra}  ask Herald "tell everyone about [news]" budget 10
}

message news = "the library reopens on Monday"
`;
}

/** The text of a related place, or the marker for the header's fixed range. */
function relatedTexts(text: string, d: Diagnostic): string[] {
  return (d.related ?? []).map((r) => (r.start === HEADER_AT.start && r.end === HEADER_AT.end ? `header: ${r.message}` : text.slice(r.start, r.end)));
}

// ---- clean specs --------------------------------------------------------------------------------------------------------

/** The sketch of design.md §4, header included: the Reporter's high-hazard act sits in a chapel with its E_ext cost. */
const DESIGN_SKETCH = `// compiler_ethics_v0_1: {
//   "compiler_ethics_v": "0.1",
//   "answerable_to": { "primary": ["local_operators", "steward_council"], "secondary": ["affected_voices_panel"], "last_resort": "civic_memory_ledger" },
//   "governance_stack": { "constitution_id": "TrustSlice_TSv0_1", "existential_audit": true, "E_ext_max_const": 0.75, "min_pause_ms_const": 3000 },
//   "invariants_wired": ["E_EXT_RED_BOUNDARY", "INDEPENDENT_VETO_CHAPEL", "NO_UNBOUNDED_REWRITE_UNDER_AUDIT", "SILENCE_BANDS_PROTECTED", "SCARS_DURABLE_FORGIVENESS_BOUNDED"]
// }

message empty = "the empty list"
message xs = "the list with first element (7) and remaining elements (the list with first element (3) and remaining elements [empty])"

agent Min {
  on "what is the smallest element of [list]?" {
    view list as "the list with first element [head] and remaining elements [rest]" else {
      reply "there is no smallest element of the empty list"
    }
    let restMin = ask Min "what is the smallest element of [rest]?" budget 20
    let smaller = ask Compare "which is smaller, [head] or [restMin]?"
    reply "[smaller]"
  }
}

agent Reporter {
  on "report [finding] to [recipient]" {
    chapel {
      @E_ext_cost(0.3) @hazard(high)
      act "send [finding] to [recipient]"
    }
    reply "sent"
  }
}

run "smallest of xs" {
  ask Min "what is the smallest element of [xs]?" budget 100
  expect reply "3"
}
`;

describe('clean governed specs', () => {
  it('the design sketch (§4) with all five invariants wired reports nothing', () => {
    assert.deepEqual(check(DESIGN_SKETCH), []);
  });

  it('the governed reporter sample reports nothing under its own header values', () => {
    const text = readFileSync(join(__dirname, '..', '..', 'samples', 'governed-reporter.amp'), 'utf8');
    assert.deepEqual(check(text), []);
  });

  it('a file with no governed construct needs no header', () => {
    assert.deepEqual(check('agent Echo {\n  on "echo [m]" {\n    reply "[m]"\n  }\n}\n', NO_GOVERNANCE), []);
  });
});

// ---- AMP-G001 / AMP-G002: chapels --------------------------------------------------------------------------------------

describe('AMP-G001 high-impact act outside a chapel', () => {
  const text = inAgent(`    @E_ext_cost(0.3) @hazard(high)
    act "publish [topic]"
    reply "published"`);

  it('reports a high-hazard act, from the act keyword through its message', () => {
    const { d, covered } = one(text, 'AMP-G001');
    assert.equal(covered, 'act "publish [topic]"');
    assert.match(d.message, /@hazard\(high\) act must pass through a chapel of hesitation/);
    assert.match(d.message, /veto fuse/);
    assert.equal(d.related, undefined, 'the hazard, not the cost, triggered it');
  });

  it('fixes by wrapping the act and its annotations in a chapel, indented', () => {
    const { d } = one(text, 'AMP-G001');
    assert.equal(
      applyFix(text, d.fixes?.[0]),
      inAgent(`    chapel {
      @E_ext_cost(0.3) @hazard(high)
      act "publish [topic]"
    }
    reply "published"`),
    );
    assert.deepEqual(codes(applyFix(text, d.fixes?.[0])), []);
  });

  it('keeps tabs and CRLF when wrapping', () => {
    const tabbed = 'agent A {\r\n\ton "go" {\r\n\t\t@hazard(existential) @E_ext_cost(0.1)\r\n\t\tact "launch"\r\n\t\treply "ok"\r\n\t}\r\n}\r\n';
    const { d } = one(tabbed, 'AMP-G001');
    assert.equal(
      applyFix(tabbed, d.fixes?.[0]),
      'agent A {\r\n\ton "go" {\r\n\t\tchapel {\r\n\t\t\t@hazard(existential) @E_ext_cost(0.1)\r\n\t\t\tact "launch"\r\n\t\t}\r\n\t\treply "ok"\r\n\t}\r\n}\r\n',
    );
  });

  it('reports a cost above the default threshold (half of E_ext_max_const) with related information to the limit', () => {
    const t = inAgent('    @E_ext_cost(0.5)\n    act "post [topic]"\n    reply "ok"');
    const { d, covered } = one(t, 'AMP-G001');
    assert.equal(covered, 'act "post [topic]"');
    assert.match(d.message, /costs E_ext 0\.5, above the chapel threshold 0\.375 \(half of E_ext_max_const 0\.75\)/);
    assert.deepEqual(relatedTexts(t, d), ['header: E_ext_max_const = 0.75; acts costing more than half of it need a chapel [governance_stack.E_ext_max_const]']);
  });

  it('uses a declared threshold and points at it', () => {
    const t = inAgent('    @E_ext_cost(0.3)\n    act "post [topic]"\n    reply "ok"');
    const { d } = one(t, 'AMP-G001', gov({ E_ext_chapel_threshold: 0.2 }));
    assert.match(d.message, /above the chapel threshold 0\.2,/);
    assert.deepEqual(relatedTexts(t, d), ['header: the chapel threshold E_ext_chapel_threshold = 0.2 [governance_stack.E_ext_chapel_threshold]']);
  });

  it('names both reasons when the act is high-hazard and over the threshold', () => {
    const t = inAgent('    @E_ext_cost(0.5) @hazard(high)\n    act "post [topic]"\n    reply "ok"');
    assert.match(one(t, 'AMP-G001').d.message, /@hazard\(high\) act costing E_ext 0\.5, above the chapel threshold 0\.375/);
  });

  it('accepts a cost exactly at the threshold, acts inside chapels (nested blocks too), and low hazards', () => {
    const t = inAgent(`    @E_ext_cost(0.375) @hazard(medium)
    act "post [topic]"
    chapel {
      choose "how" {
        option "loud" {
          @E_ext_cost(0.7) @hazard(existential)
          act "broadcast [topic]"
        }
        option "quiet" { reply "no" }
      }
    }
    reply "ok"`);
    assert.deepEqual(only(t, 'AMP-G001'), []);
  });

  it('reports acts in a branch outside any chapel', () => {
    const t = inAgent(`    choose "how" {
      option "loud" {
        @E_ext_cost(0.2) @hazard(high)
        act "broadcast [topic]"
      }
      option "quiet" { reply "no" }
    }
    reply "ok"`);
    assert.equal(one(t, 'AMP-G001').covered, 'act "broadcast [topic]"');
  });

  it('still reports high hazards with no header, but cannot judge costs without E_ext_max_const', () => {
    const t = inAgent('    @E_ext_cost(0.9)\n    act "a"\n    @E_ext_cost(0.1) @hazard(high)\n    act "b"\n    reply "ok"');
    assert.deepEqual(only(t, 'AMP-G001', NO_GOVERNANCE).map((x) => x.covered), ['act "b"']);
  });

  it('actsOutsideChapels lists acts not lexically inside a chapel, in source order', () => {
    const t = inAgent('    act "a"\n    chapel { act "b" }\n    view topic as "x" else { act "c" }\n    reply "ok"');
    const m = model(t);
    assert.deepEqual(actsOutsideChapels(m.tree).map((n) => t.slice(n.start, n.end)), ['act "a"', 'act "c"']);
  });
});

describe('AMP-G002 high-hazard act without an E_ext cost', () => {
  const text = inAgent(`    chapel {
      @hazard(high)
      act "publish [topic]"
    }
    reply "ok"`);

  it('reports the act and inserts a placeholder cost before its annotations', () => {
    const { d, covered } = one(text, 'AMP-G002');
    assert.equal(covered, 'act "publish [topic]"');
    assert.match(d.message, /needs a static @E_ext_cost/);
    const fixed = applyFix(text, d.fixes?.[0]);
    assert.ok(fixed.includes('      @E_ext_cost(0.1) @hazard(high)\n      act "publish [topic]"'), fixed);
    assert.deepEqual(codes(fixed), []);
  });

  it('is not reported for a stated cost, an invalid cost (AMP-P006 reports that) or a low hazard', () => {
    for (const ann of ['@E_ext_cost(0.2) @hazard(existential)', '@E_ext_cost(-1) @hazard(high)', '@hazard(low)']) {
      assert.deepEqual(only(inAgent(`    chapel {\n      ${ann}\n      act "x"\n    }\n    reply "ok"`), 'AMP-G002'), [], ann);
    }
  });
});

// ---- AMP-G003: the red boundary ------------------------------------------------------------------------------------------

describe('AMP-G003 worst-case E_ext above E_ext_max_const', () => {
  const three = (wrap: (act: string) => string = (a) => a) =>
    inAgent(
      [0, 1, 2].map((i) => wrap(`    @E_ext_cost(0.3)\n    act "post ${i}"`)).join('\n') + '\n    reply "told"',
    );

  it('reports the act where the running sum first crosses, with the limit and the run as related information', () => {
    const t = three();
    const { d, covered } = one(t, 'AMP-G003');
    assert.equal(covered, 'act "post 2"');
    assert.match(d.message, /Along run "tell everyone" the E_ext spent outside chapels can reach 0\.9, above the red boundary E_ext_max_const = 0\.75/);
    assert.match(d.message, /whole run is one slice/);
    assert.deepEqual(relatedTexts(t, d), ['header: the red boundary E_ext_max_const = 0.75 [governance_stack.E_ext_max_const]', '"tell everyone"']);
  });

  it('never counts acts inside chapels', () => {
    assert.deepEqual(only(three((a) => `    chapel {\n  ${a.replace(/\n/g, '\n  ')}\n    }`), 'AMP-G003'), []);
    const mixed = inAgent('    chapel {\n      @E_ext_cost(0.7)\n      act "a"\n    }\n    @E_ext_cost(0.3)\n    act "b"\n    @E_ext_cost(0.3)\n    act "c"\n    reply "ok"');
    assert.deepEqual(only(mixed, 'AMP-G003'), []);
  });

  it('allows a sum exactly at the boundary, despite floating-point noise', () => {
    const t = inAgent('    @E_ext_cost(0.1)\n    act "a"\n    @E_ext_cost(0.2)\n    act "b"\n    @E_ext_cost(0.45)\n    act "c"\n    reply "ok"');
    assert.deepEqual(only(t, 'AMP-G003', gov({ E_ext_chapel_threshold: 0.5 })), []);
  });

  it('bounds each trust slice by its window: a window of 2 separates three acts of 0.3', () => {
    assert.deepEqual(only(three(), 'AMP-G003', gov({ trust_slice_window: 2 })), []);
    const withItem = three().replace('agent Herald', 'trust_slice { window 2 }\n\nagent Herald');
    assert.deepEqual(only(withItem, 'AMP-G003'), []);
    assert.match(one(three(), 'AMP-G003', gov({ trust_slice_window: 3 })).d.message, /can reach 0\.9 within a trust slice of 3 steps/);
  });

  it('sums along the run: root asks in sequence and the handlers they reach', () => {
    const t = `agent Poster {
  on "post [m]" {
    @E_ext_cost(0.2)
    act "post [m]"
    let r = ask Mailer "mail [m]"
    reply "[r]"
  }
}

agent Mailer {
  on "mail [m]" {
    @E_ext_cost(0.2)
    act "mail [m]"
    reply "mailed"
  }
}

run "twice" {
  ask Poster "post [news]" budget 10
  ask Poster "post [news]" budget 10
}

message news = "n"
`;
    const { d, covered } = one(t, 'AMP-G003');
    assert.equal(covered, 'act "mail [m]"', 'post, mail, post, mail: the second mail brings the sum to 0.8');
    assert.match(d.message, /can reach 0\.8/);
    assert.deepEqual(worstCaseEExt(model(t), undefined).map((r) => [r.run.name, Number(r.worst.toFixed(9))]), [['twice', 0.8]]);
  });

  it('takes the worst option of a choose and the worse of a view and its else', () => {
    const choose = inAgent(`    @E_ext_cost(0.1)
    act "before"
    choose "how" {
      option "small" {
        @E_ext_cost(0.1)
        act "small"
      }
      option "big" {
        @E_ext_cost(0.35)
        act "big"
      }
    }
    @E_ext_cost(0.35)
    act "after"
    reply "ok"`);
    const c = one(choose, 'AMP-G003');
    assert.equal(c.covered, 'act "after"');
    assert.match(c.d.message, /can reach 0\.8,/, 'the big option: 0.1 + 0.35 + 0.35');

    // The else block runs instead of the rest, so its cost never adds to the acts after the view.
    const view = inAgent(`    view topic as "urgent [x]" else {
      @E_ext_cost(0.35)
      act "file [topic]"
      reply "filed"
    }
    @E_ext_cost(0.35)
    act "announce [x]"
    @E_ext_cost(0.35)
    act "repeat [x]"
    reply "ok"`);
    assert.deepEqual(only(view, 'AMP-G003'), [], 'each branch spends 0.7 at most');
    const costlyElse = view.replace('@E_ext_cost(0.35)\n      act "file [topic]"', '@E_ext_cost(0.8)\n      act "file [topic]"');
    const v = one(costlyElse, 'AMP-G003');
    assert.equal(v.covered, 'act "file [topic]"');
    assert.match(v.d.message, /can reach 0\.8,/);
  });

  it('stops a path at its reply', () => {
    const t = inAgent('    @E_ext_cost(0.35)\n    act "a"\n    reply "done"\n    @E_ext_cost(0.35)\n    act "b"\n    @E_ext_cost(0.35)\n    act "c"');
    assert.deepEqual(only(t, 'AMP-G003'), []);
  });

  it('counts the acts of event handlers that steward events trigger in a run', () => {
    const t = inAgent(
      '    @E_ext_cost(0.3)\n    act "a"\n    reply "ok"\n  }\n\n  on event restorative_process_completed {\n    @E_ext_cost(0.3)\n    act "apologise"\n    @E_ext_cost(0.3)\n    act "repair"\n    resolve scar',
      '',
      '  steward restore("the outage")\n',
    );
    const { covered, d } = one(t, 'AMP-G003');
    assert.equal(covered, 'act "a"');
    assert.match(d.message, /can reach 0\.9/);
  });

  it('names every run that crosses at the same act, once', () => {
    const t = three() + '\nrun "again" {\n  ask Herald "tell everyone about [news]" budget 10\n}\n';
    const { d } = one(t, 'AMP-G003');
    assert.match(d.message, /run "tell everyone" \(and 1 other run\)/);
    assert.deepEqual(relatedTexts(t, d).slice(1), ['"tell everyone"', '"again"']);
  });

  it('reports nothing without E_ext_max_const', () => {
    assert.deepEqual(only(three(), 'AMP-G003', NO_GOVERNANCE), []);
  });

  describe('recursion', () => {
    const recursive = (extra = '') => `${extra}agent Spammer {
  on "spam [who]" {
    @E_ext_cost(0.1)
    act "message [who]"
    let r = ask Spammer "spam [who]"
    reply "[r]"
  }
}

run "spam" {
  ask Spammer "spam [news]" budget 100
}

message news = "everyone"
`;

    it('is unbounded without a trust slice window: an error at the repeating act, related to the ask that closes the cycle', () => {
      const t = recursive();
      const { d, covered } = one(t, 'AMP-G003');
      assert.equal(covered, 'act "message [who]"');
      assert.match(d.message, /can repeat without bound through a cycle of asks along run "spam"/);
      assert.match(d.message, /declare trust_slice \{ window N \}/);
      assert.deepEqual(relatedTexts(t, d), ['header: the red boundary E_ext_max_const = 0.75 [governance_stack.E_ext_max_const]', '"spam"', 'ask Spammer "spam [who]"']);
      assert.equal(worstCaseEExt(model(t), undefined)[0].worst, Infinity);
    });

    it('is bounded by the window largest costs when a window is declared', () => {
      assert.deepEqual(only(recursive('trust_slice { window 7 }\n\n'), 'AMP-G003'), [], '7 × 0.1 = 0.7');
      const { d } = one(recursive('trust_slice { window 8 }\n\n'), 'AMP-G003');
      assert.match(d.message, /can repeat through a cycle of asks along run "spam": within a trust slice of 8 steps the E_ext spent outside chapels can reach 0\.8/);
    });

    it('counts acts the cycle reaches in other agents, and ignores cycles with nothing costly outside chapels', () => {
      const t = `agent Loop {
  on "go [n]" {
    let a = ask Worker "work on [n]"
    let b = ask Loop "go [a]"
    reply "[b]"
  }
}

agent Worker {
  on "work on [n]" {
    @E_ext_cost(0.05)
    act "work on [n]"
    reply "done"
  }
}

run "loop" {
  ask Loop "go [news]" budget 100
}

message news = "1"
`;
      assert.equal(one(t, 'AMP-G003').covered, 'act "work on [n]"');
      assert.deepEqual(only(t.replace('@E_ext_cost(0.05)\n    act "work on [n]"', 'chapel {\n      @E_ext_cost(0.05)\n      act "work on [n]"\n    }'), 'AMP-G003'), []);
      assert.deepEqual(only(DESIGN_SKETCH, 'AMP-G003'), [], 'Min recurses but never acts');
    });
  });

  it('path algebra: joined summaries give what a scan of the flattened events gives (random paths)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    /** The reference: every event in order, the window largest costs counting repeats, the first crossing. */
    const reference = (es: PathEvent[], window: number | undefined, limit: number) => {
      const costs: number[] = [];
      let crossing: PathEvent | undefined;
      const sum = () => (window === undefined ? costs : [...costs].sort((a, b) => b - a).slice(0, window)).reduce((a, b) => a + b, 0);
      for (const e of es) {
        for (let k = 0; k < (e.kind === 'cycle' ? (window ?? 1) : 1); k++) costs.push(e.kind === 'cycle' && window === undefined ? Infinity : e.act.cost);
        if (!crossing && sum() > limit + 1e-9) crossing = e;
      }
      return { worst: sum(), crossing };
    };
    for (let round = 0; round < 300; round++) {
      const window = rand() < 0.3 ? undefined : 1 + Math.floor(rand() * 6);
      const build = (depth: number): { path: EExtPath; flat: PathEvent[] } => {
        if (depth === 0 || rand() < 0.25) {
          if (rand() < 0.1) return { path: EMPTY_PATH, flat: [] };
          const act = { node: { kind: 'ActStmt', start: round, end: round, children: [] } as Node, cost: Math.ceil(rand() * 10) / 10 };
          const e: PathEvent = rand() < 0.05 ? { kind: 'cycle', act, ask: undefined as never } : { kind: 'act', act };
          return { path: eventPath(e, window), flat: [e] };
        }
        const a = build(depth - 1);
        const b = rand() < 0.2 ? a : build(depth - 1); // shared halves, as when one handler is reached twice
        return { path: concatPaths(a.path, b.path), flat: [...a.flat, ...b.flat] };
      };
      const { path, flat } = build(6);
      const limit = rand() * 3;
      const want = reference(flat, window, limit);
      assert.equal(worstSlice(path, window).toFixed(9), want.worst.toFixed(9), `round ${round}`);
      assert.equal(scanPath(path, window, limit).crossing, want.crossing, `round ${round}: crossing`);
      assert.deepEqual(pathEvents(path, Infinity), flat);
      assert.equal(path.length, flat.length);
    }
  });

  describe('paths that double', () => {
    /** Link k asks link k+1 twice; the last link acts once: the run's path holds 2^(links-1) acts. */
    const chain = (links: number, window?: number) => {
      let t = window === undefined ? '' : `trust_slice { window ${window} }\n\n`;
      for (let k = 0; k < links - 1; k++)
        t += `agent L${k} {\n  on "go [n]" {\n    let a = ask L${k + 1} "go [n]"\n    let b = ask L${k + 1} "go [a]"\n    reply "[b]"\n  }\n}\n\n`;
      t += `agent L${links - 1} {\n  on "go [n]" {\n    @E_ext_cost(0.01)\n    act "tick [n]"\n    reply "done"\n  }\n}\n\n`;
      return `${t}run "chain" {\n  ask L0 "go [news]" budget 100\n}\n\nmessage news = "1"\n`;
    };

    it('sums 2^59 acts exactly without a window and reports where the running sum crosses', () => {
      const t = chain(60);
      assert.equal(worstCaseEExt(model(t), undefined)[0].worst, 2 ** 59 * 0.01);
      const { d, covered } = one(t, 'AMP-G003');
      assert.equal(covered, 'act "tick [n]"');
      assert.match(d.message, /can reach 5764607523030000, above the red boundary/);
    });

    it('bounds the same chain by the window largest costs when a window is declared', () => {
      assert.equal(Number(worstCaseEExt(model(chain(60, 50)), 50)[0].worst.toFixed(9)), 0.5);
      assert.deepEqual(only(chain(60, 75), 'AMP-G003'), [], '75 × 0.01 = 0.75 is not above the boundary');
      assert.equal(one(chain(60, 76), 'AMP-G003').covered, 'act "tick [n]"');
    });
  });
});

// ---- AMP-G015: trust slices -------------------------------------------------------------------------------------------

describe('AMP-G015 invalid trust slice', () => {
  it('reports a window that is not a positive integer, with a rounding fix for decimals', () => {
    for (const [w, fix] of [['0', undefined], ['-3', undefined], ['2.5', 'trust_slice { window 3 }\n'], ['steps', undefined]] as const) {
      const t = `trust_slice { window ${w} }\n`;
      const { d, covered } = one(t, 'AMP-G015');
      assert.equal(covered, w);
      assert.match(d.message, /positive whole number of steps/);
      if (fix) assert.equal(applyFix(t, d.fixes?.[0]), fix);
      else assert.equal(d.fixes, undefined, w);
    }
  });

  it('reports a second declaration, an unknown setting and a missing window', () => {
    const twice = 'trust_slice { window 16 }\ntrust_slice { window 8 }\n';
    const t = one(twice, 'AMP-G015');
    assert.equal(t.covered, 'trust_slice');
    assert.equal(t.d.start, twice.lastIndexOf('trust_slice'));
    assert.deepEqual(relatedTexts(twice, t.d), ['trust_slice']);

    const typo = 'trust_slice { windw 16 }\n';
    const u = one(typo, 'AMP-G015');
    assert.equal(u.covered, 'windw');
    assert.equal(applyFix(typo, u.d.fixes?.[0]), 'trust_slice { window 16 }\n');
    assert.deepEqual(only('trust_slice { }\n', 'AMP-G015').map((x) => x.covered), ['trust_slice']);
  });

  it('reads the window from the header first, then the declaration', () => {
    const m = model('trust_slice { window 16 }\n');
    assert.equal(trustSliceWindow(m, gov()), 16);
    assert.equal(trustSliceWindow(m, gov({ trust_slice_window: 4 })), 4);
    assert.equal(trustSliceWindow(model('trust_slice { window 0 }\n'), gov()), undefined);
  });
});

// ---- AMP-G004: reserved names -------------------------------------------------------------------------------------------

describe('AMP-G004 agent code touching the veto fuse or the red boundary', () => {
  it('reports pointers, bindings, holes, view targets and declarations, each at the name', () => {
    const t = `message E_ext_max = "2"

agent Peeker {
  on "check [veto_channel]" {
    let veto_fuse = "ok"
    view E_ext_max_const
    reply "the fuse is [veto_fuse_status]"
  }
}
`;
    const found = only(t, 'AMP-G004');
    assert.deepEqual(found.map((f) => f.covered), ['E_ext_max', 'veto_channel', 'veto_fuse', 'E_ext_max_const', 'veto_fuse_status']);
    const byName = new Map(found.map((f) => [f.covered, f.d.message]));
    assert.match(byName.get('veto_fuse_status')!, /is the veto fuse, which only a protected channel may trip or read \(seed 002, invariant 2\): agent code may not read it through a pointer/);
    assert.match(byName.get('E_ext_max_const')!, /is the red boundary, a constitutional constant .* may not view it/);
    assert.match(byName.get('veto_fuse')!, /may not bind it with let/);
    assert.match(byName.get('veto_channel')!, /may not bind it as a template hole/);
    assert.match(byName.get('E_ext_max')!, /may not declare a message with its name/);
  });
});

// ---- AMP-G005 – G007: self-rewrite ---------------------------------------------------------------------------------------

describe('AMP-G005 / AMP-G006 self-rewrite bounds under existential audit', () => {
  const learner = (ann: string) => `agent Learner {
  ${ann}
  on "learn [fact]" {
    reply "learned [fact]"
  }
}
`;

  it('reports missing bounds at the annotation and adds them with the header caps, or 1', () => {
    const t = learner('@self_rewrite(max_steps: 3)');
    const { d, covered } = one(t, 'AMP-G005', gov({ max_model_delta_const: 0.05 }));
    assert.equal(covered, '@self_rewrite(max_steps: 3)');
    assert.match(d.message, /missing max_model_delta, max_policy_divergence, max_E_ext_delta \(seed 002, invariant 3\)/);
    assert.deepEqual(relatedTexts(t, d), ['header: existential_audit is on [governance_stack.existential_audit]']);
    const fixed = applyFix(t, d.fixes?.[0]);
    assert.equal(fixed, learner('@self_rewrite(max_steps: 3, max_model_delta: 0.05, max_policy_divergence: 1, max_E_ext_delta: 1)'));
    assert.deepEqual(codes(fixed, gov({ max_model_delta_const: 0.05 })), []);
  });

  it('adds the argument list to a bare @self_rewrite, on an agent too', () => {
    const t = '@self_rewrite\nagent Tuner {\n  on "tune" {\n    reply "tuned"\n  }\n}\n';
    const { d, covered } = one(t, 'AMP-G005', gov({ audit_max_steps_const: 10 }));
    assert.equal(covered, '@self_rewrite');
    assert.equal(applyFix(t, d.fixes?.[0]).split('\n')[0], '@self_rewrite(max_steps: 10, max_model_delta: 1, max_policy_divergence: 1, max_E_ext_delta: 1)');
  });

  it('reports a bound above its cap at the value, with related information to the cap and a fix', () => {
    const t = learner('@self_rewrite(max_steps: 50, max_model_delta: 0.05, max_policy_divergence: 0.1, max_E_ext_delta: 0.02)');
    const g = gov({ audit_max_steps_const: 10, max_model_delta_const: 0.05 });
    const { d, covered } = one(t, 'AMP-G006', g);
    assert.equal(covered, '50');
    assert.match(d.message, /max_steps 50 is above the header's cap audit_max_steps_const = 10/);
    assert.deepEqual(relatedTexts(t, d), ['header: the cap audit_max_steps_const = 10 [governance_stack.audit_max_steps_const]']);
    assert.deepEqual(codes(applyFix(t, d.fixes?.[0]), g), []);
  });

  it('checks nothing when existential audit is off', () => {
    const t = learner('@self_rewrite(max_steps: 50)');
    assert.deepEqual(codes(t, gov({ existential_audit: false, audit_max_steps_const: 10 })), []);
  });
});

describe('AMP-G007 recursion in a self-rewrite region', () => {
  const bounds = '@self_rewrite(max_steps: 3, max_model_delta: 0.05, max_policy_divergence: 0.1, max_E_ext_delta: 0.02)';

  it('reports a region that asks its own agent, at the ask', () => {
    const t = `agent Learner {
  ${bounds}
  on "improve at [skill]" {
    let better = ask Learner "improve at [skill]"
    reply "[better]"
  }
}
`;
    const { d, covered } = one(t, 'AMP-G007');
    assert.equal(covered, 'ask Learner "improve at [skill]"');
    assert.match(d.message, /can ask its own agent 'Learner' again: a recursive rewrite loop has no bound/);
    assert.deepEqual(relatedTexts(t, d), [bounds]);
  });

  it('follows asks through other agents, pointing at the ask that closes the loop', () => {
    const t = `@self_rewrite(max_steps: 3, max_model_delta: 0.05, max_policy_divergence: 0.1, max_E_ext_delta: 0.02)
agent Learner {
  on "improve at [skill]" {
    let tip = ask Coach "coach me on [skill]"
    reply "[tip]"
  }
}

agent Coach {
  on "coach me on [skill]" {
    let again = ask Learner "improve at [skill]"
    reply "[again]"
  }
}
`;
    const { d, covered } = one(t, 'AMP-G007');
    assert.equal(covered, 'ask Coach "coach me on [skill]"');
    assert.match(d.message, /again through 'Coach'/);
    assert.deepEqual(relatedTexts(t, d)[0], 'ask Learner "improve at [skill]"');
  });

  it('accepts a region that asks only others, and any recursion when audit is off', () => {
    const t = `agent Learner {
  ${bounds}
  on "learn [fact]" {
    let s = ask Strings "is [fact] empty?"
    reply "[s]"
  }

  on "loop [x]" {
    let y = ask Learner "learn [x]"
    reply "[y]"
  }
}
`;
    assert.deepEqual(only(t, 'AMP-G007'), [], 'only the unannotated handler recurses');
    const rec = t.replace('let s = ask Strings "is [fact] empty?"', 'let s = ask Learner "loop [fact]"');
    assert.equal(only(rec, 'AMP-G007').length, 1);
    assert.deepEqual(only(rec, 'AMP-G007', gov({ existential_audit: false })), []);
  });
});

// ---- AMP-G008 / AMP-G014: consent ---------------------------------------------------------------------------------------

describe('AMP-G008 silence bands', () => {
  const machine = (line: string) => `consent publication {\n  initial LISTEN\n  ${line}\n}\n`;

  it('reports a transition out of LISTEN with no channel, and fixes it with an explicit event from the steward', () => {
    const t = machine('LISTEN -> CONSENT_GIVEN on explicit_consent');
    const { d, covered } = one(t, 'AMP-G008');
    assert.equal(covered, 'LISTEN -> CONSENT_GIVEN on explicit_consent');
    assert.match(d.message, /Leaving the silence band LISTEN for CONSENT_GIVEN needs an explicit, attested event from a protected channel/);
    assert.match(d.message, /names no channel/);
    const fixed = applyFix(t, d.fixes?.[0]);
    assert.equal(fixed, machine('LISTEN -> CONSENT_GIVEN on explicit_consent from steward'));
    assert.deepEqual(codes(fixed), []);
  });

  it('points at the channel when only the channel is wrong, and at the event when only the event is', () => {
    const agentChannel = one(machine('ABSTAIN -> DISSENT on explicit_dissent from agent'), 'AMP-G008');
    assert.equal(agentChannel.covered, 'agent');
    assert.match(agentChannel.d.message, /comes from 'agent', which is not a protected channel/);
    const wrongEvent = one(machine('LISTEN -> CONSENT_GIVEN on explicit_dissent from human'), 'AMP-G008');
    assert.equal(wrongEvent.covered, 'explicit_dissent');
    assert.match(wrongEvent.d.message, /waits for 'explicit_dissent', not explicit_consent/);
    assert.equal(applyFix(machine('LISTEN -> CONSENT_GIVEN on explicit_dissent from human'), wrongEvent.d.fixes?.[0]), machine('LISTEN -> CONSENT_GIVEN on explicit_consent from human'));
  });

  it('fixes a bare transition by adding both the event and the channel', () => {
    const t = machine('LISTEN -> DISSENT');
    const { d } = one(t, 'AMP-G008');
    assert.match(d.message, /names no event and names no channel/);
    assert.equal(applyFix(t, d.fixes?.[0]), machine('LISTEN -> DISSENT on explicit_dissent from steward'));
  });

  it("accepts the header's answerable_to names as protected channels, and transitions that leave no silence band", () => {
    assert.deepEqual(codes(machine('LISTEN -> CONSENT_GIVEN on explicit_consent from steward_council')), []);
    assert.deepEqual(codes(machine('LISTEN -> SUSPEND')), []);
    assert.deepEqual(codes(machine('SUSPEND -> CONSENT_GIVEN')), []);
    assert.equal(only(machine('LISTEN -> CONSENT_GIVEN on explicit_consent from steward_council'), 'AMP-G008', gov({}, { answerableTo: [] })).length, 1);
  });

  it('refuses agent code that moves a machine to consent or dissent', () => {
    const t = machine('LISTEN -> CONSENT_GIVEN on explicit_consent from steward') + inAgent('    consent publication -> CONSENT_GIVEN\n    reply "agreed"');
    const { d, covered } = one(t, 'AMP-G008');
    assert.equal(covered, 'consent publication -> CONSENT_GIVEN');
    assert.match(d.message, /Agent code is never a protected channel: it cannot move 'publication' to CONSENT_GIVEN/);
    assert.deepEqual(only(t, 'AMP-G014'), [], 'the move is refused once, not also as a missing transition');
  });
});

describe('AMP-G014 consent machines', () => {
  it('reports a machine with no initial state at its name, and adds initial LISTEN', () => {
    const t = 'consent sharing {\n  SUSPEND -> LISTEN\n}\n';
    const { d, covered } = one(t, 'AMP-G014');
    assert.equal(covered, 'sharing');
    assert.match(d.message, /'sharing' has no initial state/);
    assert.equal(applyFix(t, d.fixes?.[0]), 'consent sharing {\n  initial LISTEN\n  SUSPEND -> LISTEN\n}\n');
    assert.equal(applyFix('consent c { }\n', one('consent c { }\n', 'AMP-G014').d.fixes?.[0]), 'consent c { initial LISTEN }\n');
  });

  it('reports unknown states with a did-you-mean fix, two initial states and duplicate transitions', () => {
    const t = 'consent c {\n  initial LISTN\n  initial ABSTAIN\n  SUSPEND -> OPEN\n  SUSPEND -> LISTEN\n  SUSPEND -> LISTEN\n}\n';
    const found = only(t, 'AMP-G014');
    assert.deepEqual(found.map((f) => f.covered), ['LISTN', 'initial ABSTAIN', 'OPEN', 'SUSPEND -> LISTEN']);
    assert.equal(applyFix(t, found[0].d.fixes?.[0]).split('\n')[1], '  initial LISTEN');
    assert.match(found[2].d.message, /Unknown consent state 'OPEN'; the states are LISTEN, ABSTAIN, SUSPEND, CONSENT_GIVEN, DISSENT/);
    assert.equal(found[3].d.start, t.lastIndexOf('SUSPEND -> LISTEN'));
    assert.deepEqual(relatedTexts(t, found[3].d), ['SUSPEND -> LISTEN']);
  });

  it('checks agent moves: unknown machine, unknown state, no transition in, only transitions agent code cannot take', () => {
    const decl = 'consent publication {\n  initial LISTEN\n  LISTEN -> CONSENT_GIVEN on explicit_consent from steward\n  CONSENT_GIVEN -> SUSPEND\n  SUSPEND -> ABSTAIN on timeout\n}\n\n';
    const moves = ['consent publicaton -> SUSPEND', 'consent publication -> PAUSED', 'consent publication -> LISTEN', 'consent publication -> ABSTAIN', 'consent publication -> SUSPEND'];
    const t = decl + inAgent(moves.map((m) => `    ${m}`).join('\n') + '\n    reply "ok"');
    const found = only(t, 'AMP-G014');
    assert.deepEqual(found.map((f) => f.covered), ['publicaton', 'PAUSED', 'LISTEN', 'ABSTAIN']);
    assert.match(found[0].d.message, /Unknown consent machine 'publicaton'; did you mean 'publication'\?/);
    assert.match(found[2].d.message, /declares no transition into LISTEN, so this move is always refused/);
    assert.deepEqual(relatedTexts(t, found[2].d), ['publication']);
    assert.match(found[3].d.message, /waits for an event or a channel/);
    assert.deepEqual(relatedTexts(t, found[3].d), ['SUSPEND -> ABSTAIN on timeout']);
  });
});

// ---- AMP-G009, G012, G013: scars ----------------------------------------------------------------------------------------

const KERNEL = 'scars {\n  trigger incident_report(from: steward)\n  forgiveness gamma(shape: 2, scale: 30)\n}\n\n';

describe('AMP-G009 scars cleared or forgiveness edited outside a restorative event', () => {
  it('reports resolve scar in an ordinary handler and in another event handler, and every forgiveness statement', () => {
    const t = KERNEL + inAgent('    resolve scar "the outage"\n    forgiveness gamma(shape: 1, scale: 1)\n    reply "done"\n  }\n\n  on event incident_report {\n    resolve scar');
    const found = only(t, 'AMP-G009');
    assert.deepEqual(found.map((f) => f.covered), ['resolve scar "the outage"', 'forgiveness gamma(shape: 1, scale: 1)', 'resolve scar']);
    assert.match(found[0].d.message, /'resolve scar' belongs in 'on event restorative_process_completed \{ … \}'/);
    assert.match(found[1].d.message, /Forgiveness kernels are fixed at constitution time/);
  });

  it('accepts resolve scar in the restorative handler, nested blocks included', () => {
    const t = KERNEL + inAgent('    reply "ok"\n  }\n\n  on event restorative_process_completed {\n    chapel {\n      resolve scar\n    }');
    assert.deepEqual(codes(t), []);
  });
});

describe('AMP-G012 scar triggers and forgiveness kernels', () => {
  it('reports unknown names with a fix, non-positive and missing parameters, and a corridor whose min is not below max', () => {
    const t = `scars {
  trigger E_ext_spik(above: 0.5)
  trigger E_ext_spike(above: 0)
  trigger beta1_lap_excursion(min: 0.6, max: 0.1)
  trigger incident_report(from: agent)
  forgiveness weibull(shape: 1.5)
  forgiveness gamma(2, scale: 30)
  forgivness gamma(shape: 2, scale: 30)
  trigger E_ext_spike
}
`;
    const found = only(t, 'AMP-G012');
    assert.deepEqual(found.map((f) => f.covered), [
      'E_ext_spik',
      '0',
      'beta1_lap_excursion(min: 0.6, max: 0.1)',
      'agent',
      'weibull(shape: 1.5)',
      'gamma(2, scale: 30)',
      '2',
      'forgivness',
      'E_ext_spike',
    ]);
    const m = found.map((f) => f.d.message);
    assert.match(m[0], /Unknown trigger 'E_ext_spik'; did you mean 'E_ext_spike'\?/);
    assert.equal(applyFix(t, found[0].d.fixes?.[0]).split('\n')[1], '  trigger E_ext_spike(above: 0.5)');
    assert.match(m[1], /E_ext_spike's 'above' must be a number above 0; got '0'/);
    assert.match(m[2], /corridor needs min below max; got min 0\.6 and max 0\.1/);
    assert.match(m[3], /protected channel/);
    assert.match(m[4], /weibull is missing 'scale'/);
    assert.match(m[5], /gamma is missing 'shape'/);
    assert.match(m[6], /Parameters are named: gamma\(shape: …, scale: …\)/);
    assert.match(m[7], /Unknown scars entry 'forgivness'; did you mean 'forgiveness'\?/);
    assert.match(m[8], /E_ext_spike is missing 'above'/);
  });

  it('accepts the documented triggers and kernels', () => {
    assert.deepEqual(codes(`scars {
  trigger E_ext_spike(above: 0.8)
  trigger beta1_lap_excursion(min: 0.1, max: 0.9)
  trigger incident_report(from: affected_voices)
  forgiveness gamma(shape: 2, scale: 30)
  forgiveness weibull(shape: 1.5, scale: 40)
}
`), []);
  });
});

describe('AMP-G013 scars without a forgiveness kernel', () => {
  it('reports the scars block and adds a kernel as its last entry', () => {
    const t = 'scars {\n  trigger incident_report(from: steward)\n}\n';
    const { d, covered } = one(t, 'AMP-G013');
    assert.equal(covered, 'scars');
    assert.match(d.message, /no forgiveness kernel says how scars fade/);
    const fixed = applyFix(t, d.fixes?.[0]);
    assert.equal(fixed, 'scars {\n  trigger incident_report(from: steward)\n  forgiveness gamma(shape: 2, scale: 30)\n}\n');
    assert.deepEqual(codes(fixed), []);
    const oneLine = 'scars { trigger incident_report(from: steward) }\n';
    assert.equal(applyFix(oneLine, one(oneLine, 'AMP-G013').d.fixes?.[0]), 'scars { trigger incident_report(from: steward) forgiveness gamma(shape: 2, scale: 30) }\n');
    assert.deepEqual(codes(applyFix(oneLine, one(oneLine, 'AMP-G013').d.fixes?.[0])), []);
  });

  it('reports a scar statement when the file has no scars block, and adds one at the end', () => {
    const t = inAgent('    scar "published too early"\n    reply "noted"');
    const { d, covered } = one(t, 'AMP-G013');
    assert.equal(covered, 'scar "published too early"');
    const fixed = applyFix(t, d.fixes?.[0]);
    assert.ok(fixed.endsWith('\nscars {\n  forgiveness gamma(shape: 2, scale: 30)\n}\n'), fixed);
    assert.deepEqual(codes(fixed), []);
  });
});

// ---- AMP-G010 / AMP-G011: wiring ----------------------------------------------------------------------------------------

describe('AMP-G010 invariant not wired', () => {
  const header = '// compiler_ethics_v0_1: {\n//   "invariants_wired": ["E_EXT_RED_BOUNDARY"]\n// }\n\n';
  const insertAt = header.indexOf('"]') + 1;
  const wired = (names: string[]) => gov({}, { invariantsWired: names as Governance['invariantsWired'], invariantsInsertAt: { offset: insertAt, prefix: ', ' } });

  it('warns once per invariant, at its first construct, and the fix adds the name to invariants_wired', () => {
    const t = header + KERNEL + inAgent('    scar "x"\n    chapel {\n      @E_ext_cost(0.1) @hazard(high)\n      act "y"\n    }\n    reply "ok"');
    const found = only(t, 'AMP-G010', wired(['E_EXT_RED_BOUNDARY']));
    assert.deepEqual(found.map((f) => f.covered), ['scars', 'chapel']);
    assert.ok(found.every((f) => f.d.severity === 'warning'));
    assert.match(found[0].d.message, /This file uses scars, but the header does not wire SCARS_DURABLE_FORGIVENESS_BOUNDED in invariants_wired/);
    assert.match(found[1].d.message, /does not wire INDEPENDENT_VETO_CHAPEL/);
    assert.deepEqual(relatedTexts(t, found[0].d), ['header: invariants_wired [invariants_wired]']);
    assert.ok(applyFix(t, found[0].d.fixes?.[0]).startsWith('// compiler_ethics_v0_1: {\n//   "invariants_wired": ["E_EXT_RED_BOUNDARY", "SCARS_DURABLE_FORGIVENESS_BOUNDED"]\n'));
  });

  it('covers each construct with its invariant', () => {
    const cases: [string, string][] = [
      [inAgent('    @E_ext_cost(0.1)\n    act "x"\n    reply "ok"'), 'E_EXT_RED_BOUNDARY'],
      [inAgent('    chapel {\n      @E_ext_cost(0.1)\n      act "x"\n    }\n    reply "ok"'), 'INDEPENDENT_VETO_CHAPEL'],
      ['agent L {\n  @self_rewrite(max_steps: 1, max_model_delta: 0.1, max_policy_divergence: 0.1, max_E_ext_delta: 0.1)\n  on "x" {\n    reply "y"\n  }\n}\n', 'NO_UNBOUNDED_REWRITE_UNDER_AUDIT'],
      ['consent c {\n  initial LISTEN\n}\n', 'SILENCE_BANDS_PROTECTED'],
      [KERNEL, 'SCARS_DURABLE_FORGIVENESS_BOUNDED'],
    ];
    for (const [text, invariant] of cases) {
      const others = INVARIANT_NAMES.filter((n) => n !== invariant);
      const found = only(text, 'AMP-G010', wired(others));
      assert.equal(found.length, 1, invariant);
      assert.match(found[0].d.message, new RegExp(invariant));
    }
  });

  it('offers no fix for a manifest, and says nothing without a header or without a list', () => {
    const t = KERNEL;
    assert.equal(one(t, 'AMP-G010', gov({}, { source: 'manifest', invariantsWired: [] })).d.fixes, undefined);
    assert.deepEqual(only(t, 'AMP-G010', gov({}, { invariantsWired: undefined })), []);
    assert.deepEqual(only(t, 'AMP-G010', NO_GOVERNANCE), []);
  });
});

describe('AMP-G011 governed constructs without a header', () => {
  it('warns once, at the first governed construct, naming what the file uses', () => {
    const t = inAgent('    chapel {\n      @E_ext_cost(0.3) @hazard(high)\n      act "publish [topic]"\n    }\n    reply "ok"');
    const { d, covered } = one(t, 'AMP-G011', NO_GOVERNANCE);
    assert.equal(d.severity, 'warning');
    assert.equal(covered, 'chapel');
    assert.match(d.message, /governed constructs \(a chapel, an act with an E_ext cost, a @hazard\(high\) act\) but no ethics header governs it/);
    assert.deepEqual(only(t, 'AMP-G011', gov({}, { source: 'manifest' })), []);
  });
});
