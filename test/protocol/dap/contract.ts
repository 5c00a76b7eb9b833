// The contract of the run state's optional parts (`governance`, `conscience`, `stability`, `budgetHistory`) as the AMP
// views read them (docs/debugging.md §10): checks every field's presence and type, so a test fails with the path of
// the first field that breaks it.

import assert from 'node:assert/strict';

type Obj = Record<string, unknown>;

function obj(v: unknown, path: string): Obj {
  assert.ok(typeof v === 'object' && v !== null && !Array.isArray(v), `${path} is not an object: ${JSON.stringify(v)}`);
  return v as Obj;
}
function num(v: unknown, path: string): number {
  assert.ok(typeof v === 'number' && Number.isFinite(v), `${path} is not a number: ${JSON.stringify(v)}`);
  return v as number;
}
function int(v: unknown, path: string): number {
  assert.ok(Number.isInteger(v), `${path} is not a whole number: ${JSON.stringify(v)}`);
  return v as number;
}
function str(v: unknown, path: string): string {
  assert.equal(typeof v, 'string', `${path} is not text: ${JSON.stringify(v)}`);
  return v as string;
}
function bool(v: unknown, path: string): boolean {
  assert.equal(typeof v, 'boolean', `${path} is not true or false: ${JSON.stringify(v)}`);
  return v as boolean;
}
function list(v: unknown, path: string): unknown[] {
  assert.ok(Array.isArray(v), `${path} is not a list: ${JSON.stringify(v)}`);
  return v as unknown[];
}
function range(v: unknown, path: string): void {
  const r = obj(v, path);
  for (const end of ['start', 'end']) {
    const p = obj(r[end], `${path}.${end}`);
    assert.ok(int(p.line, `${path}.${end}.line`) >= 0);
    assert.ok(int(p.character, `${path}.${end}.character`) >= 0);
  }
}
function optional(o: Obj, key: string, path: string, check: (v: unknown, path: string) => unknown): void {
  if (o[key] !== undefined) check(o[key], `${path}.${key}`);
}
function oneOf(v: unknown, values: readonly string[], path: string): void {
  assert.ok(values.includes(v as string), `${path} is ${JSON.stringify(v)}, not one of ${values.join(', ')}`);
}

export function checkGovernance(v: unknown): Obj {
  const g = obj(v, 'governance');
  if (g.eExt !== undefined) {
    const e = obj(g.eExt, 'governance.eExt');
    num(e.used, 'governance.eExt.used');
    num(e.max, 'governance.eExt.max');
    optional(e, 'window', 'governance.eExt', int);
    optional(e, 'chapelThreshold', 'governance.eExt', num);
  }
  oneOf(g.vetoFuse, ['ok', 'strained', 'tripped'], 'governance.vetoFuse');
  num(g.clockMs, 'governance.clockMs');
  list(g.consent, 'governance.consent').forEach((c, i) => {
    const p = `governance.consent[${i}]`;
    const o = obj(c, p);
    str(o.machine, `${p}.machine`);
    str(o.state, `${p}.state`);
    bool(o.silenceBand, `${p}.silenceBand`);
    optional(o, 'at', p, range);
  });
  list(g.scars, 'governance.scars').forEach((s, i) => {
    const p = `governance.scars[${i}]`;
    const o = obj(s, p);
    int(o.id, `${p}.id`);
    str(o.trigger, `${p}.trigger`);
    optional(o, 'step', p, int);
    optional(o, 'clockMs', p, num);
    bool(o.resolved, `${p}.resolved`);
    num(o.weight, `${p}.weight`);
    num(o.forgiveness, `${p}.forgiveness`);
    optional(o, 'note', p, str);
    optional(o, 'at', p, range);
  });
  if (g.scarLog !== undefined) {
    const l = obj(g.scarLog, 'governance.scarLog');
    str(l.path, 'governance.scarLog.path');
    bool(l.verified, 'governance.scarLog.verified');
    int(l.records, 'governance.scarLog.records');
    optional(l, 'firstBroken', 'governance.scarLog', int);
    optional(l, 'torn', 'governance.scarLog', bool);
  }
  const t = obj(g.trustSliceStatus, 'governance.trustSliceStatus');
  oneOf(t.veto_fuse_status, ['ok', 'strained', 'tripped'], 'governance.trustSliceStatus.veto_fuse_status');
  str(t.scar_tone, 'governance.trustSliceStatus.scar_tone');
  bool(t.unresolved_scar, 'governance.trustSliceStatus.unresolved_scar');
  optional(t, 'beta1_lap', 'governance.trustSliceStatus', num);
  list(g.refusedActs, 'governance.refusedActs').forEach((r, i) => {
    const p = `governance.refusedActs[${i}]`;
    const o = obj(r, p);
    int(o.step, `${p}.step`);
    optional(o, 'at', p, range);
    str(o.reason, `${p}.reason`);
  });
  return g;
}

export function checkConscience(v: unknown): Obj {
  const c = obj(v, 'conscience');
  list(c.decisions, 'conscience.decisions').forEach((d, i) => {
    const p = `conscience.decisions[${i}]`;
    const o = obj(d, p);
    int(o.step, `${p}.step`);
    optional(o, 'at', p, range);
    str(o.prompt, `${p}.prompt`);
    const options = list(o.options, `${p}.options`);
    options.forEach((x, k) => {
      const q = `${p}.options[${k}]`;
      const opt = obj(x, q);
      str(opt.label, `${q}.label`);
      const ledger = obj(opt.ledger, `${q}.ledger`);
      for (const level of ['1', '0', '-1']) num(ledger[level], `${q}.ledger["${level}"]`);
      list(opt.breaches, `${q}.breaches`).forEach((b, j) => {
        const bo = obj(b, `${q}.breaches[${j}]`);
        str(bo.id, `${q}.breaches[${j}].id`);
        oneOf(String(bo.level), ['1', '0', '-1'], `${q}.breaches[${j}].level`);
        num(bo.weight, `${q}.breaches[${j}].weight`);
      });
    });
    const w = int(o.winner, `${p}.winner`);
    assert.ok(w >= 0 && w < options.length, `${p}.winner ${w} is not an option`);
    bool(o.tie, `${p}.tie`);
    str(o.why, `${p}.why`);
  });
  return c;
}

const TERMS = ['V_id', 'H_bel', 'F_mut', 'sigma_con', 'E_v', 'G_c', 'M_s'];
const ZONES = ['optimal', 'growth', 'caution', 'critical'];

export function checkStability(v: unknown): Obj {
  const s = obj(v, 'stability');
  str(s.selfmod, 'stability.selfmod');
  int(s.cycle, 'stability.cycle');
  optional(s, 'protocolStep', 'stability', int);
  optional(s, 'protocolStepName', 'stability', str);
  for (const part of ['terms', 'weights']) {
    const o = obj(s[part], `stability.${part}`);
    assert.deepEqual(Object.keys(o).sort(), [...TERMS].sort(), `stability.${part} has the seven terms`);
    for (const t of TERMS) num(o[t], `stability.${part}.${t}`);
  }
  num(s.cl4, 'stability.cl4');
  oneOf(s.zone, ZONES, 'stability.zone');
  num(s.bgss, 'stability.bgss');
  bool(s.growthFrozen, 'stability.growthFrozen');
  if (s.proposal !== undefined) {
    const p = obj(s.proposal, 'stability.proposal');
    str(p.name, 'stability.proposal.name');
    str(p.type, 'stability.proposal.type');
    oneOf(p.status, ['in_shadow', 'committed', 'confirmed', 'rejected', 'rolled_back', 'pending'], 'stability.proposal.status');
    optional(p, 'detail', 'stability.proposal', str);
  }
  if (s.shadow !== undefined) {
    const sh = obj(s.shadow, 'stability.shadow');
    int(sh.cycle, 'stability.shadow.cycle');
    int(sh.maxCycles, 'stability.shadow.maxCycles');
  }
  list(s.history, 'stability.history').forEach((h, i) => {
    const p = `stability.history[${i}]`;
    const o = obj(h, p);
    int(o.cycle, `${p}.cycle`);
    num(o.cl4, `${p}.cl4`);
    oneOf(o.zone, ZONES, `${p}.zone`);
    num(o.bgss, `${p}.bgss`);
    if (o.marker !== undefined) oneOf(o.marker, ['commit', 'rollback', 'rejected', 'confirmed', 'zone'], `${p}.marker`);
    optional(o, 'step', p, int);
  });
  return s;
}

export function checkBudgetHistory(v: unknown): { step: number; remaining: number }[] {
  return list(v, 'budgetHistory').map((x, i) => {
    const o = obj(x, `budgetHistory[${i}]`);
    return { step: int(o.step, `budgetHistory[${i}].step`), remaining: num(o.remaining, `budgetHistory[${i}].remaining`) };
  });
}
