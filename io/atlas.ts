// The Atlas of Scars a run keeps on disk, shared by `amp run --scars` (cli/run-command.ts) and the debugger's `scars`
// launch attribute (debug-adapter/atlas.ts): the log's records as runs read them, the atlas step the next run starts
// at, and the appends of scar events as they happen, each preceded by a constitution record when the log has none for
// the constitution the run is under. Opening, verifying and the wording of errors stay with each caller.

import type { ForgivenessKernel, LogEntry, ScarRecord } from '../core/governance/index';
import type { GovernedState, RuntimeEvent } from '../core/runtime/index';
import type { ScarLog } from './scar-log';

export class AtlasWriter {
  /** Every record of the log: those read when it was opened and those appended since. */
  readonly records: ScarRecord[];
  /** How many records were appended (recovery records for a torn last line included). */
  appended = 0;
  /** The atlas step the next run starts at: the latest step in the log or of a run so far (time only moves forward). */
  base = 0;
  /** The torn last line that an append sealed into the chain, if one did. */
  sealed?: number;

  constructor(readonly log: ScarLog) {
    this.records = [...log.records];
    for (const r of this.records) if ('step' in r && typeof r.step === 'number' && r.step > this.base) this.base = r.step;
  }

  /** Moves the step base past where a run ended (its atlas step). */
  reached(atlasStep: number): void {
    if (atlasStep > this.base) this.base = atlasStep;
  }

  /** Appends the scar events among `events`; returns how many records were written. The log's error escapes. */
  record(events: readonly RuntimeEvent[], gov: GovernedState | undefined): number {
    let n = 0;
    for (const e of events) if (e.kind === 'governance') n += this.recordNote(e.name, e.detail, gov);
    return n;
  }

  /** Appends one note's log entry if it is a scar event (`scar-created`, `scar-resolved`); returns the records written. */
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
    const done = this.log.append(entry);
    if (done.recovered) {
      this.records.push(done.recovered.record);
      this.sealed = done.recovered.line;
      this.appended++;
    }
    this.records.push(done.record);
    this.appended++;
    const step = (entry as { step?: number }).step;
    if (typeof step === 'number') this.reached(step);
  }
}
