// The conscience calculator of seed 003: weighs each option's breaches by lexical level and picks the option with
// the least conscience weight, level 1 first, then level 0; level −1 is negligible. Pure: values in, values out.

import { findBreach, levelLabel, type Breach, type LexicalLevel } from '../check/breaches';
import type { ResolvedChoice, WeightSource } from '../check/rules/conscience';
import { Decimal } from './decimal';

/** A breach's weight when neither the breach nor the conscience block gives one (seed notes: "else 1"). */
export const DEFAULT_WEIGHT = 1;

/** One breach an option's path commits, as the calculator takes it. */
export interface BreachInput {
  /** A catalog id, or a breach's exact title (see findBreach). */
  readonly id: string;
  /** The breach's weight, > 0. Absent: the conscience block's weight for the id, else 1. */
  readonly weight?: number;
  /** Where `weight` came from, when the caller already resolved it (e.g. readChoice); otherwise worked out here. */
  readonly weightFrom?: WeightSource;
  /** The probability the breach happens, in [0, 1]; scales the weight. Default 1 (a sure thing). */
  readonly risk?: number;
  /**
   * A diffuse lexical boundary, in [0, 1]: this fraction of the (risk-scaled) weight counts at level 1 and the rest
   * at level 0, whatever the catalog level (seed 003: pain level 5 for an hour is 55 % likely above the threshold).
   */
  readonly level1?: number;
  /** Anything the caller wants back in the ledger (a syntax node, a trace id). Never read here. */
  readonly source?: unknown;
}

/** One option of a choice. */
export interface OptionInput {
  readonly label?: string;
  readonly breaches: readonly BreachInput[];
  readonly source?: unknown;
}

/** What to decide. */
export interface ChoiceInput {
  /** The choice's prompt, for the explanation. */
  readonly prompt?: string;
  readonly options: readonly OptionInput[];
  /** The `conscience { weight "id" n }` weights by catalog id (see readConscienceWeights). */
  readonly weights?: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
}

/** An exact amount of conscience weight with its nearest number. */
export interface Amount {
  /** The exact decimal, e.g. "0.45". */
  readonly exact: string;
  readonly value: number;
}

/** The part of one breach that counts at one lexical level. */
export interface Share {
  readonly level: LexicalLevel;
  readonly amount: Amount;
}

/** One breach in an option's ledger. */
export interface LedgerEntry {
  readonly id: string;
  readonly title: string;
  /** The level the catalog gives the breach. */
  readonly catalogLevel: LexicalLevel;
  readonly weight: number;
  readonly weightFrom: WeightSource;
  readonly risk: number;
  readonly level1?: number;
  /** weight × risk. */
  readonly expected: Amount;
  /** How `expected` splits across levels (non-zero shares only). */
  readonly shares: readonly Share[];
  readonly source?: unknown;
}

/** An option's ledger: every breach, and the totals by level. */
export interface OptionLedger {
  /** The option's 0-based position in the choice. */
  readonly index: number;
  readonly label?: string;
  readonly entries: readonly LedgerEntry[];
  readonly level1: Amount;
  readonly level0: Amount;
  /** Level −1 weight: shown, never compared. */
  readonly negligible: Amount;
  readonly source?: unknown;
}

/** How one option compares with the winner. */
export interface Comparison {
  readonly option: number;
  /**
   * 'level1': it has more level-1 weight than the winner; 'level0': level 1 ties and it has more level-0 weight;
   * 'tie': equal on both levels, and the winner comes first in the choice.
   */
  readonly decidedBy: 'level1' | 'level0' | 'tie';
  readonly text: string;
}

/** The calculator's answer. */
export interface ConscienceDecision {
  readonly prompt?: string;
  readonly options: readonly OptionLedger[];
  /** The chosen option's index; −1 only when there were no options. */
  readonly winner: number;
  /**
   * What decided against the strongest alternative: 'level1' or 'level0' as above, 'tie' when another option is
   * equal on both levels (the first in the choice is taken), 'single' with one option, 'none' with none.
   */
  readonly decidedBy: 'level1' | 'level0' | 'tie' | 'single' | 'none';
  /** Options equal to the winner on both levels (besides the winner). */
  readonly tiedWith: readonly number[];
  /** Why each other option lost, in choice order. */
  readonly comparisons: readonly Comparison[];
  /** Notes for people (a tie taken by order, …). */
  readonly notes: readonly string[];
  /** Input the calculator could not use as given, and what it did instead (unknown ids left out, bad values defaulted). */
  readonly problems: readonly string[];
}

function amount(d: Decimal): Amount {
  return { exact: d.toString(), value: d.toNumber() };
}

function lookupWeight(weights: ChoiceInput['weights'], id: string): number | undefined {
  if (!weights) return undefined;
  if (weights instanceof Map) return weights.get(id);
  const w = (weights as Readonly<Record<string, number>>)[id];
  return typeof w === 'number' && Object.prototype.hasOwnProperty.call(weights, id) ? w : undefined;
}

function inUnit(x: unknown): x is number {
  return typeof x === 'number' && x >= 0 && x <= 1;
}

function positive(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0;
}

function optionName(o: { index: number; label?: string }): string {
  return o.label !== undefined ? `"${o.label}"` : `option ${o.index + 1}`;
}

interface Totals {
  readonly l1: Decimal;
  readonly l0: Decimal;
  readonly neg: Decimal;
}

/** Lexical comparison of two totals: level 1 first, then level 0; level −1 never counts. */
export function compareTotals(a: { level1: Amount; level0: Amount }, b: { level1: Amount; level0: Amount }): -1 | 0 | 1 {
  return Decimal.parse(a.level1.exact).cmp(Decimal.parse(b.level1.exact)) || Decimal.parse(a.level0.exact).cmp(Decimal.parse(b.level0.exact));
}

function cmpTotals(a: Totals, b: Totals): -1 | 0 | 1 {
  return a.l1.cmp(b.l1) || a.l0.cmp(b.l0);
}

/** Resolves one breach into a ledger entry; undefined (with a problem noted) when its id is not in the catalog. */
function entryFor(input: BreachInput, weights: ChoiceInput['weights'], problems: string[], where: string): { entry: LedgerEntry; parts: Map<LexicalLevel, Decimal> } | undefined {
  const breach: Breach | undefined = findBreach(input.id);
  if (!breach) {
    problems.push(`${where}: unknown breach '${input.id}' left out (breaches come from seed 003's catalog)`);
    return undefined;
  }
  let weight = DEFAULT_WEIGHT;
  let weightFrom: WeightSource = 'default';
  const fromBlock = lookupWeight(weights, breach.id);
  if (input.weight !== undefined) {
    if (positive(input.weight)) {
      weight = input.weight;
      weightFrom = input.weightFrom ?? 'annotation';
    } else problems.push(`${where}: weight ${input.weight} of '${breach.id}' is not a number above 0; used ${positive(fromBlock) ? 'the conscience block’s' : 'the default'} instead`);
  }
  if (weightFrom === 'default' && positive(fromBlock)) {
    weight = fromBlock;
    weightFrom = 'conscience';
  }
  let risk = 1;
  if (input.risk !== undefined) {
    if (inUnit(input.risk)) risk = input.risk;
    else problems.push(`${where}: risk ${input.risk} of '${breach.id}' is not a probability in [0, 1]; used 1`);
  }
  let level1: number | undefined;
  if (input.level1 !== undefined) {
    if (inUnit(input.level1)) level1 = input.level1;
    else problems.push(`${where}: level1 ${input.level1} of '${breach.id}' is not a fraction in [0, 1]; used the catalog level`);
  }
  const expected = Decimal.of(weight).mul(Decimal.of(risk));
  const parts = new Map<LexicalLevel, Decimal>();
  if (level1 === undefined) parts.set(breach.level, expected);
  else {
    const q = Decimal.of(level1);
    parts.set(1, expected.mul(q));
    parts.set(0, expected.mul(Decimal.ONE.sub(q)));
  }
  const shares: Share[] = [];
  for (const [level, d] of parts) if (!d.isZero()) shares.push({ level, amount: amount(d) });
  const entry: LedgerEntry = {
    id: breach.id,
    title: breach.title,
    catalogLevel: breach.level,
    weight,
    weightFrom,
    risk,
    ...(level1 !== undefined ? { level1 } : {}),
    expected: amount(expected),
    shares,
    ...(input.source !== undefined ? { source: input.source } : {}),
  };
  return { entry, parts };
}

/**
 * Decides a choice. Each breach's weight is its own, else the conscience block's, else 1; its risk scales it; a
 * diffuse boundary splits it between levels 1 and 0. Options are ordered by their level-1 total, then their level-0
 * total, compared exactly (see Decimal), so no number of level-0 breaches outweighs one level-1 breach. Level −1
 * breaches are listed and never counted. Equal options go to the first in the choice, and the decision says so.
 * Never throws: unusable breaches are left out or defaulted and listed in `problems`.
 */
export function decide(input: ChoiceInput): ConscienceDecision {
  const problems: string[] = [];
  const totals: Totals[] = [];
  const options: OptionLedger[] = input.options.map((opt, index) => {
    const entries: LedgerEntry[] = [];
    let l1 = Decimal.ZERO;
    let l0 = Decimal.ZERO;
    let neg = Decimal.ZERO;
    const where = optionName({ index, label: opt.label });
    for (const b of opt.breaches) {
      const r = entryFor(b, input.weights, problems, where);
      if (!r) continue;
      entries.push(r.entry);
      for (const [level, d] of r.parts) {
        if (level === 1) l1 = l1.add(d);
        else if (level === 0) l0 = l0.add(d);
        else neg = neg.add(d);
      }
    }
    totals.push({ l1, l0, neg });
    return {
      index,
      ...(opt.label !== undefined ? { label: opt.label } : {}),
      entries,
      level1: amount(l1),
      level0: amount(l0),
      negligible: amount(neg),
      ...(opt.source !== undefined ? { source: opt.source } : {}),
    };
  });

  const base = { ...(input.prompt !== undefined ? { prompt: input.prompt } : {}), options, problems };
  if (options.length === 0) return { ...base, winner: -1, decidedBy: 'none', tiedWith: [], comparisons: [], notes: ['The choice has no options; nothing was chosen.'] };

  let winner = 0;
  for (let i = 1; i < totals.length; i++) if (cmpTotals(totals[i], totals[winner]) < 0) winner = i;
  const w = totals[winner];
  const wo = options[winner];
  const tiedWith: number[] = [];
  const comparisons: Comparison[] = [];
  for (let i = 0; i < options.length; i++) {
    if (i === winner) continue;
    const t = totals[i];
    const o = options[i];
    const c1 = t.l1.cmp(w.l1);
    if (c1 > 0) {
      comparisons.push({
        option: i,
        decidedBy: 'level1',
        text: `${optionName(o)} weighs ${t.l1} at level 1 against ${w.l1} for ${optionName(wo)}; level 1 decides first, so no level-0 weight can change that`,
      });
    } else if (t.l0.cmp(w.l0) > 0) {
      comparisons.push({
        option: i,
        decidedBy: 'level0',
        text: `${optionName(o)} ties with ${optionName(wo)} at level 1 (${t.l1}) and weighs more at level 0 (${t.l0} against ${w.l0})`,
      });
    } else {
      tiedWith.push(i);
      comparisons.push({
        option: i,
        decidedBy: 'tie',
        text: `${optionName(o)} weighs the same as ${optionName(wo)} on both levels (level 1: ${t.l1}, level 0: ${t.l0}); the first option in the choice is taken`,
      });
    }
  }

  let decidedBy: ConscienceDecision['decidedBy'];
  if (options.length === 1) decidedBy = 'single';
  else if (tiedWith.length > 0) decidedBy = 'tie';
  else {
    // The strongest alternative: the least of the others, by the same lexical order.
    let runner = -1;
    for (let i = 0; i < totals.length; i++) if (i !== winner && (runner < 0 || cmpTotals(totals[i], totals[runner]) < 0)) runner = i;
    decidedBy = totals[runner].l1.cmp(w.l1) > 0 ? 'level1' : 'level0';
  }
  const notes: string[] = [];
  if (tiedWith.length > 0)
    notes.push(`Tie: ${[winner, ...tiedWith].map((i) => optionName(options[i])).join(', ')} weigh the same on both levels; the first in the choice, ${optionName(wo)}, is taken.`);
  if (!w.neg.isZero()) notes.push(`${optionName(wo)} has ${w.neg} of level −1 weight, which is negligible and never counted.`);
  return { ...base, winner, decidedBy, tiedWith, comparisons, notes };
}

/** The options of a choice as readChoice (core/check/rules/conscience.ts) reads them, ready for decide(). */
export function choiceInputOf(choice: ResolvedChoice): ChoiceInput {
  return {
    ...(choice.prompt !== undefined ? { prompt: choice.prompt } : {}),
    options: choice.options.map((o) => ({
      ...(o.label !== undefined ? { label: o.label } : {}),
      source: o.node,
      breaches: o.breaches.map((b) => ({
        id: b.id,
        weight: b.weight,
        weightFrom: b.weightFrom,
        risk: b.risk,
        ...(b.level1 !== undefined ? { level1: b.level1 } : {}),
        source: b.annotation,
      })),
    })),
  };
}

const WEIGHT_FROM_TEXT: Readonly<Record<WeightSource, string>> = {
  annotation: 'annotation',
  conscience: 'conscience block',
  default: 'default',
};

/** The decision as text for people: the winner, each option's ledger by level, and why the winner won. */
export function renderDecision(d: ConscienceDecision): string {
  const lines: string[] = [];
  const head = d.prompt !== undefined ? `Choice "${d.prompt}"` : 'Choice';
  if (d.winner < 0) return `${head}: no options, nothing chosen.`;
  lines.push(`${head}: ${optionName(d.options[d.winner])} chosen.`);
  for (const o of d.options) {
    const mark = o.index === d.winner ? '*' : ' ';
    lines.push(`${mark} ${o.index + 1}. ${optionName(o)}: level 1: ${o.level1.exact}, level 0: ${o.level0.exact}, level \u22121 (negligible): ${o.negligible.exact}`);
    if (o.entries.length === 0) lines.push('      no breaches');
    for (const e of o.entries) {
      const split = e.shares.map((s) => `${s.amount.exact} at level ${levelLabel(s.level)}`).join(' + ') || 'nothing';
      const boundary = e.level1 !== undefined ? `, diffuse boundary ${e.level1} at level 1` : '';
      lines.push(`      ${e.id} (catalog level ${levelLabel(e.catalogLevel)}): weight ${e.weight} (${WEIGHT_FROM_TEXT[e.weightFrom]}) \u00d7 risk ${e.risk}${boundary} = ${split}`);
    }
  }
  if (d.comparisons.length > 0) {
    lines.push('Why:');
    for (const c of d.comparisons) lines.push(`  - ${c.text}.`);
  }
  for (const n of d.notes) lines.push(`Note: ${n}`);
  for (const p of d.problems) lines.push(`Problem: ${p}`);
  return lines.join('\n');
}
