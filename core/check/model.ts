// The semantic model of one AMP file: declarations, scopes, symbols and the references that resolve to them, built in
// one pass over the tree. Rules, editor features (definition, references, rename) and the runtime read it.

import type { ParsedNodes } from '../syntax/parser';
import { indexNodes, type NodeIndex } from './node-index';
import { CODES, type Code } from '../codes';
import type { Diagnostic, RelatedInfo } from '../diagnostics';
import {
  askParts, blockOf, chooseOptions, consentMoveParts, declName, letParts, messageOf, messageParts,
  blockChildren, proposalParts, viewParts, type MessagePart, type Name,
} from '../syntax/ast';
import { childNode, childNodes, isNode, walk, type Node } from '../syntax/tree';
import { builtinTemplateParts, findBuiltin, BUILTIN_AGENTS, type BuiltinAgent } from './builtins';
import { matchTemplate, templateHoles } from './template';
import { suggest as closest } from '../util/suggest';

export type SymbolKind = 'message' | 'agent' | 'builtin' | 'hole' | 'let' | 'instance' | 'consent' | 'selfmod' | 'proposal' | 'run';

/** Something a name can refer to. Builtins have no declaration in the file. */
export interface AmpSymbol {
  readonly id: number;
  readonly kind: SymbolKind;
  readonly name: string;
  /** The name at its declaration (absent for built-in agents). */
  readonly decl?: Name;
  /** The declaring node: MessageDecl, AgentDecl, Handler (holes), LetStmt, ViewStmt (view holes), … */
  readonly node?: Node;
  /** For `let r, A2 = ask A …`: A2 is an instance of A's agent. */
  readonly agentOf?: AgentInfo | BuiltinAgent;
}

export type ReferenceRole = 'pointer' | 'ask-target' | 'view-target' | 'consent-machine';

export interface Reference {
  readonly name: Name;
  readonly role: ReferenceRole;
  /** Undefined when the name does not resolve. */
  readonly symbol?: AmpSymbol;
  /** The Pointer node, or the statement holding the name. */
  readonly node: Node;
  /** The handler or run the reference sits in (undefined at top level). */
  readonly owner?: HandlerInfo | RunInfo;
}

export interface AgentInfo {
  readonly kind: 'agent';
  readonly symbol: AmpSymbol;
  readonly node: Node;
  readonly handlers: HandlerInfo[];
  readonly eventHandlers: Node[];
  /** The transcript path of a replay agent (`agent X replays "…"`). */
  readonly replays?: string;
}

export interface HandlerInfo {
  readonly kind: 'handler';
  readonly agent: AgentInfo;
  readonly node: Node;
  readonly template?: Node;
  readonly templateParts: readonly MessagePart[];
  readonly holes: readonly AmpSymbol[];
  readonly body?: Node;
  /** Asks made directly in this handler's body (nested blocks included). */
  readonly asks: AskSite[];
}

export interface RunInfo {
  readonly kind: 'run';
  readonly node: Node;
  readonly name: string;
  readonly nameNode?: Node;
  readonly body?: Node;
  readonly asks: AskSite[];
}

/** What an ask goes to: a declared agent, a built-in, or nothing known. */
export type AskCallee = AgentInfo | BuiltinAgent;

export interface AskSite {
  readonly node: Node;
  readonly owner: HandlerInfo | RunInfo;
  readonly target?: Name;
  readonly callee?: AskCallee;
  readonly message?: Node;
  readonly parts: readonly MessagePart[];
  readonly budget?: Node;
  /** The first handler whose template matches, for declared agents. */
  readonly handler?: HandlerInfo;
  /** False when the callee is known but no template matches the message. */
  readonly matches: boolean;
}

export interface SpecModel {
  readonly source: string;
  readonly tree: Node;
  readonly symbols: readonly AmpSymbol[];
  readonly references: readonly Reference[];
  readonly messages: ReadonlyMap<string, AmpSymbol>;
  readonly agents: ReadonlyMap<string, AgentInfo>;
  readonly consents: ReadonlyMap<string, AmpSymbol>;
  readonly handlers: readonly HandlerInfo[];
  readonly runs: readonly RunInfo[];
  readonly asks: readonly AskSite[];
  /** Binding diagnostics: undefined and duplicate names, unknown ask targets, repeated holes, shadowing. */
  readonly diagnostics: readonly Diagnostic[];
  /** The structural nodes by kind and place, from one walk that every rule shares. */
  readonly index: NodeIndex;
}

/** Names agent code must never read or write (seed 002, invariants 1 and 2); the governance rules report them. */
export const RESERVED_GOVERNANCE_NAMES = new Set(['veto_fuse_status', 'veto_fuse', 'veto_channel', 'E_ext_max_const', 'E_ext_max']);

export function isAgentInfo(c: AskCallee | undefined): c is AgentInfo {
  return !!c && (c as AgentInfo).kind === 'agent';
}

class Scope {
  /** Made on the first binding: most block scopes (chapels, options, else blocks) bind nothing. */
  private own: Map<string, AmpSymbol> | undefined;
  constructor(readonly parent?: Scope) {}
  get(name: string): AmpSymbol | undefined {
    return this.own?.get(name);
  }
  set(name: string, sym: AmpSymbol): void {
    (this.own ??= new Map()).set(name, sym);
  }
  keys(): Iterable<string> {
    return this.own?.keys() ?? [];
  }
  lookup(name: string): AmpSymbol | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const found = s.own?.get(name);
      if (found) return found;
    }
    return undefined;
  }
}

/** Builds the semantic model of a parsed file. Never throws. */
export function buildModel(tree: Node, source: string, parsed?: ParsedNodes): SpecModel {
  return new Binder(tree, source, parsed).build();
}

class Binder {
  private readonly symbols: AmpSymbol[] = [];
  private readonly references: Reference[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private readonly messages = new Map<string, AmpSymbol>();
  private readonly agents = new Map<string, AgentInfo>();
  private readonly consents = new Map<string, AmpSymbol>();
  private readonly handlers: HandlerInfo[] = [];
  private readonly runs: RunInfo[] = [];
  private readonly asks: AskSite[] = [];
  private readonly global = new Scope();
  private readonly builtinScope = new Scope();
  /** Every top-level name, for duplicate detection across kinds. */
  private readonly topLevel = new Map<string, AmpSymbol>();

  constructor(private readonly tree: Node, private readonly source: string, private readonly parsed?: ParsedNodes) {
    (this.global as { parent?: Scope }).parent = this.builtinScope;
  }

  build(): SpecModel {
    for (const b of BUILTIN_AGENTS) this.builtinScope.set(b.name, this.symbol('builtin', b.name));
    this.declareTopLevel();
    for (const agent of this.agents.values()) for (const h of agent.handlers) this.bindHandler(h);
    for (const run of this.runs) this.bindBody(run.body, new Scope(this.global), run);
    for (const agent of this.agents.values()) for (const e of agent.eventHandlers) this.bindEventHandler(agent, e);
    for (const md of childNodes(this.tree, 'MessageDecl')) {
      const msg = messageOf(md);
      if (msg) this.bindMessage(msg, this.global, undefined);
    }
    return {
      source: this.source,
      tree: this.tree,
      symbols: this.symbols,
      references: this.references,
      messages: this.messages,
      agents: this.agents,
      consents: this.consents,
      handlers: this.handlers,
      runs: this.runs,
      index: indexNodes(this.tree, this.parsed),
      asks: this.asks,
      diagnostics: this.diagnostics,
    };
  }

  private symbol(kind: SymbolKind, name: string, decl?: Name, node?: Node, agentOf?: AskCallee): AmpSymbol {
    const s: AmpSymbol = { id: this.symbols.length, kind, name, decl, node, agentOf };
    this.symbols.push(s);
    return s;
  }

  private report(code: Code, message: string, range: { start: number; end: number }, related?: RelatedInfo[]): void {
    this.diagnostics.push({ code, severity: CODES[code].severity, message, start: range.start, end: range.end, related });
  }

  private duplicate(name: Name, first: AmpSymbol, what: string): void {
    this.report('AMP-N004', `Duplicate ${what} '${name.text}'`, name, first.decl ? [{ message: `'${name.text}' is first defined here`, start: first.decl.start, end: first.decl.end }] : undefined);
  }

  // ---- declarations ---------------------------------------------------------------------------------------------

  private declareTopLevel(): void {
    const runNames = new Map<string, RunInfo>();
    for (const item of childNodes(this.tree)) {
      switch (item.kind) {
        case 'MessageDecl':
        case 'AgentDecl':
        case 'ConsentDecl':
        case 'SelfmodDecl': {
          const name = declName(item, this.source);
          if (!name) break;
          const kind: SymbolKind = item.kind === 'MessageDecl' ? 'message' : item.kind === 'AgentDecl' ? 'agent' : item.kind === 'ConsentDecl' ? 'consent' : 'selfmod';
          const sym = this.symbol(kind, name.text, name, item);
          const first = this.topLevel.get(name.text);
          if (first) this.duplicate(name, first, kind === 'message' || first.kind === 'message' ? 'name' : kind);
          else if (findBuiltin(name.text) && kind === 'agent') this.report('AMP-N004', `'${name.text}' is a built-in agent; choose another name`, name);
          else this.topLevel.set(name.text, sym);
          if (kind === 'message' && !first) {
            this.messages.set(name.text, sym);
            this.global.set(name.text, sym);
          } else if (kind === 'agent' && !first) {
            this.agents.set(name.text, this.declareAgent(item, sym));
            this.global.set(name.text, sym);
          } else if (kind === 'consent' && !first) this.consents.set(name.text, sym);
          if (kind === 'selfmod') this.declareProposals(item);
          break;
        }
        case 'RunDecl': {
          const nameNode = messageOf(item);
          const name = nameNode ? this.source.slice(nameNode.start + 1, Math.max(nameNode.start + 1, nameNode.end - 1)) : '';
          const run: RunInfo = { kind: 'run', node: item, name, nameNode, body: blockOf(item), asks: [] };
          const first = runNames.get(name);
          if (first && nameNode) {
            this.report('AMP-N004', `Duplicate run "${name}"`, nameNode, first.nameNode ? [{ message: 'first defined here', start: first.nameNode.start, end: first.nameNode.end }] : undefined);
          } else runNames.set(name, run);
          this.runs.push(run);
          break;
        }
      }
    }
  }

  private declareAgent(node: Node, symbol: AmpSymbol): AgentInfo {
    const replaysNode = childNode(node, 'Replays');
    const replaysMsg = replaysNode ? messageOf(replaysNode) : undefined;
    const agent: AgentInfo = {
      kind: 'agent',
      symbol,
      node,
      handlers: [],
      eventHandlers: childNodes(node, 'EventHandler'),
      replays: replaysMsg ? this.source.slice(replaysMsg.start + 1, Math.max(replaysMsg.start + 1, replaysMsg.end - 1)) : undefined,
    };
    for (const h of childNodes(node, 'Handler')) {
      const template = messageOf(h);
      const templateParts = template ? messageParts(template, this.source) : [];
      const holes: AmpSymbol[] = [];
      const seen = new Map<string, AmpSymbol>();
      for (const hole of templateHoles(templateParts)) {
        if (!hole.name) continue;
        const prev = seen.get(hole.name.text);
        if (prev) {
          this.report('AMP-N009', `Hole [${hole.name.text}] appears twice in this template`, hole.name, prev.decl ? [{ message: 'first hole', start: prev.decl.start, end: prev.decl.end }] : undefined);
          continue;
        }
        const sym = this.symbol('hole', hole.name.text, hole.name, h);
        seen.set(hole.name.text, sym);
        holes.push(sym);
      }
      const info: HandlerInfo = { kind: 'handler', agent, node: h, template, templateParts, holes, body: blockOf(h), asks: [] };
      agent.handlers.push(info);
      this.handlers.push(info);
    }
    return agent;
  }

  private declareProposals(selfmod: Node): void {
    const seen = new Map<string, AmpSymbol>();
    for (const p of childNodes(selfmod, 'Proposal')) {
      const { name } = proposalParts(p, this.source);
      if (!name) continue;
      const sym = this.symbol('proposal', name.text, name, p);
      const first = seen.get(name.text);
      if (first) this.duplicate(name, first, 'proposal');
      else seen.set(name.text, sym);
    }
  }

  // ---- bodies ---------------------------------------------------------------------------------------------------

  private bindHandler(h: HandlerInfo): void {
    const scope = new Scope(this.global);
    for (const hole of h.holes) {
      this.checkShadow(hole);
      scope.set(hole.name, hole);
    }
    this.bindBody(h.body, scope, h);
  }

  private bindEventHandler(agent: AgentInfo, e: Node): void {
    // Event handlers run in the agent's context with no template; they may use top-level names only.
    const owner: HandlerInfo = { kind: 'handler', agent, node: e, templateParts: [], holes: [], body: blockOf(e), asks: [] };
    this.bindBody(owner.body, new Scope(this.global), owner);
  }

  private checkShadow(sym: AmpSymbol): void {
    const outer = this.global.get(sym.name);
    if (outer && sym.decl && outer !== sym)
      this.report('AMP-N010', `'${sym.name}' shadows the ${outer.kind} of the same name`, sym.decl, outer.decl ? [{ message: `the ${outer.kind} '${sym.name}'`, start: outer.decl.start, end: outer.decl.end }] : undefined);
  }

  private bind(scope: Scope, sym: AmpSymbol): void {
    const prev = scope.get(sym.name);
    if (prev && sym.decl) this.duplicate(sym.decl, prev, 'binding');
    else this.checkShadow(sym);
    scope.set(sym.name, sym);
  }

  private bindBody(block: Node | undefined, scope: Scope, owner: HandlerInfo | RunInfo): void {
    for (const stmt of blockChildren(block)) if (isNode(stmt)) this.bindStatement(stmt, scope, owner);
  }

  private bindStatement(stmt: Node, scope: Scope, owner: HandlerInfo | RunInfo): void {
    switch (stmt.kind) {
      case 'LetStmt': {
        const { names, value } = letParts(stmt, this.source);
        let callee: AskCallee | undefined;
        if (value?.kind === 'AskExpr') callee = this.bindAsk(value, scope, owner);
        else if (value?.kind === 'Message') this.bindMessage(value, scope, owner);
        if (names[0]) this.bind(scope, this.symbol('let', names[0].text, names[0], stmt));
        if (names[1]) this.bind(scope, this.symbol('instance', names[1].text, names[1], stmt, callee));
        return;
      }
      case 'AskExpr':
        this.bindAsk(stmt, scope, owner);
        return;
      case 'ViewStmt': {
        const { target, template, elseBlock } = viewParts(stmt, this.source);
        if (target) this.resolve(target, 'view-target', stmt, scope, owner);
        if (elseBlock) this.bindBody(elseBlock, new Scope(scope), owner);
        if (template) {
          const seen = new Set<string>();
          for (const hole of templateHoles(messageParts(template, this.source))) {
            if (!hole.name) continue;
            if (seen.has(hole.name.text)) {
              this.report('AMP-N009', `Hole [${hole.name.text}] appears twice in this template`, hole.name);
              continue;
            }
            seen.add(hole.name.text);
            this.bind(scope, this.symbol('hole', hole.name.text, hole.name, stmt));
          }
        }
        return;
      }
      case 'ReplyStmt':
      case 'ActStmt':
      case 'ScarStmt':
      case 'ResolveStmt':
      case 'ExpectStmt': {
        const msg = messageOf(stmt);
        if (msg && stmt.kind !== 'ExpectStmt') this.bindMessage(msg, scope, owner);
        return;
      }
      case 'ChapelStmt':
        this.bindBody(blockOf(stmt), new Scope(scope), owner);
        return;
      case 'ChooseStmt': {
        // The prompt and the option labels are messages the debugger shows: their pointers resolve like any other.
        const prompt = messageOf(stmt);
        if (prompt) this.bindMessage(prompt, scope, owner);
        for (const opt of chooseOptions(stmt)) {
          const label = messageOf(opt);
          if (label) this.bindMessage(label, scope, owner);
          this.bindBody(blockOf(opt), new Scope(scope), owner);
        }
        return;
      }
      case 'StewardStmt':
        // What the steward says (an incident, a restorative process) is a message of the run, pointers and all.
        for (const msg of descendants(stmt, 'Message')) this.bindMessage(msg, scope, owner);
        return;
      case 'ConsentMove': {
        const { machine } = consentMoveParts(stmt, this.source);
        if (machine) {
          const sym = this.consents.get(machine.text);
          this.references.push({ name: machine, role: 'consent-machine', symbol: sym, node: stmt, owner });
        }
        return;
      }
      default:
        // Error nodes may hold statements the parser could still shape; bind what is there so names stay known.
        if (stmt.kind === 'Error') for (const inner of childNodes(stmt)) this.bindStatement(inner, scope, owner);
    }
  }

  private bindAsk(ask: Node, scope: Scope, owner: HandlerInfo | RunInfo): AskCallee | undefined {
    const { target, message, budget } = askParts(ask, this.source);
    let callee: AskCallee | undefined;
    if (target) {
      const sym = this.resolve(target, 'ask-target', ask, scope, owner, false);
      if (sym?.kind === 'agent') callee = this.agents.get(sym.name);
      else if (sym?.kind === 'builtin') callee = findBuiltin(sym.name);
      else if (sym?.kind === 'instance') callee = sym.agentOf;
      else if (sym) this.report('AMP-N005', `'${target.text}' is a ${sym.kind}, not an agent`, target);
      else {
        const candidates = [...this.agents.keys(), ...BUILTIN_AGENTS.map((b) => b.name)];
        const hint = closest(target.text, candidates);
        this.report('AMP-N005', `Unknown agent '${target.text}'${hint ? `; did you mean '${hint}'?` : ''}`, target);
      }
    }
    if (message) this.bindMessage(message, scope, owner);
    const parts = message ? messageParts(message, this.source) : [];
    // Every agent and handler is declared before any body is bound, so the handler an ask reaches is known here.
    const { handler, matches } = message ? reach(callee, parts) : { handler: undefined, matches: true };
    const site: AskSite = { node: ask, owner, target, callee, message, parts, budget, handler, matches };
    owner.asks.push(site);
    this.asks.push(site);
    return callee;
  }

  private bindMessage(msg: Node, scope: Scope, owner: HandlerInfo | RunInfo | undefined): void {
    for (const c of msg.children) {
      if (!('children' in c)) continue;
      if (c.kind === 'Pointer') {
        // A malformed pointer ([first element], [], unclosed) is the parser's AMP-P003/P004 and binds nothing.
        const name = wellFormedPointerName(c, this.source);
        if (name) this.resolve(name, 'pointer', c, scope, owner);
      } else if (c.kind === 'SubMessage') this.bindMessage(c, scope, owner);
    }
  }

  /** Resolves a name and records the reference; reports N001 when `reportMissing` and the name is not reserved. */
  private resolve(name: Name, role: ReferenceRole, node: Node, scope: Scope, owner: HandlerInfo | RunInfo | undefined, reportMissing = true): AmpSymbol | undefined {
    const symbol = scope.lookup(name.text);
    this.references.push({ name, role, symbol, node, owner });
    if (!symbol && reportMissing && !RESERVED_GOVERNANCE_NAMES.has(name.text)) {
      const visible: string[] = [];
      for (let s: Scope | undefined = scope; s; s = s.parent) visible.push(...s.keys());
      const hint = closest(name.text, visible);
      this.diagnostics.push({
        code: 'AMP-N001',
        severity: CODES['AMP-N001'].severity,
        message: `Undefined pointer [${name.text}]${hint ? `; did you mean [${hint}]?` : ''}`,
        start: name.start,
        end: name.end,
        fixes: [
          ...(hint ? [{ title: `Change to [${hint}]`, edits: [{ start: name.start, end: name.end, newText: hint }] }] : []),
          { title: `Declare message '${name.text}'`, edits: [{ start: this.source.length, end: this.source.length, newText: `${this.source.endsWith('\n') || this.source === '' ? '' : '\n'}\nmessage ${name.text} = "…"\n` }] },
        ],
      });
    }
    return symbol;
  }
}

/**
 * The handler an ask reaches: the first of a declared agent's handlers whose template matches the message (a replay
 * agent answers anything from its transcript); for a built-in agent, whether one of its templates matches.
 */
function reach(callee: AskCallee | undefined, parts: readonly MessagePart[]): { handler?: HandlerInfo; matches: boolean } {
  if (!callee) return { matches: true };
  if (isAgentInfo(callee)) {
    if (callee.replays !== undefined) return { matches: true };
    const handler = callee.handlers.find((h) => h.template && matchTemplate(h.templateParts, parts));
    return { handler, matches: handler !== undefined };
  }
  if (callee.templates) return { matches: callee.templates.some((t) => matchTemplate(builtinTemplateParts(t), parts)) };
  return { matches: true };
}

/** Walks every node of a model's tree of the given kinds (convenience for rules). */
export function nodesOfKind(tree: Node, ...kinds: Node['kind'][]): Node[] {
  const out: Node[] = [];
  walk(tree, (n) => {
    if (kinds.includes(n.kind)) out.push(n);
  });
  return out;
}


/** The name of a well-formed pointer (exactly one name, closed: `[name]`), or undefined. */
function wellFormedPointerName(ptr: Node, source: string): Name | undefined {
  let name: Name | undefined;
  let closed = false;
  for (const c of ptr.children) {
    if ('children' in c) return undefined;
    if (c.kind === 'Ident') {
      if (name) return undefined;
      name = { text: source.slice(c.start, c.end), start: c.start, end: c.end };
    } else if (c.kind === 'PtrClose') closed = true;
    else if (c.kind !== 'PtrOpen') return undefined;
  }
  return closed ? name : undefined;
}

/** Every node of `kind` under `node`, outermost first (not descending into a match). */
function descendants(node: Node, kind: Node['kind']): Node[] {
  const out: Node[] = [];
  for (const c of childNodes(node)) {
    if (c.kind === kind) out.push(c);
    else out.push(...descendants(c, kind));
  }
  return out;
}
