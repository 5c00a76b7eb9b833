// Run-time values (seed 000): a message is text with pointers to other messages or agents, shared by reference (a
// DAG); an agent is an immutable snapshot that remembers the exchanges it has had. Neither is ever changed.

import type { AgentDef } from './program';

/** A part of a message: a run of text, or a pointer to a message or an agent. */
export type Part = string | Message | AgentValue;
/** What a pointer can point to. */
export type Value = Message | AgentValue;

/**
 * A message value. Its text parts are normalised when it is built (runs of white space are one space, the ends are
 * trimmed, no two text parts are adjacent, none is empty), so templates match it however it was written. Instances are
 * frozen and opaque to immer: states hold them by reference, which is what structural sharing needs.
 */
export class Message {
  constructor(
    /** Unique within a run; deterministic (allocated from the state's counter). */
    readonly id: number,
    readonly parts: readonly Part[],
    /** True for a reply the runtime composed to report an error (out of budget, no handler, a refused act, …). */
    readonly error = false,
  ) {
    Object.freeze(parts);
    Object.freeze(this);
  }
}

/** One exchange an agent remembers: the question it saw and, once it has answered, its reply. */
export interface Exchange {
  readonly question: Message;
  readonly reply: Message | undefined;
  readonly prev: Exchange | undefined;
}

/**
 * An agent value: a definition (handlers, a built-in, the human, or a transcript) and what this copy remembers.
 * Asking an agent never changes it; the exchange belongs to a new agent A′ (`let r, A2 = ask A …`).
 */
export class AgentValue {
  constructor(
    readonly id: number,
    readonly def: AgentDef,
    readonly history: Exchange | undefined,
    /** How many exchanges it remembers (the length of `history`): the turn its next question is. */
    readonly turns: number,
  ) {
    Object.freeze(this);
  }
}

export function isMessage(v: unknown): v is Message {
  return v instanceof Message;
}

export function isAgent(v: unknown): v is AgentValue {
  return v instanceof AgentValue;
}

/** Collapses white space the way templates do: every run of white space is one space. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/**
 * Normalises parts in place order: merges adjacent text, collapses white space, trims the ends of the message and
 * drops empty text. Returns a new array.
 */
export function normalizeParts(parts: readonly Part[]): Part[] {
  const out: Part[] = [];
  for (const p of parts) {
    if (typeof p === 'string') {
      if (p === '') continue;
      const last = out.length - 1;
      if (last >= 0 && typeof out[last] === 'string') out[last] = collapse((out[last] as string) + p);
      else out.push(collapse(p));
    } else out.push(p);
  }
  if (typeof out[0] === 'string') {
    out[0] = (out[0] as string).replace(/^ /, '');
    if (out[0] === '') out.shift();
  }
  const n = out.length - 1;
  if (n >= 0 && typeof out[n] === 'string') {
    out[n] = (out[n] as string).replace(/ $/, '');
    if (out[n] === '') out.pop();
  }
  return out;
}

/** `@Name`, with a prime for each exchange the agent remembers (`@Think′`), or the count past three (`@Think(4)`). */
export function agentLabel(a: AgentValue): string {
  const primes = ['', '′', '″', '‴'];
  return `@${a.def.name}${a.turns < primes.length ? primes[a.turns] : `(${a.turns})`}`;
}

/** Renders past this many characters are cut (a DAG can share a sub-tree many times). */
export const RENDER_LIMIT = 1_000_000;

/**
 * The canonical text of a value, as `expect reply` and `Equal` compare it: each pointer to a message is written as that
 * message in parentheses, each pointer to an agent as its label; text is already normalised. Stops at `limit`
 * characters and ends with `…` when cut.
 */
export function renderText(v: Value, limit = RENDER_LIMIT): string {
  if (v instanceof AgentValue) return agentLabel(v);
  const out: string[] = [];
  let size = 0;
  let cut = false;
  const rec = (m: Message): void => {
    for (const p of m.parts) {
      if (cut) return;
      let s: string;
      if (typeof p === 'string') s = p;
      else if (p instanceof AgentValue) s = agentLabel(p);
      else {
        out.push('(');
        size++;
        rec(p);
        if (cut) return;
        out.push(')');
        size++;
        continue;
      }
      if (size + s.length > limit) {
        out.push(s.slice(0, Math.max(0, limit - size)));
        cut = true;
        return;
      }
      out.push(s);
      size += s.length;
    }
  };
  rec(v);
  return out.join('') + (cut ? '…' : '');
}

/** The canonical text of a message literal written for comparison (white space collapsed and trimmed). */
export function canonical(text: string): string {
  return collapse(text).trim().replace(/\( /g, '(').replace(/ \)/g, ')');
}

/** Whether two values are the same message tree (by canonical text) or the same agent. */
export function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a instanceof AgentValue || b instanceof AgentValue) return a instanceof AgentValue && b instanceof AgentValue && a.id === b.id;
  return canonical(renderText(a)) === canonical(renderText(b));
}
