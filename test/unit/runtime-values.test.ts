// Run-time messages and templates: normalisation, rendering, matching with bindings (pointers, text, sub-messages),
// `view … as … else`, the built-in agents, and how `expect reply` compares replies.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { builtinTemplateParts } from '../../core/check/builtins';
import { compileTemplate, matchTemplate, type Bound } from '../../core/runtime/template';
import { canonical, Message, normalizeParts, renderText, sameValue, type Part } from '../../core/runtime/values';
import { compile, runNamed } from '../fixtures/runtime/harness';

let nextId = 1000;
const msg = (...parts: Part[]) => new Message(nextId++, normalizeParts(parts));
const template = (text: string) => compileTemplate(builtinTemplateParts(text), text);

function match(t: string, m: Message): Bound[] | undefined {
  const out: Bound[] = [];
  return matchTemplate(template(t), m, out) ? out : undefined;
}

describe('messages', () => {
  test('text is normalised when a message is built: spaces collapsed, ends trimmed, adjacent text merged', () => {
    const m = msg('  the   list ', 'with\n\tfirst ', '');
    assert.deepEqual(m.parts, ['the list with first']);
    const seven = msg('7');
    assert.deepEqual(msg(' (', seven, ') ').parts, ['(', seven, ')']);
  });

  test('rendering writes pointers as sub-messages in parentheses', () => {
    const inner = msg('the empty list');
    const m = msg('the list with first element ', msg('3'), ' and remaining elements ', inner);
    assert.equal(renderText(m), 'the list with first element (3) and remaining elements (the empty list)');
  });

  test('rendering a DAG that shares a sub-tree is cut at the limit, not exponential', () => {
    let m = msg('x');
    for (let i = 0; i < 60; i++) m = msg(m, ' and ', m);
    const text = renderText(m, 10_000);
    assert.ok(text.length <= 10_001 && text.endsWith('…'));
  });

  test('values compare as message trees: a pointer and a sub-message with the same content are the same', () => {
    assert.ok(sameValue(msg('the pair ', msg('hello')), msg('the   pair (hello)')));
    assert.ok(!sameValue(msg('the pair ', msg('hello')), msg('the pair hello')));
    assert.equal(canonical('  a ( b )  c '), 'a (b) c');
  });
});

describe('templates', () => {
  test('a hole binds a pointer', () => {
    const head = msg('7');
    const rest = msg('the empty list');
    const b = match('the list with first element [head] and remaining elements [rest]', msg('the list with first element ', head, ' and remaining elements ', rest));
    assert.ok(b);
    assert.equal(b[0], head);
    assert.equal(b[1], rest);
  });

  test('a hole binds a run of text, trimmed, shortest first', () => {
    assert.deepEqual(match('what is [a] plus [b]?', msg('what is 2 plus 3?')), ['2', '3']);
    assert.deepEqual(match('[a] and [b]', msg('x and y and z')), ['x', 'y and z']);
  });

  test('spacing does not matter', () => {
    assert.ok(match('is [a]   less than [b]?', msg('is   ', msg('1'), ' less   than ', msg('2'), '?')));
  });

  test('a sub-message in a template matches a pointer to a message of that shape, binding inside it', () => {
    const t = compileTemplate(
      [{ kind: 'text', text: 'the pair ', start: 0, end: 0 }, { kind: 'sub', parts: [{ kind: 'text', text: 'left ', start: 0, end: 0 }, { kind: 'pointer', name: { text: 'l', start: 0, end: 0 }, node: undefined as never }], node: undefined as never }],
      'the pair (left [l])',
    );
    const l = msg('L');
    const out: Bound[] = [];
    assert.ok(matchTemplate(t, msg('the pair ', msg('left ', l)), out));
    assert.equal(out[0], l);
    assert.ok(!matchTemplate(t, msg('the pair ', msg('right ', l)), []));
  });

  test('no match: different text, a missing part, extra text', () => {
    assert.equal(match('is [a] zero?', msg('is 3 one?')), undefined);
    assert.equal(match('is [a] zero?', msg('is zero?')), undefined);
    assert.equal(match('yes', msg('yes indeed')), undefined);
    assert.ok(match('yes', msg('  yes ')));
  });
});

describe('view … as … else in a run', () => {
  const program = compile(`
message cell = "the list with first element (7) and remaining elements (the empty list)"
message nothing = "the empty list"

agent Head {
  on "the head of [list]" {
    view list as "the list with first element [head] and remaining elements [_rest]" else {
      reply "no head"
    }
    reply "the head is [head]"
  }
}

agent Strict {
  on "strictly the head of [list]" {
    view list as "the list with first element [head] and remaining elements [_rest]"
    reply "[head]"
  }
}

run "a cell" {
  ask Head "the head of [cell]" budget 5
  expect reply "the head is (7)"
}
run "the empty list" {
  ask Head "the head of [nothing]" budget 5
  expect reply "no head"
}
run "no else" {
  ask Strict "strictly the head of [nothing]" budget 5
  expect error "does not match"
}
`);

  test('a match binds the holes for the statements after the view', () => {
    const r = runNamed(program, 'a cell');
    assert.equal(r.report.passed, true);
    const view = r.events.find((e) => e.kind === 'view');
    assert.ok(view && view.kind === 'view' && view.matched === true && view.cost === 1);
  });

  test('no match runs the else block instead', () => {
    assert.equal(runNamed(program, 'the empty list').report.passed, true);
  });

  test('no match and no else block: an error reply', () => {
    assert.equal(runNamed(program, 'no else').report.passed, true);
  });
});

describe('built-in agents', () => {
  const program = compile(`
message seven = "7"
message three = "3"
message word = "hi you"
message twelve = "12"
message bad = "seven"

run "smaller" {
  ask Compare "which is smaller, [seven] or [three]?" budget 1
  expect reply "3"
  ask Compare "which is larger, [seven] or [three]?" budget 1
  expect reply "7"
  ask Compare "is [seven] less than [three]?" budget 1
  expect reply "no"
  ask Compare "which is smaller, [bad] or [three]?" budget 1
  expect error "is not a number"
}
run "add and equal" {
  ask Add "what is [seven] plus [three]?" budget 1
  expect reply "10"
  ask Add "what is 1.5 plus 2?" budget 1
  expect reply "3.5"
  ask Equal "is [seven] equal to (7)?" budget 1
  expect reply "yes"
  ask Equal "is [seven] equal to [three]?" budget 1
  expect reply "no"
}
run "strings" {
  ask Strings "what is the first character of [word]?" budget 1
  expect reply "h"
  ask Strings "what is [word] without its first character?" budget 1
  expect reply "i you"
  ask Strings "what is the ASCII code of (A)?" budget 1
  expect reply "65"
  ask Strings "is [word] empty?" budget 1
  expect reply "no"
  ask Strings "what is the ASCII code of [word]?" budget 1
  expect error "is not one character"
}
run "numbers" {
  ask Numbers "is [twelve] zero?" budget 1
  expect reply "no"
  ask Numbers "is [twelve] even or odd?" budget 1
  expect reply "even"
  ask Numbers "what is half of [twelve]?" budget 1
  expect reply "6"
  ask Numbers "what is half of [bad]?" budget 1
  expect error "is not a whole number"
}
`);

  for (const run of ['smaller', 'add and equal', 'strings', 'numbers']) {
    test(run, () => {
      const r = runNamed(program, run);
      assert.deepEqual(r.report.expects.filter((e) => !e.passed), []);
      assert.equal(r.report.passed, true);
    });
  }

  test('Compare replies with the smaller message itself, by reference', () => {
    const r = runNamed(program, 'smaller');
    const reply = r.events.find((e) => e.kind === 'reply' && e.to === 0);
    assert.ok(reply && reply.kind === 'reply');
    assert.equal(reply.message, program.messages.get('three'));
  });

  test('a built-in answers within the ask: one step, nothing spent under seed, 1 under alba', () => {
    const seed = runNamed(program, 'smaller', { costModel: 'seed' });
    const alba = runNamed(program, 'smaller', { costModel: 'alba' });
    assert.equal(seed.report.asks[0].spent, 0);
    assert.equal(alba.report.asks[0].spent, 1);
    // 4 asks and 4 expects, plus the end of the run.
    assert.equal(seed.report.steps, 9);
  });
});

describe('expect reply compares message trees', () => {
  test('a pointer in the reply stands for its message, written as a sub-message; spacing does not count', () => {
    const program = compile(`
message empty = "the empty list"
agent Cons {
  on "put [x] in front of [list]" {
    reply "the list with first element [x]   and remaining elements [list]"
  }
}
run "cons" {
  ask Cons "put (3) in front of [empty]" budget 2
  expect reply "the list with first element (3) and remaining elements (the empty list)"
}
run "wrong" {
  ask Cons "put (3) in front of [empty]" budget 2
  expect reply "the list with first element 3 and remaining elements (the empty list)"
}
`);
    assert.equal(runNamed(program, 'cons').report.passed, true);
    const wrong = runNamed(program, 'wrong');
    assert.equal(wrong.report.passed, false);
    assert.equal(wrong.report.expects[0].actual, 'the list with first element (3) and remaining elements (the empty list)');
  });

  test('an expectation before any root question fails and says why', () => {
    const program = compile(`
agent Echo {
  on "echo [m]" {
    reply "[m]"
  }
}
run "too early" {
  expect reply "x"
  ask Echo "echo (x)" budget 2
}
`);
    const r = runNamed(program);
    assert.equal(r.report.passed, false);
    assert.match(r.report.expects[0].reason ?? '', /no root question/);
  });
});
