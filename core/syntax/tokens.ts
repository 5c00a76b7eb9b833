// Token kinds of the AMP lexer. Every character of a file belongs to exactly one token, trivia included (lossless).

/** What a token is. Keywords are contextual: the lexer emits `Ident` and the parser decides by text. */
export type TokenKind =
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
  return kind === 'Whitespace' || kind === 'Comment';
}
