// Completion: what may be written at the cursor. Pointer names in scope inside messages, agents after `ask`, breach ids,
// annotation names and arguments, header keys and values, invariant names, proposal types, C_L4 terms, consent states
// and events, keywords where statements and items start, and snippets for the main constructs. Pure and total.

import { BUILTIN_AGENTS, findBuiltin, type BuiltinAgent } from '../check/builtins';
import { INVARIANT_NAMES } from '../check/header';
import { isAgentInfo, RESERVED_GOVERNANCE_NAMES, type AgentInfo, type AmpSymbol } from '../check/model';
import { CONSENT_STATES, PROTECTED_CHANNELS, RESTORATIVE_EVENT } from '../check/rules/invariants-common';
import { readConsentMachine } from '../check/rules/invariants-consent';
import { FORGIVENESS_KERNELS, SCAR_TRIGGERS } from '../check/rules/invariants-scars';
import { governedConstructs } from '../check/rules/invariants-wiring';
import { GOVERNANCE_EVENTS } from '../check/rules/placement';
import { CONFIG_SETTINGS, PROPOSAL_SETTINGS, SELFMOD_SETTINGS } from '../check/rules/selfmod';
import { describeTerm, describeType, findModificationType, MODIFICATION_TYPES, RISK_LEVELS, riskAtLeast, TERMS, type RiskLevel } from '../check/selfmod-catalog';
import { annotationName, idents, messageOf, proposalParts, viewParts } from '../syntax/ast';
import { isNode, type Node } from '../syntax/tree';
import {
  bracesOf, clampOffset, innermost, insideMessage, linePrefix, lineEndOf, messageContentEnd, namesInScope, parentOn, tokenAt, wordAt,
} from './assist-context';
import { EVENT_DOCS, ITEM_DOCS, SETTING_DOCS, STATE_DOCS, STATEMENT_DOCS, STEWARD_EVENT_DOCS, VETO_STATES, channelDoc, fence, wordMarkdown } from './assist-docs';
import { headerCursor } from './assist-header';
import { annotationCompletions, argNodes, breachIdCompletions } from './completion-annotations';
import { headerCompletions } from './completion-header';
import { escapeSnippet, HANDLER_SNIPPETS, headerSnippet, ITEM_SNIPPETS, preview, RUN_SNIPPETS, toSnippet, type SnippetSpec } from './assist-snippets';
import type { AnalyzedDocument, Span } from './document';

export type CompletionKindName =
  | 'message' | 'agent' | 'builtin' | 'pointer' | 'keyword' | 'snippet' | 'annotation' | 'breach' | 'invariant' | 'header-key' | 'proposal-type' | 'term' | 'value' | 'event' | 'state';

export interface CompletionEntry {
  label: string;
  kind: CompletionKindName;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  insertText?: string;
  isSnippet?: boolean;
  /** The text the entry replaces: the whole word (or string) under the cursor; `[replace.start, offset]` is what was typed. */
  replace?: Span;
  sortText?: string;
  filterText?: string;
}

/** The completions at `offset` in `doc`; empty where nothing can be offered. Never throws. */
export function completionsAt(doc: AnalyzedDocument, offset: number): CompletionEntry[] {
  try {
    return completionsOrThrow(doc, offset);
  } catch {
    return [];
  }
}

/** {@link completionsAt} without the safety net: an internal error escapes, so tests can find what the net would hide. */
export function completionsOrThrow(doc: AnalyzedDocument, offset: number): CompletionEntry[] {
  const o = clampOffset(doc.text, offset);
  return o === undefined ? [] : new Completer(doc, o).run();
}

const ID = "[A-Za-z_\\u00C0-\\uFFFF][\\w'\\u00C0-\\uFFFF]*";
const PART = "[\\w'\\u00C0-\\uFFFF]*";
const MESSAGE_RE = '"(?:[^"\\\\\\r\\n]|\\\\.)*"';

/** Kinds whose `{ … }` holds statements, handlers, options or settings: where keyword completion looks. */
const CONTAINERS = new Set<Node['kind']>(['Block', 'AgentDecl', 'ChooseStmt', 'ConsentDecl', 'SelfmodDecl', 'PropertyBlock', 'Record']);

/** What the completion helpers read: the document, its text, the cursor and the word around it. */
export interface CompletionContext {
  readonly doc: AnalyzedDocument;
  readonly text: string;
  readonly o: number;
  /** The word under the cursor: what an entry replaces unless it says otherwise. */
  readonly word: Span;
}

class Completer implements CompletionContext {
  readonly text: string;
  readonly word: Span;
  private readonly prefix: string;

  constructor(readonly doc: AnalyzedDocument, readonly o: number) {
    this.text = doc.text;
    this.word = wordAt(this.text, o);
    this.prefix = linePrefix(this.text, o);
  }

  run(): CompletionEntry[] {
    const { doc, o } = this;
    const header = headerCursor(doc, o);
    if (header) return headerCompletions(this);
    const left = tokenAt(doc.tree, o, 'left');
    if (left?.token.kind === 'Comment' && (this.text.startsWith('//', left.token.start) || o < left.token.end)) return [];
    if (left) {
      const msg = innermost(left.path, 'Message');
      if (msg && insideMessage(msg, o)) return this.inMessage(msg, left.path);
      const annotation = annotationCompletions(this, left.token, left.path);
      if (annotation) return annotation;
    }
    return this.byLine();
  }

  // ---- entries ----------------------------------------------------------------------------------------------------

  private entry(label: string, kind: CompletionKindName, extra: Partial<CompletionEntry> = {}): CompletionEntry {
    return { label, kind, replace: this.word, ...extra };
  }

  private snippet(s: SnippetSpec, sort: string): CompletionEntry {
    return this.entry(s.label, 'snippet', {
      detail: s.detail,
      documentation: fence('amp', preview(s.body).replace(/\t/g, '  ')),
      insertText: toSnippet(s.body),
      isSnippet: true,
      filterText: s.keyword,
      sortText: sort,
    });
  }

  private keyword(word: string, doc: { syntax: string; doc: string } | undefined, sort: string, detail = 'keyword'): CompletionEntry {
    return this.entry(word, 'keyword', { detail, documentation: doc ? wordMarkdown(doc) : undefined, sortText: sort });
  }

  // ---- messages ---------------------------------------------------------------------------------------------------

  private inMessage(msg: Node, path: readonly Node[]): CompletionEntry[] {
    const parent = parentOn(path, msg);
    const contentStart = msg.start + 1;
    const contentEnd = messageContentEnd(msg);
    // A breach id written as a string: `@breach("…")` or `weight "…" n` in the conscience block.
    if (parent?.kind === 'Arg') {
      const annotation = innermost(path, 'Annotation');
      const args = annotation ? argNodes(annotation) : [];
      if (annotation && annotationName(annotation, this.text)?.text === 'breach' && args[0] === parent && !idents(parent, this.text).length)
        return breachIdCompletions({ start: contentStart, end: contentEnd }, false);
      return [];
    }
    if (parent?.kind === 'Property' && innermost(path, 'ConscienceDecl') && idents(parent, this.text)[0]?.text === 'weight' && firstValue(parent) === msg)
      return breachIdCompletions({ start: contentStart, end: contentEnd }, false);
    if (!parent || parent.kind === 'RunDecl' || parent.kind === 'Replays' || parent.kind === 'StewardStmt') return [];
    const template = parent.kind === 'Handler' || (parent.kind === 'ViewStmt' && viewParts(parent, this.text).template === msg);
    const word = wordAt(this.text, this.o, contentStart, contentEnd);
    let before = word.start;
    while (before > contentStart && (this.text[before - 1] === ' ' || this.text[before - 1] === '\t')) before--;
    const afterBracket = before > contentStart && this.text[before - 1] === '[' && !escaped(this.text, before - 1);
    if (afterBracket) return template ? [] : this.pointers(word, contentEnd);
    if (parent.kind === 'AskExpr' && !template) return this.templates(parent, { start: contentStart, end: this.o });
    return [];
  }

  /** Pointer names in scope: the holes and bindings around the cursor, then messages and agents. */
  private pointers(word: Span, contentEnd: number): CompletionEntry[] {
    const scope = namesInScope(this.doc.model, this.o);
    let after = word.end;
    while (after < contentEnd && this.text[after] === ' ') after++;
    const close = this.text[after] === ']' ? '' : ']';
    const out: CompletionEntry[] = [];
    for (const sym of scope.values()) {
      if (RESERVED_GOVERNANCE_NAMES.has(sym.name)) continue;
      const { kind, detail, documentation, rank } = this.describeName(sym);
      out.push({ label: sym.name, kind, detail, documentation, replace: word, insertText: sym.name + close, sortText: `${rank}${sym.name}` });
    }
    return out;
  }

  private describeName(sym: AmpSymbol): { kind: CompletionKindName; detail: string; documentation?: string; rank: number } {
    const src = this.text;
    const snippetOf = (n: Node | undefined) => (n ? fence('amp', src.slice(n.start, Math.min(n.end, lineEndOf(src, n.start)))) : undefined);
    switch (sym.kind) {
      case 'message': {
        const msg = sym.node ? messageOf(sym.node) : undefined;
        return { kind: 'message', detail: 'message', documentation: msg ? fence('amp', `message ${sym.name} = ${src.slice(msg.start, msg.end)}`) : undefined, rank: 1 };
      }
      case 'agent':
        return { kind: 'agent', detail: 'agent', documentation: this.agentDoc(this.doc.model.agents.get(sym.name)), rank: 2 };
      case 'hole':
        return { kind: 'pointer', detail: sym.node?.kind === 'ViewStmt' ? 'hole of a view template' : 'hole of the handler’s template', documentation: snippetOf(sym.node?.kind === 'Handler' ? messageOf(sym.node) : sym.node), rank: 0 };
      case 'let':
        return { kind: 'pointer', detail: 'let binding', documentation: snippetOf(sym.node), rank: 0 };
      case 'instance':
        return { kind: 'agent', detail: 'new agent from an ask', documentation: snippetOf(sym.node), rank: 0 };
      default:
        return { kind: 'pointer', detail: sym.kind, rank: 3 };
    }
  }

  /** Inside an ask's message: the templates of the agent asked, as snippets with their holes as placeholders. */
  private templates(ask: Node, typed: Span): CompletionEntry[] {
    if (/[[(]/.test(this.text.slice(typed.start, typed.end))) return [];
    const target = idents(ask, this.text)[1]?.text;
    if (!target) return [];
    const callee = this.callee(target);
    const templates: { text: string; shown: string }[] = [];
    if (callee && isAgentInfo(callee)) {
      for (const h of callee.handlers) if (h.template) templates.push({ text: this.text.slice(h.template.start + 1, messageContentEnd(h.template)), shown: callee.symbol.name });
    } else if (callee?.templates) for (const t of callee.templates) templates.push({ text: t, shown: callee.name });
    return templates.map((t, i) => {
      let n = 0;
      const snippet = t.text
        .split(/(\[[^\]]*\])/)
        .map((piece) => (/^\[[^\]]*\]$/.test(piece) ? `[\${${++n}:${escapeSnippet(piece.slice(1, -1).trim())}}]` : escapeSnippet(piece)))
        .join('');
      return {
        label: t.text,
        kind: 'snippet' as const,
        detail: `a message ${t.shown} answers`,
        insertText: snippet,
        isSnippet: true,
        replace: typed,
        filterText: t.text,
        sortText: String(i).padStart(3, '0'),
      };
    });
  }

  private callee(name: string): AgentInfo | BuiltinAgent | undefined {
    const agent = this.doc.model.agents.get(name);
    if (agent) return agent;
    const builtin = findBuiltin(name);
    if (builtin) return builtin;
    const sym = namesInScope(this.doc.model, this.o).get(name);
    return sym?.kind === 'instance' ? sym.agentOf : undefined;
  }

  private agentDoc(agent: AgentInfo | undefined): string | undefined {
    if (!agent) return undefined;
    if (agent.replays !== undefined) return `Replays \`${agent.replays}\`: answers any message.`;
    const lines = agent.handlers.slice(0, 12).map((h) => `- \`on ${h.template ? this.text.slice(h.template.start, h.template.end) : '"…"'}\``);
    return lines.length ? `Answers:\n\n${lines.join('\n')}` : 'No handlers yet.';
  }

  // ---- by the text of the line ------------------------------------------------------------------------------------

  private byLine(): CompletionEntry[] {
    const p = this.prefix;
    const re = (s: string) => new RegExp(s, 'u').test(p);
    const path = containerPath(this.doc.tree, this.word.start);
    const container = innermostContainer(path, this.word.start);
    const inSelfmod = path.some((n) => n.kind === 'SelfmodDecl');
    const inConsentDecl = container?.kind === 'ConsentDecl';
    const inAgent = path.some((n) => n.kind === 'AgentDecl');
    const inRun = path.some((n) => n.kind === 'RunDecl');
    const inBlock = container?.kind === 'Block';

    if (inSelfmod && re(`^\\s*proposal\\s+${ID}\\s*:\\s*${PART}$`)) return this.proposalTypes();
    if (inSelfmod && re(`^\\s*risk\\s+${PART}$`) && path.some((n) => n.kind === 'Proposal')) return this.riskLevels(path);
    const record = this.termRecord(path);
    if (record) return record;
    if (inBlock && re(`(?:^|[\\s=])ask\\s+${PART}$`)) return this.askTargets();
    if (inBlock && re(`(?:^|[\\s=])ask\\s+${ID}\\s*${MESSAGE_RE}\\s+${PART}$`)) return [this.keyword('budget', STATEMENT_DOCS.budget, '0'), this.snippet({ label: 'budget N', keyword: 'budget', detail: 'transfer N operations', body: 'budget ⟨1:100⟩' }, '1')];
    if (inBlock && re(`^\\s*view\\s+${PART}$`)) return this.pointerNames();
    if (inBlock && re(`^\\s*view\\s+${ID}\\s+${PART}$`)) return [this.keyword('as', STATEMENT_DOCS.as, '0')];
    if (inBlock && re(`^\\s*view\\s+${ID}\\s+as\\s*${MESSAGE_RE}\\s+${PART}$`)) return [this.snippet({ label: 'else { … }', keyword: 'else', detail: 'when the message does not match', body: 'else {\n\treply "⟨1:no match⟩"\n}' }, '0')];
    if (inBlock && re(`^\\s*let\\s+${ID}(?:\\s*,\\s*${ID})?\\s*=\\s*${PART}$`)) return [this.keyword('ask', STATEMENT_DOCS.ask, '0'), this.keyword('reflect', STATEMENT_DOCS.reflect, '1')];
    if (inBlock && inRun && re(`^\\s*expect\\s+${PART}$`)) return [this.keyword('reply', STATEMENT_DOCS.expect, '0'), this.keyword('error', STATEMENT_DOCS.expect, '1')];
    if (inBlock && inRun && re(`^\\s*steward\\s+${PART}$`)) return this.stewardEvents();
    if (inRun && re(`^\\s*steward\\s+veto\\(\\s*${PART}$`)) return Object.entries(VETO_STATES).map(([k, d], i) => this.entry(k, 'value', { detail: 'veto fuse', documentation: d, sortText: String(i) }));
    if (inRun && re(`^\\s*steward\\s+consent\\(\\s*${PART}$`)) return this.machines();
    if (inRun && re(`^\\s*steward\\s+consent\\(\\s*${ID}\\s*,\\s*${PART}$`)) return this.events(['explicit_consent', 'explicit_dissent']);
    if (inBlock && inAgent && re(`^\\s*consent\\s+${PART}$`)) return this.machines();
    if (inBlock && inAgent && re(`^\\s*consent\\s+${ID}\\s*->\\s*${PART}$`)) return this.states(this.enteredStates(/consent\s+([^\s-]+)/u.exec(p)?.[1]));
    if (inConsentDecl && (re(`^\\s*initial\\s+${PART}$`) || re(`^\\s*${ID}\\s*->\\s*${PART}$`))) return this.states([...CONSENT_STATES]);
    if (inConsentDecl && re(`->\\s*${ID}\\s+on\\s+${PART}$`)) return this.events(['explicit_consent', 'explicit_dissent']);
    if (inConsentDecl && re(`->\\s*${ID}(?:\\s+on\\s+${ID})?\\s+from\\s+${PART}$`)) return this.channels();
    if (inAgent && !inBlock && re(`^\\s*on\\s+event\\s+${PART}$`)) return this.events([...GOVERNANCE_EVENTS]);
    if (inAgent && !inBlock && re(`^\\s*on\\s+${PART}$`)) return [this.keyword('event', STATEMENT_DOCS.event, '0')];
    if (container?.kind === 'PropertyBlock' && parentKind(path, container) === 'ScarsDecl') {
      if (re(`^\\s*trigger\\s+${PART}$`)) return this.triggers();
      if (re(`^\\s*forgiveness\\s+${PART}$`)) return this.kernels();
    }
    if (re(`^\\s*${PART}$`) || re(`\\{\\s*${PART}$`) || (inBlock && re(`^\\s*(?:@${ID}(?:\\([^)\\r\\n]*\\))?\\s*)+${PART}$`)))
      return this.keywords(path, container);
    // Settings share a line (`config { seed 42  cycles 120 }`): after a complete setting, another may start.
    if ((container?.kind === 'PropertyBlock' || container?.kind === 'SelfmodDecl') && re(`\\s${PART}$`) && !this.awaitsValue(container))
      return this.keywords(path, container);
    return [];
  }

  /** True when the cursor stands where the value of the setting before it belongs (`seed |`). */
  private awaitsValue(container: Node): boolean {
    const before = container.children.filter((c): c is Node => isNode(c) && c.kind === 'Property' && c.start < this.word.start).pop();
    if (!before) return false;
    const values = before.children.filter((c) => isNode(c) && !(c.start <= this.word.start && this.word.start <= c.end)).length;
    return values === 0 && !/[\r\n]/.test(this.text.slice(before.start, this.word.start));
  }

  private pointerNames(): CompletionEntry[] {
    const out: CompletionEntry[] = [];
    for (const sym of namesInScope(this.doc.model, this.o).values()) {
      if (RESERVED_GOVERNANCE_NAMES.has(sym.name)) continue;
      const { kind, detail, documentation, rank } = this.describeName(sym);
      out.push(this.entry(sym.name, kind, { detail, documentation, sortText: `${rank}${sym.name}` }));
    }
    return out;
  }

  private askTargets(): CompletionEntry[] {
    const out: CompletionEntry[] = [];
    for (const a of this.doc.model.agents.values()) {
      const n = a.handlers.length;
      out.push(this.entry(a.symbol.name, 'agent', { detail: a.replays !== undefined ? 'replay agent' : `agent · ${n} handler${n === 1 ? '' : 's'}`, documentation: this.agentDoc(a), sortText: `0${a.symbol.name}` }));
    }
    for (const sym of namesInScope(this.doc.model, this.o).values()) {
      if (sym.kind !== 'instance') continue;
      const of = sym.agentOf ? (isAgentInfo(sym.agentOf) ? sym.agentOf.symbol.name : sym.agentOf.name) : undefined;
      out.push(this.entry(sym.name, 'agent', { detail: `new agent${of ? ` from ask ${of}` : ''}`, sortText: `0${sym.name}` }));
    }
    for (const b of BUILTIN_AGENTS) {
      const doc = [b.summary, ...(b.templates ? ['', 'Answers:', '', ...b.templates.map((t) => `- \`"${t}"\``)] : ['', 'Answers any message.'])].join('\n');
      out.push(this.entry(b.name, 'builtin', { detail: 'built-in agent', documentation: doc, sortText: `1${b.name}` }));
    }
    return out;
  }

  private proposalTypes(): CompletionEntry[] {
    return MODIFICATION_TYPES.map((t, i) =>
      this.entry(t.name, 'proposal-type', { detail: `${t.title} · risk ${t.risk} · ${t.approval}`, documentation: describeType(t.name), sortText: String(i) }),
    );
  }

  private riskLevels(path: readonly Node[]): CompletionEntry[] {
    const proposal = path.find((n) => n.kind === 'Proposal');
    const type = proposal ? proposalParts(proposal, this.text).type : undefined;
    const intrinsic = type ? findModificationType(type.text)?.risk : undefined;
    return RISK_LEVELS.filter((r) => !intrinsic || riskAtLeast(r, intrinsic)).map((r, i) =>
      this.entry(r, 'value', {
        detail: `risk${r === intrinsic ? ` · the intrinsic risk of ${type?.text}` : ''}`,
        documentation: riskAtLeast(r as RiskLevel, 'medium') ? `Needs \`shadow N\` (at most 20 cycles) before commit (AMP-S006).` : 'No shadow simulation required.',
        sortText: String(i),
      }),
    );
  }

  /** C_L4 term names as keys of `weights { … }`, `initial { … }` or `effect { … }`. */
  private termRecord(path: readonly Node[]): CompletionEntry[] | undefined {
    const block = [...path].reverse().find((n) => (n.kind === 'Record' || n.kind === 'PropertyBlock') && bracesOf(n).open && this.o >= bracesOf(n).open!.end);
    if (!block) return undefined;
    const prop = parentOn(path, block);
    const key = prop?.kind === 'Property' ? idents(prop, this.text)[0]?.text : undefined;
    if (key !== 'weights' && key !== 'initial' && key !== 'effect') return undefined;
    let i = this.word.start;
    while (i > block.start && /\s/.test(this.text[i - 1])) i--;
    if (this.text[i - 1] !== '{' && this.text[i - 1] !== ',') return [];
    const present = new Set([...this.text.slice(block.start, block.end).matchAll(/([\w'\u00C0-\uFFFF]+)\s*:/gu)].map((m) => m[1]));
    return TERMS.filter((t) => !present.has(t.name) || t.name === this.text.slice(this.word.start, this.word.end)).map((t, n) => {
      const value = key === 'weights' ? String(t.weight) : key === 'initial' ? '0' : '0.01';
      return this.entry(t.name, 'term', {
        detail: `${t.symbol}: ${t.title} · weight ${t.weight}`,
        documentation: describeTerm(t.name),
        insertText: toSnippet(`${t.name}: ⟨1:${value}⟩`),
        isSnippet: true,
        sortText: String(n),
      });
    });
  }

  private stewardEvents(): CompletionEntry[] {
    const bodies: Record<string, string> = {
      veto: 'veto(⟨1|tripped,strained,ok⟩)',
      consent: 'consent(⟨1:machine⟩, ⟨2|explicit_consent,explicit_dissent⟩)',
      incident: 'incident("⟨1:what happened⟩")',
      restore: 'restore("⟨1:the scar⟩")',
    };
    return Object.entries(STEWARD_EVENT_DOCS).map(([k, d], i) =>
      this.entry(k, 'event', { detail: d.syntax, documentation: d.doc, insertText: toSnippet(bodies[k]), isSnippet: true, sortText: String(i) }),
    );
  }

  private machines(): CompletionEntry[] {
    return [...this.doc.model.consents.values()].map((m) => this.entry(m.name, 'state', { detail: 'consent machine', sortText: m.name }));
  }

  private enteredStates(machine: string | undefined): string[] {
    const sym = machine ? this.doc.model.consents.get(machine) : undefined;
    if (!sym?.node) return [...CONSENT_STATES];
    const entered = new Set(readConsentMachine(sym.node, this.text).transitions.map((t) => t.to?.text).filter((x): x is string => !!x));
    // Agent code may never move a machine into consent or dissent (AMP-G008): those are left out.
    return CONSENT_STATES.filter((s) => entered.has(s) && s !== 'CONSENT_GIVEN' && s !== 'DISSENT');
  }

  private states(states: readonly string[]): CompletionEntry[] {
    return states.map((s, i) => this.entry(s, 'state', { detail: 'consent state', documentation: (STATE_DOCS as Record<string, string>)[s], sortText: String(i) }));
  }

  private events(events: readonly string[]): CompletionEntry[] {
    return events.map((e, i) => this.entry(e, 'event', { detail: 'governance event', documentation: EVENT_DOCS[e], sortText: String(i) }));
  }

  private channels(): CompletionEntry[] {
    const all = [...new Set([...PROTECTED_CHANNELS, ...this.doc.governance.answerableTo])];
    return all.map((c, i) => this.entry(c, 'value', { detail: 'protected channel', documentation: channelDoc(c, this.doc.governance.answerableTo), sortText: String(i) }));
  }

  private triggers(): CompletionEntry[] {
    const defaults: Record<string, string> = { E_ext_spike: 'above: ⟨1:0.5⟩', beta1_lap_excursion: 'min: ⟨1:0.1⟩, max: ⟨2:0.6⟩', incident_report: 'from: ⟨1:steward⟩' };
    return Object.keys(SCAR_TRIGGERS).map((t, i) =>
      this.entry(t, 'value', { detail: `scar trigger (${SCAR_TRIGGERS[t].join(', ')})`, documentation: SETTING_DOCS.scars.trigger.doc, insertText: toSnippet(`${t}(${defaults[t]})`), isSnippet: true, sortText: String(i) }),
    );
  }

  private kernels(): CompletionEntry[] {
    return Object.keys(FORGIVENESS_KERNELS).map((k, i) =>
      this.entry(k, 'value', { detail: 'forgiveness kernel (shape, scale)', documentation: SETTING_DOCS.scars.forgiveness.doc, insertText: toSnippet(`${k}(shape: ⟨1:2⟩, scale: ⟨2:30⟩)`), isSnippet: true, sortText: String(i) }),
    );
  }

  // ---- keywords and snippets where a statement, handler, setting or item starts ----------------------------------

  private keywords(path: readonly Node[], container: Node | undefined): CompletionEntry[] {
    if (!container) return this.items();
    switch (container.kind) {
      case 'Block': {
        if (path.some((n) => n.kind === 'RunDecl')) {
          return [
            ...['let', 'ask', 'expect', 'steward'].map((k, i) => this.keyword(k, STATEMENT_DOCS[k], `0${i}`)),
            ...RUN_SNIPPETS.map((s, i) => this.snippet(s, `1${i}`)),
          ];
        }
        const handler = [...path].reverse().find((n) => n.kind === 'Handler' || n.kind === 'EventHandler');
        const restorative = handler?.kind === 'EventHandler' && idents(handler, this.text)[2]?.text === RESTORATIVE_EVENT;
        const words = ['let', 'ask', 'view', 'reply', 'reflect', 'act', 'chapel', 'choose', 'consent', 'scar', ...(restorative ? ['resolve'] : [])];
        const out = [...words.map((k, i) => this.keyword(k, STATEMENT_DOCS[k], `0${String(i).padStart(2, '0')}`)), ...HANDLER_SNIPPETS.map((s, i) => this.snippet(s, `1${i}`))];
        if (restorative) out.push(this.snippet({ label: 'resolve scar', keyword: 'resolve', detail: 'resolve the scar the restorative process names', body: 'resolve scar' }, '19'));
        return out;
      }
      case 'AgentDecl':
        return [
          this.keyword('on', STATEMENT_DOCS.on, '0'),
          this.snippet({ label: 'on "…" { … }', keyword: 'on', detail: 'a handler for messages of one shape', body: 'on "⟨1:what is [x]?⟩" {\n\treply "⟨2:[x]⟩"\n}' }, '1'),
          this.snippet({ label: 'on event … { … }', keyword: 'on', detail: 'a handler for a governance event', body: `on event ⟨1|${GOVERNANCE_EVENTS.join(',')}⟩ {\n\t⟨0⟩\n}` }, '2'),
        ];
      case 'ChooseStmt':
        return [
          this.keyword('option', STATEMENT_DOCS.option, '0'),
          this.snippet({ label: 'option with a breach', keyword: 'option', detail: 'an alternative and the breach it commits', body: '@breach("⟨1:lying⟩")\noption "⟨2:label⟩" {\n\treply "⟨3⟩"\n}' }, '1'),
        ];
      case 'ConsentDecl':
        return [
          this.keyword('initial', SETTING_DOCS.consent.initial, '0', 'setting'),
          this.snippet({ label: 'LISTEN -> CONSENT_GIVEN', keyword: 'LISTEN', detail: 'leave the silence band on explicit consent', body: 'LISTEN -> CONSENT_GIVEN on explicit_consent from ⟨1:steward⟩' }, '1'),
          this.snippet({ label: 'transition', keyword: 'transition', detail: 'FROM -> TO on EVENT from CHANNEL', body: `⟨1|${CONSENT_STATES.join(',')}⟩ -> ⟨2|${CONSENT_STATES.join(',')}⟩` }, '2'),
          ...this.states([...CONSENT_STATES]).map((e) => ({ ...e, sortText: `3${e.sortText}` })),
        ];
      case 'SelfmodDecl':
        return this.settings('selfmod', [...SELFMOD_SETTINGS], container, [
          this.snippet({ label: 'proposal', keyword: 'proposal', detail: 'a modification the agent proposes', body: `proposal ⟨1:name⟩: ⟨2|${MODIFICATION_TYPES.map((t) => t.name).join(',')}⟩ {\n\trisk ⟨3|low,medium,high,critical⟩\n\tscope "⟨4:what it touches⟩"\n\tbenefit ⟨5:0.05⟩\n}` }, '1'),
        ]);
      case 'PropertyBlock': {
        const owner = parentOn(path, container);
        if (owner?.kind === 'Proposal') return this.settings('proposal', [...PROPOSAL_SETTINGS], container);
        if (owner?.kind === 'Property' && idents(owner, this.text)[0]?.text === 'config') return this.settings('config', [...CONFIG_SETTINGS], container);
        if (owner?.kind === 'ScarsDecl') return this.settings('scars', ['trigger', 'forgiveness'], container, [], true);
        if (owner?.kind === 'TrustSliceDecl') return this.settings('trust_slice', ['window'], container);
        if (owner?.kind === 'ConscienceDecl') return [this.snippet({ label: 'weight "…" n', keyword: 'weight', detail: 'a file-wide breach weight', body: 'weight "⟨1:lying⟩" ⟨2:2⟩' }, '0')];
        return [];
      }
      default:
        return [];
    }
  }

  /** Settings of a block not given yet (all of them when `repeatable`), plus extra entries. */
  private settings(block: keyof typeof SETTING_DOCS, names: string[], container: Node, extra: CompletionEntry[] = [], repeatable = false): CompletionEntry[] {
    const present = new Set<string>();
    for (const c of container.children) if (isNode(c) && c.kind === 'Property') {
      const k = idents(c, this.text)[0];
      if (k && k.start !== this.word.start) present.add(k.text);
    }
    const out = names.filter((n) => repeatable || !present.has(n)).map((n, i) => this.keyword(n, SETTING_DOCS[block][n], `0${i}`, 'setting'));
    return [...out, ...extra];
  }

  private items(): CompletionEntry[] {
    const out: CompletionEntry[] = Object.entries(ITEM_DOCS).map(([k, d], i) => this.keyword(k, d, `0${i}`));
    out.push(...ITEM_SNIPPETS.map((s, i) => this.snippet(s, `1${i}`)));
    const first = this.doc.tree.children.find((c) => isNode(c));
    if (!first || (first.kind !== 'Header' && this.word.start <= first.start && /^\s*$/.test(this.text.slice(0, this.word.start)))) {
      const used = [...new Set(governedConstructs(this.doc.model).map((c) => c.invariant).filter((x): x is NonNullable<typeof x> => !!x))];
      out.push(this.snippet(headerSnippet(used.length ? used : [...INVARIANT_NAMES]), '00'));
    }
    return out;
  }
}

// ---- helpers --------------------------------------------------------------------------------------------------------

function escaped(text: string, at: number): boolean {
  let n = 0;
  for (let i = at - 1; i >= 0 && text[i] === '\\'; i--) n++;
  return n % 2 === 1;
}


function firstValue(prop: Node): Node | undefined {
  return prop.children.find((c): c is Node => isNode(c) && c.kind !== 'Annotation');
}

/**
 * The nodes from the root down that hold `pos`, where a block left open (no `}` yet, as while typing) holds
 * everything up to the next sibling: the last node starting before `pos` is entered when it spans `pos` or is unclosed.
 */
function containerPath(root: Node, pos: number): Node[] {
  const path: Node[] = [root];
  let node = root;
  for (;;) {
    let next: Node | undefined;
    for (const c of node.children) {
      if (!isNode(c) || c.end === c.start) continue;
      if (c.start >= pos) break;
      next = pos <= c.end || unclosed(c) ? c : undefined;
    }
    if (!next) return path;
    path.push(next);
    node = next;
  }
}

/** True when a node ends without the `}` that closes it (or holds, last, a node that does). */
function unclosed(n: Node): boolean {
  if (CONTAINERS.has(n.kind)) {
    const { open, close } = bracesOf(n);
    if (open && !close) return true;
    if (close) return false;
  }
  for (let i = n.children.length - 1; i >= 0; i--) {
    const c = n.children[i];
    if (isNode(c)) return unclosed(c);
    if (c.kind !== 'Comment') return false;
  }
  return false;
}

function innermostContainer(path: readonly Node[], pos: number): Node | undefined {
  for (let i = path.length - 1; i > 0; i--) {
    const n = path[i];
    if (!CONTAINERS.has(n.kind)) continue;
    const { open, close } = bracesOf(n);
    if (open && pos >= open.end && (!close || pos <= close.start)) return n;
  }
  return undefined;
}

function parentKind(path: readonly Node[], n: Node): Node['kind'] | undefined {
  return parentOn(path, n)?.kind;
}






