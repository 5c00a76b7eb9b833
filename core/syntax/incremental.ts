// Incremental reparsing: after an edit, parse again only the top-level items the edit touched and keep the rest of the
// previous tree, so typing in a large file costs a few items' worth of lexing and parsing instead of the whole file.
//
// The result is exactly what `parse(text)` returns (the property tests compare the two on random edits), or the
// reparse is not used. The items the edit touched are parsed again with one unchanged item on each side; the reparse
// is taken when those two neighbours come out exactly as before (so error recovery inside did not run on past them)
// and every syntax error, old and new, lies between them. Otherwise, and near the header, it is a full parse.
// The edit is found by comparing the texts (the common prefix and suffix), so it needs no protocol details.
//
// Ownership: the previous result is consumed. The items after the edit are moved, not copied: their offsets are
// shifted in place, as TypeScript's incremental parser reuses its nodes. The previous tree must not be used after it
// was passed here (the language server drops the analysis of a version as soon as a newer text arrives).

import { parse, parseRange, type ParseResult } from './parser';
import { isNode, type Element, type Node, type NodeKind } from './tree';

/** How many characters the search for the changed span compares at a time. */
const CHUNK = 4096;

/** Parses `text`, reusing the parse of `oldText` (which it consumes) where that gives the same tree. */
export function reparse(oldText: string, old: ParseResult, text: string): ParseResult {
  return tryReparse(oldText, old, text) ?? parse(text);
}

/**
 * The incremental parse of `text` from the parse of `oldText`, or undefined when it cannot be sure to equal a full
 * parse (the caller then parses in full). Consumes `old` only when it returns a result.
 */
export function tryReparse(oldText: string, old: ParseResult, text: string): ParseResult | undefined {
  if (oldText === text) return old;
  const oldLen = oldText.length;
  const delta = text.length - oldLen;

  // The changed span: old [from, oldTo) became new [from, oldTo + delta).
  const common = Math.min(oldLen, text.length);
  // Whole chunks are compared natively first, then characters; a typical edit leaves most of a large file equal.
  let from = 0;
  while (from + CHUNK <= common && text.startsWith(oldText.slice(from, from + CHUNK), from)) from += CHUNK;
  while (from < common && oldText.charCodeAt(from) === text.charCodeAt(from)) from++;
  let same = 0;
  const room = common - from;
  while (same + CHUNK <= room && text.endsWith(oldText.slice(oldLen - same - CHUNK, oldLen - same), text.length - same)) same += CHUNK;
  while (same < room && oldText.charCodeAt(oldLen - 1 - same) === text.charCodeAt(text.length - 1 - same)) same++;
  const oldTo = oldLen - same;

  // The file's children the span touches, and the item on each side: those unchanged neighbours begin and end the
  // stretch parsed again, so it starts and ends between items exactly where the full parse does.
  const children = old.tree.children;
  let first = 0;
  while (first < children.length && children[first].end < from) first++;
  let last = children.length - 1;
  while (last >= 0 && children[last].start > oldTo) last--;
  // The neighbours are items (nodes), not comments: a comment after the stretch would come out the same even when the
  // error recovery of the full parse runs on over it, since a parse that stops at the stretch's end leaves it outside.
  let lo = first - 1;
  while (lo >= 0 && !isNode(children[lo])) lo--;
  let hi = last + 1;
  while (hi < children.length && !isNode(children[hi])) hi++;
  // Near the top of the file the header is decided; parse it all.
  if (lo < 1 || (isNode(children[lo]) && children[lo].kind === 'Header') || (isNode(children[0]) && children[0].kind === 'Header' && lo < 2)) return undefined;
  const start = children[lo].start;
  const oldEnd = hi < children.length ? children[hi].end : oldLen;
  const end = oldEnd + delta;
  // The stretch between the two neighbours: every error of the old parse must lie in it (an error elsewhere, an
  // unclosed item above for one, could have let recovery run into the stretch). They are replaced by the new ones.
  const inner = { start: children[lo].end, oldEnd: hi < children.length ? children[hi].start : oldLen };
  if (old.diagnostics.some((d) => d.start < inner.start || d.end > inner.oldEnd)) return undefined;

  const range = parseRange(text, start, end);
  // A comment or message that runs past the stretch reads on into text the stretch does not hold.
  if (range.end > end) return undefined;
  // Both neighbours must come out as they were: then the parse entered and left the stretch between items exactly as
  // the full parse does (error recovery in between that ran on would have swallowed the right neighbour), and no
  // lookahead past the right neighbour decided anything.
  const got = range.children;
  const sameAs = (e: Element | undefined, was: Element, by: number) => !!e && e.kind === was.kind && e.start === was.start + by && e.end === was.end + by;
  if (!sameAs(got[0], children[lo], 0)) return undefined;
  if (hi < children.length && !sameAs(got[got.length - 1], children[hi], delta)) return undefined;
  const newInner = { start: inner.start, end: inner.oldEnd + delta };
  if (range.diagnostics.some((d) => d.start < newInner.start || d.end > newInner.end)) return undefined;

  // Splice: the children before, the reparsed ones, the ones after. The node lists are cut by the old offsets first;
  // then the children after the stretch (and everything in them) move by delta.
  const byKind = new Map<NodeKind, Node[]>();
  const kinds = new Set<NodeKind>([...old.nodes.byKind.keys(), ...range.nodes.byKind.keys()]);
  for (const kind of kinds) {
    if (kind === 'File') continue;
    const list = splice(old.nodes.byKind.get(kind) ?? [], range.nodes.byKind.get(kind) ?? [], start, oldEnd);
    if (list.length > 0) byKind.set(kind, list);
  }
  const annotated = splice(old.nodes.annotated, range.nodes.annotated, start, oldEnd);
  const after = children.slice(hi + 1);
  if (delta !== 0) for (const c of after) shift(c, delta);
  const tree: Node = { kind: 'File', start: 0, end: text.length, children: children.slice(0, lo).concat(range.children, after) };
  byKind.set('File', [tree]);
  return { tree, diagnostics: range.diagnostics, nodes: { byKind, annotated } };
}

/** A list in source order (by the old offsets) with the nodes that start in `[start, oldEnd)` replaced by `inserted`. */
function splice(list: readonly Node[], inserted: readonly Node[], start: number, oldEnd: number): Node[] {
  const a = firstAtOrAfter(list, start, 0);
  const b = firstAtOrAfter(list, oldEnd, a);
  if (a === b && inserted.length === 0) return list as Node[];
  return list.slice(0, a).concat(inserted, list.slice(b));
}

function firstAtOrAfter(list: readonly Node[], offset: number, lo: number): number {
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Moves an element and everything under it by `delta` (in place: the element now belongs to the new tree). */
function shift(e: Element, delta: number): void {
  const m = e as { start: number; end: number; children?: readonly Element[] };
  m.start += delta;
  m.end += delta;
  const children = m.children;
  if (children !== undefined) for (let i = 0; i < children.length; i++) shift(children[i], delta);
}
