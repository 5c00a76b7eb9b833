// Go to definition, find references, document highlights and rename, from the binder's symbols and references
// (core/check/model.ts): every name in a file is an occurrence, a declaration or a use, and uses resolve to symbols.

import { findBuiltin } from '../check/builtins';
import { buildModel, RESERVED_GOVERNANCE_NAMES, type AmpSymbol, type Reference, type ReferenceRole, type SpecModel } from '../check/model';
import type { TextEdit } from '../diagnostics';
import { applyEdits } from '../format/edits';
import {
  argsOf, consentMoveParts, messageOf, messageString, nameOfValue, pointerName, pointersIn, transitionParts, type Name,
} from '../syntax/ast';
import { lex } from '../syntax/lexer';
import { ITEM_KEYWORDS, parse, STATEMENT_KEYWORDS } from '../syntax/parser';
import { childNode, childNodes, type Node } from '../syntax/tree';
import type { AnalyzedDocument, FileEdits, Location, Span } from './document';

// ---- occurrences ---------------------------------------------------------------------------------------------------

/** How a name occurs: where it is declared, or how it is used (the binder's roles, plus two the binder leaves alone). */
export type OccurrenceRole =
  | 'declaration'
  | ReferenceRole
  /** The machine named by a run's `steward consent(MACHINE, event)`. */
  | 'steward-consent'
  /** A pointer in `expect reply "…"`, which the checker does not bind: resolved to its run's bindings or top-level names. */
  | 'expect-pointer';

/** One name in the file: a declaration of a symbol, or a use that resolves to one (or to nothing). */
export interface Occurrence {
  readonly name: Name;
  readonly role: OccurrenceRole;
  /** The symbol declared or referred to; undefined for a use that does not resolve. */
  readonly symbol?: AmpSymbol;
  /** The binder's reference, for uses it recorded. */
  readonly reference?: Reference;
}

const occurrenceCache = new WeakMap<SpecModel, readonly Occurrence[]>();

/** Every declaration and use of a name in the model's file, sorted by position. Cached per model. */
export function occurrencesOf(model: SpecModel): readonly Occurrence[] {
  let out = occurrenceCache.get(model);
  if (!out) occurrenceCache.set(model, (out = collectOccurrences(model)));
  return out;
}

function collectOccurrences(model: SpecModel): Occurrence[] {
  const out: Occurrence[] = [];
  for (const symbol of model.symbols) if (symbol.decl) out.push({ name: symbol.decl, role: 'declaration', symbol });
  for (const reference of model.references) out.push({ name: reference.name, role: reference.role, symbol: reference.symbol, reference });
  const { source } = model;
  // `steward consent(publication, explicit_consent)` names a machine the binder does not record: a rename must follow.
  for (const stmt of model.index.of('StewardStmt')) {
    const call = childNode(stmt, 'Call');
    if (nameOfValue(call, source)?.text !== 'consent') continue;
    const list = call && childNode(call, 'ArgList');
    const first = list ? argsOf(list, source)[0] : undefined;
    const name = first && !first.name && first.value?.kind === 'NameValue' ? nameOfValue(first.value, source) : undefined;
    if (name) out.push({ name, role: 'steward-consent', symbol: model.consents.get(name.text) });
  }
  // Pointers in expected replies are compared as message trees; one that names a binding of its run made before it,
  // or a top-level message or agent, is kept in step with it by rename. Other names there are left alone.
  const runAt = (offset: number) => {
    let lo = 0;
    let hi = model.runs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const n = model.runs[mid].node;
      if (offset < n.start) hi = mid - 1;
      else if (offset >= n.end) lo = mid + 1;
      else return n;
    }
    return undefined;
  };
  const runLets = new Map<Node, AmpSymbol[]>();
  for (const s of model.symbols) {
    const run = (s.kind === 'let' || s.kind === 'instance') && s.decl ? runAt(s.decl.start) : undefined;
    if (!run) continue;
    const list = runLets.get(run);
    if (list) list.push(s);
    else runLets.set(run, [s]);
  }
  for (const stmt of model.index.of('ExpectStmt')) {
    const msg = messageOf(stmt);
    const lets = runLets.get(runAt(stmt.start) as Node) ?? [];
    for (const ptr of msg ? pointersIn(msg) : []) {
      const name = pointerName(ptr, source);
      if (!name) continue;
      const local = lets.filter((s) => s.name === name.text && s.decl!.end <= stmt.start).pop();
      const symbol = local ?? model.messages.get(name.text) ?? model.agents.get(name.text)?.symbol;
      if (symbol) out.push({ name, role: 'expect-pointer', symbol });
    }
  }
  return out.sort((a, b) => a.name.start - b.name.start || a.name.end - b.name.end);
}

/** The occurrence under the cursor: one containing `offset`, else one ending at it (the cursor just after a name). */
export function occurrenceAt(doc: AnalyzedDocument, offset: number): Occurrence | undefined {
  if (!Number.isFinite(offset)) return undefined;
  const all = occurrencesOf(doc.model);
  // Binary search for the last occurrence starting at or before the offset; names never overlap.
  let lo = 0;
  let hi = all.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid].name.start <= offset) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  let touching: Occurrence | undefined;
  for (let i = best; i >= 0 && i >= best - 2; i--) {
    const o = all[i];
    if (o.name.start <= offset && offset < o.name.end) return o;
    if (o.name.end === offset && !touching) touching = o;
  }
  return touching;
}

/** Two occurrences name the same thing: the same symbol, or the same unresolved name in the same namespace. */
function identityOf(o: Occurrence): string {
  if (o.symbol) return `symbol:${o.symbol.id}`;
  return `unresolved:${isConsentRole(o.role) ? 'consent' : 'value'}:${o.name.text}`;
}

function isConsentRole(role: OccurrenceRole): boolean {
  return role === 'consent-machine' || role === 'steward-consent';
}

/** Every occurrence of what `target` names, in source order. */
function occurrencesLike(doc: AnalyzedDocument, target: Occurrence): Occurrence[] {
  const id = identityOf(target);
  return occurrencesOf(doc.model).filter((o) => identityOf(o) === id);
}

/** The handler an ask reaches, when the cursor is in the text of the ask's message (not on a pointer). */
function askReachedAt(doc: AnalyzedDocument, offset: number): Node | undefined {
  for (const site of doc.model.asks) {
    const msg = site.message;
    if (!msg || offset <= msg.start || offset >= msg.end) continue;
    return site.handler?.template;
  }
  return undefined;
}

function span(s: Span): Span {
  return { start: s.start, end: s.end };
}

// ---- definition, references, highlights ----------------------------------------------------------------------------

/**
 * Where the name under the cursor is declared: a pointer's message, hole or binding, an ask's or view's target, a
 * consent machine, a proposal. In the text of an ask's question, the template of the handler that answers it. In a
 * `consent MACHINE -> STATE` move, on the state: the transitions of the machine that enter it. Built-in agents have no
 * declaration in the file.
 */
export function definitionAt(doc: AnalyzedDocument, offset: number): Location[] {
  try {
    const o = occurrenceAt(doc, offset);
    if (o) return o.symbol?.decl ? [span(o.symbol.decl)] : [];
    const state = consentStateAt(doc, offset);
    if (state) return state;
    const template = askReachedAt(doc, offset);
    return template ? [span(template)] : [];
  } catch {
    return [];
  }
}

/** On the state of a `consent MACHINE -> STATE` move: the `-> STATE` ends of the machine's transitions. */
function consentStateAt(doc: AnalyzedDocument, offset: number): Location[] | undefined {
  for (const move of doc.model.index.of('ConsentMove')) {
    if (offset < move.start || offset > move.end) continue;
    const { machine, state } = consentMoveParts(move, doc.text);
    if (!machine || !state || offset < state.start || offset > state.end) return undefined;
    const decl = doc.model.consents.get(machine.text)?.node;
    if (!decl) return undefined;
    const out: Location[] = [];
    for (const t of childNodes(decl, 'Transition')) {
      const to = transitionParts(t, doc.text).to;
      if (to?.text === state.text) out.push(span(to));
    }
    return out;
  }
  return undefined;
}

/** Every use of the name under the cursor (and its declaration when asked), in source order. */
export function referencesAt(doc: AnalyzedDocument, offset: number, includeDeclaration: boolean): Location[] {
  try {
    const o = occurrenceAt(doc, offset);
    if (!o) return [];
    return occurrencesLike(doc, o)
      .filter((x) => includeDeclaration || x.role !== 'declaration')
      .map((x) => span(x.name));
  } catch {
    return [];
  }
}

/** The declaration (a write) and the uses (reads) of the name under the cursor. */
export function highlightsAt(doc: AnalyzedDocument, offset: number): { span: Span; kind: 'read' | 'write' }[] {
  try {
    const o = occurrenceAt(doc, offset);
    if (!o) return [];
    return occurrencesLike(doc, o).map((x) => ({ span: span(x.name), kind: x.role === 'declaration' ? 'write' : 'read' }));
  } catch {
    return [];
  }
}

// ---- rename --------------------------------------------------------------------------------------------------------

/** What the cursor may rename, or why not; undefined where there is no name at all. */
export function prepareRenameAt(doc: AnalyzedDocument, offset: number): { span: Span; placeholder: string } | { error: string } | undefined {
  try {
    const o = occurrenceAt(doc, offset);
    if (!o) return undefined;
    const refused = unrenameable(o);
    return refused ? { error: refused } : { span: span(o.name), placeholder: o.name.text };
  } catch {
    return undefined;
  }
}

/**
 * Renames the declaration under the cursor and every use of it. Refuses a name that is not an AMP identifier, a
 * built-in agent's name, a reserved governance name, and a name that would collide with, hide or be hidden by another
 * name wherever the renamed one is visible (or would capture an undefined use); finally the renamed file is checked
 * again (parsed and bound) and the rename is refused if any name would resolve differently or a new syntax or name
 * error would appear.
 */
export function renameAt(doc: AnalyzedDocument, offset: number, newName: string): { edits: FileEdits[] } | { error: string } {
  try {
    const o = occurrenceAt(doc, offset);
    if (!o) return { error: 'There is no name here to rename' };
    const refused = unrenameable(o);
    if (refused) return { error: refused };
    const symbol = o.symbol!;
    if (typeof newName !== 'string') return { error: 'The new name is missing' };
    if (newName === symbol.name) return { edits: [] };
    const invalid = identifierProblem(newName) ?? reservedProblem(newName, symbol);
    if (invalid) return { error: invalid };
    const collision = collisionProblem(doc, symbol, newName);
    if (collision) return { error: collision };
    const edits: TextEdit[] = occurrencesLike(doc, o).map((x) => ({ start: x.name.start, end: x.name.end, newText: newName }));
    const changed = verifyRename(doc, edits, newName);
    if (changed) return { error: changed };
    return { edits: [{ edits }] };
  } catch (e) {
    return { error: `Rename failed: ${(e as Error).message}` };
  }
}

/** Why the occurrence cannot be renamed at all, if it cannot. */
function unrenameable(o: Occurrence): string | undefined {
  const s = o.symbol;
  if (!s) {
    if (RESERVED_GOVERNANCE_NAMES.has(o.name.text)) return `'${o.name.text}' is reserved for the governance layer (seed 002) and cannot be renamed`;
    return `'${o.name.text}' is not declared in this file, so there is nothing to rename`;
  }
  if (s.kind === 'builtin') return `'${s.name}' is a built-in agent; built-in agents cannot be renamed`;
  if (!s.decl) return `'${s.name}' has no declaration in this file`;
  return undefined;
}

/** Undefined when `name` is one AMP identifier (docs/language.md §1, as core/syntax/lexer.ts reads it). */
export function identifierProblem(name: string): string | undefined {
  if (name.length === 0) return 'The new name is empty';
  const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
  const rule = "an AMP name starts with a letter or '_' and continues with letters, digits, '_' and the apostrophe";
  const tokens = lex(name);
  if (tokens.length !== 2 || tokens[0].kind !== 'Ident' || tokens[0].end !== name.length) return `'${shown}' is not a valid name: ${rule}`;
  // Code points the lexer accepts one code unit at a time but that break a name elsewhere: a lone surrogate is not a
  // character, and spaces beyond ASCII split a pointer's name in two.
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(name)) return `'${shown}' is not a valid name: it holds a broken character`;
  if (/\s/.test(name)) return `'${shown}' is not a valid name: ${rule}, without spaces`;
  return undefined;
}

function reservedProblem(name: string, symbol: AmpSymbol): string | undefined {
  if (RESERVED_GOVERNANCE_NAMES.has(name)) return `'${name}' is reserved for the governance layer (seed 002: agent code may not read or write it)`;
  if (symbol.kind !== 'proposal' && findBuiltin(name)) return `'${name}' is the name of a built-in agent`;
  return undefined;
}

// ---- scopes --------------------------------------------------------------------------------------------------------

/** Which names can clash: the top-level namespace, the chain of scopes pointers resolve in, a selfmod's proposals. */
function namespaces(kind: AmpSymbol['kind']): { top: boolean; value: boolean; proposal: boolean } {
  return {
    top: kind === 'message' || kind === 'agent' || kind === 'consent' || kind === 'selfmod',
    value: kind === 'message' || kind === 'agent' || kind === 'hole' || kind === 'let' || kind === 'instance',
    proposal: kind === 'proposal',
  };
}

/**
 * The part of the file where a symbol is visible (docs/language.md §14): top-level names everywhere; a template hole
 * in its handler; a `let` or view hole from the end of its statement to the end of the block around it; a proposal
 * within its selfmod.
 */
function regionOf(doc: AnalyzedDocument, s: AmpSymbol): Span {
  const whole = { start: 0, end: doc.text.length };
  const node = s.node;
  if (!node) return whole;
  switch (s.kind) {
    case 'hole':
      if (node.kind === 'Handler') return span(node);
      return afterStatement(doc, node);
    case 'let':
    case 'instance':
      return afterStatement(doc, node);
    case 'proposal': {
      const selfmod = ancestors(doc.tree, node).find((n) => n.kind === 'SelfmodDecl');
      return selfmod ? span(selfmod) : span(node);
    }
    default:
      return whole;
  }
}

function afterStatement(doc: AnalyzedDocument, stmt: Node): Span {
  const path = ancestors(doc.tree, stmt);
  const block = [...path].reverse().find((n) => n.kind === 'Block');
  return { start: stmt.end, end: block ? block.end : doc.text.length };
}

/** The nodes from the root down to `target` (excluded); empty when the target is not in the tree. */
function ancestors(root: Node, target: Node): Node[] {
  const path: Node[] = [];
  const rec = (n: Node): boolean => {
    if (n === target) return true;
    path.push(n);
    for (const c of childNodes(n)) if (c.start <= target.start && target.end <= c.end && rec(c)) return true;
    path.pop();
    return false;
  };
  return rec(root) ? path : [];
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

function lineOf(doc: AnalyzedDocument, offset: number): number {
  return doc.lines.positionAt(offset).line + 1;
}

function shorten(s: string, max = 40): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** A symbol as a sentence names it: "the hole [head] of the handler "…" (line 3)". */
export function describeSymbol(doc: AnalyzedDocument, s: AmpSymbol): string {
  const at = s.decl ? ` (line ${lineOf(doc, s.decl.start)})` : '';
  switch (s.kind) {
    case 'message': return `the message '${s.name}'${at}`;
    case 'agent': return `the agent '${s.name}'${at}`;
    case 'builtin': return `the built-in agent '${s.name}'`;
    case 'hole':
      if (s.node?.kind === 'Handler') {
        const template = messageString(messageOf(s.node), doc.text);
        return `the hole [${s.name}] of the handler "${shorten(template ?? '')}"${at}`;
      }
      return `the hole [${s.name}] of a view${at}`;
    case 'let': return `the binding '${s.name}'${at}`;
    case 'instance': return `the new agent '${s.name}'${at}`;
    case 'consent': return `the consent machine '${s.name}'${at}`;
    case 'selfmod': return `the self-modification declaration '${s.name}'${at}`;
    case 'proposal': return `the proposal '${s.name}'${at}`;
    case 'run': return `the run "${s.name}"${at}`;
  }
}

function kindWord(s: AmpSymbol): string {
  const words: Record<AmpSymbol['kind'], string> = {
    message: 'message', agent: 'agent', builtin: 'built-in agent', hole: 'hole', let: 'binding', instance: 'new agent',
    consent: 'consent machine', selfmod: 'self-modification declaration', proposal: 'proposal', run: 'run',
  };
  return words[s.kind];
}

/** Why renaming `s` to `name` would clash with another name, if it would. */
function collisionProblem(doc: AnalyzedDocument, s: AmpSymbol, name: string): string | undefined {
  const mine = namespaces(s.kind);
  const region = regionOf(doc, s);
  const what = `the renamed ${kindWord(s)}`;
  for (const t of doc.model.symbols) {
    if (t === s || t.name !== name || !t.decl) continue;
    const theirs = namespaces(t.kind);
    const other = describeSymbol(doc, t);
    if (mine.top && theirs.top) return `Cannot rename to '${name}': ${other} already has that name (messages, agents, consent machines and selfmods share one namespace)`;
    if (mine.proposal && theirs.proposal && overlaps(region, regionOf(doc, t))) return `Cannot rename to '${name}': ${other} in the same selfmod already has that name`;
    if (!(mine.value && theirs.value)) continue;
    const local = (k: AmpSymbol['kind']) => k === 'hole' || k === 'let' || k === 'instance';
    if (!local(s.kind) && local(t.kind)) return `Cannot rename to '${name}': ${other} has that name and would hide ${what} there`;
    if (local(s.kind) && !local(t.kind)) return `Cannot rename to '${name}': ${what} would hide ${other}`;
    if (overlaps(region, regionOf(doc, t))) return `Cannot rename to '${name}': ${other} is visible where ${what} is`;
  }
  // A use of `name` that resolves to nothing today would start resolving to the renamed symbol.
  for (const o of occurrencesOf(doc.model)) {
    if (o.symbol || o.name.text !== name || o.role === 'declaration') continue;
    const consentUse = isConsentRole(o.role);
    if (consentUse ? s.kind !== 'consent' : !mine.value) continue;
    if (o.name.start < region.start || o.name.start >= region.end) continue;
    const use = consentUse ? `the undefined consent machine '${name}'` : o.role === 'ask-target' ? `the unknown agent '${name}'` : `the undefined pointer [${name}]`;
    return `Cannot rename to '${name}': ${use} at line ${lineOf(doc, o.name.start)} would then refer to ${what}`;
  }
  return undefined;
}

// ---- checking the result -------------------------------------------------------------------------------------------

/** The words the parser gives meaning to by position (docs/language.md §1), for a clearer refusal. */
const CONTEXTUAL_KEYWORDS = new Set<string>([
  ...ITEM_KEYWORDS, ...STATEMENT_KEYWORDS, 'on', 'event', 'replays', 'budget', 'as', 'else', 'option', 'error', 'initial', 'from',
  'trigger', 'window', 'weight', 'identity', 'weights', 'config', 'seed', 'cycles', 'epsilon', 'proposal', 'risk', 'scope',
  'benefit', 'shadow', 'effect',
]);

function describeOccurrence(doc: AnalyzedDocument, o: Occurrence): string {
  const where = `line ${lineOf(doc, o.name.start)}`;
  switch (o.role) {
    case 'declaration': return `the declaration of '${o.name.text}' at ${where}`;
    case 'pointer':
    case 'expect-pointer': return `the pointer [${o.name.text}] at ${where}`;
    case 'ask-target': return `the ask target '${o.name.text}' at ${where}`;
    case 'view-target': return `the view of '${o.name.text}' at ${where}`;
    default: return `the consent machine '${o.name.text}' at ${where}`;
  }
}

/**
 * Applies the edits, checks the new text, and compares: every name must resolve as before (same declaration, moved
 * by the edits) and no new error may appear. Catches what the scope rules above do not model, such as a name that
 * reads as a keyword where it is used (an agent called `budget`).
 */
function verifyRename(doc: AnalyzedDocument, edits: readonly TextEdit[], newName: string): string | undefined {
  const text = applyEdits(doc.text, edits);
  // Parsing and binding decide what names mean; the rules after them do not depend on spelling, so they are skipped.
  const parsed = parse(text);
  const after = { model: buildModel(parsed.tree, text), diagnostics: [...parsed.diagnostics] };
  after.diagnostics.push(...after.model.diagnostics);
  const ends = edits.map((e) => e.end).sort((a, b) => a - b);
  const delta = newName.length - (edits[0] ? edits[0].end - edits[0].start : 0);
  const moved = (offset: number) => {
    let k = 0;
    while (k < ends.length && ends[k] <= offset) k++;
    return offset + k * delta;
  };
  const before = occurrencesOf(doc.model);
  const now = new Map(occurrencesOf(after.model).map((o) => [o.name.start, o]));
  const differs = (o: Occurrence) =>
    `Cannot rename to '${newName}': ${describeOccurrence(doc, o)} would no longer refer to ${o.symbol ? describeSymbol(doc, o.symbol) : 'the same thing'}${CONTEXTUAL_KEYWORDS.has(newName) ? ` ('${newName}' reads as a keyword there)` : ''}`;
  for (const o of before) {
    const n = now.get(moved(o.name.start));
    if (!n || (n.role === 'declaration') !== (o.role === 'declaration') || !n.symbol !== !o.symbol) return differs(o);
    if (o.symbol && n.symbol) {
      const same = o.symbol.decl ? n.symbol.decl?.start === moved(o.symbol.decl.start) : !n.symbol.decl && n.symbol.name === o.symbol.name;
      if (!same) return differs(o);
    }
    now.delete(n.name.start);
  }
  // A name that meant nothing before and now does (a pointer in an expected reply that starts to resolve).
  for (const n of now.values()) {
    const use = n.role === 'declaration' ? `a new declaration of '${n.name.text}'` : `[${n.name.text}]`;
    return `Cannot rename to '${newName}': ${use} at line ${lineIn(text, n.name.start)} would then refer to the renamed name`;
  }
  const errors = (ds: readonly { code: string; severity: string }[]) => {
    const m = new Map<string, number>();
    for (const d of ds) if (d.severity === 'error') m.set(d.code, (m.get(d.code) ?? 0) + 1);
    return m;
  };
  const was = errors(doc.diagnostics);
  const is = errors(after.diagnostics);
  for (const d of after.diagnostics) {
    if (d.severity !== 'error' || (is.get(d.code) ?? 0) <= (was.get(d.code) ?? 0)) continue;
    return `Cannot rename to '${newName}': it would cause ${d.code} at line ${lineIn(text, d.start)}: ${d.message}`;
  }
  return undefined;
}

function lineIn(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}
