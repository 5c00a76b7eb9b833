// The record format of the Atlas of Scars: an append-only JSONL log where each record carries the SHA-256 of the
// previous record's line and of its own body, so any edit, deletion or reordering names the first broken record.
// Pure: hashing is computation, not I/O; the file side is io/scar-log.ts.

import { createHash } from 'node:crypto';
import type { ForgivenessKernel } from './forgiveness';

/** The version of the record format, in every record's `v`. */
export const SCAR_LOG_VERSION = 1;
/** The `prev` of the first record: no record before it. */
export const GENESIS = '0'.repeat(64);

/** What created a scar (seed 002: E_ext spike, β₁_lap excursion, manual incident report; plus `scar "…"` in agent code). */
export type ScarTrigger = 'E_ext_spike' | 'beta1_lap_excursion' | 'incident_report' | 'agent_report';

/** The constitution the log was opened under: the kernel and triggers declared at constitution time. */
export interface ConstitutionEntry {
  readonly kind: 'constitution';
  readonly constitution_id?: string;
  readonly kernel?: ForgivenessKernel;
  readonly step: number;
}

/** A scar was created. */
export interface ScarEntry {
  readonly kind: 'scar';
  /** The scar's id, unique in the log. */
  readonly scar: string;
  readonly trigger: ScarTrigger;
  readonly description: string;
  readonly step: number;
  /** The protected channel that reported it (incident reports). */
  readonly channel?: string;
  /** Trigger details, e.g. { E_ext: "0.6", above: 0.5 }. */
  readonly detail?: Readonly<Record<string, string | number | boolean>>;
}

/** A restorative process completed for a scar: the only thing that resolves one. */
export interface RestorativeEntry {
  readonly kind: 'restorative';
  readonly scar: string;
  readonly process: string;
  readonly channel: string;
  readonly step: number;
}

/**
 * A torn line was found at the end of the log and sealed (a newline appended after it, nothing removed) before
 * this record. The record names the line and the SHA-256 of its text, so the fragment is bound into the chain and
 * reported by every verification, never silently dropped.
 */
export interface RecoveryEntry {
  readonly kind: 'recovery';
  readonly torn: { readonly line: number; readonly chars: number; readonly sha256: string };
}

/** The body of a record, before the chain fields are added. */
export type LogEntry = ConstitutionEntry | ScarEntry | RestorativeEntry | RecoveryEntry;

/** A sealed record: the entry plus its position in the chain. */
export type ScarRecord = LogEntry & {
  readonly v: number;
  /** 0-based position among the records (torn lines do not count). */
  readonly seq: number;
  /** SHA-256 (hex) of the previous record's line, or GENESIS for the first. */
  readonly prev: string;
  /** SHA-256 (hex) of this record's canonical line without the `hash` field. */
  readonly hash: string;
};

/** SHA-256 of a text's UTF-8 bytes, in hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Canonical JSON: object keys sorted, no whitespace, undefined fields left out. Throws TypeError for values JSON
 * cannot hold exactly (non-finite numbers, functions), so a record can never be written in two spellings.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`a scar record cannot hold the number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  throw new TypeError(`a scar record cannot hold a ${typeof value}`);
}

/** Seals an entry as record number `seq` after the record whose line hashes to `prev`: the record and its line (no newline). */
export function sealRecord(entry: LogEntry, seq: number, prev: string): { readonly record: ScarRecord; readonly line: string } {
  const body = { ...entry, v: SCAR_LOG_VERSION, seq, prev };
  const hash = sha256(canonicalJson(body));
  const record = { ...body, hash } as ScarRecord;
  return { record, line: canonicalJson(record) };
}

/** Where the chain stands: how many records it has and the hash of the last line (what the next record's prev is). */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** The head of an empty log. */
export const EMPTY_HEAD: ChainHead = Object.freeze({ seq: 0, hash: GENESIS });

/** The first record that breaks the chain. */
export interface BrokenRecord {
  /** 1-based line number in the file. */
  readonly line: number;
  /** The seq the record should have had. */
  readonly seq: number;
  readonly reason: string;
}

/** What verification found. */
export interface VerifyReport {
  /** True when every record checks out and no torn line is left unsealed. */
  readonly ok: boolean;
  /** The valid records before the first problem, in order. */
  readonly records: readonly ScarRecord[];
  /** The chain head after the valid records: the anchor to keep elsewhere, and the next record's prev. */
  readonly head: ChainHead;
  /** The first broken record, if any; nothing after it is trusted. */
  readonly broken?: BrokenRecord;
  /** An unterminated last line (a write cut short): reported, never dropped silently. */
  readonly torn?: { readonly line: number; readonly chars: number; readonly sha256: string; readonly preview: string };
  /** Torn lines that a recovery record sealed into the chain (the log went on after a crash). */
  readonly recovered: readonly { readonly line: number; readonly chars: number }[];
}

const KINDS = new Set(['constitution', 'scar', 'restorative', 'recovery']);

/** Why a parsed record does not fit the chain at this point, or undefined when it does. */
function recordProblem(obj: unknown, line: string, seq: number, prev: string): string | undefined {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return 'not a JSON object';
  const r = obj as Record<string, unknown>;
  if (r.v !== SCAR_LOG_VERSION) return `unsupported record version ${JSON.stringify(r.v)} (expected ${SCAR_LOG_VERSION})`;
  if (typeof r.kind !== 'string' || !KINDS.has(r.kind)) return `unknown record kind ${JSON.stringify(r.kind)}`;
  if (r.seq !== seq) return `seq is ${JSON.stringify(r.seq)}, expected ${seq} (a record was removed, repeated or moved)`;
  if (r.prev !== prev) return `prev does not match the hash of the record before it (expected ${prev.slice(0, 12)}…, found ${String(r.prev).slice(0, 12)}…): the chain is broken here`;
  let canonical: string;
  try {
    canonical = canonicalJson(r);
  } catch (e) {
    return (e as Error).message;
  }
  if (canonical !== line) return 'not in canonical form (the line was edited)';
  const { hash, ...body } = r;
  if (hash !== sha256(canonicalJson(body))) return 'hash does not match the record’s content (the record was edited)';
  return undefined;
}

/**
 * Verifies a scar log given as lines (the file's text split on "\n"); `complete` tells whether the text ended with a
 * newline. Walks the chain from GENESIS and stops at the first broken record, naming it. A last line without its
 * newline is torn: reported in `torn`, never taken as a record. A torn line in the middle is accepted only when the
 * record right after it is a recovery record naming that line and its hash.
 */
export function verifyLines(lines: readonly string[], complete: boolean): VerifyReport {
  const records: ScarRecord[] = [];
  const recovered: { line: number; chars: number }[] = [];
  let head: ChainHead = EMPTY_HEAD;
  const count = complete ? lines.length : lines.length - 1;
  const result = (extra: Partial<VerifyReport>): VerifyReport => ({ ok: false, records, head, recovered, ...extra });
  for (let i = 0; i < count; i++) {
    const line = lines[i];
    let obj: unknown;
    let parsed = true;
    try {
      obj = JSON.parse(line);
    } catch {
      parsed = false;
    }
    if (!parsed || line === '') {
      // A sealed torn fragment: acceptable only if the next line is a valid recovery record that names it.
      const next = i + 1 < count ? safeParse(lines[i + 1]) : undefined;
      const torn = (next as { kind?: string; torn?: { line?: number; sha256?: string } } | undefined)?.torn;
      if ((next as { kind?: string } | undefined)?.kind === 'recovery' && torn?.line === i + 1 && torn.sha256 === sha256(line)) {
        recovered.push({ line: i + 1, chars: line.length });
        continue;
      }
      return result({ broken: { line: i + 1, seq: head.seq, reason: line === '' ? 'empty line inside the log' : 'not valid JSON (a torn or corrupted record)' } });
    }
    const problem = recordProblem(obj, line, head.seq, head.hash);
    if (problem) return result({ broken: { line: i + 1, seq: head.seq, reason: problem } });
    records.push(obj as ScarRecord);
    head = { seq: head.seq + 1, hash: sha256(line) };
  }
  if (!complete) {
    const last = lines[lines.length - 1];
    if (last !== '') {
      return result({ torn: { line: lines.length, chars: last.length, sha256: sha256(last), preview: last.length > 60 ? last.slice(0, 60) + '…' : last } });
    }
  }
  return { ok: true, records, head, recovered };
}

/** Verifies the text of a scar log (see verifyLines). An empty text is an empty, valid log. */
export function verifyScarLog(text: string): VerifyReport {
  if (text === '') return { ok: true, records: [], head: EMPTY_HEAD, recovered: [] };
  const complete = text.endsWith('\n');
  const lines = text.split('\n');
  if (complete) lines.pop();
  return verifyLines(lines, complete);
}

function safeParse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
