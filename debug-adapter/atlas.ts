// The Atlas of Scars on disk for the launch attribute `scars` (io/scar-log.ts, as `amp run --scars` keeps it): opened
// and verified when the session launches (a broken chain is refused, never extended), read by every run when it
// starts, and appended to as scar events happen. Time travel never un-appends: a step's scar events are appended the
// first time the thread reaches that step, and the protected channel's restorative events when they are recorded.

import type { ScarRecord } from '../core/governance/index';
import { type GovernedState, type RuntimeEvent } from '../core/runtime/index';
import { AtlasWriter } from '../io/atlas';
import { ScarLog, ScarLogError } from '../io/scar-log';

/** The `scarLog` part of the run state's governance (docs/debugging.md §10). */
export interface ScarLogJson {
  readonly path: string;
  readonly verified: boolean;
  readonly records: number;
  readonly torn?: boolean;
}

export class DebugAtlas {
  private readonly writer: AtlasWriter;

  private constructor(
    private readonly log: ScarLog,
    /** The path as messages show it. */
    readonly shown: string,
  ) {
    this.writer = new AtlasWriter(log);
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

  /** Every record of the log: those read when it was opened and those appended since. */
  get records(): readonly ScarRecord[] {
    return this.writer.records;
  }

  /** How many records this session appended. */
  get appended(): number {
    return this.writer.appended;
  }

  /** The atlas step the next run starts at: the latest step in the log, or where a run of this session ended. */
  get base(): number {
    return this.writer.base;
  }

  /** The records a run starting now reads. */
  snapshot(): readonly ScarRecord[] {
    return [...this.writer.records];
  }

  /** Moves the step base past where a run ended (its atlas step), so time in the Atlas only moves forward. */
  reached(atlasStep: number): void {
    this.writer.reached(atlasStep);
  }

  /** Appends the scar events among `events` (`scar-created` and `scar-resolved` notes), after a constitution record when needed. */
  record(events: readonly RuntimeEvent[], gov: GovernedState | undefined): number {
    return this.appending(() => this.writer.record(events, gov));
  }

  /** Appends one note's log entry if it is a scar event; returns how many records were written. */
  recordNote(name: string, detail: Readonly<Record<string, unknown>>, gov: GovernedState | undefined): number {
    return this.appending(() => this.writer.recordNote(name, detail, gov));
  }

  private appending(write: () => number): number {
    try {
      return write();
    } catch (e) {
      throw new Error(`cannot append to the scar log '${this.shown}': ${(e as Error).message}`);
    }
  }

  json(): ScarLogJson {
    // A torn last line read at open is sealed by the first append.
    const torn = this.log.opened.torn !== undefined && this.writer.appended === 0;
    return { path: this.shown, verified: true, records: this.writer.records.length, ...(torn ? { torn: true } : {}) };
  }
}
