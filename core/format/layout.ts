// Layout rules of the AMP formatter: for every whitespace run between two atoms, the whitespace that should be there.
// Line breaks are kept (blank runs collapse to one blank line), so the parser, which reads line starts, sees the same file.

import type { Diagnostic } from '../diagnostics';
import { isNode, type Node, type NodeKind } from '../syntax/tree';
import { atomsOf, BracketIndex, parentOf, type Atom } from './atoms';

/** Replace `[start, end)` with `newText`; the formatter's raw output, one per whitespace run, changed or not. */
export interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** Resolved formatter options plus how far the layout may go. */
export interface LayoutOptions {
  /** One level of indentation (spaces or tabs only). */
  readonly indent: string;
  readonly insertFinalNewline: boolean;
  /**
   * `full` applies every rule. `conservative` only trims trailing whitespace, collapses blank lines and fixes the end
   * of the file: the fallback when a full layout would make the file parse differently.
   */
  readonly mode: 'full' | 'conservative';
}

const BREAK = /\r\n|\r|\n/g;

function countBreaks(s: string): number {
  return s.match(BREAK)?.length ?? 0;
}

/**
 * The file's own line ending, so a CRLF file stays CRLF: its first line break after `from` (the first atom; leading
 * blank lines are dropped, and the choice must be the same when the output is formatted again).
 */
export function detectEol(text: string, from = 0): string {
  const m = /\r\n|\r|\n/.exec(text.slice(from));
  return m ? m[0] : '\n';
}

/** What follows the last line break of `s` (all of it when there is none). */
function afterLastBreak(s: string): string {
  const i = Math.max(s.lastIndexOf('\n'), s.lastIndexOf('\r'));
  return s.slice(i + 1);
}

function isLineComment(text: string, atom: Atom): boolean {
  return atom.kind === 'Comment' && text.startsWith('//', atom.start);
}

/** A block comment the lexer ran to the end of the file: anything appended would become part of it. */
function isOpenBlockComment(text: string, atom: Atom): boolean {
  return atom.kind === 'Comment' && text.startsWith('/*', atom.start) && !(atom.end - atom.start >= 4 && text.startsWith('*/', atom.end - 2));
}

/** Atoms whose neighbourhood the formatter leaves as the user wrote it: code the parser could not read. */
function isOpaque(atom: Atom): boolean {
  return atom.kind === 'Error' || atom.kind === 'Unknown';
}

/**
 * True when the whitespace after `atom` must stay as it is: `atom` ends in a pointer left open (`"[x`), which runs to
 * the end of its line, so anything the formatter moved up onto that line would be read into the pointer.
 */
function swallowsWhitespace(atom: Atom): boolean {
  let node = atom.node;
  while (node) {
    const last = node.children[node.children.length - 1];
    if (node.kind === 'Pointer' && (!last || isNode(last) || last.kind !== 'PtrClose')) return true;
    if (!last || !isNode(last)) return false;
    node = last;
  }
  return false;
}

/** Containers whose children are settings, which share a line as `seed 42  cycles 120`. */
const SETTING_CONTAINERS: ReadonlySet<NodeKind> = new Set<NodeKind>(['PropertyBlock', 'ConsentDecl', 'SelfmodDecl']);

/**
 * True when a syntax diagnostic lies in `node`. Offsets are compared strictly so that the answer does not depend on
 * the whitespace around the node (a diagnostic at the end of the previous token belongs to that token's node): the
 * formatter changes that whitespace, and must decide the same way on its own output.
 */
function touches(d: Diagnostic, node: Node): boolean {
  return d.start === d.end ? node.start < d.start && d.start <= node.end : d.start < node.end && d.end > node.start;
}

/**
 * Computes the replacement of every whitespace run of `text` (whose tree is `tree`), plus the removal of trailing
 * blanks at the end of line comments. Replacements are in source order and never overlap.
 */
export function layout(text: string, tree: Node, diagnostics: readonly Diagnostic[], options: LayoutOptions): Replacement[] {
  return new Layout(text, tree, diagnostics, options).run();
}

class Layout {
  private readonly atoms: Atom[];
  private readonly eol: string;
  private readonly brackets = new BracketIndex();
  /** The indentation of the line each opening bracket sits on: the base for the lines inside its container. */
  private readonly openerIndent = new Map<number, string>();
  /** The indentation of the output line being laid out. */
  private lineIndent = '';
  private readonly suspectCache = new Map<Node, boolean>();

  constructor(
    private readonly text: string,
    tree: Node,
    private readonly diagnostics: readonly Diagnostic[],
    private readonly options: LayoutOptions,
  ) {
    this.atoms = atomsOf(tree);
    this.eol = detectEol(text, this.atoms[0]?.start ?? 0);
  }

  run(): Replacement[] {
    const { text, atoms } = this;
    const out: Replacement[] = [];
    for (let i = 0; i <= atoms.length; i++) {
      const prev = atoms[i - 1];
      const atom = atoms[i];
      const start = prev ? prev.end : 0;
      const end = atom ? atom.start : text.length;
      const gap = text.slice(start, end);
      out.push({ start, end, newText: this.gapText(prev, atom, i, gap) });
      if (!atom) break;
      const atomText = text.slice(atom.start, atom.end);
      if (isLineComment(text, atom)) {
        const trimmed = atomText.replace(/[ \t]+$/, '');
        if (trimmed.length < atomText.length) out.push({ start: atom.start + trimmed.length, end: atom.end, newText: '' });
      }
      // After a span that covers line breaks (a block comment, the header, an error region), the line an opener sits
      // on starts inside that span; its indentation is whatever the user gave that line.
      if (countBreaks(atomText) > 0) this.lineIndent = /^[ \t]*/.exec(afterLastBreak(atomText))![0];
      if (atom.token && this.brackets.of(parentOf(atom))?.open === atom.token) this.openerIndent.set(atom.start, this.lineIndent);
    }
    return out;
  }

  private gapText(prev: Atom | undefined, atom: Atom | undefined, i: number, gap: string): string {
    if (!prev) {
      // Nothing but a byte order mark may come before the first atom: the header must be the first thing in the file.
      this.lineIndent = '';
      return gap.startsWith('\uFEFF') ? '\uFEFF' : '';
    }
    if (!atom) {
      if (isOpenBlockComment(this.text, prev) || swallowsWhitespace(prev)) return gap;
      return this.options.insertFinalNewline || countBreaks(gap) > 0 ? this.eol : '';
    }
    if (swallowsWhitespace(prev)) return gap;
    const breaks = countBreaks(gap);
    if (breaks === 0) return this.options.mode === 'full' ? this.spacing(prev, atom, gap) : gap;
    const indent = this.options.mode === 'full' ? this.indentOfLineAt(i, gap) : afterLastBreak(gap);
    this.lineIndent = indent;
    return this.eol.repeat(Math.min(breaks, 2)) + indent;
  }

  // ---- spaces within a line ---------------------------------------------------------------------------------------

  /** The whitespace between two atoms on the same line. */
  private spacing(a: Atom, b: Atom, gap: string): string {
    if (isOpaque(a) || isOpaque(b)) return gap;
    if (a.kind === 'Comment' || b.kind === 'Comment') return ' ';
    if (b.kind === 'Comma' || b.kind === 'Colon' || b.kind === 'RParen') return '';
    if (a.kind === 'LParen') return '';
    if (a.kind === 'At' && b.kind === 'Ident') return '';
    if (b.kind === 'LParen' && a.kind === 'Ident') return '';
    if (a.kind === 'Minus' && b.kind === 'Number' && parentOf(a).kind === 'NumberValue') return '';
    if (a.kind === 'LBrace' && b.kind === 'RBrace' && parentOf(a) === parentOf(b)) return '';
    // `1.2.3` lexes as two numbers; splitting them would make a typo look like two values.
    if (gap === '' && a.kind === 'Number' && b.kind === 'Number') return '';
    // Settings share a line as `seed 42  cycles 120`: two spaces show where one setting ends and the next begins.
    if (this.startsSettingAfterSetting(a, b)) return '  ';
    return ' ';
  }

  private startsSettingAfterSetting(a: Atom, b: Atom): boolean {
    const c = this.brackets.containerOf(b);
    if (!c || !SETTING_CONTAINERS.has(c.node.kind) || c.index + 1 >= b.path.length) return false;
    const setting = b.path[c.index + 1];
    if (setting.start !== b.start) return false;
    const siblings = c.node.children;
    for (let k = siblings.indexOf(setting) - 1; k >= 0; k--) {
      const s = siblings[k];
      if (isNode(s)) return s.kind !== 'Error' && s.end === a.end;
      if (s.kind !== 'Comment') return false;
    }
    return false;
  }

  /** A node with a syntax error in it: its continuation lines and closing bracket stay where the user put them. */
  private suspect(node: Node): boolean {
    let s = this.suspectCache.get(node);
    if (s === undefined) {
      s = this.diagnostics.some((d) => touches(d, node));
      this.suspectCache.set(node, s);
    }
    return s;
  }

  /** True when the line starting at atom `i` holds code the parser could not read. */
  private lineHasOpaque(i: number): boolean {
    for (let k = i; k < this.atoms.length; k++) {
      if (k > i && /[\n\r]/.test(this.text.slice(this.atoms[k - 1].end, this.atoms[k].start))) return false;
      if (isOpaque(this.atoms[k])) return true;
    }
    return false;
  }

  // ---- indentation --------------------------------------------------------------------------------------------------

  /** The indentation of the line that starts with atom `i`; `gap` is the whitespace before it. */
  private indentOfLineAt(i: number, gap: string): string {
    const atom = this.atoms[i];
    // If in doubt, leave it: a line with unreadable code on it keeps its indentation.
    const original = afterLastBreak(gap);
    if (this.lineHasOpaque(i)) return original;
    const opener = this.brackets.openerClosedBy(atom);
    if (opener) return this.suspect(parentOf(atom)) ? original : (this.openerIndent.get(opener.start) ?? '');
    const { inner, unit } = this.context(atom);
    if (!unit) return inner;
    let j = i;
    if (atom.kind === 'Comment') {
      // A comment inside a statement lines up with the code it precedes.
      const next = this.nextCode(i);
      if (next === undefined || this.atoms[next].start >= unit.end) return inner;
      j = next;
    }
    if (this.alignedInUnit(j, unit)) return inner;
    // A continuation line of a statement the parser could not fully read may be where the statement really ends.
    return this.suspect(unit) ? original : inner + this.options.indent;
  }

  /**
   * Where an atom stands: `inner` is the indentation of a line directly inside its innermost container (one level
   * deeper than the line of the container's opening bracket; none at the top level), and `unit` is the item,
   * statement, handler, setting, entry or argument of that container the atom belongs to (undefined when the atom is
   * a direct child of the container, such as a comment between statements).
   */
  private context(atom: Atom): { inner: string; unit?: Node } {
    const c = this.brackets.containerOf(atom);
    const inner = c ? (this.openerIndent.get(c.brackets.open.start) ?? '') + this.options.indent : '';
    const index = c ? c.index : 0;
    const unit = index + 1 < atom.path.length ? atom.path[index + 1] : undefined;
    return { inner, unit };
  }

  /**
   * True when a line starting at atom `j` starts a line of `unit` at the unit's own indentation rather than continuing
   * it: the unit's first token, a brace placed on its own line, or the code after the unit's annotations (an
   * annotation on its own line above `act` stays level with it).
   */
  private alignedInUnit(j: number, unit: Node): boolean {
    const atom = this.atoms[j];
    if (atom.start === unit.start || atom.kind === 'LBrace') return true;
    const prev = this.prevCode(j);
    if (prev === undefined) return false;
    const prevEnd = this.atoms[prev].end;
    return unit.children.some((c) => isNode(c) && c.kind === 'Annotation' && c.end === prevEnd);
  }

  private nextCode(i: number): number | undefined {
    for (let k = i + 1; k < this.atoms.length; k++) if (this.atoms[k].kind !== 'Comment') return k;
    return undefined;
  }

  private prevCode(i: number): number | undefined {
    for (let k = i - 1; k >= 0; k--) if (this.atoms[k].kind !== 'Comment') return k;
    return undefined;
  }
}
