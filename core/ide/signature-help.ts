// Signature help: inside an annotation's arguments, the annotation's signature with the argument being written; inside
// the message of an ask, the templates the agent answers with the hole being filled. Pure and total.

import { findAnnotation, HAZARD_LEVELS, SELF_REWRITE_BOUNDS } from '../check/annotations';
import { findBuiltin } from '../check/builtins';
import { chapelThreshold } from '../check/governance';
import { isAgentInfo, type AgentInfo } from '../check/model';
import { show } from '../check/rules/invariants-common';
import { SELF_REWRITE_CAPS } from '../check/rules/invariants-rewrite';
import { annotationName, idents } from '../syntax/ast';
import { isNode, type Node } from '../syntax/tree';
import { clampOffset, innermost, insideMessage, insideParens, messageContentEnd, namesInScope, parentOn, splitArgs, tokenAt } from './assist-context';
import type { AnalyzedDocument } from './document';

export interface ParameterInfo {
  /** The parameter's text, or its `[start, end)` in the signature's label. */
  label: string | [number, number];
  documentation?: string;
}

export interface SignatureInfo {
  label: string;
  documentation?: string;
  parameters: ParameterInfo[];
}

export interface SignatureHelpInfo {
  signatures: SignatureInfo[];
  activeSignature: number;
  activeParameter: number;
}

/** The longest message prefix the template matcher looks at; past it, the first signature stays active. */
const MAX_TYPED = 400;

/** Signature help at `offset` in `doc`, or undefined outside annotation arguments and ask messages. Never throws. */
export function signatureHelpAt(doc: AnalyzedDocument, offset: number): SignatureHelpInfo | undefined {
  try {
    return signatureHelpOrThrow(doc, offset);
  } catch {
    return undefined;
  }
}

/** {@link signatureHelpAt} without the safety net: an internal error escapes, so tests can find what the net would hide. */
export function signatureHelpOrThrow(doc: AnalyzedDocument, offset: number): SignatureHelpInfo | undefined {
  const o = clampOffset(doc.text, offset);
  if (o === undefined) return undefined;
  const left = tokenAt(doc.tree, o, 'left');
  if (!left || left.token.kind === 'Comment') return undefined;
  const msg = innermost(left.path, 'Message');
  const annotation = innermost(left.path, 'Annotation');
  if (annotation) {
    const list = annotation.children.find((c): c is Node => isNode(c) && c.kind === 'ArgList');
    if (list && insideParens(list, o)) return annotationHelp(doc, annotation, list, o);
    return undefined;
  }
  if (msg && insideMessage(msg, o)) {
    const ask = parentOn(left.path, msg);
    if (ask?.kind === 'AskExpr') return templateHelp(doc, ask, msg, o);
  }
  return undefined;
}

// ---- annotations ----------------------------------------------------------------------------------------------------

function annotationHelp(doc: AnalyzedDocument, annotation: Node, list: Node, o: number): SignatureHelpInfo | undefined {
  const name = annotationName(annotation, doc.text)?.text;
  const spec = name ? findAnnotation(name) : undefined;
  if (!spec) return undefined;
  const open = list.children.find((c) => !isNode(c) && c.kind === 'LParen');
  if (!open) return undefined;
  const segments = splitArgs(doc.text.slice(open.end, o));
  const index = segments.length - 1;
  const named = (s: string) => /^\s*([\w']+)\s*:/.exec(s)?.[1];
  const current = named(segments[index]);
  const given = new Set(segments.slice(0, -1).map(named).filter((s): s is string => !!s));
  const g = doc.governance;
  const label = spec.signature;
  const param = (text: string, documentation: string): ParameterInfo => {
    const at = label.indexOf(text);
    return { label: at >= 0 ? [at, at + text.length] : text, documentation };
  };
  switch (spec.name) {
    case 'E_ext_cost': {
      const max = g.stack.E_ext_max_const;
      const t = chapelThreshold(g);
      const limits = max !== undefined ? ` The red boundary E_ext_max_const is ${show(max)}${t !== undefined ? `; acts costing more than ${show(t)} must run in a chapel` : ''}.` : '';
      return one(label, spec.doc, [param('cost', `The act's external impact, a number ≥ 0.${limits}`)], 0);
    }
    case 'hazard':
      return one(label, spec.doc, [param(HAZARD_LEVELS.join(' | '), 'low (the default) | medium | high | existential: high and existential acts must run in a chapel and state an @E_ext_cost.')], 0);
    case 'breach': {
      const params = [
        param('"id"', 'A breach id from seed 003’s catalog, as a string.'),
        param('weight: w', 'The conscience weight, > 0; default: the conscience block’s weight for this id, else 1.'),
        param('risk: p', 'The probability that the breach happens, in [0, 1]; default 1.'),
        param('level1: q', 'The fraction of the weight that counts at lexical level 1 (a diffuse boundary), in [0, 1].'),
      ];
      const names = ['weight', 'risk', 'level1'];
      let active = 0;
      if (index > 0) active = current && names.includes(current) ? names.indexOf(current) + 1 : nextFree(names, given) + 1;
      return one(label, spec.doc, params, active);
    }
    case 'self_rewrite': {
      const params = SELF_REWRITE_BOUNDS.map((b) => {
        const cap = g.stack[SELF_REWRITE_CAPS[b]];
        const text = label.slice(label.indexOf(b)).split(/[,)]/)[0];
        return param(text, `${b === 'max_steps' ? 'A positive integer number of steps' : 'A number ≥ 0'}${typeof cap === 'number' ? `; at most ${SELF_REWRITE_CAPS[b]} = ${show(cap)} under existential_audit` : ''}.`);
      });
      const names = [...SELF_REWRITE_BOUNDS] as string[];
      const active = current && names.includes(current) ? names.indexOf(current) : nextFree(names, given);
      return one(label, spec.doc, params, active);
    }
    default:
      return undefined;
  }
}

function one(label: string, documentation: string, parameters: ParameterInfo[], activeParameter: number): SignatureHelpInfo {
  return { signatures: [{ label, documentation, parameters }], activeSignature: 0, activeParameter };
}

/** The first name not given yet (the last one when all are). */
function nextFree(names: readonly string[], given: ReadonlySet<string>): number {
  const i = names.findIndex((n) => !given.has(n));
  return i < 0 ? names.length - 1 : i;
}

// ---- templates of the agent asked -------------------------------------------------------------------------------------

function templateHelp(doc: AnalyzedDocument, ask: Node, msg: Node, o: number): SignatureHelpInfo | undefined {
  const target = idents(ask, doc.text)[1]?.text;
  if (!target) return undefined;
  const templates: { text: string; doc: string }[] = [];
  const agent: AgentInfo | undefined = doc.model.agents.get(target);
  const builtin = agent ? undefined : findBuiltin(target);
  let callee = agent ?? builtin;
  if (!callee) {
    const sym = namesInScope(doc.model, o).get(target);
    if (sym?.kind === 'instance') callee = sym.agentOf;
  }
  if (!callee) return undefined;
  if (isAgentInfo(callee)) {
    for (const h of callee.handlers) if (h.template) templates.push({ text: doc.text.slice(h.template.start + 1, messageContentEnd(h.template)), doc: `A message \`${callee.symbol.name}\` answers.` });
  } else for (const t of callee.templates ?? []) templates.push({ text: t, doc: `${callee.name}: ${callee.summary}` });
  if (templates.length === 0) return undefined;
  const typed = doc.text.slice(msg.start + 1, Math.min(o, messageContentEnd(msg)));
  let activeSignature = 0;
  let activeParameter = 0;
  const signatures = templates.map((t, i) => {
    const label = `"${t.text}"`;
    const parameters: ParameterInfo[] = [];
    for (const m of label.matchAll(/\[\s*([^\]\s]*)\s*\]/g)) {
      const start = m.index ?? 0;
      parameters.push({ label: [start, start + m[0].length], documentation: `\`${m[1]}\`: one pointer, one sub-message or a run of text.` });
    }
    return { label, documentation: t.doc, parameters, index: i };
  });
  if (typed.length <= MAX_TYPED) {
    for (const s of signatures) {
      const hole = activeHole(templates[s.index].text, typed);
      if (hole !== undefined) {
        activeSignature = s.index;
        activeParameter = hole;
        break;
      }
    }
  }
  return { signatures: signatures.map(({ label, documentation, parameters }) => ({ label, documentation, parameters })), activeSignature, activeParameter };
}

/**
 * Which hole of `template` the text typed so far is filling: the template's text must match the typed text up to
 * where it ends (runs of spaces count as one, as in template matching), each hole taking at least one character.
 * A cursor in the template's text counts as filling the next hole. Undefined when the typed text cannot start a
 * message of this shape.
 */
export function activeHole(template: string, typed: string): number | undefined {
  const norm = (s: string) => s.replace(/\s+/g, ' ');
  const parts: ({ kind: 'text'; text: string } | { kind: 'hole'; index: number })[] = [];
  let holes = 0;
  for (const piece of template.split(/(\[[^\]]*\])/)) {
    if (/^\[[^\]]*\]$/.test(piece)) parts.push({ kind: 'hole', index: holes++ });
    else if (piece) parts.push({ kind: 'text', text: norm(piece) });
  }
  const text = norm(typed).replace(/^ /, '');
  if (parts[0]?.kind === 'text') parts[0] = { kind: 'text', text: parts[0].text.replace(/^ /, '') };
  const lastHole = Math.max(0, holes - 1);
  const memo = new Map<number, number | undefined>();
  const go = (i: number, pos: number): number | undefined => {
    const key = i * (text.length + 1) + pos;
    if (memo.has(key)) return memo.get(key);
    const r = step(i, pos);
    memo.set(key, r);
    return r;
  };
  const step = (i: number, pos: number): number | undefined => {
    if (i === parts.length) return pos === text.length ? lastHole : undefined;
    const p = parts[i];
    if (p.kind === 'text') {
      let k = 0;
      while (k < p.text.length && pos + k < text.length && text[pos + k] === p.text[k]) k++;
      if (pos + k === text.length) {
        const next = parts.slice(i + 1).find((x) => x.kind === 'hole');
        return next && next.kind === 'hole' ? next.index : lastHole;
      }
      return k === p.text.length ? go(i + 1, pos + k) : undefined;
    }
    if (pos === text.length) return p.index;
    for (let e = pos + 1; e <= text.length; e++) {
      if (e === text.length) return p.index;
      const r = go(i + 1, e);
      if (r !== undefined) return r;
    }
    return undefined;
  };
  return go(0, 0);
}
