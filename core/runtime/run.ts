// Runs a spec's run blocks to the end and reports them: what `amp run` and the tests call. Without history the
// transitions go into one private working copy (runFast); a caller that wants every state uses History instead.

import { checkDocument, type CheckInput } from '../check/index';
import type { Diagnostic } from '../diagnostics';
import { compileProgram, type CompileError } from './compile';
import { stepBound } from './invariants';
import { advanceInPlace, initialState, type RuntimeEnv, type StartOptions, type WorkingState } from './machine';
import type { Program } from './program';
import { reportFromEvents, type RunReport } from './report';
import type { MachineState, RuntimeEvent } from './state';

export interface RunOptions extends StartOptions {
  readonly env?: RuntimeEnv;
  /** Called after every step with the events it recorded (e.g. to write a trace). */
  readonly onStep?: (events: readonly RuntimeEvent[], state: MachineState) => void;
  /** Stop after this many steps (default: the run's step bound, which a correct runtime never reaches). */
  readonly stepLimit?: number;
}

export interface RunResult {
  readonly state: MachineState;
  readonly events: readonly RuntimeEvent[];
  readonly report: RunReport;
}

/**
 * Runs one run of a program to its end (or until it waits for input that does not come, or hits the step limit).
 * Never throws.
 */
export function executeRun(program: Program, run: number, options: RunOptions = {}): RunResult {
  const env = options.env ?? {};
  let state = initialState(program, run, options, { ...env, freeze: false });
  const work = { ...state } as WorkingState;
  const events: RuntimeEvent[] = [];
  const limit = options.stepLimit ?? stepBound(program, run);
  let stopped: string | undefined;
  for (;;) {
    if (work.status !== 'running') break;
    if (work.step >= limit) {
      stopped = `the run took ${limit} steps, its bound; it was stopped`;
      break;
    }
    const before = work.events;
    if (!advanceInPlace(work, env)) {
      stopped = 'the run is waiting for input that did not come';
      break;
    }
    const fresh: RuntimeEvent[] = [];
    for (let e = work.events; e && e !== before; e = e.next) fresh.push(e.event);
    fresh.reverse();
    for (const e of fresh) events.push(e);
    options.onStep?.(fresh, work);
  }
  state = work;
  if (stopped) {
    // Stopping is a step of its own, so the trace stays one record per step.
    const fault: RuntimeEvent = { kind: 'fault', step: work.step + 1, frame: work.top.id, message: stopped };
    events.push(fault);
    state = { ...work, status: 'fault', step: work.step + 1, events: { event: fault, next: work.events }, eventCount: work.eventCount + 1 };
    options.onStep?.([fault], state);
  }
  const report = reportFromEvents(events, { run: program.runs[run].label, at: program.runs[run].span, costModel: state.costModel, meta: state.meta, status: state.status, steps: state.step });
  return { state, events, report };
}

export type PrepareResult =
  | { readonly ok: true; readonly program: Program; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly compileErrors: readonly CompileError[] };

/** Checks and compiles a document; a spec with errors (or one that cannot be compiled) comes back with them. */
export function prepare(input: CheckInput): PrepareResult {
  const check = checkDocument(input);
  if (check.diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics: check.diagnostics, compileErrors: [] };
  const compiled = compileProgram(check);
  if (!compiled.program) return { ok: false, diagnostics: check.diagnostics, compileErrors: compiled.errors };
  return { ok: true, program: compiled.program, diagnostics: check.diagnostics };
}
