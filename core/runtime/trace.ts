// The trace: every step of a run as one JSON line (schema version 1, docs/runtime.md §Trace), then every transition of
// each self-modification run (records of their own kinds, versioned by SELFMOD_RECORD_VERSION), and the reader that
// turns a trace back into events and cycles, so a run can be replayed and reported without its agents. Reading never
// throws: a corrupted or truncated trace gives the line and what is wrong with it.

import type { CostModelName } from './cost';
import { AgentDef } from './program';
import { reportFromEvents, type RunReport } from './report';
import type { Span } from './spans';
import type { RuntimeEvent, Status } from './state';
import type { SimState } from '../selfmod/types';
import type { SelfmodReport } from './selfmod';
import { AgentValue, Message, type Part } from './values';

export const TRACE_FORMAT = 'amp-trace';
export const TRACE_VERSION = 1;
/**
 * The version of the self-modification record kinds (`selfmod`, `cycle`, `selfmod-end`), carried by each `selfmod`
 * record. Record kinds added after version 1 of the trace carry their own version, so adding one leaves the runs'
 * schema (and every trace without such records) as it was.
 */
export const SELFMOD_RECORD_VERSION = 1;

export interface TraceHeader {
  readonly file: string;
  readonly costModel: CostModelName;
  readonly meta: boolean;
  readonly runs: readonly string[];
  /** The self-modification runs the trace holds after its runs, in order (absent when there are none). */
  readonly selfmod?: readonly string[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Writes trace lines (without the newline). One writer per trace file; messages are written once per run. */
export class TraceWriter {
  private messages = new Set<number>();
  private agents = new Set<number>();

  header(h: TraceHeader): string {
    const rec: Record<string, unknown> = { t: 'trace', format: TRACE_FORMAT, v: TRACE_VERSION, file: h.file, costModel: h.costModel, meta: h.meta, runs: h.runs };
    if (h.selfmod?.length) rec.selfmod = h.selfmod;
    return JSON.stringify(rec);
  }

  /** The start of a self-modification run: its name and place (its settings are in its report, at the end). */
  selfmodStart(name: string, index: number, at?: Span): string {
    return JSON.stringify({ t: 'selfmod', v: SELFMOD_RECORD_VERSION, selfmod: name, index, ...(at ? { at: { start: at.start, end: at.end } } : {}) });
  }

  /** Transition `n` of a self-modification run: the readings after it and the simulator's events. */
  selfmodCycle(n: number, s: SimState): string {
    const rec: Record<string, unknown> = { t: 'cycle', n, cycle: s.cycle, c: s.c, zone: s.zone, bgss: s.bgss, dCdt: s.dCdt, terms: s.agent.terms };
    if (s.frozen) rec.frozen = s.frozen;
    if (s.active) rec.active = { proposal: s.active.proposal, step: s.active.step, ...(s.active.shadow ? { shadow: { done: s.active.shadow.done, cycles: s.active.shadow.cycles } } : {}) };
    rec.ev = s.events;
    return JSON.stringify(rec);
  }

  /** The end of a self-modification run: its report (outcomes per proposal, the final readings). */
  selfmodEnd(report: SelfmodReport): string {
    const { name, at: _at, ...rest } = report;
    return JSON.stringify({ t: 'selfmod-end', selfmod: name, ...rest });
  }

  runStart(name: string, index: number, at?: Span): string {
    this.messages = new Set();
    this.agents = new Set();
    return JSON.stringify(at ? { t: 'run', run: name, index, at: { start: at.start, end: at.end } } : { t: 'run', run: name, index });
  }

  /** The record of step `n`: its events, and the messages and agents they mention that earlier lines did not define. */
  step(n: number, events: readonly RuntimeEvent[]): string {
    const m: Json[] = [];
    const a: Json[] = [];
    const ev = events.map((e) => this.event(e, m, a));
    const rec: { [k: string]: Json } = { t: 'step', n, ev };
    if (m.length) rec.m = m;
    if (a.length) rec.a = a;
    return JSON.stringify(rec);
  }

  runEnd(name: string, steps: number, status: Status): string {
    return JSON.stringify({ t: 'end', run: name, steps, status });
  }

  private event(e: RuntimeEvent, m: Json[], a: Json[]): Json {
    const out: { [k: string]: Json } = {};
    for (const [k, v] of Object.entries(e)) {
      if (k === 'step' || v === undefined) continue;
      out[k] = this.value(v, m, a);
    }
    return out;
  }

  private value(v: unknown, m: Json[], a: Json[]): Json {
    if (v instanceof Message) {
      this.defineMessage(v, m, a);
      return { m: v.id };
    }
    if (v instanceof AgentValue) {
      this.defineAgent(v, a);
      return { a: v.id };
    }
    if (Array.isArray(v)) return v.map((x) => this.value(x, m, a));
    if (v && typeof v === 'object') {
      const o: { [k: string]: Json } = {};
      for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = this.value(x, m, a);
      return o;
    }
    return v as Json;
  }

  private defineAgent(v: AgentValue, a: Json[]): void {
    if (this.agents.has(v.id)) return;
    this.agents.add(v.id);
    a.push({ id: v.id, name: v.def.name, turns: v.turns });
  }

  /** Defines a message and the messages it points to that are not yet defined, children first (iteratively: DAGs can be deep). */
  private defineMessage(root: Message, m: Json[], a: Json[]): void {
    if (this.messages.has(root.id)) return;
    const stack: { msg: Message; expanded: boolean }[] = [{ msg: root, expanded: false }];
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (this.messages.has(top.msg.id)) {
        stack.pop();
        continue;
      }
      if (!top.expanded) {
        top.expanded = true;
        for (const p of top.msg.parts) if (p instanceof Message && !this.messages.has(p.id)) stack.push({ msg: p, expanded: false });
        continue;
      }
      stack.pop();
      this.messages.add(top.msg.id);
      const parts: Json[] = top.msg.parts.map((p): Json => {
        if (typeof p === 'string') return p;
        if (p instanceof Message) return { m: p.id };
        this.defineAgent(p, a);
        return { a: p.id };
      });
      m.push(top.msg.error ? { id: top.msg.id, p: parts, e: true } : { id: top.msg.id, p: parts });
    }
  }
}

// ---- reading ------------------------------------------------------------------------------------------------------

export interface TraceRun {
  readonly name: string;
  readonly index: number;
  /** The run block's span in the spec. */
  readonly at?: Span;
  readonly events: readonly RuntimeEvent[];
  readonly steps: number;
  readonly status: Status;
}

/** One transition of a self-modification run, as the trace recorded it. */
export interface TraceCycle {
  readonly n: number;
  readonly cycle: number;
  readonly c: number;
  readonly zone: string;
  readonly bgss: number;
  readonly dCdt: number;
  readonly terms: Readonly<Record<string, number>>;
  readonly frozen?: string;
  readonly active?: { readonly proposal: number; readonly step: number; readonly shadow?: { readonly done: number; readonly cycles: number } };
  readonly events: readonly Readonly<Record<string, unknown>>[];
}

export interface TraceSelfmod {
  readonly name: string;
  readonly index: number;
  readonly at?: Span;
  readonly cycles: readonly TraceCycle[];
  /** The run's report, as the live run gave it. */
  readonly report: SelfmodReport;
}

export interface TraceFile {
  readonly header: TraceHeader;
  readonly runs: readonly TraceRun[];
  /** The self-modification runs (present when the header lists any). */
  readonly selfmod?: readonly TraceSelfmod[];
}

export interface TraceProblem {
  /** 1-based line of the trace. */
  readonly line: number;
  readonly message: string;
}

const STATUSES = new Set(['running', 'done', 'fault']);

/** Field types per event kind: n number, s string, b boolean, m message, v message or agent, a agent, o object, l list. */
const EVENT_FIELDS: Record<RuntimeEvent['kind'], Record<string, string>> = {
  ask: { to: 'n', agent: 's', instance: 'n', question: 'm', transfer: 'n', cost: 'n', requested: 'n?', breaches: 'l?' },
  reply: { to: 'n', message: 'm', cost: 'n', returned: 'n', error: 'b?', forced: 'o?', agentAfter: 'n?' },
  view: { name: 's', target: 'v', cost: 'n', matched: 'b?' },
  let: { name: 's', value: 'v' },
  reflect: { agent: 'a', cost: 'n' },
  act: { message: 'm', eExtCost: 'n?', hazard: 's', inChapel: 'b', allowed: 'b', reason: 's?' },
  chapel: { phase: 's', allowed: 'b', pauseMs: 'n?', reason: 's?' },
  choose: { options: 'l', chosen: 'n', explanation: 's' },
  consent: { machine: 's', state: 's', allowed: 'b', reason: 's?' },
  scar: { message: 'm' },
  resolve: { message: 'm?', allowed: 'b', reason: 's?' },
  steward: { event: 's', args: 'l', deliver: 'l' },
  deliver: { event: 's', agent: 's', to: 'n' },
  expect: { expect: 's', passed: 'b', expected: 's?', actual: 's?', reason: 's?' },
  input: { text: 's', cost: 'n', feedback: 's?' },
  meta: { phase: 's', output: 's?', state: 'm?', reason: 's?' },
  governance: { name: 's', detail: 'o' },
  end: { status: 's' },
  fault: { message: 's' },
};

class Problem extends Error {}

/** Reads a trace. Returns the runs it holds, or the first problem: its line and what is wrong. */
export function readTrace(text: string): { readonly trace: TraceFile } | { readonly error: TraceProblem } {
  const lines = text.split('\n');
  // A complete trace ends with a newline; a last line without one was cut off mid-write.
  const complete = text.endsWith('\n');
  if (complete) lines.pop();
  let lineNo = 0;
  const fail = (message: string): never => {
    throw new Problem(message);
  };
  try {
    if (lines.length === 0 || (lines.length === 1 && lines[0] === '')) {
      lineNo = 1;
      fail('the trace is empty');
    }
    let header: TraceHeader | undefined;
    const runs: TraceRun[] = [];
    let current: { name: string; index: number; at?: Span; events: RuntimeEvent[]; lastStep: number; messages: Map<number, Message>; agents: Map<number, AgentValue> } | undefined;
    const selfmods: TraceSelfmod[] = [];
    let sm: { name: string; index: number; at?: Span; cycles: TraceCycle[] } | undefined;
    const defs = new Map<string, AgentDef>();
    for (let i = 0; i < lines.length; i++) {
      lineNo = i + 1;
      const raw = lines[i];
      if (!complete && i === lines.length - 1) fail('the line is cut off (the trace does not end with a newline): the trace is truncated');
      let rec: Record<string, unknown>;
      try {
        const v = JSON.parse(raw);
        if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('a trace line must be a JSON object');
        rec = v as Record<string, unknown>;
      } catch (e) {
        if (e instanceof Problem) throw e;
        return fail(`not valid JSON (${(e as Error).message})`);
      }
      const t = rec.t;
      if (!header) {
        if (t !== 'trace' || rec.format !== TRACE_FORMAT) fail(`not an AMP trace: the first line must be {"t":"trace","format":"${TRACE_FORMAT}",…}`);
        if (rec.v !== TRACE_VERSION) fail(`unsupported trace version ${JSON.stringify(rec.v)} (this reader knows version ${TRACE_VERSION})`);
        if (typeof rec.file !== 'string') fail('the header needs "file" (a string)');
        if (rec.costModel !== 'seed' && rec.costModel !== 'alba') fail('the header\'s "costModel" must be "seed" or "alba"');
        if (typeof rec.meta !== 'boolean') fail('the header needs "meta" (a boolean)');
        if (!Array.isArray(rec.runs) || !rec.runs.every((r) => typeof r === 'string')) fail('the header needs "runs" (a list of run names)');
        if (rec.selfmod !== undefined && (!Array.isArray(rec.selfmod) || !rec.selfmod.every((r) => typeof r === 'string'))) fail('the header\'s "selfmod" must be a list of names');
        header = { file: rec.file as string, costModel: rec.costModel as CostModelName, meta: rec.meta as boolean, runs: rec.runs as string[], ...(rec.selfmod !== undefined ? { selfmod: rec.selfmod as string[] } : {}) };
        continue;
      }
      switch (t) {
        case 'selfmod': {
          if (current) fail(`run "${current.name}" has no "end" record before this self-modification run starts`);
          if (sm) fail(`self-modification run "${sm.name}" has no "selfmod-end" record before this one starts`);
          if (runs.length < header.runs.length) fail(`a self-modification run before run "${header.runs[runs.length]}": runs come first`);
          if (rec.v !== SELFMOD_RECORD_VERSION) fail(`unsupported selfmod record version ${JSON.stringify(rec.v)} (this reader knows version ${SELFMOD_RECORD_VERSION})`);
          const list = header.selfmod ?? [];
          const expected = list[selfmods.length];
          if (expected === undefined) fail(`the header lists ${list.length} self-modification run(s); this is one more`);
          if (rec.selfmod !== expected) fail(`expected self-modification run "${expected}" (the header's order), found ${JSON.stringify(rec.selfmod)}`);
          if (rec.index !== undefined && !Number.isInteger(rec.index)) fail('"index" must be a whole number');
          const at = spanOf(rec.at, fail);
          sm = { name: expected, index: (rec.index as number) ?? selfmods.length, at, cycles: [] };
          break;
        }
        case 'cycle': {
          if (!sm) fail('a cycle outside any self-modification run (a "selfmod" record must come first)');
          const run = sm!;
          const last = run.cycles.length;
          if (rec.n !== last + 1) fail(`transition ${JSON.stringify(rec.n)} follows transition ${last}: transitions must be consecutive`);
          for (const k of ['cycle', 'c', 'bgss', 'dCdt']) if (typeof rec[k] !== 'number') fail(`a cycle record needs "${k}" (a number)`);
          if (typeof rec.zone !== 'string') fail('a cycle record needs "zone" (a string)');
          const terms = objectOf(rec.terms, '"terms"', fail);
          for (const v of Object.values(terms)) if (typeof v !== 'number') fail('"terms" holds numbers');
          if (rec.frozen !== undefined && typeof rec.frozen !== 'string') fail('"frozen" must be a string');
          let active: TraceCycle['active'];
          if (rec.active !== undefined) {
            const a = objectOf(rec.active, '"active"', fail);
            if (!Number.isInteger(a.proposal) || !Number.isInteger(a.step)) fail('"active" needs "proposal" and "step"');
            active = a as unknown as TraceCycle['active'];
          }
          const ev = listOf(rec.ev, '"ev"', fail).map((e) => {
            const o = objectOf(e, 'a simulator event', fail);
            if (typeof o.type !== 'string') fail('a simulator event needs "type"');
            return o;
          });
          run.cycles.push({
            n: rec.n as number,
            cycle: rec.cycle as number,
            c: rec.c as number,
            zone: rec.zone as string,
            bgss: rec.bgss as number,
            dCdt: rec.dCdt as number,
            terms: terms as Record<string, number>,
            ...(rec.frozen !== undefined ? { frozen: rec.frozen as string } : {}),
            ...(active ? { active } : {}),
            events: ev,
          });
          break;
        }
        case 'selfmod-end': {
          if (!sm) fail('a "selfmod-end" record outside any self-modification run');
          const run = sm!;
          if (rec.selfmod !== run.name) fail(`"selfmod-end" of ${JSON.stringify(rec.selfmod)} inside self-modification run "${run.name}"`);
          if (rec.transitions !== run.cycles.length) fail(`the self-modification run ends after ${JSON.stringify(rec.transitions)} transitions, but the trace holds ${run.cycles.length}`);
          if (rec.status !== 'done' && rec.status !== 'fault') fail('"status" must be "done" or "fault"');
          if (!Array.isArray(rec.outcomes)) fail('"outcomes" must be a list');
          if (!Array.isArray(rec.problems)) fail('"problems" must be a list');
          if (typeof rec.passed !== 'boolean') fail('"passed" must be a boolean');
          const { t: _t, selfmod: _name, ...rest } = rec;
          const report = { name: run.name, ...(run.at ? { at: run.at } : {}), ...rest } as unknown as SelfmodReport;
          selfmods.push({ name: run.name, index: run.index, ...(run.at ? { at: run.at } : {}), cycles: run.cycles, report });
          sm = undefined;
          break;
        }
        case 'run': {
          if (sm || selfmods.length) fail('a run after a self-modification run: runs come first');
          if (current) fail(`run "${current.name}" has no "end" record before this run starts`);
          const expected = header.runs[runs.length];
          if (expected === undefined) fail(`the header lists ${header.runs.length} run(s); this is one more`);
          if (rec.run !== expected) fail(`expected run "${expected}" (the header's order), found ${JSON.stringify(rec.run)}`);
          if (rec.index !== undefined && !Number.isInteger(rec.index)) fail('"index" must be a whole number');
          const at = spanOf(rec.at, fail);
          current = { name: expected, index: (rec.index as number) ?? runs.length, at, events: [], lastStep: 0, messages: new Map(), agents: new Map() };
          break;
        }
        case 'step': {
          if (!current) fail('a step outside any run (a "run" record must come first)');
          const run = current!;
          if (!Number.isInteger(rec.n)) fail('a step needs "n", its number');
          if (rec.n !== run.lastStep + 1) fail(`step ${rec.n} follows step ${run.lastStep}: steps must be consecutive`);
          run.lastStep = rec.n as number;
          for (const d of listOf(rec.a, '"a"', fail)) {
            const o = objectOf(d, 'an agent definition', fail);
            if (!Number.isInteger(o.id) || typeof o.name !== 'string' || !Number.isInteger(o.turns)) fail('an agent definition needs "id", "name" and "turns"');
            if (run.agents.has(o.id as number)) fail(`agent ${o.id} is defined twice`);
            let def = defs.get(o.name as string);
            if (!def) defs.set(o.name as string, (def = new AgentDef(o.name as string, 'declared')));
            run.agents.set(o.id as number, new AgentValue(o.id as number, def, undefined, o.turns as number));
          }
          for (const d of listOf(rec.m, '"m"', fail)) {
            const o = objectOf(d, 'a message definition', fail);
            if (!Number.isInteger(o.id)) fail('a message definition needs "id"');
            if (run.messages.has(o.id as number)) fail(`message ${o.id} is defined twice`);
            const parts = listOf(o.p, `message ${o.id}'s "p"`, fail).map((p): Part => {
              if (typeof p === 'string') return p;
              const r = objectOf(p, 'a message part', fail);
              if (Number.isInteger(r.m)) return run.messages.get(r.m as number) ?? fail(`message ${o.id} points to message ${r.m}, which is not defined before it`);
              if (Number.isInteger(r.a)) return run.agents.get(r.a as number) ?? fail(`message ${o.id} points to agent ${r.a}, which is not defined`);
              return fail('a message part is a string, {"m": id} or {"a": id}');
            });
            run.messages.set(o.id as number, new Message(o.id as number, parts, o.e === true));
          }
          const evs = listOf(rec.ev, '"ev"', fail);
          if (evs.length === 0) fail('a step records at least one event');
          for (const raw of evs) run.events.push(readEvent(raw, rec.n as number, run.messages, run.agents, fail));
          break;
        }
        case 'end': {
          if (!current) fail('an "end" record outside any run');
          const run = current!;
          if (rec.run !== run.name) fail(`"end" of run ${JSON.stringify(rec.run)} inside run "${run.name}"`);
          if (rec.steps !== run.lastStep) fail(`the run ends after ${rec.steps} steps, but the trace holds ${run.lastStep}`);
          if (!STATUSES.has(rec.status as string)) fail('"status" must be "running", "done" or "fault"');
          runs.push({ name: run.name, index: run.index, at: run.at, events: run.events, steps: run.lastStep, status: rec.status as Status });
          current = undefined;
          break;
        }
        default:
          fail(`unknown record type ${JSON.stringify(t)} (expected "run", "step", "end", "selfmod", "cycle" or "selfmod-end")`);
      }
    }
    lineNo = lines.length + 1;
    if (!header) fail('the trace has no header');
    if (current) fail(`the trace ends inside run "${current.name}" (after step ${current.lastStep}): it is truncated`);
    if (runs.length < header!.runs.length) fail(`the trace ends before run "${header!.runs[runs.length]}": it is truncated`);
    if (sm) fail(`the trace ends inside self-modification run "${sm.name}" (after transition ${sm.cycles.length}): it is truncated`);
    const listed = header!.selfmod ?? [];
    if (selfmods.length < listed.length) fail(`the trace ends before self-modification run "${listed[selfmods.length]}": it is truncated`);
    return { trace: { header: header!, runs, ...(header!.selfmod !== undefined ? { selfmod: selfmods } : {}) } };
  } catch (e) {
    if (e instanceof Problem) return { error: { line: lineNo, message: e.message } };
    return { error: { line: lineNo, message: `cannot read this line: ${(e as Error).message}` } };
  }
}

function listOf(v: unknown, what: string, fail: (m: string) => never): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail(`${what} must be a list`);
  return v as unknown[];
}

/** A record's optional `"at"` span: absent, or an object with whole-number `start` and `end` offsets. */
function spanOf(value: unknown, fail: (message: string) => never): Span | undefined {
  if (value === undefined) return undefined;
  const o = objectOf(value, '"at"', fail);
  if (!Number.isInteger(o.start) || !Number.isInteger(o.end)) fail('"at" needs "start" and "end" offsets');
  return { start: o.start as number, end: o.end as number };
}

function objectOf(v: unknown, what: string, fail: (m: string) => never): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${what} must be a JSON object`);
  return v as Record<string, unknown>;
}

function readEvent(raw: unknown, step: number, messages: Map<number, Message>, agents: Map<number, AgentValue>, fail: (m: string) => never): RuntimeEvent {
  const o = objectOf(raw, 'an event', fail);
  const kind = o.kind as RuntimeEvent['kind'];
  const fields = EVENT_FIELDS[kind];
  if (!fields) fail(`unknown event kind ${JSON.stringify(o.kind)}`);
  if (!Number.isInteger(o.frame)) fail(`the ${kind} event needs "frame" (an activation id)`);
  const out: Record<string, unknown> = { step, kind, frame: o.frame };
  if (o.at !== undefined) {
    const at = objectOf(o.at, '"at"', fail);
    if (!Number.isInteger(at.start) || !Number.isInteger(at.end)) fail('"at" needs "start" and "end" offsets');
    out.at = { start: at.start, end: at.end };
  }
  for (const [name, spec] of Object.entries(fields)) {
    const optional = spec.endsWith('?');
    const type = optional ? spec.slice(0, -1) : spec;
    const v = o[name];
    if (v === undefined) {
      if (!optional) fail(`the ${kind} event needs "${name}"`);
      continue;
    }
    const bad = () => fail(`the ${kind} event's "${name}" has the wrong type`);
    switch (type) {
      case 'n':
        if (typeof v !== 'number') bad();
        out[name] = v;
        break;
      case 's':
        if (typeof v !== 'string') bad();
        out[name] = v;
        break;
      case 'b':
        if (typeof v !== 'boolean') bad();
        out[name] = v;
        break;
      case 'o':
      case 'l':
        if (typeof v !== 'object' || v === null || Array.isArray(v) !== (type === 'l')) bad();
        out[name] = v;
        break;
      default: {
        const r = objectOf(v, `the ${kind} event's "${name}"`, fail);
        if ((type === 'm' || type === 'v') && Number.isInteger(r.m)) out[name] = messages.get(r.m as number) ?? fail(`the ${kind} event refers to message ${r.m}, which the trace never defined`);
        else if ((type === 'a' || type === 'v') && Number.isInteger(r.a)) out[name] = agents.get(r.a as number) ?? fail(`the ${kind} event refers to agent ${r.a}, which the trace never defined`);
        else bad();
      }
    }
  }
  return out as unknown as RuntimeEvent;
}

/** The report of a run read from a trace: the same as the live run's, computed from the same events. */
export function reportFromTrace(header: TraceHeader, run: TraceRun): RunReport {
  return reportFromEvents(run.events, { run: run.name, at: run.at, costModel: header.costModel, meta: header.meta, status: run.status, steps: run.steps });
}
