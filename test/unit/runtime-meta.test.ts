// Meta mode: Meta(HCH(A, n)) asks A the root question and A′ for the new state, then parses A's answer into a string
// with yes/no questions (seed 000), every question paid from n.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { budgetViolations } from '../../core/runtime/invariants';
import { History } from '../../core/runtime/history';
import { initialState } from '../../core/runtime/machine';
import { META_ATTEMPTS, STATE_QUESTION } from '../../core/runtime/meta';
import { renderText } from '../../core/runtime/values';
import { compile, fixture, runNamed } from '../fixtures/runtime/harness';

const program = compile(fixture('meta.amp'), 'meta.amp');

/** The questions the meta-executor asked, in order, as text. */
function questions(events: ReturnType<typeof runNamed>['events'], metaFrame: number): string[] {
  return events.flatMap((e) => (e.kind === 'ask' && e.frame === metaFrame ? [renderText(e.question)] : []));
}

describe('meta mode', () => {
  test('the output is parsed one character at a time: empty? first character, its code bit by bit, the rest', () => {
    const r = runNamed(program, 'echo hi', { meta: true });
    assert.equal(r.report.passed, true);
    assert.equal(r.report.asks[0].agent, 'Meta(HCH)');
    assert.deepEqual(r.report.asks[0].meta, { output: 'hi', state: 'a conversation about (hi)' });
    const qs = questions(r.events, r.report.asks[0].activation);
    assert.equal(qs[0], 'what should an agent in state (a conversation that has not started) do after receiving input (the user says (hi))?');
    assert.equal(qs[1], STATE_QUESTION);
    // 'h' is 104 = 0b1101000: "is it zero?", "even or odd?", "half of it?" once per bit (7 bits), then "zero? yes".
    assert.deepEqual(qs.slice(2, 7), ['is (hi) empty?', 'what is the first character of (hi)?', 'what is the ASCII code of (h)?', 'is (104) zero?', 'is (104) even or odd?']);
    assert.equal(qs[7], 'what is half of (104)?');
    assert.equal(qs.filter((q) => / zero\?$/.test(q)).length, 16, '8 zero questions per character');
    assert.equal(qs.filter((q) => / even or odd\?$/.test(q)).length, 14);
    assert.equal(qs[qs.length - 1], 'is () empty?');
    // Every question costs 1 from the meta-executor's budget: 1 root + 1 state + 26 per character + the last "empty?".
    assert.equal(qs.length, 1 + 1 + 26 * 2 + 1);
    // Echo's view of the input costs 1 more; built-ins reply for free under the seed model.
    assert.equal(r.report.asks[0].spent, qs.length + 1);
    assert.equal(r.report.asks[0].returned, 400 - qs.length - 1);
  });

  test('budgets are conserved at every step of a meta run', () => {
    for (const costModel of ['seed', 'alba'] as const) {
      const h = new History(initialState(program, program.runIndex('echo hi'), { meta: true, costModel }));
      while (h.forward()) assert.deepEqual(budgetViolations(h.current), [], `${costModel}, step ${h.current.step}`);
      assert.equal(h.current.status, 'done');
    }
  });

  test('an agent that answers a parsing question itself, never with yes or no, is asked again, then its reply is malformed', () => {
    const r = runNamed(program, 'a vague parser', { meta: true });
    assert.equal(r.report.passed, true);
    const qs = questions(r.events, r.report.asks[0].activation);
    assert.deepEqual(qs.slice(2), Array(META_ATTEMPTS).fill('is (ok) empty?'));
    assert.match(r.report.asks[0].reply ?? '', /^error: malformed reply: asked "is \(ok\) empty\?" 3 times and never got yes or no \(last reply: "maybe"\)$/);
    assert.match(r.report.asks[0].meta?.malformed ?? '', /never got yes or no/);
    const answeredBy = r.events.filter((e) => e.kind === 'ask' && e.frame === r.report.asks[0].activation).map((e) => (e.kind === 'ask' ? e.agent : ''));
    assert.deepEqual(answeredBy, ['Vague', 'Vague', 'Vague', 'Vague', 'Vague'], 'Vague declares a handler for "is … empty?", so it is asked, not Strings');
  });

  test('a meta-executor out of budget is made to reply with an error', () => {
    const r = runNamed(program, 'too little to parse', { meta: true });
    assert.equal(r.report.passed, true);
    assert.equal(r.report.asks[0].spent, 20);
    assert.match(r.report.asks[0].reply ?? '', /^error: Meta\(HCH\) ran out of budget: it needed 1 to ask /);
  });

  test('without meta mode the same run just asks Echo', () => {
    const r = runNamed(program, 'echo hi');
    assert.equal(r.report.asks[0].agent, 'Echo');
    assert.equal(r.report.asks[0].reply, 'hi');
    assert.equal(r.report.asks[0].spent, 1);
  });

  test('an agent with no answer to the state question makes the meta step malformed', () => {
    const p = compile(`
message s = "start"
message i = "input"
agent Mute {
  on "what should an agent in state [_s] do after receiving input [_i]?" {
    reply "x"
  }
}
run "mute" {
  ask Mute "what should an agent in state [s] do after receiving input [i]?" budget 50
  expect error "malformed reply"
}
`);
    const r = runNamed(p, undefined, { meta: true });
    assert.equal(r.report.passed, true);
    assert.match(r.report.asks[0].reply ?? '', /no handler of Mute matches "and what state should it end up in\?"/);
  });
});
