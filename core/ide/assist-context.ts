// What the assistance features (hover, completion, signature help) need to know about a cursor: the token and the
// nodes around it, the word being typed, the line before it, the names in scope there, and the header JSON under it.

import { blockOf, chooseOptions, letParts, viewParts, statements } from '../syntax/ast';
import { isIdentPart } from '../syntax/lexer';
import type { Token } from '../syntax/tokens';
import { isNode, type Node } from '../syntax/tree';
import type { AmpSymbol, SpecModel } from '../check/model';
import type { Span } from './document';

/** A cursor offset as features may use it: an integer in `[0, text.length]`, or undefined for NaN and the like. */
export function clampOffset(text: string, offset: number): number | undefined {
  if (typeof offset !== 'number' || Number.isNaN(offset)) return undefined;
  return Math.max(0, Math.min(Math.floor(offset), text.length));
}

/** A token found at a cursor, with the nodes from the root down to the one holding it. */
export interface TokenHit {
  readonly token: Token;
  readonly path: readonly Node[];
}

/**
 * The token at `offset`: on the `left` side the token that ends at or contains the cursor (`start < offset <= end`),
 * on the `right` side the one that starts at or contains it (`start <= offset < end`). A cursor right after a name
 * thus finds the name on the left and what follows on the right. Whitespace has no tokens in the tree: a cursor in
 * the gap between two children of a node finds a `Whitespace` token for that gap, with that node's path, just as if
 * the gap were a token of the node.
 */
export function tokenAt(root: Node, offset: number, side: 'left' | 'right'): TokenHit | undefined {
  const path: Node[] = [root];
  const within = (start: number, end: number) => (side === 'left' ? start < offset && offset <= end : start <= offset && offset < end);
  let node = root;
  for (;;) {
    let next: Node | undefined;
    let at = node.start;
    for (const c of node.children) {
      if (c.start > at && within(at, c.start)) return { token: { kind: 'Whitespace', start: at, end: c.start }, path };
      at = c.end;
      if (c.end < offset) continue;
      if (c.start > offset) break;
      if (!within(c.start, c.end)) continue;
      if (isNode(c)) {
        next = c;
        break;
      }
      return { token: c, path };
    }
    if (!next) {
      // Whitespace after the last child (only the file's own children leave any).
      if (node.end > at && within(at, node.end)) return { token: { kind: 'Whitespace', start: at, end: node.end }, path };
      return undefined;
    }
    path.push(next);
    node = next;
  }
}

/** The innermost node of `kind` on a path, with its index in the path. */
export function innermost(path: readonly Node[], ...kinds: Node['kind'][]): Node | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (kinds.includes(path[i].kind)) return path[i];
  return undefined;
}

/** The parent of `node` on `path`, if it is on it. */
export function parentOn(path: readonly Node[], node: Node): Node | undefined {
  const i = path.indexOf(node);
  return i > 0 ? path[i - 1] : undefined;
}

/**
 * The nodes from the root down whose span holds `offset` (`start <= offset <= end`, preferring the later sibling at a
 * shared boundary, so a cursor that starts a new statement is not taken to be in the one before).
 */
export function nodesAround(root: Node, offset: number): Node[] {
  const path: Node[] = [root];
  let node = root;
  for (;;) {
    let next: Node | undefined;
    for (const c of node.children) {
      if (!isNode(c) || c.end === c.start) continue;
      if (c.start > offset) break;
      if (offset <= c.end) next = c;
    }
    if (!next) return path;
    path.push(next);
    node = next;
  }
}

/** The `{ … }` of a node that has braces of its own: its first `{` and the `}` that closes it (when present). */
export function bracesOf(node: Node): { open?: Token; close?: Token } {
  let open: Token | undefined;
  let close: Token | undefined;
  for (const c of node.children) {
    if (isNode(c)) continue;
    if (c.kind === 'LBrace' && !open) open = c;
    else if (c.kind === 'RBrace' && open) close = c;
  }
  return { open, close };
}

/** True when `offset` lies between a node's `{` and its `}` (or after the `{` when the block is never closed). */
export function insideBraces(node: Node, offset: number): boolean {
  const { open, close } = bracesOf(node);
  return !!open && offset >= open.end && (!close || offset <= close.start);
}

/** True when `offset` lies between a node's `(` and its `)` (or after the `(` when never closed). */
export function insideParens(node: Node, offset: number): boolean {
  let open: Token | undefined;
  let close: Token | undefined;
  for (const c of node.children) {
    if (isNode(c)) continue;
    if (c.kind === 'LParen' && !open) open = c;
    else if (c.kind === 'RParen' && open) close = c;
  }
  return !!open && offset >= open.end && (!close || offset <= close.start);
}

/** The identifier characters around `offset`: the word being typed (empty at a space), bounded to `[min, max]`. */
export function wordAt(text: string, offset: number, min = 0, max = text.length): Span {
  let start = offset;
  while (start > min && isIdentPart(text[start - 1])) start--;
  let end = offset;
  while (end < max && isIdentPart(text[end])) end++;
  return { start, end };
}

/** Where the line holding `offset` starts. */
export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** Where the line holding `offset` ends (before its line break). */
export function lineEndOf(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** The text of the line before the cursor. */
export function linePrefix(text: string, offset: number): string {
  return text.slice(lineStartOf(text, offset), offset);
}

/** A message literal's state at a cursor: whether the cursor is between its quotes. */
export function insideMessage(msg: Node, offset: number): boolean {
  const first = msg.children[0];
  const last = msg.children[msg.children.length - 1];
  const closed = msg.children.length > 1 && !isNode(last) && last.kind === 'Quote';
  return !!first && offset >= first.end && (!closed || offset < msg.end);
}

/** The end of a message's text: before its closing quote, or the end of the node when it is never closed. */
export function messageContentEnd(msg: Node): number {
  const last = msg.children[msg.children.length - 1];
  const closed = msg.children.length > 1 && !!last && !isNode(last) && last.kind === 'Quote';
  return closed ? msg.end - 1 : msg.end;
}

/** Splits an argument list's text at its top-level commas (strings and nested parentheses kept whole). */
export function splitArgs(s: string): string[] {
  const out = [''];
  let depth = 0;
  let quote = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === '\\') out[out.length - 1] += s[i++] ?? '';
      else if (ch === '"') quote = false;
    } else if (ch === '"') quote = true;
    else if (ch === '(' || ch === '{') depth++;
    else if (ch === ')' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      out.push('');
      continue;
    }
    out[out.length - 1] += s[i] ?? '';
  }
  return out;
}

// ---- names in scope -----------------------------------------------------------------------------------------------

/**
 * The names a pointer written at `offset` can reach, innermost binding first by name: the holes of the handler's
 * template, the `let` bindings and `view` holes of the statements that end before the cursor (in the blocks that
 * hold it), then the top-level messages and agents. Built-in agents are left out: pointers to them are legal but
 * never what one means while writing a message. This mirrors the binder's scopes in core/check/model.ts.
 */
export function namesInScope(model: SpecModel, offset: number): Map<string, AmpSymbol> {
  const out = new Map<string, AmpSymbol>();
  for (const s of model.messages.values()) out.set(s.name, s);
  for (const a of model.agents.values()) out.set(a.symbol.name, a.symbol);
  const item = model.tree.children.find((c): c is Node => isNode(c) && c.start <= offset && offset <= c.end && (c.kind === 'AgentDecl' || c.kind === 'RunDecl'));
  if (!item) return out;
  // Only the item's own declarations can be in scope besides the top-level names.
  const declared: Declared = { byStart: new Map(), viewHoles: new Map() };
  for (const s of model.symbols) {
    if (!s.decl || s.decl.start < item.start || s.decl.start >= item.end) continue;
    declared.byStart.set(s.decl.start, s);
    if (s.kind === 'hole' && s.node?.kind === 'ViewStmt') {
      const list = declared.viewHoles.get(s.node) ?? [];
      list.push(s);
      declared.viewHoles.set(s.node, list);
    }
  }
  if (item.kind === 'RunDecl') {
    const body = blockOf(item);
    if (body && insideBraces(body, offset)) bindBlock(body, offset, out, declared, model.source);
    return out;
  }
  for (const h of item.children) {
    if (!isNode(h) || (h.kind !== 'Handler' && h.kind !== 'EventHandler') || offset < h.start || offset > h.end) continue;
    const body = blockOf(h);
    if (h.kind === 'Handler') {
      const info = model.handlers.find((x) => x.node === h);
      for (const hole of info?.holes ?? []) out.set(hole.name, hole);
    }
    if (body && insideBraces(body, offset)) bindBlock(body, offset, out, declared, model.source);
  }
  return out;
}

/** The symbols the binder declared, by where their name starts, and the holes of each `view … as` template. */
interface Declared {
  readonly byStart: Map<number, AmpSymbol>;
  readonly viewHoles: Map<Node, AmpSymbol[]>;
}

function bindBlock(block: Node, offset: number, out: Map<string, AmpSymbol>, declared: Declared, source: string): void {
  for (const stmt of statements(block)) {
    if (stmt.start >= offset) break;
    if (stmt.end < offset) {
      bindingsOf(stmt, declared, source, out);
      continue;
    }
    // The cursor is inside this statement: only its nested blocks open a scope the cursor can be in.
    switch (stmt.kind) {
      case 'ChapelStmt': {
        const b = blockOf(stmt);
        if (b && insideBraces(b, offset)) bindBlock(b, offset, out, declared, source);
        break;
      }
      case 'ChooseStmt':
        for (const opt of chooseOptions(stmt)) {
          const b = blockOf(opt);
          if (b && insideBraces(b, offset)) bindBlock(b, offset, out, declared, source);
        }
        break;
      case 'ViewStmt': {
        const { elseBlock } = viewParts(stmt, source);
        if (elseBlock && insideBraces(elseBlock, offset)) bindBlock(elseBlock, offset, out, declared, source);
        break;
      }
      case 'Error':
        bindBlock(stmt, offset, out, declared, source);
        break;
    }
    return;
  }
}

/** The names a statement binds for the statements after it. */
function bindingsOf(stmt: Node, declared: Declared, source: string, out: Map<string, AmpSymbol>): void {
  if (stmt.kind === 'LetStmt') {
    for (const n of letParts(stmt, source).names) {
      const s = declared.byStart.get(n.start);
      if (s) out.set(s.name, s);
    }
  } else if (stmt.kind === 'ViewStmt') {
    for (const s of declared.viewHoles.get(stmt) ?? []) out.set(s.name, s);
  } else if (stmt.kind === 'Error') {
    for (const c of stmt.children) if (isNode(c)) bindingsOf(c, declared, source, out);
  }
}
