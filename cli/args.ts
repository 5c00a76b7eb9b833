// Command-line parsing for `amp`: turns argv into a command and its options, or a usage error. No I/O here, so every
// rule about what the command line may contain is in one testable place.

import { scarsUsage } from './scars-command';

/** An error the user caused by how they called `amp`; main prints its message and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 2,
  ) {
    super(message);
  }
}

/** The output formats of `amp check`. */
export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

/** Options of `amp check`, after validation. */
export interface CheckOptions {
  /** Files and folders to check, as given (relative to the current folder or absolute). */
  readonly paths: readonly string[];
  /** Files and folders to leave out, as given; a folder excludes everything under it. */
  readonly exclude: readonly string[];
  readonly format: Format;
  /** Report errors only: warnings and lesser diagnostics are dropped from every format. */
  readonly quiet: boolean;
  /** False when `--no-color` was given; colour also needs a TTY and no NO_COLOR, which main decides. */
  readonly color: boolean;
}

/** The output formats of `amp run`. */
export const RUN_FORMATS = ['text', 'json'] as const;

/** Options of `amp run`, after validation. */
export interface RunOptions {
  /** The spec to run, as given. */
  readonly file: string;
  /** The runs to execute, by name (`--run`, repeatable); empty: every run, in file order. */
  readonly runs: readonly string[];
  readonly costModel: 'seed' | 'alba';
  /** Where to write the JSONL trace (`--trace`). */
  readonly trace?: string;
  readonly format: (typeof RUN_FORMATS)[number];
  /** A transcript that answers for `human` instead of standard input (`--replay`). */
  readonly replay?: string;
  /** Run each root question as Meta(HCH(A, n)) (`--meta`). */
  readonly meta: boolean;
  /** The Atlas of Scars log the runs' scar events are appended to (`--scars`). */
  readonly scars?: string;
  /** The folder whose `.well-known/compiler_ethics.json` receives the run's manifest (`--manifest`). */
  readonly manifest?: string;
  readonly color: boolean;
}

/** What the command line asks for. `help` carries the command whose usage to print (undefined: the overview). */
export type Invocation =
  | { readonly kind: 'help'; readonly command?: string }
  | { readonly kind: 'version' }
  | { readonly kind: 'check'; readonly options: CheckOptions }
  | { readonly kind: 'run'; readonly options: RunOptions }
  | { readonly kind: 'scars'; readonly argv: readonly string[] };

/** The subcommands `amp` knows, in the order usage lists them. Add new subcommands here and in main's dispatch table. */
export const COMMANDS = ['check', 'run', 'scars'] as const;

/** Usage text: the overview, or one command's. Printed on stdout for --help and on stderr after a usage error. */
export function usage(command?: string): string {
  if (command === 'run') return runUsage();
  if (command === 'scars') return scarsUsage();
  if (command === 'check') {
    return [
      'Usage: amp check [options] PATH...',
      '',
      'Checks AMP specs (*.amp) and ethics manifests (compiler_ethics.json). Folders are searched recursively;',
      'files named explicitly are checked whatever their extension (.json as a manifest, anything else as AMP).',
      '',
      'Options:',
      '  --format, -f FORMAT       text, json or sarif (default: text)',
      '  --exclude PATH            leave out a file or folder (repeatable)',
      '  --quiet, -q               report errors only',
      '  --no-color                never colour the output',
      '  --help, -h                show this help',
      '',
      'Exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable path.',
    ].join('\n');
  }
  return [
    'Usage: amp <command> [options]',
    '',
    'Commands:',
    '  check PATH...   check AMP specs and ethics manifests',
    '  run FILE        run the run blocks of an AMP spec',
    '  scars verify FILE  verify an Atlas of Scars log (hash chain, torn last line)',
    '',
    'Options:',
    '  --help, -h      show help (amp <command> --help for a command)',
    '  --version       print the version',
  ].join('\n');
}

/** Parses the arguments after `node cli.js`. Throws CliError (exit 2) on anything it does not understand. */
export function parseArgs(argv: readonly string[]): Invocation {
  const [command, ...rest] = argv;
  if (command === undefined) throw new CliError(`amp: missing command (known commands: ${COMMANDS.join(', ')}); try 'amp --help'`);
  if (command === '--help' || command === '-h' || command === 'help') return { kind: 'help', command: command === 'help' ? rest[0] : undefined };
  if (command === '--version') return { kind: 'version' };
  if (command.startsWith('-')) throw new CliError(`amp: unknown option '${command}'; try 'amp --help'`);
  switch (command) {
    case 'check':
      return parseCheck(rest);
    case 'run':
      return parseRun(rest);
    case 'scars':
      // The scars command parses its own arguments (cli/scars-command.ts).
      return { kind: 'scars', argv: rest };
    // New subcommands get their own case and parser here.
    default:
      throw new CliError(`amp: unknown command '${command}' (known commands: ${COMMANDS.join(', ')})`);
  }
}

/** What an option handler reads: the option's name, and its value or the promise that it takes none. */
export interface OptionReader {
  readonly name: string;
  /** The option's value, from `--name=value` or the next argument. */
  value(): string;
  /** Asserts the option was given no `=value`. */
  flag(): void;
}

/**
 * The argument scanner every subcommand shares: plain arguments (and everything after `--`) are positionals; options
 * are `--name value` or `--name=value`, as most CLIs accept. `onOption` handles one option and returns a result to stop
 * early (e.g. `--help`), or undefined to go on. `command` prefixes the usage errors (e.g. 'amp check').
 */
export function scanArgs<T>(argv: readonly string[], command: string, onOption: (option: OptionReader) => T | undefined): { positionals: string[]; stopped?: T } {
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    const stopped = onOption({
      name,
      value: () => {
        if (inline !== undefined) return inline;
        const next = argv[i + 1];
        if (next === undefined) throw new CliError(`${command}: option '${name}' needs a value`);
        i++;
        return next;
      },
      flag: () => {
        if (inline !== undefined) throw new CliError(`${command}: option '${name}' takes no value`);
      },
    });
    if (stopped !== undefined) return { positionals, stopped };
  }
  return { positionals };
}

function parseCheck(argv: readonly string[]): Invocation {
  const exclude: string[] = [];
  let format: Format = 'text';
  let quiet = false;
  let color = true;
  const { positionals: paths, stopped } = scanArgs<Invocation>(argv, 'amp check', ({ name, value, flag }) => {
    switch (name) {
      case '--help':
      case '-h':
        flag();
        return { kind: 'help', command: 'check' };
      case '--format':
      case '-f': {
        const f = value();
        if (!(FORMATS as readonly string[]).includes(f)) throw new CliError(`amp check: unknown format '${f}' (expected ${FORMATS.join(', ')})`);
        format = f as Format;
        return undefined;
      }
      case '--exclude':
        exclude.push(value());
        return undefined;
      case '--quiet':
      case '-q':
        flag();
        quiet = true;
        return undefined;
      case '--no-color':
        flag();
        color = false;
        return undefined;
      default:
        throw new CliError(`amp check: unknown option '${name}'; try 'amp check --help'`);
    }
  });
  if (stopped) return stopped;
  if (paths.length === 0) throw new CliError(`amp check: missing PATH (a file or folder to check); try 'amp check --help'`);
  return { kind: 'check', options: { paths, exclude, format, quiet, color } };
}

function runUsage(): string {
  return [
    'Usage: amp run [options] FILE',
    '',
    'Runs the run blocks of an AMP spec: prints each root question\'s reply, the budget ledger (allotted, spent and',
    'returned per agent), what the governance layer and the conscience calculator decided, and each expectation.',
    'Each selfmod declaration runs as a seeded self-modification simulation after the run blocks: the outcome per',
    'proposal, C_L4 and BGSS at the end. A spec with errors is reported as `amp check` reports it.',
    'The `human` agent answers from standard input (prompts go to standard error).',
    '',
    'Options:',
    '  --run NAME                run only the run or selfmod declaration called NAME (repeatable; default: all)',
    '  --cost-model MODEL        seed or alba (default: seed)',
    '  --meta                    run each root question as Meta(HCH(A, n)) (seed 000)',
    '  --trace OUT.jsonl         write every step to a JSONL trace',
    '  --replay TRANSCRIPT.jsonl answer for `human` from a recorded transcript instead of standard input',
    '  --scars LOG.jsonl         append the runs\' scar events to this Atlas of Scars log (hash-chained, fsync\'ed;',
    '                            check it with `amp scars verify LOG.jsonl`)',
    '  --manifest DIR            write the run\'s ethics manifest to DIR/.well-known/compiler_ethics.json',
    '  --format, -f FORMAT       text or json (default: text)',
    '  --no-color                never colour the output',
    '  --help, -h                show this help',
    '',
    'Exit status: 0 every expectation holds, 1 an expectation fails or a run does not finish,',
    '2 a spec with errors, bad usage, or an unreadable file.',
  ].join('\n');
}

function parseRun(argv: readonly string[]): Invocation {
  const runs: string[] = [];
  let costModel: RunOptions['costModel'] = 'seed';
  let trace: string | undefined;
  let replay: string | undefined;
  let format: RunOptions['format'] = 'text';
  let meta = false;
  let color = true;
  let scars: string | undefined;
  let manifest: string | undefined;
  const { positionals: files, stopped } = scanArgs<Invocation>(argv, 'amp run', ({ name, value, flag }) => {
    switch (name) {
      case '--help':
      case '-h':
        flag();
        return { kind: 'help', command: 'run' };
      case '--run':
        runs.push(value());
        return undefined;
      case '--cost-model': {
        const m = value();
        if (m !== 'seed' && m !== 'alba') throw new CliError(`amp run: unknown cost model '${m}' (expected seed, alba)`);
        costModel = m;
        return undefined;
      }
      case '--trace':
        trace = value();
        return undefined;
      case '--replay':
        replay = value();
        return undefined;
      case '--scars':
        scars = value();
        if (scars === '') throw new CliError(`amp run: option '--scars' needs a file`);
        return undefined;
      case '--manifest':
        manifest = value();
        if (manifest === '') throw new CliError(`amp run: option '--manifest' needs a folder`);
        return undefined;
      case '--format':
      case '-f': {
        const f = value();
        if (!(RUN_FORMATS as readonly string[]).includes(f)) throw new CliError(`amp run: unknown format '${f}' (expected ${RUN_FORMATS.join(', ')})`);
        format = f as RunOptions['format'];
        return undefined;
      }
      case '--meta':
        flag();
        meta = true;
        return undefined;
      case '--no-color':
        flag();
        color = false;
        return undefined;
      default:
        throw new CliError(`amp run: unknown option '${name}'; try 'amp run --help'`);
    }
  });
  if (stopped) return stopped;
  if (files.length === 0) throw new CliError(`amp run: missing FILE (the spec to run); try 'amp run --help'`);
  if (files.length > 1) throw new CliError(`amp run: one FILE at a time (got ${files.length}: ${files.join(', ')})`);
  return { kind: 'run', options: { file: files[0], runs, costModel, trace, format, replay, meta, color, ...(scars !== undefined ? { scars } : {}), ...(manifest !== undefined ? { manifest } : {}) } };
}
