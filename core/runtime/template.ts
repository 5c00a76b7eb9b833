// Matching run-time messages against templates: the run-time side of core/check/template.ts. Templates are compiled
// once into literal text and holes; matching walks a message's parts with `startsWith`, so it costs about the length
// of the message, and binds each hole to a pointer, a sub-message or a run of text.

import type { MessagePart } from '../syntax/ast';
import { collapse, Message, type Part } from './values';

/** A compiled template item: literal text, a hole (its index among the template's holes), or a nested template. */
export type TemplateItem = { readonly lit: string } | { readonly hole: number } | { readonly sub: Template };

export interface Template {
  readonly items: readonly TemplateItem[];
  /** Hole names by index (holes of nested templates included). */
  readonly holes: readonly string[];
  /** The template as written, for messages and the debugger. */
  readonly text: string;
}

/** What a hole bound: a pointer's value, or a run of text (the caller turns it into a fresh message). */
export type Bound = Part;

/** Compiles a template written in AMP (message parts from the parser). */
export function compileTemplate(parts: readonly MessagePart[], text: string): Template {
  const holes: string[] = [];
  const build = (ps: readonly MessagePart[]): TemplateItem[] => {
    const items: TemplateItem[] = [];
    const pushLit = (s: string) => {
      const last = items[items.length - 1];
      if (last && 'lit' in last) items[items.length - 1] = { lit: collapse(last.lit + s) };
      else items.push({ lit: collapse(s) });
    };
    for (const p of ps) {
      if (p.kind === 'text') pushLit(p.text);
      else if (p.kind === 'pointer') {
        holes.push(p.name?.text ?? '');
        items.push({ hole: holes.length - 1 });
      } else items.push({ sub: { items: build(p.parts), holes, text: '' } });
    }
    // Trim the ends of this (sub-)template, as messages are trimmed when they are built.
    const first = items[0];
    if (first && 'lit' in first) {
      const s = first.lit.replace(/^ /, '');
      if (s) items[0] = { lit: s };
      else items.shift();
    }
    const lastIndex = items.length - 1;
    const last = items[lastIndex];
    if (last && 'lit' in last) {
      const s = last.lit.replace(/ $/, '');
      if (s) items[lastIndex] = { lit: s };
      else items.pop();
    }
    return items;
  };
  const items = build(parts);
  return { items, holes, text };
}

/**
 * Matches `message` against `template`, writing what each hole binds into `out` (indexed like `template.holes`).
 * Returns false when it does not match (`out` may then hold partial bindings). A hole binds one pointer, one
 * sub-message, or a non-empty run of text (trimmed), trying the shortest run first, as the checker does.
 */
export function matchTemplate(template: Template, message: Message, out: Bound[]): boolean {
  const fast = matchLinear(template.items, message.parts, out);
  return fast === undefined ? matchFrom(template.items, 0, message.parts, 0, 0, out, new Set<number>()) : fast;
}

/**
 * The common case without backtracking: every hole meets a pointer. Returns undefined when a hole meets text (the
 * general matcher decides then).
 */
function matchLinear(items: readonly TemplateItem[], parts: readonly Part[], out: Bound[]): boolean | undefined {
  let p = 0;
  let off = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const part = parts[p];
    if ('lit' in item) {
      if (typeof part !== 'string' || !part.startsWith(item.lit, off)) return false;
      off += item.lit.length;
      if (off === part.length) {
        p++;
        off = 0;
      }
    } else if (part === undefined) return false;
    else if (typeof part === 'string') return undefined;
    else if ('hole' in item) {
      out[item.hole] = part;
      p++;
    } else {
      if (!(part instanceof Message)) return false;
      const inner = matchLinear(item.sub.items, part.parts, out);
      if (inner !== true) return inner;
      p++;
    }
  }
  return p === parts.length;
}

/** The general matcher, with backtracking over text holes; `failed` memoises positions that cannot match. */
function matchFrom(items: readonly TemplateItem[], i: number, parts: readonly Part[], p: number, off: number, out: Bound[], failed: Set<number>): boolean {
  if (p < parts.length && typeof parts[p] === 'string' && off >= (parts[p] as string).length) {
    p++;
    off = 0;
  }
  if (i === items.length) return p === parts.length;
  // Positions are unique per (item, part, offset): parts are shorter than 2^20 characters in any real message.
  const key = (i * (parts.length + 1) + p) * 1048576 + off;
  if (failed.has(key)) return false;
  const item = items[i];
  const part = parts[p];
  let ok = false;
  if ('lit' in item) {
    ok = typeof part === 'string' && part.startsWith(item.lit, off) && matchFrom(items, i + 1, parts, p, off + item.lit.length, out, failed);
  } else if ('sub' in item) {
    ok = part instanceof Message && off === 0 && matchFrom(item.sub.items, 0, part.parts, 0, 0, out, new Set<number>()) && matchFrom(items, i + 1, parts, p + 1, 0, out, failed);
  } else if (part !== undefined && typeof part !== 'string') {
    if (off === 0 && matchFrom(items, i + 1, parts, p + 1, 0, out, failed)) {
      out[item.hole] = part;
      ok = true;
    }
  } else if (typeof part === 'string') {
    // A run of text within this text part, shortest first; when a literal follows, only ends where it occurs.
    const next = items[i + 1];
    let end = off + 1;
    while (!ok && end <= part.length) {
      if (next && 'lit' in next) {
        const at = part.indexOf(next.lit, end);
        end = at < 0 ? part.length : Math.max(at, off + 1);
      }
      const run = part.slice(off, end).trim();
      if (run && matchFrom(items, i + 1, parts, p, end, out, failed)) {
        out[item.hole] = run;
        ok = true;
      }
      end++;
    }
  }
  if (!ok) failed.add(key);
  return ok;
}
