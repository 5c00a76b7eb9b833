// The human's command language: ALBA's (`view #n`, `ask Q`, `ask@n Q`, `ask$N Q`, `reply A`, `reflect`) and AMP's
// (`view #n`, `ask NAME "Q" budget N`, `reply "A"`, `reflect`); any other line is the reply itself. Messages the
// person types use ALBA's syntax: `#n` and `@n` point at what they have seen, `( … )` is a sub-message.

import { agentLabel, AgentValue, type Value } from './values';

export type HumanCommand =
  | { readonly kind: 'view'; readonly ref: number }
  | { readonly kind: 'ask'; readonly to?: { readonly ref: number } | { readonly name: string }; readonly budget?: number; readonly message: string }
  | { readonly kind: 'reply'; readonly message: string }
  | { readonly kind: 'reflect' }
  | { readonly kind: 'malformed'; readonly why: string };

export const COMMAND_HELP =
  "the commands are 'view #n', 'ask Q', 'ask@n Q', 'ask$N Q', 'ask NAME \"Q\" budget N', 'reply A' and 'reflect'; any other line is your reply";

/** Parses one line the person typed (or a transcript recorded). Never throws. */
export function parseCommand(line: string): HumanCommand {
  const text = line.trim();
  if (text === '') return { kind: 'malformed', why: 'an empty line is not a command' };
  const word = /^(view|ask|reply|return|reflect)(?=$|[\s@$])/.exec(text)?.[1];
  if (!word) return { kind: 'reply', message: text };
  const rest = text.slice(word.length);
  switch (word) {
    case 'reflect':
      return rest.trim() === '' ? { kind: 'reflect' } : { kind: 'malformed', why: "'reflect' takes nothing after it" };
    case 'reply':
    case 'return':
      return rest.trim() === '' ? { kind: 'malformed', why: `'${word}' needs a message` } : { kind: 'reply', message: rest.trim() };
    case 'view': {
      const m = /^\s+[#@](\d+)\s*$/.exec(rest);
      return m ? { kind: 'view', ref: Number(m[1]) } : { kind: 'malformed', why: "'view' takes one pointer, like 'view #3'" };
    }
    default:
      return parseAsk(rest);
  }
}

function parseAsk(rest: string): HumanCommand {
  // AMP: ask NAME "…" budget N
  const amp = /^\s+([A-Za-z_\u00C0-\uFFFF][\w'\u00C0-\uFFFF]*)\s+"((?:[^"\\]|\\.)*)"\s*(?:budget\s+(\d+))?\s*$/.exec(rest);
  if (amp) return { kind: 'ask', to: { name: amp[1] }, message: amp[2].replace(/\\"/g, '"'), budget: amp[3] === undefined ? undefined : Number(amp[3]) };
  // ALBA: ask, then @n and $N modifiers in any order, then the message.
  let i = 0;
  let to: { ref: number } | undefined;
  let budget: number | undefined;
  for (;;) {
    const m = /^([@$])(\d+)/.exec(rest.slice(i));
    if (!m) break;
    if (m[1] === '@') {
      if (to) return { kind: 'malformed', why: "'ask' takes one @n" };
      to = { ref: Number(m[2]) };
    } else {
      if (budget !== undefined) return { kind: 'malformed', why: "'ask' takes one $N" };
      budget = Number(m[2]);
    }
    i += m[0].length;
  }
  const message = rest.slice(i);
  if (!/^\s/.test(message) || message.trim() === '') return { kind: 'malformed', why: "'ask' needs a question, like 'ask what is #1 plus #2?'" };
  return { kind: 'ask', to, budget, message: message.trim() };
}

/** A message as typed: text, pointers by number, sub-messages. */
export type TypedPart = string | { readonly sigil: '#' | '@'; readonly n: number } | readonly TypedPart[];

/**
 * Parses a typed message: `#n`/`@n` pointers, `( … )` sub-messages, `\` escapes. A message wrapped in double quotes (AMP
 * style) is unwrapped first. Returns an error for unbalanced parentheses.
 */
export function parseTyped(input: string): { readonly parts: TypedPart[] } | { readonly error: string } {
  let text = input.trim();
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1).replace(/\\"/g, '"');
  const stack: TypedPart[][] = [[]];
  let buf = '';
  const flush = () => {
    if (buf) stack[stack.length - 1].push(buf);
    buf = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      buf += text[++i];
    } else if ((ch === '#' || ch === '@') && /\d/.test(text[i + 1] ?? '')) {
      flush();
      const digits = /^\d+/.exec(text.slice(i + 1))![0];
      stack[stack.length - 1].push({ sigil: ch, n: Number(digits) });
      i += digits.length;
    } else if (ch === '(') {
      flush();
      stack.push([]);
    } else if (ch === ')') {
      if (stack.length === 1) return { error: `unbalanced ')' at column ${i + 1}` };
      flush();
      const sub = stack.pop()!;
      stack[stack.length - 1].push(sub);
    } else buf += ch;
  }
  if (stack.length > 1) return { error: "a '(' is never closed" };
  flush();
  return { parts: stack[0] };
}

/**
 * Renders a message for the person: pointers become `#n` (messages) or `@n` (agents), numbered by first appearance in
 * `refs`. Returns the text and the refs extended with any new pointers.
 */
export function renderNumbered(parts: readonly (string | Value)[], refs: readonly Value[]): { text: string; refs: Value[] } {
  const out = refs.slice();
  const text = parts
    .map((p) => {
      if (typeof p === 'string') return p;
      let n = out.indexOf(p) + 1;
      if (n === 0) n = out.push(p);
      return `${p instanceof AgentValue ? '@' : '#'}${n}`;
    })
    .join('');
  return { text, refs: out };
}

/** How an agent pointer is described when the person views it. */
export function describeAgent(a: AgentValue): string {
  return `an agent, ${agentLabel(a)} (${a.turns} exchange${a.turns === 1 ? '' : 's'} remembered)`;
}
