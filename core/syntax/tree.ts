// The lossless syntax tree: nodes hold tokens and nodes in source order, trivia included, so the concatenated token
// texts of a file's tree are the file. Trees are plain values (no parent pointers); walk from the root.

import { spaceCode, unicodeSpaceCode } from './lexer';
import type { Token, TokenKind } from './tokens';

export type NodeKind =
  | 'File'
  | 'Header'
  | 'Error'
  // items
  | 'MessageDecl'
  | 'AgentDecl'
  | 'Handler'
  | 'EventHandler'
  | 'Replays'
  | 'RunDecl'
  | 'ConsentDecl'
  | 'Transition'
  | 'ScarsDecl'
  | 'TrustSliceDecl'
  | 'ConscienceDecl'
  | 'SelfmodDecl'
  | 'Proposal'
  // statements
  | 'Block'
  | 'LetStmt'
  | 'AskExpr'
  | 'ViewStmt'
  | 'ElseClause'
  | 'ReplyStmt'
  | 'ReflectExpr'
  | 'ActStmt'
  | 'ChapelStmt'
  | 'ChooseStmt'
  | 'Option'
  | 'ConsentMove'
  | 'ScarStmt'
  | 'ResolveStmt'
  | 'ForgivenessStmt'
  | 'ExpectStmt'
  | 'StewardStmt'
  | 'ExprStmt'
  // annotations and values
  | 'Annotation'
  | 'ArgList'
  | 'Arg'
  | 'Message'
  | 'Pointer'
  | 'SubMessage'
  | 'NumberValue'
  | 'NameValue'
  | 'Record'
  | 'RecordEntry'
  | 'Call'
  | 'PropertyBlock'
  | 'Property';

export interface Node {
  readonly kind: NodeKind;
  readonly start: number;
  readonly end: number;
  readonly children: readonly Element[];
}

export type Element = Node | Token;

export function isNode(e: Element): e is Node {
  return 'children' in e;
}

/** Child nodes of a kind (or any child node when no kind is given). */
export function childNodes(node: Node, kind?: NodeKind): Node[] {
  const out: Node[] = [];
  for (const c of node.children) if (isNode(c) && (kind === undefined || c.kind === kind)) out.push(c);
  return out;
}

export function childNode(node: Node, kind: NodeKind): Node | undefined {
  for (const c of node.children) if (isNode(c) && c.kind === kind) return c;
  return undefined;
}

/** Direct child tokens of a kind. */
export function childTokens(node: Node, kind: TokenKind): Token[] {
  const out: Token[] = [];
  for (const c of node.children) if (!isNode(c) && c.kind === kind) out.push(c);
  return out;
}

/** Depth-first pre-order walk over nodes; return false from `visit` to skip a node's children. */
export function walk(node: Node, visit: (n: Node) => boolean | void): void {
  if (visit(node) === false) return;
  for (const c of node.children) if (isNode(c)) walk(c, visit);
}

/** Every token of the tree in source order, comments included (whitespace is the gaps between them). */
export function tokensOf(node: Node): Token[] {
  const out: Token[] = [];
  const rec = (n: Node) => {
    for (const c of n.children) {
      if (isNode(c)) rec(c);
      else out.push(c);
    }
  };
  rec(node);
  return out;
}

/**
 * The text a tree covers, rebuilt from its tokens and the whitespace between them: equals the source for a whole file
 * (losslessness). Gaps are read from `source`, whitespace only: any other character in a gap (which would be text
 * that no token holds) comes out as U+FFFD, so comparing the result with the source checks both promises.
 */
export function treeText(node: Node, source: string): string {
  const parts: string[] = [];
  const gap = (from: number, to: number) => {
    let g = source.slice(from, to);
    for (let i = 0; i < g.length; i++) {
      const c = g.charCodeAt(i);
      if (!spaceCode(c) && !unicodeSpaceCode(c)) g = g.slice(0, i) + '\uFFFD' + g.slice(i + 1);
    }
    parts.push(g);
  };
  let at = node.start;
  for (const t of tokensOf(node)) {
    if (t.start > at) gap(at, t.start);
    parts.push(source.slice(t.start, t.end));
    at = t.end;
  }
  if (node.end > at) gap(at, node.end);
  return parts.join('');
}

/** The innermost node whose span contains `offset` (end-inclusive so a cursor after a name still finds it). */
export function nodeAt(root: Node, offset: number): Node[] {
  const path: Node[] = [];
  let cur: Node | undefined = root;
  while (cur) {
    path.push(cur);
    let next: Node | undefined;
    for (const c of cur.children) {
      if (isNode(c) && c.start <= offset && offset <= c.end && c.end > c.start) {
        next = c;
        break;
      }
    }
    cur = next;
  }
  return path;
}

/**
 * A readable dump of the tree for golden tests: one line per node or significant token, indented by depth,
 * with spans. Comments are shown; whitespace, which has no tokens, is not.
 */
export function printTree(node: Node, source: string): string {
  const lines: string[] = [];
  const rec = (n: Node, depth: number) => {
    lines.push(`${'  '.repeat(depth)}${n.kind}@${n.start}..${n.end}`);
    for (const c of n.children) {
      if (isNode(c)) rec(c, depth + 1);
      else if (c.kind !== 'EOF')
        lines.push(`${'  '.repeat(depth + 1)}${c.kind}@${c.start}..${c.end} ${JSON.stringify(source.slice(c.start, c.end))}`);
    }
  };
  rec(node, 0);
  return lines.join('\n');
}
