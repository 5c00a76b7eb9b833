// `amp run FILE`: checks the spec (errors are printed exactly as `amp check` prints them, exit 2), compiles it, runs
// its run blocks with the pure core runtime, and prints each run's replies, budget ledger and expectations as text or
// JSON. The file system lives here: the spec, the transcripts and the trace are read and written by this module only.

import { readSync, writeFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { dirname, resolve } from 'node:path';
import { checkDocument } from '../core/check/index';
import {
  executeRun, parseTranscript, prepare, TraceWriter, type CostModelName, type HumanRequest, type RunReport, type RuntimeEnv, type Transcript,
} from '../core/runtime/index';
import { LineIndex, type Position } from '../core/text';
import { findManifest, hasOwnHeader } from '../core/workspace/manifest';
import { CliError, type RunOptions } from './args';
import { runCheck } from './check-command';
import { nodeReader, readChecked, shownPath } from './files';

/** The environment `amp run` runs in, supplied by main. */
export interface RunEnvironment {
  readonly cwd: string;
  readonly color: boolean;
  readonly version: string;
  /** One line of standard input (without its line break), or null at the end of input; answers the `human` agent. */
  readonly readLine?: () => string | null;
  /** Where prompts for the human go (standard error, so standard output stays the report). */
  readonly writeErr: (text: string) => void;
}

/** JSON output of `amp run`. */
export interface JsonRunOutput {
  readonly file: string;
  readonly costModel: CostModelName;
  readonly meta: boolean;
  readonly runs: readonly JsonRun[];
  readonly summary: { readonly runs: number; readonly passed: number; readonly failed: number };
}

export interface JsonRange {
  readonly start: Position;
  readonly end: Position;
}

export interface JsonRun {
  readonly name: string;
  readonly status: RunReport['status'];
  readonly passed: boolean;
  readonly steps: number;
  readonly asks: readonly {
    readonly agent: string;
    readonly question: string;
    readonly budget: number;
    readonly reply?: string;
    readonly error: boolean;
    readonly spent: number;
    readonly returned: number;
    readonly meta?: RunReport['asks'][number]['meta'];
    readonly range?: JsonRange;
  }[];
  readonly expects: readonly { readonly kind: 'reply' | 'error'; readonly passed: boolean; readonly expected?: string; readonly actual?: string; readonly reason?: string; readonly range?: JsonRange }[];
  readonly ledger: RunReport['ledger'];
  readonly fault?: string;
}

/** Runs `amp run`: the output to print on stdout and the exit code (0 all expectations hold, 1 one fails, 2 errors). */
export function runRun(options: RunOptions, env: RunEnvironment): { output: string; exitCode: number } {
  const abs = resolve(env.cwd, options.file);
  const path = shownPath(env.cwd, abs);
  const text = readChecked(abs, path);
  const reader = nodeReader(env.cwd);
  const manifest = hasOwnHeader(text) ? undefined : findManifest(abs, reader);
  const governing = manifest && { path: shownPath(env.cwd, manifest.path), text: manifest.text };

  // A spec with errors is reported exactly as `amp check` reports it.
  const check = checkDocument({ path, text, manifest: governing });
  if (check.diagnostics.some((d) => d.severity === 'error')) {
    const { output } = runCheck({ paths: [options.file], exclude: [], format: options.format, quiet: false, color: options.color }, { cwd: env.cwd, color: env.color, version: env.version });
    return { output, exitCode: 2 };
  }
  const prepared = prepare({ path, text, manifest: governing });
  const lines = new LineIndex(text);
  if (!prepared.ok) {
    const errors = prepared.compileErrors.map((e) => ({ ...e, pos: lines.positionAt(e.start) }));
    const output =
      options.format === 'json'
        ? JSON.stringify({ file: path, errors: errors.map((e) => ({ message: e.message, range: { start: e.pos, end: lines.positionAt(e.end) } })) }, null, 2) + '\n'
        : errors.map((e) => `${path}:${e.pos.line + 1}:${e.pos.character + 1}: error: ${e.message}`).join('\n') + '\n';
    return { output, exitCode: 2 };
  }
  const program = prepared.program;

  const names = program.runs.map((r) => r.label);
  // Nothing to run is not a failure: a library of declarations (or a selfmod-only file) has no run blocks.
  if (names.length === 0 && options.runs.length === 0) {
    return { output: options.format === 'json' ? formatRunJson(path, options, [], lines) : `${path} has no run blocks: nothing to run\n`, exitCode: 0 };
  }
  for (const wanted of options.runs) {
    if (!names.includes(wanted)) throw new CliError(`amp run: ${path} has no run named "${wanted}" (its runs: ${names.map((n) => `"${n}"`).join(', ')})`);
  }
  const chosen = names.map((n, i) => ({ n, i })).filter(({ n }) => options.runs.length === 0 || options.runs.includes(n));

  const runtimeEnv: RuntimeEnv = {
    transcripts: readTranscripts(program, dirname(abs), env.cwd),
    humanTranscript: options.replay !== undefined ? readTranscript(resolve(env.cwd, options.replay), options.replay) : undefined,
    human: options.replay === undefined ? humanFromStdin(env) : undefined,
  };

  const writer = options.trace !== undefined ? new TraceWriter() : undefined;
  const trace: string[] = [];
  if (writer) trace.push(writer.header({ file: path, costModel: options.costModel, meta: options.meta, runs: chosen.map((c) => c.n) }));
  const reports: RunReport[] = [];
  for (const { n, i } of chosen) {
    if (writer) trace.push(writer.runStart(n, i, program.runs[i].span));
    const result = executeRun(program, i, {
      costModel: options.costModel,
      meta: options.meta,
      env: runtimeEnv,
      onStep: writer ? (events, state) => trace.push(writer.step(state.step, events)) : undefined,
    });
    if (writer) trace.push(writer.runEnd(n, result.state.step, result.state.status));
    reports.push(result.report);
  }
  if (options.trace !== undefined) {
    const out = resolve(env.cwd, options.trace);
    try {
      writeFileSync(out, trace.join('\n') + '\n');
    } catch (e) {
      throw new CliError(`amp run: cannot write the trace '${options.trace}': ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (e as Error).message}`);
    }
  }

  const failed = reports.filter((r) => !r.passed).length;
  const output = options.format === 'json' ? formatRunJson(path, options, reports, lines) : formatRunText(path, options, reports, lines, env.color);
  return { output, exitCode: failed > 0 ? 1 : 0 };
}

function readTranscript(abs: string, shown: string): Transcript {
  const text = readChecked(abs, shown);
  const parsed = parseTranscript(text, shown);
  if ('error' in parsed) throw new CliError(`amp run: ${shown}:${parsed.error.line}: ${parsed.error.message}`);
  return parsed.transcript;
}

/** The transcripts of the spec's replay agents, read relative to the spec's folder. */
function readTranscripts(program: { agents: ReadonlyMap<string, { replays?: string }> }, folder: string, cwd: string): Map<string, Transcript> {
  const out = new Map<string, Transcript>();
  for (const def of program.agents.values()) {
    if (def.replays === undefined || out.has(def.replays)) continue;
    const abs = resolve(folder, def.replays);
    out.set(def.replays, { ...readTranscript(abs, shownPath(cwd, abs)), path: def.replays });
  }
  return out;
}

/** Answers `human` from standard input, prompting on standard error. */
function humanFromStdin(env: RunEnvironment): RuntimeEnv['human'] {
  const readLine = env.readLine;
  if (!readLine) return () => null;
  return (req: HumanRequest) => {
    env.writeErr(`\n[human, activation ${req.activation}, budget ${req.budget}${req.turn ? `, turn ${req.turn}` : ''}]\n${req.text}\n> `);
    return readLine();
  };
}

// ---- output -----------------------------------------------------------------------------------------------------------

const SGR = { reset: '\x1b[0m', bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', green: '\x1b[32m' };

function short(text: string, max = 120): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

function formatRunText(path: string, options: RunOptions, reports: readonly RunReport[], lines: LineIndex, color: boolean): string {
  const paint = (style: string, s: string) => (color ? style + s + SGR.reset : s);
  const out: string[] = [];
  const where = (at?: { start: number }) => {
    if (!at) return path;
    const p = lines.positionAt(at.start);
    return `${path}:${p.line + 1}:${p.character + 1}`;
  };
  for (const r of reports) {
    out.push(`${paint(SGR.bold, `run "${r.run}"`)} (${where(r.at)}, cost model ${r.costModel}${r.meta ? ', meta mode' : ''})`);
    for (const a of r.asks) {
      out.push(`  ask ${a.agent} "${short(a.question)}" budget ${a.budget}`);
      if (a.reply !== undefined) out.push(`    ${a.error ? paint(SGR.red, 'error reply') : 'reply'}: ${short(a.reply, 400)}`);
      else out.push('    no reply');
      if (a.meta?.output !== undefined) out.push(`    meta output: ${JSON.stringify(a.meta.output)}`);
      if (a.meta?.state !== undefined) out.push(`    meta state: ${short(a.meta.state)}`);
      out.push(`    budget: ${a.budget} allotted, ${a.spent} spent, ${a.returned} returned`);
    }
    if (r.ledger.length) {
      out.push('  ledger:');
      const width = Math.max(5, ...r.ledger.map((l) => l.agent.length));
      out.push(`    ${'agent'.padEnd(width)}  activations  allotted     spent  returned`);
      for (const l of r.ledger) {
        out.push(`    ${l.agent.padEnd(width)}  ${String(l.activations).padStart(11)}  ${String(l.allotted).padStart(8)}  ${String(l.spent).padStart(8)}  ${String(l.returned).padStart(8)}`);
      }
    }
    for (const e of r.expects) {
      const what = e.kind === 'reply' ? `expect reply "${short(e.expected ?? '')}"` : `expect error${e.expected !== undefined ? ` "${short(e.expected)}"` : ''}`;
      out.push(`  ${what}: ${e.passed ? paint(SGR.green, 'passed') : paint(SGR.red, 'FAILED')} (${where(e.at)})`);
      if (!e.passed) {
        if (e.kind === 'reply' && e.expected !== undefined) out.push(`    expected: ${short(e.expected, 400)}`);
        if (e.actual !== undefined) out.push(`    actual:   ${short(e.actual, 400)}`);
        if (e.reason) out.push(`    ${e.reason}`);
      }
    }
    if (r.fault) out.push(`  ${paint(SGR.red, 'stopped')}: ${r.fault}`);
    out.push(`  ${r.passed ? paint(SGR.green, 'passed') : paint(SGR.red, 'failed')} in ${r.steps} step${r.steps === 1 ? '' : 's'}`);
    out.push('');
  }
  const failed = reports.filter((r) => !r.passed).length;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  out.push(`${plural(reports.length, 'run')}: ${reports.length - failed} passed${failed ? `, ${paint(SGR.red, `${failed} failed`)}` : ''}${options.trace !== undefined ? ` (trace: ${options.trace})` : ''}`);
  return out.join('\n') + '\n';
}

function formatRunJson(path: string, options: RunOptions, reports: readonly RunReport[], lines: LineIndex): string {
  const range = (at?: { start: number; end: number }): JsonRange | undefined => (at ? { start: lines.positionAt(at.start), end: lines.positionAt(at.end) } : undefined);
  const runs: JsonRun[] = reports.map((r) => ({
    name: r.run,
    status: r.status,
    passed: r.passed,
    steps: r.steps,
    asks: r.asks.map((a) => ({
      agent: a.agent,
      question: a.question,
      budget: a.budget,
      ...(a.reply !== undefined ? { reply: a.reply } : {}),
      error: a.error,
      spent: a.spent,
      returned: a.returned,
      ...(a.meta ? { meta: a.meta } : {}),
      ...(a.at ? { range: range(a.at) } : {}),
    })),
    expects: r.expects.map((e) => ({ kind: e.kind, passed: e.passed, ...(e.expected !== undefined ? { expected: e.expected } : {}), ...(e.actual !== undefined ? { actual: e.actual } : {}), ...(e.reason ? { reason: e.reason } : {}), ...(e.at ? { range: range(e.at) } : {}) })),
    ledger: r.ledger,
    ...(r.fault ? { fault: r.fault } : {}),
  }));
  const failed = reports.filter((r) => !r.passed).length;
  const out: JsonRunOutput = { file: path, costModel: options.costModel, meta: options.meta, runs, summary: { runs: reports.length, passed: reports.length - failed, failed } };
  return JSON.stringify(out, null, 2) + '\n';
}

// ---- standard input -------------------------------------------------------------------------------------------------

/**
 * A synchronous line reader over standard input (the runtime asks for the human's answer in the middle of a step).
 * Returns null at the end of input.
 */
export function stdinLineReader(fd = 0): () => string | null {
  let buffered = '';
  let ended = false;
  const chunk = Buffer.alloc(65536);
  const decoder = new StringDecoder('utf8');
  return () => {
    for (;;) {
      const nl = buffered.indexOf('\n');
      if (nl >= 0) {
        const line = buffered.slice(0, nl).replace(/\r$/, '');
        buffered = buffered.slice(nl + 1);
        return line;
      }
      if (ended) {
        if (buffered === '') return null;
        const line = buffered;
        buffered = '';
        return line;
      }
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // A non-blocking stdin has nothing yet: wait a moment and try again.
        if (code === 'EAGAIN') {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
          continue;
        }
        if (code === 'EOF') n = 0;
        else throw e;
      }
      if (n === 0) {
        ended = true;
        buffered += decoder.end();
      } else buffered += decoder.write(chunk.subarray(0, n));
    }
  };
}
