// `npm run bench`: the meta-execution runtime on a large HCH merge sort (a list of numbers as a chain of messages,
// split, sorted and merged by copies of agents, with Compare as the base case). Prints JSON lines {name, value, unit}:
// operations (steps) per second without history and with the full time-travel history, and bytes per recorded step.

import { performance } from 'node:perf_hooks';
import { checkDocument } from '../core/check/index';
import { compileProgram } from '../core/runtime/compile';
import { History } from '../core/runtime/history';
import { initialState, runFast, type RuntimeEnv } from '../core/runtime/machine';
import type { Program } from '../core/runtime/program';
import { TraceWriter } from '../core/runtime/trace';
import { eventsBetween, type MachineState } from '../core/runtime/state';
import { renderText } from '../core/runtime/values';
import { emit } from './figures';

const SIZE = Number(process.env.AMP_BENCH_SORT_SIZE ?? 300);
const MIN_SECONDS = 2;

/** The merge sort spec: Sort splits the list in two (Split), sorts each half (copies of Sort) and merges them (Merge). */
export function mergeSortSpec(numbers: readonly number[]): string {
  const cells = numbers.map((n, i) => `message l${i} = "the list with first element (${n}) and remaining elements [${i + 1 < numbers.length ? `l${i + 1}` : 'empty'}]"`);
  return `message empty = "the empty list"
${cells.join('\n')}

agent Sort {
  on "sort [list]" {
    view list as "the list with first element [_head] and remaining elements [rest]" else {
      reply "[list]"
    }
    view rest as "the list with first element [_second] and remaining elements [_more]" else {
      reply "[list]"
    }
    let halves = ask Split "split [list]"
    view halves as "the halves [left] and [right]" else {
      reply "[halves]"
    }
    let sortedLeft = ask Sort "sort [left]"
    let sortedRight = ask Sort "sort [right]"
    let merged = ask Merge "merge [sortedLeft] and [sortedRight]"
    reply "[merged]"
  }
}

agent Split {
  on "split [list]" {
    view list as "the list with first element [a] and remaining elements [rest]" else {
      reply "the halves [list] and [list]"
    }
    view rest as "the list with first element [b] and remaining elements [more]" else {
      reply "the halves [list] and [empty]"
    }
    let halves = ask Split "split [more]"
    view halves as "the halves [l] and [r]" else {
      reply "[halves]"
    }
    reply "the halves (the list with first element [a] and remaining elements [l]) and (the list with first element [b] and remaining elements [r])"
  }
}

agent Merge {
  on "merge [xs] and [ys]" {
    view xs as "the list with first element [x] and remaining elements [xrest]" else {
      reply "[ys]"
    }
    view ys as "the list with first element [y] and remaining elements [yrest]" else {
      reply "[xs]"
    }
    let smaller = ask Compare "is [x] less than [y]?"
    view smaller as "yes" else {
      let mergedY = ask Merge "merge [xs] and [yrest]"
      reply "the list with first element [y] and remaining elements [mergedY]"
    }
    let mergedX = ask Merge "merge [xrest] and [ys]"
    reply "the list with first element [x] and remaining elements [mergedX]"
  }
}

run "merge sort" {
  ask Sort "sort [l0]" budget 1000000000
}
`;
}

/** Deterministic pseudo-random numbers (a linear congruential generator), so every bench run sorts the same list. */
function numbersFor(n: number): number[] {
  let x = 12345;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % 1000;
  });
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Steps per second of `runOnce` (which returns the steps it took), repeated for at least MIN_SECONDS after a warm-up. */
function rate(runOnce: () => number): number {
  for (let i = 0; i < 3; i++) runOnce();
  let steps = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < MIN_SECONDS * 1000) {
    steps += runOnce();
    elapsed = performance.now() - t0;
  }
  return steps / (elapsed / 1000);
}

function main(): void {
  const numbers = numbersFor(SIZE);
  const text = mergeSortSpec(numbers);
  const check = checkDocument({ path: 'merge-sort.amp', text });
  const errors = check.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`the bench spec has errors: ${errors.map((d) => d.message).join('; ')}`);
  const compiled = compileProgram(check);
  if (!compiled.program) throw new Error(`the bench spec does not compile: ${compiled.errors.map((e) => e.message).join('; ')}`);
  const program: Program = compiled.program;

  // Correctness first: the bench is only worth its numbers if the sort sorts.
  const fast = runFast(initialState(program, 0, {}, { freeze: false }), { freeze: false });
  const sorted = [...numbers].sort((a, b) => a - b);
  const reply = lastReply(fast);
  const got = [...reply.matchAll(/first element \((\d+)\)/g)].map((m) => Number(m[1]));
  if (fast.status !== 'done' || got.join(',') !== sorted.join(',')) throw new Error(`the merge sort did not sort (${fast.status}): ${reply.slice(0, 200)}`);
  const steps = fast.step;
  emit(`runtime merge sort of ${SIZE}: steps per run`, steps, 'steps');

  const noHistory = rate(() => runFast(initialState(program, 0, {}, { freeze: false }), { freeze: false }).step);
  emit('runtime steps/s without history', noHistory, 'ops/s');

  for (const freeze of [true, false]) {
    const env: RuntimeEnv = { freeze };
    const withHistory = rate(() => {
      const h = new History(initialState(program, 0, {}, env), env);
      return h.continue();
    });
    emit(`runtime steps/s with full history (${freeze ? 'frozen states' : 'autoFreeze off'})`, withHistory, 'ops/s');
  }

  // Memory per recorded step: the heap with every state of one run kept, minus the heap before, after full collections.
  for (const freeze of [true, false]) {
    const { bytes, backAndForth } = memoryPerStep(program, freeze);
    emit(`runtime bytes per recorded step (${freeze ? 'frozen states' : 'autoFreeze off'})`, bytes, 'B');
    emit(`runtime step back and forward over recorded states (${freeze ? 'frozen states' : 'autoFreeze off'})`, backAndForth, 'ops/s');
  }

  // Tracing: every step serialised to a JSONL line.
  const traced = rate(() => {
    const w = new TraceWriter();
    let prev: MachineState | undefined;
    let bytes = 0;
    const h = new History(initialState(program, 0, {}, { freeze: false }), { freeze: false });
    prev = h.current;
    while (h.forward()) {
      bytes += w.step(h.current.step, eventsBetween(prev, h.current)).length;
      prev = h.current;
    }
    return bytes > 0 ? h.current.step : 0;
  });
  emit('runtime steps/s with a JSONL trace', traced, 'ops/s');
}

/** Heap bytes per recorded state of one run, and the rate of stepping back over the whole history and forward again. */
function memoryPerStep(program: Program, freeze: boolean): { bytes: number; backAndForth: number } {
  const env: RuntimeEnv = { freeze };
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const h = new History(initialState(program, 0, {}, env), env);
  h.continue();
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  const steps = h.length - 1;
  const t0 = performance.now();
  h.reverseContinue();
  h.continue();
  const backAndForth = (2 * steps) / ((performance.now() - t0) / 1000);
  return { bytes: (after - before) / steps, backAndForth };
}

function lastReply(s: MachineState): string {
  for (let e = s.events; e; e = e.next) if (e.event.kind === 'reply' && e.event.to === 0) return renderText(e.event.message);
  return '';
}

if (require.main === module) main();
