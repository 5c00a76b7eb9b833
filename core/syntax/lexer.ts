// The AMP lexer: turns any text into tokens, never throws. Message literals ("…") are lexed in a mode of their own so
// that pointers `[x]` and sub-messages `( … )` inside them become tokens the parser can nest.

import type { Token, TokenKind } from './tokens';

/** Character classes by UTF-16 code unit: the lexer runs on char codes, never on one-character strings or regexes. */
const IDENT_START_BIT = 1;
const IDENT_PART_BIT = 2;
const SPACE_BIT = 4;
const DIGIT_BIT = 8;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  let bits = 0;
  if (/[A-Za-z_]/.test(ch)) bits |= IDENT_START_BIT | IDENT_PART_BIT;
  if (/[0-9']/.test(ch)) bits |= IDENT_PART_BIT;
  if (/[0-9]/.test(ch)) bits |= DIGIT_BIT;
  if (/[ \t\n\r\f\v]/.test(ch)) bits |= SPACE_BIT;
  ASCII_CLASS[c] = bits;
}

/** Identifiers: ASCII letters, `_`, and every code unit from U+00C0 up (so accented and non-Latin names work). */
function identStartCode(c: number): boolean {
  return c < 128 ? (ASCII_CLASS[c] & IDENT_START_BIT) !== 0 : c >= 0xc0;
}
function identPartCode(c: number): boolean {
  return c < 128 ? (ASCII_CLASS[c] & IDENT_PART_BIT) !== 0 : c >= 0xc0;
}
/** Whitespace between tokens: space, tab, line breaks, form feed, vertical tab and the byte order mark. */
export function spaceCode(c: number): boolean {
  return c < 128 ? (ASCII_CLASS[c] & SPACE_BIT) !== 0 : c === 0xfeff;
}
function digitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}
/** JavaScript's `\s`, used inside pointers, where any Unicode space separates words. */
export function unicodeSpaceCode(c: number): boolean {
  if (c < 128) return (ASCII_CLASS[c] & SPACE_BIT) !== 0;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

export function isIdentStart(ch: string): boolean {
  return ch.length > 0 && identStartCode(ch.charCodeAt(0));
}
export function isIdentPart(ch: string): boolean {
  return ch.length > 0 && identPartCode(ch.charCodeAt(0));
}

/** Single-character punctuation, by char code. */
const SINGLE: (TokenKind | undefined)[] = [];
for (const [ch, kind] of Object.entries({
  '@': 'At', '{': 'LBrace', '}': 'RBrace', '(': 'LParen', ')': 'RParen', '[': 'LSquare', ']': 'RSquare',
  ',': 'Comma', ':': 'Colon', '=': 'Equals', '<': 'Compare', '>': 'Compare', '-': 'Minus',
} as Record<string, TokenKind>)) SINGLE[ch.charCodeAt(0)] = kind;

/** Adds a token. A plain function (not a closure made per call) so every call site can inline it. */
function push(tokens: Token[], kind: TokenKind, start: number, end: number): void {
  tokens.push({ kind, start, end });
}

/**
 * Lexes the whole text, or the tokens that start in `[from, to)`. The last token is always `EOF`, empty, at `to` (or
 * where the last token ended, when a token that starts before `to` runs past it: a comment or message reads on to its
 * own end, which an incremental reparse checks for).
 */
export function lex(text: string, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = from;

  while (i < to) {
    const c = text.charCodeAt(i);
    const start = i;
    if (spaceCode(c)) {
      // Whitespace is the gap between tokens: the tree keeps no object for it (see tokens.ts).
      i++;
      while (i < n && spaceCode(text.charCodeAt(i))) i++;
      continue;
    }
    const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;
    if (c === 47 /* / */ && next === 47) {
      i += 2;
      for (let d = text.charCodeAt(i); i < n && d !== 10 && d !== 13; d = text.charCodeAt(++i));
      push(tokens, 'Comment', start, i);
      continue;
    }
    if (c === 47 && next === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      push(tokens, 'Comment', start, i);
      continue;
    }
    if (c === 34 /* " */) {
      i = lexMessage(text, i, tokens);
      continue;
    }
    if (identStartCode(c)) {
      i++;
      while (i < n && identPartCode(text.charCodeAt(i))) i++;
      push(tokens, 'Ident', start, i);
      continue;
    }
    if (digitCode(c) || (c === 46 /* . */ && digitCode(next))) {
      i = lexNumber(text, i);
      push(tokens, 'Number', start, i);
      continue;
    }
    if (c === 45 /* - */ && next === 62 /* > */) { push(tokens, 'Arrow', i, i + 2); i += 2; continue; }
    if (c === 46 && next === 46) { push(tokens, 'DotDot', i, i + 2); i += 2; continue; }
    if ((c === 60 || c === 62 || c === 61 || c === 33) && next === 61) { push(tokens, 'Compare', i, i + 2); i += 2; continue; }
    const kind = SINGLE[c];
    if (kind) { push(tokens, kind, i, i + 1); i++; continue; }
    // One unknown code point (keep surrogate pairs together so ranges never split a character).
    const cp = text.codePointAt(i) ?? 0;
    i += cp > 0xffff ? 2 : 1;
    push(tokens, 'Unknown', start, i);
  }
  push(tokens, 'EOF', Math.max(i, to), Math.max(i, to));
  return tokens;
}

function lexNumber(text: string, i: number): number {
  const n = text.length;
  const at = (k: number) => (k < n ? text.charCodeAt(k) : -1);
  const digitOrUnderscore = (c: number) => digitCode(c) || c === 95;
  while (i < n && digitOrUnderscore(at(i))) i++;
  if (at(i) === 46 /* . */ && digitCode(at(i + 1))) {
    i++;
    while (i < n && digitOrUnderscore(at(i))) i++;
  }
  const e = at(i);
  if (e === 101 || e === 69 /* e E */) {
    const sign = at(i + 1) === 45 || at(i + 1) === 43; /* - + */
    if (digitCode(at(sign ? i + 2 : i + 1))) {
      i += sign ? 2 : 1;
      while (i < n && digitCode(at(i))) i++;
    }
  }
  // A number glued to letters (`12abc`) stays one token; the parser reports it as a malformed number.
  while (i < n && identPartCode(at(i))) i++;
  return i;
}

/**
 * Lexes a message literal from the opening quote. A message never spans lines: at a line break or the end of the
 * file it stops without a closing quote, and the parser reports the unterminated message. Inside, `\` escapes the
 * next character; `[` opens a pointer (an identifier up to `]`); `(` and `)` open and close sub-messages.
 */
function lexMessage(text: string, i: number, tokens: Token[]): number {
  const n = text.length;
  push(tokens, 'Quote', i, i + 1);
  i++;
  let textStart = i;
  while (i < n) {
    const c = text.charCodeAt(i);
    // Plain text runs until one of: line break, backslash, quote, parentheses, square brackets.
    if (c !== 10 && c !== 13 && c !== 92 && c !== 34 && c !== 40 && c !== 41 && c !== 91 && c !== 93) {
      i++;
      continue;
    }
    const ch = text[i];
    if (ch === '\n' || ch === '\r') break;
    if (ch === '\\' && i + 1 < n && text[i + 1] !== '\n' && text[i + 1] !== '\r') { i += 2; continue; }
    if (ch === '"') {
      if (i > textStart) push(tokens, 'MsgText', textStart, i);
      push(tokens, 'Quote', i, i + 1);
      return i + 1;
    }
    if (ch === '(' || ch === ')') {
      if (i > textStart) push(tokens, 'MsgText', textStart, i);
      push(tokens, ch === '(' ? 'SubOpen' : 'SubClose', i, i + 1);
      i++;
      textStart = i;
      continue;
    }
    if (ch === '[') {
      if (i > textStart) push(tokens, 'MsgText', textStart, i);
      push(tokens, 'PtrOpen', i, i + 1);
      i++;
      // Pointer body: optional spaces, an identifier, optional spaces; anything else up to `]` is one Unknown token.
      const bodyStart = i;
      for (let d = text.charCodeAt(i); i < n && d !== 93 && d !== 34 && d !== 10 && d !== 13 && d !== 40 && d !== 91 && d !== 41; d = text.charCodeAt(++i));
      lexPointerBody(text, bodyStart, i, tokens);
      if (text[i] === ']') { push(tokens, 'PtrClose', i, i + 1); i++; }
      textStart = i;
      continue;
    }
    if (ch === ']') {
      // A stray `]` in text: keep it as its own token so the parser can flag it.
      if (i > textStart) push(tokens, 'MsgText', textStart, i);
      push(tokens, 'PtrClose', i, i + 1);
      i++;
      textStart = i;
      continue;
    }
    i++;
  }
  if (i > textStart) push(tokens, 'MsgText', textStart, i);
  return i;
}

function lexPointerBody(text: string, start: number, end: number, tokens: Token[]): void {
  let i = start;
  while (i < end) {
    const s = i;
    if (unicodeSpaceCode(text.charCodeAt(i))) {
      while (i < end && unicodeSpaceCode(text.charCodeAt(i))) i++;
    } else if (identStartCode(text.charCodeAt(i))) {
      while (i < end && identPartCode(text.charCodeAt(i))) i++;
      push(tokens, 'Ident', s, i);
    } else {
      while (i < end && !unicodeSpaceCode(text.charCodeAt(i))) i++;
      push(tokens, 'Unknown', s, i);
    }
  }
}
