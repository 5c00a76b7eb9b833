// AMP-P010: statements that parse anywhere but mean something only in a run or only in an agent's handler.

import { argsOf, blockChildren, eventName, keyword, nameOfValue, numberOf, blockOf, chooseOptions, valueNodes, viewParts } from '../../syntax/ast';
import { childNode, childNodes, isNode, type Node } from '../../syntax/tree';
import { didYouMean, suggest } from '../../util/suggest';
import type { Rule, RuleContext } from './context';

/** Governance events an `on event` handler may name (seed 002: restorative events, explicit consent or dissent). */
export const GOVERNANCE_EVENTS = ['restorative_process_completed', 'explicit_consent', 'explicit_dissent', 'incident_report'] as const;

/** What `steward EVENT` may script in a run (docs/language.md §9), with the arguments each takes. */
export const STEWARD_EVENTS = ['veto', 'consent', 'incident', 'restore', 'beta1_lap'] as const;
const VETO_STATES = ['ok', 'strained', 'tripped'];
const CONSENT_EVENTS = ['explicit_consent', 'explicit_dissent'];

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

/** AMP-P010 for a steward event the governance layer does not know, or given arguments it cannot use. */
export const stewardEvents: Rule = (ctx) => {
  const { source } = ctx;
  for (const stmt of ctx.model.index.of('StewardStmt')) {
    const value = valueNodes(stmt)[0];
    const name = nameOfValue(value, source);
    if (!name) {
      ctx.report('AMP-P010', `'steward' takes an event: ${STEWARD_EVENTS.map((e) => `${e}(…)`).join(', ')}`, value ?? stmt);
      continue;
    }
    if (!(STEWARD_EVENTS as readonly string[]).includes(name.text)) {
      const hint = suggest(name.text, STEWARD_EVENTS);
      ctx.report('AMP-P010', `Unknown steward event '${name.text}'${didYouMean(hint)}; events: ${STEWARD_EVENTS.join(', ')}`, name, {
        fixes: hint ? [{ title: `Change to '${hint}'`, edits: [{ start: name.start, end: name.end, newText: hint }] }] : undefined,
      });
      continue;
    }
    const list = value && childNode(value, 'ArgList');
    const args = list ? argsOf(list, source) : [];
    const word = (i: number) => nameOfValue(args[i]?.value, source);
    const at = list ?? name;
    switch (name.text) {
      case 'veto': {
        const state = word(0);
        if (!state || !VETO_STATES.includes(state.text) || args.length !== 1)
          ctx.report('AMP-P010', `veto takes the fuse's new state: veto(ok), veto(strained) or veto(tripped)`, state ?? at);
        break;
      }
      case 'consent': {
        const event = word(1);
        if (!word(0) || !event || !CONSENT_EVENTS.includes(event.text) || args.length !== 2)
          ctx.report('AMP-P010', `consent takes a consent machine and an explicit event: consent(MACHINE, explicit_consent) or consent(MACHINE, explicit_dissent)`, event ?? at);
        break;
      }
      case 'beta1_lap': {
        const n = args.length === 1 ? numberOf(args[0].value, source) : NaN;
        if (!Number.isFinite(n)) ctx.report('AMP-P010', `beta1_lap takes the reported β₁_lap, a number: beta1_lap(0.3)`, at);
        break;
      }
      default:
        // incident("…") and restore("…") take a note; a missing one is allowed (the event is what counts).
        if (args.length > 1) ctx.report('AMP-P010', `${name.text} takes one note: ${name.text}("…")`, at);
    }
  }
};

function checkBlock(ctx: RuleContext, block: Node | undefined, where: 'run' | 'handler'): void {
  for (const stmt of blockChildren(block)) {
    if (!isNode(stmt)) continue;
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
