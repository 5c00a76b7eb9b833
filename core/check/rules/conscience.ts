// Conscience rules (seed 003, AMP-C001–C004): breach ids come from the catalog, weights and probabilities are in range,
// and a `choose` offers real alternatives. Also the typed reading of a choice that the runtime's conscience calculator uses.

import { blockOf, chooseOptions, messageOf, messageString, numberOf, properties, statements, type Name } from '../../syntax/ast';
import { childNode, childNodes, type Node } from '../../syntax/tree';
import { didYouMean, normalizeName, suggest } from '../../util/suggest';
import { readAnnotations, type BreachUse } from '../annotations';
import { breachIds, findBreach, type Breach, type LexicalLevel } from '../breaches';
import type { Rule, RuleContext } from './context';

// ---- reading ------------------------------------------------------------------------------------------------------

/** The weight a breach gets when neither its annotation nor the `conscience` block gives one (notes: "else 1"). */
export const DEFAULT_BREACH_WEIGHT = 1;

/** Where a resolved breach's weight came from, so a debugger can explain the number. */
export type WeightSource = 'annotation' | 'conscience' | 'default';

/** The part of a breach's expected weight that counts at one lexical level. */
export interface LevelShare {
  readonly level: LexicalLevel;
  readonly weight: number;
}

/** One `@breach` on a path, resolved against the catalog and the `conscience` block. */
export interface ResolvedBreach {
  /** The catalog id (also when the annotation named the breach by its title). */
  readonly id: string;
  readonly breach: Breach;
  /** The `@breach(…)` annotation. */
  readonly annotation: Node;
  /** The node it annotates: the option itself or a statement on the option's path. */
  readonly on: Node;
  /** The weight before risk: the annotation's, else the `conscience` block's for this id, else 1. */
  readonly weight: number;
  readonly weightFrom: WeightSource;
  /** The probability that the breach happens (1 when not given). */
  readonly risk: number;
  /** The diffuse boundary `level1` when given: this fraction counts at level 1 and the rest at level 0. */
  readonly level1?: number;
  /** weight × risk. */
  readonly expected: number;
  /** How `expected` splits across lexical levels; shares of 0 are left out. */
  readonly shares: readonly LevelShare[];
}

/** One option of a choice with the breaches its path commits. */
export interface ChoiceOption {
  readonly node: Node;
  /** The option's label text, when it has one. */
  readonly label?: string;
  readonly labelNode?: Node;
  readonly breaches: readonly ResolvedBreach[];
  /** The summed shares per lexical level (0 where nothing counts). */
  readonly totals: Readonly<Record<LexicalLevel, number>>;
}

/** A `choose` statement read for the conscience calculator. */
export interface ResolvedChoice {
  readonly node: Node;
  /** The prompt message's text, when there is one. */
  readonly prompt?: string;
  readonly options: readonly ChoiceOption[];
}

/**
 * The weights the file's `conscience { weight "id" n }` blocks give, keyed by catalog id. Invalid entries (unknown
 * ids, weights that are not positive numbers) are left out: the rules below report them, and a reader that guessed
 * would hide the mistake. When an id is weighted twice the first entry counts, as the C002 report says.
 */
export function readConscienceWeights(tree: Node, source: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const entry of conscienceEntries(tree, source)) {
    const breach = entry.id ? findBreach(entry.id.text) : undefined;
    if (!breach || out.has(breach.id) || !(entry.weight !== undefined && entry.weight > 0)) continue;
    out.set(breach.id, entry.weight);
  }
  return out;
}

/**
 * Reads a `choose` statement: each option with its breaches, their weights resolved (the annotation's weight, else
 * `weights` — the `conscience` block's, see readConscienceWeights — else 1), multiplied by their risk, and split
 * across lexical levels (`level1: q` puts q of the weight at level 1 and 1 − q at level 0; otherwise the catalog's
 * level takes it all).
 *
 * An option's breaches are those annotated on the option and on the statements its path surely runs: its block and
 * chapels inside it. A nested `choose` or a `view … else` branch is a decision of its own and is not summed in.
 * Breaches with unknown ids, and values out of range, are left out or fall back to their defaults (C001 and C002
 * report them), so the result is always usable.
 */
export function readChoice(choose: Node, source: string, weights: ReadonlyMap<string, number>): ResolvedChoice {
  const prompt = messageString(messageOf(choose), source);
  const options = chooseOptions(choose).map((opt): ChoiceOption => {
    const labelNode = messageOf(opt);
    const breaches: ResolvedBreach[] = [];
    for (const on of [opt, ...pathStatements(blockOf(opt))]) {
      for (const use of readAnnotations(on, source).breaches) {
        const r = resolveBreach(use, on, weights);
        if (r) breaches.push(r);
      }
    }
    const totals: Record<LexicalLevel, number> = { [-1]: 0, 0: 0, 1: 0 };
    for (const b of breaches) for (const s of b.shares) totals[s.level] += s.weight;
    for (const level of [-1, 0, 1] as const) totals[level] = tidy(totals[level]);
    return { node: opt, label: messageString(labelNode, source), labelNode, breaches, totals };
  });
  return { node: choose, prompt, options };
}

/** Resolves one breach use; undefined when its id is missing or not in the catalog. */
export function resolveBreach(use: BreachUse, on: Node, weights: ReadonlyMap<string, number>): ResolvedBreach | undefined {
  const breach = use.id ? findBreach(use.id.text) : undefined;
  if (!breach) return undefined;
  let weight = DEFAULT_BREACH_WEIGHT;
  let weightFrom: WeightSource = 'default';
  if (use.weight !== undefined && use.weight > 0) {
    weight = use.weight;
    weightFrom = 'annotation';
  } else if (weights.has(breach.id)) {
    weight = weights.get(breach.id)!;
    weightFrom = 'conscience';
  }
  const risk = inUnit(use.risk) ? use.risk : 1;
  const level1 = inUnit(use.level1) ? use.level1 : undefined;
  const expected = tidy(weight * risk);
  const shares: LevelShare[] =
    level1 === undefined
      ? [{ level: breach.level, weight: expected }]
      : [
          { level: 1, weight: tidy(expected * level1) },
          { level: 0, weight: tidy(expected * (1 - level1)) },
        ];
  return { id: breach.id, breach, annotation: use.node, on, weight, weightFrom, risk, level1, expected, shares: shares.filter((s) => s.weight > 0) };
}

/** Statements a path surely runs: the block's, and those of chapels inside it (a chapel runs its body in line). */
function pathStatements(block: Node | undefined): Node[] {
  const out: Node[] = [];
  for (const stmt of statements(block)) {
    out.push(stmt);
    if (stmt.kind === 'ChapelStmt') out.push(...pathStatements(blockOf(stmt)));
  }
  return out;
}

function inUnit(x: number | undefined): x is number {
  return x !== undefined && x >= 0 && x <= 1;
}

/**
 * Rounds away binary floating-point noise (12 significant digits), so the seed's boundary split of 0.55 reads 0.45 at
 * level 0 rather than 0.44999999999999996, and two options that weigh the same compare equal in the calculator.
 */
function tidy(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(12)) : x;
}

// ---- the conscience block -----------------------------------------------------------------------------------------

interface ConscienceEntry {
  readonly property: Node;
  readonly key: Name;
  /** The breach id and its range (inside the quotes for a string). */
  readonly id?: Name;
  readonly idNode?: Node;
  readonly weightNode?: Node;
  /** NaN when the weight is not a number; undefined when it is missing. */
  readonly weight?: number;
}

function conscienceEntries(tree: Node, source: string): ConscienceEntry[] {
  const out: ConscienceEntry[] = [];
  for (const decl of childNodes(tree, 'ConscienceDecl')) {
    const block = childNode(decl, 'PropertyBlock');
    if (!block) continue;
    for (const p of properties(block, source)) {
      const [idNode, weightNode] = p.values;
      out.push({ property: p.node, key: p.key, id: idNode ? idName(idNode, source) : undefined, idNode, weightNode, weight: weightNode ? numberOf(weightNode, source) : undefined });
    }
  }
  return out;
}

/** A breach id written as a string (range inside the quotes) or as a bare name. */
function idName(node: Node, source: string): Name | undefined {
  if (node.kind === 'Message') return { text: messageString(node, source) ?? '', start: node.start + 1, end: Math.max(node.start + 1, node.end - 1) };
  if (node.kind === 'NameValue') return { text: source.slice(node.start, node.end), start: node.start, end: node.end };
  return undefined;
}

// ---- rules --------------------------------------------------------------------------------------------------------

/**
 * The closest catalog id to what the user wrote. Edit distance catches typos; for a fragment of a long slug
 * ("steal", "torture") it finds nothing, so fall back to the shortest id containing the fragment.
 */
export function suggestBreachId(word: string): string | undefined {
  const ids = breachIds();
  const close = suggest(word, ids);
  if (close) return close;
  const w = normalizeName(word);
  if (w.length < 4) return undefined;
  const containing = ids.filter((id) => normalizeName(id).includes(w));
  return containing.sort((a, b) => a.length - b.length)[0];
}

function reportUnknownId(ctx: RuleContext, id: Name): void {
  const hint = suggestBreachId(id.text);
  ctx.report('AMP-C001', `Unknown conscience breach '${id.text}'${didYouMean(hint)}; breaches come from seed 003's catalog (Appendix A and its additions)`, id, {
    fixes: hint ? [{ title: `Change to '${hint}'`, edits: [{ start: id.start, end: id.end, newText: hint }] }] : undefined,
  });
}

/** AMP-C001 and AMP-C002 on every `@breach` annotation. Non-numeric arguments are AMP-P006's (the annotation check). */
export const breachAnnotations: Rule = (ctx) => {
  for (const n of ctx.model.index.annotated) {
    for (const use of readAnnotations(n, ctx.source).breaches) {
      if (use.id && !findBreach(use.id.text)) reportUnknownId(ctx, use.id);
      const valueOf = (k: string) => use.args.find((a) => a.name?.text === k)?.value;
      if (use.weight !== undefined && use.weight <= 0)
        ctx.report('AMP-C002', `A conscience weight must be greater than 0 (got ${use.weight}); leave it out to use the conscience block's weight or 1`, valueOf('weight') ?? use.node);
      if (use.risk !== undefined && (use.risk < 0 || use.risk > 1))
        ctx.report('AMP-C002', `risk is the probability that the breach happens, a number in [0, 1] (got ${use.risk})`, valueOf('risk') ?? use.node);
      if (use.level1 !== undefined && (use.level1 < 0 || use.level1 > 1))
        ctx.report('AMP-C002', `level1 is the fraction of the weight at lexical level 1 (a diffuse boundary), a number in [0, 1] (got ${use.level1})`, valueOf('level1') ?? use.node);
    }
  }
};

/**
 * The `conscience { weight "id" n }` block: AMP-C001 for unknown ids; AMP-C002 for weights that are missing, not
 * numbers or not positive, for entries that are not `weight "id" n`, and for an id weighted twice.
 */
export const conscienceBlock: Rule = (ctx) => {
  const first = new Map<string, Name>();
  for (const e of conscienceEntries(ctx.model.tree, ctx.source)) {
    if (e.key.text !== 'weight') {
      const hint = suggest(e.key.text, ['weight']);
      ctx.report('AMP-C002', `Unknown conscience setting '${e.key.text}'${didYouMean(hint)}; the block holds entries 'weight "breach_id" n'`, e.key, {
        fixes: hint ? [{ title: `Change to '${hint}'`, edits: [{ start: e.key.start, end: e.key.end, newText: hint }] }] : undefined,
      });
      continue;
    }
    if (!e.id) {
      ctx.report('AMP-C002', `Expected 'weight "breach_id" n': the breach id comes first`, e.idNode ?? e.property);
      continue;
    }
    const breach = findBreach(e.id.text);
    if (!breach) reportUnknownId(ctx, e.id);
    if (e.weightNode === undefined) ctx.report('AMP-C002', `Missing weight for '${e.id.text}': write 'weight "${e.id.text}" n' with n > 0`, e.property);
    else if (Number.isNaN(e.weight)) ctx.report('AMP-C002', `A conscience weight is a number greater than 0, not '${ctx.source.slice(e.weightNode.start, e.weightNode.end)}'`, e.weightNode);
    else if (e.weight! <= 0) ctx.report('AMP-C002', `A conscience weight must be greater than 0 (got ${e.weight})`, e.weightNode);
    const property = childNodes(e.property);
    const extra = property.slice(2)[0];
    if (extra) ctx.report('AMP-C002', `Unexpected value after the weight: one entry is 'weight "breach_id" n'`, { start: extra.start, end: property[property.length - 1].end });
    if (breach) {
      const prev = first.get(breach.id);
      if (prev) ctx.report('AMP-C002', `'${breach.id}' is already weighted in the conscience block; the first weight counts`, e.id, { related: [{ message: `first weight for '${breach.id}'`, start: prev.start, end: prev.end }] });
      else first.set(breach.id, e.id);
    }
  }
};

/** AMP-C003 (fewer than two options) and AMP-C004 (two options with the same label) on every `choose`. */
export const chooseOptionsRule: Rule = (ctx) => {
  for (const n of ctx.model.index.of('ChooseStmt')) {
    const options = chooseOptions(n);
    if (options.length < 2) {
      const kw = n.children.find((c) => !('children' in c) && c.kind === 'Ident');
      const prompt = messageOf(n);
      const range = kw ? { start: kw.start, end: prompt?.end ?? kw.end } : n;
      ctx.report(
        'AMP-C003',
        `This choice has ${options.length === 0 ? 'no options' : 'only one option'}: the conscience calculator weighs alternative paths, so a choice needs at least two`,
        range,
      );
    }
    const seen = new Map<string, Node>();
    for (const opt of options) {
      const label = messageOf(opt);
      const text = messageString(label, ctx.source);
      if (!label || text === undefined) continue;
      const prev = seen.get(text);
      if (prev) ctx.report('AMP-C004', `Option "${text}" is already offered in this choice; give each option its own label`, label, { related: [{ message: `first option "${text}"`, start: prev.start, end: prev.end }] });
      else seen.set(text, label);
    }
  }
};

/** The conscience rules, in the order they run. */
export const conscienceRules: readonly Rule[] = [breachAnnotations, conscienceBlock, chooseOptionsRule];
