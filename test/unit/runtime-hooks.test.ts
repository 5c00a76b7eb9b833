// The extension points the governance layer and the conscience calculator plug into: what the runtime hands them,
// how their decisions change a run, that their state lives in the machine state (so time travel restores it), and
// the notes they ask to record. The plain defaults run everything and record events.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { History } from '../../core/runtime/history';
import { DEFAULT_HOOKS, PLAIN_GOVERNANCE, type ConscienceCalculator, type GovernanceLayer } from '../../core/runtime/hooks';
import { initialState } from '../../core/runtime/machine';
import { eventsOf } from '../../core/runtime/state';
import { renderText } from '../../core/runtime/values';
import { compile, fixture, runNamed } from '../fixtures/runtime/harness';

const program = compile(fixture('governed.amp'), 'governed.amp');

describe('the plain defaults', () => {
  test('every governed statement runs and is recorded', () => {
    const r = runNamed(program, 'publish');
    assert.equal(r.report.passed, true);
    assert.deepEqual(
      r.events.filter((e) => ['steward', 'consent', 'act', 'chapel'].includes(e.kind)).map((e) => (e.kind === 'act' ? `act ${e.inChapel ? 'in' : 'outside'} a chapel, E_ext ${e.eExtCost}` : e.kind === 'chapel' ? `chapel ${e.phase}` : e.kind)),
      ['steward', 'consent', 'act outside a chapel, E_ext 0.1', 'chapel enter', 'act in a chapel, E_ext 0.3', 'chapel exit'],
    );
  });

  test('a steward restore is delivered to the restorative_process_completed handler, which resolves the scar', () => {
    const r = runNamed(program, 'retract');
    assert.equal(r.report.status, 'done');
    const kinds = r.events.map((e) => e.kind);
    assert.ok(kinds.indexOf('scar') < kinds.indexOf('choose'));
    const deliver = r.events.find((e) => e.kind === 'deliver');
    assert.ok(deliver && deliver.kind === 'deliver' && deliver.event === 'restorative_process_completed' && deliver.agent === 'Reporter');
    assert.ok(kinds.lastIndexOf('resolve') > kinds.indexOf('deliver'));
    const choose = r.events.find((e) => e.kind === 'choose');
    assert.ok(choose && choose.kind === 'choose');
    assert.equal(choose.chosen, 0);
    assert.match(choose.explanation, /no conscience calculator is installed/);
    assert.equal(DEFAULT_HOOKS.governance, PLAIN_GOVERNANCE);
  });
});

/** A governance layer that counts the E_ext of acts outside chapels and refuses past a limit, noting each act. */
function meteredGovernance(limit: number): GovernanceLayer<{ readonly spent: number; readonly acts: number }> {
  return {
    ...(PLAIN_GOVERNANCE as unknown as GovernanceLayer<{ readonly spent: number; readonly acts: number }>),
    name: 'metered',
    init: () => ({ spent: 0, acts: 0 }),
    act(state, act) {
      const spent = state.spent + (act.inChapel ? 0 : act.eExtCost ?? 0);
      const next = { spent, acts: state.acts + 1 };
      if (spent > limit) return { state, decision: { allowed: false, reason: `E_ext ${spent} would pass ${limit}` } };
      return { state: next, decision: { allowed: true }, notes: [{ name: 'e-ext', detail: { spent, act: renderText(act.message) } }] };
    },
    enterChapel: (state) => ({ state, decision: { allowed: true }, pauseMs: 3000 }),
  };
}

describe('a governance layer plugged in', () => {
  test('its decisions change the run: a refused act ends the ask in an error giving the reason', () => {
    const r = runNamed(program, 'publish', { env: { hooks: { governance: meteredGovernance(0.05), conscience: DEFAULT_HOOKS.conscience } } });
    assert.equal(r.report.passed, false);
    assert.equal(r.report.asks[0].reply, 'error: the act "draft a note on (the river samples show lead above the legal limit)" was refused: E_ext 0.1 would pass 0.05');
    const act = r.events.find((e) => e.kind === 'act');
    assert.ok(act && act.kind === 'act' && !act.allowed);
  });

  test('its notes become governance events; its chapel pause advances the simulated clock', () => {
    const r = runNamed(program, 'publish', { env: { hooks: { governance: meteredGovernance(1), conscience: DEFAULT_HOOKS.conscience } } });
    assert.equal(r.report.passed, true);
    const notes = r.events.filter((e) => e.kind === 'governance');
    assert.deepEqual(notes.map((e) => (e.kind === 'governance' ? [e.name, e.detail.spent] : [])), [['e-ext', 0.1], ['e-ext', 0.1]]);
    assert.equal(r.state.clock, 3000);
    const chapel = r.events.find((e) => e.kind === 'chapel');
    assert.ok(chapel && chapel.kind === 'chapel' && chapel.pauseMs === 3000);
  });

  test('its state is part of the machine state: stepping back restores it', () => {
    const env = { hooks: { governance: meteredGovernance(1), conscience: DEFAULT_HOOKS.conscience } };
    const h = new History(initialState(program, program.runIndex('publish'), {}, env), env);
    h.continue();
    const end = h.current.governance as { acts: number };
    assert.equal(end.acts, 2);
    h.reverseContinue((s) => (s.governance as { acts: number }).acts === 1);
    assert.equal((h.current.governance as { acts: number }).acts, 1);
    h.reverseContinue();
    assert.deepEqual(h.current.governance, { spent: 0, acts: 0 });
  });
});

describe('a conscience calculator plugged in', () => {
  test('it picks the option and explains why; it sees each option with its breaches', () => {
    const seen: unknown[] = [];
    const conscience: ConscienceCalculator<null> = {
      name: 'no lying',
      init: () => null,
      choose(state, choice) {
        seen.push(choice.options.map((o) => [o.label, o.breaches.map((b) => b.id)]));
        const index = choice.options.findIndex((o) => !o.breaches.some((b) => b.id === 'lying'));
        return { state, index, explanation: `"${choice.options[index].label}" breaches nothing` };
      },
    };
    const r = runNamed(program, 'retract', { env: { hooks: { governance: PLAIN_GOVERNANCE, conscience } } });
    assert.deepEqual(seen, [[['quietly', ['lying']], ['with an apology', []]]]);
    assert.equal(r.report.asks[0].reply, 'retracted with an apology');
    const choose = eventsOf(r.state).find((e) => e.kind === 'choose');
    assert.ok(choose && choose.kind === 'choose' && choose.chosen === 1 && choose.explanation === '"with an apology" breaches nothing');
  });
});
