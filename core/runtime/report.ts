// What a run did, computed from its events alone: each root question's reply and budget, each expectation, and the
// budget ledger per agent. A live run and a trace read back give the same report, since both are only events.

import type { TrustSliceStatus } from '../check/header';
import { DECISION_NOTE } from './conscience';
import type { CostModelName } from './cost';
import { describeNote } from './governed';
import type { RuntimeEvent, Status } from './state';
import type { Span } from './spans';
import { canonical, renderText } from './values';

export interface RootAskReport {
  readonly activation: number;
  readonly agent: string;
  readonly question: string;
  /** The budget the run gave it. */
  readonly budget: number;
  /** Its reply, as `expect reply` compares it (absent while it has not replied). */
  readonly reply?: string;
  readonly error: boolean;
  /** Budget used by the whole tree of asks under it, and what came back to the run. */
  readonly spent: number;
  readonly returned: number;
  /** Meta mode: the decoded output string and the new state. */
  readonly meta?: { readonly output?: string; readonly state?: string; readonly malformed?: string };
  readonly at?: Span;
}

export interface ExpectReport {
  readonly kind: 'reply' | 'error';
  readonly passed: boolean;
  readonly expected?: string;
  readonly actual?: string;
  readonly reason?: string;
  readonly at?: Span;
}

/** One line of the ledger: everything the activations of one agent were allotted, spent themselves and returned. */
export interface LedgerRow {
  readonly agent: string;
  readonly activations: number;
  readonly allotted: number;
  readonly spent: number;
  readonly returned: number;
}

/** One activation's budget: allotted = spent + what its children consumed + returned (or still held). */
export interface ActivationLedger {
  readonly id: number;
  readonly parent: number;
  readonly agent: string;
  readonly allotted: number;
  readonly spent: number;
  readonly returned?: number;
}

/** A note of the governance layer (an act admitted or refused, a chapel's pause, the fuse, consent, scars, …). */
export interface GovernanceNoteReport {
  readonly step: number;
  readonly name: string;
  /** The note for people, when `amp run` shows this kind. */
  readonly text?: string;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly at?: Span;
}

/** A `choose` decided: the options, the one taken, the explanation, and the calculator's ledger when it gave one. */
export interface DecisionReport {
  readonly step: number;
  readonly options: readonly string[];
  readonly chosen: number;
  /** Why: every option's ledger by level and why the winner won (the calculator's rendering). */
  readonly explanation: string;
  /** The decision as data (seed 003's calculator): ledgers by level, comparisons, notes. */
  readonly ledger?: Readonly<Record<string, unknown>>;
  readonly at?: Span;
}

export interface RunReport {
  readonly run: string;
  /** The run block's span. */
  readonly at?: Span;
  readonly costModel: CostModelName;
  readonly meta: boolean;
  readonly status: Status;
  readonly steps: number;
  readonly asks: readonly RootAskReport[];
  readonly expects: readonly ExpectReport[];
  readonly ledger: readonly LedgerRow[];
  readonly fault?: string;
  /** What the governance layer recorded, in order (present when it recorded anything). */
  readonly governance?: readonly GovernanceNoteReport[];
  /** trust_slice_status as it stood when the run ended (present when the layer recorded it). */
  readonly trustSliceStatus?: TrustSliceStatus;
  /** Every `choose` the run decided, with its explanation (present when there was one). */
  readonly decisions?: readonly DecisionReport[];
  /** True when every expectation passed and the run ended normally. */
  readonly passed: boolean;
}

/** What a report says of the run itself, before its asks, expectations and ledger. */
export type ReportInfo = Pick<RunReport, 'run' | 'at' | 'costModel' | 'meta' | 'status' | 'steps'>;

/** The run frame's activation id. */
export const RUN_ACTIVATION = 0;

/** Every activation's ledger, from events. */
export function activationLedgers(events: readonly RuntimeEvent[]): ActivationLedger[] {
  const byId = new Map<number, { id: number; parent: number; agent: string; allotted: number; spent: number; returned?: number }>();
  const charge = (id: number, cost: number) => {
    const a = byId.get(id);
    if (a) a.spent += cost;
  };
  for (const e of events) {
    switch (e.kind) {
      case 'ask':
        charge(e.frame, e.cost);
        byId.set(e.to, { id: e.to, parent: e.frame, agent: e.agent, allotted: e.transfer, spent: 0 });
        break;
      case 'deliver':
        byId.set(e.to, { id: e.to, parent: e.frame, agent: e.agent, allotted: 0, spent: 0 });
        break;
      case 'view':
      case 'reflect':
      case 'input':
        charge(e.frame, e.cost);
        break;
      case 'reply': {
        charge(e.frame, e.cost);
        const a = byId.get(e.frame);
        if (a) a.returned = e.returned;
        break;
      }
    }
  }
  return [...byId.values()];
}

export function reportFromEvents(events: readonly RuntimeEvent[], info: ReportInfo): RunReport {
  const asks: { -readonly [K in keyof RootAskReport]: RootAskReport[K] }[] = [];
  const expects: ExpectReport[] = [];
  let fault: string | undefined;
  const governance: GovernanceNoteReport[] = [];
  const decisions: DecisionReport[] = [];
  let status: TrustSliceStatus | undefined;
  let ledger: { step: number; detail: Readonly<Record<string, unknown>> } | undefined;
  for (const e of events) {
    if (e.kind === 'governance') {
      if (e.name === DECISION_NOTE) ledger = { step: e.step, detail: e.detail };
      else {
        const text = describeNote(e.name, e.detail);
        governance.push({ step: e.step, name: e.name, ...(text !== undefined ? { text } : {}), detail: e.detail, ...(e.at ? { at: e.at } : {}) });
        if (e.name === 'trust-slice-status') status = e.detail.status as TrustSliceStatus;
      }
      continue;
    }
    if (e.kind === 'choose') {
      const withLedger = ledger && ledger.step === e.step ? ledger.detail : undefined;
      decisions.push({ step: e.step, options: e.options, chosen: e.chosen, explanation: e.explanation, ...(withLedger ? { ledger: withLedger } : {}), ...(e.at ? { at: e.at } : {}) });
      ledger = undefined;
      continue;
    }
    if (e.kind === 'ask' && e.frame === RUN_ACTIVATION) {
      asks.push({ activation: e.to, agent: e.agent, question: canonical(renderText(e.question)), budget: e.transfer, error: false, spent: 0, returned: 0, at: e.at });
    } else if (e.kind === 'reply' && e.to === RUN_ACTIVATION) {
      const a = asks.find((x) => x.activation === e.frame);
      if (a) {
        a.reply = canonical(renderText(e.message));
        a.error = e.error === true;
        a.returned = e.returned;
        a.spent = a.budget - e.returned;
      }
    } else if (e.kind === 'meta') {
      const a = asks[asks.length - 1];
      if (a) {
        const m = { ...a.meta };
        if (e.output !== undefined) m.output = e.output;
        if (e.state) m.state = canonical(renderText(e.state));
        // A retry is not a failure; the reason that ended the meta step is.
        if (e.reason && !e.reason.endsWith('asking again')) m.malformed = e.reason;
        a.meta = m;
      }
    } else if (e.kind === 'expect') {
      expects.push({ kind: e.expect, passed: e.passed, expected: e.expected, actual: e.actual, reason: e.reason, at: e.at });
    } else if (e.kind === 'fault') fault = e.message;
  }
  const rows = new Map<string, { agent: string; activations: number; allotted: number; spent: number; returned: number }>();
  for (const a of activationLedgers(events)) {
    let row = rows.get(a.agent);
    if (!row) rows.set(a.agent, (row = { agent: a.agent, activations: 0, allotted: 0, spent: 0, returned: 0 }));
    row.activations++;
    row.allotted += a.allotted;
    row.spent += a.spent;
    row.returned += a.returned ?? 0;
  }
  return {
    ...info,
    asks,
    expects,
    ledger: [...rows.values()],
    ...(fault !== undefined ? { fault } : {}),
    ...(governance.length ? { governance } : {}),
    ...(status ? { trustSliceStatus: status } : {}),
    ...(decisions.length ? { decisions } : {}),
    passed: info.status === 'done' && expects.every((x) => x.passed),
  };
}
