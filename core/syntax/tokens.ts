// Token kinds of the AMP lexer. The tree is lossless: every character of a file is in a token (comments included) or
// in the whitespace between two tokens. Whitespace gets no token of its own: it is the gap the tokens leave, which
// keeps a large file's tree to the objects that carry meaning (a lexer that made one per run of spaces spent about a
// quarter of its tokens on them). `treeText` puts the gaps back; `tokenAt` (core/ide) reports a cursor in one as a
// `Whitespace` token of the node that holds it.

/** What a token is. Keywords are contextual: the lexer emits `Ident` and the parser decides by text. */
export type TokenKind =
  /** A gap between tokens, as cursor lookups report it; the lexer never makes one and no tree holds one. */
  | 'Whitespace'
  | 'Comment'
  | 'Ident'
  | 'Number'
  | 'At'
  | 'LBrace'
  | 'RBrace'
  | 'LParen'
  | 'RParen'
  | 'LSquare'
  | 'RSquare'
  | 'Comma'
  | 'Colon'
  | 'Equals'
  | 'Arrow'
  | 'Compare'
  | 'Minus'
  | 'DotDot'
  /** The `"` that opens or closes a message literal. */
  | 'Quote'
  /** Plain text inside a message literal (escapes included, unescaped by `messageText`). */
  | 'MsgText'
  /** `[` and `]` around a pointer inside a message literal. */
  | 'PtrOpen'
  | 'PtrClose'
  /** `(` and `)` around a sub-message inside a message literal. */
  | 'SubOpen'
  | 'SubClose'
  /** A character the lexer cannot place; the parser reports it. */
  | 'Unknown'
  | 'EOF';

/** A token is a span of the source; its text is `source.slice(start, end)`. */
export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
}

export function isTrivia(kind: TokenKind): boolean {
  return kind === 'Comment';
}
