// AMP-P010: statements that parse anywhere but mean something only in a run or only in an agent's handler.

import { eventName, keyword, statements, blockOf, chooseOptions, viewParts } from '../../syntax/ast';
import { childNodes, type Node } from '../../syntax/tree';
import type { Rule, RuleContext } from './context';

/** Governance events an `on event` handler may name (seed 002: restorative events, explicit consent or dissent). */
export const GOVERNANCE_EVENTS = ['restorative_process_completed', 'explicit_consent', 'explicit_dissent', 'incident_report'] as const;

const RUN_ONLY = new Set(['ExpectStmt', 'StewardStmt']);
const HANDLER_ONLY = new Set(['ReplyStmt', 'ViewStmt', 'ReflectExpr', 'ActStmt', 'ChapelStmt', 'ChooseStmt', 'ConsentMove', 'ScarStmt', 'ResolveStmt', 'ForgivenessStmt']);

export const placement: Rule = (ctx) => {
  for (const item of childNodes(ctx.model.tree)) {
    if (item.kind === 'RunDecl') checkBlock(ctx, blockOf(item), 'run');
    if (item.kind === 'AgentDecl') {
      for (const h of childNodes(item, 'Handler')) checkBlock(ctx, blockOf(h), 'handler');
      for (const e of childNodes(item, 'EventHandler')) {
        const ev = eventName(e, ctx.source);
        if (ev && !(GOVERNANCE_EVENTS as readonly string[]).includes(ev.text))
          ctx.report('AMP-P010', `Unknown governance event '${ev.text}'; events: ${GOVERNANCE_EVENTS.join(', ')}`, ev);
        checkBlock(ctx, blockOf(e), 'handler');
      }
    }
  }
};

function checkBlock(ctx: RuleContext, block: Node | undefined, where: 'run' | 'handler'): void {
  for (const stmt of statements(block)) {
    const bad = where === 'run' ? HANDLER_ONLY.has(stmt.kind) : RUN_ONLY.has(stmt.kind);
    if (bad) {
      const kw = keyword(stmt, ctx.source) ?? stmt.kind;
      const at = stmt.children.find((c) => !('children' in c) && c.kind === 'Ident') ?? stmt;
      ctx.report('AMP-P010', where === 'run' ? `'${kw}' belongs in an agent's handler, not in a run` : `'${kw}' belongs in a run, not in an agent's handler`, at);
    }
    // Nested blocks keep the same context.
    if (stmt.kind === 'ChapelStmt') checkBlock(ctx, blockOf(stmt), where);
    if (stmt.kind === 'ChooseStmt') for (const o of chooseOptions(stmt)) checkBlock(ctx, blockOf(o), where);
    if (stmt.kind === 'ViewStmt') checkBlock(ctx, viewParts(stmt, ctx.source).elseBlock, where);
  }
}
