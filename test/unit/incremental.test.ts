// The incremental reparse (core/syntax/incremental.ts) against the full parse: after any edit, chained over many edits,
// the tree, the gathered nodes and the diagnostics are exactly those of parsing the new text from scratch; and the
// reparse is really taken (not always the fallback), also for edits that leave errors. Fixed seed (INCREMENTAL_SEED=n
// explores others): failures reproduce.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { checkDocument } from '../../core/check/index';
import { reparse, tryReparse } from '../../core/syntax/incremental';
import { parse, type ParseResult } from '../../core/syntax/parser';
import { walk, type Node } from '../../core/syntax/tree';
import { generateAmp, prng } from '../../bench/generate';
import { filesUnder } from '../harness/index';


/** What a parse result says, as plain data: the tree, each kind's nodes and the annotated nodes by span, the diagnostics. */
function facts(r: ParseResult) {
  const inTree = new Set<Node>();
  walk(r.tree, (n) => void inTree.add(n));
  const spans = (ns: readonly Node[]) => ns.map((n) => {
    assert.ok(inTree.has(n), `a gathered ${n.kind}@${n.start} is not a node of the tree`);
    return `${n.kind}@${n.start}..${n.end}`;
  });
  const byKind = Object.fromEntries([...r.nodes.byKind.entries()].map(([k, ns]) => [k, spans(ns)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  return { tree: r.tree, byKind, annotated: spans(r.nodes.annotated), diagnostics: r.diagnostics };
}

/** Random edits of the kinds a person makes: typing or deleting a character or a word, in text or in structure. */
function edit(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (text.length + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  switch (Math.floor(rnd() * 6)) {
    case 0: return text.slice(0, at) + pick(['x', ' ', 'e', '7']) + text.slice(at);
    case 1: return text.slice(0, at) + text.slice(at + 1);
    case 2: return text.slice(0, at) + pick(['"', '[', ']', '(', ')', '{', '}', '@', '\n', '//', '/*', '*/', '\\']) + text.slice(at);
    case 3: return text.slice(0, at) + pick(['message m = "new"\n', '\nagent Z {}\n', 'reply "r"', ' [list]', 'budget 3']) + text.slice(at);
    case 4: return text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 12));
    default: {
      // Typing inside a message, the common case while writing a spec.
      const quote = text.indexOf('"', at);
      return quote < 0 ? text : text.slice(0, quote + 1) + pick(['a', 'b ', 'c']) + text.slice(quote + 1);
    }
  }
}

const clean = [
  ...filesUnder('samples', '.amp'),
  ...filesUnder('test/fixtures/parser', '.amp').filter((p) => !/(^|[\\/])error-[^\\/]*$/.test(p)),
].map((p) => ({ name: p, text: readFileSync(p, 'utf8') }))
  .concat([{ name: 'a generated spec (bench/generate.ts)', text: generateAmp(12_000) }])
  .filter((f) => parse(f.text).diagnostics.length === 0);

describe('incremental reparse', () => {
  test('the corpus: clean samples and parser fixtures', () => {
    assert.ok(clean.length >= 10, `${clean.length} clean files`);
  });

  test('equals the full parse after every one of a chain of random edits, on every clean file', () => {
    const rnd = prng(Number(process.env.INCREMENTAL_SEED ?? 20261130));
    let reused = 0;
    let broken = 0;
    let edits = 0;
    for (const file of clean) {
      let text = file.text;
      let result = parse(text);
      let unclean = 0;
      for (let i = 0; i < 150; i++) {
        const next = edit(text, rnd);
        const quick = tryReparse(text, result, next);
        const full = parse(next);
        edits++;
        if (quick) {
          reused++;
          if (full.diagnostics.length > 0) broken++;
          assert.deepEqual(facts(quick), facts(full), `${file.name}, edit ${i}`);
        }
        // Go on from the reparse when there was one (chains of reparses must stay exact), else from the full parse;
        // after a few edits in a row that leave errors, start again from the clean file.
        result = quick ?? full;
        text = next;
        unclean = full.diagnostics.length > 0 ? unclean + 1 : 0;
        if (unclean > 3) {
          text = file.text;
          result = parse(text);
          unclean = 0;
        }
      }
    }
    // About a quarter of random edits keep both neighbouring items intact (the rest reach the header or break an item
    // in a way recovery could carry past its end) and take the quick path.
    assert.ok(reused > edits / 5, `${reused} of ${edits} edits were reparsed incrementally`);
    assert.ok(broken > edits / 20, `${broken} of the reparsed texts have syntax errors`);
  });

  test('checking a reparsed tree gives what checking the text from scratch gives, after every edit of a chain', () => {
    // Diagnostics read positions from nodes the reparse moved (annotations, breach names, pointers): none may be stale.
    const rnd = prng(11);
    const spec = [
      ...clean.filter((f) => /samples[\\/]/.test(f.name)).map((f) => f.text),
      generateAmp(8_000).replace(/not_helping_(\w+)_unperceived/g, 'not_helpin_$1_unperceivd'),
    ];
    let reused = 0;
    for (const original of spec) {
      let text = original;
      let result = parse(text);
      for (let i = 0; i < 40; i++) {
        // Edits early in the file move everything after them.
        const at = Math.floor(rnd() * Math.min(text.length, 2_000));
        const next = text.slice(0, at) + (rnd() < 0.5 ? '\n' : '') + text.slice(at + (rnd() < 0.5 ? 1 : 0));
        const quick = tryReparse(text, result, next);
        const checked = (r: ParseResult) => checkDocument({ path: 'spec.amp', text: next }, r).diagnostics.map((d) => `${d.code}@${d.start}..${d.end} ${d.message}`);
        // As in the language server, every version is checked, so what the checker remembers about the nodes the
        // next reparse moves was computed for the previous text.
        const fresh = checked(parse(next));
        if (quick) {
          reused++;
          assert.deepEqual(checked(quick), fresh, `edit ${i}`);
        }
        result = quick ?? parse(next);
        if (!quick) checked(result);
        text = next;
      }
    }
    assert.ok(reused > 40, `${reused} edits reparsed incrementally`);
  });

  test('typing and deleting in the messages of a large generated file always takes the quick path, and stays exact', () => {
    const rnd = prng(7);
    let text = generateAmp(60_000);
    let result = parse(text);
    const starts = [...text.matchAll(/^message \w+ = "/gm)].map((m) => m.index! + m[0].length);
    for (let i = 0; i < 40; i++) {
      const at = starts[Math.floor(rnd() * starts.length)];
      const next = i % 2 === 0 ? text.slice(0, at) + 'x' + text.slice(at) : text;
      const typed = tryReparse(text, result, next);
      assert.ok(typed, `edit ${i} was reparsed incrementally`);
      assert.deepEqual(facts(typed), facts(parse(next)));
      const back = tryReparse(next, typed, text);
      assert.ok(back, `undoing edit ${i} was reparsed incrementally`);
      assert.deepEqual(facts(back), facts(parse(text)));
      result = back;
    }
  });

  test('reparses edits that leave errors inside the items parsed again, and falls back where recovery may run on', () => {
    const header = '// compiler_ethics_v0_1: {\n//   "compiler_ethics_v": "0.1"\n// }\n\nmessage a = "a"\n\nmessage b = "b"\n\nmessage c = "c"\n';
    assert.equal(tryReparse(header, parse(header), header.replace('"0.1"', '"0.2"')), undefined, 'an edit in the header');
    const body = 'message a = "a"\n\nmessage b = "b"\n\nmessage c = "c"\n\nmessage d = "d"\n\nagent A {\n  on "go" {\n    reply "r"\n  }\n}\n\nmessage e = "e"\n\nmessage f = "f"\n';
    const exact = (from: string, to: string, what: string) => {
      const quick = tryReparse(from, parse(from), to);
      assert.ok(quick, what);
      assert.deepEqual(facts(quick), facts(parse(to)), what);
      return quick;
    };
    exact(body, body.replace('"c"', '"cc"'), 'a clean edit in the middle');
    const open = exact(body, body.replace('"c"', '"c'), 'an edit that leaves an unterminated message');
    assert.deepEqual(open.diagnostics.map((d) => d.code), ['AMP-P002']);
    exact(body.replace('"c"', '"c'), body, 'mending it: the old error lies in the items parsed again');
    const broken = body.replace('"b"', '"b');
    assert.equal(tryReparse(broken, parse(broken), broken.replace('"d"', '"dd"')), undefined, 'an old error outside the items parsed again');
    const unclosed = body.replace('    reply "r"\n  }\n', '    reply "r"\n');
    assert.ok(parse(unclosed).diagnostics.length > 0);
    assert.deepEqual(facts(reparse(body, parse(body), unclosed)), facts(parse(unclosed)), 'an unclosed brace: exact, reparsed or not');
    const comment = body.replace('message c', '/* message c');
    assert.equal(tryReparse(body, parse(body), comment), undefined, 'a block comment opened runs past the items parsed again');
    assert.deepEqual(facts(reparse(body, parse(body), comment)), facts(parse(comment)), 'reparse falls back to the full parse');
  });

});
