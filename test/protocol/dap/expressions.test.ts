// The debugger's expression language on its own (in process): what conditions, logpoints and the console accept,
// how they evaluate over a frame, the errors bad ones get, and hit counts. The protocol tests show the same through DAP.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  evaluate, formatResult, hitMatches, parseExpression, parseHitCondition, parseLogMessage, renderLogMessage, truthy, type Expr, type Scope,
} from '../../../debug-adapter/expressions';

const scope: Scope = {
  number: (name) => ({ budget: 7, held: 7, allotted: 20, spent: 3, delegated: 10, depth: 2, step: 41, turn: 1, activation: 5 })[name],
  string: (name) => ({ agent: 'Min', handler: 'what is the smallest element of [list]?' })[name],
  pointer: (name) => ({ head: '3', list: 'the list with first element (3) and remaining elements (the empty list)', '#1': '12' } as Record<string, string>)[name],
};

function expr(src: string, known?: ReadonlySet<string>): Expr {
  const r = parseExpression(src, known);
  if ('error' in r) assert.fail(`${src}: ${r.error}`);
  return r.expr;
}

function value(src: string): string {
  return formatResult(evaluate(expr(src), scope));
}

function error(src: string, known?: ReadonlySet<string>): string {
  const r = parseExpression(src, known);
  assert.ok('error' in r, `${src} should not parse`);
  return r.error;
}

describe('expressions', () => {
  it('compares the numbers of a frame', () => {
    assert.equal(value('budget < 10'), 'true');
    assert.equal(value('budget <= 6'), 'false');
    assert.equal(value('spent'), '3');
    assert.equal(value('depth == 2 && step > 40'), 'true');
    assert.equal(value('allotted != 20 || turn = 1'), 'true');
    assert.equal(value('activation >= -1'), 'true');
  });

  it('compares pointers as text, as expect reply compares messages, and as numbers when they are numbers', () => {
    assert.equal(value('[head] == "3"'), 'true');
    assert.equal(value('head == 3'), 'true');
    assert.equal(value('head < 4'), 'true');
    assert.equal(value('[list] == "the list with first element ( 3 ) and  remaining elements (the empty list)"'), 'true');
    assert.equal(value('list contains "empty"'), 'true');
    assert.equal(value('list < 4'), 'false', 'a message that is not a number is never less than one');
    assert.equal(value('#1 > 10'), 'true');
    assert.equal(value('agent == "Min" and handler contains "smallest"'), 'true');
  });

  it('treats a pointer alone as "is it bound"', () => {
    assert.equal(truthy(evaluate(expr('[head]'), scope)), true);
    assert.equal(truthy(evaluate(expr('[rest]'), scope)), false);
    assert.equal(value('not [rest] and [head]'), 'true');
    assert.equal(value('[rest] == "x"'), 'false');
    assert.equal(value('[rest] != "x"'), 'true');
    assert.equal(value('rest'), '<rest: not bound>');
  });

  it('reports mistakes with the column', () => {
    assert.equal(error(''), 'the expression is empty');
    assert.equal(error('budget <'), 'column 9: expected a number, a "text", a pointer or a name at the end');
    assert.equal(error('budget < "five"'), "column 8: '<' compares numbers; \"five\" is text");
    assert.equal(error('agent == 3'), "column 7: '==' cannot compare a number with text");
    assert.equal(error('budget contains "1"'), "column 8: 'contains' looks for text in text: both sides must be text or pointers");
    assert.equal(error('(budget < 3) == (spent < 2)'), "column 14: '==' compares values, not conditions (use parentheses and 'and'/'or')");
    assert.equal(error('[head'), 'column 1: a pointer is written [name], with one name inside the brackets');
    assert.equal(error('"open'), 'column 1: the text ""open" has no closing quote');
    assert.equal(error('budget ; 3'), "column 8: unexpected ';'");
    assert.equal(error('(budget < 3'), "column 12: expected ')' at the end");
    assert.equal(error('budget 3'), "column 8: unexpected '3'");
  });

  it('checks pointer names against the bindings a breakpoint can see', () => {
    const known = new Set(['list', 'head', 'rest']);
    assert.doesNotThrow(() => expr('[head] == "3" and budget < 4', known));
    assert.equal(error('hed == "3"', known), "column 1: no pointer named 'hed' can be bound here (pointers: head, list, rest; names: budget, held, allotted, spent, delegated, depth, step, turn, activation, agent, handler)");
  });
});

describe('logpoints', () => {
  it('interpolates {expressions} and keeps {{ }} as braces', () => {
    const r = parseLogMessage('{agent} at depth {depth}: head={head}, small={head < 5} {{literal}}');
    assert.ok('template' in r);
    assert.equal(renderLogMessage(r.template, scope), 'Min at depth 2: head=3, small=true {literal}');
  });

  it('reports an unclosed brace, a stray one and a bad expression', () => {
    assert.deepEqual(parseLogMessage('x {head'), { error: "column 3: '{' is never closed (write {{ for a literal brace)" });
    assert.deepEqual(parseLogMessage('x } y'), { error: "column 3: '}' without '{' (write }} for a literal brace)" });
    assert.deepEqual(parseLogMessage('{budget <}'), { error: 'in {budget <}: column 9: expected a number, a "text", a pointer or a name at the end' });
  });
});

describe('hit counts', () => {
  it('N is the Nth hit only; the operators compare the count; % N is every Nth', () => {
    const hits = (src: string) => {
      const r = parseHitCondition(src);
      assert.ok('hit' in r, src);
      return [1, 2, 3, 4, 5, 6].filter((n) => hitMatches(r.hit, n));
    };
    assert.deepEqual(hits('3'), [3]);
    assert.deepEqual(hits('= 3'), [3]);
    assert.deepEqual(hits('==3'), [3]);
    assert.deepEqual(hits('>= 5'), [5, 6]);
    assert.deepEqual(hits('> 5'), [6]);
    assert.deepEqual(hits('< 3'), [1, 2]);
    assert.deepEqual(hits('<= 1'), [1]);
    assert.deepEqual(hits('% 2'), [2, 4, 6]);
  });

  it('rejects what is not a count', () => {
    assert.match((parseHitCondition('twice') as { error: string }).error, /^'twice' is not a hit count/);
    assert.deepEqual(parseHitCondition('% 0'), { error: "'% 0' would never stop: the modulus must be at least 1" });
    assert.match((parseHitCondition('-1') as { error: string }).error, /is not a hit count/);
  });
});
