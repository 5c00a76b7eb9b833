// Name rules: unused bindings and messages, asks no handler answers, handlers and agents no run can reach.
// (Undefined and duplicate names are found while binding, in model.ts.)

import { renderParts } from '../../syntax/ast';
import { isAgentInfo, type AgentInfo, type HandlerInfo } from '../model';
import type { Rule } from './context';

export const unusedNames: Rule = (ctx) => {
  // Symbols are numbered in order (AmpSymbol.id): one flag each.
  const used = new Uint8Array(ctx.model.symbols.length);
  for (const r of ctx.model.references) if (r.symbol) used[r.symbol.id] = 1;
  let names: Set<string> | undefined;
  for (const s of ctx.model.symbols) {
    if (used[s.id] || !s.decl || s.name.startsWith('_')) continue;
    // Nothing refers to the name, so renaming its declaration alone is safe, unless the new name is taken.
    names ??= new Set(ctx.model.symbols.map((x) => x.name));
    const keep = names.has(`_${s.name}`) ? undefined : [{ title: `Rename to '_${s.name}' (unused on purpose)`, edits: [{ start: s.decl.start, end: s.decl.start, newText: '_' }] }];
    if (s.kind === 'hole' || s.kind === 'let' || s.kind === 'instance') {
      const what = s.kind === 'instance' ? 'New agent' : s.kind === 'hole' ? 'Hole' : 'Binding';
      ctx.report('AMP-N002', `${what} '${s.name}' is never used (prefix it with '_' to keep it)`, s.decl, { tags: ['unnecessary'], fixes: keep });
    } else if (s.kind === 'message' && ctx.model.messages.get(s.name) === s) {
      // A duplicate declaration is AMP-N004's; references bind to the first one, so it would look unused too.
      ctx.report('AMP-N003', `Message '${s.name}' is never referenced`, s.decl, { tags: ['unnecessary'], fixes: keep });
    }
  }
};

export const unmatchedAsks: Rule = (ctx) => {
  for (const site of ctx.model.asks) {
    if (site.matches || !site.message || !site.callee) continue;
    const name = isAgentInfo(site.callee) ? site.callee.symbol.name : site.callee.name;
    const templates = isAgentInfo(site.callee)
      ? site.callee.handlers.filter((h) => h.template).map((h) => ({ text: renderParts(h.templateParts), at: h.template! }))
      : (site.callee.templates ?? []).map((t) => ({ text: t, at: undefined }));
    const list = templates.slice(0, 3).map((t) => `"${t.text}"`).join(', ');
    ctx.report(
      'AMP-N006',
      templates.length ? `No handler of '${name}' matches "${renderParts(site.parts)}"; '${name}' answers ${list}${templates.length > 3 ? ', …' : ''}` : `'${name}' has no handlers`,
      site.message,
      { related: templates.filter((t) => t.at).slice(0, 3).map((t) => ({ message: 'a template of ' + name, start: t.at!.start, end: t.at!.end })) },
    );
  }
};

/** Handlers reached from runs through asks (first matching handler per ask). */
export function reachableHandlers(runs: readonly { asks: readonly { handler?: HandlerInfo }[] }[]): Set<HandlerInfo> {
  const seen = new Set<HandlerInfo>();
  const queue: HandlerInfo[] = [];
  for (const run of runs) for (const a of run.asks) if (a.handler) queue.push(a.handler);
  while (queue.length) {
    const h = queue.pop()!;
    if (seen.has(h)) continue;
    seen.add(h);
    for (const a of h.asks) if (a.handler && !seen.has(a.handler)) queue.push(a.handler);
  }
  return seen;
}

export const unreachable: Rule = (ctx) => {
  const { model } = ctx;
  if (model.runs.length === 0) return;
  const asked = new Set<AgentInfo>();
  for (const a of model.asks) if (isAgentInfo(a.callee)) asked.add(a.callee);
  const reached = reachableHandlers(model.runs);
  for (const agent of model.agents.values()) {
    const name = agent.symbol.decl!;
    if (!asked.has(agent)) {
      if (agent.handlers.length || agent.replays !== undefined) ctx.report('AMP-N008', `Agent '${agent.symbol.name}' is never asked`, name, { tags: ['unnecessary'] });
      continue;
    }
    for (const h of agent.handlers) {
      if (reached.has(h) || !h.template) continue;
      ctx.report('AMP-N007', `No run reaches this handler of '${agent.symbol.name}'`, h.template, { tags: ['unnecessary'] });
    }
  }
};
