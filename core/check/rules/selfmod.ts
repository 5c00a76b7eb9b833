// Self-modification rules (seed 004, AMP-S001–S011): a `selfmod` declaration names a constant identity, weighs the seven
// C_L4 terms, seeds its run, and proposes only permitted modifications, shadow-simulated when risky. Also its typed reading.

import { declName, messageString, numberOf, properties, proposalParts, recordEntries, type Name, type Property } from '../../syntax/ast';
import { childNode, childNodes, isNode, type Node } from '../../syntax/tree';
import type { Fix } from '../../diagnostics';
import { didYouMean, suggest } from '../../util/suggest';
import {
  DEFAULT_WEIGHTS, MODIFICATION_TYPES, RISK_LEVELS, SHADOW_MAX_CYCLES, TERM_NAMES, findModificationType, findProhibitedType, findTerm,
  isRiskLevel, riskAtLeast, type ModificationType, type ProhibitedType, type RiskLevel, type TermName,
} from '../selfmod-catalog';
import type { Rule, RuleContext } from './context';

/** Settings a `selfmod` declaration may hold besides its proposals. */
export const SELFMOD_SETTINGS = ['identity', 'weights', 'initial', 'config'] as const;
/** Settings of a `config { … }` block. */
export const CONFIG_SETTINGS = ['seed', 'cycles', 'epsilon'] as const;
/** Settings of a proposal's block. */
export const PROPOSAL_SETTINGS = ['risk', 'scope', 'benefit', 'shadow', 'effect'] as const;

/** The seed a fix inserts when a config has none: any fixed seed makes the run deterministic. */
const PLACEHOLDER_SEED = 42;

// ---- reading ------------------------------------------------------------------------------------------------------

/** The `config { seed N  cycles N  epsilon x }` block; a value is absent when missing or invalid (the rules report it). */
export interface SelfmodConfig {
  readonly seed?: number;
  readonly cycles?: number;
  readonly epsilon?: number;
}

/** One `proposal NAME: TYPE { … }`, read. */
export interface ProposalDecl {
  readonly node: Node;
  readonly name?: string;
  /** The type as written. */
  readonly type?: string;
  /** The permitted type it names, if any. */
  readonly modification?: ModificationType;
  /** The prohibited type it names, if any: the protocol refuses such a proposal at step 1. */
  readonly prohibited?: ProhibitedType;
  /** The risk the proposal declares, when it is a risk level. */
  readonly declaredRisk?: RiskLevel;
  /**
   * The risk the protocol applies: the higher of the declared risk and the type's, since a declaration may raise a
   * type's risk but never lower it (AMP-S010). Undefined when neither is known.
   */
  readonly risk?: RiskLevel;
  /** Whether step 3 (shadow simulation) applies: risk medium or higher. */
  readonly needsShadow: boolean;
  /** Shadow simulation cycles, when a positive integer no larger than 20. */
  readonly shadow?: number;
  /** The expected benefit. */
  readonly benefit?: number;
  readonly scope?: string;
  /** Deltas the modification applies to C_L4 term values; terms left out are unchanged. */
  readonly effect: Readonly<Partial<Record<TermName, number>>>;
}

/** A `selfmod` declaration read for the simulator. */
export interface SelfmodDecl {
  readonly node: Node;
  readonly name?: string;
  /** The constant identity_id. */
  readonly identity?: string;
  /** The C_L4 weights: the declared ones (terms left out weigh 0), else the seed's defaults. */
  readonly weights: Readonly<Record<TermName, number>>;
  readonly weightsDeclared: boolean;
  /** Initial term values X_i(0); terms left out start at 0. */
  readonly initial: Readonly<Record<TermName, number>>;
  readonly config: SelfmodConfig;
  readonly proposals: readonly ProposalDecl[];
}

/**
 * Reads a `selfmod` declaration. Lenient: values the rules would reject are left out (or fall back to their
 * documented defaults), so a half-written declaration still reads. The first of a repeated setting counts, as the
 * rules' related information says. Term names may be written as the seed's symbols (`σ_con`).
 */
export function readSelfmod(node: Node, source: string): SelfmodDecl {
  const settings = firstByKey(properties(node, source));
  const weightsProp = settings.get('weights');
  const weightsRecord = weightsProp?.values[0]?.kind === 'Record' ? weightsProp.values[0] : undefined;
  const weights = weightsRecord ? termValues(weightsRecord, source, (v) => v >= 0 && v <= 1) : { ...DEFAULT_WEIGHTS };
  const initialRecord = settings.get('initial')?.values[0];
  const initial = initialRecord?.kind === 'Record' ? termValues(initialRecord, source, (v) => v >= 0 && v <= 1) : zeroTerms();
  const configBlock = settings.get('config')?.values[0];
  const cfg = configBlock?.kind === 'PropertyBlock' ? firstByKey(properties(configBlock, source)) : new Map<string, Property>();
  const num = (p: Property | undefined, ok: (v: number) => boolean) => {
    const v = p && p.values.length === 1 ? numberOf(p.values[0], source) : NaN;
    return ok(v) ? v : undefined;
  };
  const config: SelfmodConfig = {
    seed: num(cfg.get('seed'), Number.isSafeInteger),
    cycles: num(cfg.get('cycles'), isPositiveInteger),
    epsilon: num(cfg.get('epsilon'), (v) => v > 0 && v < 1),
  };
  return {
    node,
    name: declName(node, source)?.text,
    identity: identityOf(settings.get('identity'), source),
    weights,
    weightsDeclared: !!weightsRecord,
    initial,
    config,
    proposals: childNodes(node, 'Proposal').map((p) => readProposal(p, source)),
  };
}

function readProposal(node: Node, source: string): ProposalDecl {
  const { name, type, body } = proposalParts(node, source);
  const settings = firstByKey(body ? properties(body, source) : []);
  const modification = type ? findModificationType(type.text) : undefined;
  const prohibited = type ? findProhibitedType(type.text) : undefined;
  const declared = riskOf(settings.get('risk'), source);
  const risk = higherRisk(declared, modification?.risk);
  const single = (k: string) => {
    const p = settings.get(k);
    return p && p.values.length === 1 ? p.values[0] : undefined;
  };
  const shadow = numberOf(single('shadow'), source);
  const benefit = numberOf(single('benefit'), source);
  const effectNode = single('effect');
  const effect: Partial<Record<TermName, number>> = {};
  if (effectNode?.kind === 'Record') {
    for (const e of recordEntries(effectNode, source)) {
      const term = findTerm(e.key.text);
      const v = numberOf(e.value, source);
      if (term && !(term.name in effect) && Number.isFinite(v)) effect[term.name] = v;
    }
  }
  const scopeNode = single('scope');
  return {
    node,
    name: name?.text,
    type: type?.text,
    modification,
    prohibited,
    declaredRisk: declared,
    risk,
    needsShadow: !!risk && riskAtLeast(risk, 'medium'),
    shadow: isPositiveInteger(shadow) && shadow <= SHADOW_MAX_CYCLES ? shadow : undefined,
    benefit: Number.isFinite(benefit) ? benefit : undefined,
    scope: scopeNode?.kind === 'Message' ? messageString(scopeNode, source) : undefined,
    effect,
  };
}

function firstByKey(props: readonly Property[]): Map<string, Property> {
  const out = new Map<string, Property>();
  for (const p of props) if (!out.has(p.key.text)) out.set(p.key.text, p);
  return out;
}

function zeroTerms(): Record<TermName, number> {
  return Object.fromEntries(TERM_NAMES.map((t) => [t, 0])) as Record<TermName, number>;
}

/** A record of term values: terms left out are 0, as are entries that are unknown, repeated or fail `ok`. */
function termValues(record: Node, source: string, ok: (v: number) => boolean): Record<TermName, number> {
  const out = zeroTerms();
  const seen = new Set<TermName>();
  for (const e of recordEntries(record, source)) {
    const term = findTerm(e.key.text);
    if (!term || seen.has(term.name)) continue;
    seen.add(term.name);
    const v = numberOf(e.value, source);
    if (ok(v)) out[term.name] = v;
  }
  return out;
}

function identityOf(p: Property | undefined, source: string): string | undefined {
  const v = p && p.values.length === 1 ? p.values[0] : undefined;
  const text = v?.kind === 'Message' ? messageString(v, source) : undefined;
  return text ? text : undefined;
}

/** A risk written as a bare name (`risk medium`) or a string (`risk "medium"`). */
function riskText(p: Property | undefined, source: string): { text: string; node: Node } | undefined {
  const v = p?.values[0];
  if (!v) return undefined;
  if (v.kind === 'NameValue') return { text: source.slice(v.start, v.end), node: v };
  if (v.kind === 'Message') return { text: messageString(v, source) ?? '', node: v };
  return undefined;
}

function riskOf(p: Property | undefined, source: string): RiskLevel | undefined {
  const t = riskText(p, source);
  return t && isRiskLevel(t.text) ? t.text : undefined;
}

function higherRisk(a: RiskLevel | undefined, b: RiskLevel | undefined): RiskLevel | undefined {
  if (!a || !b) return a ?? b;
  return riskAtLeast(a, b) ? a : b;
}

function isPositiveInteger(v: number): boolean {
  return Number.isSafeInteger(v) && v > 0;
}

// ---- edits --------------------------------------------------------------------------------------------------------

/** Text as a number without binary noise (0.1 + 0.2 reads 0.3). */
function show(x: number): string {
  return String(Number(x.toPrecision(12)));
}

function text(ctx: RuleContext, n: { start: number; end: number }): string {
  return ctx.source.slice(n.start, n.end);
}

function brace(node: Node, kind: 'LBrace' | 'RBrace'): { start: number; end: number } | undefined {
  const ts = node.children.filter((c) => !isNode(c) && c.kind === kind);
  return kind === 'LBrace' ? ts[0] : ts[ts.length - 1];
}

/**
 * An edit that puts `setting` first in a block whose `{` is `open` and whose members are `members`: on a line of its
 * own, indented like the first member, when the members start on their own lines; otherwise right after the brace.
 */
function insertFirst(source: string, open: { end: number }, members: readonly Node[], setting: string): { start: number; end: number; newText: string } {
  const first = members[0];
  if (first && /[\n\r]/.test(source.slice(open.end, first.start))) {
    const lineStart = Math.max(source.lastIndexOf('\n', first.start - 1), source.lastIndexOf('\r', first.start - 1)) + 1;
    const indent = source.slice(lineStart, first.start);
    return { start: first.start, end: first.start, newText: `${setting}\n${indent}` };
  }
  const tight = source[open.end] === '}';
  return { start: open.end, end: open.end, newText: ` ${setting}${tight ? ' ' : ''}` };
}

/** Removing a node: its whole line when nothing else is on it, otherwise the node and the spaces after it. */
function removal(source: string, node: Node): { start: number; end: number; newText: string } {
  const lineStart = Math.max(source.lastIndexOf('\n', node.start - 1), source.lastIndexOf('\r', node.start - 1)) + 1;
  const m = /^[ \t]*(\r\n|\n|\r|$)/.exec(source.slice(node.end));
  if (/^[ \t]*$/.test(source.slice(lineStart, node.start)) && m && (m[1] || node.end + m[0].length === source.length))
    return { start: lineStart, end: node.end + m[0].length, newText: '' };
  const spaces = /^[ \t]*/.exec(source.slice(node.end))![0].length;
  return { start: node.start, end: node.end + spaces, newText: '' };
}

function renameFix(at: Name | { start: number; end: number }, to: string): Fix[] {
  return [{ title: `Change to '${to}'`, edits: [{ start: at.start, end: at.end, newText: to }] }];
}

// ---- rules --------------------------------------------------------------------------------------------------------

/** Reports a setting's value count: exactly one value is expected. Returns the value when there is exactly one. */
function singleValue(ctx: RuleContext, p: Property, expected: string): Node | undefined {
  const values = childNodes(p.node);
  if (values.length === 0) {
    ctx.report('AMP-S011', `'${p.key.text}' needs a value: ${expected}`, p.key);
    return undefined;
  }
  if (values.length > 1) {
    ctx.report('AMP-S011', `'${p.key.text}' takes one value (${expected}); unexpected '${text(ctx, { start: values[1].start, end: values[values.length - 1].end })}'`, {
      start: values[1].start,
      end: values[values.length - 1].end,
    });
    return undefined;
  }
  return values[0].kind === 'Error' ? undefined : values[0];
}

function unknownSetting(ctx: RuleContext, key: Name, where: string, known: readonly string[]): void {
  const hint = suggest(key.text, known);
  ctx.report('AMP-S011', `Unknown ${where} setting '${key.text}'${didYouMean(hint)}; settings: ${known.join(', ')}`, key, { fixes: hint ? renameFix(key, hint) : undefined });
}

/** Reports a setting given a second time (AMP-S011), with related information to the first; true when repeated. */
function repeated(ctx: RuleContext, seen: Map<string, Property>, p: Property, where: string): boolean {
  const first = seen.get(p.key.text);
  if (!first) {
    seen.set(p.key.text, p);
    return false;
  }
  ctx.report('AMP-S011', `'${p.key.text}' is already set in this ${where}; the first one counts`, p.key, { related: [{ message: `first '${p.key.text}'`, start: first.key.start, end: first.key.end }] });
  return true;
}

const TERM_LIST = TERM_NAMES.join(', ');

/**
 * A record of C_L4 terms (`weights`, `initial`): AMP-S005 for unknown terms, AMP-S004 for values outside [0, 1] or
 * not numbers, AMP-S011 for a term given twice. Returns the sum of the numeric values (misspelled terms included, so
 * a typo is reported once, as S005, not again as a wrong sum) or NaN when a value is not a number.
 */
function checkTermRecord(ctx: RuleContext, record: Node, what: string): { sum: number; given: Set<TermName> } {
  const seen = new Map<string, Name>();
  const given = new Set<TermName>();
  let sum = 0;
  for (const e of recordEntries(record, ctx.source)) {
    const term = findTerm(e.key.text);
    if (!term) {
      const hint = suggest(e.key.text, TERM_NAMES);
      ctx.report('AMP-S005', `Unknown C_L4 term '${e.key.text}'${didYouMean(hint)}; the seven terms of seed 004 (Definition 7) are ${TERM_LIST}`, e.key, {
        fixes: hint ? renameFix(e.key, hint) : undefined,
      });
    } else {
      const first = seen.get(term.name);
      if (first) ctx.report('AMP-S011', `'${term.name}' is already given in these ${what}; the first one counts`, e.key, { related: [{ message: `first '${term.name}'`, start: first.start, end: first.end }] });
      else seen.set(term.name, e.key);
      given.add(term.name);
    }
    const v = numberOf(e.value, ctx.source);
    const at = e.value ?? e.node;
    if (Number.isNaN(v)) {
      ctx.report('AMP-S004', `C_L4 ${what} are numbers in [0, 1]; '${e.key.text}' has ${e.value ? `'${text(ctx, e.value)}'` : 'no value'}`, at);
      sum = NaN;
    } else {
      if (v < 0 || v > 1) ctx.report('AMP-S004', `C_L4 ${what} lie in [0, 1] (seed 004, Definition 7); '${e.key.text}' is ${show(v)}`, at);
      sum += v;
    }
  }
  return { sum, given };
}

function checkWeights(ctx: RuleContext, p: Property): void {
  const record = singleValue(ctx, p, 'a record such as { V_id: 0.15, H_bel: 0.15, … }');
  if (!record) return;
  if (record.kind !== 'Record') {
    ctx.report('AMP-S011', `'weights' takes a record of the seven C_L4 terms, e.g. { V_id: 0.15, H_bel: 0.15, F_mut: 0.10, sigma_con: 0.10, E_v: 0.20, G_c: 0.15, M_s: 0.15 }`, record);
    return;
  }
  const { sum, given } = checkTermRecord(ctx, record, 'weights');
  if (Number.isNaN(sum) || Math.abs(sum - 1) <= 1e-9) return;
  const missing = TERM_NAMES.filter((t) => !given.has(t));
  const note = missing.length ? `; terms left out weigh 0: ${missing.join(', ')}` : '';
  ctx.report('AMP-S003', `C_L4 weights sum to ${show(sum)}, not 1: seed 004 (Definition 7) requires Σ w_i = 1${note}`, record);
}

function checkInitial(ctx: RuleContext, p: Property): void {
  const record = singleValue(ctx, p, 'a record of term values such as { V_id: 0.1, E_v: 0.2 }');
  if (!record) return;
  if (record.kind !== 'Record') {
    ctx.report('AMP-S011', `'initial' takes a record of initial term values X_i(0) in [0, 1], e.g. { V_id: 0.1, E_v: 0.2 }`, record);
    return;
  }
  checkTermRecord(ctx, record, 'term values');
}

function checkIdentityValue(ctx: RuleContext, p: Property): void {
  const v = singleValue(ctx, p, 'the identity id as a string, e.g. identity "agent-7"');
  if (!v) return;
  if (v.kind === 'NameValue') {
    const name = text(ctx, v);
    ctx.report('AMP-S011', `The identity id is a string: write identity "${name}"`, v, { fixes: [{ title: `Quote '${name}'`, edits: [{ start: v.start, end: v.end, newText: `"${name}"` }] }] });
  } else if (v.kind !== 'Message') ctx.report('AMP-S011', `The identity id is a string, e.g. identity "agent-7"`, v);
  else if (!messageString(v, ctx.source)) ctx.report('AMP-S011', 'The identity id must not be empty', v);
}

/** The `config { … }` block: AMP-S011 for bad values and unknown settings, AMP-S009 when the seed is missing. */
function checkConfig(ctx: RuleContext, p: Property): void {
  const block = singleValue(ctx, p, `a block such as { seed ${PLACEHOLDER_SEED}  cycles 120  epsilon 0.02 }`);
  if (!block) return;
  if (block.kind !== 'PropertyBlock') {
    ctx.report('AMP-S011', `'config' takes a block such as { seed ${PLACEHOLDER_SEED}  cycles 120  epsilon 0.02 }`, block);
    return;
  }
  const seen = new Map<string, Property>();
  const settings = properties(block, ctx.source);
  for (const s of settings) {
    if (!(CONFIG_SETTINGS as readonly string[]).includes(s.key.text)) {
      unknownSetting(ctx, s.key, 'config', CONFIG_SETTINGS);
      continue;
    }
    if (repeated(ctx, seen, s, 'config')) continue;
    const v = singleValue(ctx, s, s.key.text === 'epsilon' ? 'a number in (0, 1)' : s.key.text === 'seed' ? 'an integer' : 'a positive integer');
    if (!v) continue;
    const n = numberOf(v, ctx.source);
    const shown = Number.isNaN(n) ? `'${text(ctx, v)}'` : show(n);
    if (s.key.text === 'seed' && !Number.isSafeInteger(n))
      ctx.report('AMP-S011', `seed is an integer (the same seed replays the same run); got ${shown}`, v);
    else if (s.key.text === 'cycles' && !isPositiveInteger(n))
      ctx.report('AMP-S011', `cycles is a positive integer number of simulation cycles; got ${shown}`, v, {
        fixes: n > 0 && Number.isFinite(n) ? renameFix(v, String(Math.max(1, Math.round(n)))) : undefined,
      });
    else if (s.key.text === 'epsilon' && !(n > 0 && n < 1))
      ctx.report('AMP-S011', `epsilon is the rollback tolerance of step 6 (roll back when C(t) > C_baseline + ε), a number in (0, 1); got ${shown}`, v);
  }
  if (!seen.has('seed')) {
    const open = brace(block, 'LBrace');
    ctx.report('AMP-S009', `config has no seed: self-modification runs are deterministic, so they need 'seed N'`, p.key, {
      fixes: open ? [{ title: `Add seed ${PLACEHOLDER_SEED}`, edits: [insertFirst(ctx.source, open, settings.map((s) => s.node), `seed ${PLACEHOLDER_SEED}`)] }] : undefined,
    });
  }
}

/** The declaration's own settings: identity (S008, S009), weights (S003–S005), initial (S004, S005), config (S009, S011). */
export const selfmodSettings: Rule = (ctx) => {
  for (const decl of childNodes(ctx.model.tree, 'SelfmodDecl')) {
    const name = declName(decl, ctx.source);
    const label = name ? `'${name.text}'` : 'declaration';
    const seen = new Map<string, Property>();
    const settings = properties(decl, ctx.source);
    for (const p of settings) {
      const key = p.key.text;
      if (!(SELFMOD_SETTINGS as readonly string[]).includes(key)) {
        unknownSetting(ctx, p.key, 'selfmod', [...SELFMOD_SETTINGS, 'proposal']);
        continue;
      }
      if (key === 'identity') {
        const first = seen.get(key);
        if (first) {
          ctx.report('AMP-S008', `identity is declared twice: identity_id is a compile-time constant (seed 004, invariant 2), so it is declared exactly once`, p.node, {
            related: [{ message: 'identity first declared here', start: first.node.start, end: first.node.end }],
          });
          continue;
        }
        seen.set(key, p);
        checkIdentityValue(ctx, p);
        continue;
      }
      if (repeated(ctx, seen, p, 'selfmod')) continue;
      if (key === 'weights') checkWeights(ctx, p);
      else if (key === 'initial') checkInitial(ctx, p);
      else if (key === 'config') checkConfig(ctx, p);
    }
    const open = brace(decl, 'LBrace');
    if (!open) continue; // the parser reported the missing body
    const at = name ?? { start: decl.start, end: open.start };
    const members = childNodes(decl).filter((n) => n.kind === 'Property' || n.kind === 'Proposal' || n.kind === 'Error');
    if (!seen.has('identity')) {
      const id = name?.text ?? 'agent';
      ctx.report('AMP-S009', `Self-modification ${label} declares no identity: write identity "…" once (identity_id is a compile-time constant, seed 004 invariant 2)`, at, {
        fixes: [{ title: `Add identity "${id}"`, edits: [insertFirst(ctx.source, open, members, `identity "${id}"`)] }],
      });
    }
    if (!seen.has('config')) {
      ctx.report('AMP-S009', `Self-modification ${label} has no config: add config { seed N } (runs are deterministic)`, at, {
        fixes: [{ title: `Add config { seed ${PLACEHOLDER_SEED} }`, edits: [insertFirst(ctx.source, open, members, `config { seed ${PLACEHOLDER_SEED} }`)] }],
      });
    }
  }
};

/** The edit that adds ` shadow 20` to a proposal: after its last setting, into an empty block, or as a new block. */
function addShadowEdit(ctx: RuleContext, proposal: Node, type: Name | undefined): { start: number; end: number; newText: string } | undefined {
  const shadow = `shadow ${SHADOW_MAX_CYCLES}`;
  const body = childNode(proposal, 'PropertyBlock');
  if (!body) {
    const after = type ?? proposal;
    return { start: after.end, end: after.end, newText: ` { ${shadow} }` };
  }
  const props = childNodes(body, 'Property');
  const last = props[props.length - 1];
  if (last) return { start: last.end, end: last.end, newText: ` ${shadow}` };
  const open = brace(body, 'LBrace');
  return open ? insertFirst(ctx.source, open, [], shadow) : undefined;
}

/** Proposals: S001 (prohibited), S002 (unknown type), S006, S007 (shadow), S008 (identity), S010 (risk), S011. */
export const selfmodProposals: Rule = (ctx) => {
  for (const decl of childNodes(ctx.model.tree, 'SelfmodDecl')) {
    for (const proposal of childNodes(decl, 'Proposal')) {
      const { name, type, body } = proposalParts(proposal, ctx.source);
      const label = name ? `'${name.text}'` : 'this proposal';
      const modification = type ? findModificationType(type.text) : undefined;
      const prohibited = type ? findProhibitedType(type.text) : undefined;
      if (type && prohibited) {
        ctx.report('AMP-S001', `Modification type '${type.text}' (${prohibited.title}) is prohibited: refused at step 1 of the 7-step protocol. ${prohibited.reason}`, type);
      } else if (type && !modification) {
        const hint = suggest(type.text, MODIFICATION_TYPES.map((t) => t.name));
        ctx.report('AMP-S002', `Unknown modification type '${type.text}'${didYouMean(hint)}; seed 004's taxonomy: ${MODIFICATION_TYPES.map((t) => t.name).join(', ')}`, type, {
          fixes: hint ? renameFix(type, hint) : undefined,
        });
      }

      const seen = new Map<string, Property>();
      let declared: RiskLevel | undefined;
      let hasShadow = false;
      for (const p of body ? properties(body, ctx.source) : []) {
        const key = p.key.text;
        if (key === 'identity') {
          ctx.report('AMP-S008', `A proposal cannot set identity: identity_id is a compile-time constant (seed 004, invariant 2), and changing it is prohibited at step 1`, p.node, {
            fixes: [{ title: 'Remove the identity setting', edits: [removal(ctx.source, p.node)] }],
          });
          continue;
        }
        if (!(PROPOSAL_SETTINGS as readonly string[]).includes(key)) {
          unknownSetting(ctx, p.key, 'proposal', PROPOSAL_SETTINGS);
          continue;
        }
        if (repeated(ctx, seen, p, 'proposal')) continue;
        if (key === 'shadow') hasShadow = true;
        const v = singleValue(ctx, p, describeSetting(key));
        if (!v) continue;
        switch (key) {
          case 'risk': {
            const t = riskText(p, ctx.source);
            if (!t || !isRiskLevel(t.text)) {
              const hint = t ? suggest(t.text, RISK_LEVELS) : undefined;
              ctx.report('AMP-S011', `Unknown risk level ${t ? `'${t.text}'` : `'${text(ctx, v)}'`}${didYouMean(hint)}; levels: ${RISK_LEVELS.join(', ')}`, v, {
                fixes: hint ? renameFix(v, hint) : undefined,
              });
              break;
            }
            declared = t.text;
            if (modification && !riskAtLeast(declared, modification.risk)) {
              ctx.report('AMP-S010', `Declared risk '${declared}' is below the risk of ${modification.name} (${modification.risk}): a proposal may declare a higher risk than its type, never a lower one (seed 004 §7.1)`, v, {
                fixes: renameFix(v, modification.risk),
              });
            }
            break;
          }
          case 'shadow': {
            const n = numberOf(v, ctx.source);
            if (isPositiveInteger(n) && n <= SHADOW_MAX_CYCLES) break;
            const shown = Number.isNaN(n) ? `'${text(ctx, v)}'` : show(n);
            const msg =
              n > SHADOW_MAX_CYCLES
                ? `A ShadowAgent simulation runs at most ${SHADOW_MAX_CYCLES} cycles (seed 004, step 3: isolated sandbox, max ${SHADOW_MAX_CYCLES} cycles); got ${shown}`
                : `shadow is a positive integer number of simulation cycles, at most ${SHADOW_MAX_CYCLES}; got ${shown}`;
            ctx.report('AMP-S007', msg, v, { fixes: n > SHADOW_MAX_CYCLES ? renameFix(v, String(SHADOW_MAX_CYCLES)) : undefined });
            break;
          }
          case 'benefit':
            if (!Number.isFinite(numberOf(v, ctx.source))) ctx.report('AMP-S011', `benefit is the expected benefit, a number (e.g. benefit 0.05); got '${text(ctx, v)}'`, v);
            break;
          case 'scope':
            if (v.kind !== 'Message') ctx.report('AMP-S011', `scope is a string describing what the modification touches, e.g. scope "planning_depth"`, v);
            break;
          case 'effect':
            checkEffect(ctx, v);
            break;
        }
      }

      // Step 3 applies to the higher of the declared and the type's risk: declaring a lower risk (S010) cannot waive it.
      const risk = higherRisk(declared, modification?.risk);
      if (!prohibited && risk && riskAtLeast(risk, 'medium') && !hasShadow) {
        const why = modification && modification.risk === risk ? `the risk of ${modification.name}` : 'declared';
        const edit = addShadowEdit(ctx, proposal, type);
        const head = { start: proposal.start, end: (type ?? name ?? proposal).end };
        ctx.report(
          'AMP-S006',
          `Proposal ${label} has ${risk} risk (${why}) but no shadow simulation: medium+ risk modifications require a ShadowAgent run of at most ${SHADOW_MAX_CYCLES} cycles (seed 004, invariant 5, non-waivable); add 'shadow N'`,
          head,
          { fixes: edit ? [{ title: `Add shadow ${SHADOW_MAX_CYCLES}`, edits: [edit] }] : undefined },
        );
      }
    }
  }
};

function describeSetting(key: string): string {
  switch (key) {
    case 'risk':
      return RISK_LEVELS.join(' | ');
    case 'scope':
      return 'a string, e.g. scope "planning_depth"';
    case 'benefit':
      return 'a number, e.g. benefit 0.05';
    case 'shadow':
      return `simulation cycles, a positive integer ≤ ${SHADOW_MAX_CYCLES}`;
    default:
      return 'a record of term deltas, e.g. { E_v: 0.02, M_s: -0.05 }';
  }
}

/** `effect { TERM: delta, … }`: known terms, numeric deltas, each term once (AMP-S011). */
function checkEffect(ctx: RuleContext, v: Node): void {
  if (v.kind !== 'Record') {
    ctx.report('AMP-S011', `effect takes a record of C_L4 term deltas, e.g. { E_v: 0.02, M_s: -0.05 }`, v);
    return;
  }
  const seen = new Map<string, Name>();
  for (const e of recordEntries(v, ctx.source)) {
    const term = findTerm(e.key.text);
    if (!term) {
      const hint = suggest(e.key.text, TERM_NAMES);
      ctx.report('AMP-S011', `effect names an unknown C_L4 term '${e.key.text}'${didYouMean(hint)}; the terms are ${TERM_LIST}`, e.key, { fixes: hint ? renameFix(e.key, hint) : undefined });
    } else {
      const first = seen.get(term.name);
      if (first) ctx.report('AMP-S011', `'${term.name}' is already in this effect; the first delta counts`, e.key, { related: [{ message: `first '${term.name}'`, start: first.start, end: first.end }] });
      else seen.set(term.name, e.key);
    }
    if (!Number.isFinite(numberOf(e.value, ctx.source)))
      ctx.report('AMP-S011', `An effect delta is a number (e.g. E_v: 0.02); '${e.key.text}' has ${e.value ? `'${text(ctx, e.value)}'` : 'no value'}`, e.value ?? e.node);
  }
}

/** The self-modification rules, in the order they run. */
export const selfmodRules: readonly Rule[] = [selfmodSettings, selfmodProposals];
