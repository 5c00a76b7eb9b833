// The trace: written step by step, read back into the same events and the same report without the agents; a
// corrupted or truncated trace is a located error (line and what is wrong), never an exception.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RuntimeEnv } from '../../core/runtime/machine';
import type { Program } from '../../core/runtime/program';
import { executeRun } from '../../core/runtime/run';
import { readTrace, reportFromTrace, TraceWriter } from '../../core/runtime/trace';
import { AgentValue, Message } from '../../core/runtime/values';
import { compile, fixture, transcript } from '../fixtures/runtime/harness';

/** Writes the trace of every run of a program, as `amp run --trace` does. */
function traceOf(program: Program, file: string, options: { costModel?: 'seed' | 'alba'; meta?: boolean; env?: RuntimeEnv } = {}) {
  const w = new TraceWriter();
  const lines = [w.header({ file, costModel: options.costModel ?? 'seed', meta: options.meta ?? false, runs: program.runs.map((r) => r.label) })];
  const reports = [];
  for (let i = 0; i < program.runs.length; i++) {
    lines.push(w.runStart(program.runs[i].label, i, program.runs[i].span));
    const r = executeRun(program, i, { ...options, onStep: (events, state) => lines.push(w.step(state.step, events)) });
    lines.push(w.runEnd(program.runs[i].label, r.state.step, r.state.status));
    reports.push(r);
  }
  return { text: lines.join('\n') + '\n', lines, results: reports };
}

function problem(text: string): { line: number; message: string } {
  const r = readTrace(text);
  assert.ok('error' in r, 'the trace must be rejected');
  return r.error;
}

describe('round trip', () => {
  const cases: [string, string, object][] = [
    ['ledger.amp', 'seed', {}],
    ['ledger.amp', 'alba', {}],
    ['exhaustion.amp', 'seed', {}],
    ['meta.amp', 'seed', { meta: true }],
    ['oracle.amp', 'seed', { env: { transcripts: new Map([['oracle.jsonl', transcript('oracle.jsonl')]]) } }],
  ];
  for (const [file, costModel, extra] of cases) {
    test(`${file} (${costModel}${'meta' in extra ? ', meta' : ''}): the trace read back gives the same events and reports`, () => {
      const program = compile(fixture(file), file);
      const { text, results } = traceOf(program, file, { costModel: costModel as 'seed' | 'alba', ...extra });
      const read = readTrace(text);
      assert.ok('trace' in read, 'error' in read ? `line ${read.error.line}: ${read.error.message}` : '');
      assert.equal(read.trace.runs.length, program.runs.length);
      read.trace.runs.forEach((run, i) => {
        assert.deepEqual(reportFromTrace(read.trace.header, run), results[i].report);
        assert.equal(run.events.length, results[i].events.length);
        // Events come back with the same fields; messages and agents come back as values with the same ids and text.
        assert.deepEqual(JSON.parse(JSON.stringify(run.events, replacer)), JSON.parse(JSON.stringify(results[i].events, replacer)));
      });
    });
  }
});

/** Messages and agents by id and shape, so events read back compare with live ones. */
function replacer(_key: string, v: unknown): unknown {
  if (v instanceof Message) return { m: v.id, parts: v.parts };
  if (v instanceof AgentValue) return { a: v.id, name: v.def.name, turns: v.turns };
  return v;
}

describe('corrupted and truncated traces', () => {
  const program = compile(fixture('ledger.amp'), 'ledger.amp');
  const { lines } = traceOf(program, 'ledger.amp');
  const join = (ls: string[]) => ls.join('\n') + '\n';

  test('the trace is well formed to begin with', () => {
    assert.ok('trace' in readTrace(join(lines)));
    assert.ok(lines.length >= 5);
  });

  test('an empty file', () => {
    assert.deepEqual(problem(''), { line: 1, message: 'the trace is empty' });
  });

  test('not a trace', () => {
    const p = problem('{"hello": 1}\n');
    assert.equal(p.line, 1);
    assert.match(p.message, /not an AMP trace/);
  });

  test('a version this reader does not know', () => {
    const p = problem(join([lines[0].replace('"v":1', '"v":2'), ...lines.slice(1)]));
    assert.equal(p.line, 1);
    assert.match(p.message, /unsupported trace version 2/);
  });

  test('invalid JSON on line 4', () => {
    const broken = [...lines];
    broken[3] = broken[3].slice(0, 10);
    const p = problem(join(broken));
    assert.equal(p.line, 4);
    assert.match(p.message, /^not valid JSON/);
  });

  test('the last line cut off mid-write (no final newline)', () => {
    const text = join(lines);
    const p = problem(text.slice(0, text.length - 10));
    assert.equal(p.line, lines.length);
    assert.match(p.message, /cut off.*truncated/);
  });

  test('whole lines missing at the end', () => {
    const p = problem(join(lines.slice(0, -2)));
    assert.equal(p.line, lines.length - 1);
    assert.match(p.message, /ends inside run "sum" \(after step \d+\): it is truncated/);
  });

  test('a step missing in the middle', () => {
    const p = problem(join([...lines.slice(0, 3), ...lines.slice(4)]));
    assert.equal(p.line, 4);
    assert.match(p.message, /step 3 follows step 1: steps must be consecutive/);
  });

  test('an event that refers to a message the trace never defined', () => {
    const broken = [...lines];
    const i = broken.findIndex((l) => l.includes('"m":[') && l.includes('"kind":"ask"'));
    assert.ok(i > 0);
    const rec = JSON.parse(broken[i]);
    delete rec.m;
    broken[i] = JSON.stringify(rec);
    const p = problem(join(broken));
    assert.equal(p.line, i + 1);
    assert.match(p.message, /refers to message \d+, which the trace never defined/);
  });

  test('an unknown event kind, and a missing field', () => {
    const i = lines.findIndex((l) => l.includes('"kind":"view"'));
    const unknown = problem(join(lines.map((l, k) => (k === i ? l.replace('"kind":"view"', '"kind":"peek"') : l))));
    assert.deepEqual(unknown, { line: i + 1, message: 'unknown event kind "peek"' });
    const missing = problem(join(lines.map((l, k) => (k === i ? l.replace(/"cost":\d+,?/, '') : l))));
    assert.equal(missing.line, i + 1);
    assert.equal(missing.message, 'the view event needs "cost"');
  });

  test('an end record whose step count disagrees', () => {
    const last = lines.length - 1;
    const p = problem(join(lines.map((l, k) => (k === last ? l.replace(/"steps":\d+/, '"steps":999') : l))));
    assert.equal(p.line, lines.length);
    assert.match(p.message, /ends after 999 steps, but the trace holds/);
  });
});
