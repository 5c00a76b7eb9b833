// The Variables view: three scopes per frame (the message the activation answers, the pointers it can see, the
// budget ledger) and values expanded one level at a time. A variablesReference names what to expand next; nothing is
// rendered before the client asks for it, so a message tree of any size costs only what is opened.

import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  agentLabel, AgentValue, agentName, budgetViolations, expand, framesOf, recordsOf, renderText, visiblePointers, type Frame, type MachineState, type Value,
} from '../core/runtime/index';
import { statementOf } from './source-map';

/** What a variablesReference stands for. States are immutable, so a reference stays true to the stop it came from. */
export type VarRef =
  | { readonly kind: 'message'; readonly state: MachineState; readonly frame: number }
  | { readonly kind: 'pointers'; readonly state: MachineState; readonly frame: number }
  | { readonly kind: 'budget'; readonly state: MachineState; readonly frame: number }
  | { readonly kind: 'value'; readonly value: Value }
  | { readonly kind: 'ledger'; readonly state: MachineState }
  | { readonly kind: 'by-agent'; readonly state: MachineState }
  | { readonly kind: 'activations'; readonly state: MachineState }
  /** Anything else (governance, conscience, self-modification): children made when the client asks for them. */
  | { readonly kind: 'lazy'; readonly children: (refs: References) => DebugProtocol.Variable[] };

/** Hands out variablesReferences; cleared whenever the run moves. */
export class References {
  private next = 1;
  private readonly refs = new Map<number, VarRef>();

  create(ref: VarRef): number {
    const id = this.next++;
    this.refs.set(id, ref);
    return id;
  }

  get(id: number): VarRef | undefined {
    return this.refs.get(id);
  }

  clear(): void {
    this.refs.clear();
  }
}

/** Values are previewed up to this many characters; expanding shows the rest, pointer by pointer. */
const PREVIEW = 300;

export function preview(v: Value, limit = PREVIEW): string {
  if (v instanceof AgentValue) return `${agentLabel(v)} (${v.turns} exchange${v.turns === 1 ? '' : 's'} remembered)`;
  return `"${renderText(v, limit)}"`;
}

/** A variable for a value: a message previews its text and expands into its pointers; an agent into its exchanges. */
export function valueVariable(refs: References, name: string, v: Value, evaluateName?: string): DebugProtocol.Variable {
  if (v instanceof AgentValue) {
    return { name, value: preview(v), type: 'agent', variablesReference: refs.create({ kind: 'value', value: v }), evaluateName };
  }
  const pointers = v.parts.filter((p) => typeof p !== 'string').length;
  return {
    name,
    value: preview(v),
    type: v.error ? 'error message' : 'message',
    variablesReference: pointers ? refs.create({ kind: 'value', value: v }) : 0,
    namedVariables: pointers ? pointers + 1 : undefined,
    evaluateName,
  };
}

function plain(name: string, value: string | number, type?: string): DebugProtocol.Variable {
  return { name, value: String(value), type, variablesReference: 0 };
}

export function scopesFor(refs: References, state: MachineState, frame: number): DebugProtocol.Scope[] {
  return [
    { name: 'Message', presentationHint: 'arguments', variablesReference: refs.create({ kind: 'message', state, frame }), expensive: false },
    { name: 'Pointers', presentationHint: 'locals', variablesReference: refs.create({ kind: 'pointers', state, frame }), expensive: false },
    { name: 'Budget', presentationHint: 'registers', variablesReference: refs.create({ kind: 'budget', state, frame }), expensive: false },
  ];
}

/** The children of a reference; `start`/`count` page an indexed list. */
export function variablesOf(refs: References, ref: VarRef, source: string, start = 0, count = 0): DebugProtocol.Variable[] {
  switch (ref.kind) {
    case 'message':
      return messageScope(refs, ref.state, framesOf(ref.state)[ref.frame], source);
    case 'pointers':
      return visiblePointers(ref.state, ref.frame).map((p) => valueVariable(refs, p.name, p.value, p.name));
    case 'budget':
      return budgetScope(refs, ref.state, framesOf(ref.state)[ref.frame]);
    case 'value':
      return valueChildren(refs, ref.value);
    case 'ledger':
      return ledger(refs, ref.state);
    case 'by-agent':
      return byAgent(ref.state);
    case 'activations':
      return activations(ref.state, start, count);
    case 'lazy': {
      const all = ref.children(refs);
      return count > 0 ? all.slice(start, start + count) : start > 0 ? all.slice(start) : all;
    }
  }
}

/** A variable whose children are made when it is expanded. */
export function lazyVariable(refs: References, name: string, value: string, children: (refs: References) => DebugProtocol.Variable[], extra: Partial<DebugProtocol.Variable> = {}): DebugProtocol.Variable {
  return { name, value, variablesReference: refs.create({ kind: 'lazy', children }), ...extra };
}

/** A scope whose variables are made when the client asks for them. */
export function lazyScope(refs: References, name: string, children: (refs: References) => DebugProtocol.Variable[], hint?: DebugProtocol.Scope['presentationHint']): DebugProtocol.Scope {
  return { name, ...(hint ? { presentationHint: hint } : {}), variablesReference: refs.create({ kind: 'lazy', children }), expensive: false };
}

/** A variable without children. */
export function plainVariable(name: string, value: string | number | boolean, type?: string): DebugProtocol.Variable {
  return { name, value: String(value), ...(type ? { type } : {}), variablesReference: 0 };
}

function valueChildren(refs: References, v: Value): DebugProtocol.Variable[] {
  if (v instanceof AgentValue) {
    const out = [plain('definition', `${v.def.name} (${v.def.kind === 'builtin' ? 'built-in' : v.def.kind})`), plain('exchanges remembered', v.turns)];
    const exchanges: { question: Value; reply: Value | undefined }[] = [];
    for (let x = v.history; x; x = x.prev) exchanges.push(x);
    exchanges.reverse().forEach((x, i) => {
      out.push(valueVariable(refs, `question ${i + 1}`, x.question));
      out.push(x.reply ? valueVariable(refs, `reply ${i + 1}`, x.reply) : plain(`reply ${i + 1}`, '(not yet)'));
    });
    return out;
  }
  const e = expand(v);
  return [plain('text', e.text, 'text'), ...e.children.map((c) => valueVariable(refs, c.label, c.value))];
}

function messageScope(refs: References, state: MachineState, f: Frame | undefined, source: string): DebugProtocol.Variable[] {
  if (!f) return [];
  const out: DebugProtocol.Variable[] = [];
  if (f.kind === 'run') {
    out.push(plain('run', f.code.label));
    if (f.last) out.push(valueVariable(refs, 'last reply', f.last.reply));
  } else {
    out.push(plain('agent', f.agent ? agentLabel(f.agent).replace(/^@/, '') : agentName(f)));
    if (f.question) out.push(valueVariable(refs, 'question', f.question));
    if (f.kind === 'handler' || f.kind === 'event') out.push(plain('handler', f.kind === 'event' ? `on event ${f.code.label}` : `on "${f.code.label}"`));
    if (f.kind === 'human' || f.kind === 'replay') {
      out.push(plain('shown', f.show, 'text'));
      if (f.kind === 'replay' && f.source) out.push(plain('transcript', f.source));
      if (f.queue.length) out.push(plain('commands queued', f.queue.join(' | ')));
    }
    if (f.kind === 'meta') {
      out.push(valueVariable(refs, 'A', f.target));
      out.push(plain('phase', f.phase));
      out.push(plain('output so far', JSON.stringify(f.output)));
      if (f.state) out.push(valueVariable(refs, 'state', f.state));
    }
  }
  const at = statementOf(f);
  if (at) out.push(plain('statement', firstLine(source.slice(at.start, at.end)), 'source'));
  out.push(plain('activation', f.id));
  out.push(plain('step', state.step));
  return out;
}

function firstLine(s: string): string {
  const line = s.split(/\r\n|\r|\n/, 1)[0].trim();
  return s.length > line.length ? `${line} …` : line;
}

function budgetScope(refs: References, state: MachineState, f: Frame | undefined): DebugProtocol.Variable[] {
  if (!f) return [];
  const out: DebugProtocol.Variable[] =
    f.kind === 'run'
      ? [plain('root budget', state.minted, 'budget'), plain('out with root questions', f.delegated, 'budget'), plain('returned to the run', state.returned, 'budget')]
      : [plain('held', f.budget, 'budget'), plain('allotted', f.allotted, 'budget'), plain('spent', f.spent, 'budget'), plain('delegated', f.delegated, 'budget')];
  out.push({ name: 'ledger', value: `root ${state.minted}, returned ${state.returned}`, variablesReference: refs.create({ kind: 'ledger', state }) });
  return out;
}

interface Row {
  activations: number;
  allotted: number;
  spent: number;
  returned: number;
  held: number;
}

function ledger(refs: References, state: MachineState): DebugProtocol.Variable[] {
  const live = framesOf(state).filter((f) => f.kind !== 'run');
  const held = live.reduce((n, f) => n + f.budget, 0);
  const violations = budgetViolations(state);
  const count = live.length + countRecords(state);
  return [
    plain('root budget', state.minted, 'budget'),
    plain('returned to the run', state.returned, 'budget'),
    plain('held by live activations', held, 'budget'),
    plain('spent', state.minted - state.returned - held, 'budget'),
    plain('conservation', violations.length ? `VIOLATED: ${violations[0]}${violations.length > 1 ? ` (+${violations.length - 1} more)` : ''}` : 'holds: root = spent + held + returned'),
    { name: 'by agent', value: 'allotted, spent, returned, held per agent', variablesReference: refs.create({ kind: 'by-agent', state }) },
    { name: 'activations', value: `${count} activation${count === 1 ? '' : 's'}`, variablesReference: count ? refs.create({ kind: 'activations', state }) : 0, indexedVariables: count },
  ];
}

function countRecords(state: MachineState): number {
  let n = 0;
  for (let r = state.finished; r; r = r.next) n++;
  return n;
}

function byAgent(state: MachineState): DebugProtocol.Variable[] {
  const rows = new Map<string, Row>();
  const row = (agent: string) => {
    let r = rows.get(agent);
    if (!r) rows.set(agent, (r = { activations: 0, allotted: 0, spent: 0, returned: 0, held: 0 }));
    return r;
  };
  for (const r of recordsOf(state)) {
    const x = row(r.agent);
    x.activations++;
    x.allotted += r.allotted;
    x.spent += r.spent;
    x.returned += r.returned;
  }
  for (const f of framesOf(state)) {
    if (f.kind === 'run') continue;
    const x = row(agentName(f));
    x.activations++;
    x.allotted += f.allotted;
    x.spent += f.spent;
    x.held += f.budget;
  }
  return [...rows.entries()].map(([agent, r]) =>
    plain(agent, `${r.activations} activation${r.activations === 1 ? '' : 's'}: allotted ${r.allotted}, spent ${r.spent}, returned ${r.returned}${r.held ? `, holds ${r.held}` : ''}`),
  );
}

function activations(state: MachineState, start: number, count: number): DebugProtocol.Variable[] {
  const all: { id: number; text: string; agent: string }[] = [];
  for (const r of recordsOf(state)) all.push({ id: r.id, agent: r.agent, text: `allotted ${r.allotted}, spent ${r.spent}, returned ${r.returned}${r.error ? ' (error reply)' : ''}` });
  for (const f of framesOf(state)) {
    if (f.kind !== 'run') all.push({ id: f.id, agent: agentName(f), text: `allotted ${f.allotted}, spent ${f.spent}, holds ${f.budget}, delegated ${f.delegated} (live)` });
  }
  all.sort((a, b) => a.id - b.id);
  const slice = count > 0 ? all.slice(start, start + count) : all.slice(start);
  return slice.map((a) => plain(`#${a.id} ${a.agent}`, a.text));
}
