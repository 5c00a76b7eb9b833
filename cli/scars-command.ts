// `amp scars verify FILE`: checks the hash chain of an Atlas of Scars log and names the first broken record or a
// torn last line. Same conventions as `amp check`: text or JSON on stdout; exit 0 valid, 1 broken chain or torn
// record, 2 bad usage or unreadable file (thrown as CliError, which main prints).

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { scarsFromRecords } from '../core/governance/state';
import { verifyScarLog, type VerifyReport } from '../core/governance/scars-log';
import { CliError, scanArgs } from './args';
import { reason, shownPath } from './files';

/** Output formats of `amp scars verify`. */
export const SCARS_FORMATS = ['text', 'json'] as const;

/** What the `scars` command line asks for. */
export type ScarsInvocation = { readonly kind: 'help' } | { readonly kind: 'verify'; readonly file: string; readonly format: (typeof SCARS_FORMATS)[number] };

/** Usage of `amp scars`. */
export function scarsUsage(): string {
  return [
    'Usage: amp scars verify [options] FILE',
    '',
    'Verifies an Atlas of Scars log (JSONL, hash-chained): every record must carry the SHA-256 of the line before it',
    'and of its own content. Names the first broken record, and reports a torn last line (a write cut short).',
    '',
    'Options:',
    '  --format, -f FORMAT       text or json (default: text)',
    '  --help, -h                show this help',
    '',
    'Exit status: 0 valid, 1 broken chain or torn record, 2 bad usage or unreadable file.',
  ].join('\n');
}

/** Parses the arguments after `amp scars`. Throws CliError (exit 2) on anything it does not understand. */
export function parseScarsArgs(argv: readonly string[]): ScarsInvocation {
  const [sub, ...rest] = argv;
  if (sub === undefined) throw new CliError(`amp scars: missing subcommand (verify); try 'amp scars --help'`);
  if (sub === '--help' || sub === '-h' || sub === 'help') return { kind: 'help' };
  if (sub !== 'verify') throw new CliError(`amp scars: unknown subcommand '${sub}' (known: verify)`);
  let format: (typeof SCARS_FORMATS)[number] = 'text';
  const { positionals: files, stopped } = scanArgs<ScarsInvocation>(rest, 'amp scars verify', ({ name, value, flag }) => {
    if (name === '--help' || name === '-h') {
      flag();
      return { kind: 'help' };
    }
    if (name === '--format' || name === '-f') {
      const f = value();
      if (!(SCARS_FORMATS as readonly string[]).includes(f)) throw new CliError(`amp scars verify: unknown format '${f}' (expected ${SCARS_FORMATS.join(', ')})`);
      format = f as (typeof SCARS_FORMATS)[number];
      return undefined;
    }
    throw new CliError(`amp scars verify: unknown option '${name}'; try 'amp scars --help'`);
  });
  if (stopped) return stopped;
  if (files.length === 0) throw new CliError(`amp scars verify: missing FILE (the scar log to verify); try 'amp scars --help'`);
  if (files.length > 1) throw new CliError(`amp scars verify: one FILE at a time (got ${files.length})`);
  return { kind: 'verify', file: files[0], format };
}


/** The JSON shape of a verification. */
export interface ScarsVerifyJson {
  readonly path: string;
  readonly ok: boolean;
  readonly records: number;
  readonly head: { readonly seq: number; readonly hash: string };
  readonly scars: { readonly total: number; readonly unresolved: number };
  readonly broken: { readonly line: number; readonly seq: number; readonly reason: string } | null;
  readonly torn: { readonly line: number; readonly chars: number; readonly sha256: string } | null;
  readonly recovered: readonly { readonly line: number; readonly chars: number }[];
}

/** The verification as JSON. */
export function verifyJson(path: string, report: VerifyReport): ScarsVerifyJson {
  const scars = scarsFromRecords(report.records);
  return {
    path,
    ok: report.ok,
    records: report.records.length,
    head: { seq: report.head.seq, hash: report.head.hash },
    scars: { total: scars.length, unresolved: scars.filter((s) => s.resolvedAtStep === undefined).length },
    broken: report.broken ? { ...report.broken } : null,
    torn: report.torn ? { line: report.torn.line, chars: report.torn.chars, sha256: report.torn.sha256 } : null,
    recovered: report.recovered.map((r) => ({ ...r })),
  };
}

/** The verification as text lines: `PATH:LINE: …` for problems, then a summary line. */
export function verifyText(path: string, report: VerifyReport): string {
  const lines: string[] = [];
  const n = report.records.length;
  const recs = (k: number) => `${k} record${k === 1 ? '' : 's'}`;
  for (const r of report.recovered) lines.push(`${path}:${r.line}: note: torn line (${r.chars} characters) sealed by the recovery record after it; the chain goes on`);
  if (report.broken) {
    lines.push(`${path}:${report.broken.line}: error: record ${report.broken.seq} is broken: ${report.broken.reason}`);
    lines.push(`${path}: chain broken at line ${report.broken.line}; the ${recs(n)} before it verify`);
  } else if (report.torn) {
    lines.push(`${path}:${report.torn.line}: error: torn last line (${report.torn.chars} characters, no newline): a write was cut short; it is not a record`);
    lines.push(`${path}: the ${recs(n)} before the torn line verify; head ${report.head.hash}`);
  } else {
    const scars = scarsFromRecords(report.records);
    const open = scars.filter((s) => s.resolvedAtStep === undefined).length;
    lines.push(`${path}: valid, ${recs(n)}, ${scars.length} scar${scars.length === 1 ? '' : 's'} (${open} unresolved); head ${report.head.hash}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Runs `amp scars …` (argv after `scars`): the output to print on stdout and the exit code (0 valid, 1 broken or
 * torn). Throws CliError (exit 2) for bad usage or a file that cannot be read.
 */
export function runScars(argv: readonly string[], env: { readonly cwd: string }): { output: string; exitCode: number } {
  const inv = parseScarsArgs(argv);
  if (inv.kind === 'help') return { output: scarsUsage() + '\n', exitCode: 0 };
  const abs = resolve(env.cwd, inv.file);
  const shown = shownPath(env.cwd, abs);
  let text: string;
  try {
    text = readFileSync(abs).toString('utf8');
  } catch (e) {
    throw new CliError(`amp: cannot read '${shown}': ${reason(e)}`);
  }
  const report = verifyScarLog(text);
  const output = inv.format === 'json' ? JSON.stringify(verifyJson(shown, report), null, 2) + '\n' : verifyText(shown, report);
  return { output, exitCode: report.ok ? 0 : 1 };
}
