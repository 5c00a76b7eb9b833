// The outline of a document (agents → handlers → bindings, runs, messages, consent machines → states, selfmods →
// proposals, the header and the governance blocks) and a fuzzy search over the symbols of many documents.

import { extractHeaderJson } from '../check/header';
import type { AmpSymbol, AskSite } from '../check/model';
import {
  askParts, declName, eventName, idents, letParts, messageOf, numberOf, properties, proposalParts, transitionParts,
  type Name,
} from '../syntax/ast';
import { childNode, childNodes, isNode, type Node } from '../syntax/tree';
import type { AnalyzedDocument, Span } from './document';

export type SymbolKindName =
  | 'message' | 'agent' | 'handler' | 'event' | 'run' | 'consent' | 'state' | 'selfmod' | 'proposal' | 'header' | 'scars'
  | 'trust_slice' | 'conscience' | 'let' | 'hole';

export interface DocumentSymbolInfo {
  name: string;
  detail?: string;
  kind: SymbolKindName;
  /** The whole construct, annotations included. */
  span: Span;
  /** The part to select and reveal: the name (inside `span`). */
  selection: Span;
  children: DocumentSymbolInfo[];
}

export interface WorkspaceSymbolInfo {
  name: string;
  kind: SymbolKindName;
  path: string;
  span: Span;
  /** The name of the symbol it sits in (an agent for a handler, a selfmod for a proposal). */
  container?: string;
}

/** How long a name or detail may grow before it is shortened with an ellipsis. */
const NAME_MAX = 60;
const DETAIL_MAX = 48;

function shorten(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1).trimEnd()}…` : one;
}

function span(s: Span): Span {
  return { start: s.start, end: s.end };
}

/** The text of a message literal as written between its quotes (a missing closing quote is tolerated). */
function messageText(msg: Node | undefined, source: string): string | undefined {
  if (!msg) return undefined;
  const last = msg.children[msg.children.length - 1];
  const closed = msg.children.length > 1 && last !== undefined && !isNode(last) && last.kind === 'Quote';
  return source.slice(msg.start + 1, closed ? last.start : msg.end);
}

function quoted(msg: Node | undefined, source: string, max: number): string | undefined {
  const text = messageText(msg, source);
  return text === undefined ? undefined : `"${shorten(text, max)}"`;
}

// ---- document symbols ----------------------------------------------------------------------------------------------

/** The document's outline, in source order. Never throws: on an internal error the outline is empty. */
export function documentSymbols(doc: AnalyzedDocument): DocumentSymbolInfo[] {
  try {
    const out: DocumentSymbolInfo[] = [];
    const header = headerSymbol(doc);
    if (header) out.push(header);
    const symbolsByNode = new Map<Node, AmpSymbol[]>();
    for (const s of doc.model.symbols) {
      if (!s.node || (s.kind !== 'let' && s.kind !== 'instance' && s.kind !== 'hole')) continue;
      const list = symbolsByNode.get(s.node) ?? [];
      list.push(s);
      symbolsByNode.set(s.node, list);
    }
    const runAsks = new Map(doc.model.runs.map((r) => [r.node, r.asks]));
    for (const item of childNodes(doc.tree)) {
      const s = itemSymbol(doc, item, symbolsByNode, runAsks);
      if (s) out.push(s);
    }
    return out;
  } catch {
    return [];
  }
}

function headerSymbol(doc: AnalyzedDocument): DocumentSymbolInfo | undefined {
  const node = childNode(doc.tree, 'Header');
  const json = node && extractHeaderJson(doc.tree, doc.text);
  if (!node || !json) return undefined;
  const g = doc.governance.source === 'file' ? doc.governance : undefined;
  const parts: string[] = [];
  if (g?.stack.constitution_id) parts.push(g.stack.constitution_id);
  if (g?.invariantsWired) parts.push(`${g.invariantsWired.length} invariant${g.invariantsWired.length === 1 ? '' : 's'} wired`);
  return { name: 'ethics header', detail: parts.join(' · ') || undefined, kind: 'header', span: span(node), selection: span(json.marker), children: [] };
}

function itemSymbol(doc: AnalyzedDocument, item: Node, locals: Map<Node, AmpSymbol[]>, runAsks: Map<Node, readonly AskSite[]>): DocumentSymbolInfo | undefined {
  const { text } = doc;
  const named = (kind: SymbolKindName, detail: string | undefined, children: DocumentSymbolInfo[] = []): DocumentSymbolInfo | undefined => {
    const name = declName(item, text);
    return name ? { name: name.text, detail, kind, span: span(item), selection: span(name), children } : undefined;
  };
  switch (item.kind) {
    case 'MessageDecl':
      return named('message', quoted(messageOf(item), text, DETAIL_MAX));
    case 'AgentDecl': {
      const children: DocumentSymbolInfo[] = [];
      for (const h of childNodes(item)) {
        if (h.kind === 'Handler') {
          const s = handlerSymbol(doc, h, locals);
          if (s) children.push(s);
        } else if (h.kind === 'EventHandler') {
          const s = eventSymbol(doc, h, locals);
          if (s) children.push(s);
        }
      }
      const replays = childNode(item, 'Replays');
      const handlers = children.filter((c) => c.kind === 'handler').length;
      const events = children.length - handlers;
      const detail = replays
        ? `replays ${quoted(messageOf(replays), text, DETAIL_MAX) ?? ''}`.trim()
        : [count(handlers, 'handler'), events ? count(events, 'event handler') : ''].filter(Boolean).join(', ');
      return named('agent', detail, children);
    }
    case 'RunDecl': {
      const nameNode = messageOf(item);
      const runName = messageText(nameNode, text)?.trim();
      const budgets = runBudgets(doc, runAsks.get(item) ?? []);
      return {
        name: runName ? shorten(runName, NAME_MAX) : '(unnamed run)',
        detail: budgets,
        kind: 'run',
        span: span(item),
        selection: span(nameNode ?? firstIdent(item, text) ?? item),
        children: bindingsIn(doc, item, locals),
      };
    }
    case 'ConsentDecl':
      return named('consent', consentDetail(item, text), consentStates(item, text));
    case 'SelfmodDecl': {
      const children: DocumentSymbolInfo[] = [];
      for (const p of childNodes(item, 'Proposal')) {
        const { name, type, body } = proposalParts(p, text);
        if (!name) continue;
        const risk = body ? properties(body, text).find((x) => x.key.text === 'risk') : undefined;
        const riskName = risk?.values[0] ? idents(risk.values[0], text)[0]?.text : undefined;
        const detail = [type?.text, riskName ? `risk ${riskName}` : ''].filter(Boolean).join(' · ') || undefined;
        children.push({ name: name.text, detail, kind: 'proposal', span: span(p), selection: span(name), children: [] });
      }
      const identity = properties(item, text).find((x) => x.key.text === 'identity');
      const id = identity?.values[0]?.kind === 'Message' ? quoted(identity.values[0], text, DETAIL_MAX) : undefined;
      const detail = [id, children.length ? count(children.length, 'proposal') : ''].filter(Boolean).join(' · ') || undefined;
      return named('selfmod', detail, children);
    }
    case 'ScarsDecl':
    case 'TrustSliceDecl':
    case 'ConscienceDecl':
      return blockSymbol(doc, item);
    default:
      return undefined;
  }
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function firstIdent(node: Node, source: string): Name | undefined {
  return idents(node, source)[0];
}

/** A handler is named by its template (so the outline, breadcrumbs and symbol search find it by its words). */
function handlerSymbol(doc: AnalyzedDocument, h: Node, locals: Map<Node, AmpSymbol[]>): DocumentSymbolInfo | undefined {
  const template = messageOf(h);
  const text = messageText(template, doc.text);
  if (!template || text === undefined) return undefined;
  const holes = (locals.get(h) ?? []).filter((s) => s.kind === 'hole');
  const children: DocumentSymbolInfo[] = holes.map((s) => ({ name: s.name, kind: 'hole', span: span(s.decl!), selection: span(s.decl!), children: [] }));
  children.push(...bindingsIn(doc, h, locals));
  return {
    name: `"${shorten(text, NAME_MAX)}"`,
    detail: holes.length ? `holes: ${holes.map((s) => s.name).join(', ')}` : undefined,
    kind: 'handler',
    span: span(h),
    selection: span(template),
    children: children.sort((a, b) => a.span.start - b.span.start),
  };
}

function eventSymbol(doc: AnalyzedDocument, h: Node, locals: Map<Node, AmpSymbol[]>): DocumentSymbolInfo | undefined {
  const name = eventName(h, doc.text);
  if (!name) return undefined;
  return { name: name.text, detail: 'on event', kind: 'event', span: span(h), selection: span(name), children: bindingsIn(doc, h, locals) };
}

/** The `let` bindings, new agents and view holes inside a handler or run, flattened, in source order. */
function bindingsIn(doc: AnalyzedDocument, container: Node, locals: Map<Node, AmpSymbol[]>): DocumentSymbolInfo[] {
  const out: DocumentSymbolInfo[] = [];
  const visit = (n: Node) => {
    for (const c of childNodes(n)) {
      if (c.kind === 'Message') continue;
      if (c.kind === 'LetStmt' || c.kind === 'ViewStmt') {
        for (const s of locals.get(c) ?? []) {
          if (!s.decl) continue;
          if (s.kind === 'hole') out.push({ name: s.name, kind: 'hole', span: span(s.decl), selection: span(s.decl), children: [] });
          else out.push({ name: s.name, detail: letDetail(doc, c, s), kind: 'let', span: span(c), selection: span(s.decl), children: [] });
        }
      }
      visit(c);
    }
  };
  visit(container);
  return out;
}

function letDetail(doc: AnalyzedDocument, stmt: Node, s: AmpSymbol): string | undefined {
  const { value } = letParts(stmt, doc.text);
  if (!value) return undefined;
  if (value.kind === 'ReflectExpr') return 'reflect';
  if (value.kind === 'Message') return quoted(value, doc.text, DETAIL_MAX);
  const { target, message } = askParts(value, doc.text);
  const ask = `ask ${target?.text ?? '?'} ${quoted(message, doc.text, DETAIL_MAX - 8) ?? ''}`.trim();
  return s.kind === 'instance' ? `new agent: ${ask}` : ask;
}

/** A run's detail: the budgets its root questions state. */
function runBudgets(doc: AnalyzedDocument, asks: readonly AskSite[]): string | undefined {
  const budgets: string[] = [];
  for (const site of asks) {
    if (!site.budget) continue;
    const n = numberOf(site.budget, doc.text);
    budgets.push(Number.isFinite(n) ? String(n) : doc.text.slice(site.budget.start, site.budget.end));
  }
  return budgets.length ? `budget ${budgets.join(', ')}` : undefined;
}

function consentDetail(item: Node, source: string): string | undefined {
  const initial = properties(item, source).find((p) => p.key.text === 'initial');
  const state = initial?.values[0] ? idents(initial.values[0], source)[0]?.text : undefined;
  const transitions = childNodes(item, 'Transition').length;
  return [state ? `initial ${state}` : '', transitions ? count(transitions, 'transition') : ''].filter(Boolean).join(' · ') || undefined;
}

/** The states a consent machine names, each at its first mention, with the states it can move to. */
function consentStates(item: Node, source: string): DocumentSymbolInfo[] {
  const first = new Map<string, Name>();
  const next = new Map<string, string[]>();
  let initial: string | undefined;
  const mention = (n: Name | undefined) => {
    if (n && !first.has(n.text)) first.set(n.text, n);
  };
  for (const c of item.children) {
    if (!isNode(c)) continue;
    if (c.kind === 'Property') {
      const ids = idents(c, source);
      if (ids[0]?.text !== 'initial') continue;
      const value = childNode(c, 'NameValue');
      const state = value ? idents(value, source)[0] : undefined;
      mention(state);
      initial ??= state?.text;
    } else if (c.kind === 'Transition') {
      const { from, to } = transitionParts(c, source);
      mention(from);
      mention(to);
      if (from && to) {
        const list = next.get(from.text) ?? [];
        if (!list.includes(to.text)) list.push(to.text);
        next.set(from.text, list);
      }
    }
  }
  return [...first.values()].map((n) => {
    const moves = next.get(n.text);
    const detail = [n.text === initial ? 'initial' : '', moves ? `→ ${moves.join(', ')}` : ''].filter(Boolean).join(' · ') || undefined;
    return { name: n.text, detail, kind: 'state' as const, span: span(n), selection: span(n), children: [] };
  });
}

function blockSymbol(doc: AnalyzedDocument, item: Node): DocumentSymbolInfo | undefined {
  const { text } = doc;
  const keyword = firstIdent(item, text);
  if (!keyword) return undefined;
  const body = childNode(item, 'PropertyBlock');
  const props = body ? properties(body, text) : [];
  let detail: string | undefined;
  if (item.kind === 'TrustSliceDecl') {
    const w = props.find((p) => p.key.text === 'window')?.values[0];
    detail = w ? `window ${text.slice(w.start, w.end)}` : undefined;
  } else if (item.kind === 'ScarsDecl') {
    const triggers = props.filter((p) => p.key.text === 'trigger').length;
    const kernel = props.find((p) => p.key.text === 'forgiveness')?.values[0];
    const kernelName = kernel ? idents(kernel, text)[0]?.text : undefined;
    detail = [triggers ? count(triggers, 'trigger') : '', kernelName ? `forgiveness ${kernelName}` : ''].filter(Boolean).join(' · ') || undefined;
  } else {
    const weights = props.filter((p) => p.key.text === 'weight').length;
    detail = weights ? count(weights, 'weight') : undefined;
  }
  const kind: SymbolKindName = item.kind === 'ScarsDecl' ? 'scars' : item.kind === 'TrustSliceDecl' ? 'trust_slice' : 'conscience';
  return { name: keyword.text, detail, kind, span: span(item), selection: span(keyword), children: [] };
}

// ---- workspace symbols ---------------------------------------------------------------------------------------------

/** Kinds a workspace search offers: declarations worth jumping to from anywhere (not bindings, states or blocks). */
const WORKSPACE_KINDS = new Set<SymbolKindName>(['message', 'agent', 'handler', 'event', 'run', 'consent', 'selfmod', 'proposal']);

/**
 * The symbols of every document whose name matches `query` as a case-insensitive subsequence, best match first (word
 * starts, consecutive letters and exact case score higher; then shorter names). An empty query lists everything.
 * At most `limit` results.
 */
export function workspaceSymbols(docs: Iterable<AnalyzedDocument>, query: string, limit = 1000): WorkspaceSymbolInfo[] {
  try {
    const q = typeof query === 'string' ? query.trim() : '';
    const scored: { info: WorkspaceSymbolInfo; score: number }[] = [];
    for (const doc of docs) {
      for (const entry of searchable(doc)) {
        const score = fuzzyScore(q, entry.key);
        if (score !== undefined) scored.push({ info: { ...entry.info, span: { ...entry.info.span } }, score });
      }
    }
    scored.sort(
      (a, b) =>
        b.score - a.score ||
        a.info.name.length - b.info.name.length ||
        (a.info.path < b.info.path ? -1 : a.info.path > b.info.path ? 1 : 0) ||
        a.info.span.start - b.info.span.start,
    );
    return scored.slice(0, Math.max(0, limit)).map((s) => s.info);
  } catch {
    return [];
  }
}

/** A document's searchable symbols with the text a query matches, built once per analysis (queries come per keystroke). */
const searchableCache = new WeakMap<AnalyzedDocument, readonly { key: string; info: WorkspaceSymbolInfo }[]>();

function searchable(doc: AnalyzedDocument): readonly { key: string; info: WorkspaceSymbolInfo }[] {
  const known = searchableCache.get(doc);
  if (known) return known;
  const out: { key: string; info: WorkspaceSymbolInfo }[] = [];
  const visit = (symbols: readonly DocumentSymbolInfo[], container: string | undefined) => {
    for (const s of symbols) {
      if (WORKSPACE_KINDS.has(s.kind)) {
        // A handler is found by the words of its template, without the quotes around it.
        const key = s.kind === 'handler' ? s.name.replace(/^"|"$/g, '') : s.name;
        out.push({ key, info: { name: s.name, kind: s.kind, path: doc.path, span: s.span, container } });
      }
      visit(s.children, s.name);
    }
  };
  visit(documentSymbols(doc), undefined);
  searchableCache.set(doc, out);
  return out;
}

function isWordStart(name: string, i: number): boolean {
  if (i === 0) return true;
  const prev = name[i - 1];
  const cur = name[i];
  if (/[\s_\-'"[(.]/.test(prev)) return true;
  return cur !== cur.toLowerCase() && prev === prev.toLowerCase() && /[a-z]/.test(prev);
}

/**
 * How well `query` matches `name` as a subsequence (case-insensitive), or undefined when it does not. Tries each
 * place the first letter matches and keeps the best greedy match from there.
 */
export function fuzzyScore(query: string, name: string): number | undefined {
  if (query.length === 0) return 0;
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  if (q.length > n.length) return undefined;
  let best: number | undefined;
  for (let from = n.indexOf(q[0]); from >= 0; from = n.indexOf(q[0], from + 1)) {
    let score = 0;
    let qi = 0;
    let prev = -2;
    for (let i = from; i < n.length && qi < q.length; i++) {
      if (n[i] !== q[qi]) continue;
      score += 1;
      if (i === prev + 1) score += 4;
      if (isWordStart(name, i)) score += 6;
      if (name[i] === query[qi]) score += 1;
      prev = i;
      qi++;
    }
    if (qi < q.length) break; // no later start can match more
    if (from === 0) score += 8;
    if (best === undefined || score > best) best = score;
    if (from > 64) break; // long names: the early starts decide
  }
  if (best === undefined) return undefined;
  if (n === q) best += 100;
  return best;
}
