// The launch configuration: its attributes (validated, with warnings for unknown ones), and loading what it names —
// the spec (checked and compiled; errors printed as `amp check` prints them), the runs to debug, the transcripts of
// replay agents and of `human`, the trace file to write, the header that governs the spec (its own or a manifest's:
// runs are governed as `amp run` governs them) and the Atlas of Scars on disk. The file system is read here and
// nowhere else in the adapter but the trace writer and the scar log (atlas.ts).

import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { checkDocument } from '../core/check/index';
import { sortDiagnostics } from '../core/diagnostics';
import { readManifest, type EthicsHeader } from '../core/check/header';
import { COST_MODELS, parseTranscript, prepare, selfmodTargets, type CostModelName, type Program, type RuntimeEnv, type SelfmodTarget, type Transcript } from '../core/runtime/index';
import { LineIndex } from '../core/text';
import { suggest } from '../core/util/suggest';
import { findManifest, hasOwnHeader, type ManifestReader } from '../core/workspace/manifest';
import { formatText } from '../cli/format-text';
import { DebugAtlas } from './atlas';
import { diskManifestReader } from '../io/manifest-reader';

/** The launch attributes the adapter reads (package.json `debuggers[0].configurationAttributes.launch`). */
export interface LaunchArguments {
  readonly program: string;
  /** One run's name, several, or all runs when absent. */
  readonly run?: string | readonly string[];
  readonly costModel: CostModelName;
  readonly meta: boolean;
  readonly stopOnEntry: boolean;
  readonly stopAtEnd: boolean;
  readonly trace?: string;
  readonly replay?: string;
  /** The Atlas of Scars on disk (a hash-chained JSONL log) the runs read and append to. */
  readonly scars?: string;
  readonly cwd: string;
  readonly noDebug: boolean;
}

/** Attributes of this debugger, with a check of their value (an error message, or undefined when it is fine). */
const ATTRIBUTES: Record<string, (v: unknown) => string | undefined> = {
  program: (v) => (typeof v === 'string' && v.trim() !== '' ? undefined : 'must be the path of an .amp file'),
  run: (v) => (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')) ? undefined : "must be a run's name (or a list of names)"),
  costModel: (v) => (typeof v === 'string' && (COST_MODELS as readonly string[]).includes(v) ? undefined : `must be one of ${COST_MODELS.map((m) => `"${m}"`).join(', ')}`),
  meta: boolean,
  stopOnEntry: boolean,
  stopAtEnd: boolean,
  trace: (v) => (typeof v === 'string' && v.trim() !== '' ? undefined : 'must be the path of the JSONL trace to write'),
  replay: (v) => (typeof v === 'string' && v.trim() !== '' ? undefined : 'must be the path of a JSONL transcript'),
  scars: (v) => (typeof v === 'string' && v.trim() !== '' ? undefined : 'must be the path of the scar log (JSONL)'),
  cwd: (v) => (typeof v === 'string' && v.trim() !== '' ? undefined : 'must be a folder'),
  noDebug: boolean,
  // Read by the extension (which adapter runs the session); accepted here so it is not reported as unknown.
  debugAdapter: (v) => (v === 'inline' || v === 'executable' ? undefined : 'must be "inline" or "executable"'),
};

/** The launch attributes the adapter knows (package.json must describe the same ones, but `noDebug`, which clients set). */
export const LAUNCH_ATTRIBUTES: readonly string[] = Object.keys(ATTRIBUTES);

function boolean(v: unknown): string | undefined {
  return typeof v === 'boolean' ? undefined : 'must be true or false';
}

/** Attributes every DAP client or VS Code may add to any configuration. */
const GENERIC = new Set(['type', 'request', 'name', 'preLaunchTask', 'postDebugTask', 'internalConsoleOptions', 'debugServer', 'presentation', 'suppressMultipleSessionWarning']);

export type ParsedArguments = { readonly args: LaunchArguments; readonly warnings: readonly string[] } | { readonly error: string };

/** Validates the launch request's arguments. Unknown attributes are warnings; a wrong value of a known one is an error. */
export function parseLaunchArguments(raw: unknown, defaultCwd: string): ParsedArguments {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { error: 'the launch configuration must be a JSON object with at least "program"' };
  const o = raw as Record<string, unknown>;
  const warnings: string[] = [];
  for (const key of Object.keys(o)) {
    if (key in ATTRIBUTES || GENERIC.has(key) || key.startsWith('__')) continue;
    const guess = suggest(key, Object.keys(ATTRIBUTES));
    warnings.push(`unknown launch attribute "${key}" is ignored${guess ? ` (did you mean "${guess}"?)` : ''}; the attributes are ${Object.keys(ATTRIBUTES).join(', ')}`);
  }
  if (o.program === undefined) return { error: 'the launch configuration has no "program": set it to the .amp file to debug (in VS Code, "${file}" is the active editor)' };
  for (const [key, check] of Object.entries(ATTRIBUTES)) {
    if (o[key] === undefined) continue;
    const problem = check(o[key]);
    if (problem) return { error: `the launch attribute "${key}" ${problem} (it is ${JSON.stringify(o[key])})` };
  }
  const cwd = typeof o.cwd === 'string' ? resolve(defaultCwd, o.cwd) : defaultCwd;
  return {
    args: {
      program: o.program as string,
      run: o.run as LaunchArguments['run'],
      costModel: (o.costModel as CostModelName | undefined) ?? 'seed',
      meta: (o.meta as boolean | undefined) ?? false,
      stopOnEntry: (o.stopOnEntry as boolean | undefined) ?? false,
      stopAtEnd: (o.stopAtEnd as boolean | undefined) ?? false,
      trace: o.trace as string | undefined,
      replay: o.replay as string | undefined,
      scars: o.scars as string | undefined,
      cwd,
      noDebug: (o.noDebug as boolean | undefined) ?? false,
    },
    warnings,
  };
}

/** A spec ready to debug. */
export interface Loaded {
  readonly path: string;
  /** The path as messages show it (relative to cwd). */
  readonly shown: string;
  readonly text: string;
  readonly program: Program;
  /** Indices of the runs to debug, in file order. */
  readonly runs: readonly number[];
  /** The self-modification runs to debug (after the runs), in file order. */
  readonly selfmods: readonly SelfmodTarget[];
  /** The ethics header that governs the spec when it comes from a manifest (the file's own is read by the layer). */
  readonly header?: EthicsHeader;
  /** The Atlas of Scars on disk, when the launch names one. */
  readonly atlas?: DebugAtlas;
  readonly env: RuntimeEnv;
  /** The absolute path of the trace to write, if any. */
  readonly trace?: string;
  /** Warnings to print (the checker's warnings are not among them: the editor shows those). */
  readonly notes: readonly string[];
}

/** Why a launch cannot go on: a one-paragraph message, and a longer text for the console (the checker's output). */
export class LaunchError extends Error {
  constructor(
    message: string,
    readonly details?: string,
  ) {
    super(message);
  }
}

export function shownPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return rel === '' ? basename(abs) : rel.startsWith('..') || isAbsolute(rel) ? abs : rel;
}

function readText(abs: string, shown: string, what: string): string {
  let isFile: boolean;
  try {
    isFile = statSync(abs).isFile();
  } catch {
    throw new LaunchError(`Cannot launch: the ${what} '${shown}' does not exist (${abs}).`);
  }
  if (!isFile) throw new LaunchError(`Cannot launch: the ${what} '${shown}' is a folder, not a file.`);
  try {
    return readFileSync(abs, 'utf8');
  } catch (e) {
    throw new LaunchError(`Cannot launch: the ${what} '${shown}' cannot be read: ${(e as Error).message}`);
  }
}

const nodeReader: ManifestReader = diskManifestReader({
  unreadable: (path, e) => new LaunchError(`Cannot launch: the manifest '${path}' cannot be read: ${e.message}`),
});

/** Reads, checks and compiles the program and everything the configuration names. Throws LaunchError. */
export function load(args: LaunchArguments): Loaded {
  const path = resolve(args.cwd, args.program);
  const shown = shownPath(args.cwd, path);
  const text = readText(path, shown, 'program');
  const manifest = hasOwnHeader(text) ? undefined : findManifest(path, nodeReader);
  const governing = manifest && { path: shownPath(args.cwd, manifest.path), text: manifest.text };

  const check = checkDocument({ path: shown, text, manifest: governing });
  const errors = check.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    const lines = new LineIndex(text);
    const places = new Map([[shown, { path: shown, absPath: path, lines }]]);
    if (governing) places.set(governing.path, { path: governing.path, absPath: manifest!.path, lines: new LineIndex(governing.text) });
    const output = formatText(
      {
        cwd: args.cwd,
        files: [{ path: shown, absPath: path, lines, diagnostics: sortDiagnostics(check.diagnostics) }],
        placeOf: (file) => places.get(file) ?? { path: file, absPath: resolve(args.cwd, file), lines },
      },
      { color: false, quiet: false },
    );
    throw new LaunchError(`Cannot launch: ${shown} has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} first.\n${output.trimEnd()}`, output);
  }
  const prepared = prepare({ path: shown, text, manifest: governing });
  if (!prepared.ok) {
    const lines = new LineIndex(text);
    const output = prepared.compileErrors.map((e) => {
      const p = lines.positionAt(e.start);
      return `${shown}:${p.line + 1}:${p.character + 1}: error: ${e.message}`;
    });
    const all = output.length ? output : prepared.diagnostics.filter((d) => d.severity === 'error').map((d) => `${shown}: error ${d.code}: ${d.message}`);
    throw new LaunchError(`Cannot launch: ${shown} cannot be compiled.\n${all.join('\n')}`, all.join('\n') + '\n');
  }
  const program = prepared.program;

  const names = program.runs.map((r) => r.label);
  const targets = selfmodTargets(program);
  const smNames = targets.map((t) => t.name);
  if (names.length === 0 && targets.length === 0) {
    throw new LaunchError(`Cannot launch: ${shown} has no run blocks, so there is nothing to debug. Add one, e.g. run "try it" { ask Agent "…" budget 100 }.`);
  }
  const wanted = args.run === undefined ? undefined : typeof args.run === 'string' ? [args.run] : args.run;
  let runs: number[];
  let selfmods: SelfmodTarget[];
  if (wanted === undefined || wanted.length === 0) {
    runs = names.map((_, i) => i);
    selfmods = targets;
  } else {
    for (const w of wanted) {
      if (!names.includes(w) && !smNames.includes(w)) {
        const guess = suggest(w, [...names, ...smNames]);
        const known = [names.length || !targets.length ? `Its runs: ${names.map((n) => `"${n}"`).join(', ')}.` : '', targets.length ? `Its selfmod declarations: ${smNames.map((n) => `"${n}"`).join(', ')}.` : ''];
        throw new LaunchError(`Cannot launch: ${shown} has no run named "${w}"${guess ? ` (did you mean "${guess}"?)` : ''}. ${known.filter(Boolean).join(' ')}`);
      }
    }
    runs = names.map((_, i) => i).filter((i) => wanted.includes(names[i]));
    selfmods = targets.filter((t) => wanted.includes(t.name));
  }

  const transcripts = new Map<string, Transcript>();
  for (const def of program.agents.values()) {
    if (def.replays === undefined || transcripts.has(def.replays)) continue;
    const abs = resolve(dirname(path), def.replays);
    transcripts.set(def.replays, { ...readTranscript(abs, shownPath(args.cwd, abs), `transcript of ${def.name}`), path: def.replays });
  }
  const humanTranscript = args.replay !== undefined ? readTranscript(resolve(args.cwd, args.replay), args.replay, 'replay transcript') : undefined;

  let trace: string | undefined;
  if (args.trace !== undefined) {
    trace = resolve(args.cwd, args.trace);
    // Fail now, not when the session ends: the trace is written then.
    try {
      closeSync(openSync(trace, 'a'));
    } catch (e) {
      throw new LaunchError(`Cannot launch: the trace '${args.trace}' cannot be written: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : (e as Error).message}`);
    }
  }
  // Runs are governed as `amp run` governs them: the manifest's header when a manifest governs the spec.
  const header = governing ? readManifest(governing.text).header : undefined;
  let atlas: DebugAtlas | undefined;
  if (args.scars !== undefined) {
    try {
      atlas = DebugAtlas.open(resolve(args.cwd, args.scars), args.scars);
    } catch (e) {
      throw new LaunchError(`Cannot launch: ${(e as Error).message}.`);
    }
  }
  return {
    path,
    shown,
    text,
    program,
    runs,
    selfmods,
    ...(header ? { header } : {}),
    ...(atlas ? { atlas } : {}),
    env: { transcripts, humanTranscript },
    trace,
    notes: [],
  };
}

function readTranscript(abs: string, shown: string, what: string): Transcript {
  const text = readText(abs, shown, what);
  const parsed = parseTranscript(text, shown);
  if ('error' in parsed) throw new LaunchError(`Cannot launch: ${shown}:${parsed.error.line}: ${parsed.error.message}`);
  return parsed.transcript;
}
