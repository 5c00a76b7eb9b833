// Compiles a checked spec into a Program: resolves every name to a slot or a constant once, lays each handler out as a
// flat instruction list (else blocks, chapels and options as forward jumps), and builds top-level messages.
// Called only on specs without errors; anything it still cannot compile comes back as a located CompileError.

import { BUILTIN_AGENTS, builtinTemplateParts } from '../check/builtins';
import { readAnnotations } from '../check/annotations';
import type { CheckResult } from '../check/index';
import {
  argsOf, askParts, blockOf, chooseOptions, consentMoveParts, declName, eventName, idents, letParts, messageOf, messageParts,
  nameOfValue, numberOf, renderParts, statements, valueNodes, viewParts, type MessagePart,
} from '../syntax/ast';
import { childNode, childNodes, type Node } from '../syntax/tree';
import { AgentDef, Code, META_AGENT, Program, type AskTarget, type BreachNote, type ChapelAct, type ChoiceOption, type Instr, type Recipe, type RecipePart, type StewardArg } from './program';
import { spanOf, type Span } from './spans';
import { compileTemplate } from './template';
import { AgentValue, collapse, Message, normalizeParts, type Part, type Value } from './values';

/** Why a spec that checks clean still cannot run (for example top-level messages that point at each other in a cycle). */
export interface CompileError {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export type CompileResult = { readonly program: Program; readonly errors: readonly [] } | { readonly program?: undefined; readonly errors: readonly CompileError[] };

class CompileFailure extends Error {
  constructor(readonly error: CompileError) {
    super(error.message);
  }
}

/** Compiles a checked document. Never throws: a failure is a CompileError. */
export function compileProgram(check: CheckResult): CompileResult {
  try {
    return { program: new Compiler(check).compile(), errors: [] };
  } catch (e) {
    if (e instanceof CompileFailure) return { errors: [e.error] };
    return { errors: [{ message: `Internal runtime compiler error: ${(e as Error).message}`, start: 0, end: 0 }] };
  }
}

/** A lexical scope of bindings: names to slots. */
class Scope {
  readonly names = new Map<string, number>();
  constructor(readonly parent?: Scope) {}
  lookup(name: string): number | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }
}

/** Collects one handler's or run's instructions and slots. */
class Emitter {
  readonly instrs: Instr[] = [];
  readonly slotNames: string[] = [];
  slot(name: string): number {
    this.slotNames.push(name);
    return this.slotNames.length - 1;
  }
  emit(i: Instr): number {
    this.instrs.push(i);
    return this.instrs.length - 1;
  }
  get pc(): number {
    return this.instrs.length;
  }
  patch(at: number, f: (i: Instr) => Instr): void {
    this.instrs[at] = f(this.instrs[at]);
  }
}

class Compiler {
  private readonly source: string;
  private readonly agents = new Map<string, AgentDef>();
  private readonly baseAgents = new Map<AgentDef, AgentValue>();
  private readonly messages = new Map<string, Message>();
  private readonly messageDecls = new Map<string, Node>();
  private readonly evaluating = new Set<string>();
  private nextMessage = 1;
  private nextAgent = 1;

  constructor(private readonly check: CheckResult) {
    this.source = check.model.source;
  }

  compile(): Program {
    const { model } = this.check;
    for (const b of BUILTIN_AGENTS) {
      const def = new AgentDef(b.name, b.name === 'human' ? 'human' : 'builtin');
      for (const t of b.templates ?? []) def.templates.push(compileTemplate(builtinTemplateParts(t), t));
      this.addAgent(def);
    }
    this.baseAgents.set(META_AGENT, new AgentValue(this.nextAgent++, META_AGENT, undefined, 0));
    for (const [name, info] of model.agents) {
      const def = new AgentDef(name, info.replays !== undefined ? 'replay' : 'declared', spanOf(info.node), info.replays);
      this.addAgent(def);
    }
    for (const [name, sym] of model.messages) if (sym.node) this.messageDecls.set(name, sym.node);
    for (const name of this.messageDecls.keys()) this.topLevelMessage(name);
    const yes = this.constantMessage(['yes']);
    const no = this.constantMessage(['no']);

    for (const [name, info] of model.agents) {
      const def = this.agents.get(name)!;
      for (const h of info.handlers) {
        const emitter = new Emitter();
        const scope = new Scope();
        const holeSlots: number[] = [];
        for (const p of templateHoleNames(h.templateParts)) {
          const slot = emitter.slot(p);
          scope.names.set(p, slot);
          holeSlots.push(slot);
        }
        this.block(h.body, scope, emitter);
        emitter.emit({ op: 'end', at: endSpan(h.body ?? h.node), why: 'handler' });
        const templateText = h.template ? renderParts(h.templateParts) : '';
        const template = h.template ? compileTemplate(h.templateParts, templateText) : undefined;
        def.handlers.push(new Code('handler', def, templateText, spanOf(h.node), template, holeSlots, emitter.instrs, emitter.slotNames));
      }
      for (const e of info.eventHandlers) {
        const emitter = new Emitter();
        const body = blockOf(e);
        this.block(body, new Scope(), emitter);
        emitter.emit({ op: 'end', at: endSpan(body ?? e), why: 'event' });
        def.eventHandlers.push(new Code('event', def, eventName(e, this.source)?.text ?? '', spanOf(e), undefined, [], emitter.instrs, emitter.slotNames));
      }
    }
    const runs = model.runs.map((run) => {
      const emitter = new Emitter();
      this.runBody(run.body, new Scope(), emitter);
      emitter.emit({ op: 'end', at: endSpan(run.body ?? run.node), why: 'run' });
      return new Code('run', undefined, run.name, spanOf(run.node), undefined, [], emitter.instrs, emitter.slotNames);
    });
    return new Program(this.check, this.agents, this.baseAgents, this.messages, runs, this.nextMessage, this.nextAgent, yes, no);
  }

  private addAgent(def: AgentDef): void {
    this.agents.set(def.name, def);
    this.baseAgents.set(def, new AgentValue(this.nextAgent++, def, undefined, 0));
  }

  private fail(message: string, at: Span): never {
    throw new CompileFailure({ message, start: at.start, end: at.end });
  }

  // ---- constants --------------------------------------------------------------------------------------------------

  private constantMessage(parts: Part[]): Message {
    return new Message(this.nextMessage++, normalizeParts(parts));
  }

  /** A top-level message, built once; a cycle through pointers cannot be an immutable message and is reported. */
  private topLevelMessage(name: string): Message {
    const done = this.messages.get(name);
    if (done) return done;
    const decl = this.messageDecls.get(name)!;
    const literal = messageOf(decl);
    const at = declName(decl, this.source) ?? spanOf(decl);
    if (this.evaluating.has(name)) {
      this.fail(`Message '${name}' points back to itself through other messages; messages are immutable, so they cannot form a cycle`, at);
    }
    this.evaluating.add(name);
    const recipe = literal ? this.recipe(literal, undefined) : { parts: [], single: false, text: '' };
    const value = recipe.constant ?? this.constantMessage([]);
    if (!(value instanceof Message)) this.fail(`Message '${name}' is only a pointer to an agent; write it inside some text`, at);
    this.evaluating.delete(name);
    this.messages.set(name, value);
    return value;
  }

  /** The value a name denotes outside any binding: a top-level message, or the fresh copy of an agent. */
  private global(name: string, at: Span): Value {
    if (this.messageDecls.has(name)) return this.topLevelMessage(name);
    const def = this.agents.get(name);
    if (def) return this.baseAgents.get(def)!;
    return this.fail(`[${name}] names nothing here`, at);
  }

  // ---- recipes ----------------------------------------------------------------------------------------------------

  /** Compiles a message literal in a scope (undefined: top level, where only constants exist). */
  private recipe(literal: Node, scope: Scope | undefined): Recipe {
    return this.recipeOf(messageParts(literal, this.source), scope, renderParts(messageParts(literal, this.source)));
  }

  private recipeOf(ps: readonly MessagePart[], scope: Scope | undefined, text: string): Recipe {
    const raw: RecipePart[] = [];
    for (const p of ps) {
      if (p.kind === 'text') raw.push(p.text);
      else if (p.kind === 'pointer') {
        const name = p.name?.text ?? '';
        const at = p.name ?? spanOf(p.node);
        const slot = scope?.lookup(name);
        raw.push(slot !== undefined ? slot : this.global(name, at));
      } else raw.push(this.recipeOf(p.parts, scope, renderParts(p.parts)));
    }
    // Normalise the literal text the way messages are normalised, so building a message needs no second pass.
    const parts: RecipePart[] = [];
    for (const p of raw) {
      if (typeof p === 'string') {
        const last = parts.length - 1;
        if (last >= 0 && typeof parts[last] === 'string') parts[last] = collapse((parts[last] as string) + p);
        else if (p !== '') parts.push(collapse(p));
      } else parts.push(p);
    }
    if (typeof parts[0] === 'string') {
      parts[0] = (parts[0] as string).replace(/^ /, '');
      if (parts[0] === '') parts.shift();
    }
    const n = parts.length - 1;
    if (n >= 0 && typeof parts[n] === 'string') {
      parts[n] = (parts[n] as string).replace(/ $/, '');
      if (parts[n] === '') parts.pop();
    }
    const nonText = parts.filter((p) => typeof p !== 'string');
    const single = parts.length === 1 && nonText.length === 1;
    const recipe: Recipe = { parts, single, text };
    const constant = this.constantOf(recipe);
    return constant ? { ...recipe, constant } : recipe;
  }

  /** The value of a recipe that uses no binding, built once. A single pointer to an agent stays a message. */
  private constantOf(r: Recipe): Value | undefined {
    const parts: Part[] = [];
    for (const p of r.parts) {
      if (typeof p === 'number') return undefined;
      if (typeof p === 'string' || p instanceof Message || p instanceof AgentValue) parts.push(p);
      else {
        const sub = p.constant;
        if (!sub) return undefined;
        parts.push(sub);
      }
    }
    if (r.single && parts[0] instanceof Message) return parts[0];
    return this.constantMessage(parts);
  }

  // ---- statements -------------------------------------------------------------------------------------------------

  private block(block: Node | undefined, scope: Scope, e: Emitter): void {
    for (const stmt of statements(block)) this.statement(stmt, scope, e);
  }

  private bind(scope: Scope, e: Emitter, name: string): number {
    const slot = e.slot(name);
    scope.names.set(name, slot);
    return slot;
  }

  private statement(stmt: Node, scope: Scope, e: Emitter): void {
    const at = spanOf(stmt);
    switch (stmt.kind) {
      case 'LetStmt': {
        const { names, value } = letParts(stmt, this.source);
        if (value?.kind === 'AskExpr') {
          const ask = this.ask(value, scope, stmt);
          const result = names[0] ? this.bind(scope, e, names[0].text) : -1;
          const agent = names[1] ? this.bind(scope, e, names[1].text) : -1;
          e.emit({ op: 'ask', at, ...ask, result, agent });
        } else if (value?.kind === 'ReflectExpr') {
          const slot = names[0] ? this.bind(scope, e, names[0].text) : -1;
          e.emit({ op: 'reflect', at, slot, name: names[0]?.text });
        } else if (value?.kind === 'Message') {
          const recipe = this.recipe(value, scope);
          const slot = this.bind(scope, e, names[0]?.text ?? '');
          e.emit({ op: 'let', at, slot, name: names[0]?.text ?? '', recipe });
        }
        return;
      }
      case 'AskExpr':
        e.emit({ op: 'ask', at, ...this.ask(stmt, scope, stmt), result: -1, agent: -1 });
        return;
      case 'ReflectExpr':
        e.emit({ op: 'reflect', at, slot: -1 });
        return;
      case 'ViewStmt': {
        const { target, template, elseBlock } = viewParts(stmt, this.source);
        const name = target?.text ?? '';
        const slot = scope.lookup(name);
        const operand = slot !== undefined ? { slot } : { value: this.global(name, target ?? at) };
        const tparts = template ? messageParts(template, this.source) : [];
        const compiled = template ? compileTemplate(tparts, renderParts(tparts)) : undefined;
        // The else block runs in its own scope, before the holes are bound.
        const viewAt = e.emit({ op: 'view', at, target: operand, name, template: compiled, holeSlots: [], elseTo: -1 });
        let elseTo = -1;
        if (elseBlock) {
          const jump = e.emit({ op: 'jump', to: -1 });
          elseTo = e.pc;
          this.block(elseBlock, new Scope(scope), e);
          // An else block that does not reply ends the handler: it runs instead of the rest (docs/runtime.md).
          e.emit({ op: 'end', at: endSpan(elseBlock), why: 'else' });
          const after = e.pc;
          e.patch(jump, () => ({ op: 'jump', to: after }));
        }
        const holeSlots = compiled ? compiled.holes.map((h) => this.bind(scope, e, h)) : [];
        e.patch(viewAt, (i) => ({ ...(i as Extract<Instr, { op: 'view' }>), holeSlots, elseTo }));
        return;
      }
      case 'ReplyStmt':
        e.emit({ op: 'reply', at, recipe: this.literalOf(stmt, scope), breaches: this.breaches(stmt) });
        return;
      case 'ActStmt': {
        const notes = readAnnotations(stmt, this.source);
        e.emit({ op: 'act', at, recipe: this.literalOf(stmt, scope), eExtCost: notes.eExtCost?.value, hazard: notes.hazard?.level ?? 'low', breaches: this.breaches(stmt) });
        return;
      }
      case 'ChapelStmt': {
        const enter = e.emit({ op: 'chapel', at, end: -1, acts: [] });
        this.block(blockOf(stmt), new Scope(scope), e);
        const end = e.emit({ op: 'chapel-end', at: endSpan(blockOf(stmt) ?? stmt) });
        // The acts this chapel guards: those of its block, except the ones of chapels nested in it (already patched).
        const acts: ChapelAct[] = [];
        for (let i = enter + 1; i < end; i++) {
          const ins = e.instrs[i];
          if (ins.op === 'chapel') i = ins.end;
          else if (ins.op === 'act') acts.push({ at: ins.at, text: ins.recipe.text, ...(ins.eExtCost !== undefined ? { eExtCost: ins.eExtCost } : {}), hazard: ins.hazard });
        }
        e.patch(enter, () => ({ op: 'chapel', at, end, acts }));
        return;
      }
      case 'ChooseStmt': {
        const promptNode = messageOf(stmt);
        const prompt = promptNode ? this.recipe(promptNode, scope) : undefined;
        const choose = e.emit({ op: 'choose', at, prompt, options: [] });
        const options: ChoiceOption[] = [];
        const exits: number[] = [];
        for (const opt of chooseOptions(stmt)) {
          const label = messageOf(opt);
          options.push({ label: label ? renderParts(messageParts(label, this.source)) : '', at: spanOf(opt), breaches: this.optionBreaches(opt), to: e.pc });
          this.block(blockOf(opt), new Scope(scope), e);
          exits.push(e.emit({ op: 'jump', to: -1 }));
        }
        const after = e.pc;
        for (const x of exits) e.patch(x, () => ({ op: 'jump', to: after }));
        e.patch(choose, () => ({ op: 'choose', at, prompt, options }));
        return;
      }
      case 'ConsentMove': {
        const { machine, state } = consentMoveParts(stmt, this.source);
        e.emit({ op: 'consent', at, machine: machine?.text ?? '', state: state?.text ?? '' });
        return;
      }
      case 'ScarStmt':
        e.emit({ op: 'scar', at, recipe: this.literalOf(stmt, scope) });
        return;
      case 'ResolveStmt': {
        const msg = messageOf(stmt);
        e.emit({ op: 'resolve', at, recipe: msg ? this.recipe(msg, scope) : undefined });
        return;
      }
      default:
        // Forgiveness kernels are fixed at constitution time; the checker rejects them in agent code (AMP-G009).
        return;
    }
  }

  private literalOf(stmt: Node, scope: Scope): Recipe {
    const msg = messageOf(stmt);
    return msg ? this.recipe(msg, scope) : { parts: [], single: false, text: '' };
  }

  private ask(ask: Node, scope: Scope, annotated: Node): { target: AskTarget; name: string; recipe: Recipe; budget?: number; breaches: BreachNote[] } {
    const { target, message, budget } = askParts(ask, this.source);
    const name = target?.text ?? '';
    const slot = scope.lookup(name);
    let askTarget: AskTarget;
    if (slot !== undefined) askTarget = { slot };
    else {
      const def = this.agents.get(name);
      if (!def) this.fail(`'${name}' is not an agent`, target ?? spanOf(ask));
      askTarget = { def };
    }
    const n = budget ? numberOf(budget, this.source) : undefined;
    if (n !== undefined && !(Number.isInteger(n) && n > 0)) this.fail('A budget is a positive whole number of operations', spanOf(budget!));
    const recipe = message ? this.recipe(message, scope) : { parts: [], single: false, text: '' };
    return { target: askTarget, name, recipe, budget: n, breaches: this.breaches(annotated) };
  }

  private breaches(node: Node): BreachNote[] {
    return readAnnotations(node, this.source).breaches.flatMap((b) => (b.id ? [{ id: b.id.text, weight: b.weight, risk: b.risk, level1: b.level1 }] : []));
  }

  /** The breaches of an option: on the option, and on the statements its block (and chapels in it) surely runs. */
  private optionBreaches(opt: Node): BreachNote[] {
    const out = this.breaches(opt);
    const walkBlock = (block: Node | undefined) => {
      for (const s of statements(block)) {
        out.push(...this.breaches(s));
        if (s.kind === 'LetStmt') {
          const v = letParts(s, this.source).value;
          if (v) out.push(...this.breaches(v));
        }
        if (s.kind === 'ChapelStmt') walkBlock(blockOf(s));
      }
    };
    walkBlock(blockOf(opt));
    return out;
  }

  // ---- runs -------------------------------------------------------------------------------------------------------

  private runBody(body: Node | undefined, scope: Scope, e: Emitter): void {
    for (const stmt of statements(body)) {
      const at = spanOf(stmt);
      switch (stmt.kind) {
        case 'AskExpr':
        case 'LetStmt': {
          const { names, value } = stmt.kind === 'LetStmt' ? letParts(stmt, this.source) : { names: [], value: stmt };
          if (value?.kind === 'Message') {
            const recipe = this.recipe(value, scope);
            e.emit({ op: 'let', at, slot: this.bind(scope, e, names[0]?.text ?? ''), name: names[0]?.text ?? '', recipe });
            break;
          }
          if (value?.kind !== 'AskExpr') break;
          const ask = this.ask(value, scope, stmt);
          if (ask.budget === undefined) this.fail('The root question of a run needs a budget', at);
          const result = names[0] ? this.bind(scope, e, names[0].text) : -1;
          const agent = names[1] ? this.bind(scope, e, names[1].text) : -1;
          e.emit({ op: 'root-ask', at, target: ask.target, name: ask.name, recipe: ask.recipe, budget: ask.budget!, result, agent });
          break;
        }
        case 'ExpectStmt': {
          const kind = idents(stmt, this.source)[1]?.text === 'error' ? 'error' : 'reply';
          const msg = messageOf(stmt);
          e.emit({ op: 'expect', at, kind, recipe: msg ? this.expectRecipe(msg, scope) : undefined });
          break;
        }
        case 'StewardStmt': {
          const value = valueNodes(stmt)[0];
          const event = nameOfValue(value, this.source)?.text ?? '';
          const list = value ? childNode(value, 'ArgList') : undefined;
          const args: StewardArg[] = list
            ? argsOf(list, this.source).map((a) => {
                const v = a.value;
                const name = a.name?.text;
                if (v?.kind === 'Message') return { name, message: this.recipe(v, scope) };
                if (v?.kind === 'NumberValue') return { name, number: numberOf(v, this.source) };
                return { name, word: nameOfValue(v, this.source)?.text ?? (v ? this.source.slice(v.start, v.end) : '') };
              })
            : [];
          e.emit({ op: 'steward', at, event, args });
          break;
        }
      }
    }
  }

  /** The message of an `expect reply`: its pointers name run bindings or top-level messages (the checker does not bind them). */
  private expectRecipe(msg: Node, scope: Scope): Recipe {
    for (const ptr of childNodesDeep(msg, 'Pointer')) {
      const name = idents(ptr, this.source)[0];
      if (name && scope.lookup(name.text) === undefined && !this.messageDecls.has(name.text) && !this.agents.has(name.text)) {
        this.fail(`[${name.text}] in this expectation names no binding of the run and no top-level message`, name);
      }
    }
    return this.recipe(msg, scope);
  }
}

function templateHoleNames(parts: readonly MessagePart[]): string[] {
  const out: string[] = [];
  for (const p of parts) {
    if (p.kind === 'pointer') out.push(p.name?.text ?? '');
    else if (p.kind === 'sub') out.push(...templateHoleNames(p.parts));
  }
  return out;
}

/** The closing brace of a block (or the end of a node): where "reached the end" points. */
function endSpan(node: Node): Span {
  return { start: Math.max(node.start, node.end - 1), end: node.end };
}

function childNodesDeep(node: Node, kind: Node['kind']): Node[] {
  const out: Node[] = [];
  for (const c of childNodes(node)) {
    if (c.kind === kind) out.push(c);
    out.push(...childNodesDeep(c, kind));
  }
  return out;
}
