// The human agent and transcripts: ALBA's and AMP's command syntax, typed messages with #n and @n pointers, a session
// driven by a callback, input supplied while the machine waits, and replay from a transcript (and what happens when
// the transcript has no answer).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { History } from '../../core/runtime/history';
import { parseCommand, parseTyped } from '../../core/runtime/human';
import { awaitingInput, initialState, MAX_FREE_COMMANDS, type HumanRequest } from '../../core/runtime/machine';
import { findAnswer, parseTranscript } from '../../core/runtime/transcript';
import { Message } from '../../core/runtime/values';
import { compile, fixture, runNamed, transcript } from '../fixtures/runtime/harness';

describe('commands', () => {
  const cases: [string, ReturnType<typeof parseCommand>][] = [
    ['view #3', { kind: 'view', ref: 3 }],
    ['  view   @2 ', { kind: 'view', ref: 2 }],
    ['ask what is #1 plus #2?', { kind: 'ask', to: undefined, budget: undefined, message: 'what is #1 plus #2?' }],
    ['ask@4 what do you mean?', { kind: 'ask', to: { ref: 4 }, budget: undefined, message: 'what do you mean?' }],
    ['ask$10 sort #1', { kind: 'ask', to: undefined, budget: 10, message: 'sort #1' }],
    ['ask@2$5 and then?', { kind: 'ask', to: { ref: 2 }, budget: 5, message: 'and then?' }],
    ['ask$5@2 and then?', { kind: 'ask', to: { ref: 2 }, budget: 5, message: 'and then?' }],
    ['ask Compare "which is smaller, #1 or #2?" budget 3', { kind: 'ask', to: { name: 'Compare' }, message: 'which is smaller, #1 or #2?', budget: 3 }],
    ['ask Add "what is #1 plus #2?"', { kind: 'ask', to: { name: 'Add' }, message: 'what is #1 plus #2?', budget: undefined }],
    ['reply the answer is #4', { kind: 'reply', message: 'the answer is #4' }],
    ['return #4', { kind: 'reply', message: '#4' }],
    ['reply "the answer is (5)"', { kind: 'reply', message: '"the answer is (5)"' }],
    ['reflect', { kind: 'reflect' }],
    ['the answer is five', { kind: 'reply', message: 'the answer is five' }],
    ['asking is free', { kind: 'reply', message: 'asking is free' }],
  ];
  for (const [line, expected] of cases) {
    test(JSON.stringify(line), () => assert.deepEqual(parseCommand(line), expected));
  }

  test('malformed commands say why', () => {
    for (const line of ['view', 'view the sunset', 'ask', 'ask@x hello', 'reply', 'reflect on this', '']) {
      const c = parseCommand(line);
      assert.equal(c.kind, 'malformed', line);
    }
  });

  test('typed messages: pointers, sub-messages, escapes, quotes', () => {
    assert.deepEqual(parseTyped('the pair (#1 and @2) \\#3'), { parts: ['the pair ', [{ sigil: '#', n: 1 }, ' and ', { sigil: '@', n: 2 }], ' #3'] });
    assert.deepEqual(parseTyped('"quoted \\"text\\""'), { parts: ['quoted "text"'] });
    assert.deepEqual(parseTyped('a # b'), { parts: ['a # b'] });
    assert.deepEqual(parseTyped('(unclosed'), { error: "a '(' is never closed" });
    assert.deepEqual(parseTyped('closed)'), { error: "unbalanced ')' at column 7" });
  });
});

describe('a session at the keyboard', () => {
  const program = compile(fixture('human.amp'), 'human.amp');

  test('the callback sees the question with numbered pointers, then the result of each command', () => {
    const typed = ['view #1', 'view #9', 'ask Add "what is #1 plus #2?"', 'reply #4'];
    const script = [...typed];
    const seen: HumanRequest[] = [];
    const r = runNamed(program, undefined, { env: { human: (req) => (seen.push(req), script.shift() ?? null) } });
    assert.equal(r.report.passed, true);
    assert.deepEqual(
      seen.map((q) => [q.text, q.budget]),
      [
        ['what is #1 plus #2?', 10],
        ['#1: 2', 9],
        ['there is no pointer #9', 9],
        ['@3 replied #4: 5', 8],
      ],
    );
    // One view (1) and one send (1, and the 7 left go to Add, which returns them all); the bad view cost nothing.
    assert.equal(r.report.asks[0].spent, 2);
    assert.deepEqual(
      r.events.filter((e) => e.kind === 'input').map((e) => (e.kind === 'input' ? e.text : '')),
      typed,
      'every line typed is in the event log (and so in the trace)',
    );
  });

  test("ALBA's commands: ask a fresh copy of the human, then the copy that answered (ask@n), with a budget (ask$N)", () => {
    const answers = new Map<number, string[]>();
    const r = runNamed(program, undefined, {
      env: {
        human: (req) => {
          if (!answers.has(req.activation)) {
            answers.set(req.activation, req.depth === 1 ? ['ask$4 what is #1 plus #2 doubled?', 'ask@3$2 are you sure?', 'reply 5'] : req.turn === 0 ? ['reply 10'] : ['reply yes']);
          }
          return answers.get(req.activation)!.shift() ?? null;
        },
      },
    });
    assert.equal(r.report.passed, true);
    const asks = r.events.filter((e) => e.kind === 'ask' && e.frame !== 0).map((e) => (e.kind === 'ask' ? [e.agent, e.transfer] : []));
    assert.deepEqual(asks, [
      ['human', 4],
      ['human', 2],
    ]);
    const second = r.events.find((e) => e.kind === 'ask' && e.transfer === 2);
    assert.ok(second && second.kind === 'ask');
    assert.notEqual(second.instance, program.base(program.agents.get('human')!).id, 'ask@3 goes to the copy that answered, not a fresh one');
  });

  test('the end of input makes the human reply with an error', () => {
    const r = runNamed(program, undefined, { env: { human: () => null } });
    assert.equal(r.report.asks[0].reply, 'error: human gave no answer: the input ended');
  });

  test(`a human who only makes free moves is replied for after ${MAX_FREE_COMMANDS}, so the run halts`, () => {
    const r = runNamed(program, undefined, { env: { human: () => 'reflect' } });
    assert.match(r.report.asks[0].reply ?? '', /made 100 moves that spent nothing/);
    // The root ask, the free moves, the reply the runtime makes for the human, the expectation, the end of the run.
    assert.equal(r.report.steps, 1 + MAX_FREE_COMMANDS + 1 + 1 + 1);
  });

  test('without a callback the machine waits; input supplied later resumes it, and the future is recomputed', () => {
    const h = new History(initialState(program, 0));
    h.continue();
    assert.ok(awaitingInput(h.current));
    assert.ok(h.waiting);
    assert.equal(h.forward(), false, 'no step without input');
    h.supply('reply 5');
    h.continue();
    assert.equal(h.current.status, 'done');
    const expect = h.current.events!.next!.event;
    assert.ok(expect.kind === 'expect' && expect.passed);
  });
});

describe('transcripts', () => {
  test('the schema: each field checked, errors located by line', () => {
    const bad: [string, string][] = [
      ['{"reply": "x"}\nnot json', 'not valid JSON'],
      ['[1, 2]', 'each line must be a JSON object'],
      ['{"reply": "x", "mood": "happy"}', 'unknown field "mood"'],
      ['{"turn": -1, "reply": "x"}', '"turn" must be a whole number ≥ 0'],
      ['{"question": "q"}', 'give exactly one of "reply" and "commands"'],
      ['{"reply": "x", "commands": []}', 'give exactly one of "reply" and "commands"'],
      ['{"commands": ["view #1", 3]}', '"commands" must be an array of strings'],
    ];
    for (const [text, message] of bad) {
      const r = parseTranscript(text, 't.jsonl');
      assert.ok('error' in r, text);
      assert.equal(r.error.line, text.split('\n').length);
      assert.match(r.error.message, new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    }
    const ok = parseTranscript('\n{"reply": "x"}\n\n{"agent": "A", "turn": 2, "question": "q", "commands": ["reply y"]}\n', 't.jsonl');
    assert.ok('transcript' in ok);
    assert.deepEqual(ok.transcript.entries.map((e) => e.line), [2, 4]);
  });

  test('lookup by agent, turn and question; absent fields match anything', () => {
    const t = transcript('oracle.jsonl');
    const q = new Message(1, ['what is your name?']);
    assert.equal(findAnswer(t, 'Oracle', 0, q)?.reply, 'Ada');
    assert.equal(findAnswer(t, 'Oracle', 1, q)?.reply, 'I told you: Ada');
    assert.equal(findAnswer(t, 'Oracle', 2, q), undefined);
    assert.equal(findAnswer(t, 'Other', 0, q), undefined);
    assert.equal(findAnswer(t, 'Oracle', 0, new Message(2, ['who are you?'])), undefined);
  });

  test('a replay agent with no transcript loaded says so', () => {
    const program = compile(fixture('oracle.amp'), 'oracle.amp');
    const r = runNamed(program);
    assert.equal(r.report.asks[0].reply, 'error: no transcript is loaded for Oracle ("oracle.jsonl")');
  });

  test('--replay: the human answers from recorded commands', () => {
    const program = compile(fixture('human.amp'), 'human.amp');
    const r = runNamed(program, undefined, { env: { humanTranscript: transcript('human.jsonl') } });
    assert.equal(r.report.passed, true);
    assert.equal(r.report.asks[0].spent, 2);
  });

  test('recorded commands that never reply end in an error naming the transcript line', () => {
    const program = compile(fixture('human.amp'), 'human.amp');
    const parsed = parseTranscript('{"commands": ["view #1"]}\n', 'short.jsonl');
    assert.ok('transcript' in parsed);
    const r = runNamed(program, undefined, { env: { humanTranscript: parsed.transcript } });
    assert.equal(r.report.asks[0].reply, 'error: the recorded commands (short.jsonl:1) end without a reply');
  });

  test('a transcript with no answer for the question', () => {
    const program = compile(fixture('human.amp'), 'human.amp');
    const parsed = parseTranscript('{"question": "something else", "reply": "5"}\n', 'other.jsonl');
    assert.ok('transcript' in parsed);
    const r = runNamed(program, undefined, { env: { humanTranscript: parsed.transcript } });
    assert.equal(r.report.asks[0].reply, 'error: the transcript other.jsonl has no answer for human at turn 0 to "what is (2) plus (3)?"');
  });
});
