// Unit tests for matching messages against handler templates (core/check/template.ts): spacing, holes, sub-messages.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessagePart } from '../../core/syntax/ast';
import { matchTemplate } from '../../core/check/template';
import { messageParts } from '../../core/syntax/ast';
import { parse } from '../../core/syntax/parser';

/** The parts of a message literal, as the checker and the runtime read them. */
function parts(message: string): MessagePart[] {
  const text = `message m = "${message}"\n`;
  const msg = parse(text).nodes.byKind.get('Message')![0];
  return messageParts(msg, text);
}

const text = (t: string): MessagePart[] => [{ kind: 'text', text: t, start: 0, end: t.length }];

describe('matchTemplate', () => {
  it('treats exactly the characters \\s matches as spacing, in runs, and ignores it at the ends', () => {
    const spaced = text('a b');
    const differing: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if ((matchTemplate(spaced, text(`a${ch}b`)) !== undefined) !== /\s/.test(ch)) differing.push(c.toString(16));
    }
    assert.deepEqual(differing, []);
    assert.ok(matchTemplate(spaced, text(' \t a \u3000\n  b \u00a0')));
    assert.equal(matchTemplate(spaced, text('ab')), undefined);
  });

  it('binds holes to a pointer, a sub-message or the shortest run of text, never half a surrogate pair', () => {
    const b = matchTemplate(parts('send [what] to [who] (now [when])'), parts('send [report] to the 😀 team (now at noon)'));
    assert.deepEqual(
      b && [...b].map(([k, v]) => [k, v.kind === 'text' ? v.text : v.kind === 'pointer' ? `[${v.name}]` : 'sub']),
      [['when', 'at noon'], ['who', 'the 😀 team'], ['what', '[report]']],
    );
    const pair = matchTemplate(parts('x [a]\uDE00'), parts('x y😀'));
    assert.equal(pair, undefined, 'a literal low surrogate does not match the second half of a pair');
    assert.equal(matchTemplate(parts('x [a]'), parts('x')), undefined, 'a hole needs at least one character');
  });
});
