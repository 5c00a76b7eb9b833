// Stepping through DAP: step in (one operation, into a sub-agent), next (an ask runs its sub-agent to the reply), step
// out (until this agent replies), continue across runs, pause, and time travel: step back (the reverse of next),
// reverse continue, goToStep, goto targets, and stopping at the end of a run.

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Dap, fixture, lineOf, longRun } from './helpers';

const MIN = fixture('list-minimum.amp');
const XS = 'the smallest of 7, 3 and 5';
const HANDLER = 'Min: what is the smallest element of [list]?';
const RUN = `run "${XS}"`;
const L = {
  root: lineOf(MIN, '[xs]?" budget 100'),
  expect: lineOf(MIN, 'expect reply "3"'),
  runEnd: lineOf(MIN, '}', 'expect reply "3"'),
  viewList: lineOf(MIN, 'view list as'),
  viewRest: lineOf(MIN, 'view rest as'),
  replyHead: lineOf(MIN, 'reply "[head]"'),
  askMin: lineOf(MIN, 'let restMin = ask Min'),
  askCompare: lineOf(MIN, 'let smaller = ask Compare'),
  reply: lineOf(MIN, 'reply "[smaller]"'),
};

let dap: Dap | undefined;
afterEach(async () => {
  await dap?.close();
  dap = undefined;
});

async function atEntry(config: Record<string, unknown> = {}): Promise<Dap> {
  const d = await Dap.start();
  await d.begin({ program: MIN, run: XS, stopOnEntry: true, ...config });
  assert.equal((await d.stopped()).body.reason, 'entry');
  return d;
}

describe('stepping forward', () => {
  it('step in enters the sub-agent; next moves one operation in the same activation', async () => {
    dap = await atEntry();
    assert.equal((await dap.move('stepIn')).body.reason, 'step');
    assert.deepEqual(await dap.where(), [`${HANDLER}@${L.viewList}`, `${RUN}@${L.root}`]);
    await dap.move('next');
    assert.deepEqual(await dap.where(), [`${HANDLER}@${L.viewRest}`, `${RUN}@${L.root}`]);
    await dap.move('next');
    assert.deepEqual(await dap.where(), [`${HANDLER}@${L.askMin}`, `${RUN}@${L.root}`]);
    await dap.move('stepIn');
    assert.deepEqual(await dap.where(), [`${HANDLER}@${L.viewList}`, `${HANDLER}@${L.askMin}`, `${RUN}@${L.root}`]);
  });

  it('next over an ask runs the whole sub-agent to its reply', async () => {
    dap = await atEntry();
    await dap.move('stepIn');
    await dap.move('next');
    await dap.move('next');
    assert.equal((await dap.top()).line, L.askMin);
    await dap.move('next');
    assert.deepEqual(await dap.where(), [`${HANDLER}@${L.askCompare}`, `${RUN}@${L.root}`]);
    assert.equal((await dap.evaluate('restMin')).result, '"3"');
    await dap.move('next');
    assert.deepEqual(await dap.where(), [`${HANDLER}@${L.reply}`, `${RUN}@${L.root}`]);
    // Replying returns to the asker's next statement.
    await dap.move('next');
    assert.deepEqual(await dap.where(), [`${RUN}@${L.expect}`]);
  });

  it('next at the run frame runs the whole root question', async () => {
    dap = await atEntry();
    await dap.move('next');
    assert.deepEqual(await dap.where(), [`${RUN}@${L.expect}`]);
    const message = await dap.scope('Message');
    assert.equal(message.get('last reply')?.value, '"3"');
  });

  it('step out runs until this agent replies, and stops at the asker', async () => {
    dap = await atEntry();
    await dap.move('stepIn');
    await dap.move('next');
    await dap.move('next');
    await dap.move('stepIn');
    await dap.move('stepIn');
    assert.equal((await dap.stack()).length, 3);
    await dap.move('stepOut');
    assert.deepEqual(await dap.where(), [`${HANDLER}@${L.askCompare}`, `${RUN}@${L.root}`]);
    await dap.move('stepOut');
    assert.deepEqual(await dap.where(), [`${RUN}@${L.expect}`]);
    // Out of the run frame: to the end of the run, which is the end of the session here (its only run).
    await dap.request('stepOut', { threadId: 1 });
    assert.equal((await dap.next<DebugProtocol.ExitedEvent>('exited')).body.exitCode, 0);
    await dap.next('terminated');
  });

  it('stepping stops at breakpoints inside what it steps over', async () => {
    dap = await Dap.start();
    await dap.begin({ program: MIN, run: XS, stopOnEntry: true }, { breakpoints: [{ line: L.replyHead }] });
    await dap.stopped();
    const stop = await dap.move('next');
    assert.equal(stop.body.reason, 'breakpoint');
    assert.equal((await dap.stack()).length, 4);
    assert.equal((await dap.top()).line, L.replyHead);
  });

  it('instruction granularity is one step of the machine', async () => {
    dap = await atEntry();
    await dap.move('next', 1, { granularity: 'instruction' });
    assert.deepEqual(await dap.where(), [`${HANDLER}@${L.viewList}`, `${RUN}@${L.root}`]);
  });
});

describe('time travel', () => {
  it('step back is the reverse of next: it steps back over a whole sub-agent', async () => {
    dap = await atEntry();
    await dap.move('stepIn');
    await dap.move('next');
    await dap.move('next');
    await dap.move('next');
    assert.equal((await dap.top()).line, L.askCompare);
    assert.equal((await dap.move('stepBack')).body.reason, 'step');
    assert.deepEqual(await dap.where(), [`${HANDLER}@${L.askMin}`, `${RUN}@${L.root}`]);
    assert.equal((await dap.scope('Pointers')).get('restMin'), undefined);
    await dap.move('stepBack');
    assert.deepEqual(await dap.where(), [`${HANDLER}@${L.viewRest}`, `${RUN}@${L.root}`]);
    await dap.move('stepBack');
    await dap.move('stepBack');
    assert.deepEqual(await dap.where(), [`${RUN}@${L.root}`]);
    // At the start, stepping back stays there.
    assert.equal((await dap.move('stepBack')).body.reason, 'entry');
    // Forward again over the recorded states: the same places.
    await dap.move('stepIn');
    await dap.move('next');
    assert.deepEqual(await dap.where(), [`${HANDLER}@${L.viewRest}`, `${RUN}@${L.root}`]);
  });

  it('reverse continue goes back to the previous breakpoint hit, then to the start', async () => {
    dap = await Dap.start();
    await dap.begin({ program: MIN, run: XS }, { breakpoints: [{ line: L.askCompare }] });
    await dap.stopped();
    await dap.move('continue');
    assert.equal((await dap.stack()).length, 2);
    // The breakpoint was hit deeper first: reverse continue goes back there.
    const stop = await dap.move('reverseContinue');
    assert.equal(stop.body.reason, 'breakpoint');
    assert.equal((await dap.stack()).length, 3);
    assert.equal((await dap.top()).line, L.askCompare);
    const start = await dap.move('reverseContinue');
    assert.equal(start.body.reason, 'entry');
    assert.deepEqual(await dap.where(), [`${RUN}@${L.root}`]);
  });

  it('goToStep jumps to a recorded step, and runs forward to one not recorded yet', async () => {
    dap = await atEntry();
    await dap.move('stepIn');
    await dap.move('stepIn');
    const atTwo = await dap.where();
    await dap.move('stepIn');
    await dap.move('stepIn');
    // One run state per stop so far (entry and four steps), each sent right after its stop.
    for (let i = 0; i < 5; i++) await dap.next('amp/runState');
    const r = await dap.request<DebugProtocol.Response>('amp/goToStep', { threadId: 1, step: 2 });
    assert.deepEqual(r.body, { threadId: 1, step: 2, recorded: 5 });
    const stop = await dap.stopped();
    assert.equal(stop.body.reason, 'goto');
    assert.deepEqual(await dap.where(), atTwo);
    const state = await dap.next<DebugProtocol.Event>('amp/runState');
    assert.equal((state.body as { step: number; reason: string }).step, 2);
    assert.equal((state.body as { step: number; reason: string }).reason, 'goto');
    await dap.request('amp/goToStep', { step: 9 });
    assert.equal((await dap.stopped()).body.reason, 'goto');
    const runState = (await dap.request<DebugProtocol.Response>('amp/runState', { threadId: 1 })).body as { step: number; recorded: number };
    assert.equal(runState.step, 9);
    assert.equal(runState.recorded, 10);
    // Past the end of the run: it stops at the end, and the session goes on.
    await dap.request('amp/goToStep', { step: 1000 });
    const end = await dap.stopped();
    assert.equal(end.body.reason, 'end');
    assert.deepEqual(await dap.where(), [`${RUN}@${L.runEnd}`]);
    await dap.request('amp/goToStep', { step: 3 });
    assert.equal((await dap.stopped()).body.reason, 'goto');
  });

  it('goto targets list the recorded visits of a line, and goto jumps to one', async () => {
    dap = await Dap.start();
    await dap.begin({ program: MIN, run: XS }, { breakpoints: [{ line: L.reply }] });
    await dap.stopped();
    const targets = (await dap.request<DebugProtocol.GotoTargetsResponse>('gotoTargets', { source: { path: MIN }, line: L.viewList })).body.targets;
    assert.equal(targets.length, 3);
    assert.match(targets[0].label, /^step \d+: Min: what is the smallest element of \[list\]\?$/);
    await dap.request('goto', { threadId: 1, targetId: targets[2].id });
    assert.equal((await dap.stopped()).body.reason, 'goto');
    assert.deepEqual(await dap.where(), [`${HANDLER}@${L.viewList}`, `${RUN}@${L.root}`]);
  });

  it('stopAtEnd: stops when the run ends, so it can be stepped back over', async () => {
    dap = await Dap.start();
    await dap.begin({ program: MIN, run: XS, stopAtEnd: true });
    const end = await dap.stopped();
    assert.equal(end.body.reason, 'end');
    assert.deepEqual(await dap.where(), [`${RUN}@${L.runEnd}`]);
    const threads = (await dap.request<DebugProtocol.ThreadsResponse>('threads')).body.threads;
    assert.equal(threads[0].name, `run "${XS}" (ended)`);
    await dap.move('stepBack');
    assert.deepEqual(await dap.where(), [`${RUN}@${L.runEnd}`]);
    await dap.move('stepBack');
    assert.deepEqual(await dap.where(), [`${RUN}@${L.expect}`]);
    await dap.move('continue');
    await dap.request('continue', { threadId: 1 });
    await dap.next('terminated');
  });
});

describe('threads and pausing', () => {
  it('continue moves on to the next run when one ends', async () => {
    dap = await Dap.start();
    await dap.begin({ program: MIN }, { breakpoints: [{ line: lineOf(MIN, 'expect reply "4"') }] });
    const stop = await dap.stopped();
    assert.equal(stop.body.threadId, 2);
    assert.deepEqual(await dap.where(2), [`run "the smallest of 4 and 9, written with sub-messages"@${lineOf(MIN, 'expect reply "4"')}`]);
    assert.match(dap.output(), /run "the smallest of 7, 3 and 5" ended after \d+ steps: passed/);
    // The ended run is still there to look at.
    assert.deepEqual(await dap.where(1), [`${RUN}@${L.runEnd}`]);
  });

  it('pause stops a long run where it is', async () => {
    const long = longRun();
    try {
      dap = await Dap.start();
      await dap.begin({ program: long.file });
      await dap.request('pause', { threadId: 1 });
      const stop = await dap.stopped();
      assert.equal(stop.body.reason, 'pause');
      assert.ok((await dap.stack()).length >= 1);
      const state = (await dap.request<DebugProtocol.Response>('amp/runState', {})).body as { status: string; step: number };
      assert.equal(state.status, 'running');
      assert.ok(state.step > 0);
      assert.equal((await dap.move('stepIn')).body.reason, 'step');
    } finally {
      long.remove();
    }
  });
});
