// Semantic tokens: what the TextMate grammar cannot know. Pointers by what they resolve to (message, hole, binding,
// agent, nothing), agents declared or built in, annotations, breach ids, consent states and events, settings, proposal
// types, and the JSON inside the `//` ethics header. Plain message text and keywords stay with the grammar.

import { createScanner, SyntaxKind } from 'jsonc-parser';
import { findAnnotation, HAZARD_LEVELS } from '../check/annotations';
import { findBreach } from '../check/breaches';
import { extractHeaderJson } from '../check/header';
import { CONSENT_STATES } from '../check/rules/invariants-common';
import { findModificationType, findProhibitedType, RISK_LEVELS } from '../check/selfmod-catalog';
import {
  annotationArgs, annotationName, argsOf, consentMoveParts, eventName, idents, nameOfValue, proposalParts, transitionParts,
} from '../syntax/ast';
import { childNode, childNodes, isNode, type Node } from '../syntax/tree';
import type { SpecModel } from '../check/model';
import type { AnalyzedDocument, Span } from './document';
import { occurrencesOf, type Occurrence } from './navigation';

/** The token types, standard LSP names; a token's `type` is an index into this list. */
export const SEMANTIC_TOKEN_TYPES = [
  'variable', // a message (readonly + static), a `let` binding, an undefined pointer (unresolved)
  'parameter', // a hole of a template
  'class', // an agent: declared, built in (defaultLibrary), or a new agent from `let r, A2 = ask …`
  'enum', // a consent machine
  'enumMember', // a consent state, a breach id, a hazard or risk level, a setting's named value
  'event', // an event: `on event X`, a transition's `on X`, a steward consent event
  'function', // a proposal; a built-in call such as a scar trigger, a forgiveness kernel or a steward event
  'namespace', // a selfmod declaration
  'type', // a proposal's modification type
  'property', // a setting's name, a record key, an annotation argument's name; a key of the header's JSON
  'decorator', // an annotation, `@` included
  'string', // a string in the header's JSON
  'number', // a number in the header's JSON
  'keyword', // true, false and null in the header's JSON, and its `compiler_ethics_v0_1` marker
] as const;

/** The token modifiers; a token's `modifiers` is a bit set over this list (bit i = 1 << i). */
export const SEMANTIC_TOKEN_MODIFIERS = [
  'declaration', // where the name is declared
  'readonly', // messages: immutable, as every AMP message is
  'static', // top-level messages: visible in the whole file
  'defaultLibrary', // built-in agents, known annotations, catalog breach ids, known states, types and calls
  'unresolved', // a name that refers to nothing (custom)
] as const;

export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];
export type SemanticTokenModifier = (typeof SEMANTIC_TOKEN_MODIFIERS)[number];

export interface SemanticToken {
  start: number;
  length: number;
  type: number;
  modifiers: number;
}

const TYPE_INDEX = new Map<string, number>(SEMANTIC_TOKEN_TYPES.map((t, i) => [t, i]));
const MODIFIER_BIT = new Map<string, number>(SEMANTIC_TOKEN_MODIFIERS.map((m, i) => [m, 1 << i]));

/** A token before sorting: lower `rank` wins when two claim the same characters. */
interface Candidate {
  start: number;
  end: number;
  type: SemanticTokenType;
  modifiers: readonly SemanticTokenModifier[];
  rank: number;
}

const KNOWN_VALUES = new Set<string>([...CONSENT_STATES, ...HAZARD_LEVELS, ...RISK_LEVELS]);

/**
 * The semantic tokens of a document (or those overlapping `range`), sorted by start, non-overlapping, each within one
 * line. Never throws: on an internal error the list is empty. The tokens are shared between calls: read-only.
 */
export function semanticTokens(doc: AnalyzedDocument, range?: Span): SemanticToken[] {
  try {
    const all = allTokens(doc);
    if (!range) return all.slice();
    const from = Number.isFinite(range.start) ? range.start : 0;
    const to = Number.isFinite(range.end) ? range.end : doc.text.length;
    // The first token that ends after `from`, by binary search (tokens are sorted and disjoint).
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (all[mid].start + all[mid].length <= from) lo = mid + 1;
      else hi = mid;
    }
    const out: SemanticToken[] = [];
    for (let i = lo; i < all.length && all[i].start < to; i++) out.push(all[i]);
    return out;
  } catch {
    return [];
  }
}

/** The whole document's tokens, computed once per analysis: range requests while scrolling reuse them. */
const tokenCache = new WeakMap<SpecModel, readonly SemanticToken[]>();

function allTokens(doc: AnalyzedDocument): readonly SemanticToken[] {
  const known = tokenCache.get(doc.model);
  if (known) return known;
  const out: Candidate[] = [];
  const push = (s: { start: number; end: number } | undefined, type: SemanticTokenType, modifiers: SemanticTokenModifier[] = [], rank = 1) => {
    if (s && s.end > s.start) out.push({ start: s.start, end: s.end, type, modifiers, rank });
  };
  for (const o of occurrencesOf(doc.model)) {
    const [type, modifiers] = classify(o);
    push(o.name, type, modifiers, 0);
  }
  structureTokens(doc, push);
  headerTokens(doc, push);
  const tokens = Object.freeze(finish(doc.text, out));
  tokenCache.set(doc.model, tokens);
  return tokens;
}

function classify(o: Occurrence): [SemanticTokenType, SemanticTokenModifier[]] {
  const mods: SemanticTokenModifier[] = o.role === 'declaration' ? ['declaration'] : [];
  const s = o.symbol;
  if (!s) {
    if (o.role === 'consent-machine' || o.role === 'steward-consent') return ['enum', ['unresolved']];
    return [o.role === 'ask-target' ? 'class' : 'variable', ['unresolved']];
  }
  switch (s.kind) {
    case 'message': return ['variable', [...mods, 'readonly', 'static']];
    case 'agent': return ['class', mods];
    case 'builtin': return ['class', ['defaultLibrary']];
    case 'instance': return ['class', mods];
    case 'hole': return ['parameter', mods];
    case 'let': return ['variable', mods];
    case 'consent': return ['enum', mods];
    case 'selfmod': return ['namespace', mods];
    case 'proposal': return ['function', mods];
    default: return ['variable', mods];
  }
}

type Push = (s: { start: number; end: number } | undefined, type: SemanticTokenType, modifiers?: SemanticTokenModifier[], rank?: number) => void;

/** The span of a message literal's text between its quotes (the closing one may be missing). */
function insideQuotes(msg: Node): Span {
  const last = msg.children[msg.children.length - 1];
  const closed = msg.children.length > 1 && last && !isNode(last) && last.kind === 'Quote';
  return { start: msg.start + 1, end: closed ? last.start : msg.end };
}

/** A breach id written as `"id"` or as a bare name. */
function breachId(value: Node | undefined, source: string, push: Push): void {
  if (!value) return;
  let at: Span | undefined;
  let id: string | undefined;
  if (value.kind === 'Message') {
    at = insideQuotes(value);
    id = source.slice(at.start, at.end);
  } else if (value.kind === 'NameValue') {
    const n = nameOfValue(value, source);
    at = n;
    id = n?.text;
  }
  if (at && id !== undefined && /^[^\[\]()\\"]+$/.test(id)) push(at, 'enumMember', findBreach(id.trim()) ? ['defaultLibrary'] : [], 1);
}

function structureTokens(doc: AnalyzedDocument, push: Push): void {
  const source = doc.text;
  const value = (v: Node | undefined) => {
    if (v?.kind !== 'NameValue') return;
    const n = nameOfValue(v, source);
    if (n) push(n, 'enumMember', KNOWN_VALUES.has(n.text) ? ['defaultLibrary'] : [], 2);
  };
  const visit = (node: Node, inSteward: boolean, inConscience: boolean) => {
    switch (node.kind) {
      case 'Message':
        return;
      case 'Annotation': {
        const name = annotationName(node, source);
        const at = node.children.find((c) => !isNode(c) && c.kind === 'At');
        if (name) {
          const start = at && at.end === name.start ? at.start : name.start;
          push({ start, end: name.end }, 'decorator', findAnnotation(name.text) ? ['defaultLibrary'] : [], 1);
          if (name.text === 'breach') {
            const first = annotationArgs(node, source)?.[0];
            if (first && !first.name) breachId(first.value, source, push);
          }
        }
        break;
      }
      case 'Transition': {
        const { from, to, event } = transitionParts(node, source);
        for (const s of [from, to]) if (s) push(s, 'enumMember', (CONSENT_STATES as readonly string[]).includes(s.text) ? ['defaultLibrary'] : [], 1);
        push(event, 'event', [], 1);
        return;
      }
      case 'EventHandler':
        push(eventName(node, source), 'event', ['declaration'], 1);
        break;
      case 'ConsentMove': {
        const { state } = consentMoveParts(node, source);
        if (state) push(state, 'enumMember', (CONSENT_STATES as readonly string[]).includes(state.text) ? ['defaultLibrary'] : [], 1);
        break;
      }
      case 'Proposal': {
        const { type } = proposalParts(node, source);
        if (type) push(type, 'type', findModificationType(type.text) || findProhibitedType(type.text) ? ['defaultLibrary'] : [], 1);
        break;
      }
      case 'Property': {
        const key = idents(node, source)[0];
        push(key, 'property', [], 2);
        const first = childNodes(node).find((c) => c.kind !== 'Annotation');
        if (inConscience && key?.text === 'weight') breachId(first, source, push);
        for (const c of childNodes(node)) value(c);
        break;
      }
      case 'RecordEntry':
        push(idents(node, source)[0], 'property', [], 2);
        for (const c of childNodes(node)) value(c);
        break;
      case 'Arg': {
        const ids = idents(node, source);
        if (ids[0] && node.children.some((c) => !isNode(c) && c.kind === 'Colon')) push(ids[0], 'property', [], 2);
        for (const c of childNodes(node)) value(c);
        break;
      }
      case 'Call': {
        const callee = nameOfValue(node, source);
        push(callee, 'function', ['defaultLibrary'], 2);
        // `steward consent(MACHINE, explicit_consent)`: the second argument is an event.
        const list = childNode(node, 'ArgList');
        if (inSteward && callee?.text === 'consent' && list) {
          const event = argsOf(list, source)[1]?.value;
          const n = event?.kind === 'NameValue' ? nameOfValue(event, source) : undefined;
          push(n, 'event', [], 1);
        }
        break;
      }
      case 'StewardStmt':
        for (const c of childNodes(node)) visit(c, true, inConscience);
        return;
      case 'ConscienceDecl':
        for (const c of childNodes(node)) visit(c, inSteward, true);
        return;
    }
    for (const c of node.children) if (isNode(c)) visit(c, inSteward, inConscience);
  };
  visit(doc.tree, false, false);
}

/** The header's JSON: keys, strings, numbers and keywords, mapped back through the `//` prefixes. */
function headerTokens(doc: AnalyzedDocument, push: Push): void {
  const json = extractHeaderJson(doc.tree, doc.text);
  if (!json) return;
  const marker = /compiler_ethics_v0_1/.exec(doc.text.slice(json.marker.start, json.marker.end));
  if (marker) push({ start: json.marker.start + marker.index, end: json.marker.start + marker.index + marker[0].length }, 'keyword', [], 0);
  const scanner = createScanner(json.text, true);
  let pending: { start: number; end: number } | undefined;
  const flushAs = (type: SemanticTokenType) => {
    if (pending) push(json.toSourceRange(pending.start, pending.end), type, [], 0);
    pending = undefined;
  };
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    const start = scanner.getTokenOffset();
    const end = start + scanner.getTokenLength();
    if (kind === SyntaxKind.ColonToken) {
      flushAs('property');
      continue;
    }
    flushAs('string');
    if (kind === SyntaxKind.StringLiteral) pending = { start, end };
    else if (kind === SyntaxKind.NumericLiteral) push(json.toSourceRange(start, end), 'number', [], 0);
    else if (kind === SyntaxKind.TrueKeyword || kind === SyntaxKind.FalseKeyword || kind === SyntaxKind.NullKeyword) push(json.toSourceRange(start, end), 'keyword', [], 0);
  }
  flushAs('string');
}

/** Sorts, and drops what overlaps an earlier (or better-ranked) token or crosses a line. */
function finish(text: string, candidates: Candidate[]): SemanticToken[] {
  candidates.sort((a, b) => a.start - b.start || a.rank - b.rank || b.end - a.end);
  const out: SemanticToken[] = [];
  let lastEnd = 0;
  for (const c of candidates) {
    if (c.start < lastEnd || c.end > text.length || c.start < 0) continue;
    if (/[\r\n]/.test(text.slice(c.start, c.end))) continue;
    lastEnd = c.end;
    let modifiers = 0;
    for (const m of c.modifiers) modifiers |= MODIFIER_BIT.get(m) ?? 0;
    out.push(Object.freeze({ start: c.start, length: c.end - c.start, type: TYPE_INDEX.get(c.type) ?? 0, modifiers }));
  }
  return out;
}

/** The names of a token's modifiers, for tests and debugging. */
export function modifierNames(bits: number): SemanticTokenModifier[] {
  return SEMANTIC_TOKEN_MODIFIERS.filter((_, i) => (bits & (1 << i)) !== 0);
}
