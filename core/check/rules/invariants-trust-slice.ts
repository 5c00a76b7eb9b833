// Trust slices (seed 002 §1.3: the frozen witness window): the `trust_slice { window N }` declaration, the window the
// red boundary is measured over, and AMP-G015 for a window that is not a positive integer or a slice declared twice.

import { numberOf, properties } from '../../syntax/ast';
import { childNode, childNodes, type Node } from '../../syntax/tree';
import { didYouMean, suggest } from '../../util/suggest';
import type { Governance } from '../governance';
import type { SpecModel } from '../model';
import type { Rule } from './context';
import { keywordOnly } from './invariants-common';

/** A `trust_slice { window N }` declaration, read; `window` is absent when missing or not a positive integer. */
export interface TrustSliceDecl {
  readonly node: Node;
  readonly window?: number;
  /** The window's value node, for related information. */
  readonly windowNode?: Node;
}

/** Reads one `trust_slice` declaration (the first `window` counts when it is repeated). */
export function readTrustSlice(decl: Node, source: string): TrustSliceDecl {
  const block = childNode(decl, 'PropertyBlock');
  const prop = block ? properties(block, source).find((p) => p.key.text === 'window') : undefined;
  const windowNode = prop?.values.length === 1 ? prop.values[0] : undefined;
  const n = numberOf(windowNode, source);
  return { node: decl, window: Number.isSafeInteger(n) && n > 0 ? n : undefined, windowNode };
}

/**
 * The trust slice window in steps: the header's `governance_stack.trust_slice_window`, else the file's first
 * `trust_slice { window N }`; undefined when neither gives a valid one, and then the whole run is one slice.
 */
export function trustSliceWindow(model: SpecModel, governance: Governance): number | undefined {
  if (governance.stack.trust_slice_window !== undefined) return governance.stack.trust_slice_window;
  const first = childNodes(model.tree, 'TrustSliceDecl')[0];
  return first ? readTrustSlice(first, model.source).window : undefined;
}

/** AMP-G015: a trust slice whose window is not a positive integer, with an unknown setting, or declared twice. */
export const trustSliceValid: Rule = (ctx) => {
  const decls = childNodes(ctx.model.tree, 'TrustSliceDecl');
  decls.forEach((decl, i) => {
    if (i > 0) {
      const first = keywordOnly(decls[0]);
      ctx.report('AMP-G015', 'A file has one trust slice; this second trust_slice declaration would make the witness window ambiguous', keywordOnly(decl), {
        related: [{ message: 'the first trust_slice', ...first }],
      });
      return;
    }
    const block = childNode(decl, 'PropertyBlock');
    if (!block) return; // the parser reported the missing block
    let seen: Node | undefined;
    let unknown = false;
    for (const p of properties(block, ctx.source)) {
      if (p.key.text !== 'window') {
        unknown = true;
        const hint = suggest(p.key.text, ['window']);
        ctx.report('AMP-G015', `Unknown trust slice setting '${p.key.text}'${didYouMean(hint)}; a trust slice has one setting, window N`, p.key, {
          fixes: hint ? [{ title: `Change to '${hint}'`, edits: [{ start: p.key.start, end: p.key.end, newText: hint }] }] : undefined,
        });
        continue;
      }
      if (seen) {
        ctx.report('AMP-G015', 'The trust slice window is set twice; the first one counts', p.node, { related: [{ message: 'the first window', start: seen.start, end: seen.end }] });
        continue;
      }
      seen = p.node;
      const v = p.values[0];
      const n = numberOf(v, ctx.source);
      if (p.values.length === 1 && Number.isSafeInteger(n) && n > 0) continue;
      const got = v ? ctx.source.slice(v.start, p.values[p.values.length - 1].end) : 'nothing';
      const rounded = Number.isFinite(n) && n >= 1 ? Math.round(n) : undefined;
      ctx.report('AMP-G015', `A trust slice window is a positive whole number of steps (seed 002: a frozen witness window, e.g. 16 steps); got ${v ? `'${got}'` : got}`, v ? { start: v.start, end: p.values[p.values.length - 1].end } : p.key, {
        fixes: rounded !== undefined && p.values.length === 1 && v ? [{ title: `Use ${rounded}`, edits: [{ start: v.start, end: v.end, newText: String(rounded) }] }] : undefined,
      });
    }
    // A misspelt `window` is already reported, with its fix; saying it is missing too would only repeat that.
    if (!seen && !unknown) ctx.report('AMP-G015', 'A trust slice needs its window: trust_slice { window N }, N a positive number of steps', keywordOnly(decl));
  });
};
