// Completion inside annotations: the annotation names after `@` (as snippets, those that fit what follows first) and
// their arguments: breach ids from seed 003's catalog, breach arguments, hazard levels, self-rewrite bounds with the
// header's caps as defaults.

import { ANNOTATIONS, HAZARD_LEVELS, SELF_REWRITE_BOUNDS, type AnnotationSpec } from '../check/annotations';
import { BREACHES, describeBreach, levelLabel } from '../check/breaches';
import { SELF_REWRITE_CAPS } from '../check/rules/invariants-rewrite';
import { annotationName } from '../syntax/ast';
import { isNode, type Node } from '../syntax/tree';
import { innermost, insideParens, parentOn, splitArgs } from './assist-context';
import { toSnippet } from './assist-snippets';
import type { CompletionContext, CompletionEntry, CompletionKindName } from './completion';
import type { Span } from './document';

const PART = "[\\w'\\u00C0-\\uFFFF]*";

function entry(ctx: CompletionContext, label: string, kind: CompletionKindName, extra: Partial<CompletionEntry> = {}): CompletionEntry {
  return { label, kind, replace: ctx.word, ...extra };
}

export function annotationCompletions(ctx: CompletionContext, token: { kind: string; start: number; end: number }, path: readonly Node[]): CompletionEntry[] | undefined {
  const annotation = innermost(path, 'Annotation');
  if (token.kind === 'At' && ctx.o === token.end) return annotationNames(ctx, annotation, path);
  if (!annotation) return undefined;
  const name = annotationName(annotation, ctx.text);
  if (name && token.kind === 'Ident' && token.start === name.start) return annotationNames(ctx, annotation, path);
  const list = annotation.children.find((c): c is Node => isNode(c) && c.kind === 'ArgList');
  if (!list || !insideParens(list, ctx.o) || !name) return undefined;
  return annotationArgs(ctx, name.text, list);
}

function annotationNames(ctx: CompletionContext, annotation: Node | undefined, path: readonly Node[]): CompletionEntry[] {
  const host = annotation ? parentOn(path, annotation) : undefined;
  const hasArgs = ctx.text[ctx.word.end] === '(';
  const where = host && host.kind !== 'Error' ? host.kind : guessHost(ctx);
  return ANNOTATIONS.map((spec) => {
    const fits = spec.on.includes(where as Node['kind']);
    return {
      label: spec.name,
      kind: 'annotation' as const,
      detail: spec.signature,
      documentation: spec.doc,
      insertText: hasArgs ? spec.name : toSnippet(annotationBody(ctx, spec)),
      isSnippet: !hasArgs,
      replace: ctx.word,
      sortText: `${fits ? 0 : 1}${ANNOTATIONS.indexOf(spec)}`,
    };
  });
}

/** What an annotation being typed will probably annotate, from the first word of the next line or of this one. */
function guessHost(ctx: CompletionContext): string {
  const rest = ctx.text.slice(ctx.word.end, ctx.word.end + 400);
  const next = /^[^\n\r]*?(?:\)\s*|\s+)([A-Za-z_]+)/.exec(rest)?.[1] ?? /[\r\n]+\s*([A-Za-z_]+)/.exec(rest)?.[1];
  const kinds: Record<string, string> = { act: 'ActStmt', option: 'Option', ask: 'AskExpr', let: 'LetStmt', reply: 'ReplyStmt', on: 'Handler', agent: 'AgentDecl' };
  return (next && kinds[next]) ?? '';
}

function annotationBody(ctx: CompletionContext, spec: AnnotationSpec): string {
  switch (spec.name) {
    case 'E_ext_cost':
      return 'E_ext_cost(⟨1:0.1⟩)';
    case 'hazard':
      return `hazard(⟨1|${HAZARD_LEVELS.join(',')}⟩)`;
    case 'breach':
      return 'breach("⟨1:lying⟩")';
    default: {
      const defaults = boundDefaults(ctx);
      return `self_rewrite(${SELF_REWRITE_BOUNDS.map((b, i) => `${b}: ⟨${i + 1}:${defaults[b]}⟩`).join(', ')})`;
    }
  }
}

/** A default for each self-rewrite bound: the header's cap where it sets one, else a small value. */
function boundDefaults(ctx: CompletionContext): Record<string, string> {
  const stack = ctx.doc.governance.stack;
  const fallback: Record<string, string> = { max_steps: '3', max_model_delta: '0.05', max_policy_divergence: '0.1', max_E_ext_delta: '0.02' };
  const out: Record<string, string> = {};
  for (const b of SELF_REWRITE_BOUNDS) {
    const cap = stack[SELF_REWRITE_CAPS[b]];
    out[b] = typeof cap === 'number' ? String(cap) : fallback[b];
  }
  return out;
}

function annotationArgs(ctx: CompletionContext, name: string, list: Node): CompletionEntry[] {
  const open = list.children.find((c) => !isNode(c) && c.kind === 'LParen');
  if (!open) return [];
  const segments = splitArgs(ctx.text.slice(open.end, ctx.o));
  const index = segments.length - 1;
  const current = segments[index];
  const given = new Set(segments.slice(0, -1).map((s) => /^\s*([\w']+)\s*:/.exec(s)?.[1]).filter((s): s is string => !!s));
  const bareName = new RegExp(`^\\s*${PART}$`).test(current);
  switch (name) {
    case 'hazard':
      return index === 0 && bareName
        ? HAZARD_LEVELS.map((l, i) => entry(ctx, l, 'value', { detail: 'hazard level', documentation: hazardDoc(l), sortText: String(i) }))
        : [];
    case 'breach': {
      if (index === 0) {
        if (bareName) return breachIdCompletions(ctx.word, true);
        return [];
      }
      if (!bareName) return [];
      const docs: Record<string, string> = {
        weight: 'The breach’s conscience weight, > 0; default: the `conscience` block’s weight for this id, else 1.',
        risk: 'The probability that the breach happens, in [0, 1]; it scales the weight. Default 1.',
        level1: 'A diffuse lexical boundary: this fraction of the weight counts at level 1, the rest at level 0 (seed 003’s pain example: 0.55).',
      };
      const defaults: Record<string, string> = { weight: '1', risk: '0.5', level1: '0.5' };
      return ['weight', 'risk', 'level1']
        .filter((k) => !given.has(k))
        .map((k, i) => entry(ctx, k, 'value', { detail: `@breach argument`, documentation: docs[k], insertText: toSnippet(`${k}: ⟨1:${defaults[k]}⟩`), isSnippet: true, sortText: String(i) }));
    }
    case 'self_rewrite': {
      if (!bareName) return [];
      const defaults = boundDefaults(ctx);
      return SELF_REWRITE_BOUNDS.filter((b) => !given.has(b)).map((b, i) => {
        const cap = ctx.doc.governance.stack[SELF_REWRITE_CAPS[b]];
        return entry(ctx, b, 'value', {
          detail: typeof cap === 'number' ? `≤ ${SELF_REWRITE_CAPS[b]} = ${cap}` : '@self_rewrite bound',
          documentation: boundDoc(b),
          insertText: toSnippet(`${b}: ⟨1:${defaults[b]}⟩`),
          isSnippet: true,
          sortText: String(i),
        });
      });
    }
    default:
      return [];
  }
}

/** Breach ids from seed 003's catalog; `quote` wraps them in quotes (the cursor is not inside a string yet). */
export function breachIdCompletions(replace: Span, quote: boolean): CompletionEntry[] {
  return BREACHES.map((b, i) => ({
    label: b.id,
    kind: 'breach' as const,
    detail: `level ${levelLabel(b.level)} · ${b.title}`,
    documentation: describeBreach(b),
    insertText: quote ? JSON.stringify(b.id) : b.id,
    replace,
    filterText: quote ? b.id : undefined,
    sortText: `${1 - b.level}${String(i).padStart(3, '0')}`,
  }));
}

// ---- helpers --------------------------------------------------------------------------------------------------------

/** The arguments of an annotation. */
export function argNodes(annotation: Node): Node[] {
  const list = annotation.children.find((c): c is Node => isNode(c) && c.kind === 'ArgList');
  return list ? list.children.filter((c): c is Node => isNode(c) && c.kind === 'Arg') : [];
}

function hazardDoc(level: string): string {
  return level === 'high' || level === 'existential'
    ? `\`${level}\`: the act must run in a chapel (AMP-G001) and state an @E_ext_cost (AMP-G002).`
    : `\`${level}\`: no chapel required unless the act costs more than the chapel threshold.`;
}

function boundDoc(bound: string): string {
  const docs: Record<string, string> = {
    max_steps: 'The hard bound on the region’s duration, a positive integer number of steps (≤ audit_max_steps_const under audit).',
    max_model_delta: 'The cap on the magnitude of change to the model, Δmodel_norm (≤ max_model_delta_const under audit).',
    max_policy_divergence: 'The cap on how far the policy may diverge (≤ max_policy_divergence_const under audit).',
    max_E_ext_delta: 'The cap on the change in external impact the rewrite may cause (≤ max_E_ext_delta_const under audit).',
  };
  return docs[bound] ?? '';
}
