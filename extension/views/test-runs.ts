// Runs a spec's `run` blocks for the Test Explorer with the core runtime, in the extension host, as `amp run` runs
// them: checked and compiled with the governing manifest found the same way, replay agents' transcripts read beside
// the spec, the governance layer and the conscience calculator of seeds 002 and 003 installed (the header that governs
// the spec, a manifest's or its own); then stepped in slices so a long run neither freezes the host nor ignores a
// cancel. Files come in through a small reader, so this module does no I/O of its own. `human` answers nothing in a
// test run: its reply is an error.

import { readManifest } from '../../core/check/header';
import { hasOwnHeader, findManifest, type ManifestReader } from '../../core/workspace/manifest';
import type { Diagnostic } from '../../core/diagnostics';
import {
  eventsOf, governedHooks, initialState, parseTranscript, prepare, reportFromEvents, runFast, stepBound, type CostModelName, type MachineState, type Program, type RunReport, type RuntimeEnv,
  type RuntimeEvent, type Transcript,
} from '../../core/runtime/index';

/** Reads files by absolute path (the disk in VS Code; a map in tests). */
export interface SpecFiles extends ManifestReader {}

/** Where a problem is: a file and UTF-16 offsets into it. */
export interface Place {
  readonly path: string;
  readonly start: number;
  readonly end: number;
}

export interface Problem {
  readonly message: string;
  readonly at?: Place;
}

/** One run's result. `report` is the runtime's, as `amp run` prints it. */
export type RunOutcome =
  | { readonly kind: 'ran'; readonly name: string; readonly index: number; readonly report: RunReport; readonly askedHuman: boolean; readonly durationMs: number }
  | { readonly kind: 'cancelled'; readonly name: string; readonly index: number };

/** A file's result: problems that stop every run (errors in the spec, a missing transcript), or the runs' outcomes. */
export type SpecOutcome = { readonly kind: 'problems'; readonly problems: readonly Problem[] } | { readonly kind: 'ran'; readonly runs: readonly RunOutcome[] };

export interface RunSpecOptions {
  /** The spec's text (an open document's); read from `files` when absent. */
  readonly text?: string;
  /** The runs to execute, by name; every run when absent. */
  readonly runs?: readonly string[];
  readonly costModel?: CostModelName;
  /** Steps per slice before yielding to the event loop. */
  readonly sliceSteps?: number;
  readonly isCancelled?: () => boolean;
  /** Called before and after each run (for progress and the Test Explorer's started/passed/failed). */
  readonly onRunStart?: (name: string, index: number) => void;
  readonly onRunEnd?: (outcome: RunOutcome) => void;
  /** Lets other work run between slices (setImmediate in the extension host). */
  readonly yieldNow?: () => Promise<void>;
  /** A clock for durations (performance.now in the extension host). */
  readonly now?: () => number;
}

export const DEFAULT_SLICE_STEPS = 20_000;

function dirOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? '.' : path.slice(0, i);
}

function joinPath(dir: string, rel: string): string {
  if (rel.startsWith('/') || /^[A-Za-z]:[\\/]/.test(rel)) return rel;
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  const parts = `${dir}${sep}${rel}`.split(/[\\/]/);
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..' && out.length > 1) out.pop();
    else if (p !== '.') out.push(p);
  }
  return out.join(sep);
}

function errorsOf(path: string, diagnostics: readonly Diagnostic[]): Problem[] {
  return diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => ({ message: `${d.code}: ${d.message}`, at: { path, start: d.start, end: d.end } }));
}

/** Checks, compiles and runs a spec's runs (all, or those named). Never throws. */
export async function runSpec(path: string, files: SpecFiles, options: RunSpecOptions = {}): Promise<SpecOutcome> {
  const text = options.text ?? files.readText(path);
  if (text === undefined) return { kind: 'problems', problems: [{ message: `${path} cannot be read` }] };
  let prepared: ReturnType<typeof prepare>;
  let header: ReturnType<typeof readManifest>['header'] | undefined;
  try {
    const manifest = hasOwnHeader(text) ? undefined : findManifest(path, files);
    prepared = prepare({ path, text, manifest: manifest ? { path: manifest.path, text: manifest.text } : undefined });
    // The header that governs the spec: a manifest's, or (read by the governance layer) the file's own.
    header = manifest ? readManifest(manifest.text).header : undefined;
  } catch (e) {
    return { kind: 'problems', problems: [{ message: `the spec cannot be checked: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  if (!prepared.ok) {
    const problems = errorsOf(path, prepared.diagnostics);
    for (const e of prepared.compileErrors) problems.push({ message: e.message, at: { path, start: e.start, end: e.end } });
    return { kind: 'problems', problems: problems.length ? problems : [{ message: 'the spec cannot be compiled' }] };
  }
  const program = prepared.program;
  const transcripts = new Map<string, Transcript>();
  for (const def of program.agents.values()) {
    if (def.replays === undefined || transcripts.has(def.replays)) continue;
    const abs = joinPath(dirOf(path), def.replays);
    const content = files.readText(abs);
    const at = def.span ? { path, start: def.span.start, end: def.span.end } : undefined;
    if (content === undefined) return { kind: 'problems', problems: [{ message: `the transcript of ${def.name} ("${def.replays}") cannot be read (${abs})`, ...(at ? { at } : {}) }] };
    const parsed = parseTranscript(content, def.replays);
    if ('error' in parsed) return { kind: 'problems', problems: [{ message: `${def.replays}:${parsed.error.line}: ${parsed.error.message}`, ...(at ? { at } : {}) }] };
    transcripts.set(def.replays, { ...parsed.transcript, path: def.replays });
  }
  const env: RuntimeEnv = { transcripts, human: () => null, freeze: false };
  const hooksFor = () => governedHooks({ header });
  const wanted = options.runs;
  const chosen = program.runs.map((r, i) => ({ name: r.label, i })).filter((r) => !wanted || wanted.includes(r.name));
  const outcomes: RunOutcome[] = [];
  for (const { name, i } of chosen) {
    if (options.isCancelled?.()) {
      outcomes.push({ kind: 'cancelled', name, index: i });
      continue;
    }
    options.onRunStart?.(name, i);
    // Each run starts from its own governance state, as each run of `amp run` does.
    const outcome = await runOne(program, i, { ...env, hooks: hooksFor() }, options);
    outcomes.push(outcome);
    options.onRunEnd?.(outcome);
  }
  return { kind: 'ran', runs: outcomes };
}

async function runOne(program: Program, index: number, env: RuntimeEnv, options: RunSpecOptions): Promise<RunOutcome> {
  const now = options.now ?? (() => Date.now());
  const started = now();
  const name = program.runs[index].label;
  const slice = Math.max(1, options.sliceSteps ?? DEFAULT_SLICE_STEPS);
  let state: MachineState = initialState(program, index, { costModel: options.costModel }, env);
  const limit = stepBound(program, index);
  let stopped: string | undefined;
  while (state.status === 'running') {
    if (options.isCancelled?.()) return { kind: 'cancelled', name, index };
    const before = state.step;
    state = runFast(state, env, Math.min(slice, limit - state.step));
    if (state.status !== 'running') break;
    if (state.step >= limit) {
      stopped = `the run took ${limit} steps, its bound; it was stopped`;
      break;
    }
    if (state.step === before) {
      stopped = 'the run is waiting for input that did not come';
      break;
    }
    await (options.yieldNow?.() ?? Promise.resolve());
  }
  const events: RuntimeEvent[] = eventsOf(state);
  let status = state.status;
  let steps = state.step;
  if (stopped) {
    events.push({ kind: 'fault', step: state.step + 1, frame: state.top.id, message: stopped });
    status = 'fault';
    steps++;
  }
  const code = program.runs[index];
  const report = reportFromEvents(events, { run: code.label, at: code.span, costModel: state.costModel, meta: state.meta, status, steps });
  const askedHuman = events.some((e) => e.kind === 'ask' && e.agent === 'human');
  return { kind: 'ran', name, index, report, askedHuman, durationMs: now() - started };
}
