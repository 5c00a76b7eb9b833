// The Atlas of Scars on disk: an append-only JSONL file, each record written with one write call and fsync'ed
// before the append returns. A torn last line (a crash mid-write) is reported and sealed into the chain, never
// truncated; earlier records are never rewritten. The record format and verification are core/governance/scars-log.ts.

import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { sealRecord, sha256, verifyScarLog, type ChainHead, type LogEntry, type ScarRecord, type VerifyReport } from '../core/governance/scars-log';

/** A scar log that cannot be appended to: its chain is broken (appending would hide the break behind new records). */
export class ScarLogError extends Error {
  constructor(
    message: string,
    readonly report?: VerifyReport,
  ) {
    super(message);
    this.name = 'ScarLogError';
  }
}

/** Reads a scar log and verifies it. A missing file is an empty log. Throws the fs error for other read failures. */
export function readScarLog(path: string): { text: string; report: VerifyReport } {
  const text = existsSync(path) ? readFileSync(path).toString('utf8') : '';
  return { text, report: verifyScarLog(text) };
}

/** What an append did. */
export interface Appended {
  readonly record: ScarRecord;
  /** When a torn last line was found: the line sealed and the recovery record written before `record`. */
  readonly recovered?: { readonly line: number; readonly chars: number; readonly record: ScarRecord };
}

/**
 * An open scar log, for one writer. `open` reads and verifies the file once; each `append` writes one record (one
 * `writeSync` of the line and its newline, then `fsyncSync`) and keeps the chain head in memory, so appends do not
 * re-read the file. Two writers on one file are not supported.
 */
export class ScarLog {
  private head: ChainHead;
  private tornLine: { line: number; chars: number; sha256: string } | undefined;

  private constructor(
    readonly path: string,
    /** What verification found when the log was opened. */
    readonly opened: VerifyReport,
  ) {
    this.head = opened.head;
    this.tornLine = opened.torn;
  }

  /**
   * Opens (and verifies) the log at `path`; a missing file is created on the first append. Throws ScarLogError when a
   * record is broken: a tampered or corrupted log is for a person to look at (`amp scars verify`), not to extend.
   */
  static open(path: string): ScarLog {
    const { report } = readScarLog(path);
    if (report.broken) throw new ScarLogError(`scar log ${path}: record at line ${report.broken.line} is broken: ${report.broken.reason}`, report);
    return new ScarLog(path, report);
  }

  /** The records read when the log was opened. */
  get records(): readonly ScarRecord[] {
    return this.opened.records;
  }

  /** The current chain head (the next record's prev and seq). */
  get chainHead(): ChainHead {
    return this.head;
  }

  /**
   * Appends one entry as a sealed record and makes it durable before returning. If the file ends in a torn line,
   * that line is first sealed with a newline and a recovery record naming it (line number and hash), so it stays
   * visible to every later verification and the chain goes on after it.
   */
  append(entry: LogEntry): Appended {
    const created = !existsSync(this.path);
    const fd = openSync(this.path, 'a');
    try {
      let recovered: Appended['recovered'];
      let text = '';
      if (this.tornLine) {
        const torn = this.tornLine;
        const r = sealRecord({ kind: 'recovery', torn }, this.head.seq, this.head.hash);
        text += '\n' + r.line + '\n';
        recovered = { line: torn.line, chars: torn.chars, record: r.record };
        this.head = { seq: this.head.seq + 1, hash: sha256(r.line) };
      }
      const s = sealRecord(entry, this.head.seq, this.head.hash);
      text += s.line + '\n';
      // One write call for everything, then fsync: a crash leaves at most one torn line at the end, never a damaged
      // earlier record, and the caller hears of success only once the bytes are on disk.
      const buf = Buffer.from(text, 'utf8');
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      fsyncSync(fd);
      this.head = { seq: this.head.seq + 1, hash: sha256(s.line) };
      this.tornLine = undefined;
      if (created) syncDirectory(dirname(this.path));
      return { record: s.record, ...(recovered ? { recovered } : {}) };
    } finally {
      closeSync(fd);
    }
  }
}

/** Makes a new file's directory entry durable too (POSIX); platforms that cannot fsync a directory skip it. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a directory for fsync; the file's own fsync is what we can do there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Appends entries to the log at `path` (opening it once). Convenience for one-off writers such as the CLI. */
export function appendScarEntries(path: string, entries: readonly LogEntry[]): Appended[] {
  const log = ScarLog.open(path);
  return entries.map((e) => log.append(e));
}
