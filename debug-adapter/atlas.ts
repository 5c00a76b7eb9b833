// The Atlas of Scars on disk for the launch attribute `scars` (io/scar-log.ts, as `amp run --scars` keeps it): opened
// and verified when the session launches (a broken chain is refused, never extended), read by every run when it
// starts, and appended to as scar events happen. Time travel never un-appends: a step's scar events are appended the
// first time the thread reaches that step, and the protected channel's restorative events when they are recorded.

import { type ForgivenessKernel, type LogEntry, type ScarRecord } from '../core/governance/index';
import { type GovernedState, type RuntimeEvent } from '../core/runtime/index';
import { ScarLog, ScarLogError } from '../io/scar-log';

/** The `scarLog` part of the run state's governance (docs/debugging.md §10). */
export interface ScarLogJson {
  readonly path: string;
  readonly verified: boolean;
  readonly records: number;
  readonly torn?: boolean;
}

export class DebugAtlas {
  /** Every record of the log: those read when it was opened and those appended since. */
  readonly records: ScarRecord[];
  /** How many records this session appended. */
  appended = 0;
  /** The atlas step the next run starts at: the latest step in the log, or where a run of this session ended. */
  base: number;
  private torn: boolean;

  private constructor(
    private readonly log: ScarLog,
    /** The path as messages show it. */
    readonly shown: string,
  ) {
    this.records = [...log.records];
    this.base = 0;
    for (const r of this.records) if ('step' in r && typeof r.step === 'number' && r.step > this.base) this.base = r.step;
    this.torn = log.opened.torn !== undefined;
  }

  /** Opens and verifies the log (a missing file is an empty log). Throws an Error whose message says what is wrong. */
  static open(abs: string, shown: string): DebugAtlas {
    try {
      return new DebugAtlas(ScarLog.open(abs), shown);
    } catch (e) {
      if (e instanceof ScarLogError) {
        throw new Error(`the scar log '${shown}' cannot be extended: ${e.message.replace(/^scar log [^:]*: /, '')}; check it with 'amp scars verify ${shown}'`);
      }
      throw new Error(`the scar log '${shown}' cannot be read: ${(e as Error).message}`);
    }
  }

  /** The records a run starting now reads. */
  snapshot(): readonly ScarRecord[] {
    return [...this.records];
  }

  /** Moves the step base past where a run ended (its atlas step), so time in the Atlas only moves forward. */
  reached(atlasStep: number): void {
    if (atlasStep > this.base) this.base = atlasStep;
  }

  /** Appends the scar events among `events` (`scar-created` and `scar-resolved` notes), after a constitution record when needed. */
  record(events: readonly RuntimeEvent[], gov: GovernedState | undefined): number {
    let n = 0;
    for (const e of events) {
      if (e.kind !== 'governance') continue;
      n += this.recordNote(e.name, e.detail, gov);
    }
    return n;
  }

  /** Appends one note's log entry if it is a scar event; returns how many records were written. */
  recordNote(name: string, detail: Readonly<Record<string, unknown>>, gov: GovernedState | undefined): number {
    if (name !== 'scar-created' && name !== 'scar-resolved') return 0;
    const entry = detail.entry as LogEntry | undefined;
    if (!entry) return 0;
    const before = this.appended;
    if (gov) this.constitution(gov.gov.constitution.constitutionId, gov.gov.constitution.kernel, (entry as { step?: number }).step ?? this.base);
    this.append(entry);
    return this.appended - before;
  }

  private constitution(id: string | undefined, kernel: ForgivenessKernel | undefined, step: number): void {
    let last: ScarRecord | undefined;
    for (const r of this.records) if (r.kind === 'constitution') last = r;
    const k = last && last.kind === 'constitution' ? last.kernel : undefined;
    const sameKernel = k === undefined ? kernel === undefined : !!kernel && k.name === kernel.name && k.shape === kernel.shape && k.scale === kernel.scale;
    if (last && last.kind === 'constitution' && last.constitution_id === id && sameKernel) return;
    this.append({ kind: 'constitution', ...(id !== undefined ? { constitution_id: id } : {}), ...(kernel ? { kernel: { ...kernel } } : {}), step });
  }

  private append(entry: LogEntry): void {
    let done;
    try {
      done = this.log.append(entry);
    } catch (e) {
      throw new Error(`cannot append to the scar log '${this.shown}': ${(e as Error).message}`);
    }
    if (done.recovered) {
      this.records.push(done.recovered.record);
      this.appended++;
    }
    this.records.push(done.record);
    this.appended++;
    this.torn = false;
    const step = (entry as { step?: number }).step;
    if (typeof step === 'number' && step > this.base) this.base = step;
  }

  json(): ScarLogJson {
    return { path: this.shown, verified: true, records: this.records.length, ...(this.torn ? { torn: true } : {}) };
  }
}
