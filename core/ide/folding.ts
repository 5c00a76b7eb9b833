// Folding ranges: every braced block, multi-line argument lists and records, the ethics header (and the JSON objects
// inside it), block comments and runs of `//` comment lines. Lines are 0-based, through doc.lines.

import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { extractHeaderJson } from '../check/header';
import type { Token } from '../syntax/tokens';
import { childNode, isNode, type Node, type NodeKind } from '../syntax/tree';
import type { AnalyzedDocument } from './document';

export interface FoldingRangeInfo {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

/** Nodes whose braces (or parentheses) fold. */
const BRACED: ReadonlySet<NodeKind> = new Set<NodeKind>(['AgentDecl', 'ConsentDecl', 'SelfmodDecl', 'ChooseStmt', 'Block', 'PropertyBlock', 'Record', 'ArgList']);

/** Kinds whose contents never span lines or never fold: not walked. */
const LEAVES: ReadonlySet<NodeKind> = new Set<NodeKind>(['Message', 'Pointer', 'SubMessage', 'NumberValue', 'NameValue']);

/**
 * The folding ranges of a document, sorted by start line, at most one per start line (the widest), each with an end
 * line after its start line. A block folds from the line of its opening brace to the line before its closing brace
 * when that brace starts its line (so the `}` stays in view), else to the brace's line.
 */
export function foldingRanges(doc: AnalyzedDocument): FoldingRangeInfo[] {
  try {
    const ranges: FoldingRangeInfo[] = [];
    const lineOf = (offset: number) => doc.lines.positionAt(offset).line;
    const add = (startLine: number, endLine: number, kind?: FoldingRangeInfo['kind']) => {
      if (endLine > startLine) ranges.push(kind ? { startLine, endLine, kind } : { startLine, endLine });
    };
    /** The last line a fold may cover when it closes at `close`: the line before when the closer starts its line. */
    const endBefore = (close: number, lineStartAt: (o: number) => boolean) => (lineStartAt(close) ? lineOf(close) - 1 : lineOf(close));
    const startsLine = (offset: number) => /^[ \t]*$/.test(doc.text.slice(lineStartOffset(doc, offset), offset));

    const visit = (node: Node) => {
      if (LEAVES.has(node.kind)) return;
      if (BRACED.has(node.kind)) {
        const [openKind, closeKind] = node.kind === 'ArgList' ? ['LParen', 'RParen'] : ['LBrace', 'RBrace'];
        let open: Token | undefined;
        let close: Token | undefined;
        for (const c of node.children) {
          if (isNode(c)) continue;
          if (c.kind === openKind && !open) open = c;
          else if (c.kind === closeKind) close = c;
        }
        if (open) add(lineOf(open.start), close ? endBefore(close.start, startsLine) : lineOf(Math.max(open.start, node.end - 1)));
      }
      for (const c of node.children) if (isNode(c)) visit(c);
    };
    visit(doc.tree);

    const header = childNode(doc.tree, 'Header');
    if (header) {
      add(lineOf(header.start), lineOf(Math.max(header.start, header.end - 1)), 'comment');
      headerJsonRanges(doc, add, lineOf);
    }
    commentRanges(doc, header, add, lineOf, startsLine);

    // One range per start line, the widest; sorted.
    const byStart = new Map<number, FoldingRangeInfo>();
    for (const r of ranges) {
      const had = byStart.get(r.startLine);
      if (!had || r.endLine > had.endLine) byStart.set(r.startLine, r);
    }
    return [...byStart.values()].sort((a, b) => a.startLine - b.startLine);
  } catch {
    return [];
  }
}

/** Where the line holding `offset` starts (through the line index: searching back for a break is quadratic overall). */
function lineStartOffset(doc: AnalyzedDocument, offset: number): number {
  return doc.lines.offsetAt({ line: doc.lines.positionAt(offset).line, character: 0 });
}

/** The objects and arrays of the header's JSON that span lines. */
function headerJsonRanges(doc: AnalyzedDocument, add: (s: number, e: number) => void, lineOf: (o: number) => number): void {
  const json = extractHeaderJson(doc.tree, doc.text);
  if (!json) return;
  const root = parseTree(json.text, [], { allowTrailingComma: true, disallowComments: false });
  const visit = (n: JsonNode | undefined, depth: number) => {
    if (!n || depth > 64) return;
    if (n.type === 'object' || n.type === 'array') {
      const open = json.toSource(n.offset);
      const close = json.toSource(n.offset + n.length - 1);
      const closing = doc.text[close] === '}' || doc.text[close] === ']';
      // Inside the header a line starts with `//`: the closer starts its line when only blanks sit between the two.
      const before = doc.text.slice(lineStartOffset(doc, close), close);
      add(lineOf(open), closing && /^[ \t]*\/\/[ \t]*$/.test(before) ? lineOf(close) - 1 : lineOf(close));
    }
    for (const c of n.children ?? []) visit(c, depth + 1);
  };
  visit(root, 0);
}

/**
 * Block comments over several lines, and runs of two or more `//` lines each holding nothing but the comment. The
 * header's own lines are its fold.
 */
function commentRanges(
  doc: AnalyzedDocument,
  header: Node | undefined,
  add: (s: number, e: number, kind?: FoldingRangeInfo['kind']) => void,
  lineOf: (o: number) => number,
  startsLine: (o: number) => boolean,
): void {
  let runStart = -1;
  let runEnd = -1;
  const flush = () => {
    if (runStart >= 0) add(runStart, runEnd, 'comment');
    runStart = runEnd = -1;
  };
  const visit = (node: Node) => {
    for (const c of node.children) {
      if (isNode(c)) {
        if (c.kind !== 'Header') visit(c);
        continue;
      }
      if (c.kind !== 'Comment') {
        flush();
        continue;
      }
      if (header && c.start >= header.start && c.end <= header.end) continue;
      const line = lineOf(c.start);
      if (doc.text.startsWith('/*', c.start)) {
        flush();
        add(line, lineOf(Math.max(c.start, c.end - 1)), 'comment');
        continue;
      }
      if (!startsLine(c.start)) {
        flush();
        continue;
      }
      if (runStart >= 0 && line === runEnd + 1) runEnd = line;
      else {
        flush();
        runStart = runEnd = line;
      }
    }
  };
  visit(doc.tree);
  flush();
}
