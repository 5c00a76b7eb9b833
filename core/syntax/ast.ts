// Typed accessors over the lossless tree: name the parts of each construct so rules and features never index
// children by hand. Every accessor tolerates missing parts (the tree of a broken file is incomplete by design).

import type { Token } from './tokens';
import { childNode, childNodes, isNode, type Element, type Node } from './tree';

/** A name as written in the source, with its span. */
export interface Name {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Direct identifier tokens of a node, as names. Keywords are identifiers too, so accessors index past them. */
export function idents(node: Node, source: string): Name[] {
  const out: Name[] = [];
  for (const c of node.children) if (!isNode(c) && c.kind === 'Ident') out.push(tokenName(c, source));
  return out;
}

export function tokenName(t: Token, source: string): Name {
  return { text: source.slice(t.start, t.end), start: t.start, end: t.end };
}

/** The `n`th (from 0) direct identifier token of a node, as a name; nothing else is allocated. */
export function nthIdent(node: Node, source: string, n: number): Name | undefined {
  for (const c of node.children) if (c.kind === 'Ident' && !isNode(c) && n-- === 0) return tokenName(c, source);
  return undefined;
}

/** The keyword that starts a node (after its annotations), e.g. 'let', 'ask', 'agent'. */
export function keyword(node: Node, source: string): string | undefined {
  return nthIdent(node, source, 0)?.text;
}

/** Declared name of a message, agent, consent machine, selfmod or proposal (the identifier after the keyword). */
export function declName(node: Node, source: string): Name | undefined {
  return nthIdent(node, source, 1);
}

export function annotations(node: Node): Node[] {
  return childNodes(node, 'Annotation');
}

const VALUE_KINDS: ReadonlySet<string> = new Set(['Message', 'NumberValue', 'NameValue', 'Call', 'Record', 'PropertyBlock', 'Error']);

/** The value nodes a construct holds, in order (messages, numbers, names, calls, records, blocks). */
export function valueNodes(node: Node): Node[] {
  const out: Node[] = [];
  for (const c of node.children) if (VALUE_KINDS.has(c.kind) && isNode(c)) out.push(c);
  return out;
}

/** The first value node of a construct, if any. */
export function firstValue(node: Node): Node | undefined {
  for (const c of node.children) if (VALUE_KINDS.has(c.kind) && isNode(c)) return c;
  return undefined;
}

// ---- annotations ------------------------------------------------------------------------------------------------

export interface AnnotationArg {
  readonly node: Node;
  /** The argument's name for `name: value` arguments. */
  readonly name?: Name;
  /** The value node, if the argument has one. */
  readonly value?: Node;
}

export function annotationName(a: Node, source: string): Name | undefined {
  return nthIdent(a, source, 0);
}

export function annotationArgs(a: Node, source: string): AnnotationArg[] | undefined {
  const list = childNode(a, 'ArgList');
  return list ? argsOf(list, source) : undefined;
}

export function argsOf(list: Node, source: string): AnnotationArg[] {
  return childNodes(list, 'Arg').map((arg) => ({ node: arg, name: nthIdent(arg, source, 0), value: firstValue(arg) }));
}

// ---- values -----------------------------------------------------------------------------------------------------

/** The number a NumberValue holds (NaN when malformed or missing). */
export function numberOf(node: Node | undefined, source: string): number {
  if (!node || node.kind !== 'NumberValue') return NaN;
  const text = source.slice(node.start, node.end).replace(/\s+/g, '');
  return /^-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(text) ? Number(text) : NaN;
}

/** The identifier of a NameValue or the callee of a Call. */
export function nameOfValue(node: Node | undefined, source: string): Name | undefined {
  if (!node || (node.kind !== 'NameValue' && node.kind !== 'Call')) return undefined;
  return nthIdent(node, source, 0);
}

export interface RecordEntry {
  readonly node: Node;
  readonly key: Name;
  readonly value?: Node;
}

export function recordEntries(record: Node, source: string): RecordEntry[] {
  const out: RecordEntry[] = [];
  for (const e of childNodes(record, 'RecordEntry')) {
    const key = nthIdent(e, source, 0);
    if (key) out.push({ node: e, key, value: valueNodes(e)[0] });
  }
  return out;
}

export interface Property {
  readonly node: Node;
  readonly key: Name;
  readonly values: Node[];
}

/** The `key value…` properties of a PropertyBlock (or of a declaration body holding them directly). */
export function properties(node: Node, source: string): Property[] {
  const out: Property[] = [];
  for (const p of childNodes(node, 'Property')) {
    const key = nthIdent(p, source, 0);
    if (key) out.push({ node: p, key, values: valueNodes(p) });
  }
  return out;
}

// ---- messages ---------------------------------------------------------------------------------------------------

/** A message's structure: text runs (unescaped), pointers and sub-messages, in order. */
export type MessagePart =
  | { readonly kind: 'text'; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: 'pointer'; readonly name: Name | undefined; readonly node: Node }
  | { readonly kind: 'sub'; readonly parts: readonly MessagePart[]; readonly node: Node };

export function messageParts(msg: Node, source: string): MessagePart[] {
  const out: MessagePart[] = [];
  for (const c of msg.children) {
    if (isNode(c)) {
      if (c.kind === 'Pointer') out.push({ kind: 'pointer', name: nthIdent(c, source, 0), node: c });
      else if (c.kind === 'SubMessage') out.push({ kind: 'sub', parts: messageParts(c, source), node: c });
    } else if (c.kind === 'MsgText') {
      out.push({ kind: 'text', text: unescape(source.slice(c.start, c.end)), start: c.start, end: c.end });
    }
  }
  return out;
}

export function unescape(raw: string): string {
  if (raw.indexOf('\\') < 0) return raw;
  return raw.replace(/\\(.)/g, '$1');
}

/** Every Pointer node inside a message, sub-messages included, in source order. */
export function pointersIn(msg: Node): Node[] {
  const out: Node[] = [];
  const rec = (n: Node) => {
    for (const c of n.children) {
      if (!isNode(c)) continue;
      if (c.kind === 'Pointer') out.push(c);
      else if (c.kind === 'SubMessage') rec(c);
    }
  };
  rec(msg);
  return out;
}

export function pointerName(ptr: Node, source: string): Name | undefined {
  return nthIdent(ptr, source, 0);
}

/** Renders message parts back to AMP text (used for hover and in error messages). */
export function renderParts(parts: readonly MessagePart[]): string {
  return parts
    .map((p) => (p.kind === 'text' ? p.text : p.kind === 'pointer' ? `[${p.name?.text ?? ''}]` : `(${renderParts(p.parts)})`))
    .join('');
}

/** The plain text of a message literal (for names and paths written as messages), pointers rendered as `[x]`. */
export function messageString(msg: Node | undefined, source: string): string | undefined {
  return msg && msg.kind === 'Message' ? renderParts(messageParts(msg, source)) : undefined;
}

// ---- constructs -------------------------------------------------------------------------------------------------

export function messageOf(node: Node): Node | undefined {
  return childNode(node, 'Message');
}
export function blockOf(node: Node): Node | undefined {
  return childNode(node, 'Block');
}
/** Statements of a block: every child node (Error nodes included, so recovery regions stay visible). */
export function statements(block: Node | undefined): Node[] {
  return block ? childNodes(block) : [];
}

const NO_ELEMENTS: readonly Element[] = [];

/**
 * The children of a block (statements and its braces), for walks that skip the tokens themselves: hot rules iterate
 * these rather than {@link statements}, which builds an array per block.
 */
export function blockChildren(block: Node | undefined): readonly Element[] {
  return block ? block.children : NO_ELEMENTS;
}

/** `ask TARGET "…" budget N`: the target, the message and the budget value node. */
export function askParts(ask: Node, source: string): { target?: Name; message?: Node; budget?: Node; budgetKeyword?: Name } {
  // One pass over the children, in order: the keyword, the target, the message, `budget`, its value.
  let ident = 0;
  let target: Name | undefined;
  let budgetKeyword: Name | undefined;
  let message: Node | undefined;
  let budget: Node | undefined;
  for (const c of ask.children) {
    if (!isNode(c)) {
      if (c.kind !== 'Ident') continue;
      ident++;
      if (ident === 2 && !isWord(c, source, 'budget')) target = tokenName(c, source);
      else if (ident >= 3 && !budgetKeyword && isWord(c, source, 'budget')) budgetKeyword = tokenName(c, source);
    } else if (VALUE_KINDS.has(c.kind)) {
      if (!budgetKeyword && !message && c.kind === 'Message') message = c;
      else if (budgetKeyword && !budget) budget = c;
    }
  }
  return { target, message, budget, budgetKeyword };
}

/** Whether a token's text is `word`, without slicing it out. */
function isWord(t: Token, source: string, word: string): boolean {
  return t.end - t.start === word.length && source.startsWith(word, t.start);
}

const LET_VALUES: ReadonlySet<string> = new Set(['AskExpr', 'ReflectExpr', 'Message']);

/** `let a, b = …`: the bound names and the value (an AskExpr, ReflectExpr or Message). */
export function letParts(stmt: Node, source: string): { names: Name[]; value?: Node } {
  const names: Name[] = [];
  let value: Node | undefined;
  let ident = 0;
  for (const c of stmt.children) {
    if (!isNode(c)) {
      if (c.kind === 'Ident' && ident++ > 0) names.push(tokenName(c, source));
    } else if (!value && LET_VALUES.has(c.kind)) value = c;
  }
  return { names, value };
}

/** `view p as "…" else { … }`. */
export function viewParts(stmt: Node, source: string): { target?: Name; template?: Node; elseBlock?: Node } {
  const second = nthIdent(stmt, source, 1);
  const target = second && second.text !== 'as' ? second : undefined;
  const elseClause = childNode(stmt, 'ElseClause');
  return { target, template: childNode(stmt, 'Message'), elseBlock: elseClause ? childNode(elseClause, 'Block') : undefined };
}

/** `consent MACHINE -> STATE` inside agent code. */
export function consentMoveParts(stmt: Node, source: string): { machine?: Name; state?: Name } {
  const ids = idents(stmt, source);
  return { machine: ids[1], state: ids[2] };
}

/** `FROM -> TO on EVENT from CHANNEL` inside a consent declaration. */
export function transitionParts(t: Node, source: string): { from?: Name; to?: Name; event?: Name; channel?: Name } {
  const ids = idents(t, source);
  const out: { from?: Name; to?: Name; event?: Name; channel?: Name } = { from: ids[0], to: ids[1] };
  for (let i = 2; i < ids.length; i++) {
    if (ids[i].text === 'on' && ids[i + 1]) out.event = ids[++i];
    else if (ids[i].text === 'from' && ids[i + 1]) out.channel = ids[++i];
  }
  return out;
}

/** `proposal NAME: TYPE { … }`. */
export function proposalParts(p: Node, source: string): { name?: Name; type?: Name; body?: Node } {
  const ids = idents(p, source);
  return { name: ids[1], type: ids[2], body: childNode(p, 'PropertyBlock') };
}

/** The event name of `on event NAME { … }`. */
export function eventName(h: Node, source: string): Name | undefined {
  return idents(h, source)[2];
}

/** The options of a `choose` block with their labels. */
export function chooseOptions(choose: Node): Node[] {
  return childNodes(choose, 'Option');
}
