// What the rules for seed 002's five constitutional invariants (AMP-G001–G015) share: the fixed vocabulary of the
// seed (consent states, silence bands, protected channels, restorative event) and small helpers for ranges and edits.

import type { RelatedInfo } from '../../diagnostics';
import { eventName } from '../../syntax/ast';
import { childNodes, isNode, type Node } from '../../syntax/tree';
import type { Governance } from '../governance';
import type { AskSite, SpecModel } from '../model';

/** The consent field's states (seed 002 §1.3). */
export const CONSENT_STATES = ['LISTEN', 'ABSTAIN', 'SUSPEND', 'CONSENT_GIVEN', 'DISSENT'] as const;
/** The silence bands: sticky states that only an explicit event from a protected channel may leave for consent or dissent. */
export const SILENCE_BANDS: readonly string[] = ['LISTEN', 'ABSTAIN'];
/** The explicit event each state beyond a silence band needs (invariant 4: "explicit, attested event"). */
export const EXPLICIT_EVENT_FOR: Readonly<Record<string, string>> = { CONSENT_GIVEN: 'explicit_consent', DISSENT: 'explicit_dissent' };
/** Channels that are always protected; the header's `answerable_to` names are added per file. */
export const PROTECTED_CHANNELS = ['steward', 'operator', 'human', 'community', 'affected_voices'] as const;
/** The one name that is never a protected channel, whatever the header lists: the agent cannot vouch for itself. */
export const NEVER_PROTECTED = 'agent';
/** The typed restorative event: the only place a scar may be resolved (invariant 5). */
export const RESTORATIVE_EVENT = 'restorative_process_completed';

/** The protected channels for a file: the fixed ones plus every name the header's `answerable_to` lists. */
export function protectedChannels(g: Governance): Set<string> {
  const out = new Set<string>([...PROTECTED_CHANNELS, ...g.answerableTo]);
  out.delete(NEVER_PROTECTED);
  return out;
}

/** True when `name` is a protected channel for the file governed by `g`. */
export function isProtectedChannel(name: string, g: Governance): boolean {
  return name !== NEVER_PROTECTED && protectedChannels(g).has(name);
}

/** A span from a construct's keyword (after its annotations) to its end: `act "…"`, `consent m -> S`, `resolve scar`. */
export function keywordSpan(node: Node): { start: number; end: number } {
  const kw = node.children.find((c) => !isNode(c) && c.kind === 'Ident');
  return { start: kw ? kw.start : node.start, end: node.end };
}

/** The keyword token alone (`chapel`, `scars`, `trust_slice`), or the node when it has none. */
export function keywordOnly(node: Node): { start: number; end: number } {
  const kw = node.children.find((c) => !isNode(c) && c.kind === 'Ident');
  return kw ? { start: kw.start, end: kw.end } : node;
}

/** A number as people write it, without binary noise (0.1 + 0.2 reads 0.3). */
export function show(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(12))) : String(x);
}

/**
 * Costs are sums of decimals, so `0.1 + 0.2 + 0.45` must not read as above 0.75. Comparisons against the header's
 * limits allow this much rounding before calling a value larger.
 */
export const EPSILON = 1e-9;

/** Keeps the related places that exist (a header field may be absent, e.g. with no header at all). */
export function related(...infos: (RelatedInfo | undefined)[]): RelatedInfo[] | undefined {
  const out = infos.filter((i): i is RelatedInfo => i !== undefined);
  return out.length ? out : undefined;
}

/** Every node of the given kinds inside agent declarations (agent code, as opposed to runs and declarations), in source order. */
export function inAgents(model: SpecModel, ...kinds: Node['kind'][]): Node[] {
  const out = kinds.flatMap((k) => model.index.inAgents(k));
  return kinds.length > 1 ? out.sort((a, b) => a.start - b.start) : out;
}

/** The `on event NAME { … }` handlers of the file, each with its agent declaration and event name. */
export function eventHandlers(model: SpecModel): { node: Node; agent: Node; event?: string }[] {
  const out: { node: Node; agent: Node; event?: string }[] = [];
  if (model.index.of('EventHandler').length === 0) return out;
  for (const agent of childNodes(model.tree, 'AgentDecl'))
    for (const e of childNodes(agent, 'EventHandler')) out.push({ node: e, agent, event: eventName(e, model.source)?.text });
  return out;
}

/** The ask sites of the model keyed by their AskExpr node, so a walk over statements finds what each ask reaches. */
export function askSitesByNode(model: SpecModel): Map<Node, AskSite> {
  return new Map(model.asks.map((a) => [a.node, a]));
}

/** The ask sites each handler body (event handlers included) makes, keyed by the Handler or EventHandler node. */
export function askSitesByOwner(model: SpecModel): Map<Node, AskSite[]> {
  const out = new Map<Node, AskSite[]>();
  for (const a of model.asks) {
    const list = out.get(a.owner.node) ?? [];
    list.push(a);
    out.set(a.owner.node, list);
  }
  return out;
}

// ---- edits ----------------------------------------------------------------------------------------------------------

/** The offset where the line holding `offset` starts. */
export function lineStart(source: string, offset: number): number {
  return Math.max(source.lastIndexOf('\n', offset - 1), source.lastIndexOf('\r', offset - 1)) + 1;
}

/** The leading spaces and tabs of the line holding `offset`. */
export function lineIndent(source: string, offset: number): string {
  const start = lineStart(source, offset);
  return /^[ \t]*/.exec(source.slice(start))![0];
}

/** The file's line break, so an edit does not mix CRLF into an LF file or the reverse. */
export function newlineOf(source: string): string {
  return source.includes('\r\n') ? '\r\n' : '\n';
}

/** One level of indentation in the style of `indent`: a tab where the file indents with tabs, else two spaces. */
export function indentUnit(indent: string): string {
  return indent.includes('\t') ? '\t' : '  ';
}
