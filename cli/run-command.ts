// `amp run FILE`: checks the spec (errors are printed exactly as `amp check` prints them, exit 2), compiles it, runs
// its run blocks with the pure core runtime under seed 002's governance layer and seed 003's conscience calculator,
// then its selfmod declarations with seed 004's simulator, and prints each run's replies, budget ledger, governance
// notes, decisions and expectations (and each self-modification run's outcomes) as text or JSON. The file system
// lives here: the spec, the transcripts, the trace, the Atlas of Scars log (io/scar-log.ts) and the run's manifest
// (io/manifest-file.ts) are read and written by this module only.

import { readSync, writeFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { dirname, resolve } from 'node:path';
import { readManifest } from '../core/check/header';
import { checkDocument } from '../core/check/index';
import { buildManifest, type ScarRecord } from '../core/governance/index';
import {
  atlasStep, executeRun, executeSelfmod, governedHooks, governedStateOf, parseTranscript, prepare, runManifest, selfmodLines, selfmodTargets, startGovernedState, TraceWriter,
  type CostModelName, type HumanRequest, type MachineState, type RunReport, type RuntimeEnv, type RuntimeEvent, type SelfmodReport, type Transcript,
} from '../core/runtime/index';
import { LineIndex, type Position } from '../core/text';
import { findManifest, hasOwnHeader } from '../core/workspace/manifest';
import { AtlasWriter } from '../io/atlas';
import { ScarLog, ScarLogError } from '../io/scar-log';
import { writeManifest } from '../io/manifest-file';
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
  /** The self-modification runs (present when the spec has selfmod declarations that ran). */
  readonly selfmod?: readonly JsonSelfmod[];
  /** What `--scars` appended. */
  readonly scars?: ScarsSummary;
  /** Where `--manifest` wrote the manifest. */
  readonly manifest?: string;
  /** Runs and self-modification runs together. */
  readonly summary: { readonly runs: number; readonly passed: number; readonly failed: number };
}

/** A self-modification run in JSON: its report, with the declaration's range. */
export type JsonSelfmod = Omit<SelfmodReport, 'at'> & { readonly range?: JsonRange };

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
  /** The governance layer's notes, in order (present when it recorded any). */
  readonly governance?: readonly { readonly name: string; readonly text?: string; readonly detail: Readonly<Record<string, unknown>>; readonly range?: JsonRange }[];
  readonly trustSliceStatus?: RunReport['trustSliceStatus'];
  /** Every choice decided, with its explanation and the ledger of each option by level. */
  readonly decisions?: readonly { readonly options: readonly string[]; readonly chosen: number; readonly explanation: string; readonly ledger?: Readonly<Record<string, unknown>>; readonly range?: JsonRange }[];
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
  const targets = selfmodTargets(program);
  // Nothing to run is not a failure: a library of declarations has no run blocks and no selfmod declarations.
  if (names.length === 0 && targets.length === 0 && options.runs.length === 0) {
    return { output: options.format === 'json' ? formatRunJson(path, options, [], [], lines, {}) : `${path} has no run blocks: nothing to run\n`, exitCode: 0 };
  }
  for (const wanted of options.runs) {
    if (!names.includes(wanted) && !targets.some((t) => t.name === wanted)) {
      const known = [names.length || !targets.length ? `its runs: ${names.map((n) => `"${n}"`).join(', ')}` : '', targets.length ? `its selfmod declarations: ${targets.map((t) => `"${t.name}"`).join(', ')}` : ''];
      throw new CliError(`amp run: ${path} has no run named "${wanted}" (${known.filter(Boolean).join('; ')})`);
    }
  }
  const chosen = names.map((n, i) => ({ n, i })).filter(({ n }) => options.runs.length === 0 || options.runs.includes(n));
  const chosenSelfmod = targets.filter((t) => options.runs.length === 0 || options.runs.includes(t.name));

  const runtimeEnv: RuntimeEnv = {
    transcripts: readTranscripts(program, dirname(abs), env.cwd),
    humanTranscript: options.replay !== undefined ? readTranscript(resolve(env.cwd, options.replay), options.replay) : undefined,
    human: options.replay === undefined ? humanFromStdin(env) : undefined,
  };
  // A manifest publishes the ethics header that governs the spec: without one there is nothing to publish.
  if (options.manifest !== undefined && program.governance.source === 'none') {
    throw new CliError(`amp run: ${path} has no ethics header (in the file or a compiler_ethics.json that governs it): there is no manifest to write`);
  }
  // The header that governs the spec: a manifest's, or (read by the layer) the file's own.
  const header = governing ? readManifest(governing.text).header : undefined;
  const atlas = options.scars !== undefined ? openAtlas(resolve(env.cwd, options.scars), options.scars) : undefined;

  const writer = options.trace !== undefined ? new TraceWriter() : undefined;
  const trace: string[] = [];
  if (writer) trace.push(writer.header({ file: path, costModel: options.costModel, meta: options.meta, runs: chosen.map((c) => c.n), ...(chosenSelfmod.length ? { selfmod: chosenSelfmod.map((t) => t.name) } : {}) }));
  const reports: RunReport[] = [];
  const finals: MachineState[] = [];
  for (const { n, i } of chosen) {
    if (writer) trace.push(writer.runStart(n, i, program.runs[i].span));
    const hooks = governedHooks({ header, ...(atlas ? { scarRecords: atlas.records, stepBase: atlas.base } : {}) });
    const result = executeRun(program, i, {
      costModel: options.costModel,
      meta: options.meta,
      env: { ...runtimeEnv, hooks },
      onStep: (events, state) => {
        if (writer) trace.push(writer.step(state.step, events));
        if (atlas) atlas.record(events, state);
      },
    });
    if (writer) trace.push(writer.runEnd(n, result.state.step, result.state.status));
    if (atlas) atlas.reached(atlasStep(result.state));
    reports.push(result.report);
    finals.push(result.state);
  }
  const selfmodReports: SelfmodReport[] = [];
  for (const t of chosenSelfmod) {
    if (writer) trace.push(writer.selfmodStart(t.name, t.index, t.at));
    const r = executeSelfmod(t, { onTransition: writer ? (s, k) => trace.push(writer.selfmodCycle(k, s)) : undefined });
    if (writer) trace.push(writer.selfmodEnd(r.report));
    selfmodReports.push(r.report);
  }
  if (options.trace !== undefined) {
    const out = resolve(env.cwd, options.trace);
    try {
      writeFileSync(out, trace.join('\n') + '\n');
    } catch (e) {
      throw new CliError(`amp run: cannot write the trace '${options.trace}': ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (e as Error).message}`);
    }
  }
  let manifestWritten: string | undefined;
  if (options.manifest !== undefined) {
    const last = finals[finals.length - 1];
    const m = (last && runManifest(last, finals.slice(0, -1))) ?? buildManifest(startGovernedState(program, { header, ...(atlas ? { scarRecords: atlas.records, stepBase: atlas.base } : {}) }).gov, atlas?.base ?? 0);
    try {
      manifestWritten = shownPath(env.cwd, writeManifest(resolve(env.cwd, options.manifest), m));
    } catch (e) {
      throw new CliError(`amp run: cannot write the manifest under '${options.manifest}': ${fsReason(e)}`);
    }
  }

  const failed = reports.filter((r) => !r.passed).length + selfmodReports.filter((r) => !r.passed).length;
  const extras: Extras = { ...(atlas ? { scars: atlas.summary(env.cwd) } : {}), ...(manifestWritten !== undefined ? { manifest: manifestWritten } : {}) };
  const output = options.format === 'json' ? formatRunJson(path, options, reports, selfmodReports, lines, extras) : formatRunText(path, options, reports, selfmodReports, lines, env.color, extras);
  return { output, exitCode: failed > 0 ? 1 : 0 };
}

/** What `--scars` and `--manifest` did, for the output. */
interface Extras {
  readonly scars?: ScarsSummary;
  readonly manifest?: string;
}

export interface ScarsSummary {
  readonly path: string;
  /** Records appended by this run (constitution, scar, restorative and recovery records). */
  readonly appended: number;
  /** Records in the log now. */
  readonly records: number;
  /** The chain head after the last record: SHA-256 of its line. */
  readonly head: string;
  /** A torn last line the first append sealed (line number), if there was one. */
  readonly sealed?: number;
  /** A torn last line left as it was, since nothing was appended (line number): the next append seals it. */
  readonly torn?: number;
}

/** A short reason for a file system error. */
function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  if (code === 'EISDIR') return 'is a directory';
  return e instanceof Error ? e.message : String(e);
}

/**
 * The Atlas of Scars on disk for `--scars`: opened and verified before anything runs (a broken chain is refused, never
 * extended), then every scar and restorative event is appended as it happens (one write and an fsync each), preceded
 * by a constitution record when the log has none for the constitution the run is under (io/atlas.ts).
 */
class Atlas {
  private readonly writer: AtlasWriter;

  constructor(
    private readonly log: ScarLog,
    private readonly shown: string,
  ) {
    this.writer = new AtlasWriter(log);
  }

  /** Every record of the log: those read at open and those appended since. */
  get records(): readonly ScarRecord[] {
    return this.writer.records;
  }

  /** The atlas step the next run starts at: time in a kept Atlas only moves forward. */
  get base(): number {
    return this.writer.base;
  }

  /** Moves the step base past where a run ended. */
  reached(atlasStep: number): void {
    this.writer.reached(atlasStep);
  }

  /** Appends the scar events of one step. */
  record(events: readonly RuntimeEvent[], state: MachineState): void {
    try {
      this.writer.record(events, governedStateOf(state));
    } catch (e) {
      throw new CliError(`amp run: cannot append to the scar log '${this.shown}': ${fsReason(e)}`);
    }
  }

  summary(cwd: string): ScarsSummary {
    const { sealed, appended, records } = this.writer;
    const torn = sealed === undefined ? this.log.opened.torn?.line : undefined;
    return {
      path: shownPath(cwd, this.log.path),
      appended,
      records: records.length,
      head: this.log.chainHead.hash,
      ...(sealed !== undefined ? { sealed } : {}),
      ...(torn !== undefined ? { torn } : {}),
    };
  }
}

function openAtlas(abs: string, shown: string): Atlas {
  try {
    return new Atlas(ScarLog.open(abs), shown);
  } catch (e) {
    if (e instanceof ScarLogError) throw new CliError(`amp run: the scar log '${shown}' cannot be extended: ${e.message.replace(/^scar log [^:]*: /, '')}; check it with 'amp scars verify ${shown}'`);
    throw new CliError(`amp: cannot read '${shown}': ${fsReason(e)}`);
  }
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

function formatRunText(path: string, options: RunOptions, reports: readonly RunReport[], selfmod: readonly SelfmodReport[], lines: LineIndex, color: boolean, extras: Extras): string {
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
    const shown = (r.governance ?? []).filter((g) => g.text !== undefined);
    if (shown.length) {
      out.push('  governance:');
      for (const g of shown) {
        const refused = /-refused$|-aborted$/.test(g.name);
        out.push(`    ${refused ? paint(SGR.red, g.text!) : g.text!}`);
      }
    }
    if (r.decisions?.length) {
      out.push('  conscience:');
      for (const d of r.decisions) {
        out.push(`    choose at ${where(d.at)}:`);
        for (const l of d.explanation.split('\n')) out.push(`      ${l}`);
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
  for (const m of selfmod) {
    const settings = m.seed !== undefined ? `, seed ${m.seed}, ${m.cycles} cycles, ε ${m.epsilon}` : '';
    out.push(`${paint(SGR.bold, `selfmod ${m.name}`)} (${where(m.at)}${settings})`);
    for (const l of selfmodLines(m)) out.push(`  ${/ rejected at | rolled back at /.test(l) ? paint(SGR.red, l) : l}`);
    for (const p of m.problems) out.push(`  ${paint(SGR.red, 'cannot simulate')}: ${p}`);
    out.push(`  ${m.passed ? paint(SGR.green, 'finished') : paint(SGR.red, 'failed')} in ${m.transitions} transition${m.transitions === 1 ? '' : 's'}`);
    out.push('');
  }
  const total = reports.length + selfmod.length;
  const failed = reports.filter((r) => !r.passed).length + selfmod.filter((r) => !r.passed).length;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  out.push(`${plural(total, 'run')}: ${total - failed} passed${failed ? `, ${paint(SGR.red, `${failed} failed`)}` : ''}${options.trace !== undefined ? ` (trace: ${options.trace})` : ''}`);
  if (extras.scars) {
    const s = extras.scars;
    const sealed =
      s.sealed !== undefined
        ? `; the torn line ${s.sealed} was sealed with a recovery record`
        : s.torn !== undefined
          ? `; line ${s.torn} is torn (a write was cut short): the next append seals it`
          : '';
    out.push(`scar log ${s.path}: ${s.appended ? `${plural(s.appended, 'record')} appended` : 'nothing to append'}, ${plural(s.records, 'record')} in all${sealed}; head ${s.head.slice(0, 16)}`);
  }
  if (extras.manifest !== undefined) out.push(`manifest: ${extras.manifest}`);
  return out.join('\n') + '\n';
}

function formatRunJson(path: string, options: RunOptions, reports: readonly RunReport[], selfmod: readonly SelfmodReport[], lines: LineIndex, extras: Extras): string {
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
    ...(r.governance ? { governance: r.governance.map((g) => ({ name: g.name, ...(g.text !== undefined ? { text: g.text } : {}), detail: g.detail, ...(g.at ? { range: range(g.at) } : {}) })) } : {}),
    ...(r.trustSliceStatus ? { trustSliceStatus: r.trustSliceStatus } : {}),
    ...(r.decisions
      ? { decisions: r.decisions.map((d) => ({ options: d.options, chosen: d.chosen, explanation: d.explanation, ...(d.ledger ? { ledger: d.ledger } : {}), ...(d.at ? { range: range(d.at) } : {}) })) }
      : {}),
  }));
  const sm: JsonSelfmod[] = selfmod.map(({ at, ...rest }) => ({ ...rest, ...(at ? { range: range(at) } : {}) }));
  const total = reports.length + selfmod.length;
  const failed = reports.filter((r) => !r.passed).length + selfmod.filter((r) => !r.passed).length;
  const out: JsonRunOutput = {
    file: path,
    costModel: options.costModel,
    meta: options.meta,
    runs,
    ...(sm.length ? { selfmod: sm } : {}),
    ...(extras.scars ? { scars: extras.scars } : {}),
    ...(extras.manifest !== undefined ? { manifest: extras.manifest } : {}),
    summary: { runs: total, passed: total - failed, failed },
  };
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
