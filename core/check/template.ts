// Matching a message against a handler template (seed 000: handlers answer messages of a shape; `[x]` holes bind
// the matching part). Shared by the checker (which handler can an ask reach?) and, later, the runtime.

import type { MessagePart } from '../syntax/ast';

/** What a hole bound to: a pointer, a sub-message, or a run of text. */
export type Binding =
  | { readonly kind: 'pointer'; readonly name: string }
  | { readonly kind: 'sub'; readonly parts: readonly MessagePart[] }
  | { readonly kind: 'text'; readonly text: string };

/** A character of text (a one-character string), a pointer, or a sub-message. */
type Atom = string | { readonly kind: 'pointer'; readonly name: string } | { readonly kind: 'sub'; readonly parts: readonly MessagePart[] };

/** Parts are immutable and the same template is matched against many messages: each is flattened once. */
const atomsOf = new WeakMap<readonly MessagePart[], Atom[]>();

/**
 * Flattens parts to atoms: text becomes characters with runs of whitespace collapsed to one space and the ends
 * trimmed, so a template matches however the message is spaced.
 */
function atoms(parts: readonly MessagePart[]): Atom[] {
  const known = atomsOf.get(parts);
  if (known) return known;
  const out: Atom[] = [];
  for (const p of parts) {
    if (p.kind === 'text') {
      const text = p.text;
      for (let k = 0; k < text.length; k++) {
        const c = text.charCodeAt(k);
        if (isSpace(c)) {
          if (out.length !== 0 && out[out.length - 1] !== ' ') out.push(' ');
        } else if (c >= 0xd800 && c <= 0xdbff && k + 1 < text.length && (text.charCodeAt(k + 1) & 0xfc00) === 0xdc00) {
          out.push(text.slice(k, k + 2)); // one character: a surrogate pair is never split
          k++;
        } else out.push(text[k]);
      }
    } else if (p.kind === 'pointer') out.push({ kind: 'pointer', name: p.name?.text ?? '' });
    else out.push({ kind: 'sub', parts: p.parts });
  }
  while (out.length && out[out.length - 1] === ' ') out.pop();
  atomsOf.set(parts, out);
  return out;
}

/** The characters `\s` matches in a regular expression. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Matches `message` against `template`. A template hole (a pointer in the template) matches exactly one pointer,
 * one sub-message, or a non-empty run of text; sub-messages in a template match sub-messages structurally.
 * Returns the bindings by hole name, or undefined when the message does not match. Backtracking is bounded by
 * memoisation, so matching is polynomial in the lengths.
 */
export function matchTemplate(template: readonly MessagePart[], message: readonly MessagePart[]): Map<string, Binding> | undefined {
  return matchAtoms(atoms(template), atoms(message));
}

function matchAtoms(t: Atom[], m: Atom[]): Map<string, Binding> | undefined {
  // Most asks fail on their first characters against most handlers: settle that before allocating anything.
  if (t.length > 0 && typeof t[0] === 'string' && t[0] !== m[0]) return undefined;
  let failed: Set<number> | undefined;
  const bindings = new Map<string, Binding>();
  const key = (i: number, j: number) => i * (m.length + 1) + j;

  const go = (i: number, j: number): boolean => {
    // Runs of literal characters need no memo: compare them in a loop.
    while (i < t.length && typeof t[i] === 'string') {
      if (j >= m.length || m[j] !== t[i]) return false;
      i++;
      j++;
    }
    if (i === t.length) return j === m.length;
    if (failed?.has(key(i, j))) return false;
    const a = t[i] as Exclude<Atom, string>;
    let ok = false;
    if (a.kind === 'sub') {
      const b = m[j];
      if (j < m.length && typeof b !== 'string' && b.kind === 'sub') {
        const inner = matchTemplate(a.parts, b.parts);
        if (inner && go(i + 1, j + 1)) {
          for (const [k, v] of inner) bindings.set(k, v);
          ok = true;
        }
      }
    } else {
      // A hole: one pointer or sub-message atom, or one or more characters (shortest first).
      const b = m[j];
      if (j < m.length && typeof b !== 'string' && go(i + 1, j + 1)) {
        bindings.set(a.name, b.kind === 'pointer' ? { kind: 'pointer', name: b.name } : { kind: 'sub', parts: b.parts });
        ok = true;
      } else {
        let k = j;
        while (!ok && k < m.length && typeof m[k] === 'string') {
          k++;
          if (go(i + 1, k)) {
            const text = (m.slice(j, k) as string[]).join('').trim();
            if (text) {
              bindings.set(a.name, { kind: 'text', text });
              ok = true;
            }
          }
        }
      }
    }
    if (!ok) (failed ??= new Set()).add(key(i, j));
    return ok;
  };
  return go(0, 0) ? bindings : undefined;
}

/** Hole names of a template, in order, with repeats (the checker reports repeats). */
export function templateHoles(template: readonly MessagePart[]): Extract<MessagePart, { kind: 'pointer' }>[] {
  const out: Extract<MessagePart, { kind: 'pointer' }>[] = [];
  for (const p of template) {
    if (p.kind === 'pointer') out.push(p);
    else if (p.kind === 'sub') out.push(...templateHoles(p.parts));
  }
  return out;
}
