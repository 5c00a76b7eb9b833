// What the built-in agents answer (core/check/builtins.ts lists them and their templates). They bottom out recursion:
// each reads its arguments directly and replies at once, so an ask of a built-in is one step.

import type { AgentDef, Program } from './program';
import { matchTemplate, type Bound } from './template';
import { AgentValue, Message, renderText, sameValue, type Part, type Value } from './values';

/** Builds messages for a built-in's reply (the stepper allocates ids). */
export interface Builder {
  message(parts: Part[], error?: boolean): Message;
  /** A message whose text is kept exactly (Strings keeps every space of a string it takes apart). */
  rawMessage(parts: Part[], error?: boolean): Message;
}

const NUMBER = /^-?(?:\d+(?:\.\d+)?|\.\d+)$/;

/** The text of an argument (a run of text, or a message rendered); undefined for an agent. */
function textOf(b: Bound): string | undefined {
  return typeof b === 'string' ? b : b instanceof AgentValue ? undefined : b.parts.length === 1 && typeof b.parts[0] === 'string' ? b.parts[0] : renderText(b);
}

function numberOf(b: Bound): number | undefined {
  const t = textOf(b)?.trim();
  return t !== undefined && NUMBER.test(t) ? Number(t) : undefined;
}

function show(b: Bound): string {
  return typeof b === 'string' ? b : renderText(b, 60);
}

function fail(make: Builder, def: AgentDef, why: string): Message {
  return make.message([`error: ${def.name}: ${why}`], true);
}

function asMessage(make: Builder, b: Bound): Message {
  if (typeof b === 'string') return make.message([b]);
  return b instanceof Message ? b : make.message([b]);
}

/** The reply of built-in `def` to `question`: a value (often one of the arguments, by reference) or an error message. */
export function answerBuiltin(program: Program, def: AgentDef, question: Message, make: Builder): Message {
  const out: Bound[] = [];
  let index = -1;
  for (let i = 0; i < def.templates.length && index < 0; i++) {
    out.length = 0;
    if (matchTemplate(def.templates[i], question, out)) index = i;
  }
  if (index < 0) return fail(make, def, `it answers only ${def.templates.map((t) => `"${t.text}"`).join(', ')}, not "${renderText(question, 200)}"`);
  switch (def.name) {
    case 'Compare':
    case 'Add': {
      const a = numberOf(out[0]);
      const b = numberOf(out[1]);
      if (a === undefined) return fail(make, def, `"${show(out[0])}" is not a number`);
      if (b === undefined) return fail(make, def, `"${show(out[1])}" is not a number`);
      if (def.name === 'Add') return make.message([String(Number((a + b).toPrecision(15)))]);
      if (index === 2) return a < b ? program.yes : program.no;
      // The smaller (larger) argument itself, by reference; on a tie, the first.
      return asMessage(make, (index === 0 ? a <= b : a >= b) ? out[0] : out[1]);
    }
    case 'Equal': {
      const a: Value = typeof out[0] === 'string' ? make.message([out[0]]) : out[0];
      const b: Value = typeof out[1] === 'string' ? make.message([out[1]]) : out[1];
      return sameValue(a, b) ? program.yes : program.no;
    }
    case 'Strings': {
      const s = textOf(out[0]);
      if (index === 2) {
        const chars = s === undefined ? [] : [...s];
        if (chars.length !== 1) return fail(make, def, `"${show(out[0])}" is not one character`);
        return make.message([String(chars[0].codePointAt(0))]);
      }
      if (s === undefined) return fail(make, def, 'an agent is not a string');
      if (index === 3) return s.length === 0 ? program.yes : program.no;
      const chars = [...s];
      if (chars.length === 0) return fail(make, def, 'the empty string has no first character');
      const piece = index === 0 ? chars[0] : chars.slice(1).join('');
      return make.rawMessage(piece === '' ? [] : [piece]);
    }
    case 'Numbers': {
      const n = numberOf(out[0]);
      if (n === undefined || !Number.isInteger(n)) return fail(make, def, `"${show(out[0])}" is not a whole number`);
      if (index === 0) return n === 0 ? program.yes : program.no;
      if (index === 1) return make.message([Math.abs(n) % 2 === 0 ? 'even' : 'odd']);
      return make.message([String(Math.floor(n / 2))]);
    }
    default:
      return fail(make, def, 'no answer is implemented for this question');
  }
}
