// Hover: what the thing under the cursor is and means. A pointer shows the message it points to, expanded; an agent
// its handlers; an annotation its meaning against the header; a header field or invariant the schema's words; a
// keyword its syntax. Pure and total: any failure gives no hover rather than an exception.

import { readAnnotations } from '../check/annotations';
import { findBuiltin, type BuiltinAgent } from '../check/builtins';
import { isAgentInfo, RESERVED_GOVERNANCE_NAMES, type AgentInfo, type AmpSymbol, type HandlerInfo, type Reference } from '../check/model';
import { describeReservedName } from '../check/rules/invariants-reserved';
import { matchTemplate } from '../check/template';
import { idents, letParts, messageOf, messageParts, renderParts, type MessagePart, type Name } from '../syntax/ast';
import type { Token } from '../syntax/tokens';
import type { Node } from '../syntax/tree';
import { clampOffset, innermost, parentOn, tokenAt, type TokenHit } from './assist-context';
import { EVENT_DOCS, fence, firstLine, inlineCode, ITEM_DOCS, listLines, STATEMENT_DOCS, wordMarkdown, type WordDoc } from './assist-docs';
import { headerCursor } from './assist-header';
import type { AnalyzedDocument, Span } from './document';
import {
  annotationHover, breachIdHover, consentMachineHover, consentMarkdown, headerHover, propertyHover, proposalHover, proposalSummary, recordKeyHover,
  selfmodMarkdown, stateHover, transitionHover, valueHover, type HoverContext, type HoverInfo,
} from './hover-governance';

export type { HoverInfo };

/** How many pointer levels a message hover resolves, and how long the expansion may get. */
export const EXPANSION_DEPTH = 3;
export const EXPANSION_MAX_CHARS = 600;

/** The hover for `offset` in `doc`, or undefined when there is nothing to say there. Never throws. */
export function hoverAt(doc: AnalyzedDocument, offset: number): HoverInfo | undefined {
  try {
    return hoverOrThrow(doc, offset);
  } catch {
    return undefined;
  }
}

/** {@link hoverAt} without the safety net: an internal error escapes, so tests can find what the net would hide. */
export function hoverOrThrow(doc: AnalyzedDocument, offset: number): HoverInfo | undefined {
  const o = clampOffset(doc.text, offset);
  return o === undefined ? undefined : new Hover(doc).at(o);
}

class Hover {
  private refs?: Map<number, Reference>;
  private readonly source: string;

  constructor(private readonly doc: AnalyzedDocument) {
    this.source = doc.text;
  }

  /** The cursor, so a span can widen to hold it (a hover over a pointer's bracket covers the whole pointer). */
  private o = 0;

  private get ctx(): HoverContext {
    return { doc: this.doc, source: this.source, o: this.o };
  }

  at(o: number): HoverInfo | undefined {
    this.o = o;
    const header = headerCursor(this.doc, o);
    if (header) return headerHover(this.ctx, o);
    const right = tokenAt(this.doc.tree, o, 'right');
    const left = tokenAt(this.doc.tree, o, 'left');
    const hit = pick(right, left);
    if (!hit || hit.token.kind === 'Comment' || hit.token.kind === 'Whitespace') return undefined;
    return this.token(hit);
  }

  // ---- dispatch ---------------------------------------------------------------------------------------------------

  private token(hit: TokenHit): HoverInfo | undefined {
    const { token, path } = hit;
    const annotation = innermost(path, 'Annotation');
    if (annotation) return annotationHover(this.ctx, annotation, parentOn(path, annotation), token);
    const pointer = innermost(path, 'Pointer');
    if (pointer) return this.pointer(pointer);
    const node = path[path.length - 1];
    if (token.kind === 'Ident') return this.ident(token, node, path);
    const msg = innermost(path, 'Message');
    if (msg) return this.messageLiteral(msg, path);
    return undefined;
  }

  private ident(token: Token, node: Node, path: readonly Node[]): HoverInfo | undefined {
    const name: Name = { text: this.source.slice(token.start, token.end), start: token.start, end: token.end };
    const ids = idents(node, this.source);
    const index = ids.findIndex((n) => n.start === token.start);
    const span = { start: token.start, end: token.end };
    const word = (w: WordDoc | undefined) => (w ? { span, markdown: wordMarkdown(w) } : undefined);
    switch (node.kind) {
      case 'MessageDecl':
      case 'AgentDecl':
      case 'ConsentDecl':
        if (index === 0) return word(ITEM_DOCS[name.text]);
        if (node.kind === 'AgentDecl' && name.text === 'replays') return word(STATEMENT_DOCS.replays);
        return this.declared(name, span);
      case 'SelfmodDecl':
        return index === 0 ? { span, markdown: `${wordMarkdown(ITEM_DOCS.selfmod)}\n\n---\n\n${selfmodMarkdown(this.ctx, node)}` } : { span, markdown: selfmodMarkdown(this.ctx, node) };
      case 'RunDecl':
      case 'ScarsDecl':
      case 'TrustSliceDecl':
      case 'ConscienceDecl':
        return word(ITEM_DOCS[name.text]);
      case 'Replays':
        return word(STATEMENT_DOCS.replays);
      case 'Handler':
        return word(STATEMENT_DOCS.on);
      case 'EventHandler':
        if (index === 0) return word(STATEMENT_DOCS.on);
        if (index === 1) return word(STATEMENT_DOCS.event);
        return EVENT_DOCS[name.text] ? { span, markdown: `**event** \`${name.text}\`\n\n${EVENT_DOCS[name.text]}` } : { span, markdown: `\`${name.text}\` is not a governance event (AMP-P010); the events are ${Object.keys(EVENT_DOCS).map((e) => `\`${e}\``).join(', ')}.` };
      case 'Transition':
        return transitionHover(this.ctx, node, name, span);
      case 'ConsentMove':
        if (index === 0) return word({ syntax: 'consent MACHINE -> STATE', doc: 'Asks a consent machine to move. Agent code may take only transitions that need no event, and never into CONSENT_GIVEN or DISSENT (AMP-G008); a move the machine has no transition for is refused at run time.' });
        if (index === 1) return this.reference(name, span) ?? consentMachineHover(this.ctx, name.text, span);
        return stateHover(name.text, span);
      case 'Proposal':
        return proposalHover(this.ctx, node, index, name, span);
      case 'Property':
        return propertyHover(this.ctx, node, index, name, span, path);
      case 'NameValue':
      case 'Call':
        return valueHover(this.ctx, node, path, name, span);
      case 'RecordEntry':
        return recordKeyHover(this.ctx, node, path, name, span);
      case 'LetStmt':
        if (index === 0) return word(STATEMENT_DOCS.let);
        return this.declared(name, span);
      case 'AskExpr':
        if (index === 0) return word(STATEMENT_DOCS.ask);
        if (name.text === 'budget' && index >= 2) return word(STATEMENT_DOCS.budget);
        return this.reference(name, span) ?? this.agentByName(name.text, span);
      case 'ViewStmt':
        if (index === 0) return word(STATEMENT_DOCS.view);
        if (name.text === 'as' && index >= 2) return word(STATEMENT_DOCS.as);
        return this.reference(name, span);
      case 'ElseClause':
        return word(STATEMENT_DOCS.else);
      case 'ReflectExpr':
        return word(STATEMENT_DOCS.reflect);
      case 'ReplyStmt':
      case 'ActStmt':
      case 'ChapelStmt':
      case 'ChooseStmt':
      case 'Option':
      case 'ScarStmt':
      case 'ResolveStmt':
      case 'ForgivenessStmt':
      case 'StewardStmt':
        return word(STATEMENT_DOCS[ids[0]?.text ?? '']);
      case 'ExpectStmt':
        if (index === 0) return word(STATEMENT_DOCS.expect);
        return { span, markdown: name.text === 'reply' ? 'Passes when the reply to the run’s latest root ask is this message, compared as message trees (pointers stand for what they point to; spacing does not count).' : 'Passes when the run’s latest root ask ended in an error (out of budget, a refused act or consent move, a tripped veto); with a message, the error’s text must contain it.' };
      default:
        return undefined;
    }
  }

  // ---- names and symbols ------------------------------------------------------------------------------------------

  private referenceAt(start: number): Reference | undefined {
    if (!this.refs) {
      this.refs = new Map();
      for (const r of this.doc.model.references) this.refs.set(r.name.start, r);
    }
    return this.refs.get(start);
  }

  /** A reference's hover: what it resolves to, or why it resolves to nothing. */
  private reference(name: Name, span: Span): HoverInfo | undefined {
    const ref = this.referenceAt(name.start);
    if (!ref) return undefined;
    if (ref.symbol) return { span, markdown: this.symbol(ref.symbol) };
    if (RESERVED_GOVERNANCE_NAMES.has(name.text)) return { span, markdown: `${describeReservedName(name.text)}. Agent code may not use it (AMP-G004).` };
    if (ref.role === 'consent-machine') return { span, markdown: `No consent machine named \`${name.text}\` is declared in this file (AMP-G014).` };
    if (ref.role === 'ask-target') return { span, markdown: `No agent named \`${name.text}\` is declared or built in (AMP-N005).` };
    return { span, markdown: `\`[${name.text}]\` names nothing in scope here (AMP-N001).` };
  }

  /** A declared name's hover (the name at its declaration). */
  private declared(name: Name, span: Span): HoverInfo | undefined {
    const sym = this.doc.model.symbols.find((s) => s.decl?.start === name.start);
    return sym ? { span, markdown: this.symbol(sym) } : undefined;
  }

  private symbol(sym: AmpSymbol): string {
    switch (sym.kind) {
      case 'message':
        return this.messageSymbol(sym);
      case 'agent': {
        const agent = this.doc.model.agents.get(sym.name);
        return agent && agent.symbol === sym ? this.agent(agent) : fence('amp', `agent ${sym.name}`);
      }
      case 'builtin': {
        const b = findBuiltin(sym.name);
        return b ? builtin(b) : fence('amp', `agent ${sym.name}`);
      }
      case 'hole':
        return this.hole(sym);
      case 'let':
        return this.letBinding(sym);
      case 'instance':
        return this.instance(sym);
      case 'consent':
        return consentMarkdown(this.ctx, sym.node);
      case 'selfmod':
        return sym.node ? selfmodMarkdown(this.ctx, sym.node) : fence('amp', `selfmod ${sym.name}`);
      case 'proposal':
        return sym.node ? proposalSummary(this.ctx, sym.node) : fence('amp', `proposal ${sym.name}`);
      default:
        return fence('amp', sym.name);
    }
  }

  private messageSymbol(sym: AmpSymbol): string {
    const msg = sym.node ? messageOf(sym.node) : undefined;
    const written = msg ? this.source.slice(msg.start, msg.end) : '"…"';
    const lines = [fence('amp', `message ${sym.name} = ${written}`)];
    if (msg) lines.push(...this.expansion(msg, sym.name));
    return lines.join('\n\n');
  }

  /** The expansion block of a message: its pointers resolved to the messages they point to, a few levels deep. */
  private expansion(msg: Node, self?: string): string[] {
    const parts = messageParts(msg, this.source);
    if (!parts.some(hasPointer)) return [];
    const budget = { left: EXPANSION_MAX_CHARS };
    const text = this.expand(parts, EXPANSION_DEPTH, new Set(self ? [self] : []), budget);
    if (text === renderParts(parts)) return [];
    return [`Expanded (pointers resolved ${EXPANSION_DEPTH} levels deep):`, fence('text', budget.left < 0 ? `${text}…` : text)];
  }

  private expand(parts: readonly MessagePart[], depth: number, seen: ReadonlySet<string>, budget: { left: number }): string {
    let out = '';
    for (const p of parts) {
      if (budget.left < 0) break;
      let piece: string;
      if (p.kind === 'text') piece = p.text;
      else if (p.kind === 'sub') piece = `(${this.expand(p.parts, depth, seen, budget)})`;
      else {
        const name = p.name?.text ?? '';
        const target = p.name ? this.pointee(p.name) : undefined;
        if (target && depth > 0 && !seen.has(name)) {
          const inner = this.expand(messageParts(target, this.source), depth - 1, new Set([...seen, name]), budget);
          piece = `(${inner})`;
        } else piece = `[${name}]`;
      }
      if (piece.length > budget.left) {
        out += piece.slice(0, Math.max(0, budget.left));
        budget.left = -1;
        break;
      }
      budget.left -= p.kind === 'text' || p.kind === 'pointer' ? piece.length : 2;
      out += piece;
    }
    return out;
  }

  /** The message literal a pointer's name stands for, when it is statically known (a message, or a `let` of a message). */
  private pointee(name: Name): Node | undefined {
    const sym = this.referenceAt(name.start)?.symbol;
    if (!sym?.node) return undefined;
    if (sym.kind === 'message') return messageOf(sym.node);
    if (sym.kind === 'let') {
      const { value } = letParts(sym.node, this.source);
      return value?.kind === 'Message' ? value : undefined;
    }
    return undefined;
  }

  private agentByName(name: string, span: Span): HoverInfo | undefined {
    const agent = this.doc.model.agents.get(name);
    if (agent) return { span, markdown: this.agent(agent) };
    const b = findBuiltin(name);
    return b ? { span, markdown: builtin(b) } : undefined;
  }

  private agent(agent: AgentInfo): string {
    const name = agent.symbol.name;
    if (agent.replays !== undefined) return `${fence('amp', `agent ${name} replays "${agent.replays}"`)}\n\nA replay agent: answers any message with the replies recorded in \`${agent.replays}\`, in order.`;
    const lines = [fence('amp', `agent ${name}`)];
    const own = readAnnotations(agent.node, this.source).selfRewrite;
    if (own) lines.push(`A self-rewrite region: ${inlineCode(this.source.slice(own.node.start, own.node.end))}`);
    const handlers = [
      ...agent.handlers.map((h) => ({ at: h.node.start, text: this.handlerLine(h) })),
      ...agent.eventHandlers.map((e) => ({ at: e.start, text: `\`on event ${idents(e, this.source)[2]?.text ?? '…'}\`` })),
    ].sort((a, b) => a.at - b.at);
    if (handlers.length === 0) lines.push('No handlers: every ask of this agent matches nothing (AMP-N006).');
    else {
      lines.push(`Answers (${handlers.length} handler${handlers.length === 1 ? '' : 's'}, the first match wins):`);
      lines.push(listLines(handlers.map((h) => h.text)));
    }
    return lines.join('\n\n');
  }

  private handlerLine(h: HandlerInfo): string {
    const template = h.template ? this.source.slice(h.template.start, h.template.end) : '"…"';
    const rewrite = readAnnotations(h.node, this.source).selfRewrite ? ' (self-rewrite region)' : '';
    return `${inlineCode(`on ${template}`)}${rewrite}`;
  }

  private hole(sym: AmpSymbol): string {
    const node = sym.node;
    const lines = [fence('amp', `(hole) ${sym.name}`)];
    if (node?.kind === 'Handler') {
      const h = this.doc.model.handlers.find((x) => x.node === node);
      const template = h?.template ? this.source.slice(h.template.start, h.template.end) : '"…"';
      lines.push(`Bound by the template of \`${h?.agent.symbol.name ?? '?'}\`: ${inlineCode(`on ${template}`)}. It matches one pointer, one sub-message or a non-empty run of text of the message asked.`);
      if (h) {
        const bound: string[] = [];
        for (const a of this.doc.model.asks) {
          if (a.handler !== h) continue;
          const b = matchTemplate(h.templateParts, a.parts)?.get(sym.name);
          if (!b) continue;
          const value = b.kind === 'pointer' ? `[${b.name}]` : b.kind === 'sub' ? `(${renderParts(b.parts)})` : b.text;
          const from = a.owner.kind === 'run' ? `run "${a.owner.name}"` : `\`${a.owner.agent.symbol.name}\``;
          bound.push(`${inlineCode(value)} from ${from}`);
        }
        if (bound.length) lines.push(`Asks that reach this handler bind it to:\n\n${listLines(bound)}`);
      }
    } else if (node?.kind === 'ViewStmt') {
      const target = idents(node, this.source)[1]?.text ?? '…';
      const template = messageOf(node);
      lines.push(`Bound by ${inlineCode(`view ${target} as ${template ? this.source.slice(template.start, template.end) : '"…"'}`)}: the part of the message \`${target}\` points to that matches \`[${sym.name}]\`, for the statements after the view.`);
    }
    return lines.join('\n\n');
  }

  private letBinding(sym: AmpSymbol): string {
    const node = sym.node;
    if (!node) return fence('amp', `let ${sym.name}`);
    const { value } = letParts(node, this.source);
    const lines = [fence('amp', firstLine(this.source.slice(node.start, node.end)))];
    if (value?.kind === 'AskExpr') {
      const site = this.doc.model.asks.find((a) => a.node === value);
      const callee = site?.callee;
      const who = callee ? (isAgentInfo(callee) ? callee.symbol.name : callee.name) : idents(value, this.source)[1]?.text ?? '?';
      lines.push(`The reply of \`${who}\` to this question.${site?.handler ? ` Answered by ${this.handlerLine(site.handler)}.` : ''}`);
    } else if (value?.kind === 'Message') lines.push('A message composed here (no cost).', ...this.expansion(value, sym.name));
    else if (value?.kind === 'ReflectExpr') lines.push('A pointer to this agent as it is now: an immutable snapshot that may be passed along in messages.');
    return lines.join('\n\n');
  }

  private instance(sym: AmpSymbol): string {
    const callee = sym.agentOf;
    const of = callee ? (isAgentInfo(callee) ? callee.symbol.name : callee.name) : undefined;
    const lines = [fence('amp', `(agent) ${sym.name}`)];
    lines.push(`The new agent A′ that remembers the exchange${of ? ` with \`${of}\`` : ''} (seed 000: agents are immutable, a question makes a new agent). Later asks may go to it; it answers${of ? ` like \`${of}\`` : ' like the agent asked'}.`);
    if (callee && isAgentInfo(callee)) lines.push(this.agent(callee));
    else if (callee) lines.push(builtin(callee));
    return lines.join('\n\n');
  }

  // ---- pointers and message literals ------------------------------------------------------------------------------

  private pointer(pointer: Node): HoverInfo | undefined {
    const name = idents(pointer, this.source)[0];
    if (!name) return undefined;
    const span = this.o >= name.start && this.o <= name.end ? { start: name.start, end: name.end } : { start: pointer.start, end: pointer.end };
    const ref = this.referenceAt(name.start);
    if (ref) return this.reference(name, span);
    // Not a reference: a template hole at its declaration, or a pointer of a malformed message.
    const sym = this.doc.model.symbols.find((s) => s.decl?.start === name.start);
    if (sym) return { span, markdown: this.symbol(sym) };
    if (RESERVED_GOVERNANCE_NAMES.has(name.text)) return { span, markdown: `${describeReservedName(name.text)}. Agent code may not use it (AMP-G004).` };
    return undefined;
  }

  private messageLiteral(msg: Node, path: readonly Node[]): HoverInfo | undefined {
    const parent = parentOn(path, msg);
    const span = { start: msg.start, end: msg.end };
    if (!parent) return undefined;
    if (parent.kind === 'AskExpr') {
      const site = this.doc.model.asks.find((a) => a.node === parent);
      if (!site?.callee) return undefined;
      const who = isAgentInfo(site.callee) ? site.callee.symbol.name : site.callee.name;
      const lines: string[] = [];
      if (site.handler) lines.push(`Answered by \`${who}\`’s handler ${this.handlerLine(site.handler)}.`);
      else if (!site.matches) lines.push(`No template of \`${who}\` matches this message (AMP-N006).`);
      else if (isAgentInfo(site.callee) && site.callee.replays !== undefined) lines.push(`\`${who}\` replays a transcript: any message may be asked.`);
      else lines.push(`Answered by the built-in agent \`${who}\`.`);
      lines.push(...this.expansion(msg));
      return { span, markdown: lines.join('\n\n') };
    }
    if (parent.kind === 'Property') {
      const key = idents(parent, this.source)[0]?.text;
      if (key === 'weight' && innermost(path, 'ConscienceDecl')) return breachIdHover(this.source.slice(msg.start + 1, Math.max(msg.start + 1, msg.end - 1)), span);
    }
    if (parent.kind === 'MessageDecl' || parent.kind === 'ReplyStmt' || parent.kind === 'ActStmt' || parent.kind === 'LetStmt') {
      const lines = this.expansion(msg);
      return lines.length ? { span, markdown: lines.join('\n\n') } : undefined;
    }
    return undefined;
  }

}

// ---- helpers --------------------------------------------------------------------------------------------------------

/** The token a hover is about: a name on either side of the cursor first, then what is under it. */
function pick(right: TokenHit | undefined, left: TokenHit | undefined): TokenHit | undefined {
  const significant = (h: TokenHit | undefined) => !!h && h.token.kind !== 'Whitespace';
  if (right?.token.kind === 'Ident') return right;
  if (left?.token.kind === 'Ident') return left;
  if (significant(right)) return right;
  if (significant(left)) return left;
  return undefined;
}

function hasPointer(p: MessagePart): boolean {
  return p.kind === 'pointer' || (p.kind === 'sub' && p.parts.some(hasPointer));
}

function builtin(b: BuiltinAgent): string {
  const lines = [fence('amp', `agent ${b.name} // built-in`), b.summary];
  if (b.templates) lines.push(`Answers:\n\n${listLines(b.templates.map((t) => inlineCode(`"${t}"`)))}`);
  else lines.push('Answers any message.');
  return lines.join('\n\n');
}








