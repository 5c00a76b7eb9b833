// The AMP parser: hand-written recursive descent over the lexer's tokens, lossless and error-tolerant. For any input it
// returns a tree covering every character and a list of diagnostics; it never throws, and recovers at statement and
// item boundaries so one error does not hide the rest of the file.

import { CODES, type Code } from '../codes';
import type { Diagnostic } from '../diagnostics';
import { lex } from './lexer';
import { isTrivia, type Token, type TokenKind } from './tokens';
import type { Element, Node, NodeKind } from './tree';

export interface ParseResult {
  readonly tree: Node;
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Every node of the tree by kind, in source order (an enclosing node before a nested one of the same kind), and the
   * nodes that carry `@annotations`: gathered while parsing, so the checker never walks the whole tree to find them.
   */
  readonly nodes: ParsedNodes;
}

export interface ParsedNodes {
  readonly byKind: ReadonlyMap<NodeKind, readonly Node[]>;
  readonly annotated: readonly Node[];
}

/** The header comment's marker, as seed 002 §3.1 writes it. */
export const HEADER_MARKER = 'compiler_ethics_v0_1:';

/** Keywords that start a top-level item. */
export const ITEM_KEYWORDS = ['message', 'agent', 'run', 'consent', 'scars', 'trust_slice', 'conscience', 'selfmod'] as const;
/** Keywords that start a statement inside a block. */
export const STATEMENT_KEYWORDS = [
  'let', 'ask', 'view', 'reply', 'reflect', 'act', 'chapel', 'choose', 'consent', 'scar', 'resolve', 'forgiveness', 'expect', 'steward',
] as const;

const ITEM_SET = new Set<string>(ITEM_KEYWORDS);
const STATEMENT_SET = new Set<string>(STATEMENT_KEYWORDS);
const MESSAGE_TOKENS = new Set<TokenKind>(['MsgText', 'PtrOpen', 'PtrClose', 'SubOpen', 'SubClose', 'Ident', 'Unknown']);
const NUMBER_RE = /^(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * How deep blocks, records, argument lists and sub-messages may nest. Deeper input is kept in the tree as one flat
 * Error node (lossless) and reported, so neither the parser nor any tool walking the tree can run out of stack.
 */
export const MAX_NESTING = 64;

export function parse(text: string): ParseResult {
  return new Parser(text).parseFile();
}

/** The top-level items of `text` that start in `[from, to)`, parsed as the whole file's parse would reach them. */
export interface ParsedRange {
  /** The items, comments and errors, in order, with offsets into `text`. */
  readonly children: readonly Element[];
  readonly diagnostics: readonly Diagnostic[];
  readonly nodes: ParsedNodes;
  /** Where the last token ends: past `to` when a comment or message that starts in the range runs on beyond it. */
  readonly end: number;
}

/**
 * Parses the top-level items between `from` and `to` (offsets of `text` where the whole file's parse is between two
 * items). Used by the incremental reparse (incremental.ts), which decides whether the result can stand for a full parse.
 */
export function parseRange(text: string, from: number, to: number): ParsedRange {
  return new Parser(text, from, to).parseItemsOnly();
}

class Parser {
  private readonly tokens: Token[];
  private pos = 0;
  /**
   * The children of every open node, outermost first, in one array: a node's children are the elements from its mark
   * to `top`, copied out into an array of exactly their size when it closes. (Growing one array per node would leave
   * most of them with several times the room they use.) Slots above `top` are stale and overwritten.
   */
  private readonly stack: Element[] = [];
  private top = 0;
  /** Where each open node's children start in `stack`; the file's own children start at 0. */
  private readonly marks: number[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private readonly byKind = new Map<NodeKind, Node[]>();
  private readonly annotated: Node[] = [];
  /** Guards against a recovery loop that makes no progress (defence in depth: every loop below also advances). */
  private fuel: number;
  /** Blocks, records, argument lists and sub-messages open around the current token. */
  private nesting = 0;

  constructor(private readonly text: string, from = 0, to = text.length) {
    this.tokens = lex(text, from, to);
    this.fuel = this.tokens.length * 8 + 64;
  }

  // ---- token access ---------------------------------------------------------------------------------------------

  /** Index of the k-th significant token at or after `pos`. */
  private sigIndex(k = 0): number {
    let i = this.pos;
    for (;;) {
      while (i < this.tokens.length - 1 && isTrivia(this.tokens[i].kind)) i++;
      if (k === 0 || i >= this.tokens.length - 1) return i;
      k--;
      i++;
    }
  }
  private peek(k = 0): Token {
    return this.tokens[this.sigIndex(k)];
  }
  private tokText(t: Token): string {
    return this.text.slice(t.start, t.end);
  }
  private at(kind: TokenKind): boolean {
    return this.peek().kind === kind;
  }
  private atKw(word: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'Ident' && this.tokText(t) === word;
  }
  private atEnd(): boolean {
    return this.peek().kind === 'EOF';
  }
  /** True when `t` is the first significant token on its line. */
  private atLineStart(t: Token): boolean {
    let i = t.start - 1;
    while (i >= 0 && (this.text[i] === ' ' || this.text[i] === '\t')) i--;
    return i < 0 || this.text[i] === '\n' || this.text[i] === '\r';
  }
  private sameLine(a: number, b: number): boolean {
    return !/[\n\r]/.test(this.text.slice(a, b));
  }
  private lastSignificantEnd(): number {
    for (let i = this.pos - 1; i >= 0; i--) if (!isTrivia(this.tokens[i].kind)) return this.tokens[i].end;
    return 0;
  }

  // ---- tree building --------------------------------------------------------------------------------------------

  private add(e: Element): void {
    this.stack[this.top++] = e;
  }
  private eatTrivia(): void {
    while (this.pos < this.tokens.length - 1 && isTrivia(this.tokens[this.pos].kind)) this.add(this.tokens[this.pos++]);
  }
  /** Consumes the next significant token (with the trivia before it) into the current node. */
  private bump(): Token {
    this.fuel--;
    this.eatTrivia();
    const t = this.tokens[this.pos];
    if (t.kind !== 'EOF') {
      this.add(t);
      this.pos++;
    }
    return t;
  }
  /** Consumes the next raw token (trivia included) into the current node. */
  private bumpRaw(): Token {
    this.fuel--;
    const t = this.tokens[this.pos];
    if (t.kind !== 'EOF') {
      this.add(t);
      this.pos++;
    }
    return t;
  }
  private open(): void {
    this.eatTrivia();
    this.marks.push(this.top);
  }
  /** Opens a node right here, leaving no trivia outside it. */
  private openRaw(): void {
    this.marks.push(this.top);
  }
  private close(kind: NodeKind): Node {
    const mark = this.marks.pop()!;
    const children = this.stack.slice(mark, this.top);
    this.top = mark;
    const at = this.tokens[this.pos].start;
    const start = children.length ? children[0].start : at;
    const end = children.length ? children[children.length - 1].end : at;
    const node: Node = { kind, start, end, children };
    this.add(node);
    const list = this.byKind.get(kind);
    if (list) inSourceOrder(list, node);
    else this.byKind.set(kind, [node]);
    // Annotations are parsed first, right after open() has left the trivia outside, so they lead the children.
    const first = children[0];
    if (first !== undefined && first.kind === 'Annotation' && 'children' in first) inSourceOrder(this.annotated, node);
    return node;
  }

  // ---- diagnostics ----------------------------------------------------------------------------------------------

  private report(code: Code, message: string, start: number, end: number): void {
    this.diagnostics.push({ code, severity: CODES[code].severity, message, start, end });
  }
  private describe(t: Token): string {
    if (t.kind === 'EOF') return 'the end of the file';
    const s = this.tokText(t);
    return `'${s.length > 24 ? s.slice(0, 24) + '…' : s}'`;
  }
  /** Reports a missing token at the gap after the previous significant token. */
  private expected(what: string): void {
    const t = this.peek();
    if (t.kind === 'Unknown') {
      this.report('AMP-P008', `Unexpected character ${this.describe(t)}; expected ${what}`, t.start, t.end);
      return;
    }
    const prevEnd = this.lastSignificantEnd();
    const sameLine = this.sameLine(prevEnd, t.start);
    const [s, e] = sameLine && t.kind !== 'EOF' ? [t.start, t.end] : [prevEnd, prevEnd];
    this.report('AMP-P001', `Expected ${what}, found ${this.describe(t)}`, s, e);
  }
  private expect(kind: TokenKind, what: string): boolean {
    if (this.at(kind)) {
      this.bump();
      return true;
    }
    this.expected(what);
    return false;
  }
  private expectKw(word: string): boolean {
    if (this.atKw(word)) {
      this.bump();
      return true;
    }
    this.expected(`'${word}'`);
    return false;
  }
  private expectName(what: string): Token | undefined {
    if (this.at('Ident')) return this.bump();
    this.expected(what);
    return undefined;
  }

  // ---- file and header ------------------------------------------------------------------------------------------

  parseFile(): ParseResult {
    this.parseHeader();
    while (!this.atEnd() && this.fuel > 0) this.parseItem();
    this.eatTrivia();
    this.bumpRaw(); // the EOF token itself is never added to the tree
    const children = this.stack.slice(0, this.top);
    this.stack.length = 0;
    this.top = 0;
    const tree: Node = { kind: 'File', start: 0, end: this.text.length, children };
    this.byKind.set('File', [tree]);
    return { tree, diagnostics: this.diagnostics, nodes: { byKind: this.byKind, annotated: this.annotated } };
  }

  /** Parses the items of the range this parser was made for (see {@link parseRange}): no header, no File node. */
  parseItemsOnly(): ParsedRange {
    while (!this.atEnd() && this.fuel > 0) this.parseItem();
    this.eatTrivia();
    const children = this.stack.slice(0, this.top);
    this.stack.length = 0;
    this.top = 0;
    const last = this.tokens.length > 1 ? this.tokens[this.tokens.length - 2].end : 0;
    return { children, diagnostics: this.diagnostics, nodes: { byKind: this.byKind, annotated: this.annotated }, end: last };
  }

  /**
   * The ethics header is the run of consecutive `//` lines that starts with `// compiler_ethics_v0_1:` and is the first
   * thing in the file. It is grouped into a Header node; its JSON is read by header.ts.
   */
  private parseHeader(): void {
    const first = this.tokens[this.pos];
    if (!first || first.kind !== 'Comment' || !isHeaderComment(this.tokText(first))) return;
    this.openRaw();
    this.add(this.tokens[this.pos++]);
    for (;;) {
      const prev = this.tokens[this.pos - 1];
      const next = this.tokens[this.pos];
      if (next?.kind !== 'Comment' || !this.tokText(next).startsWith('//')) break;
      // The next line, with nothing but spaces before its `//`: the gap holds exactly one line break.
      const gap = this.text.slice(prev.end, next.start);
      if ((gap.match(/\n/g) ?? []).length !== 1 && !(gap === '\r')) break;
      this.add(next);
      this.pos++;
    }
    this.close('Header');
  }

  // ---- items ----------------------------------------------------------------------------------------------------

  private atItemStart(): boolean {
    const t = this.peek();
    return (t.kind === 'Ident' && ITEM_SET.has(this.tokText(t))) || t.kind === 'At';
  }

  private parseItem(): void {
    if (!this.atItemStart()) {
      this.recoverItem();
      return;
    }
    this.open();
    this.parseAnnotations();
    const t = this.peek();
    const word = t.kind === 'Ident' ? this.tokText(t) : '';
    switch (word) {
      case 'message': return void this.parseMessageDecl();
      case 'agent': return void this.parseAgentDecl();
      case 'run': return void this.parseRunDecl();
      case 'consent': return void this.parseConsentDecl();
      case 'scars': return void this.parseKeywordBlock('ScarsDecl');
      case 'trust_slice': return void this.parseKeywordBlock('TrustSliceDecl');
      case 'conscience': return void this.parseKeywordBlock('ConscienceDecl');
      case 'selfmod': return void this.parseSelfmodDecl();
      default:
        this.danglingAnnotations('a declaration');
    }
  }

  /** Annotations with nothing to annotate: report, and close the open node as an Error. */
  private danglingAnnotations(what: string): void {
    const node = this.close('Error');
    this.report('AMP-P007', `Annotation must be followed by ${what}`, node.start, node.end);
  }

  private recoverItem(): void {
    this.open();
    const first = this.peek();
    if (first.kind === 'Unknown') this.report('AMP-P008', `Unexpected character ${this.describe(first)}`, first.start, first.end);
    else this.report('AMP-P001', `Expected a declaration (${ITEM_KEYWORDS.join(', ')}), found ${this.describe(first)}`, first.start, first.end);
    let depth = 0;
    do {
      const t = this.bump();
      if (t.kind === 'LBrace') depth++;
      else if (t.kind === 'RBrace') depth = Math.max(0, depth - 1);
    } while (!this.atEnd() && this.fuel > 0 && !(depth === 0 && this.atItemStart() && this.atLineStart(this.peek())));
    this.close('Error');
  }

  private parseMessageDecl(): void {
    this.bump(); // message
    this.expectName('a message name');
    this.expect('Equals', "'='");
    if (this.at('Quote')) this.parseMessage();
    else this.expected('a message literal ("…")');
    this.close('MessageDecl');
  }

  private parseAgentDecl(): void {
    this.bump(); // agent
    this.expectName('an agent name');
    if (this.atKw('replays')) {
      this.open();
      this.bump();
      if (this.at('Quote')) this.parseMessage();
      else this.expected('a transcript path ("…")');
      this.close('Replays');
    } else if (this.expect('LBrace', "'{' or 'replays'")) {
      while (!this.at('RBrace') && !this.atEnd() && this.fuel > 0) {
        if (this.atKw('on') || this.at('At')) this.parseHandler();
        else if (this.missingCloseBrace()) break;
        else this.recoverUntil(() => this.atKw('on') || this.at('At') || this.at('RBrace'), "a handler ('on \"…\" { … }')");
      }
      this.expect('RBrace', "'}'");
    }
    this.close('AgentDecl');
  }

  private parseHandler(): void {
    this.open();
    this.parseAnnotations();
    if (!this.atKw('on')) return this.danglingAnnotations("a handler ('on \"…\" { … }')");
    this.bump();
    if (this.atKw('event')) {
      this.bump();
      this.expectName('an event name');
      this.parseBlock();
      this.close('EventHandler');
      return;
    }
    if (this.at('Quote')) this.parseMessage();
    else this.expected('a message template ("…") or \'event\'');
    this.parseBlock();
    this.close('Handler');
  }

  private parseRunDecl(): void {
    this.bump(); // run
    if (this.at('Quote')) this.parseMessage();
    else this.expected('a run name ("…")');
    this.parseBlock();
    this.close('RunDecl');
  }

  private parseConsentDecl(): void {
    this.bump(); // consent
    this.expectName('a consent machine name');
    if (this.expect('LBrace', "'{'")) {
      while (!this.at('RBrace') && !this.atEnd() && this.fuel > 0) {
        if (this.at('Ident') && this.peek(1).kind === 'Arrow') this.parseTransition();
        else if (this.at('Ident') && !this.missingCloseBrace()) this.parseProperty();
        else if (this.missingCloseBrace()) break;
        else this.recoverUntil(() => this.at('Ident') || this.at('RBrace'), "'initial STATE' or a transition 'STATE -> STATE on EVENT from CHANNEL'");
      }
      this.expect('RBrace', "'}'");
    }
    this.close('ConsentDecl');
  }

  private parseTransition(): void {
    this.open();
    this.bump(); // from state
    this.bump(); // ->
    this.expectName('a target state');
    if (this.atKw('on')) {
      this.bump();
      this.expectName('an event name');
    }
    if (this.atKw('from')) {
      this.bump();
      this.expectName('a channel name');
    }
    this.close('Transition');
  }

  private parseKeywordBlock(kind: NodeKind): void {
    this.bump();
    if (this.at('LBrace')) this.parsePropertyBlock();
    else this.expected("'{'");
    this.close(kind);
  }

  private parseSelfmodDecl(): void {
    this.bump(); // selfmod
    this.expectName('a name for the self-modification run');
    if (this.expect('LBrace', "'{'")) {
      while (!this.at('RBrace') && !this.atEnd() && this.fuel > 0) {
        if (this.atKw('proposal')) this.parseProposal();
        else if (this.at('Ident') && !this.missingCloseBrace()) this.parseProperty();
        else if (this.missingCloseBrace()) break;
        else this.recoverUntil(() => this.at('Ident') || this.at('RBrace'), 'a setting or a proposal');
      }
      this.expect('RBrace', "'}'");
    }
    this.close('SelfmodDecl');
  }

  private parseProposal(): void {
    this.open();
    this.bump(); // proposal
    this.expectName('a proposal name');
    if (this.expect('Colon', "':' and a modification type")) this.expectName('a modification type');
    if (this.at('LBrace')) this.parsePropertyBlock();
    this.close('Proposal');
  }

  /**
   * A `}` is probably missing when a top-level keyword starts a line inside a block: stop the block there so the
   * next declaration parses normally.
   */
  private missingCloseBrace(): boolean {
    const t = this.peek();
    if (t.kind === 'EOF') return true;
    if (t.kind !== 'Ident' || !this.atLineStart(t)) return false;
    const col0 = t.start === 0 || this.text[t.start - 1] === '\n' || this.text[t.start - 1] === '\r';
    return col0 && ITEM_SET.has(this.tokText(t));
  }

  private recoverUntil(stop: () => boolean, what: string): void {
    this.open();
    this.expected(what);
    let depth = 0;
    do {
      const t = this.bump();
      if (t.kind === 'LBrace') depth++;
      else if (t.kind === 'RBrace') depth--;
      if (depth < 0) break;
    } while (!this.atEnd() && this.fuel > 0 && !(depth === 0 && (stop() || this.missingCloseBrace())));
    this.close('Error');
  }

  // ---- statements -----------------------------------------------------------------------------------------------

  private atStatementStart(): boolean {
    const t = this.peek();
    return (t.kind === 'Ident' && STATEMENT_SET.has(this.tokText(t))) || t.kind === 'At';
  }

  private parseBlock(): void {
    if (this.tooDeep('LBrace', 'RBrace')) return;
    this.nesting++;
    this.open();
    if (this.expect('LBrace', "'{'")) {
      while (!this.at('RBrace') && !this.atEnd() && this.fuel > 0) {
        if (this.missingCloseBrace() && !this.atKw('consent')) break;
        if (this.atStatementStart()) this.parseStatement();
        else this.recoverUntil(() => this.atStatementStart() || this.at('RBrace'), 'a statement');
      }
      this.expect('RBrace', "'}'");
    }
    this.close('Block');
    this.nesting--;
  }

  private parseStatement(): void {
    this.open();
    this.parseAnnotations();
    const t = this.peek();
    const word = t.kind === 'Ident' ? this.tokText(t) : '';
    switch (word) {
      case 'let': {
        this.bump();
        this.expectName('a name to bind');
        if (this.at('Comma')) {
          this.bump();
          this.expectName('a name for the new agent');
        }
        this.expect('Equals', "'='");
        if (this.atKw('ask')) this.parseAsk();
        else if (this.atKw('reflect')) {
          this.open();
          this.bump();
          this.close('ReflectExpr');
        } else if (this.at('Quote')) this.parseMessage();
        else this.expected("'ask', 'reflect' or a message");
        this.close('LetStmt');
        return;
      }
      case 'ask':
        this.bump();
        this.parseAskRest();
        this.close('AskExpr');
        return;
      case 'view':
        this.bump();
        this.expectName('a pointer to view');
        if (this.atKw('as')) {
          this.bump();
          if (this.at('Quote')) this.parseMessage();
          else this.expected('a template ("…")');
          if (this.atKw('else')) {
            this.open();
            this.bump();
            this.parseBlock();
            this.close('ElseClause');
          }
        }
        this.close('ViewStmt');
        return;
      case 'reply':
      case 'act':
      case 'scar':
        this.bump();
        if (this.at('Quote')) this.parseMessage();
        else this.expected('a message ("…")');
        this.close(word === 'reply' ? 'ReplyStmt' : word === 'act' ? 'ActStmt' : 'ScarStmt');
        return;
      case 'reflect':
        this.bump();
        this.close('ReflectExpr');
        return;
      case 'chapel':
        this.bump();
        this.parseBlock();
        this.close('ChapelStmt');
        return;
      case 'choose':
        this.bump();
        if (this.at('Quote')) this.parseMessage();
        if (this.expect('LBrace', "'{'")) {
          while (!this.at('RBrace') && !this.atEnd() && this.fuel > 0) {
            if (this.atKw('option') || this.at('At')) this.parseOption();
            else if (this.missingCloseBrace()) break;
            else this.recoverUntil(() => this.atKw('option') || this.at('At') || this.at('RBrace'), "an option ('option \"…\" { … }')");
          }
          this.expect('RBrace', "'}'");
        }
        this.close('ChooseStmt');
        return;
      case 'consent':
        this.bump();
        this.expectName('a consent machine name');
        this.expect('Arrow', "'->'");
        this.expectName('a consent state');
        this.close('ConsentMove');
        return;
      case 'resolve':
        this.bump();
        this.expectKw('scar');
        if (this.at('Quote')) this.parseMessage();
        this.close('ResolveStmt');
        return;
      case 'forgiveness':
        this.bump();
        this.parseValue('a forgiveness kernel');
        this.close('ForgivenessStmt');
        return;
      case 'expect':
        this.bump();
        if (this.atKw('reply')) {
          this.bump();
          if (this.at('Quote')) this.parseMessage();
          else this.expected('the expected reply ("…")');
        } else if (this.atKw('error')) {
          this.bump();
          if (this.at('Quote')) this.parseMessage();
        } else this.expected("'reply' or 'error'");
        this.close('ExpectStmt');
        return;
      case 'steward':
        this.bump();
        if (this.at('Ident')) this.parseValue('a steward event');
        else this.expected("a steward event such as 'veto(tripped)'");
        this.close('StewardStmt');
        return;
      default:
        this.danglingAnnotations('a statement');
    }
  }

  private parseAsk(): void {
    this.open();
    this.bump(); // ask
    this.parseAskRest();
    this.close('AskExpr');
  }

  private parseAskRest(): void {
    this.expectName('an agent to ask');
    if (this.at('Quote')) this.parseMessage();
    else this.expected('a message ("…")');
    if (this.atKw('budget')) {
      this.bump();
      this.parseValue('a budget');
    }
  }

  private parseOption(): void {
    this.open();
    this.parseAnnotations();
    if (!this.atKw('option')) return this.danglingAnnotations("an option ('option \"…\" { … }')");
    this.bump();
    if (this.at('Quote')) this.parseMessage();
    else this.expected('an option label ("…")');
    this.parseBlock();
    this.close('Option');
  }

  // ---- annotations and values -----------------------------------------------------------------------------------

  private parseAnnotations(): void {
    while (this.at('At') && this.fuel > 0) {
      this.open();
      this.bump();
      if (this.at('Ident') && this.sameLine(this.lastSignificantEnd(), this.peek().start)) this.bump();
      else this.expected('an annotation name');
      if (this.at('LParen')) this.parseArgList();
      this.close('Annotation');
    }
  }

  private parseArgList(): void {
    if (this.tooDeep('LParen', 'RParen')) return;
    this.nesting++;
    this.open();
    this.bump(); // (
    while (!this.at('RParen') && !this.atEnd() && this.fuel > 0) {
      this.open();
      if (this.at('Ident') && this.peek(1).kind === 'Colon') {
        this.bump();
        this.bump();
      }
      const before = this.pos;
      this.parseValue('an argument');
      this.close('Arg');
      if (this.at('Comma')) this.bump();
      else if (!this.at('RParen')) {
        if (this.pos === before || this.atStatementStart() || this.at('RBrace') || this.at('LBrace')) break;
        this.expected("',' or ')'");
      }
    }
    this.expect('RParen', "')'");
    this.close('ArgList');
    this.nesting--;
  }

  /** value = number | -number | message | name | name(args) | { k: v, … } | { property … } */
  private parseValue(what: string): void {
    const t = this.peek();
    switch (t.kind) {
      case 'Number':
      case 'Minus': {
        this.open();
        if (t.kind === 'Minus') this.bump();
        if (this.at('Number')) {
          const n = this.bump();
          const s = this.tokText(n).replace(/_/g, '');
          if (!NUMBER_RE.test(this.tokText(n))) this.report('AMP-P009', `Malformed number '${s}'`, n.start, n.end);
        } else this.expected('a number');
        this.close('NumberValue');
        return;
      }
      case 'Quote':
        this.parseMessage();
        return;
      case 'Ident':
        if (this.peek(1).kind === 'LParen') {
          this.open();
          this.bump();
          this.parseArgList();
          this.close('Call');
        } else {
          this.open();
          this.bump();
          this.close('NameValue');
        }
        return;
      case 'LBrace':
        if (this.peek(1).kind === 'RBrace' || (this.peek(1).kind === 'Ident' && this.peek(2).kind === 'Colon')) this.parseRecord();
        else this.parsePropertyBlock();
        return;
      default:
        this.expected(what);
        // Consume one stray token so callers always progress, unless it closes an enclosing construct.
        if (!['RBrace', 'RParen', 'EOF', 'Comma'].includes(t.kind) && !this.atStatementStart()) {
          this.open();
          this.bump();
          this.close('Error');
        }
    }
  }

  private parseRecord(): void {
    if (this.tooDeep('LBrace', 'RBrace')) return;
    this.nesting++;
    this.open();
    this.bump(); // {
    while (!this.at('RBrace') && !this.atEnd() && this.fuel > 0) {
      if (!this.at('Ident')) {
        if (this.missingCloseBrace()) break;
        this.recoverUntil(() => this.at('Ident') || this.at('RBrace'), "an entry 'name: value'");
        continue;
      }
      this.open();
      this.bump();
      this.expect('Colon', "':'");
      this.parseValue('a value');
      this.close('RecordEntry');
      if (this.at('Comma')) this.bump();
      else if (!this.at('RBrace') && !this.at('Ident')) this.expected("',' or '}'");
    }
    this.expect('RBrace', "'}'");
    this.close('Record');
    this.nesting--;
  }

  private parsePropertyBlock(): void {
    if (this.tooDeep('LBrace', 'RBrace')) return;
    this.nesting++;
    this.open();
    this.bump(); // {
    while (!this.at('RBrace') && !this.atEnd() && this.fuel > 0) {
      if (this.at('Ident') && !this.missingCloseBrace()) this.parseProperty();
      else if (this.missingCloseBrace()) break;
      else this.recoverUntil(() => this.at('Ident') || this.at('RBrace'), "a setting 'name value'");
    }
    this.expect('RBrace', "'}'");
    this.close('PropertyBlock');
    this.nesting--;
  }

  /**
   * At an opening token nested deeper than {@link MAX_NESTING}: keeps everything up to its matching close (or the end
   * of the file) as one flat Error node and reports AMP-P011, instead of descending further.
   */
  private tooDeep(openKind: TokenKind, closeKind: TokenKind): boolean {
    if (this.nesting < MAX_NESTING || !this.at(openKind)) return false;
    this.open();
    const first = this.bump();
    let depth = 1;
    while (depth > 0 && !this.atEnd()) {
      const t = this.bump();
      if (t.kind === openKind) depth++;
      else if (t.kind === closeKind) depth--;
    }
    this.close('Error');
    this.report('AMP-P011', `Nesting deeper than ${MAX_NESTING} levels: this part is kept as written but not analysed; flatten it with named messages or agents`, first.start, first.end);
    return true;
  }

  /**
   * property = name value* — the values must start on the key's line (a value may then span lines), and only the
   * first value may be a bare name, so `config { seed 42 cycles 100 }` reads as two properties.
   */
  private parseProperty(): void {
    this.open();
    const key = this.bump();
    let lineEnd = key.end;
    let count = 0;
    while (this.fuel > 0) {
      const t = this.peek();
      if (!this.sameLine(lineEnd, t.start)) break;
      if (!['Number', 'Minus', 'Quote', 'Ident', 'LBrace'].includes(t.kind)) break;
      if (t.kind === 'Ident' && count > 0) break;
      count++;
      this.parseValue('a value');
      lineEnd = this.lastSignificantEnd();
    }
    this.close('Property');
  }

  // ---- message literals -----------------------------------------------------------------------------------------

  /**
   * message = '"' (text | '[' name ']' | '(' … ')')* '"'. Tokens come from the lexer's message mode; the message
   * ends at its closing quote or, unterminated, at the end of its line.
   */
  private parseMessage(): void {
    this.open();
    const open = this.bump(); // "
    let lineEnd = open.end;
    for (let c = this.text.charCodeAt(lineEnd); lineEnd < this.text.length && c !== 10 && c !== 13; c = this.text.charCodeAt(++lineEnd));
    /** Where each open sub-message starts. */
    const subStack: number[] = [];
    /** Sub-messages opened past the nesting cap: kept flat, as text, with their closes. */
    let flat = 0;
    let closed = false;
    while (this.pos < this.tokens.length - 1 && this.fuel > 0) {
      const t = this.tokens[this.pos];
      if (t.start >= lineEnd) break;
      if (t.kind === 'Quote') {
        while (subStack.length) {
          const s = subStack.pop()!;
          this.report('AMP-P003', "Sub-message '(' is never closed", s, s + 1);
          this.close('SubMessage');
        }
        this.bumpRaw();
        closed = true;
        break;
      }
      if (!MESSAGE_TOKENS.has(t.kind)) break;
      if (t.kind === 'SubOpen') {
        if (this.nesting + subStack.length >= MAX_NESTING) {
          if (flat++ === 0)
            this.report('AMP-P011', `Sub-messages nested deeper than ${MAX_NESTING} levels: the rest is kept as plain text; name an inner message and point to it instead`, t.start, t.end);
          this.bumpRaw();
          continue;
        }
        this.openRaw();
        this.bumpRaw();
        subStack.push(t.start);
      } else if (t.kind === 'SubClose') {
        if (flat > 0) {
          flat--;
          this.bumpRaw();
        } else if (subStack.length) {
          this.bumpRaw();
          subStack.pop();
          this.close('SubMessage');
        } else {
          this.report('AMP-P003', "Unmatched ')' in message; write '\\)' for a literal parenthesis", t.start, t.end);
          this.bumpRaw();
        }
      } else if (t.kind === 'PtrOpen') this.parsePointer(lineEnd);
      else if (t.kind === 'PtrClose') {
        this.report('AMP-P003', "Unmatched ']' in message; write '\\]' for a literal bracket", t.start, t.end);
        this.bumpRaw();
      } else this.bumpRaw();
    }
    if (!closed) {
      while (subStack.length) {
        subStack.pop();
        this.close('SubMessage');
      }
      this.report('AMP-P002', 'Message literal is not closed before the end of the line', open.start, Math.max(open.end, this.tokens[this.pos - 1]?.end ?? open.end));
    }
    this.close('Message');
  }

  /** A pointer: `[`, its name, `]`; one left open ends with its line (`lineEnd`: where the message's line ends). */
  private parsePointer(lineEnd: number): void {
    this.openRaw();
    const open = this.bumpRaw(); // [
    let names = 0;
    let bad = false;
    while (this.pos < this.tokens.length - 1) {
      const t = this.tokens[this.pos];
      if (t.start >= lineEnd) break;
      if (t.kind === 'Ident') names++;
      else if (t.kind === 'Unknown') bad = true;
      else break;
      this.bumpRaw();
    }
    const closeTok = this.tokens[this.pos];
    const hasClose = closeTok.kind === 'PtrClose';
    if (hasClose) this.bumpRaw();
    const end = hasClose ? closeTok.end : this.tokens[this.pos - 1].end;
    if (!hasClose) this.report('AMP-P003', "Pointer '[' is never closed with ']'", open.start, end);
    else if (names !== 1 || bad)
      this.report('AMP-P004', names === 0 && !bad ? 'Empty pointer: write a name between the brackets, e.g. [list]' : 'A pointer holds exactly one name (letters, digits, _ and \u2019), e.g. [list]', open.start, end);
    this.close('Pointer');
  }
}

/**
 * Adds a node that has just closed to a list kept in source order (by start, the outer of two nested nodes first).
 * Nodes close inner-first, so the only nodes already listed that belong after it are its own descendants, which
 * closed just before it: they sit at the end of the list, and moving it before them costs one step per descendant.
 */
function inSourceOrder(list: Node[], node: Node): void {
  let i = list.length;
  list.push(node);
  while (i > 0 && list[i - 1].start >= node.start) {
    list[i] = list[i - 1];
    i--;
  }
  list[i] = node;
}

export function isHeaderComment(commentText: string): boolean {
  return /^\/\/\s*compiler_ethics_v0_1\s*:/.test(commentText);
}
