// Self-modification runs in the debugger (seed 004): a thread per selfmod declaration whose frames are the
// declaration, the proposal's protocol step and the ShadowAgent; next over cycles and steps (a shadow run is one step
// from outside), step in and out of the shadow, step back over the whole history, the simulator's exception filters,
// the Stability variables, the run state's `stability` part against the contract, the protected channel on a
// governed declaration, and the trace.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { readTrace } from '../../../core/runtime/index';
import { checkGovernance, checkStability } from './contract';
import { Dap, fixture, lineOf } from './helpers';

const SM = fixture('selfmod.amp');
const G = fixture('governed.amp');
const L = {
  decl: lineOf(SM, 'selfmod tuner {'),
  louder: lineOf(SM, 'proposal louder_hints'),
  shadow: lineOf(SM, 'shadow 4'),
  bolder: lineOf(SM, 'proposal bolder_beliefs'),
};

let dap: Dap | undefined;
afterEach(async () => {
  await dap?.close();
  dap = undefined;
});

type Body = { step: number; position: number; recorded: number; status: string; stability: Record<string, unknown>; governance?: unknown };

async function stop(d: Dap): Promise<{ stop: DebugProtocol.StoppedEvent; state: Body }> {
  const s = await d.stopped();
  return { stop: s, state: (await d.next('amp/runState')).body as Body };
}

/** Moves and returns the stop with its run state. */
async function move(d: Dap, command: 'next' | 'stepIn' | 'stepOut' | 'stepBack' | 'continue', extra: object = {}): Promise<{ stop: DebugProtocol.StoppedEvent; state: Body }> {
  await d.request(command, { threadId: 1, ...extra });
  return stop(d);
}

async function atEntry(config: Record<string, unknown> = {}, filters: string[] = []): Promise<Dap> {
  const d = await Dap.start();
  await d.begin({ program: SM, stopOnEntry: true, ...config }, { exceptionFilters: filters });
  const s = await stop(d);
  assert.equal(s.stop.body.reason, 'entry');
  return d;
}

/** The stack as `name@line` with C_L4's digits left out (they are checked elsewhere). */
async function where(d: Dap): Promise<string[]> {
  return (await d.where()).map((f) => f.replace(/C_L4 [0-9.]+/g, 'C_L4 x').replace(/control [0-9.]+/g, 'control x'));
}

describe('a self-modification thread', () => {
  it('is named after the declaration and stops on entry at it', async () => {
    dap = await atEntry();
    const threads = (await dap.request<DebugProtocol.ThreadsResponse>('threads')).body.threads;
    assert.deepEqual(threads, [{ id: 1, name: 'selfmod "tuner"' }]);
    assert.deepEqual(await where(dap), [`selfmod tuner: cycle 0, C_L4 x (Caution)@${L.decl}`]);
    assert.match(dap.output(), /Debugging .*selfmod\.amp: self-modification run "tuner"/);
  });

  it('steps across the protocol: next per step, step in and out of the shadow, the frames naming each step', async () => {
    dap = await atEntry();
    await move(dap, 'next');
    assert.deepEqual(await where(dap), [`louder_hints (parameter_tuning): step 1 of 7, proposal@${L.louder}`, `selfmod tuner: cycle 0, C_L4 x (Caution)@${L.decl}`]);
    await move(dap, 'next');
    assert.equal((await where(dap))[0], `louder_hints (parameter_tuning): step 2 of 7, pre-validation@${L.louder}`);
    // Step in: into the ShadowAgent's run.
    const inShadow = await move(dap, 'stepIn');
    assert.deepEqual(await where(dap), [
      `ShadowAgent of louder_hints: shadow cycle 0 of 4, C_L4 x (control x)@${L.shadow}`,
      `louder_hints (parameter_tuning): step 3 of 7, simulation@${L.louder}`,
      `selfmod tuner: cycle 0, C_L4 x (Caution)@${L.decl}`,
    ]);
    const st = checkStability(inShadow.state.stability);
    assert.deepEqual(st.shadow, { cycle: 0, maxCycles: 4 });
    assert.deepEqual([st.protocolStep, st.protocolStepName], [3, 'SIMULATION']);
    assert.deepEqual(st.proposal, { name: 'louder_hints', type: 'parameter_tuning', status: 'in_shadow', detail: 'step 3 (simulation)' });
    // Inside the shadow, next is one shadow cycle.
    await move(dap, 'next');
    assert.match((await where(dap))[0], /^ShadowAgent of louder_hints: shadow cycle 1 of 4/);
    // Step out: to the end of the shadow run, at step 4.
    const out = await move(dap, 'stepOut');
    assert.deepEqual(await where(dap), [`louder_hints (parameter_tuning): step 4 of 7, stability validation@${L.louder}`, `selfmod tuner: cycle 4, C_L4 x (Caution)@${L.decl}`]);
    assert.equal(out.state.position, 7);
    // Next: the proposal is rejected; the frames are the declaration's alone; the Proposal scope says why.
    await move(dap, 'next');
    assert.deepEqual(await where(dap), [`selfmod tuner: cycle 4, C_L4 x (Caution)@${L.decl}`]);
    const proposal = await dap.scope('Proposal');
    assert.equal(proposal.get('proposal')?.value, 'louder_hints (parameter_tuning)');
    assert.match(proposal.get('outcome')?.value ?? '', /^rejected at step 4 \(stability validation\): Stability degradation: C_shadow − C_baseline = \+[0-9.]+ > 0$/);
    assert.match(dap.output(), /selfmod tuner: louder_hints rejected at step 4 \(stability validation\)/);
  });

  it('next from outside the shadow takes the whole shadow run as one step', async () => {
    dap = await atEntry();
    await move(dap, 'next');
    await move(dap, 'next');
    const s = await move(dap, 'next');
    assert.equal(s.state.position, 7);
    assert.equal(checkStability(s.state.stability).protocolStep, 4);
  });

  it('shows the seven terms, C_L4, the zone, BGSS and growth in the Stability scope', async () => {
    dap = await atEntry();
    const v = await dap.scope('Stability');
    assert.deepEqual([...v.keys()].slice(0, 4), ['C_L4', 'zone', 'BGSS', 'growth']);
    for (const t of ['V_id', 'H_bel', 'F_mut', 'sigma_con', 'E_v', 'G_c', 'M_s']) assert.match(v.get(t)?.value ?? '', /^[0-9.]+ \(weight 0\.[0-9]+, contributes [0-9.]+\)$/, t);
    // C_L4(0) = Σ wᵢ·Xᵢ(0) = 0.15·0.05 + 0.15·0.9 + 0.10·0.9 + 0.10·0.9 + 0.20·0.9 + 0.15·0.9 + 0.15·0.9.
    assert.equal(v.get('C_L4')?.value, '0.7725');
    assert.equal(v.get('zone')?.value, 'Caution');
    assert.equal(v.get('growth')?.value, 'permitted');
    assert.equal(v.get('cycle')?.value, '0 of 60');
    assert.equal((await dap.evaluate('C_L4')).result, '0.7725');
    await assert.rejects(dap.evaluate('budget'), /its names are C_L4, cl4, zone/);
  });

  it('steps back over the whole history: every state as it was on the way forward', async () => {
    dap = await atEntry();
    const forward: [number, number, number][] = [];
    for (let i = 0; i < 14; i++) {
      const s = await move(dap, 'next');
      const st = checkStability(s.state.stability);
      forward.push([s.state.position, st.cycle as number, st.cl4 as number]);
    }
    assert.ok(forward[forward.length - 1][1] >= 8, `cycles passed: ${JSON.stringify(forward)}`);
    const backward: [number, number, number][] = [];
    for (let i = 0; i < 13; i++) {
      const s = await move(dap, 'stepBack');
      const st = checkStability(s.state.stability);
      backward.push([s.state.position, st.cycle as number, st.cl4 as number]);
      // The history only grows: stepping back sends the same recorded cycles.
      assert.equal((st.history as unknown[]).length, forward[forward.length - 1][1] + 1);
    }
    assert.deepEqual(backward, forward.slice(0, -1).reverse());
    // One transition back at a time with instruction granularity, and back to the start.
    const one = await move(dap, 'stepBack', { granularity: 'instruction' });
    assert.equal(one.state.position, forward[0][0] - 1);
    const start = await move(dap, 'stepBack');
    assert.equal(start.stop.body.reason, 'entry');
    assert.equal(start.state.position, 0);
  });

  it('stops before the simulator raises each exception', async () => {
    const cases: [string, number, RegExp][] = [
      ['modificationRejected', 7, /^Modification rejected: louder_hints at step 4: Stability degradation: C_shadow − C_baseline = \+[0-9.]+ > 0$/],
      ['zoneCritical', 12, /^Zone became Critical: C_L4 rises to 0\.806448 at cycle 5 \(from Caution\)$/],
      ['growthFrozen', 12, /^Growth frozen at cycle 5: C_L4 0\.806448 ≥ 0\.8: all growth frozen \(Theorem 2\)$/],
      ['rollback', 12, /^Rollback: bolder_beliefs at monitoring cycle 1 \(cycle 5\): C_L4 0\.806448 rose above the baseline 0\.772372 \+ ε 0\.02$/],
    ];
    for (const [filter, position, text] of cases) {
      dap = await Dap.start();
      await dap.begin({ program: SM }, { exceptionFilters: [filter] });
      const s = await stop(dap);
      assert.equal(s.stop.body.reason, 'exception', filter);
      assert.match(s.stop.body.text ?? '', text);
      assert.equal(s.state.position, position, filter);
      const info = await dap.request<DebugProtocol.ExceptionInfoResponse>('exceptionInfo', { threadId: 1 });
      assert.equal(info.body.exceptionId, filter);
      // Continuing lets the transition happen without stopping for it again.
      const after = await move(dap, 'next', { granularity: 'instruction' });
      assert.equal(after.state.position, position + 1, filter);
      await dap.close();
      dap = undefined;
    }
  });

  it('sends the stability part by the contract, with markers, a history that only grows, and the whole history on request', async () => {
    dap = await atEntry({}, ['rollback']);
    const s = await move(dap, 'continue');
    const st = checkStability(s.state.stability);
    assert.equal(st.selfmod, 'tuner');
    assert.equal(st.cycle, 4);
    assert.deepEqual(st.proposal, { name: 'bolder_beliefs', type: 'parameter_tuning', status: 'committed', detail: 'monitoring, cycle 0 of 20' });
    assert.deepEqual(st.weights, { V_id: 0.15, H_bel: 0.15, F_mut: 0.1, sigma_con: 0.1, E_v: 0.2, G_c: 0.15, M_s: 0.15 });
    const history = st.history as { cycle: number; marker?: string; step: number; zone: string }[];
    assert.deepEqual(history.map((h) => h.cycle), [0, 1, 2, 3, 4]);
    // Cycle 4 saw louder_hints rejected and bolder_beliefs committed: a point keeps its weightiest marker.
    assert.deepEqual(history.map((h) => h.marker ?? ''), ['', '', '', '', 'rejected']);
    assert.deepEqual(history.map((h) => h.step), [0, 4, 5, 6, 7]);
    // After the rollback (and the zone's round trip), cycle 5 carries the rollback marker.
    const next = await move(dap, 'next');
    const h2 = checkStability(next.state.stability).history as { cycle: number; marker?: string; zone: string }[];
    assert.deepEqual(h2[5], { ...h2[5], cycle: 5, marker: 'rollback', zone: 'caution' });
    assert.equal(checkStability(next.state.stability).proposal && (checkStability(next.state.stability).proposal as { status: string }).status, 'rolled_back');
    const full = (await dap.request('amp/runState', { threadId: 1 })).body as Body;
    assert.deepEqual(checkStability(full.stability).history, h2);
    assert.equal(full.status, 'running');
    assert.deepEqual(full.governance, undefined, 'no header: no governance part');
  });

  it('runs to the end, reports the outcomes and writes them to the trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amp-dap-sm-'));
    try {
      dap = await Dap.start();
      await dap.begin({ program: SM, trace: join(dir, 'out.jsonl') });
      assert.equal((await dap.next<DebugProtocol.ExitedEvent>('exited')).body.exitCode, 0);
      assert.match(dap.output(), /selfmod tuner ended after 76 transitions:\n {2}louder_hints \(parameter_tuning\): rejected at step 4/);
      const read = readTrace(readFileSync(join(dir, 'out.jsonl'), 'utf8'));
      assert.ok('trace' in read, 'error' in read ? read.error.message : '');
      const sm = read.trace.selfmod ?? [];
      assert.deepEqual(sm.map((x) => [x.name, x.cycles.length, x.report.transitions]), [['tuner', 76, 76]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a self-modification thread under a governed header', () => {
  it('shows the governance state beside C_L4, and the veto fuse can be tripped there', async () => {
    dap = await Dap.start();
    await dap.begin({ program: G, run: 'steady', stopOnEntry: true });
    const s = await stop(dap);
    const frame = await dap.top();
    assert.deepEqual((await dap.scopes(frame.id)).map((x) => x.name), ['Stability', 'Proposal', 'Governance']);
    assert.equal(checkGovernance(s.state.governance).vetoFuse, 'ok');
    await dap.request('amp/veto', { state: 'tripped' });
    const changed = (await dap.next('amp/runState')).body as Body;
    assert.equal(checkGovernance(changed.governance).vetoFuse, 'tripped');
    const later = await move(dap, 'next');
    assert.equal(checkGovernance(later.state.governance).vetoFuse, 'tripped');
    const g = await dap.scope('Governance');
    assert.equal(g.get('veto fuse')?.value, 'tripped');
    assert.equal(g.get('E_ext left in the slice')?.value, '0.5');
  });
});
