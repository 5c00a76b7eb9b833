// The debugger's small expression language: breakpoint conditions (`budget < 5 and [head] == "3"`), logpoint
// interpolation (`{head}`), watch and hover expressions, and what the debug console evaluates. Parsing never throws:
// a bad expression is an error message with the column where it went wrong. Evaluation reads a frame through the
// Scope interface, so this module knows nothing of the runtime's states (docs/debugging.md §Conditions).

/** The numbers and names a frame offers, besides its pointers. */
export const NUMBER_NAMES = ['budget', 'held', 'allotted', 'spent', 'delegated', 'depth', 'step', 'turn', 'activation'] as const;
export const STRING_NAMES = ['agent', 'handler'] as const;
export type NumberName = (typeof NUMBER_NAMES)[number];
export type StringName = (typeof STRING_NAMES)[number];
const NUMBERS = new Set<string>(NUMBER_NAMES);
const STRINGS = new Set<string>(STRING_NAMES);

/** What an expression reads: the frame's numbers and names, and its pointers rendered as text. */
export interface Scope {
  number(name: NumberName): number;
  string(name: StringName): string;
  /** The pointer's message as `expect reply` compares it, or undefined when nothing is bound to the name. */
  pointer(name: string): string | undefined;
}

export type Expr =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'name'; readonly name: NumberName | StringName }
  | { readonly kind: 'pointer'; readonly name: string }
  | { readonly kind: 'not'; readonly operand: Expr }
  | { readonly kind: 'logic'; readonly op: 'and' | 'or'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Expr; readonly right: Expr };

export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=' | 'contains';

export type ParseResult = { readonly expr: Expr } | { readonly error: string };

/** What a value is, as far as the parser can tell: pointers are text that may also read as a number. */
type Type = 'number' | 'string' | 'pointer' | 'boolean';

interface Token {
  readonly kind: 'num' | 'str' | 'ident' | 'ptr' | 'op' | '(' | ')' | 'end';
  readonly text: string;
  readonly value?: string | number;
  readonly col: number;
}

const WORD_OPS = new Set(['and', 'or', 'not', 'contains']);

function tokenize(src: string): Token[] | string {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    const col = i + 1;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '-' && /[0-9]/.test(src[i + 1] ?? '') && !lastIsValue(out))) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(src.slice(i))!;
      out.push({ kind: 'num', text: m[0], value: Number(m[0]), col });
      i += m[0].length;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let text = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        text += src[j++];
      }
      if (j >= src.length) return `column ${col}: the text "${src.slice(i, i + 20)}" has no closing quote`;
      out.push({ kind: 'str', text: src.slice(i, j + 1), value: text, col });
      i = j + 1;
      continue;
    }
    if (ch === '[') {
      const m = /^\[\s*([A-Za-z_\u00C0-\uFFFF][\w'\u00C0-\uFFFF]*|[#@][0-9]+)\s*\]/.exec(src.slice(i));
      if (!m) return `column ${col}: a pointer is written [name], with one name inside the brackets`;
      out.push({ kind: 'ptr', text: m[0], value: m[1], col });
      i += m[0].length;
      continue;
    }
    if (ch === '#' || ch === '@') {
      const m = /^[#@][0-9]+/.exec(src.slice(i));
      if (!m) return `column ${col}: '${ch}' must be followed by a number, like ${ch}1`;
      out.push({ kind: 'ptr', text: m[0], value: m[0], col });
      i += m[0].length;
      continue;
    }
    const ident = /^[A-Za-z_\u00C0-\uFFFF][\w'\u00C0-\uFFFF]*/.exec(src.slice(i));
    if (ident) {
      const word = ident[0];
      out.push(WORD_OPS.has(word) ? { kind: 'op', text: word, col } : { kind: 'ident', text: word, col });
      i += word.length;
      continue;
    }
    const op = /^(<=|>=|==|!=|&&|\|\||<|>|=|!)/.exec(src.slice(i));
    if (op) {
      const text = op[0] === '&&' ? 'and' : op[0] === '||' ? 'or' : op[0] === '!' ? 'not' : op[0] === '=' ? '==' : op[0];
      out.push({ kind: 'op', text, col });
      i += op[0].length;
      continue;
    }
    if (ch === '(' || ch === ')') {
      out.push({ kind: ch, text: ch, col });
      i++;
      continue;
    }
    return `column ${col}: unexpected '${ch}'`;
  }
  out.push({ kind: 'end', text: '', col: src.length + 1 });
  return out;
}

function lastIsValue(tokens: readonly Token[]): boolean {
  const last = tokens[tokens.length - 1];
  return !!last && (last.kind === 'num' || last.kind === 'str' || last.kind === 'ident' || last.kind === 'ptr' || last.kind === ')');
}

class ParseError extends Error {}

/**
 * Parses an expression. `knownPointers`, when given, lists the pointers that can be bound where the expression is
 * evaluated (a breakpoint's handler): a name outside it is reported, with the names that are there.
 */
export function parseExpression(src: string, knownPointers?: ReadonlySet<string>): ParseResult {
  const tokens = tokenize(src);
  if (typeof tokens === 'string') return { error: tokens };
  if (tokens.length === 1) return { error: 'the expression is empty' };
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (message: string, t = peek()): never => {
    throw new ParseError(`column ${t.col}: ${message}`);
  };
  const isOp = (text: string) => peek().kind === 'op' && peek().text === text;

  const typeOf = (e: Expr): Type => {
    switch (e.kind) {
      case 'number':
        return 'number';
      case 'string':
        return 'string';
      case 'name':
        return NUMBERS.has(e.name) ? 'number' : 'string';
      case 'pointer':
        return 'pointer';
      default:
        return 'boolean';
    }
  };

  const primary = (): Expr => {
    const t = peek();
    switch (t.kind) {
      case 'num':
        pos++;
        return { kind: 'number', value: t.value as number };
      case 'str':
        pos++;
        return { kind: 'string', value: t.value as string };
      case 'ptr':
        pos++;
        return pointer(t.value as string, t);
      case 'ident':
        pos++;
        // A bare word is one of the frame's numbers or names if it is one, else a pointer (`head` is `[head]`).
        if (NUMBERS.has(t.text) || STRINGS.has(t.text)) return { kind: 'name', name: t.text as NumberName | StringName };
        return pointer(t.text, t);
      case '(': {
        pos++;
        const e = or();
        if (peek().kind !== ')') fail(`expected ')' ${describe(peek())}`);
        pos++;
        return e;
      }
      default:
        return fail(`expected a number, a "text", a pointer or a name ${describe(t)}`);
    }
  };

  const pointer = (name: string, t: Token): Expr => {
    if (knownPointers && !name.startsWith('#') && !name.startsWith('@') && !knownPointers.has(name)) {
      const known = [...knownPointers].sort();
      fail(`no pointer named '${name}' can be bound here (${known.length ? `pointers: ${known.join(', ')}; ` : ''}names: ${[...NUMBER_NAMES, ...STRING_NAMES].join(', ')})`, t);
    }
    return { kind: 'pointer', name };
  };

  const comparison = (): Expr => {
    const left = primary();
    const t = peek();
    if (t.kind !== 'op' || !['<', '<=', '>', '>=', '==', '!=', 'contains'].includes(t.text)) return left;
    pos++;
    const op = t.text as CompareOp;
    const right = primary();
    const lt = typeOf(left);
    const rt = typeOf(right);
    if (lt === 'boolean' || rt === 'boolean') fail(`'${op}' compares values, not conditions (use parentheses and 'and'/'or')`, t);
    if (op === 'contains') {
      if (lt === 'number' || rt === 'number') fail("'contains' looks for text in text: both sides must be text or pointers", t);
    } else if (op !== '==' && op !== '!=') {
      if (lt === 'string' || rt === 'string') fail(`'${op}' compares numbers; ${lt === 'string' ? describeExpr(left) : describeExpr(right)} is text`, t);
    } else if ((lt === 'number' && rt === 'string') || (lt === 'string' && rt === 'number')) {
      fail(`'${op}' cannot compare a number with text`, t);
    }
    return { kind: 'compare', op, left, right };
  };

  const not = (): Expr => {
    if (isOp('not')) {
      pos++;
      return { kind: 'not', operand: not() };
    }
    return comparison();
  };

  const and = (): Expr => {
    let left = not();
    while (isOp('and')) {
      pos++;
      left = { kind: 'logic', op: 'and', left, right: not() };
    }
    return left;
  };

  const or = (): Expr => {
    let left = and();
    while (isOp('or')) {
      pos++;
      left = { kind: 'logic', op: 'or', left, right: and() };
    }
    return left;
  };

  try {
    const expr = or();
    if (peek().kind !== 'end') fail(`unexpected ${describe(peek())}`);
    return { expr };
  } catch (e) {
    if (e instanceof ParseError) return { error: e.message };
    throw e;
  }
}

function describe(t: Token): string {
  return t.kind === 'end' ? 'at the end' : `'${t.text}'`;
}

function describeExpr(e: Expr): string {
  if (e.kind === 'string') return JSON.stringify(e.value);
  if (e.kind === 'name') return `'${e.name}'`;
  return 'that side';
}

/** A value an expression produces. */
export type Result = { readonly kind: 'number'; readonly value: number } | { readonly kind: 'text'; readonly value: string; readonly pointer?: string } | { readonly kind: 'boolean'; readonly value: boolean } | { readonly kind: 'unbound'; readonly pointer: string };

/** Evaluates an expression in a scope. Never throws: an unbound pointer is a value of its own (false in a condition). */
export function evaluate(e: Expr, scope: Scope): Result {
  switch (e.kind) {
    case 'number':
      return { kind: 'number', value: e.value };
    case 'string':
      return { kind: 'text', value: e.value };
    case 'name':
      return NUMBERS.has(e.name) ? { kind: 'number', value: scope.number(e.name as NumberName) } : { kind: 'text', value: scope.string(e.name as StringName) };
    case 'pointer': {
      const text = scope.pointer(e.name);
      return text === undefined ? { kind: 'unbound', pointer: e.name } : { kind: 'text', value: text, pointer: e.name };
    }
    case 'not':
      return { kind: 'boolean', value: !truthy(evaluate(e.operand, scope)) };
    case 'logic': {
      const left = truthy(evaluate(e.left, scope));
      if (e.op === 'and' ? !left : left) return { kind: 'boolean', value: left };
      return { kind: 'boolean', value: truthy(evaluate(e.right, scope)) };
    }
    case 'compare':
      return { kind: 'boolean', value: compare(e.op, evaluate(e.left, scope), evaluate(e.right, scope)) };
  }
}

/** A result as a condition: numbers are true when not zero, text when not empty, a pointer when it is bound. */
export function truthy(r: Result): boolean {
  switch (r.kind) {
    case 'boolean':
      return r.value;
    case 'number':
      return r.value !== 0;
    case 'text':
      return r.pointer !== undefined || r.value !== '';
    case 'unbound':
      return false;
  }
}

function compare(op: CompareOp, a: Result, b: Result): boolean {
  if (a.kind === 'unbound' || b.kind === 'unbound') return op === '!=' ? a.kind !== b.kind : false;
  if (op === 'contains') return a.kind === 'text' && b.kind === 'text' && canonicalText(a.value).includes(canonicalText(b.value));
  const an = asNumber(a);
  const bn = asNumber(b);
  if (op === '==' || op === '!=') {
    let same: boolean;
    if (a.kind === 'number' || b.kind === 'number') same = an !== undefined && an === bn;
    else same = canonicalText(String(a.value)) === canonicalText(String(b.value));
    return op === '==' ? same : !same;
  }
  if (an === undefined || bn === undefined) return false;
  switch (op) {
    case '<':
      return an < bn;
    case '<=':
      return an <= bn;
    case '>':
      return an > bn;
    case '>=':
      return an >= bn;
  }
}

function asNumber(r: Result): number | undefined {
  if (r.kind === 'number') return r.value;
  if (r.kind === 'boolean') return r.value ? 1 : 0;
  if (r.kind === 'text' && /^\s*-?[0-9]+(\.[0-9]+)?\s*$/.test(r.value)) return Number(r.value);
  return undefined;
}

/** Text compared as `expect reply` compares it: white space collapsed, no spaces inside parentheses. */
export function canonicalText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/\( /g, '(').replace(/ \)/g, ')');
}

/** A result as the console and logpoints print it. */
export function formatResult(r: Result): string {
  switch (r.kind) {
    case 'number':
      return String(r.value);
    case 'boolean':
      return r.value ? 'true' : 'false';
    case 'text':
      return r.value;
    case 'unbound':
      return `<${r.pointer}: not bound>`;
  }
}

// ---- logpoints ------------------------------------------------------------------------------------------------------

export type Template = readonly (string | Expr)[];

/** Parses a logpoint message: text with `{expression}` parts; `{{` and `}}` are literal braces. */
export function parseLogMessage(src: string, knownPointers?: ReadonlySet<string>): { readonly template: Template } | { readonly error: string } {
  const out: (string | Expr)[] = [];
  let text = '';
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '{' && src[i + 1] === '{') {
      text += '{';
      i += 2;
    } else if (ch === '}' && src[i + 1] === '}') {
      text += '}';
      i += 2;
    } else if (ch === '{') {
      const close = src.indexOf('}', i + 1);
      if (close < 0) return { error: `column ${i + 1}: '{' is never closed (write {{ for a literal brace)` };
      const parsed = parseExpression(src.slice(i + 1, close), knownPointers);
      if ('error' in parsed) return { error: `in {${src.slice(i + 1, close)}}: ${parsed.error}` };
      if (text) out.push(text);
      text = '';
      out.push(parsed.expr);
      i = close + 1;
    } else if (ch === '}') {
      return { error: `column ${i + 1}: '}' without '{' (write }} for a literal brace)` };
    } else {
      text += ch;
      i++;
    }
  }
  if (text) out.push(text);
  return { template: out };
}

export function renderLogMessage(template: Template, scope: Scope): string {
  return template.map((p) => (typeof p === 'string' ? p : formatResult(evaluate(p, scope)))).join('');
}

// ---- hit conditions ---------------------------------------------------------------------------------------------------

export interface HitCondition {
  readonly op: '==' | '>=' | '>' | '<' | '<=' | '%';
  readonly n: number;
}

/** Parses a hit condition: `N` (the Nth hit only), `== N`, `>= N`, `> N`, `< N`, `<= N`, `% N` (every Nth hit). */
export function parseHitCondition(src: string): { readonly hit: HitCondition } | { readonly error: string } {
  const m = /^\s*(==|=|>=|>|<=|<|%)?\s*([0-9]+)\s*$/.exec(src);
  if (!m) return { error: `'${src}' is not a hit count: write N (the Nth hit), >= N, > N, < N, <= N, == N or % N (every Nth hit)` };
  const n = Number(m[2]);
  const op = (m[1] === '=' || m[1] === undefined ? '==' : m[1]) as HitCondition['op'];
  if (op === '%' && n === 0) return { error: "'% 0' would never stop: the modulus must be at least 1" };
  return { hit: { op, n } };
}

export function hitMatches(h: HitCondition, count: number): boolean {
  switch (h.op) {
    case '==':
      return count === h.n;
    case '>=':
      return count >= h.n;
    case '>':
      return count > h.n;
    case '<':
      return count < h.n;
    case '<=':
      return count <= h.n;
    case '%':
      return count % h.n === 0;
  }
}
