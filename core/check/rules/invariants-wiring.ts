// Whether the ethics header covers what the file does: a governed construct needs a header or manifest (AMP-G011),
// and the header must wire that construct's invariant in `invariants_wired` (AMP-G010).

import { annotationName, annotations, declName } from '../../syntax/ast';
import type { Node } from '../../syntax/tree';
import { readAnnotations } from '../annotations';
import { INVARIANT_NAMES, type InvariantName } from '../header';
import type { SpecModel } from '../model';
import type { Rule } from './context';
import { HIGH_HAZARDS } from './invariants-chapel';
import { keywordOnly, keywordSpan, newlineOf, related } from './invariants-common';

/** What each invariant promises, in the words of seed 002 §2, for messages. */
export const INVARIANT_TITLES: Readonly<Record<InvariantName, string>> = {
  E_EXT_RED_BOUNDARY: 'invariant 1, E_ext as a non-rewritable red boundary',
  INDEPENDENT_VETO_CHAPEL: 'invariant 2, independent veto and non-bypassable chapel pause',
  NO_UNBOUNDED_REWRITE_UNDER_AUDIT: 'invariant 3, no unbounded self-rewrite under existential audit',
  SILENCE_BANDS_PROTECTED: 'invariant 4, protected silence bands',
  SCARS_DURABLE_FORGIVENESS_BOUNDED: 'invariant 5, scars are durable and forgiveness is bounded',
};

/** A construct the governance layer governs, with the invariant that covers it (none for a low or medium hazard act). */
export interface GovernedConstruct {
  /** How messages name it, e.g. 'a chapel'. */
  readonly label: string;
  readonly invariant?: InvariantName;
  /** Where to report it: the annotation or the keyword that makes it governed. */
  readonly start: number;
  readonly end: number;
}

/** Every governed construct of the file in source order: acts with an E_ext cost or a hazard, chapels, self-rewrite regions, consent, scars. */
export function governedConstructs(model: SpecModel): GovernedConstruct[] {
  let found = constructsOf.get(model);
  if (!found) constructsOf.set(model, (found = findGovernedConstructs(model)));
  return found;
}

/** Two rules ask for the governed constructs of the same model; they are found once. */
const constructsOf = new WeakMap<SpecModel, GovernedConstruct[]>();

const GOVERNED_KINDS: readonly Node['kind'][] = [
  'ActStmt', 'ChapelStmt', 'Handler', 'AgentDecl', 'ConsentDecl', 'ConsentMove', 'ScarsDecl', 'ScarStmt', 'ResolveStmt', 'ForgivenessStmt',
];

/** The invariants the constructs of each governed kind can need (see findGovernedConstructs). */
const KIND_INVARIANTS: Readonly<Partial<Record<Node['kind'], readonly InvariantName[]>>> = {
  ActStmt: ['E_EXT_RED_BOUNDARY', 'INDEPENDENT_VETO_CHAPEL'],
  ChapelStmt: ['INDEPENDENT_VETO_CHAPEL'],
  Handler: ['NO_UNBOUNDED_REWRITE_UNDER_AUDIT'],
  AgentDecl: ['NO_UNBOUNDED_REWRITE_UNDER_AUDIT'],
  ConsentDecl: ['SILENCE_BANDS_PROTECTED'],
  ConsentMove: ['SILENCE_BANDS_PROTECTED'],
  ScarsDecl: ['SCARS_DURABLE_FORGIVENESS_BOUNDED'],
  ScarStmt: ['SCARS_DURABLE_FORGIVENESS_BOUNDED'],
  ResolveStmt: ['SCARS_DURABLE_FORGIVENESS_BOUNDED'],
  ForgivenessStmt: ['SCARS_DURABLE_FORGIVENESS_BOUNDED'],
};

function findGovernedConstructs(model: SpecModel, kinds: readonly Node['kind'][] = GOVERNED_KINDS): GovernedConstruct[] {
  const { source } = model;
  const out: GovernedConstruct[] = [];
  const add = (label: string, invariant: InvariantName | undefined, at: { start: number; end: number }) => out.push({ label, invariant, start: at.start, end: at.end });
  for (const n of kinds.flatMap((k) => model.index.of(k))) {
    switch (n.kind) {
      case 'ActStmt': {
        const hazard = readAnnotations(n, source).hazard;
        for (const a of annotations(n)) {
          const name = annotationName(a, source)?.text;
          if (name === 'E_ext_cost') add('an act with an E_ext cost', 'E_EXT_RED_BOUNDARY', a);
          else if (name === 'hazard' && hazard && HIGH_HAZARDS.includes(hazard.level)) add(`a @hazard(${hazard.level}) act`, 'INDEPENDENT_VETO_CHAPEL', a);
          else if (name === 'hazard') add('an act with a hazard', undefined, a);
        }
        break;
      }
      case 'ChapelStmt':
        add('a chapel', 'INDEPENDENT_VETO_CHAPEL', keywordOnly(n));
        break;
      case 'Handler':
      case 'AgentDecl':
        for (const a of annotations(n)) if (annotationName(a, source)?.text === 'self_rewrite') add('a self-rewrite region', 'NO_UNBOUNDED_REWRITE_UNDER_AUDIT', a);
        break;
      case 'ConsentDecl': {
        const name = declName(n, source);
        add('a consent machine', 'SILENCE_BANDS_PROTECTED', { start: keywordOnly(n).start, end: name ? name.end : keywordOnly(n).end });
        break;
      }
      case 'ConsentMove':
        add('a consent move', 'SILENCE_BANDS_PROTECTED', keywordSpan(n));
        break;
      case 'ScarsDecl':
        add('scars', 'SCARS_DURABLE_FORGIVENESS_BOUNDED', keywordOnly(n));
        break;
      case 'ScarStmt':
        add('a scar', 'SCARS_DURABLE_FORGIVENESS_BOUNDED', keywordSpan(n));
        break;
      case 'ResolveStmt':
        add("'resolve scar'", 'SCARS_DURABLE_FORGIVENESS_BOUNDED', keywordSpan(n));
        break;
      case 'ForgivenessStmt':
        add("a 'forgiveness' statement", 'SCARS_DURABLE_FORGIVENESS_BOUNDED', keywordSpan(n));
        break;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** AMP-G010: once per invariant, at the first construct whose invariant the header does not wire. */
export const invariantsWired: Rule = (ctx) => {
  const { governance } = ctx;
  if (governance.source === 'none' || governance.invariantsWired === undefined) return; // no header (G011) or no list (H002)
  const wired = new Set(governance.invariantsWired);
  // Only the kinds of construct that can need an invariant the header leaves out are looked at.
  const kinds = GOVERNED_KINDS.filter((k) => KIND_INVARIANTS[k]?.some((i) => !wired.has(i)));
  if (kinds.length === 0) return;
  const reported = new Set<InvariantName>();
  for (const c of findGovernedConstructs(ctx.model, kinds)) {
    if (!c.invariant || wired.has(c.invariant) || reported.has(c.invariant)) continue;
    reported.add(c.invariant);
    const insert = governance.source === 'file' ? governance.invariantsInsertAt : undefined;
    ctx.report(
      'AMP-G010',
      `This file uses ${c.label}, but the header does not wire ${c.invariant} in invariants_wired, so nothing promises ${INVARIANT_TITLES[c.invariant]} (seed 002 §2)`,
      c,
      {
        related: related(governance.related('invariants_wired', 'invariants_wired')),
        fixes: insert ? [{ title: `Add "${c.invariant}" to invariants_wired`, edits: [{ start: insert.offset, end: insert.offset, newText: `${insert.prefix}"${c.invariant}"` }] }] : undefined,
      },
    );
  }
};

/** AMP-G011: governed constructs in a file that no header or manifest governs; once, at the first construct. */
export const headerRequired: Rule = (ctx) => {
  if (ctx.governance.source !== 'none') return;
  const constructs = governedConstructs(ctx.model);
  if (!constructs.length) return;
  const labels = [...new Set(constructs.map((c) => c.label))];
  const shown = labels.length > 4 ? `${labels.slice(0, 4).join(', ')}, …` : labels.join(', ');
  const used = new Set(constructs.map((c) => c.invariant));
  const wired = INVARIANT_NAMES.filter((i) => used.has(i));
  ctx.report(
    'AMP-G011',
    `This file uses governed constructs (${shown}) but no ethics header governs it: add a '// compiler_ethics_v0_1: { … }' header at the top, or a compiler_ethics.json manifest in its folder or its .well-known/ (seed 002 §3.1)`,
    constructs[0],
    { fixes: [{ title: 'Add an ethics header that wires the invariants this file uses', edits: [headerStubEdit(ctx.source, wired)] }] },
  );
};

/**
 * The edit that puts seed 002's header stub at the top of a file (after a byte order mark), wiring `invariants`. The
 * constants are the seed's own example values, for the user to review: with a header, the rules it enables apply.
 */
export function headerStubEdit(source: string, invariants: readonly InvariantName[]): { start: number; end: number; newText: string } {
  const nl = newlineOf(source);
  const lines = [
    '// compiler_ethics_v0_1: {',
    '//   "compiler_ethics_v": "0.1",',
    '//   "answerable_to": { "primary": ["steward_council"] },',
    '//   "governance_stack": { "constitution_id": "TrustSlice_TSv0_1", "existential_audit": true, "E_ext_max_const": 0.75, "min_pause_ms_const": 3000 },',
    `//   "invariants_wired": [${invariants.map((i) => JSON.stringify(i)).join(', ')}]`,
    '// }',
  ];
  const at = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  return { start: at, end: at, newText: lines.join(nl) + nl + nl };
}
