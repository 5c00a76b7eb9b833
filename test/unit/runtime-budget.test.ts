// Budgets: ledgers computed by hand in both cost models, forced replies at 0, clamped transfers, and conservation at
// every step (docs/runtime.md §Budgets).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALBA, SEED } from '../../core/runtime/cost';
import { History } from '../../core/runtime/history';
import { budgetViolations, stepBound } from '../../core/runtime/invariants';
import { initialState } from '../../core/runtime/machine';
import { activationLedgers } from '../../core/runtime/report';
import { compile, fixture, row, runNamed } from '../fixtures/runtime/harness';

describe('cost models', () => {
  test('seed: a bare ask hands on everything left after the send; an explicit one at most that', () => {
    assert.equal(SEED.transfer(20, undefined), 19);
    assert.equal(SEED.transfer(20, 4), 4);
    assert.equal(SEED.transfer(5, 9), 4, 'clamped to what is left after paying for the send');
    assert.equal(SEED.transfer(1, undefined), 0);
    assert.equal(SEED.reply(7), 0);
    assert.equal(SEED.reflect, 0);
  });

  test("alba: a bare ask gives min(B - 1, floor(B / 10)); ask$N gives min(B - 1, N); reply and reflect cost 1", () => {
    assert.equal(ALBA.transfer(19, undefined), 1);
    assert.equal(ALBA.transfer(100, undefined), 10);
    assert.equal(ALBA.transfer(5, undefined), 0);
    assert.equal(ALBA.transfer(16, 4), 4);
    assert.equal(ALBA.transfer(3, 9), 2);
    assert.equal(ALBA.reply(3), 1);
    assert.equal(ALBA.reply(0), 0, 'an agent at 0 may always reply');
    assert.equal(ALBA.reflect, 1);
  });
});

describe('ledgers computed by hand (ledger.amp)', () => {
  const program = compile(fixture('ledger.amp'), 'ledger.amp');

  test('seed cost model', () => {
    // Summer gets 20: view 1 (19); ask Add pays 1 and hands on the 18 left, which Add returns whole (18); ask Checker
    // pays 1 and transfers 4 (13); Checker views (3 left) and replies for free, returning 3 (16); Summer returns 16.
    const r = runNamed(program, 'sum', { costModel: 'seed' });
    assert.equal(r.report.passed, true);
    assert.deepEqual(row(r, 'Summer'), { activations: 1, allotted: 20, spent: 3, returned: 16 });
    assert.deepEqual(row(r, 'Add'), { activations: 1, allotted: 18, spent: 0, returned: 18 });
    assert.deepEqual(row(r, 'Checker'), { activations: 1, allotted: 4, spent: 1, returned: 3 });
    assert.deepEqual({ spent: r.report.asks[0].spent, returned: r.report.asks[0].returned }, { spent: 4, returned: 16 });
  });

  test('alba cost model (ALBA charges the sender what the child spent plus 1)', () => {
    // Summer gets 20: view 1 (19); ask Add: min(18, 19/10) = 1 transferred, Add's reply costs its 1, so Summer is
    // charged 1 + 1 (17); ask Checker budget 4: Checker views (3) and pays 1 to reply, returning 2, so Summer is charged
    // 2 + 1 (14); Summer's own reply costs 1: it returns 13.
    const r = runNamed(program, 'sum', { costModel: 'alba' });
    assert.equal(r.report.passed, true);
    assert.deepEqual(row(r, 'Summer'), { activations: 1, allotted: 20, spent: 4, returned: 13 });
    assert.deepEqual(row(r, 'Add'), { activations: 1, allotted: 1, spent: 1, returned: 0 });
    assert.deepEqual(row(r, 'Checker'), { activations: 1, allotted: 4, spent: 2, returned: 2 });
    assert.deepEqual({ spent: r.report.asks[0].spent, returned: r.report.asks[0].returned }, { spent: 7, returned: 13 });
  });

  test('per activation: allotted = spent + what the children consumed + returned', () => {
    for (const costModel of ['seed', 'alba'] as const) {
      const r = runNamed(program, 'sum', { costModel });
      const all = activationLedgers(r.events);
      for (const a of all) {
        const consumed = all.filter((c) => c.parent === a.id).reduce((n, c) => n + c.allotted - (c.returned ?? 0), 0);
        assert.equal(a.allotted, a.spent + consumed + (a.returned ?? 0), `${costModel}: activation ${a.id} (${a.agent})`);
      }
    }
  });
});

describe('running out of budget (exhaustion.amp)', () => {
  const program = compile(fixture('exhaustion.amp'), 'exhaustion.amp');

  test('an agent at 0 that tries to view is made to reply with an error naming what it needed', () => {
    const r = runNamed(program, 'one view too many');
    assert.equal(r.report.passed, true);
    const forced = r.events.find((e) => e.kind === 'reply' && e.forced);
    assert.ok(forced && forced.kind === 'reply');
    assert.deepEqual(forced.forced, { op: 'view [x]', needed: 1 });
    assert.equal(forced.error, true);
    assert.deepEqual(row(r, 'Looker'), { activations: 1, allotted: 1, spent: 1, returned: 0 });
  });

  test('an agent at 0 cannot ask either', () => {
    const r = runNamed(program, 'no budget left to ask');
    assert.equal(r.report.passed, true);
    assert.equal(r.report.asks[0].reply, 'error: Asker ran out of budget: it needed 1 to ask Looker and has 0 left');
    assert.equal(r.report.ledger.some((l) => l.agent === 'Looker'), false, 'Looker was never asked');
  });

  test('a recursion without end stops when the budget does: each level pays for its send', () => {
    const r = runNamed(program, 'recursion without end halts');
    assert.equal(r.report.passed, true);
    // 10 levels each pay 1 to ask the next; the 11th copy receives 0 and cannot ask.
    assert.deepEqual(row(r, 'Loop'), { activations: 11, allotted: 9 + 8 + 7 + 6 + 5 + 4 + 3 + 2 + 1 + 0 + 10, spent: 10, returned: 0 });
    assert.equal(r.report.asks[0].spent, 10);
  });

  test('the same agent with enough budget replies normally', () => {
    const r = runNamed(program, 'enough budget');
    assert.equal(r.report.passed, true);
    assert.equal(r.report.asks[0].error, false);
  });
});

describe('conservation at every step', () => {
  for (const [name, runs] of [
    ['ledger.amp', ['sum']],
    ['exhaustion.amp', ['one view too many', 'no budget left to ask', 'recursion without end halts', 'enough budget']],
  ] as const) {
    for (const costModel of ['seed', 'alba'] as const) {
      test(`${name}, ${costModel}: no violation in any state, and the run ends within its step bound`, () => {
        const program = compile(fixture(name), name);
        for (const run of runs) {
          const index = program.runIndex(run);
          const h = new History(initialState(program, index, { costModel }));
          assert.deepEqual(budgetViolations(h.current), []);
          while (h.forward()) assert.deepEqual(budgetViolations(h.current), [], `${run}, step ${h.current.step}`);
          assert.equal(h.current.status, 'done');
          assert.ok(h.current.step <= stepBound(program, index));
        }
      });
    }
  }

  test('budgetViolations reports a broken ledger', () => {
    const program = compile(fixture('ledger.amp'), 'ledger.amp');
    const h = new History(initialState(program, 0));
    h.continue((s) => s.depth > 1);
    const s = h.current;
    const broken = { ...s, top: { ...s.top, budget: s.top.budget + 1 } };
    assert.ok(budgetViolations(broken).some((v) => v.includes('allotted')));
    assert.ok(budgetViolations({ ...s, minted: s.minted + 1 }).some((v) => v.startsWith('conservation')));
  });
});

describe('explicit transfers', () => {
  test('an explicit budget larger than what is left is clamped, and the event says what was asked for', () => {
    // The checker bounds a transfer by the largest budget any run gives (10 here, so 3 is fine); the run with 4 cannot
    // pay it at run time.
    const program = compile(`
message m = "x"
agent Big {
  on "big [x]" {
    view x
    let r = ask Small "small [x]" budget 3
    reply "[r]"
  }
}
agent Small {
  on "small [x]" {
    reply "[x]"
  }
}
run "plenty" {
  ask Big "big [m]" budget 10
  expect reply "x"
}
run "clamped" {
  ask Big "big [m]" budget 4
  expect reply "x"
}
`);
    const r = runNamed(program, 'clamped');
    assert.equal(r.report.passed, true);
    const ask = r.events.find((e) => e.kind === 'ask' && e.agent === 'Small');
    assert.ok(ask && ask.kind === 'ask');
    // Big holds 4, views (3), pays 1 for the send (2): it can transfer 2 of the 3 asked for.
    assert.equal(ask.transfer, 2);
    assert.equal(ask.requested, 3);
  });
});
