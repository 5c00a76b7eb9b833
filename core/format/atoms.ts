// The formatter's view of a parsed file: a flat list of atoms, i.e. the tokens whose surrounding whitespace it may
// rewrite and the spans it must copy byte for byte (the ethics header, message literals, error regions).

import type { Token, TokenKind } from '../syntax/tokens';
import { isNode, type Node, type NodeKind } from '../syntax/tree';

/**
 * Nodes the formatter never looks inside: the header is JSON laid out by the user, a message's spaces are its
 * content, and an error region is code the parser could not read, so any whitespace in it may matter.
 */
export const VERBATIM_KINDS: ReadonlySet<NodeKind> = new Set<NodeKind>(['Header', 'Message', 'Error']);

/**
 * One unit of layout. Between two consecutive atoms there is only whitespace, and that whitespace (plus trailing
 * blanks at the end of line comments) is all the formatter ever changes.
 */
export interface Atom {
  /** The token's kind, or the kind of a verbatim node. */
  readonly kind: TokenKind | 'Header' | 'Message' | 'Error';
  readonly start: number;
  readonly end: number;
  /** The enclosing nodes, from the File down to the atom's parent. Shared between siblings: never mutate. */
  readonly path: readonly Node[];
  /** The token, for a token atom. */
  readonly token?: Token;
  /** The node, for a verbatim atom. */
  readonly node?: Node;
}

/** The atoms of a file in source order: every token outside verbatim nodes, and each outermost verbatim node. */
export function atomsOf(tree: Node): Atom[] {
  const out: Atom[] = [];
  const rec = (node: Node, path: readonly Node[]): void => {
    for (const c of node.children) {
      if (isNode(c)) {
        // A zero-width node (a construct whose parts are all missing) holds no text.
        if (c.end === c.start) continue;
        if (VERBATIM_KINDS.has(c.kind)) out.push({ kind: c.kind as Atom['kind'], start: c.start, end: c.end, path, node: c });
        else rec(c, [...path, c]);
      } else if (c.kind !== 'EOF') {
        out.push({ kind: c.kind, start: c.start, end: c.end, path, token: c });
      }
    }
  };
  rec(tree, [tree]);
  return out;
}

/** The node an atom sits in directly. */
export function parentOf(atom: Atom): Node {
  return atom.path[atom.path.length - 1];
}

/** The bracket pair that makes a node a container: `{ … }` of blocks, bodies and records, `( … )` of argument lists. */
export interface Brackets {
  readonly open: Token;
  /** Missing when the parser recovered from an unclosed bracket. */
  readonly close?: Token;
}

/** Finds (and caches) each node's own brackets: direct child tokens, so nested nodes never lend theirs. */
export class BracketIndex {
  private readonly cache = new Map<Node, Brackets | null>();

  of(node: Node): Brackets | undefined {
    let b = this.cache.get(node);
    if (b === undefined) {
      b = null;
      if (!VERBATIM_KINDS.has(node.kind)) {
        const [openKind, closeKind] = node.kind === 'ArgList' ? ['LParen', 'RParen'] : ['LBrace', 'RBrace'];
        let open: Token | undefined;
        for (const c of node.children) {
          if (isNode(c)) continue;
          if (!open && c.kind === openKind) open = c;
          else if (open && c.kind === closeKind) {
            b = { open, close: c };
            break;
          }
        }
        if (open && !b) b = { open };
      }
      this.cache.set(node, b);
    }
    return b ?? undefined;
  }

  /**
   * The innermost container whose brackets are open at `atom` (after its opener, before its closer), with its index in
   * the atom's path; undefined at the top level. A closing bracket is not inside its own container.
   */
  containerOf(atom: Atom): { node: Node; index: number; brackets: Brackets } | undefined {
    for (let i = atom.path.length - 1; i >= 0; i--) {
      const node = atom.path[i];
      const b = this.of(node);
      if (b && b.open.end <= atom.start && (!b.close || atom.start < b.close.start)) return { node, index: i, brackets: b };
    }
    return undefined;
  }

  /** The opener matching `atom` when it is the closing bracket of its parent. */
  openerClosedBy(atom: Atom): Token | undefined {
    if (!atom.token || (atom.kind !== 'RBrace' && atom.kind !== 'RParen')) return undefined;
    const b = this.of(parentOf(atom));
    return b && b.close === atom.token ? b.open : undefined;
  }
}
