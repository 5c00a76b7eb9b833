// Inlay hints, sparse on purpose: the budget a bare `ask` hands on under the default cost model, the handler an ask
// reaches when the agent has several (or is a new agent from `let r, A2 = ask …`), and a handler's worst-case E_ext.

import { readAnnotations } from '../check/annotations';
import { isAgentInfo, type AskSite, type HandlerInfo, type SpecModel } from '../check/model';
import { asksWithCost, maxBudgets } from '../check/rules/budgets';
import { show } from '../check/rules/invariants-common';
import { askParts, blockOf, chooseOptions, eventName, letParts, messageParts, renderParts, statements, viewParts } from '../syntax/ast';
import { childNodes, type Node } from '../syntax/tree';
import type { AnalyzedDocument, Span } from './document';

export type InlayHintKind = 'budget' | 'handler' | 'cost';

export interface InlayHintInfo {
  offset: number;
  label: string;
  tooltip?: string;
  paddingLeft?: boolean;
  paddingRight?: boolean;
  /** What the hint is about, so a client setting (`amp.inlayHints.budgets`) can turn a kind off. */
  kind: InlayHintKind;
}

export interface InlayHintOptions {
  /** The budget a bare ask transfers (default true). */
  readonly budgets?: boolean;
  /** The handler an ask reaches (default true). */
  readonly handlers?: boolean;
  /** A handler's worst-case E_ext outside chapels (default true). */
  readonly costs?: boolean;
}

const TEMPLATE_MAX = 32;

/** The hints whose position lies in `range` (ends included), in source order. Never throws. */
export function inlayHints(doc: AnalyzedDocument, range: Span, options: InlayHintOptions = {}): InlayHintInfo[] {
  try {
    const from = Number.isFinite(range?.start) ? range.start : 0;
    const to = Number.isFinite(range?.end) ? range.end : doc.text.length;
    const off: Record<InlayHintKind, boolean> = { budget: options.budgets === false, handler: options.handlers === false, cost: options.costs === false };
    return allHints(doc).filter((h) => h.offset >= from && h.offset <= to && !off[h.kind]).map((h) => ({ ...h }));
  } catch {
    return [];
  }
}

/** Every hint of a document, computed once per analysis (the editor asks again for each visible range). */
const hintCache = new WeakMap<SpecModel, readonly InlayHintInfo[]>();

function allHints(doc: AnalyzedDocument): readonly InlayHintInfo[] {
  const known = hintCache.get(doc.model);
  if (known) return known;
  const order: Record<InlayHintKind, number> = { cost: 0, budget: 1, handler: 2 };
  const all = [...budgetHints(doc), ...handlerHints(doc), ...costHints(doc)].sort((a, b) => a.offset - b.offset || order[a.kind] - order[b.kind]);
  hintCache.set(doc.model, all);
  return all;
}

function lineOf(doc: AnalyzedDocument, offset: number): number {
  return doc.lines.positionAt(offset).line + 1;
}

function shorten(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1).trimEnd()}…` : one;
}

// ---- budgets -------------------------------------------------------------------------------------------------------

/**
 * A bare `ask` in a handler transfers everything the sender has left after paying 1 for the send (docs/language.md §7
 * and §16). Statically that is bounded by the most the handler can receive (the checker's bound for AMP-B002) less the
 * views and sends that surely come before; runs are left alone, where a bare ask is AMP-B003.
 */
function budgetHints(doc: AnalyzedDocument): InlayHintInfo[] {
  const out: InlayHintInfo[] = [];
  const incoming = maxBudgets({ model: doc.model, source: doc.text });
  const bounded = new Map<Node, { available: number; max: number; spent: number; via: AskSite; agent: string }>();
  for (const h of doc.model.handlers) {
    const got = incoming.get(h);
    if (!got) continue;
    for (const { site, spentBefore } of asksWithCost(h, doc.text)) {
      bounded.set(site.node, { available: Math.max(0, got.max - spentBefore - 1), max: got.max, spent: spentBefore, via: got.via, agent: h.agent.symbol.name });
    }
  }
  for (const site of doc.model.asks) {
    if (site.owner.kind !== 'handler' || !site.message) continue;
    if (askParts(site.node, doc.text).budgetKeyword) continue;
    const b = bounded.get(site.node);
    const rule = 'No budget is given: under the default cost model this ask transfers everything the sender has left after paying 1 for the send, and the reply returns what the recipient did not spend (docs/language.md §7).';
    const alba = 'Under the alba cost model it gives min(B − 1, ⌊B / 10⌋) of the sender\'s budget B instead.';
    if (b) {
      const spent = b.spent ? `, has spent at least ${b.spent} on views and sends before it` : '';
      const reason = `'${b.agent}' receives at most ${b.max} (from the ask at line ${lineOf(doc, b.via.node.start)})${spent} and pays 1 for this send, so this ask transfers at most ${b.available}.`;
      out.push({ offset: site.message.end, label: `budget rest ≤ ${b.available}`, tooltip: `${rule}\n\n${reason}\n\n${alba}`, paddingLeft: true, kind: 'budget' });
    } else {
      const why = 'No run reaches this handler with a known budget, so the amount is not bounded here.';
      out.push({ offset: site.message.end, label: 'budget rest', tooltip: `${rule}\n\n${why}\n\n${alba}`, paddingLeft: true, kind: 'budget' });
    }
  }
  return out;
}

// ---- the handler an ask reaches ------------------------------------------------------------------------------------

/**
 * `→ Min: "what is the smallest…"` after an ask, when the target agent has more than one handler (which one answers
 * is then worth seeing) or the target is a new agent bound by `let r, A2 = ask …` (whose agent is not in sight).
 */
function handlerHints(doc: AnalyzedDocument): InlayHintInfo[] {
  const out: InlayHintInfo[] = [];
  for (const site of doc.model.asks) {
    const h = site.handler;
    if (!h || !h.template || !isAgentInfo(site.callee)) continue;
    const viaInstance = site.target ? isInstance(doc.model, site) : false;
    if (site.callee.handlers.length < 2 && !viaInstance) continue;
    const template = renderParts(messageParts(h.template, doc.text));
    const agent = h.agent.symbol.name;
    const instanceNote = viaInstance ? `${site.target!.text} is a new agent of ${agent}, bound by an earlier ask. ` : '';
    out.push({
      offset: site.node.end,
      label: `→ ${agent}: "${shorten(template, TEMPLATE_MAX)}"`,
      tooltip: `${instanceNote}Answered by the handler on "${template}" of '${agent}' (line ${lineOf(doc, h.node.start)}), the first whose template matches.`,
      paddingLeft: true,
      kind: 'handler',
    });
  }
  return out;
}

function isInstance(model: SpecModel, site: AskSite): boolean {
  const ref = model.references.find((r) => r.role === 'ask-target' && r.node === site.node);
  return ref?.symbol?.kind === 'instance';
}

// ---- worst-case E_ext ----------------------------------------------------------------------------------------------

/**
 * `E_ext ≤ x` after a handler's template (or event name): the most one answer of the handler can spend outside
 * chapels, following the asks it makes, with the checker's path rules (sequences add, `view … else` and `choose` take
 * their worst branch, `reply` ends the path, acts inside a chapel do not count). A cycle of asks that reaches a costly
 * act is unbounded. Shown only for handlers that can spend something.
 */
function costHints(doc: AnalyzedDocument): InlayHintInfo[] {
  const analysis = new CostAnalysis(doc.model, doc.text);
  const out: InlayHintInfo[] = [];
  const max = doc.governance.stack.E_ext_max_const;
  const boundary = max !== undefined ? ` It counts against the red boundary E_ext_max_const = ${show(max)} in each trust slice.` : '';
  const note = 'Acts inside a chapel go through the veto path and do not count (docs/language.md §11).';
  const hint = (offset: number, cost: number) => {
    if (!(cost > 0)) return;
    const label = Number.isFinite(cost) ? `E_ext ≤ ${show(cost)}` : 'E_ext unbounded';
    const what = Number.isFinite(cost)
      ? `Worst-case external impact of one answer of this handler outside chapels, asks included: ${show(cost)}.`
      : 'A cycle of asks from this handler can repeat a costly act outside chapels without bound.';
    out.push({ offset, label, tooltip: `${what}${boundary} ${note}`, paddingLeft: true, kind: 'cost' });
  };
  for (const h of doc.model.handlers) if (h.template) hint(h.template.end, analysis.handler(h.node));
  for (const agent of childNodes(doc.tree, 'AgentDecl')) {
    for (const e of childNodes(agent, 'EventHandler')) {
      const name = eventName(e, doc.text);
      if (name) hint(name.end, analysis.handler(e));
    }
  }
  return out;
}

class CostAnalysis {
  private readonly memo = new Map<Node, number>();
  private readonly active = new Set<Node>();
  private readonly siteAt: Map<Node, AskSite>;
  private readonly byNode: Map<Node, HandlerInfo>;

  constructor(model: SpecModel, private readonly source: string) {
    this.siteAt = new Map(model.asks.map((a) => [a.node, a]));
    this.byNode = new Map(model.handlers.map((h) => [h.node, h]));
  }

  /** The worst-case E_ext outside chapels of a Handler or EventHandler node. */
  handler(node: Node): number {
    const known = this.memo.get(node);
    if (known !== undefined) return known;
    if (this.active.has(node)) return this.reachesCostlyAct(node) ? Infinity : 0;
    this.active.add(node);
    const cost = this.seq(statements(blockOf(node)), 0, false);
    this.active.delete(node);
    this.memo.set(node, cost);
    return cost;
  }

  private ask(askNode: Node | undefined): number {
    const target = askNode ? this.siteAt.get(askNode)?.handler : undefined;
    return target ? this.handler(target.node) : 0;
  }

  private actCost(act: Node): number {
    return readAnnotations(act, this.source).eExtCost?.value ?? 0;
  }

  private seq(stmts: readonly Node[], rest: number, inChapel: boolean): number {
    let suffix = rest;
    for (let k = stmts.length - 1; k >= 0; k--) {
      const s = stmts[k];
      switch (s.kind) {
        case 'ActStmt':
          if (!inChapel) suffix += this.actCost(s);
          break;
        case 'AskExpr':
          suffix += this.ask(s);
          break;
        case 'LetStmt': {
          const value = letParts(s, this.source).value;
          if (value?.kind === 'AskExpr') suffix += this.ask(value);
          break;
        }
        case 'ReplyStmt':
          suffix = 0;
          break;
        case 'ChapelStmt':
          suffix = this.seq(statements(blockOf(s)), suffix, true);
          break;
        case 'ViewStmt': {
          const elseBlock = viewParts(s, this.source).elseBlock;
          if (elseBlock) suffix = Math.max(suffix, this.seq(statements(elseBlock), 0, inChapel));
          break;
        }
        case 'ChooseStmt': {
          const options = chooseOptions(s).map((o) => this.seq(statements(blockOf(o)), suffix, inChapel));
          if (options.length) suffix = Math.max(...options);
          break;
        }
        case 'Error':
          suffix = this.seq(childNodes(s), suffix, inChapel);
          break;
      }
    }
    return suffix;
  }

  /** Whether any handler reachable by asks from `node` has an act with a positive cost outside its chapels. */
  private reachesCostlyAct(node: Node): boolean {
    const seen = new Set<Node>();
    const queue = [node];
    while (queue.length) {
      const n = queue.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      if (this.hasCostlyAct(blockOf(n), false)) return true;
      const h = this.byNode.get(n);
      for (const a of h?.asks ?? []) if (a.handler) queue.push(a.handler.node);
    }
    return false;
  }

  private hasCostlyAct(node: Node | undefined, inChapel: boolean): boolean {
    if (!node) return false;
    for (const c of childNodes(node)) {
      if (c.kind === 'Message') continue;
      if (c.kind === 'ActStmt' && !inChapel && this.actCost(c) > 0) return true;
      if (this.hasCostlyAct(c, inChapel || c.kind === 'ChapelStmt')) return true;
    }
    return false;
  }
}

