// Lexer tests: the token kinds and spans of tricky inputs (message escapes and modes, arrows and ranges, comments,
// numbers, unicode), and the guarantees every later stage relies on (lossless spans, one EOF, surrogate pairs kept whole).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lex } from '../../core/syntax/lexer';
import type { Token } from '../../core/syntax/tokens';

/**
 * The tokens of `text` as `Kind text` strings, EOF left out. Whitespace has no tokens (it is the gap between them):
 * each gap is shown as `Whitespace text` where it falls.
 */
function lexed(text: string): string[] {
  const out: string[] = [];
  let at = 0;
  for (const t of lex(text)) {
    if (t.start > at) out.push(`Whitespace ${text.slice(at, t.start)}`);
    if (t.kind !== 'EOF') out.push(`${t.kind} ${text.slice(t.start, t.end)}`);
    at = t.end;
  }
  return out;
}

/** Spans are in order, never empty, and leave gaps of whitespace only; the last token is one empty EOF. */
function assertWellFormed(text: string, tokens: readonly Token[]): void {
  let at = 0;
  tokens.forEach((t, i) => {
    assert.ok(t.start >= at, `token ${i} (${t.kind}) starts at or after the end of the previous one`);
    assert.match(text.slice(at, t.start), /^\s*$/u, `the gap before token ${i} (${t.kind}) is whitespace`);
    assert.ok(t.end >= t.start);
    if (t.kind !== 'EOF') assert.ok(t.end > t.start, `token ${i} (${t.kind}) is not empty`);
    at = t.end;
  });
  assert.equal(at, text.length);
  assert.deepEqual(tokens.at(-1), { kind: 'EOF', start: text.length, end: text.length });
  assert.equal(tokens.filter((t) => t.kind === 'EOF').length, 1);
}

describe('message literals', () => {
  test('escaped quote, brackets, parentheses and backslash stay in one text run', () => {
    const text = String.raw`"a \" b \[ c \] \( d \) e \\"`;
    assert.deepEqual(lexed(text), ['Quote "', String.raw`MsgText a \" b \[ c \] \( d \) e \\`, 'Quote "']);
  });

  test('an escaped backslash does not escape the closing quote', () => {
    assert.deepEqual(lexed(String.raw`"a\\" x`), ['Quote "', String.raw`MsgText a\\`, 'Quote "', 'Whitespace  ', 'Ident x']);
  });

  test('pointers and nested sub-messages become their own tokens', () => {
    assert.deepEqual(lexed('"f [x] (g (h [y]))"'), [
      'Quote "', 'MsgText f ', 'PtrOpen [', 'Ident x', 'PtrClose ]', 'MsgText  ', 'SubOpen (', 'MsgText g ', 'SubOpen (',
      'MsgText h ', 'PtrOpen [', 'Ident y', 'PtrClose ]', 'SubClose )', 'SubClose )', 'Quote "',
    ]);
  });

  test('a pointer body keeps spaces, one name, and marks anything else unknown', () => {
    assert.deepEqual(lexed('"[ a ]"'), ['Quote "', 'PtrOpen [', 'Whitespace  ', 'Ident a', 'Whitespace  ', 'PtrClose ]', 'Quote "']);
    assert.deepEqual(lexed('"[x-y]"'), ['Quote "', 'PtrOpen [', 'Ident x', 'Unknown -y', 'PtrClose ]', 'Quote "']);
    assert.deepEqual(lexed('"[]"'), ['Quote "', 'PtrOpen [', 'PtrClose ]', 'Quote "']);
  });

  test('a stray ] in text is a PtrClose token the parser can report', () => {
    assert.deepEqual(lexed('"a ] b"'), ['Quote "', 'MsgText a ', 'PtrClose ]', 'MsgText  b', 'Quote "']);
  });

  test('a pointer left open ends at the closing quote', () => {
    assert.deepEqual(lexed('"[abc"'), ['Quote "', 'PtrOpen [', 'Ident abc', 'Quote "']);
  });

  test('a message stops at the end of its line without a closing quote', () => {
    assert.deepEqual(lexed('"abc\nmessage'), ['Quote "', 'MsgText abc', 'Whitespace \n', 'Ident message']);
    assert.deepEqual(lexed('"abc\r\nx'), ['Quote "', 'MsgText abc', 'Whitespace \r\n', 'Ident x']);
  });

  test('a backslash before the line break escapes nothing', () => {
    assert.deepEqual(lexed('"abc\\\nx'), ['Quote "', 'MsgText abc\\', 'Whitespace \n', 'Ident x']);
  });

  test('a backslash at the very end of the file stays in the text', () => {
    assert.deepEqual(lexed('"abc\\'), ['Quote "', 'MsgText abc\\']);
  });

  test('comment markers inside a message are text', () => {
    assert.deepEqual(lexed('"see http://x /* y */"'), ['Quote "', 'MsgText see http://x /* y */', 'Quote "']);
  });
});

describe('punctuation', () => {
  test('-> is one Arrow; a lone - is Minus; - > is two tokens', () => {
    assert.deepEqual(lexed('A->B'), ['Ident A', 'Arrow ->', 'Ident B']);
    assert.deepEqual(lexed('- >'), ['Minus -', 'Whitespace  ', 'Compare >']);
    assert.deepEqual(lexed('-1'), ['Minus -', 'Number 1']);
  });

  test('.. is one DotDot, also between numbers', () => {
    assert.deepEqual(lexed('1..2'), ['Number 1', 'DotDot ..', 'Number 2']);
    assert.deepEqual(lexed('...'), ['DotDot ..', 'Unknown .']);
  });

  test('comparison operators', () => {
    assert.deepEqual(lexed('<= >= == != < >'), ['Compare <=', 'Whitespace  ', 'Compare >=', 'Whitespace  ', 'Compare ==', 'Whitespace  ', 'Compare !=', 'Whitespace  ', 'Compare <', 'Whitespace  ', 'Compare >']);
  });

  test('brackets outside messages are plain punctuation', () => {
    assert.deepEqual(lexed('@a(b: [c]){,}='), [
      'At @', 'Ident a', 'LParen (', 'Ident b', 'Colon :', 'Whitespace  ', 'LSquare [', 'Ident c', 'RSquare ]', 'RParen )', 'LBrace {', 'Comma ,', 'RBrace }', 'Equals =',
    ]);
  });

  test('characters with no place are Unknown, one at a time', () => {
    assert.deepEqual(lexed('#$!/'), ['Unknown #', 'Unknown $', 'Unknown !', 'Unknown /']);
  });
});

describe('comments and whitespace', () => {
  test('a line comment stops before the line break', () => {
    assert.deepEqual(lexed('a // b "c"\nd'), ['Ident a', 'Whitespace  ', 'Comment // b "c"', 'Whitespace \n', 'Ident d']);
    assert.deepEqual(lexed('// x\r\ny'), ['Comment // x', 'Whitespace \r\n', 'Ident y']);
  });

  test('block comments span lines; an unterminated one runs to the end', () => {
    assert.deepEqual(lexed('/* a\n b */c'), ['Comment /* a\n b */', 'Ident c']);
    assert.deepEqual(lexed('x /* never closed\nmessage'), ['Ident x', 'Whitespace  ', 'Comment /* never closed\nmessage']);
  });

  test('a byte order mark is whitespace', () => {
    assert.deepEqual(lexed('\uFEFFmessage'), ['Whitespace \uFEFF', 'Ident message']);
  });
});

describe('numbers', () => {
  test('decimals, leading dots, exponents and digit separators', () => {
    for (const n of ['42', '0.5', '.15', '1e5', '1.5e-3', '2E+4', '1_000']) assert.deepEqual(lexed(n), [`Number ${n}`], n);
  });

  test('a number glued to letters stays one token for the parser to report', () => {
    assert.deepEqual(lexed('12abc'), ['Number 12abc']);
    assert.deepEqual(lexed('1e'), ['Number 1e']);
  });

  test('a second dot starts a new number', () => {
    assert.deepEqual(lexed('1.2.3'), ['Number 1.2', 'Number .3']);
  });
});

describe('unicode', () => {
  test('letters beyond ASCII and the typographic apostrophe are identifier characters', () => {
    assert.deepEqual(lexed('naïve 日本語 A’ B\''), ['Ident naïve', 'Whitespace  ', 'Ident 日本語', 'Whitespace  ', 'Ident A’', 'Whitespace  ', "Ident B'"]);
  });

  test('surrogate pairs are never split across tokens', () => {
    const inputs = ['😀', 'a😀b', '#😀', '"😀 [😀] (😀)"', '1😀', '@😀(😀: 😀)', '/*😀', '"[a😀-😀]"', '\uD83D', '\uDE00\uD83D', 'x\uD83D', '😀\n😀'];
    for (const text of inputs) {
      const tokens = lex(text);
      assertWellFormed(text, tokens);
      for (const t of tokens) {
        const before = text.charCodeAt(t.start - 1);
        const at = text.charCodeAt(t.start);
        const splitsPair = before >= 0xd800 && before <= 0xdbff && at >= 0xdc00 && at <= 0xdfff;
        assert.ok(!splitsPair, `${JSON.stringify(text)}: a token starts inside a surrogate pair at ${t.start}`);
      }
    }
  });
});

describe('every token stream', () => {
  test('covers the text exactly and ends with one EOF', () => {
    for (const text of ['', ' ', 'message a = "x [y] (z)"', '"unterminated', 'agent A {\r\n on "x" { reply "y" }\r\n}', '\t\f\v@@', '/**/']) {
      assertWellFormed(text, lex(text));
    }
  });

  test('the empty text is just EOF', () => {
    assert.deepEqual(lex(''), [{ kind: 'EOF', start: 0, end: 0 }]);
  });
});
