// What a stop shows through DAP: the scopes (the message, the pointers, the budget ledger) with messages expanded
// lazily several levels deep; evaluate in the console (pointers, numbers, conditions); the human answering through
// the console; and the run state the views read (the amp/runState event after every stop, the request, amp/expand).

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { RunStateJson } from '../../../debug-adapter/run-state';
import { Dap, fixture, lineOf, longRun } from './helpers';

const MIN = fixture('list-minimum.amp');
const HUMAN = fixture('human.amp');
const XS = 'the smallest of 7, 3 and 5';

let dap: Dap | undefined;
afterEach(async () => {
  await dap?.close();
  dap = undefined;
});

/** Stops in the first Min activation, at its first statement. */
async function inFirstMin(): Promise<Dap> {
  const d = await Dap.start();
  await d.begin({ program: MIN, run: XS }, { breakpoints: [{ line: lineOf(MIN, 'view list as'), hitCondition: '1' }] });
  await d.stopped();
  return d;
}

describe('variables', () => {
  it('shows the message, the pointers and the budget of a frame', async () => {
    dap = await inFirstMin();
    const frame = await dap.top();
    assert.deepEqual(
      (await dap.scopes(frame.id)).map((s) => s.name),
      ['Message', 'Pointers', 'Budget'],
    );
    const message = await dap.scope('Message');
    assert.equal(message.get('agent')?.value, 'Min');
    assert.equal(message.get('handler')?.value, 'on "what is the smallest element of [list]?"');
    assert.match(message.get('question')?.value ?? '', /^"what is the smallest element of \(the list with first element \(7\) and remaining elements \(the list with first element \(3\)/);
    assert.equal(message.get('statement')?.value, 'view list as "the list with first element [head] and remaining elements [rest]" else { …');
    const pointers = await dap.scope('Pointers');
    assert.deepEqual([...pointers.keys()], ['list']);
    const budget = await dap.scope('Budget');
    assert.deepEqual(
      ['held', 'allotted', 'spent', 'delegated'].map((k) => budget.get(k)?.value),
      ['100', '100', '0', '0'],
    );
  });

  it('expands a message pointer by pointer, several levels deep, only when asked', async () => {
    dap = await inFirstMin();
    const list = (await dap.scope('Pointers')).get('list')!;
    assert.equal(list.type, 'message');
    assert.ok(list.variablesReference > 0);
    // xs = "the list with first element (7) and remaining elements [l2]"
    const level1 = await dap.variables(list.variablesReference);
    assert.deepEqual(
      level1.map((v) => [v.name, v.value]),
      [
        ['text', 'the list with first element [1] and remaining elements [2]'],
        ['[1]', '"7"'],
        ['[2]', '"the list with first element (3) and remaining elements (the list with first element (5) and remaining elements (the empty list))"'],
      ],
    );
    assert.equal(level1[1].variablesReference, 0, 'a message without pointers does not expand');
    const level2 = await dap.variables(level1[2].variablesReference);
    assert.equal(level2[0].value, 'the list with first element [1] and remaining elements [2]');
    const level3 = await dap.variables(level2[2].variablesReference);
    assert.deepEqual(
      level3.map((v) => v.value),
      ['the list with first element [1] and remaining elements [2]', '"5"', '"the empty list"'],
    );
    assert.equal(level3[2].variablesReference, 0);
  });

  it('shows the run ledger: totals, conservation, per agent and per activation', async () => {
    dap = await Dap.start();
    await dap.begin({ program: MIN, run: XS }, { breakpoints: [{ line: lineOf(MIN, 'reply "[smaller]"') }] });
    await dap.stopped();
    const ledger = (await dap.scope('Budget')).get('ledger')!;
    const rows = new Map((await dap.variables(ledger.variablesReference)).map((v) => [v.name, v]));
    assert.equal(rows.get('root budget')?.value, '100');
    assert.equal(rows.get('conservation')?.value, 'holds: root = spent + held + returned');
    const byAgent = await dap.variables(rows.get('by agent')!.variablesReference);
    // The breakpoint stops first in the second Min (100 → 97 → 94): Min 1 has paid two views and a send and holds
    // nothing (97 is out with Min 2); Min 3 paid two views and gave back 92; Min 2 paid two views and two sends, gave
    // Compare 91, got it all back and holds 91.
    assert.deepEqual(
      byAgent.map((v) => [v.name, v.value]),
      [
        ['Min', '3 activations: allotted 291, spent 9, returned 92, holds 91'],
        ['Compare', '1 activation: allotted 91, spent 0, returned 91'],
      ],
    );
    const activations = rows.get('activations')!;
    assert.equal(activations.indexedVariables, 4);
    const page = await dap.variables(activations.variablesReference, { filter: 'indexed', start: 1, count: 2 });
    assert.deepEqual(
      page.map((v) => v.name),
      ['#2 Min', '#3 Min'],
    );
  });

  it('shows an agent pointer with the exchanges it remembers', async () => {
    dap = await Dap.start();
    const meta = fixture('../../../../samples/meta-execution.amp');
    await dap.begin({ program: meta, run: 'what to do after hello' }, { breakpoints: [{ line: lineOf(meta, 'reply "output [out] and move to state [next]"') }] });
    await dap.stopped();
    const think = (await dap.scope('Pointers')).get("Think'")!;
    assert.equal(think.type, 'agent');
    assert.match(think.value, /^@Think′ \(1 exchange remembered\)$/);
    const inside = await dap.variables(think.variablesReference);
    assert.deepEqual(
      inside.map((v) => v.name),
      ['definition', 'exchanges remembered', 'question 1', 'reply 1'],
    );
    assert.equal(inside[3].value, '"you said (hello)"');
  });
});

describe('evaluate', () => {
  it('prints a pointer as its message, expandable; numbers and conditions as values', async () => {
    dap = await inFirstMin();
    const list = await dap.evaluate('list');
    assert.match(list.result, /^"the list with first element \(7\) and remaining elements/);
    assert.ok(list.variablesReference > 0);
    assert.equal((await dap.variables(list.variablesReference))[1].value, '"7"');
    assert.equal((await dap.evaluate('[xs]')).result, list.result);
    assert.equal((await dap.evaluate('budget')).result, '100');
    assert.equal((await dap.evaluate('budget >= 100 and agent == "Min"')).result, 'true');
    assert.equal((await dap.evaluate('list', 'hover')).result, list.result);
    await assert.rejects(dap.evaluate('head'), /no pointer named 'head' is bound in this frame \(pointers: list\)/);
    await assert.rejects(dap.evaluate('budget <'), /cannot evaluate "budget <": column 9/);
    await assert.rejects(dap.evaluate('view #1'), /no agent is waiting for an answer now/);
  });

  it('evaluates in the frame it is given', async () => {
    dap = await Dap.start();
    await dap.begin({ program: MIN, run: XS }, { breakpoints: [{ line: lineOf(MIN, 'reply "[head]"') }] });
    await dap.stopped();
    const frames = await dap.stack();
    assert.equal((await dap.evaluate('head', 'watch', frames[0].id)).result, '"5"');
    assert.equal((await dap.evaluate('head', 'watch', frames[2].id)).result, '"7"');
    assert.equal((await dap.evaluate('depth', 'watch', frames[1].id)).result, '2');
  });
});

describe('the human answers in the debug console', () => {
  it('says what it waits for, takes ALBA commands, and the run goes on with the answer', async () => {
    dap = await Dap.start();
    await dap.begin({ program: HUMAN });
    let stop = await dap.stopped();
    assert.equal(stop.body.reason, 'input');
    assert.match(dap.output(), /human is waiting for your answer \(asked at line 7\); activation 2, budget 5, step 2:\n\s+which is smaller, #1 or #2\?\nAnswer here: the commands are 'view #n'/);
    assert.deepEqual(await dap.where(), [`human: "which is smaller, (5) or (7)?"@7`, 'Ask: which is smaller, [a] or [b]?@7', 'run "ask a person"@13']);
    // A `?` line is an expression, not an answer.
    assert.equal((await dap.evaluate('? #1')).result, '"5"');
    assert.deepEqual(dap.pending('stopped'), []);

    assert.equal((await dap.evaluate('view #1')).result, 'human ← view #1');
    stop = await dap.stopped();
    assert.equal(stop.body.reason, 'input');
    assert.match(dap.output(), /budget 4, step 3:\n\s+#1: 5\n/);
    assert.equal((await dap.scope('Budget')).get('held')?.value, '4');

    await dap.evaluate('reply #1');
    const exited = await dap.next<DebugProtocol.ExitedEvent>('exited');
    assert.equal(exited.body.exitCode, 0);
    assert.match(dap.output(), /reply: the person says \(5\)/);
  });

  it('a step back to where the human answered shows the recorded answer, and refuses a new one', async () => {
    dap = await Dap.start();
    await dap.begin({ program: HUMAN, stopAtEnd: true });
    await dap.stopped();
    await dap.evaluate('reply #2');
    const end = await dap.stopped();
    assert.equal(end.body.reason, 'end');
    assert.match(dap.output(), /expect reply "the person says \(5\)": FAILED\n\s+actual: the person says \(7\)/);
    await dap.move('stepBack', 1, { granularity: 'instruction' });
    await dap.move('stepBack', 1, { granularity: 'instruction' });
    await dap.move('stepBack', 1, { granularity: 'instruction' });
    await dap.move('stepBack', 1, { granularity: 'instruction' });
    assert.match((await dap.top()).name, /^human: /);
    assert.equal((await dap.scope('Message')).get('commands queued')?.value, 'reply #2');
    await assert.rejects(dap.evaluate('reply #1'), /at this step the answer is already recorded \("reply #2"\)/);
  });

  it('answers from a replay transcript instead, without stopping', async () => {
    dap = await Dap.start();
    await dap.begin({ program: HUMAN, replay: fixture('human-answers.jsonl') });
    const exited = await dap.next<DebugProtocol.ExitedEvent>('exited');
    assert.equal(exited.body.exitCode, 0);
    assert.deepEqual(dap.pending('stopped'), []);
  });
});

describe('the run state for the views', () => {
  it('is sent after every stop, with what is new since the last one', async () => {
    dap = await Dap.start();
    await dap.begin({ program: MIN, run: XS, stopOnEntry: true });
    await dap.stopped();
    const entry = (await dap.next<DebugProtocol.Event>('amp/runState')).body as RunStateJson;
    assert.equal(entry.version, 1);
    assert.equal(entry.threadId, 1);
    assert.equal(entry.run, XS);
    assert.equal(entry.reason, 'entry');
    assert.equal(entry.step, 0);
    assert.equal(entry.status, 'running');
    assert.equal(entry.costModel, 'seed');
    assert.equal(entry.waiting, null);
    assert.deepEqual(entry.activations, { reset: true, items: [] });
    assert.deepEqual(entry.events, { from: 0, total: 0, items: [] });
    assert.deepEqual(entry.frames.map((f) => f.kind), ['run']);
    const min = entry.agents?.find((x) => x.name === 'Min');
    assert.deepEqual(min?.handlers.map((h) => [h.label, h.event, h.at.start.line]), [['what is the smallest element of [list]?', false, lineOf(MIN, 'on "what is the smallest') - 1]]);
    assert.equal(entry.agents?.find((x) => x.name === 'Compare')?.kind, 'builtin');

    await dap.move('stepIn');
    const inMin = (await dap.next<DebugProtocol.Event>('amp/runState')).body as RunStateJson;
    assert.equal(inMin.step, 1);
    assert.equal(inMin.activations.reset, false);
    assert.equal(inMin.agents, undefined, 'the agents come with the first event only');
    assert.equal(inMin.activations.items.length, 1);
    const a = inMin.activations.items[0];
    assert.deepEqual([a.id, a.parent, a.agent, a.instance, a.kind, a.allotted, a.startStep], [1, 0, 'Min', '@Min', 'handler', 100, 1]);
    assert.equal(a.handler?.start.line, lineOf(MIN, 'on "what is the smallest element of [list]?"') - 1);
    assert.equal(a.askedAt?.start.line, lineOf(MIN, '[xs]?" budget 100') - 1);
    assert.equal(a.question?.text, 'what is the smallest element of [1]?');
    assert.equal(a.question?.pointers.length, 1);
    assert.deepEqual(inMin.events.items.map((e) => [e.index, e.step, e.kind]), [[0, 1, 'ask']]);
    assert.deepEqual(inMin.frames.map((f) => [f.kind, f.agent, f.budget]), [['run', `run "${XS}"`, 0], ['handler', 'Min', 100]]);
    assert.deepEqual(inMin.budget, { root: 100, returned: 0, held: 100, spent: 0 });

    await dap.move('next');
    await dap.next('amp/runState');
    await dap.move('next');
    await dap.next('amp/runState');
    await dap.move('next');
    const afterAsk = (await dap.next<DebugProtocol.Event>('amp/runState')).body as RunStateJson;
    // The copies of Min and the ask to Compare the step over ran, with their replies.
    const ids = afterAsk.activations.items.map((x) => [x.id, x.agent, x.endStep !== undefined]);
    assert.deepEqual(ids, [[2, 'Min', true], [3, 'Min', true], [4, 'Compare', true]]);
    assert.equal(afterAsk.activations.items[1].reply?.preview, '5');
    assert.equal(afterAsk.events.from, 3);
    assert.equal(afterAsk.events.total, afterAsk.events.from + afterAsk.events.items.length);

    // Stepping back sends nothing new: the views show the activations as they were at the step.
    await dap.move('stepBack');
    const back = (await dap.next<DebugProtocol.Event>('amp/runState')).body as RunStateJson;
    assert.deepEqual(back.activations.items, []);
    assert.deepEqual(back.events.items, []);
    assert.ok(back.step < afterAsk.step);

    // The request returns everything, and a reference opens one level of a message.
    const full = (await dap.request<DebugProtocol.Response>('amp/runState', { threadId: 1 })).body as RunStateJson;
    assert.equal(full.activations.reset, true);
    assert.deepEqual(full.activations.items.map((x) => x.id), [1, 2, 3, 4]);
    assert.equal(full.events.from, 0);
    const question = full.activations.items[0].question!;
    const opened = (await dap.request<DebugProtocol.Response>('amp/expand', { ref: question.pointers[0].ref })).body as { text: string; pointers: { label: string; preview: string }[] };
    assert.equal(opened.text, 'the list with first element [1] and remaining elements [2]');
    assert.equal(opened.pointers[0].preview, '7');
    // Previews are cut at 80 characters; the reference opens the rest.
    assert.equal(opened.pointers[1].preview, 'the list with first element (3) and remaining elements (the list with first elem…');
    await assert.rejects(dap.request('amp/expand', { ref: 'm99999' }), /unknown reference m99999/);
  });

  it('leaves out what is new after a long run, and the request gives it', async () => {
    const long = longRun();
    try {
      dap = await Dap.start();
      await dap.begin({ program: long.file }, { breakpoints: [{ line: long.replyLine, condition: 'step > 6000', hitCondition: '1' }] });
      await dap.stopped();
      const state = (await dap.next<DebugProtocol.Event>('amp/runState')).body as RunStateJson;
      assert.equal(state.truncated, true);
      assert.deepEqual(state.activations.items, []);
      assert.deepEqual(state.events.items, []);
      assert.ok(state.events.total > 4000, `${state.events.total} events`);
      assert.equal(state.events.from, state.events.total);
      const full = (await dap.request<DebugProtocol.Response>('amp/runState', { eventsFrom: state.events.total - 10 })).body as RunStateJson;
      assert.equal(full.truncated, false);
      assert.equal(full.activations.reset, true);
      assert.ok(full.activations.items.length > 1000);
      assert.deepEqual(full.events.items.map((e) => e.index), Array.from({ length: 10 }, (_, i) => state.events.total - 10 + i));
      // The next stop sends only what that step added.
      await dap.move('stepIn');
      const next = (await dap.next<DebugProtocol.Event>('amp/runState')).body as RunStateJson;
      assert.equal(next.truncated, false);
      assert.equal(next.events.from, state.events.total);
      assert.ok(next.events.items.length >= 1);
    } finally {
      long.remove();
    }
  });

  it('says when the human waits', async () => {
    dap = await Dap.start();
    await dap.begin({ program: HUMAN });
    await dap.stopped();
    const state = (await dap.next<DebugProtocol.Event>('amp/runState')).body as RunStateJson;
    assert.deepEqual(state.waiting, { activation: 2, agent: 'human', budget: 5, text: 'which is smaller, #1 or #2?' });
    assert.equal(state.reason, 'input');
  });
});
