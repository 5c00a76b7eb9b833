// What the debugger shows of seed 002's governance layer and seed 003's conscience calculator: the `governance` and
// `conscience` parts of the run state (the contract the AMP views read, docs/debugging.md §10), the Governance and
// Conscience scopes of the Variables view, and the lines the debug console prints as governed steps happen.

import type { DebugProtocol } from '@vscode/debugprotocol';
import { readConsentMachine } from '../core/check/rules/invariants-consent';
import { eExtStatus, scarWeights, trustSliceStatus, type Scar } from '../core/governance/index';
import { SILENCE_BANDS } from '../core/check/rules/invariants-common';
import { describeNote, DECISION_NOTE, type GovernedState, type MachineState, type Program, type RuntimeEvent, type Span } from '../core/runtime/index';
import { childNodes } from '../core/syntax/tree';
import type { ScarLogJson } from './atlas';
import type { RangeJson } from './run-state';
import { lazyVariable, plainVariable, type References } from './variables';

// ---- the run state's parts ----------------------------------------------------------------------------------------------

export interface ScarJson {
  /** The scar's number (`scar-3` is 3). */
  readonly id: number;
  readonly trigger: string;
  /** The machine step of this run that created it (absent for scars read from the scar log). */
  readonly step?: number;
  readonly clockMs?: number;
  readonly resolved: boolean;
  readonly weight: number;
  readonly forgiveness: number;
  readonly note?: string;
  readonly at?: RangeJson;
}

export interface GovernanceJson {
  readonly eExt?: { readonly used: number; readonly max: number; readonly window?: number; readonly chapelThreshold?: number };
  readonly vetoFuse: 'ok' | 'strained' | 'tripped';
  readonly clockMs: number;
  readonly consent: readonly { readonly machine: string; readonly state: string; readonly silenceBand: boolean; readonly at?: RangeJson }[];
  readonly scars: readonly ScarJson[];
  readonly scarLog?: ScarLogJson;
  readonly trustSliceStatus: Readonly<Record<string, string | number | boolean>>;
  readonly refusedActs: readonly { readonly step: number; readonly at?: RangeJson; readonly reason: string }[];
}

export interface DecisionJson {
  readonly step: number;
  readonly at?: RangeJson;
  readonly prompt: string;
  readonly options: readonly { readonly label: string; readonly ledger: Readonly<Record<string, number>>; readonly breaches: readonly { readonly id: string; readonly level: number; readonly weight: number }[] }[];
  readonly winner: number;
  readonly tie: boolean;
  readonly why: string;
}

export interface ConscienceJson {
  readonly decisions: readonly DecisionJson[];
}

/** Where a scar was made in this run (from its `scar-created` note). */
export interface ScarOrigin {
  readonly step: number;
  readonly at?: Span;
  readonly clockMs?: number;
}

/** What the governance part needs besides the layer's state. */
export interface GovernanceContext {
  /** The atlas step now (the run's step base plus its step): scar weights are computed at it. */
  readonly now: number;
  readonly clockMs: number;
  readonly range: (at: Span | undefined) => RangeJson | undefined;
  readonly consentAt: ReadonlyMap<string, Span>;
  readonly scarOrigins: ReadonlyMap<string, ScarOrigin>;
  readonly refusedActs: readonly { readonly step: number; readonly at?: Span; readonly reason: string }[];
  readonly scarLog?: ScarLogJson;
}

/** The consent machines' declarations, by name. */
export function consentSpans(program: Program): Map<string, Span> {
  const out = new Map<string, Span>();
  const source = program.source;
  for (const decl of childNodes(program.check.tree, 'ConsentDecl')) {
    const m = readConsentMachine(decl, source);
    if (m.name && !out.has(m.name.text)) out.set(m.name.text, { start: decl.start, end: decl.end });
  }
  return out;
}

/** A scar's number: `scar-3` is 3 (the position in the Atlas when the id has another form). */
export function scarNumber(scar: Scar, index: number): number {
  const m = /([0-9]+)$/.exec(scar.id);
  return m ? Number(m[1]) : index + 1;
}

/** The `governance` part of the run state. */
export function governanceJson(gs: GovernedState, c: GovernanceContext): GovernanceJson {
  const gov = gs.gov;
  const k = gov.constitution;
  const e = eExtStatus(gov, c.now);
  const status = trustSliceStatus(gov, c.now);
  return {
    ...(k.eExtMax !== undefined
      ? { eExt: { used: e.used.toNumber(), max: k.eExtMax, ...(k.window !== undefined ? { window: k.window } : {}), ...(k.chapelThreshold !== undefined ? { chapelThreshold: k.chapelThreshold } : {}) } }
      : {}),
    vetoFuse: gov.fuse,
    clockMs: Math.max(c.clockMs, gov.clockMs),
    consent: Object.entries(gov.consent).map(([machine, rt]) => {
      const at = c.range(c.consentAt.get(machine));
      return { machine, state: rt.state, silenceBand: SILENCE_BANDS.includes(rt.state), ...(at ? { at } : {}) };
    }),
    scars: scarWeights(gov, c.now).map((w, i) => {
      const origin = c.scarOrigins.get(w.scar.id);
      const at = c.range(origin?.at);
      const by = w.scar.resolvedBy;
      return {
        id: scarNumber(w.scar, i),
        trigger: w.scar.trigger,
        ...(origin ? { step: origin.step } : {}),
        ...(origin?.clockMs !== undefined ? { clockMs: origin.clockMs } : {}),
        resolved: !w.unresolved,
        weight: w.weight,
        forgiveness: w.forgiveness,
        note: `${w.scar.id}: ${w.scar.description}${by ? `; resolved by "${by.process}" (${by.channel}) at atlas step ${w.scar.resolvedAtStep}` : ''}`,
        ...(at ? { at } : {}),
      };
    }),
    ...(c.scarLog ? { scarLog: c.scarLog } : {}),
    trustSliceStatus: { ...status } as Record<string, string | number | boolean>,
    refusedActs: c.refusedActs.map((r) => {
      const at = c.range(r.at);
      return { step: r.step, ...(at ? { at } : {}), reason: r.reason };
    }),
  };
}

interface DecisionDetail {
  prompt?: string;
  winner?: number;
  decidedBy?: string;
  options?: { label?: string; level1?: string; level0?: string; negligible?: string; entries?: { id: string; shares?: { level: number; amount: string }[] }[] }[];
}

/** A `conscience-decision` note as the run state's decision, with the `choose` event's explanation as `why`. */
export function decisionJson(note: Extract<RuntimeEvent, { kind: 'governance' }>, explanation: string | undefined, range: (at: Span | undefined) => RangeJson | undefined): DecisionJson {
  const d = note.detail as DecisionDetail;
  const at = range(note.at);
  return {
    step: note.step,
    ...(at ? { at } : {}),
    prompt: d.prompt ?? '',
    options: (d.options ?? []).map((o, i) => ({
      label: o.label ?? `option ${i + 1}`,
      ledger: { '1': Number(o.level1 ?? 0), '0': Number(o.level0 ?? 0), '-1': Number(o.negligible ?? 0) },
      // A breach split by a diffuse boundary appears once per level it counts at.
      breaches: (o.entries ?? []).flatMap((e) => (e.shares ?? []).map((s) => ({ id: e.id, level: s.level, weight: Number(s.amount) }))),
    })),
    winner: d.winner ?? -1,
    tie: d.decidedBy === 'tie',
    why: explanation ?? '',
  };
}

// ---- variables --------------------------------------------------------------------------------------------------------

function ms(n: number): string {
  return `${n} ms`;
}

/** The Governance scope: E_ext in the slice, the veto fuse, the simulated clock, chapels, consent states and scars. */
export function governanceVariables(refs: References, gs: GovernedState, now: number, clockMs: number): DebugProtocol.Variable[] {
  const gov = gs.gov;
  const k = gov.constitution;
  const e = eExtStatus(gov, now);
  const out: DebugProtocol.Variable[] = [
    plainVariable('veto fuse', gov.fuse),
    plainVariable('simulated clock', ms(Math.max(clockMs, gov.clockMs))),
    plainVariable('E_ext used in the slice', `${e.used.toString()}${e.max ? ` of ${e.max.toString()}` : ''} (outside chapels; ${e.total.toString()} in all)`),
    plainVariable('E_ext left in the slice', e.left ? e.left.toString() : 'no red boundary (no E_ext_max_const)'),
    plainVariable('trust slice', k.window !== undefined ? `the last ${k.window} steps` : 'the whole run'),
  ];
  if (k.chapelThreshold !== undefined) out.push(plainVariable('chapel threshold', k.chapelThreshold));
  out.push(plainVariable('min pause', ms(k.minPauseMs)));
  const waiting = gov.chapels.filter((v) => v.phase === 'pausing');
  out.push(
    lazyVariable(refs, 'chapels', `${gov.chapels.length} visit${gov.chapels.length === 1 ? '' : 's'}${waiting.length ? `, ${waiting.length} waiting` : ''}`, () =>
      gov.chapels.map((v) =>
        plainVariable(`#${v.id} ${v.act}`, `${v.phase}; intent at ${ms(v.enteredAtMs)}, pause until ${ms(v.pauseUntilMs)}${v.fuseChecked ? `, fuse ${v.fuseChecked}` : ''}`),
      ),
    ),
  );
  const machines = Object.entries(gov.consent);
  out.push(
    lazyVariable(refs, 'consent', machines.length ? machines.map(([m, rt]) => `${m}: ${rt.state}`).join(', ') : 'no consent machines', () =>
      machines.map(([m, rt]) => plainVariable(m, `${rt.state}${SILENCE_BANDS.includes(rt.state) ? ' (silence band)' : ''}${rt.moves.length ? `; ${rt.moves.length} move${rt.moves.length === 1 ? '' : 's'}` : ''}`)),
    ),
  );
  const weights = scarWeights(gov, now);
  const open = weights.filter((w) => w.unresolved);
  out.push(
    lazyVariable(refs, 'open scars', open.length ? open.map((w) => w.scar.id).join(', ') : 'none', () =>
      open.map((w) => plainVariable(w.scar.id, `${w.scar.description} (${w.scar.trigger}, atlas step ${w.scar.step})`)),
    ),
  );
  out.push(
    lazyVariable(refs, 'scars', `${weights.length} in the Atlas`, () =>
      weights.map((w) =>
        plainVariable(w.scar.id, `${w.unresolved ? 'unresolved' : `resolved at atlas step ${w.scar.resolvedAtStep}`}; weight ${round(w.weight)}, forgiveness ${round(w.forgiveness)}: ${w.scar.description}`),
      ),
    ),
  );
  out.push(plainVariable('trust_slice_status', JSON.stringify(trustSliceStatus(gov, now))));
  out.push(plainVariable('atlas step', now));
  return out;
}

/** The Conscience scope: every decision taken by the state shown, each with its explanation. */
export function conscienceVariables(refs: References, decisions: readonly { step: number; prompt: string; options: readonly string[]; chosen: number; explanation: string }[]): DebugProtocol.Variable[] {
  return decisions.map((d, i) =>
    lazyVariable(refs, `#${i + 1} step ${d.step}`, `${d.prompt ? `"${d.prompt}": ` : ''}chose "${d.options[d.chosen] ?? '?'}"`, () =>
      d.explanation.split('\n').map((line, k) => plainVariable(k === 0 ? 'decision' : String(k), line.trim())),
    ),
  );
}

/** The decisions recorded in a machine state (its `choose` events with their `conscience-decision` notes), oldest first. */
export function decisionsOf(state: MachineState): { step: number; prompt: string; options: readonly string[]; chosen: number; explanation: string }[] {
  const out: { step: number; prompt: string; options: readonly string[]; chosen: number; explanation: string }[] = [];
  const prompts = new Map<number, string>();
  for (let e = state.events; e; e = e.next) {
    const ev = e.event;
    if (ev.kind === 'governance' && ev.name === DECISION_NOTE) prompts.set(ev.step, String((ev.detail as { prompt?: string }).prompt ?? ''));
    else if (ev.kind === 'choose') out.push({ step: ev.step, prompt: '', options: ev.options, chosen: ev.chosen, explanation: ev.explanation });
  }
  out.reverse();
  return out.map((d) => ({ ...d, prompt: prompts.get(d.step) ?? '' }));
}

// ---- the console ----------------------------------------------------------------------------------------------------

/** What the console says about a step's governed events: one line per governance note, and each decision explained. */
export function consoleLines(events: readonly RuntimeEvent[]): { text: string; at?: Span; refused: boolean }[] {
  const out: { text: string; at?: Span; refused: boolean }[] = [];
  for (const e of events) {
    if (e.kind === 'governance') {
      const text = describeNote(e.name, e.detail);
      if (text !== undefined) out.push({ text: `governance: ${text}`, at: e.at, refused: /-refused$|-aborted$/.test(e.name) });
    } else if (e.kind === 'choose') {
      out.push({ text: `conscience: ${e.explanation.split('\n').join('\n  ')}`, at: e.at, refused: false });
    }
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
