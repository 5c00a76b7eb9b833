// `npm run bench`: times AMP parse + check on a generated ~1 MB spec against TypeScript's createSourceFile on a
// TypeScript file of the same size, and measures peak memory. Prints one JSON object per line: {name, value, unit}.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkDocument } from '../core/check/index';
import { parse } from '../core/syntax/parser';
import { generateAmp, generateTypeScript } from './generate';
import { emit, median } from './figures';

const TARGET_BYTES = 1_000_000;
const WARMUP = 5;
const ITERATIONS = 25;
const MB = 1_000_000;

type Workload = 'amp-parse' | 'amp-parse-check' | 'ts-parse' | 'amp-baseline' | 'ts-baseline';

/**
 * The work being measured. TypeScript is loaded lazily so the AMP memory children do not carry its ~10 MB of code;
 * the core is small and loaded everywhere, which cancels out in every work-minus-baseline difference.
 */
async function workload(kind: Workload): Promise<(text: string) => unknown> {
  switch (kind) {
    case 'amp-parse':
      return (text) => parse(text);
    case 'amp-parse-check':
      return (text) => checkDocument({ path: 'bench.amp', text });
    case 'ts-parse': {
      const ts = (await import('typescript')).default;
      return (text) => ts.createSourceFile('bench.ts', text, ts.ScriptTarget.Latest, true);
    }
    case 'amp-baseline':
      return () => undefined;
    case 'ts-baseline':
      await import('typescript');
      return () => undefined;
  }
}

/**
 * Median wall time in ms of each `fn(text)` after warm-up, so JIT compilation is not what gets measured. No collection is
 * forced between iterations: a full GC shrinks the young generation and makes the next run pay to grow it again,
 * which measures the harness rather than the parser (an editor re-parsing on every keystroke never forces one either).
 */
function time(fns: readonly { fn: (text: string) => unknown; text: string }[]): number[] {
  for (let i = 0; i < WARMUP; i++) for (const { fn, text } of fns) fn(text);
  const samples: number[][] = fns.map(() => []);
  // Round-robin: each iteration runs every workload once, so a change in the machine's load (these machines are
  // shared) weighs on all of them alike instead of on whichever happened to run during it.
  for (let i = 0; i < ITERATIONS; i++) {
    fns.forEach(({ fn, text }, k) => {
      const t0 = performance.now();
      fn(text);
      samples[k].push(performance.now() - t0);
    });
  }
  return samples.map(median);
}

/**
 * In-process heap high-water mark of one run, in bytes above a collected baseline: the heap is sampled right after the
 * work, before any collection, with the result still alive. Garbage collected during the run is not seen, so this is
 * a lower bound on the true peak; the child-process RSS figure below is the upper-bound view.
 */
function heapAbove(fn: (text: string) => unknown, text: string): { peak: number; retained: number } {
  const gc = globalThis.gc;
  if (!gc) throw new Error('run with --expose-gc (npm run bench does)');
  gc();
  const base = process.memoryUsage().heapUsed;
  const result = fn(text);
  const peak = process.memoryUsage().heapUsed - base;
  gc();
  const retained = process.memoryUsage().heapUsed - base;
  void result; // keep the result alive until after the second measurement
  return { peak, retained: Math.max(0, retained) };
}

/**
 * Peak resident memory a workload adds, from child processes: max RSS of a child that loads the modules, reads the
 * input and runs the work once, minus that of a child that does the same without the work. Median of three pairs.
 */
function rssDelta(work: Workload, baseline: Workload, inputPath: string): number {
  const script = __filename;
  const maxRss = (kind: Workload) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', script, '--child', kind, inputPath], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`memory child ${kind} failed: ${r.stderr}`);
    return Number(r.stdout.trim()) * 1024; // resourceUsage().maxRSS is in kilobytes
  };
  const deltas: number[] = [];
  for (let i = 0; i < 3; i++) deltas.push(maxRss(work) - maxRss(baseline));
  return Math.max(0, median(deltas));
}

async function child(kind: Workload, inputPath: string): Promise<void> {
  const fn = await workload(kind);
  const text = readFileSync(inputPath, 'utf8');
  fn(text);
  process.stdout.write(String(process.resourceUsage().maxRSS));
}

async function main(): Promise<void> {
  const amp = generateAmp(TARGET_BYTES);
  const ampBytes = Buffer.byteLength(amp);
  const ts = generateTypeScript(ampBytes);
  const tsBytes = Buffer.byteLength(ts);
  emit('amp.input.size', ampBytes, 'bytes');
  emit('ts.input.size', tsBytes, 'bytes');
  emit('amp.input.lines', amp.split('\n').length, 'lines');

  const parse = await workload('amp-parse');
  const parseCheck = await workload('amp-parse-check');
  const tsParse = await workload('ts-parse');

  // A realistic spec is (nearly) clean; a large count would mean the generator measures error paths instead.
  emit('amp.check.diagnostics', checkDocument({ path: 'bench.amp', text: amp }).diagnostics.length, 'count');

  const [tParse, tCheck, tTs] = time([
    { fn: parse, text: amp },
    { fn: parseCheck, text: amp },
    { fn: tsParse, text: ts },
  ]);
  emit('amp.parse.time', tParse, 'ms');
  emit('amp.parse_check.time', tCheck, 'ms');
  emit('ts.createSourceFile.time', tTs, 'ms');
  emit('amp.parse.throughput', ampBytes / MB / (tParse / 1000), 'MB/s');
  emit('amp.parse_check.throughput', ampBytes / MB / (tCheck / 1000), 'MB/s');
  emit('ts.createSourceFile.throughput', tsBytes / MB / (tTs / 1000), 'MB/s');
  emit('amp.parse.per_byte_vs_ts', tParse / ampBytes / (tTs / tsBytes), 'ratio');
  emit('amp.parse_check.per_byte_vs_ts', tCheck / ampBytes / (tTs / tsBytes), 'ratio');

  const ampHeap = heapAbove(parseCheck, amp);
  const tsHeap = heapAbove(tsParse, ts);
  emit('amp.parse_check.peak_heap', ampHeap.peak / MB, 'MB');
  emit('amp.parse_check.retained_heap', ampHeap.retained / MB, 'MB');
  emit('ts.createSourceFile.peak_heap', tsHeap.peak / MB, 'MB');
  emit('ts.createSourceFile.retained_heap', tsHeap.retained / MB, 'MB');

  const dir = mkdtempSync(join(tmpdir(), 'amp-bench-'));
  try {
    const ampPath = join(dir, 'bench.amp');
    const tsPath = join(dir, 'bench.ts');
    writeFileSync(ampPath, amp);
    writeFileSync(tsPath, ts);
    emit('amp.parse_check.peak_rss', rssDelta('amp-parse-check', 'amp-baseline', ampPath) / MB, 'MB');
    emit('ts.createSourceFile.peak_rss', rssDelta('ts-parse', 'ts-baseline', tsPath) / MB, 'MB');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf('--child');
(childAt >= 0 ? child(process.argv[childAt + 1] as Workload, process.argv[childAt + 2]) : main()).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
