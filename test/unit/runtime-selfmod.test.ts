// Seed 004 next to the run blocks: a spec's `selfmod` declarations run as seeded self-modification simulations
// (core/runtime/selfmod.ts over core/selfmod), reported per proposal with C_L4 and BGSS at the end, and traced one
// record per transition in records of their own kinds, which read back to the same report; older traces read as before.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { checkDocument } from '../../core/check/index';
import { compileProgram } from '../../core/runtime/compile';
import { executeSelfmod, selfmodLines, selfmodTargets, type SelfmodTarget } from '../../core/runtime/selfmod';
import { readTrace, SELFMOD_RECORD_VERSION, TraceWriter } from '../../core/runtime/trace';
import { prepareSimulation, renderOutcomes, run } from '../../core/selfmod/index';
import { compile } from '../fixtures/runtime/harness';

const SAMPLE = readFileSync(join(__dirname, '..', '..', 'samples', 'self-modification.amp'), 'utf8');
const program = compile(SAMPLE, 'self-modification.amp');
const [target] = selfmodTargets(program);

/** The trace `amp run --trace` writes for the program's selfmod declarations (no runs). */
function traceOf(targets: readonly SelfmodTarget[]): { lines: string[]; reports: ReturnType<typeof executeSelfmod>['report'][] } {
  const w = new TraceWriter();
  const lines = [w.header({ file: 'self-modification.amp', costModel: 'seed', meta: false, runs: [], selfmod: targets.map((t) => t.name) })];
  const reports = [];
  for (const t of targets) {
    lines.push(w.selfmodStart(t.name, t.index, t.at));
    const r = executeSelfmod(t, { onTransition: (s, n) => lines.push(w.selfmodCycle(n, s)) });
    lines.push(w.selfmodEnd(r.report));
    reports.push(r.report);
  }
  return { lines, reports };
}

function problem(lines: readonly string[]): { line: number; message: string } {
  const r = readTrace(lines.join('\n') + '\n');
  assert.ok('error' in r, 'the trace must be rejected');
  return r.error;
}

describe('self-modification runs', () => {
  test('a program lists its selfmod declarations with their names and places', () => {
    assert.deepEqual(selfmodTargets(program).map((t) => [t.index, t.name, SAMPLE.slice(t.at.start, t.at.start + 20)]), [[0, 'tutor_growth', 'selfmod tutor_growth']]);
  });

  test('the outcomes per proposal, C_L4 and BGSS are the library\'s for the same declaration', () => {
    const r = executeSelfmod(target);
    const lib = run(prepareSimulation(target.decl).simulation!);
    assert.equal(r.report.status, 'done');
    assert.equal(r.report.passed, true);
    assert.deepEqual(
      r.report.outcomes.map((o) => [o.name, o.origin, o.status, o.step, o.reason, o.cycle, o.monitorCycle]),
      lib.outcomes.map((o) => [o.name, o.origin, o.status, o.step, o.reason, o.cycle, o.monitorCycle]),
    );
    assert.deepEqual(
      r.report.outcomes.filter((o) => o.origin === 'spec').map((o) => [o.name, o.status, o.step]),
      [
        ['shorter_hints', 'confirmed', 7],
        ['fractions_skill', 'confirmed', 7],
        ['warmer_greeting', 'rejected', 4],
        ['socratic_first', 'rejected', 4],
        ['mastery_over_coverage', 'confirmed', 7],
        ['revise_misconceptions', 'rejected', 4],
        ['calmer_persona', 'unfinished', 3],
      ],
    );
    assert.deepEqual(
      { cycle: r.report.final!.cycle, c: r.report.final!.c, zone: r.report.final!.zone, bgss: r.report.final!.bgss },
      { cycle: 120, c: lib.final.c, zone: lib.final.zone, bgss: lib.final.bgss },
    );
    assert.equal(r.report.transitions, lib.transitions);
    assert.deepEqual([r.report.seed, r.report.cycles, r.report.epsilon], [42, 120, 0.02]);
    // What `amp run` prints is the library's rendering.
    assert.equal(selfmodLines(r.report).join('\n'), renderOutcomes(lib));
  });

  test('runs are deterministic: the same seed gives the same transitions and events', () => {
    const a = executeSelfmod(target, { keepStates: true });
    const b = executeSelfmod(target, { keepStates: true });
    assert.deepEqual(a.report, b.report);
    assert.deepEqual(a.events, b.events);
    assert.equal(a.states!.length, a.report.transitions + 1);
    assert.deepEqual(a.states!.map((s) => s.c), b.states!.map((s) => s.c));
    // Another seed is another run.
    const other = executeSelfmod(target, { overrides: { seed: 7 } });
    assert.notDeepEqual(other.report.final, a.report.final);
  });

  test('a declaration the simulator cannot run is a located fault with its problems, never an exception', () => {
    const r = executeSelfmod({ ...target, decl: { ...target.decl, config: {} } });
    assert.equal(r.report.status, 'fault');
    assert.equal(r.report.passed, false);
    assert.match(r.report.problems.join(), /needs an integer seed/);
    assert.deepEqual(r.report.at, target.at);
  });
});

describe('the trace of a self-modification run', () => {
  const { lines, reports } = traceOf([target]);

  test('one record per transition, between a versioned start record and an end record holding the report', () => {
    assert.equal(lines.length, 1 + 1 + reports[0].transitions + 1);
    const start = JSON.parse(lines[1]);
    assert.deepEqual({ t: start.t, v: start.v, selfmod: start.selfmod }, { t: 'selfmod', v: SELFMOD_RECORD_VERSION, selfmod: 'tutor_growth' });
    const first = JSON.parse(lines[2]);
    assert.deepEqual([first.t, first.n, first.cycle, first.zone, first.active], ['cycle', 1, 0, 'Optimal', { proposal: 0, step: 1 }]);
    assert.deepEqual(first.ev.map((e: { type: string }) => e.type), ['proposal-started', 'step-entered']);
    assert.equal(JSON.parse(lines.at(-1)!).t, 'selfmod-end');
    // The header's version is the runs' version; the record kinds carry their own.
    assert.equal(JSON.parse(lines[0]).v, 1);
  });

  test('reads back: every transition, and the same report as the live run', () => {
    const read = readTrace(lines.join('\n') + '\n');
    assert.ok('trace' in read, 'error' in read ? `line ${read.error.line}: ${read.error.message}` : '');
    assert.deepEqual(read.trace.header.selfmod, ['tutor_growth']);
    const [sm] = read.trace.selfmod!;
    assert.equal(sm.cycles.length, reports[0].transitions);
    assert.deepEqual(sm.report, reports[0]);
    assert.equal(sm.cycles.at(-1)!.cycle, 120);
    assert.ok(sm.cycles.some((c) => c.events.some((e) => e.type === 'confirmed')));
    assert.ok(sm.cycles.some((c) => c.active?.shadow !== undefined));
  });

  test('runs and self-modification runs in one trace; a trace without them reads as before', () => {
    const mixed = compile(`${SAMPLE}\nagent A {\n  on "hi" {\n    reply "hello"\n  }\n}\n\nrun "r" {\n  ask A "hi" budget 2\n  expect reply "hello"\n}\n`, 'mixed.amp');
    const w = new TraceWriter();
    const out = [w.header({ file: 'mixed.amp', costModel: 'seed', meta: false, runs: ['r'], selfmod: ['tutor_growth'] }), w.runStart('r', 0), JSON.stringify({ t: 'step', n: 1, ev: [{ kind: 'end', frame: 0, status: 'done' }] }), w.runEnd('r', 1, 'done')];
    const [t] = selfmodTargets(mixed);
    out.push(w.selfmodStart(t.name, t.index, t.at));
    const r = executeSelfmod(t, { onTransition: (s, n) => out.push(w.selfmodCycle(n, s)) });
    out.push(w.selfmodEnd(r.report));
    const read = readTrace(out.join('\n') + '\n');
    assert.ok('trace' in read, 'error' in read ? read.error.message : '');
    assert.equal(read.trace.runs.length, 1);
    assert.equal(read.trace.selfmod!.length, 1);
    const plain = readTrace([w.header({ file: 'x.amp', costModel: 'seed', meta: false, runs: ['r'] }), w.runStart('r', 0), out[2], w.runEnd('r', 1, 'done')].join('\n') + '\n');
    assert.ok('trace' in plain);
    assert.equal(plain.trace.selfmod, undefined);
    assert.deepEqual(plain.trace.header, { file: 'x.amp', costModel: 'seed', meta: false, runs: ['r'] });
  });

  test('a broken self-modification trace is a located error', () => {
    const versioned = [...lines];
    versioned[1] = versioned[1].replace(`"v":${SELFMOD_RECORD_VERSION}`, '"v":99');
    assert.deepEqual(problem(versioned), { line: 2, message: 'unsupported selfmod record version 99 (this reader knows version 1)' });

    const skipped = [...lines.slice(0, 5), ...lines.slice(6)];
    const p = problem(skipped);
    assert.equal(p.line, 6);
    assert.match(p.message, /^transition 5 follows transition 3: transitions must be consecutive$/);

    const truncated = lines.slice(0, 40);
    assert.deepEqual(problem(truncated), { line: 41, message: 'the trace ends inside self-modification run "tutor_growth" (after transition 38): it is truncated' });

    const unlisted = [lines[0].replace(',"selfmod":["tutor_growth"]', ''), ...lines.slice(1)];
    assert.deepEqual(problem(unlisted), { line: 2, message: 'the header lists 0 self-modification run(s); this is one more' });

    const badCycle = [...lines];
    badCycle[3] = badCycle[3].replace(/"c":[^,]+,/, '"c":"high",');
    assert.deepEqual(problem(badCycle), { line: 4, message: 'a cycle record needs "c" (a number)' });

    const miscounted = [...lines];
    miscounted[miscounted.length - 1] = miscounted.at(-1)!.replace(/"transitions":\d+/, '"transitions":3');
    assert.match(problem(miscounted).message, /^the self-modification run ends after 3 transitions, but the trace holds \d+$/);
  });
});

describe('the checker and the runtime agree on what a selfmod declaration is', () => {
  test('a file with only selfmod declarations compiles to a program with no runs and one self-modification run', () => {
    const check = checkDocument({ path: 'self-modification.amp', text: SAMPLE });
    const p = compileProgram(check).program!;
    assert.equal(p.runs.length, 0);
    assert.equal(selfmodTargets(p).length, 1);
  });
});
