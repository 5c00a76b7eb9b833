// Budget rules (seed 000 §Budgeting): budgets are positive integers, every run's question has one, and no ask
// transfers more than its sender can possibly hold at that point.

import { blockChildren, numberOf, statements, blockOf, chooseOptions, viewParts, letParts } from '../../syntax/ast';
import { isNode, type Node } from '../../syntax/tree';
import type { AskSite, HandlerInfo } from '../model';
import type { Rule, RuleContext } from './context';

/** The budget an ask states, when it is a valid positive integer. */
export function explicitBudget(site: AskSite, source: string): number | undefined {
  if (!site.budget) return undefined;
  const n = numberOf(site.budget, source);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export const budgetValues: Rule = (ctx) => {
  for (const site of ctx.model.asks) {
    if (!site.budget) continue;
    const n = numberOf(site.budget, ctx.source);
    if (Number.isInteger(n) && n > 0) continue;
    if (Number.isNaN(n) && site.budget.kind === 'NumberValue') continue; // a malformed number: the parser's AMP-P009
    const text = ctx.source.slice(site.budget.start, site.budget.end);
    const why = Number.isNaN(n) ? 'is not a number' : n <= 0 ? 'must be positive' : 'must be a whole number of operations';
    const fixes = !Number.isNaN(n) && n > 0 ? [{ title: `Use ${Math.max(1, Math.round(n))}`, edits: [{ start: site.budget.start, end: site.budget.end, newText: String(Math.max(1, Math.round(n))) }] }] : undefined;
    ctx.report('AMP-B001', `Budget '${text}' ${why}: a budget is a positive integer count of operations`, site.budget, { fixes });
  }
};

export const runBudgets: Rule = (ctx) => {
  for (const run of ctx.model.runs) {
    const root = run.asks.filter((a) => isTopLevelIn(a.node, run.body));
    if (run.asks.length === 0) {
      const at = run.nameNode ?? run.node;
      ctx.report('AMP-B004', `Run "${run.name}" asks no question: add 'ask AGENT "…" budget N'`, at);
      continue;
    }
    for (const a of root) {
      if (a.budget) continue;
      const end = a.message ? a.message.end : a.node.end;
      ctx.report('AMP-B003', 'The root question of a run needs a budget (seed 000: every computation starts with a budget)', a.node, {
        fixes: [{ title: 'Add budget 100', edits: [{ start: end, end, newText: ' budget 100' }] }],
      });
    }
  }
};

function isTopLevelIn(node: Node, body: Node | undefined): boolean {
  if (!body) return false;
  return statements(body).some((s) => s === node || (s.kind === 'LetStmt' && s.children.includes(node)));
}

interface Incoming {
  readonly max: number;
  /** The ask that gives the handler its largest budget. */
  readonly via: AskSite;
}

/**
 * The most each handler can hold, by fixpoint over the call graph: a run's ask gives its budget; an ask with an
 * explicit budget gives that; a bare ask gives at most what the sender has left after paying for the send. Values only
 * grow and are bounded by the largest root budget, so the iteration ends.
 */
export function maxBudgets(ctx: Pick<RuleContext, 'model' | 'source'>): Map<HandlerInfo, Incoming> {
  const incoming = new Map<HandlerInfo, Incoming>();
  const queue: HandlerInfo[] = [];
  const give = (site: AskSite, amount: number) => {
    const h = site.handler;
    if (!h || !(amount > 0)) return;
    const cur = incoming.get(h);
    if (!cur || amount > cur.max) {
      incoming.set(h, { max: amount, via: site });
      queue.push(h);
    }
  };
  for (const run of ctx.model.runs) for (const a of run.asks) {
    const b = explicitBudget(a, ctx.source);
    if (b !== undefined) give(a, b);
  }
  let guard = 100_000;
  while (queue.length && guard-- > 0) {
    const h = queue.pop()!;
    const max = incoming.get(h)!.max;
    for (const { site, spentBefore } of asksWithCost(h, ctx.source)) {
      const available = max - spentBefore - 1;
      const b = explicitBudget(site, ctx.source);
      give(site, b === undefined ? available : Math.min(b, available));
    }
  }
  return incoming;
}

/** The asks of a handler with the operations (views and sends) that surely precede each one. */
export function asksWithCost(h: HandlerInfo, source: string): readonly { site: AskSite; spentBefore: number }[] {
  let found = asksWithCostOf.get(h);
  if (!found) asksWithCostOf.set(h, (found = findAsksWithCost(h, source)));
  return found;
}

/** The budget rules ask for a handler's asks once per visit of the fixpoint and again to report; found once. */
const asksWithCostOf = new WeakMap<HandlerInfo, readonly { site: AskSite; spentBefore: number }[]>();

function findAsksWithCost(h: HandlerInfo, source: string): { site: AskSite; spentBefore: number }[] {
  const out: { site: AskSite; spentBefore: number }[] = [];
  const byNode = new Map(h.asks.map((a) => [a.node, a]));
  const walkBlock = (block: Node | undefined, spent: number): number => {
    for (const stmt of blockChildren(block)) {
      if (!isNode(stmt)) continue;
      switch (stmt.kind) {
        case 'AskExpr':
        case 'LetStmt': {
          const askNode = stmt.kind === 'AskExpr' ? stmt : letParts(stmt, source).value;
          const site = askNode && byNode.get(askNode);
          if (site) {
            out.push({ site, spentBefore: spent });
            spent += 1;
          }
          break;
        }
        case 'ViewStmt': {
          spent += 1;
          const { elseBlock } = viewParts(stmt, source);
          if (elseBlock) walkBlock(elseBlock, spent);
          break;
        }
        case 'ChapelStmt':
          spent = walkBlock(blockOf(stmt), spent);
          break;
        case 'ChooseStmt':
          for (const o of chooseOptions(stmt)) walkBlock(blockOf(o), spent);
          break;
      }
    }
    return spent;
  };
  walkBlock(h.body, 0);
  return out;
}

export const transfers: Rule = (ctx) => {
  const incoming = maxBudgets(ctx);
  for (const [h, { max, via }] of incoming) {
    for (const { site, spentBefore } of asksWithCost(h, ctx.source)) {
      const b = explicitBudget(site, ctx.source);
      const available = max - spentBefore - 1;
      if (b === undefined || b <= available || !site.budget) continue;
      const agent = h.agent.symbol.name;
      const spent = spentBefore ? `, has spent at least ${spentBefore} before this send` : '';
      ctx.report(
        'AMP-B002',
        `This ask transfers ${b}, but '${agent}' receives at most ${max}${spent} and pays 1 for the send, so it can give at most ${Math.max(0, available)}`,
        site.budget,
        {
          related: [{ message: `'${agent}' receives at most ${max} from this ask`, start: (via.budget ?? via.node).start, end: (via.budget ?? via.node).end }],
          fixes: available > 0 ? [{ title: `Transfer ${available}`, edits: [{ start: site.budget.start, end: site.budget.end, newText: String(available) }] }] : undefined,
        },
      );
    }
  }
};
