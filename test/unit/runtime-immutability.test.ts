// Immutability (seed 000): an agent that answered is a new agent A′ and A is unchanged, so they answer differently;
// states are frozen and never change after later steps; the no-history path computes exactly what `step` does.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { History } from '../../core/runtime/history';
import { initialState, runFast, step } from '../../core/runtime/machine';
import { eventsOf, framesOf, type MachineState } from '../../core/runtime/state';
import { agentLabel, AgentValue, renderText } from '../../core/runtime/values';
import { compile, fixture, runNamed, transcript } from '../fixtures/runtime/harness';

describe('A and A′', () => {
  test('a copy that answered once (turn 1) answers differently from the original, which is unchanged (turn 0)', () => {
    const program = compile(fixture('oracle.amp'), 'oracle.amp');
    const r = runNamed(program, undefined, { env: { transcripts: new Map([['oracle.jsonl', transcript('oracle.jsonl')]]) } });
    assert.deepEqual(
      r.report.asks.map((a) => a.reply),
      ['Ada', 'I told you: Ada', 'Ada', 'error: the transcript oracle.jsonl has no answer for Oracle at turn 2 to "what is your name?"'],
    );
    assert.equal(r.report.passed, true);
  });

  test('reflect gives a snapshot: the state Think′ reports is an agent that remembers one more exchange than Think', () => {
    const program = compile(`
message fresh = "a conversation that has not started"
agent Think {
  on "what do you say to [_s]?" {
    reply "hello"
  }
  on "and who are you now?" {
    let me = reflect
    reply "[me]"
  }
}
run "two agents" {
  let _out, Think2 = ask Think "what do you say to [fresh]?" budget 5
  let _me2 = ask Think2 "and who are you now?" budget 5
  let _me1 = ask Think "and who are you now?" budget 5
}
`);
    const r = runNamed(program);
    const replies = r.events.filter((e) => e.kind === 'reply' && e.to === 0).map((e) => (e.kind === 'reply' ? e.message : undefined)!);
    const [, fromThink2, fromThink] = replies.map((m) => m.parts[0]);
    assert.ok(fromThink2 instanceof AgentValue && fromThink instanceof AgentValue);
    // Think′ had answered one question and is answering a second: its snapshot remembers two; Think's remembers one.
    assert.equal(fromThink2.turns, 2);
    assert.equal(fromThink.turns, 1);
    assert.equal(agentLabel(fromThink2), '@Think″');
    assert.equal(renderText(fromThink2.history!.prev!.question), 'what do you say to (a conversation that has not started)?');
    assert.equal(renderText(fromThink2.history!.prev!.reply!), 'hello');
    assert.equal(fromThink.history!.prev, undefined);
  });
});

/** A deep, comparable summary of a state, computed from its fields (so mutation anywhere would show). */
function summary(s: MachineState): string {
  return JSON.stringify({
    step: s.step,
    status: s.status,
    depth: s.depth,
    minted: s.minted,
    returned: s.returned,
    counters: [s.nextMessage, s.nextAgent, s.nextActivation, s.eventCount],
    frames: framesOf(s).map((f) => ({ id: f.id, kind: f.kind, budget: f.budget, spent: f.spent, delegated: f.delegated, pc: 'pc' in f ? f.pc : undefined, slots: 'slots' in f ? f.slots.map((v) => (v ? renderText(v) : null)) : undefined })),
    events: eventsOf(s).map((e) => e.kind + ':' + e.frame),
  });
}

describe('states', () => {
  const program = compile(fixture('ledger.amp'), 'ledger.amp');

  test('earlier states are unchanged by later steps', () => {
    const h = new History(initialState(program, 0));
    const seen: string[] = [summary(h.current)];
    while (h.forward()) seen.push(summary(h.current));
    assert.ok(seen.length > 5);
    for (let i = 0; i < seen.length; i++) assert.equal(summary(h.at(i)!), seen[i], `state ${i}`);
  });

  test('states are deeply frozen: assigning to one throws', () => {
    const h = new History(initialState(program, 0));
    h.continue((s) => s.depth > 2);
    const s = h.current;
    assert.ok(Object.isFrozen(s) && Object.isFrozen(s.top) && Object.isFrozen(s.below) && Object.isFrozen(s.events));
    assert.throws(() => {
      (s as { step: number }).step = 99;
    }, TypeError);
    assert.throws(() => {
      (s.top as { budget: number }).budget = 99;
    }, TypeError);
    const slots = (s.top as unknown as { slots: unknown[] }).slots;
    assert.throws(() => {
      slots[0] = undefined;
    }, TypeError);
  });

  test('a step shares everything it did not change with the state before it', () => {
    const h = new History(initialState(program, 0));
    h.continue((s) => s.depth > 2);
    const before = h.current;
    h.forward();
    const after = h.current;
    assert.notEqual(before, after);
    assert.equal(after.program, before.program);
    assert.equal(after.events?.next, before.events, 'the event log grows by sharing the old list');
    assert.equal(after.below, before.below, 'a step inside one frame shares the stack beneath it');
  });

  test('step returns the same state when the run is over', () => {
    const h = new History(initialState(program, 0));
    h.continue();
    assert.equal(h.current.status, 'done');
    assert.equal(step(h.current), h.current);
  });

  for (const costModel of ['seed', 'alba'] as const) {
    test(`the no-history path reaches the same state as stepping with immer (${costModel})`, () => {
      const merge = compile(fixture('exhaustion.amp'), 'exhaustion.amp');
      for (let run = 0; run < merge.runs.length; run++) {
        const h = new History(initialState(merge, run, { costModel }));
        h.continue();
        const fast = runFast(initialState(merge, run, { costModel }, { freeze: false }), { freeze: false });
        assert.equal(summary(fast), summary(h.current));
        assert.deepEqual(eventsOf(fast), eventsOf(h.current));
      }
    });
  }
});
