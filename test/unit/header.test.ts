// Unit tests for the ethics header (core/check/header.ts): the seed's stub is clean as a `//` block and as a manifest,
// each AMP-H code fires with its exact range and fix, offsets map back exactly, and no input makes the reader throw.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createScanner, SyntaxKind } from 'jsonc-parser';
import schema from '../../schemas/compiler_ethics.schema.json';
import { extractHeaderJson, INVARIANT_NAMES, misplacedHeaders, readHeader, readManifest, type HeaderResult } from '../../core/check/header';
import type { Diagnostic, Fix } from '../../core/diagnostics';
import { parse } from '../../core/syntax/parser';

/** Seed 002 §3.2's minimal JSON stub, verbatim: comments, spacing and all. */
const SEED_STUB = `{
"compiler_ethics_v": "0.1",
"answerable_to": {
// Order encodes escalation: who can ultimately demand explanations / veto
"primary": ["local_operators", "steward_council"],
"secondary": ["affected_voices_panel"],
"last_resort": "civic_memory_ledger" // e.g., DAO / community court
},
"governance_stack": {
"constitution_id": "TrustSlice_TSv0_1",
"existential_audit": true,
"E_ext_max_const": 0.75,
"min_pause_ms_const": 3000
},
"invariants_wired": [
"E_EXT_RED_BOUNDARY",
"INDEPENDENT_VETO_CHAPEL",
"NO_UNBOUNDED_REWRITE_UNDER_AUDIT",
"SILENCE_BANDS_PROTECTED",
"SCARS_DURABLE_FORGIVENESS_BOUNDED"
],
"trust_slice_status": {
"beta1_lap": 0.32,
"veto_fuse_status": "ok", // ok | strained | tripped
"scar_tone": "vigilance", // vigilance | earned_forgiveness | unresolved
"unresolved_scar": true
},
"zk_proof_handles": {
"pause_invariants": true, // proof of chapel + min_pause_ms respected
"hazard_caps_respected": true, // proof E_ext, model_delta, etc. within caps
"consent_silence_bands_intact": true, // proof LISTEN/ABSTAIN not coerced
"scars_monotone": true // proof scars not erased, only decayed
}
}`;

/** The stub as the seed's JSON reads once indented (how a header is usually written). */
const INDENTED_STUB = indent(SEED_STUB);

/** A valid header with only the required fields, one per line, for the per-code cases to edit. */
const MINIMAL = `{
  "compiler_ethics_v": "0.1",
  "answerable_to": { "primary": ["steward_council"] },
  "governance_stack": {
    "constitution_id": "TrustSlice_TSv0_1",
    "existential_audit": true,
    "E_ext_max_const": 0.75,
    "min_pause_ms_const": 3000
  },
  "invariants_wired": ["E_EXT_RED_BOUNDARY"]
}`;

const SPEC_BODY = '\nmessage note = "after the header"\n';

/** Re-indents JSON by nesting depth, two spaces a level (the stub in the seed has lost its indentation). */
function indent(json: string): string {
  let depth = 0;
  return json
    .split('\n')
    .map((line) => {
      const t = line.trim();
      if (/^[}\]]/.test(t)) depth--;
      const out = '  '.repeat(Math.max(0, depth)) + t;
      if (/[{[]$/.test(t.replace(/\s*\/\/.*$/, ''))) depth++;
      return out;
    })
    .join('\n');
}

/** JSON as a header block: `// compiler_ethics_v0_1: ` before the first line, `// ` before the others. */
function asHeader(json: string, eol = '\n'): string {
  return json
    .split('\n')
    .map((line, i) => (i === 0 ? `// compiler_ethics_v0_1: ${line}` : `//${line === '' ? '' : ' '}${line}`))
    .join(eol);
}

/** An .amp file: the header block, then a declaration. */
function ampFile(json: string, eol = '\n'): string {
  return asHeader(json, eol) + eol + SPEC_BODY.replace(/\n/g, eol);
}

function header(text: string): HeaderResult {
  const r = readHeader(parse(text).tree, text);
  assert.ok(r, 'expected a header block');
  assertSound(text, r.diagnostics, true);
  return r;
}

function manifest(text: string): HeaderResult {
  const r = readManifest(text);
  assertSound(text, r.diagnostics, false);
  return r;
}

/** Every range inside the text and on character boundaries; in a header, no fix may break a `//` line. */
function assertSound(text: string, ds: readonly Diagnostic[], inHeader: boolean): void {
  const splitsPair = (o: number) => o > 0 && o < text.length && /[\uD800-\uDBFF]/.test(text[o - 1]) && /[\uDC00-\uDFFF]/.test(text[o]);
  const inText = (r: { start: number; end: number }, what: string) => {
    assert.ok(0 <= r.start && r.start <= r.end && r.end <= text.length, `${what}: range ${r.start}..${r.end}`);
    assert.ok(!splitsPair(r.start) && !splitsPair(r.end), `${what}: range ${r.start}..${r.end} splits a surrogate pair`);
  };
  for (const d of ds) {
    inText(d, d.code);
    for (const r of d.related ?? []) inText(r, `${d.code} related`);
    for (const f of d.fixes ?? [])
      for (const e of f.edits) {
        inText(e, `${d.code} fix`);
        if (inHeader) assert.doesNotMatch(e.newText, /[\r\n]/, `fix '${f.title}' breaks a // line`);
      }
  }
}

function describeAll(text: string, ds: readonly Diagnostic[]): string {
  return ds.map((d) => `${d.code} «${text.slice(d.start, d.end)}» ${d.message}`).join('\n') || '(none)';
}

/** The one diagnostic of `code`, and the text its range covers. */
function one(text: string, r: HeaderResult, code: string): { d: Diagnostic; covered: string } {
  const found = r.diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got:\n${describeAll(text, r.diagnostics)}`);
  return { d: found[0], covered: text.slice(found[0].start, found[0].end) };
}

function applyFix(text: string, fix: Fix): string {
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** MINIMAL with one substring replaced (which must occur exactly once). */
function edit(from: string, to: string, json = MINIMAL): string {
  assert.equal(json.split(from).length, 2, `'${from}' must occur once`);
  return json.replace(from, to);
}

describe("seed 002's stub", () => {
  const expected = {
    compiler_ethics_v: '0.1',
    answerable_to: { primary: ['local_operators', 'steward_council'], secondary: ['affected_voices_panel'], last_resort: 'civic_memory_ledger' },
    governance_stack: { constitution_id: 'TrustSlice_TSv0_1', existential_audit: true, E_ext_max_const: 0.75, min_pause_ms_const: 3000 },
    invariants_wired: [...INVARIANT_NAMES],
    trust_slice_status: { beta1_lap: 0.32, veto_fuse_status: 'ok', scar_tone: 'vigilance', unresolved_scar: true },
    zk_proof_handles: { pause_invariants: true, hazard_caps_respected: true, consent_silence_bands_intact: true, scars_monotone: true },
  };

  for (const [name, json] of [['verbatim', SEED_STUB], ['indented', INDENTED_STUB]] as const) {
    it(`as a // block (${name}) has no diagnostics and reads every field`, () => {
      const text = ampFile(json);
      const r = header(text);
      assert.deepEqual(r.diagnostics, [], describeAll(text, r.diagnostics));
      assert.deepEqual(r.header, expected);
    });

    it(`as a manifest (${name}) has no diagnostics and reads every field`, () => {
      const r = manifest(json);
      assert.deepEqual(r.diagnostics, [], describeAll(json, r.diagnostics));
      assert.deepEqual(r.header, expected);
    });
  }

  it('has no diagnostics with CRLF line ends, tabs before the //, or a byte order mark', () => {
    for (const text of [ampFile(INDENTED_STUB, '\r\n'), asHeader(INDENTED_STUB).replace(/\n\/\//g, '\n\t//') + '\n', '\uFEFF' + ampFile(SEED_STUB)]) {
      const r = header(text);
      assert.deepEqual(r.diagnostics, [], describeAll(text, r.diagnostics));
      assert.equal(r.header.governance_stack?.E_ext_max_const, 0.75);
    }
    const r = manifest('\uFEFF' + SEED_STUB.replace(/\n/g, '\r\n'));
    assert.deepEqual(r.diagnostics, []);
  });

  it('ends at the line where the JSON closes: later // lines of the block are ordinary comments', () => {
    const text = asHeader(INDENTED_STUB) + '\n// A governed agent: this comment is prose, not JSON { [ "\n// nor is this: }}}\n' + SPEC_BODY;
    const r = header(text);
    assert.deepEqual(r.diagnostics, [], describeAll(text, r.diagnostics));
    const hj = extractHeaderJson(parse(text).tree, text)!;
    assert.equal(hj.text.trimEnd().endsWith('}'), true);
    assert.equal(text.slice(hj.jsonEnd - 3, hj.jsonEnd), '// }'.slice(-3));
  });

  it('accepts trailing commas and block comments, as JSON with comments does', () => {
    const json = edit('"min_pause_ms_const": 3000', '"min_pause_ms_const": 3000, /* ms */').replace('"E_EXT_RED_BOUNDARY"]', '"E_EXT_RED_BOUNDARY",],');
    assert.deepEqual(header(ampFile(json)).diagnostics, []);
    assert.deepEqual(manifest(json).diagnostics, []);
  });
});

describe('AMP-H001: JSON syntax', () => {
  it('points at the token after a missing comma, and the fix inserts it after the value', () => {
    const text = ampFile(edit('"E_ext_max_const": 0.75,', '"E_ext_max_const": 0.75'));
    const r = header(text);
    const { d, covered } = one(text, r, 'AMP-H001');
    assert.equal(covered, '"min_pause_ms_const"');
    assert.equal(d.severity, 'error');
    assert.match(d.message, /expected ','/);
    assert.deepEqual(r.header, {}, 'no field is read until the JSON parses');
    const fixed = applyFix(text, d.fixes![0]);
    assert.match(fixed, /"E_ext_max_const": 0\.75,\n/);
    assert.deepEqual(header(fixed).diagnostics, []);
  });

  it('reports text after the closing brace on the same line', () => {
    const text = ampFile(MINIMAL + ' oops');
    assert.equal(one(text, header(text), 'AMP-H001').covered, 'oops');
  });

  it('reports an unclosed object at the end of the block', () => {
    const text = asHeader(MINIMAL.slice(0, -1)) + '\n\nmessage m = "x"\n';
    const r = header(text);
    const { covered, d } = one(text, r, 'AMP-H001');
    assert.equal(covered, '');
    assert.equal(d.start, text.indexOf('\n\nmessage'), 'at the end of the last // line');
  });

  it('reports errors in a manifest at their own offsets', () => {
    const text = '{\n  "compiler_ethics_v": "0.1",\n  "answerable_to": }\n';
    const { covered } = one(text, manifest(text), 'AMP-H001');
    assert.equal(covered, '}');
    const empty = manifest('  // nothing\n');
    assert.equal(empty.diagnostics.length, 1);
    assert.equal(empty.diagnostics[0].code, 'AMP-H001');
  });
});

describe('AMP-H002: missing field', () => {
  it("points at the root's opening brace for a top-level field, and the fix adds it", () => {
    const json = edit(',\n  "invariants_wired": ["E_EXT_RED_BOUNDARY"]', '');
    const text = ampFile(json);
    const { d, covered } = one(text, header(text), 'AMP-H002');
    assert.equal(covered, '{');
    assert.equal(d.start, text.indexOf('{'));
    assert.match(d.message, /'invariants_wired'/);
    const fixed = applyFix(text, d.fixes![0]);
    const again = header(fixed);
    assert.deepEqual(again.diagnostics, []);
    assert.deepEqual(again.header.invariants_wired, [...INVARIANT_NAMES]);
  });

  it("points at the enclosing object's key for a nested field", () => {
    const text = ampFile(edit('\n    "constitution_id": "TrustSlice_TSv0_1",', ''));
    const { d, covered } = one(text, header(text), 'AMP-H002');
    assert.equal(covered, '"governance_stack"');
    assert.deepEqual(header(applyFix(text, d.fixes![0])).diagnostics, []);
  });

  it('names a misspelt sibling, which AMP-H006 offers to rename', () => {
    const text = ampFile(edit('"E_ext_max_const"', '"E_ext_max_cosnt"'));
    const r = header(text);
    const missing = one(text, r, 'AMP-H002');
    assert.match(missing.d.message, /'E_ext_max_cosnt' a misspelling/);
    assert.equal(text.slice(missing.d.related![0].start, missing.d.related![0].end), '"E_ext_max_cosnt"');
    const unknown = one(text, r, 'AMP-H006');
    assert.equal(unknown.covered, '"E_ext_max_cosnt"');
    assert.match(unknown.d.message, /did you mean 'E_ext_max_const'/);
    assert.deepEqual(header(applyFix(text, unknown.d.fixes![0])).diagnostics, []);
  });

  it('requires only primary in answerable_to', () => {
    const text = ampFile(edit('{ "primary": ["steward_council"] }', '{ "secondary": ["affected_voices_panel"] }'));
    const { covered } = one(text, header(text), 'AMP-H002');
    assert.equal(covered, '"answerable_to"');
  });

  it('inserts into an empty object', () => {
    const text = ampFile(edit('{ "primary": ["steward_council"] }', '{}'));
    const { d } = one(text, header(text), 'AMP-H002');
    assert.deepEqual(header(applyFix(text, d.fixes![0])).diagnostics, []);
  });
});

describe('AMP-H003: wrong type', () => {
  it('points at the value', () => {
    const text = ampFile(edit('"existential_audit": true', '"existential_audit": "yes"'));
    const r = header(text);
    const { d, covered } = one(text, r, 'AMP-H003');
    assert.equal(covered, '"yes"');
    assert.match(d.message, /'governance_stack.existential_audit' must be a boolean/);
    assert.equal(d.fixes, undefined, '"yes" has no exact conversion');
    assert.equal(r.header.governance_stack?.existential_audit, undefined, 'an ill-typed field is not read');
    assert.equal(r.header.governance_stack?.E_ext_max_const, 0.75, 'its valid siblings are');
  });

  it('offers exact conversions: "3000" → 3000, "true" → true, 0.1 → "0.1", "x" → ["x"]', () => {
    for (const [from, to, covered] of [
      ['"min_pause_ms_const": 3000', '"min_pause_ms_const": "3000"', '"3000"'],
      ['"existential_audit": true', '"existential_audit": "true"', '"true"'],
      ['"compiler_ethics_v": "0.1"', '"compiler_ethics_v": 0.1', '0.1'],
      ['"primary": ["steward_council"]', '"primary": "steward_council"', '"steward_council"'],
    ]) {
      const text = ampFile(edit(from, to));
      const { d, covered: got } = one(text, header(text), 'AMP-H003');
      assert.equal(got, covered);
      assert.deepEqual(header(applyFix(text, d.fixes![0])).diagnostics, [], `fix for ${to}`);
    }
  });

  it('reports a manifest that is not an object', () => {
    const text = '["compiler_ethics_v"]';
    const { covered } = one(text, manifest(text), 'AMP-H003');
    assert.equal(covered, text);
  });
});

describe('AMP-H004: value not allowed', () => {
  it('offers the closest allowed value for an enum', () => {
    const json = edit('"invariants_wired"', '"trust_slice_status": { "veto_fuse_status": "stained", "scar_tone": "vigilance" },\n  "invariants_wired"');
    const text = ampFile(json);
    const r = header(text);
    const { d, covered } = one(text, r, 'AMP-H004');
    assert.equal(covered, '"stained"');
    assert.match(d.message, /"ok", "strained" or "tripped".*did you mean 'strained'/);
    assert.deepEqual(r.header.trust_slice_status, { scar_tone: 'vigilance' });
    assert.deepEqual(header(applyFix(text, d.fixes![0])).diagnostics, []);
  });

  it('reports negative constants and non-integer counts', () => {
    for (const [from, to, covered, pattern] of [
      ['"min_pause_ms_const": 3000', '"min_pause_ms_const": -3000', '-3000', /≥ 0/],
      ['"E_ext_max_const": 0.75', '"E_ext_max_const": -0.5', '-0.5', /≥ 0/],
      ['"min_pause_ms_const": 3000', '"min_pause_ms_const": 3000.5', '3000.5', /whole number/],
      ['"min_pause_ms_const": 3000', '"min_pause_ms_const": 3000, "trust_slice_window": 0', '0', /≥ 1/],
    ] as const) {
      const text = ampFile(edit(from, to));
      const { d, covered: got } = one(text, header(text), 'AMP-H004');
      assert.equal(got, covered);
      assert.match(d.message, pattern);
    }
  });
});

describe('AMP-H005: unknown invariant', () => {
  it('offers the closest name by spelling', () => {
    const text = ampFile(edit('["E_EXT_RED_BOUNDARY"]', '["E_EXT_RED_BOUNDARY", "SILENCE_BANDS_PROTECTD"]'));
    const r = header(text);
    const { d, covered } = one(text, r, 'AMP-H005');
    assert.equal(covered, '"SILENCE_BANDS_PROTECTD"');
    assert.match(d.message, /did you mean 'SILENCE_BANDS_PROTECTED'/);
    assert.deepEqual(r.header.invariants_wired, ['E_EXT_RED_BOUNDARY'], 'the unknown name is dropped, the list kept');
    const again = header(applyFix(text, d.fixes![0]));
    assert.deepEqual(again.diagnostics, []);
    assert.deepEqual(again.header.invariants_wired, ['E_EXT_RED_BOUNDARY', 'SILENCE_BANDS_PROTECTED']);
  });

  it('offers the name with the same words in another order', () => {
    const text = ampFile(edit('"E_EXT_RED_BOUNDARY"]', '"CHAPEL_VETO"]'));
    const { d } = one(text, header(text), 'AMP-H005');
    assert.equal(d.fixes?.[0].edits[0].newText, '"INDEPENDENT_VETO_CHAPEL"');
  });

  it('has no fix when nothing is close', () => {
    const text = ampFile(edit('"E_EXT_RED_BOUNDARY"]', '"BE_NICE"]'));
    assert.equal(one(text, header(text), 'AMP-H005').d.fixes, undefined);
  });
});

describe('AMP-H006: unknown field', () => {
  it('is a warning at the key, without a fix when no sibling is close', () => {
    const text = ampFile(edit('"invariants_wired"', '"hud_colour": "amber",\n  "invariants_wired"'));
    const r = header(text);
    const { d, covered } = one(text, r, 'AMP-H006');
    assert.equal(covered, '"hud_colour"');
    assert.equal(d.severity, 'warning');
    assert.equal(d.fixes, undefined);
    assert.equal(r.diagnostics.length, 1);
    assert.equal('hud_colour' in r.header, false);
  });

  it('suggests only fields the object does not already have', () => {
    const text = ampFile(edit('"min_pause_ms_const": 3000', '"min_pause_ms_const": 3000, "min_pause_ms_cosnt": 1'));
    assert.equal(one(text, header(text), 'AMP-H006').d.fixes, undefined);
  });

  it('does not look inside extensions', () => {
    const text = ampFile(edit('"invariants_wired"', '"hud": { "colour": "amber", "nested": { "x": 1 } },\n  "invariants_wired"'));
    assert.equal(one(text, header(text), 'AMP-H006').covered, '"hud"');
  });
});

describe('AMP-H007: version', () => {
  it('points at the version and offers "0.1"', () => {
    const text = ampFile(edit('"0.1"', '"0.2"'));
    const r = header(text);
    const { d, covered } = one(text, r, 'AMP-H007');
    assert.equal(covered, '"0.2"');
    assert.equal(r.diagnostics.length, 1);
    assert.equal(r.header.compiler_ethics_v, undefined);
    assert.deepEqual(header(applyFix(text, d.fixes![0])).diagnostics, []);
  });
});

describe('AMP-H008: misplaced or malformed block', () => {
  it('reports a marker below the top of the file; that file has no header', () => {
    const text = 'message first = "a declaration"\n\n' + asHeader(MINIMAL) + '\n';
    const { tree } = parse(text);
    assert.equal(readHeader(tree, text), undefined);
    const ds = misplacedHeaders(tree, text);
    assert.equal(ds.length, 1);
    assert.equal(ds[0].code, 'AMP-H008');
    assert.equal(text.slice(ds[0].start, ds[0].end), '// compiler_ethics_v0_1:');
  });

  it('reports a second marker in the header block after the JSON closes, and one further down', () => {
    const text = asHeader(MINIMAL) + '\n//   compiler_ethics_v0_1 : {}\n' + SPEC_BODY + '\n// compiler_ethics_v0_1: {}\n';
    const ds = header(text).diagnostics.filter((d) => d.code === 'AMP-H008');
    assert.deepEqual(
      ds.map((d) => text.slice(d.start, d.end)),
      ['//   compiler_ethics_v0_1 :', '// compiler_ethics_v0_1:'],
    );
    assert.ok(ds[0].start > text.indexOf('// }'));
  });

  it('reports a marker without JSON', () => {
    const text = '// compiler_ethics_v0_1:\n\nmessage m = "x"\n';
    const r = header(text);
    const { covered } = one(text, r, 'AMP-H008');
    assert.equal(covered, '// compiler_ethics_v0_1:');
    assert.equal(r.diagnostics.length, 1);
    assert.deepEqual(r.header, {});
  });

  it('reports a marker followed by something other than an object', () => {
    const text = '// compiler_ethics_v0_1:\n// ["E_EXT_RED_BOUNDARY"]\n';
    const { covered } = one(text, header(text), 'AMP-H008');
    assert.equal(covered, '[');
  });

  it('is not reported for a marker inside a block comment or a message', () => {
    const text = asHeader(MINIMAL) + '\n/* compiler_ethics_v0_1: */\nmessage m = "// compiler_ethics_v0_1: {"\n';
    assert.deepEqual(header(text).diagnostics, []);
  });
});

describe('AMP-H009: duplicates', () => {
  it('points at the second key with the first as related information; the first value counts', () => {
    const text = ampFile(edit('"E_ext_max_const": 0.75,', '"E_ext_max_const": 0.75,\n    "E_ext_max_const": 0.5,'));
    const r = header(text);
    const { d, covered } = one(text, r, 'AMP-H009');
    assert.equal(covered, '"E_ext_max_const"');
    assert.equal(d.start, text.lastIndexOf('"E_ext_max_const"'));
    assert.equal(d.severity, 'warning');
    assert.equal(d.related![0].start, text.indexOf('"E_ext_max_const"'));
    assert.equal(r.header.governance_stack?.E_ext_max_const, 0.75);
    assert.equal(text.slice(r.locate('governance_stack.E_ext_max_const')!.start, r.locate('governance_stack.E_ext_max_const')!.end), '0.75');
    const fixed = applyFix(text, d.fixes![0]);
    assert.deepEqual(header(fixed).diagnostics, []);
    assert.equal(fixed, ampFile(MINIMAL));
  });

  it('uses the first value even when a later one has the wrong type', () => {
    const text = ampFile(edit('"existential_audit": true,', '"existential_audit": true, "existential_audit": "no",'));
    const r = header(text);
    assert.deepEqual(r.diagnostics.map((d) => d.code), ['AMP-H009']);
    assert.equal(r.header.governance_stack?.existential_audit, true);
  });

  it('reports an invariant listed twice', () => {
    const text = ampFile(edit('["E_EXT_RED_BOUNDARY"]', '["E_EXT_RED_BOUNDARY", "SCARS_DURABLE_FORGIVENESS_BOUNDED", "E_EXT_RED_BOUNDARY"]'));
    const r = header(text);
    const { d, covered } = one(text, r, 'AMP-H009');
    assert.equal(covered, '"E_EXT_RED_BOUNDARY"');
    assert.equal(d.start, text.lastIndexOf('"E_EXT_RED_BOUNDARY"'));
    assert.deepEqual(r.header.invariants_wired, ['E_EXT_RED_BOUNDARY', 'SCARS_DURABLE_FORGIVENESS_BOUNDED']);
    const fixed = applyFix(text, d.fixes![0]);
    assert.match(fixed, /\["E_EXT_RED_BOUNDARY", "SCARS_DURABLE_FORGIVENESS_BOUNDED"\]/);
  });

  it('reports repeated keys inside extensions too', () => {
    const text = ampFile(edit('"invariants_wired"', '"hud": { "a": 1, "a": 2 },\n  "invariants_wired"'));
    const r = header(text);
    assert.equal(one(text, r, 'AMP-H009').covered, '"a"');
    assert.match(one(text, r, 'AMP-H009').d.message, /in hud/);
  });
});

describe('offset mapping', () => {
  /** Every significant token of the virtual JSON, as [start, end). */
  function tokens(json: string): [number, number][] {
    const out: [number, number][] = [];
    const s = createScanner(json, false);
    for (let t = s.scan(); t !== SyntaxKind.EOF; t = s.scan())
      if (t !== SyntaxKind.Trivia && t !== SyntaxKind.LineBreakTrivia) out.push([s.getTokenOffset(), s.getTokenOffset() + s.getTokenLength()]);
    return out;
  }

  const variants: [string, string][] = [
    ['LF', ampFile(INDENTED_STUB)],
    ['CRLF', ampFile(INDENTED_STUB, '\r\n')],
    ['tabs and ragged //', asHeader(INDENTED_STUB).replace(/\n\/\/ /g, '\n\t//').replace(/\n\t\/\/(\s*"last)/, '\n    //$1') + '\n'],
    ['wide characters', ampFile(edit('"TrustSlice_TSv0_1"', '"β₁ 🜂 TrustSlice"'))],
    ['leading blank lines', '\n\n  ' + ampFile(MINIMAL)],
  ];

  for (const [name, text] of variants) {
    it(`maps every token back to exactly its characters (${name})`, () => {
      const hj = extractHeaderJson(parse(text).tree, text)!;
      assert.ok(hj);
      const toks = tokens(hj.text);
      assert.ok(toks.length > 20);
      for (const [s, e] of toks) {
        const r = hj.toSourceRange(s, e);
        assert.equal(text.slice(r.start, r.end), hj.text.slice(s, e));
        assert.equal(hj.toVirtual(r.start), s);
        assert.equal(hj.toVirtual(r.end), e);
      }
    });

    it(`maps a multi-line range onto the same text plus the // prefixes between lines (${name})`, () => {
      const hj = extractHeaderJson(parse(text).tree, text)!;
      const start = hj.text.indexOf('{');
      const end = hj.text.lastIndexOf('}') + 1;
      const r = hj.toSourceRange(start, end);
      assert.equal(text.slice(r.start, r.end).replace(/\r?\n[ \t]*\/\//g, '\n'), hj.text.slice(start, end));
      // And the whole JSON round-trips offset by offset (a "\n" maps to its line's end, the one offset without a twin).
      for (let v = 0; v <= hj.text.length; v++) {
        const o = hj.toSource(v);
        assert.ok(o >= 0 && o <= text.length);
        if (hj.text[v] !== '\n') assert.equal(hj.toVirtual(o), v, `virtual offset ${v}`);
      }
    });
  }

  it('maps nothing in the // prefixes or outside the block', () => {
    const text = ampFile(MINIMAL);
    const hj = extractHeaderJson(parse(text).tree, text)!;
    const second = text.indexOf('\n') + 1;
    assert.equal(hj.toVirtual(second), undefined);
    assert.equal(hj.toVirtual(second + 1), undefined);
    assert.equal(hj.toVirtual(second + 2), hj.text.indexOf('\n') + 1);
    assert.equal(hj.toVirtual(text.indexOf('message')), undefined);
    assert.equal(text.slice(hj.marker.start, hj.marker.end), '// compiler_ethics_v0_1:');
  });

  it('is undefined for a file without a header block', () => {
    const text = 'message m = "x"\n';
    assert.equal(extractHeaderJson(parse(text).tree, text), undefined);
    assert.equal(readHeader(parse(text).tree, text), undefined);
  });
});

describe('locate and invariantsInsertAt', () => {
  it('locates values by dotted path, in a header and in a manifest', () => {
    for (const [text, r] of [
      [ampFile(INDENTED_STUB), header(ampFile(INDENTED_STUB))],
      [INDENTED_STUB, manifest(INDENTED_STUB)],
    ] as const) {
      const at = (p: string) => {
        const range = r.locate(p);
        return range && text.slice(range.start, range.end);
      };
      assert.equal(at('governance_stack.E_ext_max_const'), '0.75');
      assert.equal(at('governance_stack.min_pause_ms_const'), '3000');
      assert.equal(at('invariants_wired.4'), '"SCARS_DURABLE_FORGIVENESS_BOUNDED"');
      assert.match(at('invariants_wired')!, /^\[[^]*"E_EXT_RED_BOUNDARY"[^]*\]$/);
      assert.equal(at('answerable_to.last_resort'), '"civic_memory_ledger"');
      assert.equal(at('governance_stack.trust_slice_window'), undefined);
      assert.equal(at('invariants_wired.9'), undefined);
    }
  });

  it('gives where to add an invariant, for a full and an empty list', () => {
    for (const json of [MINIMAL, edit('["E_EXT_RED_BOUNDARY"]', '[\n  ]')]) {
      const text = ampFile(json);
      const at = header(text).invariantsInsertAt!;
      const added = text.slice(0, at.offset) + at.prefix + '"SILENCE_BANDS_PROTECTED"' + text.slice(at.offset);
      const r = header(added);
      assert.deepEqual(r.diagnostics, []);
      assert.ok(r.header.invariants_wired?.includes('SILENCE_BANDS_PROTECTED'));
    }
  });
});

describe('the schema', () => {
  interface S {
    description?: string;
    properties?: Record<string, S>;
    items?: S;
    enum?: unknown[];
  }
  const root = schema as unknown as S;

  it('describes every property (the descriptions are hover text in VS Code)', () => {
    const missing: string[] = [];
    const walk = (s: S, path: string) => {
      if (!s.description) missing.push(path || '(root)');
      for (const [k, sub] of Object.entries(s.properties ?? {})) walk(sub, path ? `${path}.${k}` : k);
    };
    walk(root, '');
    assert.deepEqual(missing, []);
  });

  it('lists the same invariant names as INVARIANT_NAMES', () => {
    assert.deepEqual(root.properties?.invariants_wired.items?.enum, [...INVARIANT_NAMES]);
  });
});

describe('robustness', () => {
  const fragments = [
    '{', '}', '[', ']', ',', ':', '"', '//', '/*', '*/', '\n', '\r\n', '\n// ', ' ', '"compiler_ethics_v"', '"0.1"', '"governance_stack"',
    '"invariants_wired"', '"E_EXT_RED_BOUNDARY"', '"__proto__"', '"constructor"', 'true', 'null', '-1', '0.75', '1e999', '"\\u12"', '🜂',
    '\uD800', 'compiler_ethics_v0_1:', '// compiler_ethics_v0_1: {', 'message m = "x"', '@hazard(high)',
  ];
  const soup = fc.array(fc.constantFrom(...fragments), { maxLength: 60 }).map((parts) => parts.join(''));
  const inputs = fc.oneof(fc.string({ maxLength: 200 }), soup, soup.map((s) => `// compiler_ethics_v0_1: ${s}`), soup.map((s) => asHeader(s)));

  it('never throws and keeps every range in the text', () => {
    fc.assert(
      fc.property(inputs, (text) => {
        const { tree } = parse(text);
        const r = readHeader(tree, text);
        if (r) assertSound(text, r.diagnostics, true);
        assertSound(text, misplacedHeaders(tree, text), true);
        assertSound(text, readManifest(text).diagnostics, false);
      }),
      { seed: 20250601, numRuns: 1500 },
    );
  });

  it('refuses pathological nesting with AMP-H001 instead of overflowing the stack', () => {
    for (const depth of [257, 100_000]) {
      const json = edit('"invariants_wired"', `"deep": ${'['.repeat(depth)}${']'.repeat(depth)},\n  "invariants_wired"`);
      for (const [text, r] of [[json, manifest(json)], [ampFile(json), header(ampFile(json))]] as const) {
        const { covered, d } = one(text, r, 'AMP-H001');
        assert.equal(covered, '[');
        assert.equal(d.start, text.indexOf('[['.repeat(128)) + 255);
      }
    }
    // 256 levels, counting the header object itself, are still read.
    const json = edit('"invariants_wired"', `"deep": ${'['.repeat(255)}${']'.repeat(255)},\n  "invariants_wired"`);
    assert.deepEqual(manifest(json).diagnostics.map((d) => d.code), ['AMP-H006']);
  });

  it('keeps __proto__ and constructor as plain unknown fields', () => {
    const json = edit('"invariants_wired"', '"__proto__": { "polluted": true }, "constructor": 1,\n  "invariants_wired"');
    const r = manifest(json);
    assert.deepEqual(r.diagnostics.map((d) => d.code), ['AMP-H006', 'AMP-H006']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
