// Seed 003 at run time: `choose` decided by the conscience calculator plugged into the runtime
// (core/runtime/conscience.ts over core/conscience): lexical order, weights from annotations and the conscience block,
// risk, a diffuse boundary, ties; every decision explained in the `choose` event, a ledger note, the run report and
// the trace; and the calculator's state restored by stepping back.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide, renderDecision } from '../../core/conscience/index';
import { DECISION_NOTE, SEED_CONSCIENCE, type ConscienceState } from '../../core/runtime/conscience';
import { governedHooks } from '../../core/runtime/governed';
import { History } from '../../core/runtime/history';
import { PLAIN_GOVERNANCE } from '../../core/runtime/hooks';
import { initialState } from '../../core/runtime/machine';
import { executeRun, type RunResult } from '../../core/runtime/run';
import type { RuntimeEvent } from '../../core/runtime/state';
import { readTrace, reportFromTrace, TraceWriter } from '../../core/runtime/trace';
import { compile, fixture } from '../fixtures/runtime/harness';

const program = compile(fixture('conscience.amp'), 'conscience.amp');
const env = { hooks: governedHooks() };

function run(name: string): RunResult {
  return executeRun(program, program.runIndex(name), { env });
}

function chooseOf(r: RunResult): Extract<RuntimeEvent, { kind: 'choose' }> {
  const c = r.events.find((e) => e.kind === 'choose');
  assert.ok(c && c.kind === 'choose', 'the run makes a choice');
  return c;
}

/** The ledger note recorded with the choice. */
function ledgerOf(r: RunResult): Record<string, unknown> {
  const n = r.events.find((e) => e.kind === 'governance' && e.name === DECISION_NOTE);
  assert.ok(n && n.kind === 'governance');
  return n.detail as Record<string, unknown>;
}

describe('choose, decided lexicographically', () => {
  test('a weight of 1,000 at level 0 loses to nothing at level 1: the option with a 0.1 % risk of a level-1 breach is not taken', () => {
    const r = run('lexical order');
    assert.equal(r.report.passed, true);
    const c = chooseOf(r);
    assert.deepEqual(c.options, ['a thousand lies', 'a small risk']);
    assert.equal(c.chosen, 0);
    const l = ledgerOf(r);
    assert.equal(l.decidedBy, 'level1');
    const options = l.options as { label: string; level1: string; level0: string; entries: { id: string; weight: number; weightFrom: string; risk: number }[] }[];
    assert.deepEqual(options.map((o) => [o.label, o.level1, o.level0]), [
      ['a thousand lies', '0', '1000'],
      ['a small risk', '0.001', '0'],
    ]);
    // The annotation's weight overrides the conscience block's (2) for "lying".
    assert.deepEqual(options[0].entries.map((e) => [e.id, e.weight, e.weightFrom, e.risk]), [['lying', 1000, 'annotation', 1]]);
    assert.deepEqual(options[1].entries.map((e) => [e.id, e.weight, e.weightFrom, e.risk]), [['aiding_level_1_breach', 1, 'default', 0.001]]);
  });

  test('the explanation is the calculator\'s: every option\'s ledger by level and why the winner won', () => {
    const c = chooseOf(run('lexical order'));
    const lines = c.explanation.split('\n');
    assert.equal(lines[0], 'Choice "a thousand lies or a small risk of a grave breach": "a thousand lies" chosen.');
    assert.match(c.explanation, /^\* 1\. "a thousand lies": level 1: 0, level 0: 1000, level −1 \(negligible\): 0$/m);
    assert.match(c.explanation, /^ {2}2\. "a small risk": level 1: 0\.001, level 0: 0/m);
    assert.match(c.explanation, /^ {2}- "a small risk" weighs 0\.001 at level 1 against 0 for "a thousand lies"; level 1 decides first, so no level-0 weight can change that\.$/m);
    // The same text decide() and renderDecision() give for these options.
    const expected = renderDecision(
      decide({
        prompt: 'a thousand lies or a small risk of a grave breach',
        options: [
          { label: 'a thousand lies', breaches: [{ id: 'lying', weight: 1000 }] },
          { label: 'a small risk', breaches: [{ id: 'aiding_level_1_breach', risk: 0.001 }] },
        ],
        weights: { lying: 2 },
      }),
    );
    assert.equal(c.explanation, expected);
  });

  test('a diffuse boundary splits a breach between levels: 0.55 at level 1 loses to 0.5', () => {
    const r = run('diffuse boundary');
    assert.equal(r.report.passed, true);
    assert.equal(chooseOf(r).chosen, 1);
    const options = ledgerOf(r).options as { level1: string; level0: string; entries: { shares: { level: number; amount: string }[] }[] }[];
    assert.deepEqual(options[0].entries[0].shares, [
      { level: 1, amount: '0.55' },
      { level: 0, amount: '0.45' },
    ]);
    assert.deepEqual([options[1].level1, options[1].level0], ['0.5', '0']);
  });

  test('options equal on both levels go to the first, and the decision says so; the conscience block gives the weight', () => {
    const r = run('tie');
    assert.equal(r.report.passed, true);
    const l = ledgerOf(r);
    assert.equal(l.decidedBy, 'tie');
    assert.deepEqual(l.tiedWith, [1]);
    assert.match(chooseOf(r).explanation, /Tie: "this lie", "that lie" weigh the same on both levels; the first in the choice, "this lie", is taken\./);
    const options = l.options as { entries: { weight: number; weightFrom: string }[] }[];
    assert.deepEqual(options[0].entries.map((e) => [e.weight, e.weightFrom]), [[2, 'conscience']]);
  });
});

describe('decisions in the report and the trace', () => {
  test('the run report lists each decision with its explanation and ledger; the trace reads back to the same report', () => {
    const w = new TraceWriter();
    const lines = [w.header({ file: 'conscience.amp', costModel: 'seed', meta: false, runs: program.runs.map((x) => x.label) })];
    const reports: RunResult['report'][] = [];
    for (let i = 0; i < program.runs.length; i++) {
      lines.push(w.runStart(program.runs[i].label, i, program.runs[i].span));
      const r = executeRun(program, i, { env, onStep: (events, state) => lines.push(w.step(state.step, events)) });
      lines.push(w.runEnd(program.runs[i].label, r.state.step, r.state.status));
      reports.push(r.report);
    }
    assert.deepEqual(
      reports.map((r) => r.decisions!.map((d) => [d.options[d.chosen], (d.ledger as { decidedBy: string }).decidedBy])),
      [[['a thousand lies', 'level1']], [['wait', 'level1']], [['this lie', 'tie']]],
    );
    assert.ok(reports.every((r) => r.decisions![0].at !== undefined && r.decisions![0].explanation.startsWith('Choice')));
    const read = readTrace(lines.join('\n') + '\n');
    assert.ok('trace' in read, 'error' in read ? read.error.message : '');
    read.trace.runs.forEach((t, i) => assert.deepEqual(reportFromTrace(read.trace.header, t), reports[i]));
  });

  test('the calculator also works under the plain governance layer, and its state counts decisions; stepping back restores it', () => {
    const hooks = { governance: PLAIN_GOVERNANCE, conscience: SEED_CONSCIENCE };
    const h = new History(initialState(program, program.runIndex('tie'), {}, { hooks }), { hooks });
    h.continue();
    const end = h.current.conscience as ConscienceState;
    assert.equal(end.decisions, 1);
    assert.deepEqual(end.weights, { lying: 2 });
    h.reverseContinue((s) => (s.conscience as ConscienceState).decisions === 0);
    assert.equal((h.current.conscience as ConscienceState).decisions, 0);
    assert.ok(h.position > 0 && h.position < h.length - 1);
  });
});
