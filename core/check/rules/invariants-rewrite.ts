// Invariant 3 (no unbounded self-rewrite under existential audit): @self_rewrite regions declare all four bounds
// (AMP-G005), within the header's caps (AMP-G006), and never ask their own agent again (AMP-G007).

import type { TextEdit } from '../../diagnostics';
import { childNode, childNodes, isNode, type Node } from '../../syntax/tree';
import { readAnnotations, SELF_REWRITE_BOUNDS, type Annotated, type SelfRewriteBound } from '../annotations';
import type { GovernanceStack } from '../governance';
import { isAgentInfo, type AskSite, type SpecModel } from '../model';
import type { Rule } from './context';
import { askSitesByOwner, EPSILON, keywordSpan, related, show } from './invariants-common';

/** The header cap each @self_rewrite bound must stay under while existential_audit is on. */
export const SELF_REWRITE_CAPS: Readonly<Record<SelfRewriteBound, keyof GovernanceStack>> = {
  max_steps: 'audit_max_steps_const',
  max_model_delta: 'max_model_delta_const',
  max_policy_divergence: 'max_policy_divergence_const',
  max_E_ext_delta: 'max_E_ext_delta_const',
};

/** A @self_rewrite region: an annotated handler, or every handler of an annotated agent. */
export interface SelfRewriteRegion {
  /** The `@self_rewrite(…)` annotation. */
  readonly annotation: Node;
  readonly bounds: NonNullable<Annotated['selfRewrite']>['bounds'];
  /** The agent declaration the region belongs to. */
  readonly agent: Node;
  /** The handlers (and event handlers) the region covers. */
  readonly handlers: readonly Node[];
}

/** Every @self_rewrite region of the file, agents' before their handlers', in source order. */
export function selfRewriteRegions(model: SpecModel): SelfRewriteRegion[] {
  let found = regionsOf.get(model);
  if (!found) regionsOf.set(model, (found = findSelfRewriteRegions(model)));
  return found;
}

/** Three rules ask for the regions of the same model; they are found once. */
const regionsOf = new WeakMap<SpecModel, SelfRewriteRegion[]>();

function findSelfRewriteRegions(model: SpecModel): SelfRewriteRegion[] {
  const out: SelfRewriteRegion[] = [];
  // Only annotated nodes can open a region: the index lists them in source order (an agent before its handlers).
  for (const node of model.index.annotated) {
    if (node.kind === 'AgentDecl') {
      const own = readAnnotations(node, model.source).selfRewrite;
      if (own) out.push({ annotation: own.node, bounds: own.bounds, agent: node, handlers: [...childNodes(node, 'Handler'), ...childNodes(node, 'EventHandler')] });
    } else if (node.kind === 'Handler') {
      const agent = model.index.placeOf(node).agent;
      const r = readAnnotations(node, model.source).selfRewrite;
      if (r && agent) out.push({ annotation: r.node, bounds: r.bounds, agent, handlers: [node] });
    }
  }
  return out;
}

/** The value a fix gives a missing bound: the header's cap when it sets one, else 1. */
function placeholder(bound: SelfRewriteBound, stack: GovernanceStack): number {
  const cap = stack[SELF_REWRITE_CAPS[bound]];
  return typeof cap === 'number' ? cap : 1;
}

/** The edit that appends `text` (e.g. `max_steps: 1, max_model_delta: 1`) to an annotation's argument list. */
function appendArgsEdit(annotation: Node, text: string, source: string): TextEdit | undefined {
  const list = childNode(annotation, 'ArgList');
  if (!list) {
    const name = annotation.children.find((c) => !isNode(c) && c.kind === 'Ident');
    return name ? { start: name.end, end: name.end, newText: `(${text})` } : undefined;
  }
  const close = list.children.find((c) => !isNode(c) && c.kind === 'RParen');
  if (!close) return undefined; // the parser reported the missing ')'; an edit would land in the wrong place
  const before = source.slice(list.start, close.start).trimEnd();
  const separator = before.endsWith('(') ? '' : before.endsWith(',') ? ' ' : ', ';
  return { start: close.start, end: close.start, newText: separator + text };
}

/** AMP-G005 and AMP-G006: under existential_audit, every region declares all four bounds, each within its cap. */
export const selfRewriteBounds: Rule = (ctx) => {
  const { governance, source } = ctx;
  if (governance.stack.existential_audit !== true) return;
  for (const region of selfRewriteRegions(ctx.model)) {
    const missing = SELF_REWRITE_BOUNDS.filter((b) => !region.bounds[b]);
    if (missing.length) {
      const text = missing.map((b) => `${b}: ${show(placeholder(b, governance.stack))}`).join(', ');
      const edit = appendArgsEdit(region.annotation, text, source);
      ctx.report(
        'AMP-G005',
        `Under existential_audit a self-rewrite region must declare hard bounds on duration, magnitude of change and hazard impact; missing ${missing.join(', ')} (seed 002, invariant 3)`,
        region.annotation,
        {
          related: related(governance.related('governance_stack.existential_audit', 'existential_audit is on')),
          fixes: edit ? [{ title: `Add ${missing.join(', ')}`, edits: [edit] }] : undefined,
        },
      );
    }
    for (const bound of SELF_REWRITE_BOUNDS) {
      const given = region.bounds[bound];
      const capName = SELF_REWRITE_CAPS[bound];
      const cap = governance.stack[capName];
      if (!given || typeof cap !== 'number' || !(given.value > cap + EPSILON)) continue;
      const at = given.arg.value ?? given.arg.node;
      ctx.report(
        'AMP-G006',
        `${bound} ${show(given.value)} is above the header's cap ${capName} = ${show(cap)}: under existential_audit the rewrite envelope shrinks to the caps (seed 002, invariant 3)`,
        at,
        {
          related: related(governance.related(`governance_stack.${capName}`, `the cap ${capName} = ${show(cap)}`)),
          fixes: given.arg.value ? [{ title: `Lower ${bound} to ${show(cap)}`, edits: [{ start: at.start, end: at.end, newText: show(cap) }] }] : undefined,
        },
      );
    }
  }
};

/**
 * The ask, reached from `start` by following the handlers asks reach, that asks the agent declared by `agent`:
 * `start` itself when it asks that agent directly. Undefined when no such ask is reachable.
 */
export function askBackTo(agent: Node, start: AskSite, byOwner: ReadonlyMap<Node, readonly AskSite[]>): AskSite | undefined {
  const asksAgent = (s: AskSite) => isAgentInfo(s.callee) && s.callee.node === agent;
  if (asksAgent(start)) return start;
  const seen = new Set<Node>();
  const queue: Node[] = start.handler ? [start.handler.node] : [];
  while (queue.length) {
    const h = queue.shift()!;
    if (seen.has(h)) continue;
    seen.add(h);
    for (const s of byOwner.get(h) ?? []) {
      if (asksAgent(s)) return s;
      if (s.handler) queue.push(s.handler.node);
    }
  }
  return undefined;
}

/** AMP-G007: under existential_audit, a self-rewrite region that can ask its own agent again, directly or not. */
export const selfRewriteRecursion: Rule = (ctx) => {
  const { governance, model, source } = ctx;
  if (governance.stack.existential_audit !== true) return;
  const byOwner = askSitesByOwner(model);
  const reported = new Set<Node>();
  for (const region of selfRewriteRegions(model)) {
    const agentName = region.agent.children.filter((c) => !isNode(c) && c.kind === 'Ident')[1];
    const name = agentName ? source.slice(agentName.start, agentName.end) : 'this agent';
    for (const h of region.handlers) {
      for (const start of byOwner.get(h) ?? []) {
        if (reported.has(start.node)) continue;
        const closing = askBackTo(region.agent, start, byOwner);
        if (!closing) continue;
        reported.add(start.node);
        const via = closing === start ? '' : ` through '${closing.owner.kind === 'handler' ? closing.owner.agent.symbol.name : closing.owner.name}'`;
        ctx.report(
          'AMP-G007',
          `This self-rewrite region can ask its own agent '${name}' again${via}: a recursive rewrite loop has no bound, and under existential_audit every rewrite loop must be bounded (seed 002, invariant 3: the system may fidget, not perform surgery on its own brain)`,
          keywordSpan(start.node),
          {
            related: related(
              closing === start ? undefined : { message: `asks '${name}' here`, ...keywordSpan(closing.node) },
              { message: 'the self-rewrite region', start: region.annotation.start, end: region.annotation.end },
            ),
          },
        );
      }
    }
  }
};

