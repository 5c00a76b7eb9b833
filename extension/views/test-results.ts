// What the Test Explorer reports for a run and for each of its `expect` statements, from the runtime's report: passed,
// failed (each failing expectation at its place, with expected and actual for the diff), errored (the spec cannot
// run, or the run did not finish) or skipped (an expectation the run never reached). Also the test items' ids and the
// text written to the test run's output. Pure: the test controller turns these into TestMessages.

import type { ExpectReport } from '../../core/runtime/index';
import type { ExpectBlock, RunBlock } from './run-blocks';
import type { Problem, RunOutcome } from './test-runs';

export interface MessageModel {
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
  /** Offsets in the spec (or in the file `path` names, e.g. a manifest). */
  readonly start?: number;
  readonly end?: number;
  readonly path?: string;
}

export type Verdict =
  | { readonly state: 'passed'; readonly durationMs?: number }
  | { readonly state: 'failed' | 'errored'; readonly messages: readonly MessageModel[]; readonly durationMs?: number }
  | { readonly state: 'skipped'; readonly reason: string };

const HUMAN_NOTE =
  'This run asks human, and a test run has nobody to answer: the human’s reply is an error. Debug the run to answer in the Debug Console, or give human a transcript (a replay agent).';

/** The ids of the Test Explorer's items: a file's uri, then a run of it, then an expectation of the run. */
export function runItemId(fileId: string, name: string): string {
  return `${fileId}#run:${name}`;
}
export function expectItemId(runId: string, index: number): string {
  return `${runId}#expect:${index}`;
}

/** The message for a failed expectation, as the debugger's exception filter words it. */
export function expectationMessage(e: ExpectReport): string {
  const what = e.kind === 'reply' ? `expect reply "${e.expected ?? ''}"` : `expect error${e.expected !== undefined ? ` "${e.expected}"` : ''}`;
  return `Expectation failed: ${what}, ${e.reason ?? (e.actual !== undefined ? `the reply is "${e.actual}"` : 'it does not hold')}`;
}

/** The verdict of a whole run. */
export function runVerdict(outcome: RunOutcome, block?: RunBlock): Verdict {
  if (outcome.kind === 'cancelled') return { state: 'skipped', reason: 'cancelled' };
  const r = outcome.report;
  const where = block ? { start: block.nameStart, end: block.nameEnd } : r.at ? { start: r.at.start, end: r.at.end } : {};
  const human = outcome.askedHuman ? [{ message: HUMAN_NOTE, ...where }] : [];
  if (r.status === 'fault' || r.fault !== undefined) {
    return { state: 'errored', messages: [{ message: `The run did not finish: ${r.fault ?? 'it faulted'}`, ...where }, ...human], durationMs: outcome.durationMs };
  }
  if (r.passed) return { state: 'passed', durationMs: outcome.durationMs };
  const failed = r.expects.filter((e) => !e.passed);
  const messages: MessageModel[] = failed.map((e) => ({
    message: expectationMessage(e),
    ...(e.kind === 'reply' && e.expected !== undefined ? { expected: e.expected } : {}),
    ...(e.actual !== undefined ? { actual: e.actual } : {}),
    ...(e.at ? { start: e.at.start, end: e.at.end } : where),
  }));
  if (!messages.length) messages.push({ message: `The run ended with status ${r.status}`, ...where });
  return { state: 'failed', messages: [...messages, ...human], durationMs: outcome.durationMs };
}

/** The verdict of one `expect` statement of a run: the report's expectation at the same place. */
export function expectVerdict(outcome: RunOutcome, block: ExpectBlock): Verdict {
  if (outcome.kind === 'cancelled') return { state: 'skipped', reason: 'cancelled' };
  const e = outcome.report.expects.find((x) => x.at && x.at.start === block.start);
  if (!e) return { state: 'skipped', reason: outcome.report.fault ? `not reached: ${outcome.report.fault}` : 'not reached' };
  if (e.passed) return { state: 'passed' };
  return {
    state: 'failed',
    messages: [{ message: expectationMessage(e), ...(e.kind === 'reply' && e.expected !== undefined ? { expected: e.expected } : {}), ...(e.actual !== undefined ? { actual: e.actual } : {}), start: block.start, end: block.end }],
  };
}

/** The verdict of every run of a spec that cannot run (errors in it, a missing transcript). */
export function problemsVerdict(problems: readonly Problem[]): Verdict {
  return {
    state: 'errored',
    messages: problems.map((p) => ({ message: p.message, ...(p.at ? { start: p.at.start, end: p.at.end, path: p.at.path } : {}) })),
  };
}

/** The lines written to the test run's output for a run (CRLF, as the Test Results terminal wants). */
export function outputLines(outcome: RunOutcome, shownPath: string, lineOf: (offset: number) => number): string {
  if (outcome.kind === 'cancelled') return `run "${outcome.name}": cancelled\r\n`;
  const r = outcome.report;
  const out = [`run "${r.run}" (${shownPath}${r.at ? `:${lineOf(r.at.start) + 1}` : ''}, cost model ${r.costModel})`];
  for (const a of r.asks) {
    out.push(`  ask ${a.agent} "${clip(a.question)}" budget ${a.budget}`);
    out.push(a.reply !== undefined ? `    ${a.error ? 'error reply' : 'reply'}: ${clip(a.reply, 300)}` : '    no reply');
    out.push(`    budget: ${a.budget} allotted, ${a.spent} spent, ${a.returned} returned`);
  }
  for (const e of r.expects) out.push(`  ${e.kind === 'reply' ? `expect reply "${clip(e.expected ?? '')}"` : 'expect error'}: ${e.passed ? 'passed' : 'FAILED'}${e.at ? ` (line ${lineOf(e.at.start) + 1})` : ''}`);
  if (r.fault) out.push(`  fault: ${r.fault}`);
  out.push(`  ${r.passed ? 'passed' : 'failed'} in ${r.steps} steps (${Math.round(outcome.durationMs)} ms)`);
  return out.join('\r\n') + '\r\n';
}

function clip(s: string, max = 120): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
