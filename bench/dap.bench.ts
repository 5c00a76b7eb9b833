// `npm run bench`: DAP round-trip latency of the debug adapter (`node dist/debug-adapter.js`, driven by
// @vscode/debugadapter-testsupport's DebugClient) on a large HCH merge sort: from sending `next` or `stepBack` to the
// stop it causes (the response, the stopped event and the run state the views read), p50 and p95 over 250 requests
// each, deep in a run of tens of thousands of steps; plus the whole stop cycle an editor goes through (the step, then
// the stack, the scopes and the first scope's variables), and how fast the adapter runs forward while recording every
// state; and `next` / `stepBack` on a self-modification run of thousands of cycles (the sample's declaration with more
// cycles), whose run state carries the C_L4 history. Prints JSON lines {name, value, unit}. Goal: p95 ≤ 20 ms.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { RunStateJson } from '../debug-adapter/run-state';
import { Dap } from '../test/protocol/dap/helpers';
import { mergeSortSpec } from './runtime.bench';
import { emit, percentile } from './figures';

const SIZE = Number(process.env.AMP_BENCH_DAP_SORT_SIZE ?? 300);
const REQUESTS = 250;
/** Where the measurements start: this deep into the run, so the history and the message trees are large. */
const START_STEP = 12_000;

function numbers(n: number): number[] {
  let x = 12345;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % 1000;
  });
}

/** Sends a stepping request and waits for its stopped event and run state; returns the milliseconds it took. */
async function roundTrip(dap: Dap, command: string, args: object): Promise<{ ms: number; stop: DebugProtocol.StoppedEvent; state: RunStateJson }> {
  const t0 = performance.now();
  await dap.request(command, args);
  const stop = await dap.stopped(60_000);
  const state = (await dap.next<DebugProtocol.Event>('amp/runState', 60_000)).body as RunStateJson;
  return { ms: performance.now() - t0, stop, state };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'amp-dap-bench-'));
  const file = join(dir, 'merge-sort.amp');
  writeFileSync(file, mergeSortSpec(numbers(SIZE)));
  const dap = await Dap.start();
  try {
    // stopAtEnd: a jump past the end of the run stops there instead of ending the session.
    await dap.begin({ program: file, stopOnEntry: true, stopAtEnd: true });
    await dap.stopped(60_000);
    await dap.next('amp/runState');
    // Run forward to the starting point (recording every state on the way), then measure from there.
    const t0 = performance.now();
    await dap.request('amp/goToStep', { threadId: 1, step: START_STEP }, 120_000);
    await dap.stopped(120_000);
    await dap.next('amp/runState');
    emit('dap run forward with full history (goToStep)', START_STEP / ((performance.now() - t0) / 1000), 'steps/s');

    /** Where the thread is: its step and stack depth (from the run state the last stop sent). */
    let at = { step: START_STEP, depth: 0, reason: 'goto' };
    const track = (state: RunStateJson, reason: string) => (at = { step: state.step, depth: state.frames.length, reason });
    /**
     * Keeps the measurements deep in the run: `next` climbs out of the recursion as activations reply, and `stepBack`
     * walks towards the start, so when the stack gets shallow the thread jumps (unmeasured) to a deeper step.
     */
    const redeep = async (forward: boolean): Promise<void> => {
      if (at.depth > 4 && at.reason !== 'entry' && at.reason !== 'end') return;
      const step = at.reason === 'end' ? START_STEP : forward ? at.step + 700 : Math.max(START_STEP / 2, at.step - 700);
      await dap.request('amp/goToStep', { threadId: 1, step }, 120_000);
      const stop = await dap.stopped(120_000);
      track((await dap.next<DebugProtocol.Event>('amp/runState', 120_000)).body as RunStateJson, stop.body.reason);
    };
    const measure = async (name: string, command: string, args: object, forward: boolean): Promise<void> => {
      const samples: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        await redeep(forward);
        const r = await roundTrip(dap, command, args);
        samples.push(r.ms);
        track(r.state, r.stop.body.reason);
      }
      emit(`dap ${name} round trip p50`, percentile(samples, 50), 'ms');
      emit(`dap ${name} round trip p95`, percentile(samples, 95), 'ms');
    };
    await measure('next', 'next', { threadId: 1 }, true);
    await measure('stepBack', 'stepBack', { threadId: 1 }, false);
    await measure('next (one machine step)', 'next', { threadId: 1, granularity: 'instruction' }, true);

    // The stop cycle of an editor: step, then the stack (20 frames), the scopes and the variables of the first one.
    const cycle: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t0 = performance.now();
      await redeep(true);
      track((await roundTrip(dap, i % 2 ? 'stepBack' : 'next', { threadId: 1 })).state, 'step');
      const frames = (await dap.request<DebugProtocol.StackTraceResponse>('stackTrace', { threadId: 1, startFrame: 0, levels: 20 })).body.stackFrames;
      const scopes = await dap.scopes(frames[0].id);
      await dap.variables(scopes[0].variablesReference);
      cycle.push(performance.now() - t0);
    }
    emit('dap stop cycle (step, stack, scopes, variables) p95', percentile(cycle, 95), 'ms');
    const state = (await dap.request<DebugProtocol.Response>('amp/runState', { threadId: 1 })).body as { recorded: number; frames: unknown[] };
    emit('dap bench run: recorded states', state.recorded, 'states');
    emit('dap bench run: stack depth at the end', state.frames.length, 'frames');
  } finally {
    await dap.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `next` and `stepBack` on a self-modification thread deep in a long simulation (3,000 cycles). */
async function selfmodBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'amp-dap-bench-'));
  const file = join(dir, 'self-modification.amp');
  const sample = readFileSync(join(__dirname, '..', 'samples', 'self-modification.amp'), 'utf8');
  writeFileSync(file, sample.replace(/cycles 120/, 'cycles 3000'));
  const dap = await Dap.start();
  try {
    await dap.begin({ program: file, stopOnEntry: true, stopAtEnd: true });
    await dap.stopped(60_000);
    await dap.next('amp/runState');
    const t0 = performance.now();
    const start = 2500;
    await dap.request('amp/goToStep', { threadId: 1, step: start }, 120_000);
    await dap.stopped(120_000);
    await dap.next('amp/runState');
    emit('dap selfmod run forward with full history (goToStep)', start / ((performance.now() - t0) / 1000), 'transitions/s');
    for (const command of ['next', 'stepBack']) {
      const samples: number[] = [];
      for (let i = 0; i < REQUESTS; i++) samples.push((await roundTrip(dap, command, { threadId: 1 })).ms);
      emit(`dap selfmod ${command} round trip p50`, percentile(samples, 50), 'ms');
      emit(`dap selfmod ${command} round trip p95`, percentile(samples, 95), 'ms');
    }
  } finally {
    await dap.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main()
  .then(selfmodBench)
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
