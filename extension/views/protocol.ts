// The run state the views read from the debug adapter (docs/debugging.md §10): the `amp/runState` event and request,
// `amp/goToStep` and `amp/expand`, with the optional governance, conscience and stability parts the adapter may add.
// Bodies come from another component, so they are checked here once: a malformed body is refused with a reason, and a
// malformed optional part is dropped (with a note) rather than breaking the views.

import type { ActivationJson, AgentJson, EventJson, FrameJson, MessageJson, PointerJson, RangeJson, RunStateJson } from '../../debug-adapter/run-state';

export type { ActivationJson, AgentJson, EventJson, FrameJson, MessageJson, PointerJson, RangeJson };

/** The custom event and requests (the debug adapter's session.ts names the same; a unit test checks they agree). */
export const RUN_STATE_EVENT = 'amp/runState';
export const RUN_STATE_REQUEST = 'amp/runState';
export const GO_TO_STEP_REQUEST = 'amp/goToStep';
export const EXPAND_REQUEST = 'amp/expand';

/** The run state version these views read. */
export const SUPPORTED_VERSION = 1;

// ---- the optional parts ------------------------------------------------------------------------------------------------

export type ScarTrigger = string;

export interface ScarJson {
  readonly id: number;
  readonly trigger: ScarTrigger;
  readonly step?: number;
  readonly clockMs?: number;
  readonly resolved: boolean;
  /** The weight the scar still carries (1 when fresh). */
  readonly weight: number;
  /** How much of it has been forgiven (0 to 1). */
  readonly forgiveness: number;
  readonly note?: string;
  readonly at?: RangeJson;
}

export interface GovernanceJson {
  readonly eExt?: { readonly used: number; readonly max: number; readonly window?: number; readonly chapelThreshold?: number };
  readonly vetoFuse?: string;
  readonly clockMs?: number;
  readonly consent: readonly { readonly machine: string; readonly state: string; readonly silenceBand: boolean; readonly at?: RangeJson }[];
  readonly scars: readonly ScarJson[];
  readonly scarLog?: { readonly path?: string; readonly verified: boolean; readonly records: number; readonly firstBroken?: number; readonly torn?: boolean };
  readonly trustSliceStatus?: Readonly<Record<string, string | number | boolean>>;
  readonly refusedActs: readonly { readonly step: number; readonly at?: RangeJson; readonly reason: string }[];
}

export interface BreachJson {
  readonly id: string;
  readonly level: number;
  readonly weight: number;
}

export interface OptionJson {
  readonly label: string;
  /** The weight of the option's breaches at each lexical level ("1", "0", "-1"). */
  readonly ledger: Readonly<Record<string, number>>;
  readonly breaches: readonly BreachJson[];
}

export interface DecisionJson {
  readonly step?: number;
  readonly at?: RangeJson;
  readonly prompt: string;
  readonly options: readonly OptionJson[];
  readonly winner: number;
  readonly tie: boolean;
  readonly why?: string;
}

export interface ConscienceJson {
  readonly decisions: readonly DecisionJson[];
}

export type ZoneId = 'optimal' | 'growth' | 'caution' | 'critical';

export interface StabilityPointJson {
  readonly cycle: number;
  readonly cl4: number;
  readonly zone?: ZoneId;
  readonly bgss?: number;
  readonly marker?: string;
  /** The machine step the cycle was recorded at, when the adapter knows it (the timeline then goes there on a click). */
  readonly step?: number;
}

export interface StabilityJson {
  readonly selfmod?: string;
  readonly cycle: number;
  readonly protocolStep?: number;
  readonly protocolStepName?: string;
  readonly terms: Readonly<Record<string, number>>;
  readonly weights: Readonly<Record<string, number>>;
  readonly cl4: number;
  readonly zone?: ZoneId;
  readonly bgss?: number;
  readonly growthFrozen?: boolean;
  readonly proposal?: { readonly name: string; readonly type?: string; readonly status: string; readonly detail?: string };
  readonly shadow?: { readonly cycle: number; readonly maxCycles: number };
  readonly history: readonly StabilityPointJson[];
  /**
   * Present when `history` holds only the points from this index on (an event after a long history): the views merge
   * it into what they hold, by cycle.
   */
  readonly historyFrom?: number;
}

/** The run state as the views read it: version 1 plus the optional parts. */
export interface RunState extends RunStateJson {
  readonly governance?: GovernanceJson;
  readonly conscience?: ConscienceJson;
  readonly stability?: StabilityJson;
  /** Root budget remaining over steps, when the adapter sends it (otherwise the views derive it from the events). */
  readonly budgetHistory?: readonly { readonly step: number; readonly remaining: number }[];
}

export type Parsed = { readonly state: RunState; readonly notes: readonly string[] } | { readonly error: string };

// ---- checking ------------------------------------------------------------------------------------------------------

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
function isInt(v: unknown): v is number {
  return isNum(v) && Number.isInteger(v);
}
function isStr(v: unknown): v is string {
  return typeof v === 'string';
}

function isPosition(v: unknown): boolean {
  return isObj(v) && isInt(v.line) && v.line >= 0 && isInt(v.character) && v.character >= 0;
}

export function isRange(v: unknown): v is RangeJson {
  return isObj(v) && isPosition(v.start) && isPosition(v.end);
}

function range(v: unknown): RangeJson | undefined {
  return isRange(v) ? v : undefined;
}

/** A message from the adapter (`amp/expand`'s answer, or inside a run state); undefined when malformed. */
export function parseMessage(v: unknown): MessageJson | undefined {
  if (!isObj(v) || !isStr(v.ref) || !isStr(v.text) || !Array.isArray(v.pointers)) return undefined;
  const pointers: PointerJson[] = [];
  for (const p of v.pointers) {
    if (isObj(p) && isStr(p.label) && isStr(p.ref)) pointers.push({ label: p.label, ref: p.ref, kind: p.kind === 'agent' ? 'agent' : 'message', preview: isStr(p.preview) ? p.preview : '' });
  }
  return {
    ref: v.ref,
    kind: v.kind === 'agent' ? 'agent' : 'message',
    text: v.text,
    preview: isStr(v.preview) ? v.preview : v.text,
    ...(v.error === true ? { error: true } : {}),
    pointers,
  };
}

/**
 * Checks an `amp/runState` body (event or request). The fields every view relies on must be there and well typed;
 * optional parts that are malformed are dropped, each with a note saying why.
 */
export function parseRunState(body: unknown): Parsed {
  if (!isObj(body)) return { error: 'the run state is not an object' };
  if (body.version !== SUPPORTED_VERSION) return { error: `the run state has version ${JSON.stringify(body.version)}; these views read version ${SUPPORTED_VERSION}` };
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  need(isInt(body.threadId), "'threadId' is not a whole number");
  need(isStr(body.run), "'run' is not text");
  need(isInt(body.step) && (body.step as number) >= 0, "'step' is not a whole number ≥ 0");
  need(isStr(body.status), "'status' is not text");
  need(Array.isArray(body.frames), "'frames' is not a list");
  need(isObj(body.budget) && ['root', 'returned', 'held', 'spent'].every((k) => isNum((body.budget as Obj)[k])), "'budget' lacks root, returned, held or spent");
  need(isObj(body.activations) && typeof (body.activations as Obj).reset === 'boolean' && Array.isArray((body.activations as Obj).items), "'activations' is not { reset, items }");
  need(isObj(body.events) && isInt((body.events as Obj).from) && isInt((body.events as Obj).total) && Array.isArray((body.events as Obj).items), "'events' is not { from, total, items }");
  need(typeof body.truncated === 'boolean', "'truncated' is not true or false");
  if (problems.length) return { error: `the run state is malformed: ${problems.join('; ')}` };

  const notes: string[] = [];
  const activations = (body.activations as Obj).items as unknown[];
  const badActivation = activations.findIndex((a) => !isObj(a) || !isInt(a.id) || !isInt(a.parent) || !isStr(a.agent) || !isInt(a.startStep) || !isNum(a.allotted));
  if (badActivation >= 0) return { error: `the run state is malformed: activation #${badActivation} lacks id, parent, agent, startStep or allotted` };
  const events = (body.events as Obj).items as unknown[];
  const badEvent = events.findIndex((e) => !isObj(e) || !isInt(e.index) || !isInt(e.step) || !isStr(e.kind) || !isInt(e.frame));
  if (badEvent >= 0) return { error: `the run state is malformed: event #${badEvent} lacks index, step, kind or frame` };
  const badFrame = (body.frames as unknown[]).findIndex((f) => !isObj(f) || !isInt(f.activation) || !isStr(f.kind) || !isStr(f.agent) || !isNum(f.budget));
  if (badFrame >= 0) return { error: `the run state is malformed: frame #${badFrame} lacks activation, kind, agent or budget` };

  const out: Record<string, unknown> = { ...body };
  delete out.governance;
  delete out.conscience;
  delete out.stability;
  delete out.budgetHistory;
  if (body.agents !== undefined && !Array.isArray(body.agents)) {
    notes.push("'agents' is not a list; it is ignored");
    delete out.agents;
  }
  const optional: [string, (v: unknown, notes: string[]) => unknown][] = [
    ['governance', parseGovernance],
    ['conscience', parseConscience],
    ['stability', parseStability],
    ['budgetHistory', parseBudgetHistory],
  ];
  for (const [key, parse] of optional) {
    if (body[key] === undefined || body[key] === null) continue;
    const value = parse(body[key], notes);
    if (value === undefined) notes.push(`'${key}' is malformed; it is ignored`);
    else out[key] = value;
  }
  return { state: out as unknown as RunState, notes };
}

function parseScar(v: unknown): ScarJson | undefined {
  if (!isObj(v) || !isInt(v.id) || !isStr(v.trigger)) return undefined;
  return {
    id: v.id,
    trigger: v.trigger,
    ...(isInt(v.step) ? { step: v.step } : {}),
    ...(isNum(v.clockMs) ? { clockMs: v.clockMs } : {}),
    resolved: v.resolved === true,
    weight: isNum(v.weight) ? v.weight : 1,
    forgiveness: isNum(v.forgiveness) ? v.forgiveness : 0,
    ...(isStr(v.note) ? { note: v.note } : {}),
    ...(range(v.at) ? { at: range(v.at) } : {}),
  };
}

function list<T>(v: unknown, item: (x: unknown) => T | undefined, what: string, notes: string[]): T[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    notes.push(`'${what}' is not a list; it is ignored`);
    return [];
  }
  const out: T[] = [];
  let dropped = 0;
  for (const x of v) {
    const parsed = item(x);
    if (parsed === undefined) dropped++;
    else out.push(parsed);
  }
  if (dropped) notes.push(`${dropped} malformed item${dropped === 1 ? '' : 's'} of '${what}' ignored`);
  return out;
}

function parseGovernance(v: unknown, notes: string[]): GovernanceJson | undefined {
  if (!isObj(v)) return undefined;
  const eExt = isObj(v.eExt) && isNum(v.eExt.used) && isNum(v.eExt.max)
    ? { used: v.eExt.used, max: v.eExt.max, ...(isNum(v.eExt.window) ? { window: v.eExt.window } : {}), ...(isNum(v.eExt.chapelThreshold) ? { chapelThreshold: v.eExt.chapelThreshold } : {}) }
    : undefined;
  const scarLog = isObj(v.scarLog) && typeof v.scarLog.verified === 'boolean'
    ? {
        ...(isStr(v.scarLog.path) ? { path: v.scarLog.path } : {}),
        verified: v.scarLog.verified,
        records: isInt(v.scarLog.records) ? v.scarLog.records : 0,
        ...(isInt(v.scarLog.firstBroken) ? { firstBroken: v.scarLog.firstBroken } : {}),
        ...(typeof v.scarLog.torn === 'boolean' ? { torn: v.scarLog.torn } : {}),
      }
    : undefined;
  let trust: Record<string, string | number | boolean> | undefined;
  if (isObj(v.trustSliceStatus)) {
    trust = {};
    for (const [k, x] of Object.entries(v.trustSliceStatus)) if (isStr(x) || isNum(x) || typeof x === 'boolean') trust[k] = x;
  }
  return {
    ...(eExt ? { eExt } : {}),
    ...(isStr(v.vetoFuse) ? { vetoFuse: v.vetoFuse } : {}),
    ...(isNum(v.clockMs) ? { clockMs: v.clockMs } : {}),
    consent: list(v.consent, (c) => (isObj(c) && isStr(c.machine) && isStr(c.state) ? { machine: c.machine, state: c.state, silenceBand: c.silenceBand === true, ...(range(c.at) ? { at: range(c.at) } : {}) } : undefined), 'governance.consent', notes),
    scars: list(v.scars, parseScar, 'governance.scars', notes),
    ...(scarLog ? { scarLog } : {}),
    ...(trust ? { trustSliceStatus: trust } : {}),
    refusedActs: list(v.refusedActs, (r) => (isObj(r) && isInt(r.step) ? { step: r.step, ...(range(r.at) ? { at: range(r.at) } : {}), reason: isStr(r.reason) ? r.reason : '' } : undefined), 'governance.refusedActs', notes),
  };
}

function parseOption(v: unknown): OptionJson | undefined {
  if (!isObj(v) || !isStr(v.label)) return undefined;
  const ledger: Record<string, number> = {};
  if (isObj(v.ledger)) for (const [k, x] of Object.entries(v.ledger)) if (isNum(x)) ledger[k] = x;
  const breaches: BreachJson[] = [];
  if (Array.isArray(v.breaches)) {
    for (const b of v.breaches) if (isObj(b) && isStr(b.id) && isNum(b.level)) breaches.push({ id: b.id, level: b.level, weight: isNum(b.weight) ? b.weight : 0 });
  }
  return { label: v.label, ledger, breaches };
}

function parseDecision(v: unknown): DecisionJson | undefined {
  if (!isObj(v) || !Array.isArray(v.options)) return undefined;
  const options = v.options.map(parseOption).filter((o): o is OptionJson => o !== undefined);
  return {
    ...(isInt(v.step) ? { step: v.step } : {}),
    ...(range(v.at) ? { at: range(v.at) } : {}),
    prompt: isStr(v.prompt) ? v.prompt : '',
    options,
    winner: isInt(v.winner) && v.winner >= 0 && v.winner < options.length ? v.winner : -1,
    tie: v.tie === true,
    ...(isStr(v.why) ? { why: v.why } : {}),
  };
}

function parseConscience(v: unknown, notes: string[]): ConscienceJson | undefined {
  if (!isObj(v)) return undefined;
  return { decisions: list(v.decisions, parseDecision, 'conscience.decisions', notes) };
}

const ZONE_IDS: readonly string[] = ['optimal', 'growth', 'caution', 'critical'];

function zone(v: unknown): ZoneId | undefined {
  return isStr(v) && ZONE_IDS.includes(v) ? (v as ZoneId) : undefined;
}

function numbers(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (isObj(v)) for (const [k, x] of Object.entries(v)) if (isNum(x)) out[k] = x;
  return out;
}

function parseStability(v: unknown, notes: string[]): StabilityJson | undefined {
  if (!isObj(v) || !isNum(v.cl4)) return undefined;
  const proposal = isObj(v.proposal) && isStr(v.proposal.name)
    ? { name: v.proposal.name, ...(isStr(v.proposal.type) ? { type: v.proposal.type } : {}), status: isStr(v.proposal.status) ? v.proposal.status : 'pending', ...(isStr(v.proposal.detail) ? { detail: v.proposal.detail } : {}) }
    : undefined;
  const shadow = isObj(v.shadow) && isInt(v.shadow.cycle) && isInt(v.shadow.maxCycles) ? { cycle: v.shadow.cycle, maxCycles: v.shadow.maxCycles } : undefined;
  const history = list(
    v.history,
    (h) =>
      isObj(h) && isInt(h.cycle) && isNum(h.cl4)
        ? { cycle: h.cycle, cl4: h.cl4, ...(zone(h.zone) ? { zone: zone(h.zone) } : {}), ...(isNum(h.bgss) ? { bgss: h.bgss } : {}), ...(isStr(h.marker) ? { marker: h.marker } : {}), ...(isInt(h.step) ? { step: h.step } : {}) }
        : undefined,
    'stability.history',
    notes,
  );
  return {
    ...(isStr(v.selfmod) ? { selfmod: v.selfmod } : {}),
    cycle: isInt(v.cycle) ? v.cycle : 0,
    ...(isInt(v.protocolStep) ? { protocolStep: v.protocolStep } : {}),
    ...(isStr(v.protocolStepName) ? { protocolStepName: v.protocolStepName } : {}),
    terms: numbers(v.terms),
    weights: numbers(v.weights),
    cl4: v.cl4,
    ...(zone(v.zone) ? { zone: zone(v.zone) } : {}),
    ...(isNum(v.bgss) ? { bgss: v.bgss } : {}),
    ...(typeof v.growthFrozen === 'boolean' ? { growthFrozen: v.growthFrozen } : {}),
    ...(proposal ? { proposal } : {}),
    ...(shadow ? { shadow } : {}),
    history,
    ...(isInt(v.historyFrom) && v.historyFrom > 0 ? { historyFrom: v.historyFrom } : {}),
  };
}

function parseBudgetHistory(v: unknown, notes: string[]): { step: number; remaining: number }[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return list(v, (p) => (isObj(p) && isInt(p.step) && isNum(p.remaining) ? { step: p.step, remaining: p.remaining } : undefined), 'budgetHistory', notes);
}
