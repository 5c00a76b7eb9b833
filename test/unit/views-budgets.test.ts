// The Budgets view on real runs: the root's conservation (root = returned + held + spent) and each agent's ledger
// (allotted = spent + handed on + remaining + returned) hold at every stop, in both cost models, and agree with the
// runtime's own report at the end; agents that ran out of budget, and broken figures, stand out.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { executeRun, prepare } from '../../core/runtime/index';
import { budgetLedger, budgetsView, overSpending } from '../../extension/views/budgets';
import { SessionRuns } from '../../extension/views/run-store';
import { handRun, InlineDap, lineIn, SAMPLES, tempSpec, LIST_MINIMUM as MIN, LIST_MINIMUM_QUESTION as XS, LIST_MINIMUM_TEXT as MIN_TEXT } from './views-support';


let dap: InlineDap | undefined;
afterEach(async () => {
  await dap?.close().catch(() => undefined);
  dap = undefined;
});

/** Steps through a whole run one machine step at a time, checking the ledger at every stop; returns the last state. */
async function everyStop(program: string, run: string, costModel: 'seed' | 'alba'): Promise<{ runs: SessionRuns; stops: number }> {
  dap = new InlineDap();
  await dap.launch({ program, run, costModel, stopOnEntry: true, stopAtEnd: true });
  const runs = new SessionRuns();
  runs.apply(await dap.runState());
  let stops = 1;
  while (runs.current!.state.status === 'running') {
    runs.apply(await dap.move('stepIn', { granularity: 'instruction' }));
    stops++;
    const t = runs.current!;
    const ledger = budgetLedger(t);
    assert.equal(ledger.root.imbalance, 0, `conservation at step ${t.step}`);
    for (const a of ledger.agents) {
      assert.equal(a.imbalance, 0, `${a.agent}'s ledger at step ${t.step}: ${JSON.stringify(a)}`);
      assert.ok(a.remaining >= 0 && a.spent >= 0 && a.returned >= 0);
    }
    // What the live frames hold is what the run state says is held.
    assert.equal(ledger.agents.reduce((n, a) => n + a.remaining, 0), t.state.budget.held, `held at step ${t.step}`);
  }
  return { runs, stops };
}

function reportLedger(program: string, run: string, costModel: 'seed' | 'alba') {
  const text = readFileSync(program, 'utf8');
  const p = prepare({ path: program, text });
  assert.ok(p.ok);
  const index = p.program.runs.findIndex((r) => r.label === run);
  return executeRun(p.program, index, { costModel }).report.ledger;
}

describe('the budget ledger', () => {
  for (const [file, run] of [
    ['list-minimum.amp', XS],
    ['sort.amp', 'sort 7, 3, 5'],
    ['meta-execution.amp', 'decode hi'],
  ] as const) {
    for (const costModel of ['seed', 'alba'] as const) {
      it(`adds up at every step of ${file} "${run}" (${costModel}) and ends as the runtime's report`, async () => {
        const program = join(SAMPLES, file);
        const { runs, stops } = await everyStop(program, run, costModel);
        assert.ok(stops > 5);
        const end = budgetLedger(runs.current!);
        const expected = reportLedger(program, run, costModel);
        assert.deepEqual(
          end.agents.map((a) => ({ agent: a.agent, activations: a.activations, allotted: a.allotted, spent: a.spent, returned: a.returned })).sort((x, y) => x.agent.localeCompare(y.agent)),
          [...expected].sort((x, y) => x.agent.localeCompare(y.agent)),
        );
        assert.ok(end.agents.every((a) => a.remaining === 0), 'nothing is held once the run has ended');
      });
    }
  }
});

describe('the Budgets view', () => {
  it('shows the root equation and each agent at a breakpoint', async () => {
    dap = new InlineDap();
    await dap.launch({ program: MIN, run: XS }, [lineIn(MIN_TEXT, 'let smaller = ask Compare')]);
    const runs = new SessionRuns();
    runs.apply(await dap.runState());
    const { nodes, message } = budgetsView(runs.current!);
    assert.equal(message, undefined);
    assert.deepEqual(nodes.map((n) => [n.label, n.description]), [
      ['Run budget', 'root 100 = returned 0 + held 92 + spent 8 ✓'],
      // Three copies of Min: 100 + 97 + 94 allotted (nested budgets count once per copy, as in `amp run`'s ledger).
      ['Min', 'allotted 291 · spent 8 · remaining 92 · returned 92'],
    ]);
    assert.deepEqual(nodes[0].icon, { id: 'pass', color: 'testing.iconPassed' });
    const min = nodes[1].children!();
    // 291 = 8 spent + 99 handed on (97 to the second copy, 2 used under the third) + 92 remaining + 92 returned.
    assert.deepEqual(min.slice(0, 6).map((n) => [n.label, n.description]), [
      ['activations', '3'],
      ['allotted', '291'],
      ['spent', '8'],
      ['handed on', '99'],
      ['remaining', '92'],
      ['returned', '92'],
    ]);
    const byActivation = min.find((n) => n.label === 'by activation')!.children!();
    assert.deepEqual(byActivation.map((n) => [n.label, n.description]), [
      ['Min #1', 'allotted 100 · spent 3 · holds 0 · out 97'],
      ['Min #2', 'allotted 97 · spent 3 · holds 92 · out 2'],
      ['Min #3', 'allotted 94 · used 2 · returned 92'],
    ]);
  });

  it('makes an agent that ran out of budget stand out', async () => {
    const spec = tempSpec(`${MIN_TEXT}
run "too poor" {
  ask Min "what is the smallest element of [xs]?" budget 3
}
`);
    try {
      dap = new InlineDap();
      await dap.launch({ program: spec.path, run: 'too poor', stopAtEnd: true });
      const runs = new SessionRuns();
      runs.apply(await dap.runState());
      const ledger = budgetLedger(runs.current!);
      const min = ledger.agents.find((a) => a.agent === 'Min')!;
      assert.ok(min.ranOut >= 1);
      assert.equal(min.imbalance, 0);
      assert.equal(overSpending(min), true);
      const node = budgetsView(runs.current!).nodes.find((n) => n.label === 'Min')!;
      assert.match(node.description ?? '', /^⚠ ran out ×\d+ · allotted/);
      assert.deepEqual(node.icon, { id: 'warning', color: 'list.warningForeground' });
      assert.equal(node.contextValue, 'amp.budget.agent.over');
      assert.ok(node.children!().some((n) => n.label === 'ran out of budget'));
    } finally {
      spec.remove();
    }
  });

  it('shows broken conservation and figures that do not add up', () => {
    const run = handRun({
      step: 5,
      activations: [{ id: 1, parent: 0, agent: 'Leaky', kind: 'handler', startStep: 1, endStep: 4, allotted: 10, returned: 3, spent: 7 }],
      extra: { budget: { root: 10, returned: 3, held: 0, spent: 6 } },
    });
    const { nodes } = budgetsView(run);
    assert.equal(nodes[0].description, 'root 10 = returned 3 + held 0 + spent 6 ✗ (off by 1)');
    assert.deepEqual(nodes[0].icon, { id: 'error', color: 'list.errorForeground' });
    // No event charged Leaky anything, so its 7 spent is nowhere in its own figures.
    const leaky = budgetLedger(run).agents[0];
    assert.equal(leaky.imbalance, 7);
    assert.equal(overSpending(leaky), true);
    assert.match(nodes[1].description ?? '', /^⚠ off by 7 · /);
  });

  it('has nothing without a run, and says so before the first ask', async () => {
    assert.deepEqual(budgetsView(undefined), { nodes: [] });
    dap = new InlineDap();
    await dap.launch({ program: MIN, run: XS, stopOnEntry: true });
    const runs = new SessionRuns();
    runs.apply(await dap.runState());
    const { nodes, message } = budgetsView(runs.current!);
    assert.equal(nodes.length, 1);
    assert.equal(message, 'Step 0: no agent has been asked yet.');
  });
});
