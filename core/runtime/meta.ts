// Meta mode: a root question runs as Meta(HCH(A, n)) (seed 000, ALBA's amplify.meta). The meta-executor asks A the
// root question ("what should an agent in state [s] do after receiving input [i]?"), asks A′ "and what state should it
// end up in?", then parses A's answer into a string with yes/no questions: is it empty? its first character? that
// character's ASCII code, as an integer: is it zero? even or odd? half of it? then the rest of the string. Every
// question is an ask, paid from the meta-executor's budget n like any other.

import type { Tx } from './machine';
import { META_AGENT } from './program';
import type { Await, MetaFrame, MetaPhase } from './state';
import { matchTemplate } from './template';
import { canonical, renderText, type AgentValue, type Message } from './values';

/** How many times a yes/no question is asked before the reply counts as malformed ("we can ask again", seed 000). */
export const META_ATTEMPTS = 3;
/** Bits of a character code: enough for every Unicode code point. */
const MAX_BITS = 21;

/** The parsing questions, worded as the built-ins Strings and Numbers answer them (docs/language.md §8). */
const QUESTIONS: Record<Exclude<MetaPhase, 'ask-root' | 'ask-state'>, readonly [string, string, 'Strings' | 'Numbers']> = {
  empty: ['is ', ' empty?', 'Strings'],
  first: ['what is the first character of ', '?', 'Strings'],
  code: ['what is the ASCII code of ', '?', 'Strings'],
  zero: ['is ', ' zero?', 'Numbers'],
  parity: ['is ', ' even or odd?', 'Numbers'],
  half: ['what is half of ', '?', 'Numbers'],
  rest: ['what is ', ' without its first character?', 'Strings'],
};

export const STATE_QUESTION = 'and what state should it end up in?';

/** One step of the meta-executor: the next question of the protocol. */
export function metaStep(tx: Tx, f: MetaFrame): void {
  const label = (a: AgentValue) => a.def.name;
  switch (f.phase) {
    case 'ask-root':
      return tx.send(f, f.target, f.root, undefined, { result: -1, agent: -1, label: label(f.target), purpose: f.phase });
    case 'ask-state':
      return tx.send(f, f.answerer!, tx.message([STATE_QUESTION]), undefined, { result: -1, agent: -1, label: label(f.answerer!), purpose: f.phase });
    default: {
      const [before, after, builtin] = QUESTIONS[f.phase];
      const subject = f.phase === 'code' ? f.char! : f.phase === 'zero' || f.phase === 'parity' || f.phase === 'half' ? f.int! : f.rest!;
      const question = tx.message([before, subject, after]);
      // A may answer the parsing questions itself by declaring handlers for them; otherwise the built-ins do.
      const def = f.target.def;
      const own = def.kind === 'declared' && def.handlers.some((h) => h.template && matchTemplate(h.template, question, []));
      const parser = own ? tx.program.base(def) : tx.program.base(tx.program.agents.get(builtin)!);
      return tx.send(f, parser, question, undefined, { result: -1, agent: -1, label: parser.def.name, purpose: f.phase });
    }
  }
}

/** The meta-executor receives a reply (its budget already settled): decides the next phase, or finishes. */
export function metaDeliver(tx: Tx, f: MetaFrame, reply: Message, aw: Await): void {
  const text = canonical(renderText(reply, 10_000));
  const fail = (reason: string) => {
    tx.emit({ step: tx.n, kind: 'meta', frame: f.id, phase: f.phase, reason });
    tx.error(f, `malformed reply: ${reason}`);
  };
  const word = text.toLowerCase();
  const retry = (expected: string) => {
    if (f.attempts + 1 < META_ATTEMPTS) {
      tx.emit({ step: tx.n, kind: 'meta', frame: f.id, phase: f.phase, reason: `expected ${expected}, got "${text}"; asking again` });
      tx.top = { ...f, attempts: f.attempts + 1 };
    } else fail(`asked "${renderText(aw.question, 200)}" ${META_ATTEMPTS} times and never got ${expected} (last reply: "${text}")`);
  };
  const go = (phase: MetaPhase, more: Partial<MetaFrame> = {}) => {
    tx.top = { ...f, ...more, phase, attempts: 0 };
  };
  if (reply.error && f.phase !== 'empty' && f.phase !== 'zero' && f.phase !== 'parity') return fail(`the answer to "${renderText(aw.question, 200)}" is an error: ${text}`);
  switch (f.phase) {
    case 'ask-root':
      return go('ask-state', { answerer: tx.agentAfter(aw, reply), rest: reply });
    case 'ask-state':
      tx.emit({ step: tx.n, kind: 'meta', frame: f.id, phase: 'answered', state: reply });
      return go('empty', { state: reply });
    case 'empty':
      if (word === 'yes') {
        tx.emit({ step: tx.n, kind: 'meta', frame: f.id, phase: 'done', output: f.output, state: f.state });
        return tx.reply(f, tx.message([f.output]), undefined);
      }
      return word === 'no' ? go('first') : retry('yes or no');
    case 'first':
      return go('code', { char: reply });
    case 'code':
      return go('zero', { int: reply, bits: [] });
    case 'zero': {
      if (word === 'yes') {
        const code = f.bits.reduce((n, bit, i) => n + bit * 2 ** i, 0);
        if (code > 0x10ffff) return fail(`${code} is not a character code`);
        return go('rest', { output: f.output + String.fromCodePoint(code) });
      }
      return word === 'no' ? go('parity') : retry('yes or no');
    }
    case 'parity': {
      if (word !== 'even' && word !== 'odd') return retry('even or odd');
      if (f.bits.length >= MAX_BITS) return fail('the character code has more bits than any character code');
      return go('half', { bits: [...f.bits, word === 'odd' ? 1 : 0] });
    }
    case 'half':
      return go('zero', { int: reply });
    case 'rest':
      return go('empty', { rest: reply });
  }
}

export { META_AGENT };
