// Built-in agents that bottom out recursion (seed 000): the message shapes each one answers. The runtime implements
// their answers; the checker uses the templates to reject asks no built-in understands.

import { messageParts, type MessagePart } from '../syntax/ast';
import { parse } from '../syntax/parser';
import { childNode, type Node } from '../syntax/tree';

export interface BuiltinAgent {
  readonly name: string;
  readonly summary: string;
  /** Templates in AMP message syntax; `undefined` means the agent accepts any message. */
  readonly templates?: readonly string[];
}

export const BUILTIN_AGENTS: readonly BuiltinAgent[] = [
  {
    name: 'Compare',
    summary: 'Compares two small numbers written in messages; replies with the smaller one, or yes/no.',
    templates: ['which is smaller, [a] or [b]?', 'which is larger, [a] or [b]?', 'is [a] less than [b]?'],
  },
  { name: 'Add', summary: 'Adds two small numbers written in messages.', templates: ['what is [a] plus [b]?'] },
  { name: 'Equal', summary: 'Answers yes or no: are two messages equal?', templates: ['is [a] equal to [b]?'] },
  {
    name: 'Strings',
    summary: 'Takes strings apart one character at a time, as seed 000 parses a reply into a string.',
    templates: ['what is the first character of [s]?', 'what is [s] without its first character?', 'what is the ASCII code of [c]?', 'is [s] empty?'],
  },
  {
    name: 'Numbers',
    summary: 'Answers the yes/no questions that parse an integer (seed 000): is it zero, is it even or odd, what is half of it.',
    templates: ['is [n] zero?', 'is [n] even or odd?', 'what is half of [n]?'],
  },
  { name: 'human', summary: 'The person at the keyboard: answers in the debug console or on stdin (ALBA command syntax accepted).' },
];

const byName = new Map(BUILTIN_AGENTS.map((b) => [b.name, b]));

export function findBuiltin(name: string): BuiltinAgent | undefined {
  return byName.get(name);
}

const templateCache = new Map<string, MessagePart[]>();

/** A built-in template as message parts (parsed once). */
export function builtinTemplateParts(template: string): MessagePart[] {
  let parts = templateCache.get(template);
  if (!parts) {
    const source = `message t = "${template}"`;
    const decl = childNode(parse(source).tree, 'MessageDecl');
    const msg = decl && childNode(decl, 'Message');
    parts = msg ? messageParts(msg as Node, source) : [];
    templateCache.set(template, parts);
  }
  return parts;
}
