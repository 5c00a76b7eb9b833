// `npm run bench`: the run views (docs/views.md §12). Prints JSON lines {name, value, unit}.
//
// (c) The views' pure modules on a large run, without VS Code: the debug adapter's session runs in process (as the
// extension runs it inline) on an HCH merge sort big enough for 10,000 activations and 40,000 events; its
// `amp/runState` bodies go through the views' follower exactly as on a stop in the editor, and every change rebuilds
// the five views and the timeline's layout, as extension/views/index.ts does. Printed: merging the whole run state
// from one body, the Message Tree's roots and one path opened (with how many nodes were built: children are built
// when opened, so it is far below the run's activations), the Budgets view, the timeline's series and layout, the
// stop-to-content time over 50 successive stops that each add to the run (p50, p95), and the heap.
//
// (a)+(b) Extension activation and stop-to-views in VS Code: when the end-to-end environment is set up
// (scripts/e2e-setup.mjs's stamp) and dist/extension.js is built, runs the activation and run-views tests of the
// end-to-end suite (scripts/e2e-run.mjs --grep) and prints the figures they saved in test-results/e2e/figures.json:
// stop-to-views over 50 stops at a person's pace (each step 250 ms after the views showed the previous stop; the
// goal's figure) and over 50 stops back to back (bounded below by VS Code's 200 ms tree refresh debounce).
// Otherwise it prints those figures as null with the reason; a failed end-to-end run never fails this bench.
// AMP_BENCH_VIEWS_E2E=0 skips them.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { budgetsView } from '../extension/views/budgets';
import { conscienceView } from '../extension/views/conscience';
import { RunFollower } from '../extension/views/follower';
import { messageTree } from '../extension/views/message-tree';
import { parseRunState, type RunState } from '../extension/views/protocol';
import { ThreadRun, type RunModel } from '../extension/views/run-store';
import { scarsView } from '../extension/views/scars';
import { stabilityView } from '../extension/views/stability';
import { layoutTimeline, timelineData } from '../extension/views/timeline';
import type { ViewContent, ViewNode } from '../extension/views/tree-node';
import { InlineDap } from '../test/unit/views-support';
import { mergeSortSpec } from './runtime.bench';
import { emit, percentile } from './figures';

const ROOT = resolve(__dirname, '..');
/** 520 numbers: about 12,000 activations and 47,000 events by the end of the run. */
const SIZE = Number(process.env.AMP_BENCH_VIEWS_SORT_SIZE ?? 520);
/** The activations the run must have started where the stops are measured. */
const ACTIVATIONS = 10_000;
const STOPS = 50;
const TIMELINE_WIDTH = 900;

function numbers(n: number): number[] {
  let x = 12345;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % 1000;
  });
}

function timed<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

/** The median time of `fn` over `times` runs (small figures are noisy). */
function medianTime(fn: () => void, times = 21): number {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) samples.push(timed(fn).ms);
  return percentile(samples, 50);
}

let peakHeap = 0;
function sampleHeap(): number {
  const used = process.memoryUsage().heapUsed;
  peakHeap = Math.max(peakHeap, used);
  return used;
}
const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

const BUILDERS: readonly [string, (run: RunModel | undefined) => ViewContent][] = [
  ['Message Tree', messageTree],
  ['Budgets', budgetsView],
  ['Stability', stabilityView],
  ['Atlas of Scars', scarsView],
  ['Conscience', conscienceView],
];

/** What VS Code materialises of a view: its roots and the children of every node that starts open. Counts nodes. */
function shown(nodes: readonly ViewNode[]): number {
  let n = nodes.length;
  for (const node of nodes) if (node.expanded === true && node.children) n += shown(node.children());
  return n;
}

async function pureViews(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'amp-views-bench-'));
  const file = join(dir, 'merge-sort.amp');
  writeFileSync(file, mergeSortSpec(numbers(SIZE)));
  let dap = new InlineDap();
  try {
    await dap.launch({ program: file, stopOnEntry: true, stopAtEnd: true });
    await dap.runState();
    // Run to the end (recording every state), to learn where the run has started ACTIVATIONS activations.
    await dap.request('amp/goToStep', { threadId: 1, step: Number.MAX_SAFE_INTEGER });
    await dap.next('stopped', 600_000);
    await dap.runState();
    const whole = (await dap.request('amp/runState', { threadId: 1 })).body as RunState;
    const starts = whole.activations.items.map((a) => a.startStep).sort((a, b) => a - b);
    if (starts.length < ACTIVATIONS + 100) throw new Error(`the run has ${starts.length} activations; raise AMP_BENCH_VIEWS_SORT_SIZE`);
    const at = starts[ACTIVATIONS - 1];

    // Merging: one body with the whole run state (as after a `truncated` event), checked and merged.
    gc?.();
    const before = sampleHeap();
    const body = JSON.parse(JSON.stringify(whole)) as unknown;
    const merges: number[] = [];
    let merged: ThreadRun | undefined;
    for (let i = 0; i < 5; i++) {
      const t = timed(() => {
        const parsed = parseRunState(body);
        if ('error' in parsed) throw new Error(parsed.error);
        const run = new ThreadRun(1);
        run.apply(parsed.state);
        return run;
      });
      merges.push(t.ms);
      merged = t.value;
    }
    gc?.();
    const held = sampleHeap() - before;
    const run = merged!;
    emit('views: run size (activations)', run.activations.size, 'activations');
    emit('views: run size (events)', run.events.length, 'events');
    emit('views: merge the whole run state from one amp/runState body (check + merge), median of 5', percentile(merges, 50), 'ms');
    emit('views: heap held by the merged run state (the body included)', held / MB, 'MB');

    // The Message Tree: its roots, then one path opened ten activations deep (each level's children built when opened).
    let built = 0;
    const count = (ns: readonly ViewNode[]): readonly ViewNode[] => {
      built += ns.length;
      return ns;
    };
    const rootsMs = medianTime(() => messageTree(run));
    const openPath = (): void => {
      let nodes = count(messageTree(run).nodes);
      for (let depth = 0; depth < 11; depth++) {
        // The last activation asked at each level (in a merge sort, the deepest chains are the later asks).
        const next = nodes.filter((n) => n.children && /\/a\d+$/.test(n.id)).at(-1) ?? nodes.find((n) => n.children);
        if (!next?.children) break;
        nodes = count(next.children());
      }
    };
    const pathMs = medianTime(openPath);
    built = 0;
    openPath();
    const pathBuilt = built;
    built = 0;
    const root = messageTree(run).nodes[0];
    const rootChildrenMs = medianTime(() => root.children?.());
    count([root]);
    count(root.children?.() ?? []);
    emit('views: Message Tree roots', rootsMs, 'ms');
    emit('views: Message Tree root node children', rootChildrenMs, 'ms', { nodesBuilt: built });
    emit('views: Message Tree path opened ten levels deep (roots included)', pathMs, 'ms', { nodesBuilt: pathBuilt });
    emit('views: Message Tree nodes built for the path (of the run activations)', pathBuilt, 'nodes', { activations: run.activations.size });
    if (pathBuilt >= run.activations.size / 10) throw new Error(`${pathBuilt} nodes built to open one path: children are not built lazily`);

    // Budgets, with every agent and its "by activation" opened; the timeline's series and layout.
    const openAll = (nodes: readonly ViewNode[], depth: number): number =>
      nodes.length + (depth > 0 ? nodes.reduce((n, node) => n + (node.children ? openAll(node.children(), depth - 1) : 0), 0) : 0);
    emit('views: Budgets rows (every agent opened, by activation)', medianTime(() => openAll(budgetsView(run).nodes, 3), 7), 'ms');
    emit('views: timeline series (timelineData)', medianTime(() => timelineData(run), 7), 'ms');
    const data = timelineData(run);
    emit('views: timeline geometry (layoutTimeline)', medianTime(() => layoutTimeline(data, TIMELINE_WIDTH)), 'ms');
    sampleHeap();

    // 50 stops through the follower, as in the editor: each amp/runState event is checked and merged, then the five
    // views and the timeline's layout are rebuilt and what VS Code shows at first is built (roots and open nodes).
    // A second session goes straight to that step, so the run holds nothing beyond it and each stop adds to it.
    await dap.close();
    dap = new InlineDap();
    await dap.launch({ program: file, stopOnEntry: true });
    await dap.runState();
    const parts = new Map<string, number[]>([...BUILDERS.map(([name]) => [name, []] as [string, number[]]), ['timeline', []]]);
    const session = dap.asSession('bench');
    const follower = new RunFollower({ debugType: 'amp', now: () => performance.now() });
    follower.started(session);
    let rebuilt = 0;
    let shownNodes = 0;
    follower.onDidChange(() => {
      const r = follower.run;
      shownNodes = 0;
      for (const [name, build] of BUILDERS) {
        const t = timed(() => shown(build(r).nodes));
        shownNodes += t.value;
        parts.get(name)!.push(t.ms);
      }
      if (r) parts.get('timeline')!.push(timed(() => layoutTimeline(timelineData(r), TIMELINE_WIDTH)).ms);
      rebuilt++;
    });
    // Go to the step where the run has ACTIVATIONS activations.
    await dap.request('amp/goToStep', { threadId: 1, step: at });
    await dap.next('stopped', 600_000);
    await follower.received(session, 'amp/runState', (await dap.next('amp/runState')).body);
    emit('views: activations at the measured stops', follower.run!.activations.size, 'activations', { step: follower.run!.step, events: follower.run!.events.length });
    const stops: number[] = [];
    let added = 0;
    for (let i = 0; i < STOPS; i++) {
      const r = await dap.request('stepIn', { threadId: 1 });
      if (!r.success) throw new Error(`stepIn failed: ${r.message}`);
      await dap.next('stopped');
      const event = await dap.next('amp/runState');
      const known = follower.run!.events.length;
      const count0 = rebuilt;
      const t0 = performance.now();
      await follower.received(session, 'amp/runState', event.body);
      stops.push(performance.now() - t0);
      if (rebuilt !== count0 + 1) throw new Error(`stop ${i + 1}: the views were rebuilt ${rebuilt - count0} times`);
      added += follower.run!.events.length - known;
      sampleHeap();
    }
    emit(`views: stop to content rebuilt (merge + 5 views + timeline layout) p50 over ${STOPS} stops`, percentile(stops, 50), 'ms');
    emit(`views: stop to content rebuilt (merge + 5 views + timeline layout) p95 over ${STOPS} stops`, percentile(stops, 95), 'ms', { goalMs: 100 });
    for (const [name, samples] of parts) emit(`views: of which ${name === 'timeline' ? 'the timeline series and layout' : `the ${name} view`} p95`, percentile(samples, 95), 'ms');
    emit('views: events the 50 stops added', added, 'events');
    emit('views: nodes built for what VS Code shows at a stop (roots and open nodes, five views)', shownNodes, 'nodes');
    emit('views bench: peak heap used (the debug adapter in process included)', peakHeap / MB, 'MB');
    await dap.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- (a) and (b): the end-to-end environment ----------------------------------------------------------------------------

const E2E_NAMES = {
  activation: 'extension activation (activate() start to end, in VS Code)',
  content: "views in VS Code at a person's pace: stop to content rebuilt p95 over 50 stops",
  p50: "views in VS Code at a person's pace: stop to views refreshed p50 over 50 stops",
  p95: "views in VS Code at a person's pace: stop to views refreshed p95 over 50 stops",
  backToBackContent: 'views in VS Code stepping back to back: stop to content rebuilt p95 over 50 stops',
  backToBackP50: 'views in VS Code stepping back to back: stop to views refreshed p50 over 50 stops',
  backToBackP95: "views in VS Code stepping back to back: stop to views refreshed p95 over 50 stops (at least VS Code's 200 ms tree refresh debounce)",
};

/** One run of stops as the end-to-end test saves it in figures.json. */
interface StopFigures {
  stops?: number;
  stopToContentMs?: { p50?: number; p95?: number };
  stopToViewsMs?: { p50?: number; p95?: number; max?: number; atLeast200Ms?: number };
}

function skipE2e(reason: string): void {
  for (const name of Object.values(E2E_NAMES)) emit(name, null, 'ms', { skipped: reason });
}

/** Why the end-to-end figures cannot be measured here, or undefined when they can. */
function e2eUnavailable(): string | undefined {
  if (process.env.AMP_BENCH_VIEWS_E2E === '0') return 'AMP_BENCH_VIEWS_E2E=0';
  const stamp = join(ROOT, '.vscode-test', 'code-server', 'e2e-setup.stamp.json');
  try {
    const s = JSON.parse(readFileSync(stamp, 'utf8')) as { node?: string };
    if (s.node !== process.versions.modules) return `the end-to-end environment was set up for another Node (run node scripts/e2e-setup.mjs)`;
  } catch {
    return 'the end-to-end environment is not set up (node scripts/e2e-setup.mjs)';
  }
  if (!existsSync('/usr/bin/chromium')) return 'Chromium is not installed (node scripts/e2e-setup.mjs)';
  const dist = join(ROOT, 'dist', 'extension.js');
  if (!existsSync(dist)) return 'dist/extension.js is not built (npm run build)';
  return undefined;
}

function e2eFigures(): void {
  const why = e2eUnavailable();
  if (why) return skipE2e(why);
  const dist = statSync(join(ROOT, 'dist', 'extension.js')).mtimeMs;
  const source = statSync(join(ROOT, 'extension', 'extension.ts')).mtimeMs;
  if (source > dist) console.error('views bench: dist/extension.js is older than extension/extension.ts; the end-to-end figures measure the build (npm run build)');
  const startedAt = Date.now();
  const r = spawnSync(process.execPath, ['scripts/e2e-run.mjs', '--grep', '^(activation|debugging with the run views) ', '--timeout', '300'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) return skipE2e(`the end-to-end run failed (exit code ${r.status}; test-results/e2e/results.json)`);
  let f: StopFigures & { measuredAt?: string; activationMs?: number; paceMs?: number; backToBack?: StopFigures };
  try {
    f = JSON.parse(readFileSync(join(ROOT, 'test-results', 'e2e', 'figures.json'), 'utf8'));
  } catch {
    return skipE2e('the end-to-end run saved no test-results/e2e/figures.json');
  }
  const fresh = f.measuredAt !== undefined && Date.parse(f.measuredAt) >= startedAt - 1000;
  if (!fresh) return skipE2e('test-results/e2e/figures.json was not written by this run');
  const environment = 'code-server 4.100.3 (scripts/e2e-run.mjs)';
  emit(E2E_NAMES.activation, f.activationMs ?? null, 'ms', f.activationMs === undefined ? { skipped: 'dist/extension.js does not report its activation (npm run build)' } : {});
  // At a person's pace (each step issued paceMs after the views showed the previous stop): the goal's figure.
  const paced = { stops: f.stops, paceMs: f.paceMs, atLeast200Ms: f.stopToViewsMs?.atLeast200Ms, environment };
  emit(E2E_NAMES.content, f.stopToContentMs?.p95 ?? null, 'ms', paced);
  emit(E2E_NAMES.p50, f.stopToViewsMs?.p50 ?? null, 'ms', paced);
  emit(E2E_NAMES.p95, f.stopToViewsMs?.p95 ?? null, 'ms', { ...paced, max: f.stopToViewsMs?.max, goalMs: 100 });
  // Back to back (a step key held down): VS Code holds a tree refresh that comes within 200 ms of the previous one.
  const b = f.backToBack;
  const held = { stops: b?.stops, atLeast200Ms: b?.stopToViewsMs?.atLeast200Ms, environment };
  emit(E2E_NAMES.backToBackContent, b?.stopToContentMs?.p95 ?? null, 'ms', held);
  emit(E2E_NAMES.backToBackP50, b?.stopToViewsMs?.p50 ?? null, 'ms', held);
  emit(E2E_NAMES.backToBackP95, b?.stopToViewsMs?.p95 ?? null, 'ms', { ...held, max: b?.stopToViewsMs?.max });
}

async function main(): Promise<void> {
  await pureViews();
  e2eFigures();
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
