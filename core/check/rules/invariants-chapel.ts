// Invariant 2 (independent veto, non-bypassable chapel pause) for acts: AMP-G001, high-impact acts outside a chapel,
// and AMP-G002, high-hazard acts with no static E_ext cost; with the chapel helpers other features reuse.

import type { TextEdit } from '../../diagnostics';
import { annotationName, annotations } from '../../syntax/ast';
import { isNode, type Node } from '../../syntax/tree';
import { readAnnotations, type HazardLevel } from '../annotations';
import { chapelThreshold } from '../governance';
import type { Rule } from './context';
import { EPSILON, indentUnit, keywordSpan, lineIndent, newlineOf, related, show } from './invariants-common';

/** Hazard levels that always need a chapel and a stated E_ext cost (seed 002: `hazard_level ∈ {high, existential}`). */
export const HIGH_HAZARDS: readonly HazardLevel[] = ['high', 'existential'];

/** The placeholder cost the AMP-G002 fix inserts; the user is expected to edit it. */
export const PLACEHOLDER_E_EXT_COST = 0.1;

/**
 * The `act` statements under `root` that are not lexically inside a `chapel { … }`, in source order. These are the
 * acts that bypass the veto path, so they must be low-impact (AMP-G001) and count against the red boundary (AMP-G003).
 */
export function actsOutsideChapels(root: Node): Node[] {
  const out: Node[] = [];
  const visit = (n: Node) => {
    for (const c of n.children) {
      if (!isNode(c) || c.kind === 'ChapelStmt') continue;
      if (c.kind === 'ActStmt') out.push(c);
      else visit(c);
    }
  };
  if (root.kind === 'ActStmt') out.push(root);
  else if (root.kind !== 'ChapelStmt') visit(root);
  return out;
}

/** Every `act` statement under `root`, inside chapels or not, in source order. */
export function allActs(root: Node): Node[] {
  const out: Node[] = [];
  const visit = (n: Node) => {
    for (const c of n.children) {
      if (!isNode(c)) continue;
      if (c.kind === 'ActStmt') out.push(c);
      else visit(c);
    }
  };
  visit(root);
  return out;
}

/** True when the act's @hazard is high or existential. */
export function isHighHazardAct(act: Node, source: string): boolean {
  const h = readAnnotations(act, source).hazard;
  return !!h && HIGH_HAZARDS.includes(h.level);
}

/** True when the act carries an @E_ext_cost annotation, valid or not (a bad value is AMP-P006, not a missing cost). */
export function hasEExtCostAnnotation(act: Node, source: string): boolean {
  return annotations(act).some((a) => annotationName(a, source)?.text === 'E_ext_cost');
}

/**
 * The edit that wraps `node` (an act with its annotations) in `chapel { … }`: the chapel opens where the node starts,
 * every line of the node moves in by one indentation level, and the closing brace lines up with the opening line.
 */
export function wrapInChapelEdit(source: string, node: Node): TextEdit {
  const indent = lineIndent(source, node.start);
  const unit = indentUnit(indent);
  const nl = newlineOf(source);
  const lines = source.slice(node.start, node.end).split(/\r\n|\n|\r/);
  // The first line starts at the node, after the line's indentation; later lines still carry their own.
  const body = lines.map((l, i) => (i === 0 ? indent + unit + l : l.trim() === '' ? '' : unit + l)).join(nl);
  return { start: node.start, end: node.end, newText: `chapel {${nl}${body}${nl}${indent}}` };
}

/** AMP-G001: an act with high or existential hazard, or costing more than the chapel threshold, outside a chapel. */
export const chapelRequired: Rule = (ctx) => {
  const { source, governance } = ctx;
  const threshold = chapelThreshold(governance);
  const declared = governance.stack.E_ext_chapel_threshold !== undefined;
  const { index } = ctx.model;
  for (const act of index.inAgents('ActStmt')) {
    if (index.placeOf(act).chapel) continue;
    {
      const a = readAnnotations(act, source);
      const hazard = a.hazard && HIGH_HAZARDS.includes(a.hazard.level) ? a.hazard.level : undefined;
      const cost = a.eExtCost?.value;
      const over = threshold !== undefined && cost !== undefined && cost > threshold + EPSILON;
      if (!hazard && !over) continue;
      const thresholdText = over
        ? `the chapel threshold ${show(threshold!)}${declared ? '' : ` (half of E_ext_max_const ${show(governance.stack.E_ext_max_const!)})`}`
        : '';
      const what = hazard && over
        ? `A @hazard(${hazard}) act costing E_ext ${show(cost!)}, above ${thresholdText},`
        : hazard
          ? `A @hazard(${hazard}) act`
          : `This act costs E_ext ${show(cost!)}, above ${thresholdText}, so it`;
      ctx.report(
        'AMP-G001',
        `${what} must pass through a chapel of hesitation: wrap it in chapel { … } so it pauses min_pause_ms and checks the veto fuse before acting (seed 002, invariant 2)`,
        keywordSpan(act),
        {
          related: over
            ? related(
                declared
                  ? governance.related('governance_stack.E_ext_chapel_threshold', `the chapel threshold E_ext_chapel_threshold = ${show(threshold!)}`)
                  : governance.related('governance_stack.E_ext_max_const', `E_ext_max_const = ${show(governance.stack.E_ext_max_const!)}; acts costing more than half of it need a chapel`),
              )
            : undefined,
          fixes: [{ title: 'Wrap the act in a chapel', edits: [wrapInChapelEdit(source, act)] }],
        },
      );
    }
  }
};

/** AMP-G002: a high or existential hazard act with no @E_ext_cost, so nothing bounds its impact. */
export const eExtCostRequired: Rule = (ctx) => {
  const { source } = ctx;
  {
    for (const act of ctx.model.index.inAgents('ActStmt')) {
      const hazard = readAnnotations(act, source).hazard;
      if (!hazard || !HIGH_HAZARDS.includes(hazard.level) || hasEExtCostAnnotation(act, source)) continue;
      ctx.report(
        'AMP-G002',
        `A @hazard(${hazard.level}) act needs a static @E_ext_cost: without one nothing bounds its external impact against E_ext_max_const (seed 002, invariant 1)`,
        keywordSpan(act),
        { fixes: [{ title: `Add @E_ext_cost(${PLACEHOLDER_E_EXT_COST})`, edits: [{ start: act.start, end: act.start, newText: `@E_ext_cost(${PLACEHOLDER_E_EXT_COST}) ` }] }] },
      );
    }
  }
};
