// The AMP lexer: turns any text into tokens, never throws. Message literals ("…") are lexed in a mode of their own so
// that pointers `[x]` and sub-messages `( … )` inside them become tokens the parser can nest.

import type { Token, TokenKind } from './tokens';

const IDENT_START = /[A-Za-z_\u00C0-\uFFFF]/;
const IDENT_PART = /[A-Za-z0-9_'\u00C0-\uFFFF]/;

export function isIdentStart(ch: string): boolean {
  return IDENT_START.test(ch);
}
export function isIdentPart(ch: string): boolean {
  return IDENT_PART.test(ch);
}

/** Lexes the whole text. The last token is always `EOF` (empty span at the end). */
export function lex(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number) => tokens.push({ kind, start, end });

  while (i < n) {
    const ch = text[i];
    const start = i;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v' || ch === '\uFEFF') {
      while (i < n && /[ \t\n\r\f\v\uFEFF]/.test(text[i])) i++;
      push('Whitespace', start, i);
      continue;
    }
    if (ch === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      push('Comment', start, i);
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      push('Comment', start, i);
      continue;
    }
    if (ch === '"') {
      i = lexMessage(text, i, push);
      continue;
    }
    if (isIdentStart(ch)) {
      i++;
      while (i < n && isIdentPart(text[i])) i++;
      push('Ident', start, i);
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      i = lexNumber(text, i);
      push('Number', start, i);
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '->') { push('Arrow', i, i + 2); i += 2; continue; }
    if (two === '..') { push('DotDot', i, i + 2); i += 2; continue; }
    if (two === '<=' || two === '>=' || two === '==' || two === '!=') { push('Compare', i, i + 2); i += 2; continue; }
    const single: Record<string, TokenKind> = {
      '@': 'At', '{': 'LBrace', '}': 'RBrace', '(': 'LParen', ')': 'RParen', '[': 'LSquare', ']': 'RSquare',
      ',': 'Comma', ':': 'Colon', '=': 'Equals', '<': 'Compare', '>': 'Compare', '-': 'Minus',
    };
    const kind = single[ch];
    if (kind) { push(kind, i, i + 1); i++; continue; }
    // One unknown code point (keep surrogate pairs together so ranges never split a character).
    const cp = text.codePointAt(i) ?? 0;
    i += cp > 0xffff ? 2 : 1;
    push('Unknown', start, i);
  }
  push('EOF', n, n);
  return tokens;
}

function lexNumber(text: string, i: number): number {
  const n = text.length;
  while (i < n && /[0-9_]/.test(text[i])) i++;
  if (text[i] === '.' && /[0-9]/.test(text[i + 1] ?? '')) {
    i++;
    while (i < n && /[0-9_]/.test(text[i])) i++;
  }
  if ((text[i] === 'e' || text[i] === 'E') && /[0-9]/.test(text[i + 1] === '-' || text[i + 1] === '+' ? (text[i + 2] ?? '') : (text[i + 1] ?? ''))) {
    i += text[i + 1] === '-' || text[i + 1] === '+' ? 2 : 1;
    while (i < n && /[0-9]/.test(text[i])) i++;
  }
  // A number glued to letters (`12abc`) stays one token; the parser reports it as a malformed number.
  while (i < n && isIdentPart(text[i])) i++;
  return i;
}

/**
 * Lexes a message literal from the opening quote. A message never spans lines: at a line break or the end of the
 * file it stops without a closing quote, and the parser reports the unterminated message. Inside, `\` escapes the
 * next character; `[` opens a pointer (an identifier up to `]`); `(` and `)` open and close sub-messages.
 */
function lexMessage(text: string, i: number, push: (k: TokenKind, s: number, e: number) => void): number {
  const n = text.length;
  push('Quote', i, i + 1);
  i++;
  let textStart = i;
  const flushText = () => {
    if (i > textStart) push('MsgText', textStart, i);
  };
  while (i < n) {
    const ch = text[i];
    if (ch === '\n' || ch === '\r') break;
    if (ch === '\\' && i + 1 < n && text[i + 1] !== '\n' && text[i + 1] !== '\r') { i += 2; continue; }
    if (ch === '"') {
      flushText();
      push('Quote', i, i + 1);
      return i + 1;
    }
    if (ch === '(' || ch === ')') {
      flushText();
      push(ch === '(' ? 'SubOpen' : 'SubClose', i, i + 1);
      i++;
      textStart = i;
      continue;
    }
    if (ch === '[') {
      flushText();
      push('PtrOpen', i, i + 1);
      i++;
      // Pointer body: optional spaces, an identifier, optional spaces; anything else up to `]` is one Unknown token.
      const bodyStart = i;
      while (i < n && !/[\]"\n\r(\[)]/.test(text[i])) i++;
      lexPointerBody(text, bodyStart, i, push);
      if (text[i] === ']') { push('PtrClose', i, i + 1); i++; }
      textStart = i;
      continue;
    }
    if (ch === ']') {
      // A stray `]` in text: keep it as its own token so the parser can flag it.
      flushText();
      push('PtrClose', i, i + 1);
      i++;
      textStart = i;
      continue;
    }
    i++;
  }
  flushText();
  return i;
}

function lexPointerBody(text: string, start: number, end: number, push: (k: TokenKind, s: number, e: number) => void) {
  let i = start;
  while (i < end) {
    const s = i;
    if (/\s/.test(text[i])) {
      while (i < end && /\s/.test(text[i])) i++;
      push('Whitespace', s, i);
    } else if (isIdentStart(text[i])) {
      while (i < end && isIdentPart(text[i])) i++;
      push('Ident', s, i);
    } else {
      while (i < end && !/\s/.test(text[i])) i++;
      push('Unknown', s, i);
    }
  }
}
