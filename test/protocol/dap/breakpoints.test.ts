// Breakpoints through DAP: line breakpoints (verified, or moved to the nearest statement with a 'changed' event),
// function breakpoints on agents and handlers (and built-ins, which stop before the ask), conditions (and bad
// conditions reported, not crashing), hit counts, logpoints, and the exception filters.

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Dap, fixture, lineOf } from './helpers';

const MIN = fixture('list-minimum.amp');
const BUDGET = fixture('budget.amp');
const XS = 'the smallest of 7, 3 and 5';
const VIEW_LIST = lineOf(MIN, 'view list as');
const ASK_MIN = lineOf(MIN, 'let restMin = ask Min');
const ASK_COMPARE = lineOf(MIN, 'let smaller = ask Compare');

let dap: Dap | undefined;
afterEach(async () => {
  await dap?.close();
  dap = undefined;
});

/** The budget the top frame holds, read from the Budget scope. */
async function held(d: Dap): Promise<number> {
  return Number((await d.scope('Budget')).get('held')?.value);
}

describe('line breakpoints', () => {
  it('stops at a verified breakpoint, in each activation that reaches it', async () => {
    dap = await Dap.start();
    const { breakpoints } = await dap.begin({ program: MIN, run: XS }, { breakpoints: [{ line: ASK_COMPARE }] });
    assert.deepEqual(
      breakpoints.map((b) => [b.verified, b.line, b.message]),
      [[true, ASK_COMPARE, undefined]],
    );
    let stop = await dap.stopped();
    assert.equal(stop.body.reason, 'breakpoint');
    assert.deepEqual(stop.body.hitBreakpointIds, [breakpoints[0].id]);
    // The innermost Min that asks Compare is the second one (the third replies at once: one element left).
    assert.deepEqual(await dap.where(), [`Min: what is the smallest element of [list]?@${ASK_COMPARE}`, `Min: what is the smallest element of [list]?@${ASK_MIN}`, `run "${XS}"@${lineOf(MIN, '[xs]?" budget 100')}`]);
    stop = await dap.move('continue');
    assert.equal(stop.body.reason, 'breakpoint');
    assert.equal((await dap.stack()).length, 2);
    await dap.request('continue', { threadId: 1 });
    await dap.next('terminated');
  });

  it('moves a breakpoint on a line without a statement to the nearest one, and says so', async () => {
    dap = await Dap.start();
    await dap.launch({ program: MIN, run: XS });
    const comment = lineOf(MIN, '// One element left');
    const handlerLine = lineOf(MIN, 'on "what is the smallest element of [list]?" {');
    const blank = lineOf(MIN, 'agent Min {') - 1;
    const bps = await dap.setBreakpoints([{ line: comment }, { line: handlerLine }, { line: blank }]);
    assert.deepEqual(
      bps.map((b) => [b.verified, b.line]),
      [
        [true, lineOf(MIN, 'view rest as')],
        [true, VIEW_LIST],
        [true, VIEW_LIST],
      ],
    );
    assert.match(bps[0].message ?? '', new RegExp(`moved to line ${lineOf(MIN, 'view rest as')}, the nearest statement`));
    const changed = [await dap.next<DebugProtocol.BreakpointEvent>('breakpoint'), await dap.next<DebugProtocol.BreakpointEvent>('breakpoint'), await dap.next<DebugProtocol.BreakpointEvent>('breakpoint')];
    assert.deepEqual(
      changed.map((e) => [e.body.reason, e.body.breakpoint.id, e.body.breakpoint.line]),
      bps.map((b) => ['changed', b.id, b.line]),
    );
    await dap.request('configurationDone');
    const stop = await dap.stopped();
    assert.equal(stop.body.reason, 'breakpoint');
    assert.equal((await dap.top()).line, VIEW_LIST);
  });

  it('does not verify breakpoints in another file', async () => {
    dap = await Dap.start();
    await dap.launch({ program: MIN });
    const bps = await dap.setBreakpoints([{ line: 3 }], fixture('budget.amp'));
    assert.equal(bps[0].verified, false);
    assert.match(bps[0].message ?? '', /this session debugs .*list-minimum\.amp, not this file/);
  });

  it('lists the statements of a range as breakpoint locations', async () => {
    dap = await Dap.start();
    await dap.launch({ program: MIN });
    const from = lineOf(MIN, 'agent Min {');
    const to = lineOf(MIN, 'reply "[smaller]"');
    const r = await dap.request<DebugProtocol.BreakpointLocationsResponse>('breakpointLocations', { source: { path: MIN }, line: from, endLine: to });
    assert.deepEqual(
      r.body.breakpoints.map((b) => b.line),
      [VIEW_LIST, lineOf(MIN, 'reply "there is no smallest element'), lineOf(MIN, 'view rest as'), lineOf(MIN, 'reply "[head]"'), ASK_MIN, ASK_COMPARE, to],
    );
  });
});

describe('conditions, hit counts and logpoints', () => {
  it('stops only where the condition holds (budget comparisons)', async () => {
    dap = await Dap.start();
    await dap.begin({ program: MIN, run: XS }, { breakpoints: [{ line: VIEW_LIST, condition: 'budget < 96' }] });
    const stop = await dap.stopped();
    assert.equal(stop.body.reason, 'breakpoint');
    // Min gets 100, pays two views, and hands on all it has left but the send: 97; that copy hands on 94.
    assert.equal(await held(dap), 94);
    assert.equal((await dap.stack()).length, 4);
  });

  it('conditions on pointers: their text, their presence, and and/or/not', async () => {
    dap = await Dap.start();
    const line = lineOf(MIN, 'view rest as');
    await dap.begin({ program: MIN, run: XS }, { breakpoints: [{ line, condition: '[head] == "3" and not ([head] contains "7")' }] });
    await dap.stopped();
    assert.equal((await dap.evaluate('head')).result, '"3"');
    assert.equal((await dap.evaluate('depth')).result, '2');
    assert.equal((await dap.evaluate('[head] == "3" or budget > 1000')).result, 'true');
  });

  it('reports a bad condition on the breakpoint instead of failing', async () => {
    dap = await Dap.start();
    await dap.launch({ program: MIN, run: XS });
    const bps = await dap.setBreakpoints([
      { line: VIEW_LIST, condition: 'budget <' },
      { line: VIEW_LIST, condition: 'lst == "x"' },
      { line: VIEW_LIST, condition: 'budget == "many"' },
      { line: ASK_MIN, hitCondition: 'often' },
      { line: ASK_COMPARE, logMessage: 'head is {head' },
    ]);
    assert.deepEqual(
      bps.map((b) => b.verified),
      [false, false, false, false, false],
    );
    assert.match(bps[0].message ?? '', /^bad condition: column 9: expected a number, a "text", a pointer or a name at the end$/);
    assert.match(bps[1].message ?? '', /^bad condition: column 1: no pointer named 'lst' can be bound here \(pointers: .*\blist\b.*\)/);
    assert.match(bps[2].message ?? '', /^bad condition: column 8: '==' cannot compare a number with text$/);
    assert.match(bps[3].message ?? '', /^bad hit count: 'often' is not a hit count/);
    assert.match(bps[4].message ?? '', /^bad log message: column 9: '\{' is never closed/);
    await dap.request('configurationDone');
    await dap.next('terminated');
    assert.deepEqual(dap.pending('stopped'), []);
  });

  it('stops on the Nth hit only', async () => {
    dap = await Dap.start();
    await dap.begin({ program: MIN, run: XS }, { breakpoints: [{ line: VIEW_LIST, hitCondition: '2' }] });
    await dap.stopped();
    assert.equal((await dap.stack()).length, 3);
    await dap.request('continue', { threadId: 1 });
    await dap.next('terminated');
    assert.deepEqual(dap.pending('stopped'), []);
  });

  it('stops on every hit from the Nth with >=', async () => {
    dap = await Dap.start();
    await dap.begin({ program: MIN, run: XS }, { breakpoints: [{ line: VIEW_LIST, hitCondition: '>= 2' }] });
    await dap.stopped();
    assert.equal((await dap.stack()).length, 3);
    await dap.move('continue');
    assert.equal((await dap.stack()).length, 4);
  });

  it('logs with {pointer} interpolation and does not stop', async () => {
    dap = await Dap.start();
    await dap.begin({ program: MIN, run: XS }, { breakpoints: [{ line: lineOf(MIN, 'view rest as'), logMessage: 'Min has {budget} and head {head}; {{braces}}' }] });
    await dap.next('terminated');
    assert.deepEqual(dap.pending('stopped'), []);
    const logged = dap.outputs.filter((o) => o.output.startsWith('Min has'));
    assert.deepEqual(
      logged.map((o) => o.output),
      ['Min has 99 and head 7; {braces}\n', 'Min has 96 and head 3; {braces}\n', 'Min has 93 and head 5; {braces}\n'],
    );
  });
});

describe('function breakpoints', () => {
  it('stops at the first statement of each activation of an agent, and of one handler by its template', async () => {
    dap = await Dap.start();
    const { functionBreakpoints } = await dap.begin({ program: MIN, run: XS }, { functionBreakpoints: [{ name: 'Min: what is the smallest…' }] });
    assert.deepEqual(
      functionBreakpoints.map((b) => b.verified),
      [true],
    );
    const stop = await dap.stopped();
    assert.equal(stop.body.reason, 'function breakpoint');
    assert.deepEqual(await dap.where(), [`Min: what is the smallest element of [list]?@${VIEW_LIST}`, `run "${XS}"@${lineOf(MIN, '[xs]?" budget 100')}`]);
    await dap.move('continue');
    assert.equal((await dap.stack()).length, 3);
  });

  it('stops before an ask to a built-in agent, with a condition in the asking frame', async () => {
    dap = await Dap.start();
    await dap.begin({ program: MIN, run: XS }, { functionBreakpoints: [{ name: 'Compare', condition: '[head] == "7"' }] });
    const stop = await dap.stopped();
    assert.equal(stop.body.reason, 'function breakpoint');
    const top = await dap.top();
    assert.equal(top.line, ASK_COMPARE);
    assert.equal((await dap.evaluate('head')).result, '"7"');
    // The ask has not happened yet: stepping over it runs Compare.
    await dap.move('next');
    assert.equal((await dap.top()).line, lineOf(MIN, 'reply "[smaller]"'));
    assert.equal((await dap.evaluate('smaller')).result, '"3"');
  });

  it('reports names that match nothing', async () => {
    dap = await Dap.start();
    await dap.launch({ program: MIN });
    const r = await dap.request<DebugProtocol.SetFunctionBreakpointsResponse>('setFunctionBreakpoints', {
      breakpoints: [{ name: 'Mni' }, { name: 'Min: how big is' }, { name: 'Compare: which is smaller' }, { name: 'Min', condition: 'budget >' }],
    });
    assert.deepEqual(
      r.body.breakpoints.map((b) => [b.verified, b.message]),
      [
        [false, 'there is no agent named Mni (did you mean Min?)'],
        [false, 'Min has no handler starting "how big is" (its handlers: "what is the smallest element of [list]?")'],
        [false, 'Compare is a built-in agent without handlers: break on "Compare" to stop at every ask to it'],
        [false, 'bad condition: column 9: expected a number, a "text", a pointer or a name at the end'],
      ],
    );
  });
});

describe('exception filters', () => {
  it('budget exhausted: stops before the forced reply, at the operation the agent cannot pay for', async () => {
    dap = await Dap.start();
    await dap.begin({ program: BUDGET }, { exceptionFilters: ['budgetExhausted'] });
    // The copy asked about the rest of the list got nothing: it cannot pay for its first view.
    let stop = await dap.stopped();
    assert.equal(stop.body.reason, 'exception');
    assert.equal(stop.body.description, 'Budget exhausted: Min ran out of budget: it needed 1 to view [list] and has 0 left');
    assert.equal((await dap.top()).line, lineOf(BUDGET, 'view list as'));
    assert.equal((await dap.stack()).length, 3);
    assert.equal(await held(dap), 0);
    const info = (await dap.request<DebugProtocol.ExceptionInfoResponse>('exceptionInfo', { threadId: 1 })).body;
    assert.equal(info.exceptionId, 'budgetExhausted');
    assert.equal(info.breakMode, 'always');
    assert.match(info.details?.message ?? '', /needed 1 to view \[list\]; the runtime replies for it/);
    // Continuing lets that forced reply happen; then its asker, with nothing left either, cannot ask Compare.
    stop = await dap.move('continue');
    assert.equal(stop.body.reason, 'exception');
    assert.equal(stop.body.description, 'Budget exhausted: Min ran out of budget: it needed 1 to ask Compare and has 0 left');
    assert.equal((await dap.top()).line, lineOf(BUDGET, 'let smaller = ask Compare'));
    await dap.request('continue', { threadId: 1 });
    await dap.next('terminated');
    assert.deepEqual(dap.pending('stopped'), []);
  });

  it('expectation failed: stops at the expect that does not hold, with the actual reply', async () => {
    dap = await Dap.start();
    await dap.begin({ program: BUDGET }, { exceptionFilters: ['expectFailed'] });
    const stop = await dap.stopped();
    assert.equal(stop.body.reason, 'exception');
    assert.equal(stop.body.description, 'Expectation failed: expect reply "3", the reply is "error: Min ran out of budget: it needed 1 to ask Compare and has 0 left"');
    assert.equal((await dap.top()).line, lineOf(BUDGET, 'expect reply "3"'));
    assert.match(dap.output('stderr'), /expect reply "3" does not hold\n\s+actual: error: Min ran out of budget/);
  });

  it('malformed reply: stops before the meta-executor gives up on a reply it cannot parse', async () => {
    dap = await Dap.start();
    await dap.begin({ program: fixture('meta.amp'), meta: true }, { exceptionFilters: ['malformedReply'] });
    const stop = await dap.stopped();
    assert.equal(stop.body.reason, 'exception');
    assert.match(stop.body.description ?? '', /^Malformed reply: asked "is \(hi\) empty\?" 3 times and never got yes or no \(last reply: "perhaps"\)/);
  });

  it('no filter, no stop', async () => {
    dap = await Dap.start();
    await dap.begin({ program: BUDGET }, { exceptionFilters: [] });
    await dap.next('terminated');
    assert.deepEqual(dap.pending('stopped'), []);
  });
});
