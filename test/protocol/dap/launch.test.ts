// Launching the debug adapter (`node dist/debug-adapter.js`): stopping on entry, one thread per run, line and column
// conventions, running without debugging, the trace, and every bad configuration ending the launch with a clear error
// (never a timeout). Also: malformed requests get error responses, and a failure inside the runtime ends the session
// with a message and an exit code.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { readTrace } from '../../../core/runtime/index';
import { ADAPTER, Dap, fixture, killAdapter, lineOf, ROOT } from './helpers';

const MIN = fixture('list-minimum.amp');

let dap: Dap | undefined;
afterEach(async () => {
  await dap?.close();
  dap = undefined;
});

describe('launch', () => {
  it('stops on entry at the first root question of the first run, with one thread per run', async () => {
    dap = await Dap.start();
    const init = await dap.launch({ program: MIN, stopOnEntry: true });
    assert.equal(init.body?.supportsStepBack, true);
    assert.deepEqual(
      init.body?.exceptionBreakpointFilters?.map((f) => f.filter),
      [
        'budgetExhausted', 'expectFailed', 'malformedReply', 'errorReply',
        'scarCreated', 'actRefused', 'vetoTripped', 'breachLevel1', 'breachLevel0',
        'zoneCritical', 'growthFrozen', 'rollback', 'modificationRejected',
      ],
    );
    await dap.request('configurationDone');
    const stop = await dap.stopped();
    assert.equal(stop.body.reason, 'entry');
    assert.equal(stop.body.threadId, 1);
    const threads = (await dap.request<DebugProtocol.ThreadsResponse>('threads')).body.threads;
    assert.deepEqual(
      threads.map((t) => t.name),
      ['run "the smallest of 7, 3 and 5"', 'run "the smallest of 4 and 9, written with sub-messages"', 'run "the empty list has no smallest element"'],
    );
    const frames = await dap.stack();
    assert.equal(frames.length, 1);
    assert.equal(frames[0].name, 'run "the smallest of 7, 3 and 5"');
    assert.equal(frames[0].line, lineOf(MIN, 'ask Min "what is the smallest element of [xs]?" budget 100'));
    assert.equal(frames[0].column, 3);
    assert.equal(frames[0].source?.path, MIN);
    assert.match(dap.output('console'), /Debugging .*list-minimum\.amp: runs "the smallest of 7, 3 and 5", .* \(cost model seed\)/);
  });

  it('debugs only the run named by "run"', async () => {
    dap = await Dap.start();
    await dap.begin({ program: MIN, run: 'the empty list has no smallest element', stopOnEntry: true });
    await dap.stopped();
    const threads = (await dap.request<DebugProtocol.ThreadsResponse>('threads')).body.threads;
    assert.deepEqual(threads, [{ id: 1, name: 'run "the empty list has no smallest element"' }]);
    assert.equal((await dap.top()).line, lineOf(MIN, 'ask Min "what is the smallest element of [empty]?"'));
  });

  it('runs every run to its end without stopping, reports each, and exits 0 when every expectation holds', async () => {
    dap = await Dap.start();
    await dap.begin({ program: MIN });
    const exited = await dap.next<DebugProtocol.ExitedEvent>('exited');
    await dap.next('terminated');
    assert.equal(exited.body.exitCode, 0);
    const out = dap.output();
    assert.match(out, /run "the smallest of 7, 3 and 5" ended after \d+ steps: passed/);
    assert.match(out, /run "the smallest of 4 and 9, written with sub-messages" ended after \d+ steps: passed/);
    assert.match(out, /expect reply "there is no smallest element of the empty list": passed/);
    assert.deepEqual(dap.pending('stopped'), []);
  });

  it('exits 1 when an expectation fails, with the failure in the console', async () => {
    dap = await Dap.start();
    await dap.begin({ program: fixture('budget.amp') });
    const exited = await dap.next<DebugProtocol.ExitedEvent>('exited');
    assert.equal(exited.body.exitCode, 1);
    assert.match(dap.output('stderr'), /expect reply "3": FAILED\n\s+actual: error: Min ran out of budget/);
  });

  it('ignores breakpoints and exception filters under noDebug', async () => {
    dap = await Dap.start();
    await dap.begin({ program: fixture('budget.amp'), noDebug: true, stopOnEntry: true }, { breakpoints: [{ line: lineOf(fixture('budget.amp'), 'view list as') }], exceptionFilters: ['budgetExhausted', 'expectFailed'] });
    await dap.next('terminated');
    assert.deepEqual(dap.pending('stopped'), []);
    assert.match(dap.output(), /without stopping/);
  });

  it('honours 0-based lines and columns when the client asks for them', async () => {
    dap = await Dap.start();
    await dap.request('initialize', { adapterID: 'amp', linesStartAt1: false, columnsStartAt1: false, pathFormat: 'path' });
    await dap.request('launch', { program: MIN });
    await dap.next('initialized');
    const line0 = lineOf(MIN, 'view list as') - 1;
    const bps = (await dap.request<DebugProtocol.SetBreakpointsResponse>('setBreakpoints', { source: { path: MIN }, breakpoints: [{ line: line0 }] })).body.breakpoints;
    assert.equal(bps[0].line, line0);
    assert.equal(bps[0].verified, true);
    await dap.request('configurationDone');
    const stop = await dap.stopped();
    assert.equal(stop.body.reason, 'breakpoint');
    const top = await dap.top();
    assert.equal(top.line, line0);
    assert.equal(top.column, 4);
  });

  it('writes the trace of every recorded step when the session ends, readable by the trace reader', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amp-dap-'));
    try {
      dap = await Dap.start();
      await dap.begin({ program: MIN, trace: join(dir, 'out.jsonl') });
      await dap.next('terminated');
      const read = readTrace(readFileSync(join(dir, 'out.jsonl'), 'utf8'));
      assert.ok('trace' in read, 'error' in read ? `line ${read.error.line}: ${read.error.message}` : '');
      assert.deepEqual(
        read.trace.runs.map((r) => [r.name, r.status]),
        [
          ['the smallest of 7, 3 and 5', 'done'],
          ['the smallest of 4 and 9, written with sub-messages', 'done'],
          ['the empty list has no smallest element', 'done'],
        ],
      );
      assert.ok(read.trace.runs[0].steps > 10);
      assert.match(dap.output(), /Trace written to .*out\.jsonl/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bad launch configurations end the launch with a clear error', () => {
  /** Launches, expects the launch to fail, and returns the error message (and the session's output). */
  async function failedLaunch(config: Record<string, unknown>): Promise<{ message: string; output: string }> {
    dap = await Dap.start();
    await dap.request('initialize', { adapterID: 'amp', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    const error = await dap.request('launch', config).then(
      () => assert.fail('the launch should have failed'),
      (e: Error) => e,
    );
    await dap.next('terminated');
    return { message: error.message, output: dap.output() };
  }

  it('a missing file', async () => {
    const { message } = await failedLaunch({ program: fixture('no-such-file.amp') });
    assert.match(message, /^Cannot launch: the program '.*no-such-file\.amp' does not exist/);
  });

  it('no program at all', async () => {
    const { message } = await failedLaunch({ stopOnEntry: true });
    assert.match(message, /has no "program": set it to the \.amp file to debug/);
  });

  it('an unknown run, listing the runs there are', async () => {
    const { message } = await failedLaunch({ program: MIN, run: 'the smalest of 7, 3 and 5' });
    assert.match(message, /has no run named "the smalest of 7, 3 and 5" \(did you mean "the smallest of 7, 3 and 5"\?\)/);
    assert.match(message, /Its runs: "the smallest of 7, 3 and 5", "the smallest of 4 and 9, written with sub-messages", "the empty list has no smallest element"\./);
  });

  it('a spec with errors, shown as `amp check` shows them, in the error and the console', async () => {
    const { message, output } = await failedLaunch({ program: fixture('errors.amp') });
    const line = lineOf(fixture('errors.amp'), 'reply "[lst]"');
    const diagnostic = `errors.amp:${line}:13: error AMP-N001: Undefined pointer [lst]`;
    assert.match(message, /^Cannot launch: .*errors\.amp has 1 error; fix it first\./);
    assert.ok(message.includes(diagnostic), message);
    assert.ok(output.includes(diagnostic), output);
    assert.match(output, /1 file checked: 1 error, 1 warning/);
  });

  it('a launch attribute of the wrong type', async () => {
    const { message } = await failedLaunch({ program: MIN, stopOnEntry: 'yes' });
    assert.equal(message, 'Cannot launch: the launch attribute "stopOnEntry" must be true or false (it is "yes").');
  });

  it('an unknown cost model', async () => {
    const { message } = await failedLaunch({ program: MIN, costModel: 'hch' });
    assert.match(message, /"costModel" must be one of "seed", "alba"/);
  });

  it('a replay transcript that does not exist', async () => {
    const { message } = await failedLaunch({ program: fixture('human.amp'), replay: 'test/protocol/dap/fixtures/missing.jsonl' });
    assert.match(message, /the replay transcript 'test\/protocol\/dap\/fixtures\/missing\.jsonl' does not exist/);
  });

  it('a trace in a folder that does not exist', async () => {
    const { message } = await failedLaunch({ program: MIN, trace: '/no/such/folder/trace.jsonl' });
    assert.match(message, /the trace '\/no\/such\/folder\/trace\.jsonl' cannot be written: its folder does not exist/);
  });

  it('an unknown attribute is a warning, and the launch goes on', async () => {
    dap = await Dap.start();
    await dap.begin({ program: MIN, stopOnEtnry: true, run: 'the empty list has no smallest element' });
    await dap.next('terminated');
    assert.match(dap.output('console'), /warning: unknown launch attribute "stopOnEtnry" is ignored \(did you mean "stopOnEntry"\?\)/);
  });
});

describe('robustness', () => {
  it('answers malformed requests with error responses', async () => {
    dap = await Dap.start();
    await dap.begin({ program: MIN, stopOnEntry: true });
    await dap.stopped();
    const message = (p: Promise<unknown>) =>
      p.then(
        () => assert.fail('the request should have failed'),
        (e: Error) => e.message,
      );
    assert.match(await message(dap.request('next', {})), /'threadId' must be a number/);
    assert.match(await message(dap.request('next', { threadId: 9 })), /there is no thread 9 \(threads: 1, 2, 3\)/);
    assert.match(await message(dap.request('variables', { variablesReference: 4242 })), /variables reference 4242 is not valid/);
    assert.match(await message(dap.request('scopes', { frameId: 'top' })), /'frameId' must be a number/);
    assert.match(await message(dap.request('evaluate', {})), /'expression' must be text/);
    assert.match(await message(dap.request('setBreakpoints', { breakpoints: [{ line: 3 }] })), /'source' must be an object/);
    assert.match(await message(dap.request('setBreakpoints', { source: { path: MIN }, breakpoints: [{ line: 'x' }] })), /each breakpoint needs a whole 'line'/);
    assert.match(await message(dap.request('setFunctionBreakpoints', { breakpoints: 'Min' })), /'breakpoints' must be a list/);
    assert.match(await message(dap.request('amp/doSomething', {})), /unknown request 'amp\/doSomething'/);
    assert.match(await message(dap.request('amp/goToStep', { step: -1 })), /'step' must be a whole number ≥ 0/);
    assert.match(await message(dap.request('exceptionInfo', { threadId: 1 })), /thread 1 is not stopped on an exception/);
    // The session still works.
    const stop = await dap.move('stepIn');
    assert.equal(stop.body.reason, 'step');
  });

  it('refuses requests that need a launched program before the launch', async () => {
    dap = await Dap.start();
    await dap.request('initialize', { adapterID: 'amp', pathFormat: 'path' });
    await assert.rejects(dap.request('stackTrace', { threadId: 1 }), /no program is running: launch one first/);
    await assert.rejects(dap.request('continue', { threadId: 1 }), /no program is running/);
  });

  it('ends the session with a message and exit code 2 when the runtime fails', async () => {
    const dc = new DebugClient(process.execPath, ADAPTER, 'amp', { cwd: ROOT, env: { ...process.env, AMP_DEBUG_ADAPTER_FAIL_AT_STEP: '5' } });
    await dc.start();
    try {
      const outputs: string[] = [];
      dc.on('output', (e: DebugProtocol.OutputEvent) => outputs.push(e.body.output));
      const exited = dc.waitForEvent('exited', 8000) as Promise<DebugProtocol.ExitedEvent>;
      const terminated = dc.waitForEvent('terminated', 8000);
      await dc.launch({ program: MIN } as DebugProtocol.LaunchRequestArguments);
      await dc.configurationDoneRequest();
      assert.equal((await exited).body.exitCode, 2);
      await terminated;
      assert.match(outputs.join(''), /The AMP debugger failed: injected failure at step 5\n/);
    } finally {
      killAdapter(dc);
    }
  });
});

after(async () => {
  await dap?.close();
});
