// The AMP document formatter: pure text in, text and minimal edits out. It only ever changes whitespace, outside the
// ethics header, message literals and error regions, and checks that the result parses exactly like the input.

import type { TextEdit } from '../diagnostics';
import { parse } from '../syntax/parser';
import { isNode, type Node } from '../syntax/tree';
import { VERBATIM_KINDS } from './atoms';
import { applyEdits, editsFrom } from './edits';
import { layout, type LayoutOptions, type Replacement } from './layout';

export { applyEdits } from './edits';

/** Formatter settings, named after the editor's own. */
export interface FormatOptions {
  /** One level of indentation; spaces or tabs only (anything else falls back to the default). Default two spaces. */
  indent?: string;
  /** End the file with exactly one line break. Default true; when false a final line break is kept, not added. */
  insertFinalNewline?: boolean;
}

/** The formatted text and the edits (offsets into the input, source order, non-overlapping) that produce it. */
export interface FormatResult {
  text: string;
  edits: TextEdit[];
}

const DEFAULT_INDENT = '  ';

function resolve(options: FormatOptions | undefined, mode: LayoutOptions['mode']): LayoutOptions {
  const indent = options?.indent !== undefined && /^[ \t]*$/.test(options.indent) ? options.indent : DEFAULT_INDENT;
  return { indent, insertFinalNewline: options?.insertFinalNewline ?? true, mode };
}

function applyReplacements(text: string, replacements: readonly Replacement[]): string {
  let out = '';
  let at = 0;
  for (const r of replacements) {
    out += text.slice(at, r.start) + r.newText;
    at = r.end;
  }
  return out + text.slice(at);
}

/**
 * The parse tree as a string of node kinds and token texts, whitespace left out and line comments' trailing blanks
 * ignored: two texts with the same shape differ only in layout. Verbatim nodes count with their whole text, so the
 * parser taking formatter-made whitespace into a message (as an open pointer does) counts as a change.
 */
function shape(tree: Node, text: string): string {
  const parts: string[] = [];
  const rec = (node: Node): void => {
    if (VERBATIM_KINDS.has(node.kind)) {
      parts.push(`${node.kind}=${text.slice(node.start, node.end)}`);
      return;
    }
    parts.push(`${node.kind}(`);
    for (const c of node.children) {
      if (isNode(c)) rec(c);
      else if (c.kind === 'Comment') parts.push(`#${text.slice(c.start, c.end).replace(/^(\/\/.*?)[ \t]+$/s, '$1')}`);
      else if (c.kind !== 'EOF') parts.push(`${c.kind} ${text.slice(c.start, c.end)}`);
    }
    parts.push(')');
  };
  rec(tree);
  return parts.join('\u0000');
}

/**
 * Formats a whole AMP document: re-indents by bracket depth, normalises spaces between tokens, keeps the user's line
 * breaks (collapsing blank runs to one blank line), trims trailing whitespace and fixes the final line break. Comments,
 * the ethics header, message literals and error regions keep their text. Never throws.
 */
export function format(text: string, options?: FormatOptions): FormatResult {
  const { tree, diagnostics } = parse(text);
  const expected = shape(tree, text);
  // Layout keeps every line break, so the parse cannot change; the check makes that a guarantee rather than a hope:
  // if a rule ever did change how the file reads, fall back to the safe subset, then to leaving the file alone.
  for (const mode of ['full', 'conservative'] as const) {
    const replacements = layout(text, tree, diagnostics, resolve(options, mode));
    const out = applyReplacements(text, replacements);
    if (out === text) return { text, edits: [] };
    if (shape(parse(out).tree, out) === expected) return { text: out, edits: editsFrom(text, replacements) };
  }
  return { text, edits: [] };
}

/**
 * Formats only inside `[start, end)`: the edits of a whole-document format that lie entirely within the range, so
 * nothing outside it changes. An edit straddling a boundary is left out (the range is usually whole lines, and an
 * edit is at most one whitespace run).
 */
export function formatRange(text: string, start: number, end: number, options?: FormatOptions): FormatResult {
  const lo = Math.max(0, Math.min(start, end, text.length));
  const hi = Math.min(text.length, Math.max(start, end, 0));
  const edits = format(text, options).edits.filter((e) => e.start >= lo && e.end <= hi);
  return { text: applyEdits(text, edits), edits };
}
