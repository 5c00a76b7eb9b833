// Turning the formatter's replacements into the small text edits an editor applies, and applying edits to a text.

import type { TextEdit } from '../diagnostics';
import type { Replacement } from './layout';

/**
 * The edits that change something, each shrunk to the part that differs (common prefix and suffix dropped, so
 * re-indenting a line replaces only its leading spaces) and merged with an edit that touches it. Source order.
 */
export function editsFrom(text: string, replacements: readonly Replacement[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const r of replacements) {
    const old = text.slice(r.start, r.end);
    if (old === r.newText) continue;
    let p = 0;
    const maxP = Math.min(old.length, r.newText.length);
    while (p < maxP && old[p] === r.newText[p]) p++;
    let s = 0;
    const maxS = maxP - p;
    while (s < maxS && old[old.length - 1 - s] === r.newText[r.newText.length - 1 - s]) s++;
    const edit: TextEdit = { start: r.start + p, end: r.end - s, newText: r.newText.slice(p, r.newText.length - s) };
    const last = out[out.length - 1];
    // Trailing blanks of a comment and the line break after it are one whitespace run to the user: one edit.
    if (last && last.end === edit.start) out[out.length - 1] = { start: last.start, end: edit.end, newText: last.newText + edit.newText };
    else out.push(edit);
  }
  return out;
}

/** Applies non-overlapping edits (any order) to `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) throw new RangeError(`overlapping edits at ${e.start}`);
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}
