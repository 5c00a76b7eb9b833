// Governed runs in the debugger (seed 002 and 003): an act refused at the red boundary, a chapel's pause on the
// simulated clock, the new exception filters (act refused, veto tripped, scar created, conscience breaches), the
// protected channel's commands (trip and reset the veto fuse, record a restorative event) and how they live in the
// history, the scar log on disk, and the run state's governance, conscience and budget parts against the contract.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { verifyScarLog } from '../../../core/governance/index';
import { checkBudgetHistory, checkConscience, checkGovernance } from './contract';
import { Dap, fixture, lineOf } from './helpers';

const G = fixture('governed.amp');
const L = {
  chapelAct: lineOf(G, '@E_ext_cost(0.3) @hazard(high)'),
  reply: lineOf(G, 'reply "published"'),
};

let dap: Dap | undefined;
afterEach(async () => {
  await dap?.close();
  dap = undefined;
});

type Body = Record<string, unknown> & { step: number; governance?: Record<string, unknown>; conscience?: Record<string, unknown>; budgetHistory?: unknown };

/** The next stop and the run state event that follows it. */
async function stop(d: Dap): Promise<{ stop: DebugProtocol.StoppedEvent; state: Body }> {
  const s = await d.stopped();
  const state = (await d.next('amp/runState')).body as Body;
  return { stop: s, state };
}

async function governanceScope(d: Dap, threadId = 1): Promise<Map<string, string>> {
  const vars = await d.scope('Governance', threadId);
  return new Map([...vars].map(([k, v]) => [k, v.value]));
}

describe('a governed run in the debugger', () => {
  it('shows an act refused at the red boundary: the filter stops before it, the run state lists it, the console says why', async () => {
    dap = await Dap.start();
    await dap.begin({ program: G, run: 'notes' }, { exceptionFilters: ['actRefused'] });
    const first = await stop(dap);
    assert.equal(first.stop.body.reason, 'exception');
    assert.match(first.stop.body.text ?? '', /^Act refused: "write a note on \(the river\)": E_ext would reach 0\.6 in the trust slice, past E_ext_max_const 0\.5/);
    // Before the refused act: 0.4 of the slice's 0.5 is spent, 0.1 left; nothing refused yet.
    const g = await governanceScope(dap);
    assert.equal(g.get('E_ext used in the slice'), '0.4 of 0.5 (outside chapels; 0.4 in all)');
    assert.equal(g.get('E_ext left in the slice'), '0.1');
    assert.equal(g.get('veto fuse'), 'ok');
    assert.equal(g.get('consent'), 'publication: LISTEN');
    const before = checkGovernance(first.state.governance);
    assert.deepEqual(before.refusedActs, []);
    assert.deepEqual(before.eExt, { used: 0.4, max: 0.5, window: 40, chapelThreshold: 0.25 });
    assert.deepEqual(before.consent, [{ machine: 'publication', state: 'LISTEN', silenceBand: true, at: { start: { line: lineOf(G, 'consent publication {') - 1, character: 0 }, end: { line: lineOf(G, '}', 'SUSPEND -> LISTEN') - 1, character: 1 } } }]);
    // One step: the act is refused, and the run state says where and why.
    await dap.request('stepIn', { threadId: 1 });
    const after = await stop(dap);
    const refused = checkGovernance(after.state.governance).refusedActs as { step: number; reason: string; at: { start: { line: number } } }[];
    assert.equal(refused.length, 1);
    assert.equal(refused[0].step, after.state.step);
    assert.match(refused[0].reason, /past E_ext_max_const 0\.5 \(used 0\.4\)/);
    assert.equal(refused[0].at.start.line + 1, lineOf(G, '@E_ext_cost(0.2) @hazard(low)'));
    assert.match(dap.output('stderr'), /governance: act "write a note on \(the river\)" refused: E_ext would reach 0\.6/);
    assert.match(dap.output(), /governance: act "write a note on \(the river\)" admitted: E_ext 0\.2; 0\.4 used outside chapels in the trust slice, 0\.1 left/);
    // The budget over steps: what root asks minted less every cost paid, one point per change.
    const budget = checkBudgetHistory(after.state.budgetHistory);
    assert.deepEqual(budget[0], { step: 1, remaining: 40 });
    assert.ok(budget.every((p, i) => i === 0 || (p.step > budget[i - 1].step && p.remaining !== budget[i - 1].remaining)));
  });

  it('shows a chapel pause: the console line, the simulated clock in the variables and the run state', async () => {
    dap = await Dap.start();
    // A breakpoint on an annotated act's own line stops before the act (its statement starts at the annotations).
    const { breakpoints } = await dap.begin({ program: G, run: 'publish' }, { breakpoints: [{ line: lineOf(G, 'act "publish [subject]"') }] });
    assert.deepEqual([breakpoints[0].verified, breakpoints[0].line], [true, L.chapelAct]);
    const s = await stop(dap);
    assert.equal(s.stop.body.reason, 'breakpoint');
    assert.equal((await dap.top()).line, L.chapelAct);
    assert.match(dap.output(), /governance: chapel: intent recorded for "publish \[subject\]" at 0 ms; pause until 2000 ms/);
    assert.match(dap.output(), /governance: chapel: paused 2000 ms on the simulated clock \(0 → 2000 ms\); veto fuse ok/);
    const g = await governanceScope(dap);
    assert.equal(g.get('simulated clock'), '2000 ms');
    assert.equal(g.get('chapels'), '1 visit, 1 waiting');
    assert.equal(checkGovernance(s.state.governance).clockMs, 2000);
  });

  it('trips the veto fuse through the protected channel: the chapel act is aborted; stepping back before the trip undoes it', async () => {
    dap = await Dap.start();
    await dap.begin({ program: G, run: 'publish', stopAtEnd: true }, { breakpoints: [{ line: L.chapelAct }], exceptionFilters: [] });
    const at = await stop(dap);
    const tripped = await dap.request('amp/veto', { state: 'tripped' });
    assert.deepEqual(tripped.body, { threadId: 1, step: at.state.step, vetoFuse: 'tripped', unresolvedScars: [], messages: ['governance: veto fuse: ok → tripped (protected channel operator)'] });
    const changed = (await dap.next('amp/runState')).body as Body;
    assert.equal(checkGovernance(changed.governance).vetoFuse, 'tripped');
    assert.equal(changed.step, at.state.step, 'the thread stays where it stopped');
    assert.equal((await governanceScope(dap)).get('veto fuse'), 'tripped');
    // The change is part of the history: one step back shows the fuse as it was, one step forward shows it tripped.
    await dap.move('stepBack', 1, { granularity: 'instruction' });
    assert.equal((await governanceScope(dap)).get('veto fuse'), 'ok');
    // Back there, the run has been further: the channel does not rewrite what followed.
    await assert.rejects(dap.request('amp/veto', { state: 'ok' }), /the run has been further \(step \d+\)/);
    await dap.move('next', 1, { granularity: 'instruction' });
    assert.equal((await governanceScope(dap)).get('veto fuse'), 'tripped');
    dap.drop('amp/runState');
    // Going on: the fuse is checked after the pause, and the act is aborted.
    await dap.request('continue', { threadId: 1 });
    const end = await stop(dap);
    assert.equal(end.stop.body.reason, 'end');
    assert.match(dap.output('stderr'), /governance: chapel: the veto fuse is tripped: the act is aborted/);
    const refused = checkGovernance(end.state.governance).refusedActs as { reason: string }[];
    assert.deepEqual(refused.map((r) => r.reason), ['the veto fuse is tripped: the act is aborted']);
    await dap.request('continue', { threadId: 1 });
    assert.equal((await dap.next<DebugProtocol.ExitedEvent>('exited')).body.exitCode, 1, 'the expectation "published" fails');
  });

  it('resets a tripped fuse: the chapel act runs again', async () => {
    dap = await Dap.start();
    await dap.begin({ program: G, run: 'publish' }, { breakpoints: [{ line: L.chapelAct }] });
    await stop(dap);
    await dap.request('amp/veto', { state: 'tripped' });
    const reset = await dap.request('amp/veto', { state: 'ok' });
    assert.equal((reset.body as { vetoFuse: string }).vetoFuse, 'ok');
    await dap.request('continue', { threadId: 1 });
    assert.equal((await dap.next<DebugProtocol.ExitedEvent>('exited')).body.exitCode, 0);
    assert.match(dap.output(), /veto fuse: ok → tripped \(protected channel operator\)[\s\S]*veto fuse: tripped → ok \(protected channel operator\)[\s\S]*chapel: veto fuse checked \(ok\): the act runs/);
  });

  it('refuses the protected channel on a spec without governance, and malformed commands', async () => {
    dap = await Dap.start();
    await dap.begin({ program: fixture('list-minimum.amp'), stopOnEntry: true });
    await dap.stopped();
    await assert.rejects(dap.request('amp/veto', { state: 'tripped' }), /is not governed \(no ethics header, manifest or governance declarations\)/);
    await assert.rejects(dap.request('amp/veto', { state: 'broken' }), /'amp\/veto' takes \{ "state": "ok" \| "strained" \| "tripped"/);
    await assert.rejects(dap.request('amp/restore', { scar: [1] }), /'amp\/restore' takes/);
  });

  it('stops before a scripted veto trip, and the run state shows the fuse tripped after it', async () => {
    dap = await Dap.start();
    await dap.begin({ program: G, run: 'the steward trips the veto' }, { exceptionFilters: ['vetoTripped'] });
    const s = await stop(dap);
    assert.equal(s.stop.body.reason, 'exception');
    assert.equal(s.stop.body.text, 'Veto tripped: the veto fuse goes ok → tripped (protected channel steward)');
    assert.equal(s.stop.body.description, s.stop.body.text);
    assert.equal((await dap.top()).line, lineOf(G, 'steward veto(tripped)'));
    assert.equal(checkGovernance(s.state.governance).vetoFuse, 'ok');
    const info = await dap.request<DebugProtocol.ExceptionInfoResponse>('exceptionInfo', { threadId: 1 });
    assert.equal(info.body.exceptionId, 'vetoTripped');
    await dap.request('next', { threadId: 1 });
    const after = await stop(dap);
    assert.equal(checkGovernance(after.state.governance).vetoFuse, 'tripped');
  });
});

describe('scars and restorative events', () => {
  it('stops before a scar is made; a restorative event resolves it; the scar log gets each record once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amp-dap-scars-'));
    const log = join(dir, 'atlas.jsonl');
    try {
      dap = await Dap.start();
      await dap.begin({ program: G, run: 'retract', scars: log, stopAtEnd: true }, { exceptionFilters: ['scarCreated'] });
      const s = await stop(dap);
      assert.equal(s.stop.body.reason, 'exception');
      assert.equal(s.stop.body.text, 'Scar created: scar-1 (agent_report): published (the river samples) and had to retract it');
      assert.deepEqual(checkGovernance(s.state.governance).scars, []);
      // Stopping before the step appends nothing: the step has not happened.
      assert.throws(() => readFileSync(log, 'utf8'), /ENOENT/);
      await dap.request('stepIn', { threadId: 1 });
      const made = await stop(dap);
      const g = checkGovernance(made.state.governance);
      assert.deepEqual(g.scarLog, { path: log, verified: true, records: 2 });
      const [scar] = g.scars as Record<string, unknown>[];
      assert.deepEqual(
        { id: scar.id, trigger: scar.trigger, step: scar.step, resolved: scar.resolved, weight: scar.weight, forgiveness: scar.forgiveness },
        { id: 1, trigger: 'agent_report', step: made.state.step, resolved: false, weight: 1, forgiveness: 0 },
      );
      assert.equal((scar.at as { start: { line: number } }).start.line + 1, lineOf(G, 'scar "published [subject]'));
      assert.equal((g.trustSliceStatus as Record<string, unknown>).unresolved_scar, true);
      assert.equal((await governanceScope(dap)).get('open scars'), 'scar-1');

      const restored = await dap.request('amp/restore', { note: 'apologised to the council' });
      assert.deepEqual((restored.body as { unresolvedScars: string[] }).unresolvedScars, []);
      const after = checkGovernance(((await dap.next('amp/runState')).body as Body).governance);
      const [resolved] = after.scars as Record<string, unknown>[];
      assert.equal(resolved.resolved, true);
      assert.equal(resolved.weight, 1, 'forgiveness starts at the restorative event');
      assert.equal((after.trustSliceStatus as Record<string, unknown>).unresolved_scar, false);
      assert.equal((await governanceScope(dap)).get('open scars'), 'none');
      // Nothing left to restore.
      await assert.rejects(dap.request('amp/restore', { note: 'again' }), /every scar in the Atlas is already resolved/);

      // Back and forth over the scar's step: the log keeps one scar record and one restorative record.
      await dap.move('stepBack', 1, { granularity: 'instruction' });
      assert.equal((await governanceScope(dap)).get('open scars'), 'none', 'the step before the scar has no scar yet');
      await dap.move('next', 1, { granularity: 'instruction' });
      assert.equal((await governanceScope(dap)).get('open scars'), 'none', 'the restorative event is part of the history');
      dap.drop('amp/runState');
      await dap.request('continue', { threadId: 1 });
      await stop(dap);
      const report = verifyScarLog(readFileSync(log, 'utf8'));
      assert.ok(report.ok, JSON.stringify(report.broken));
      assert.deepEqual(report.records.map((r) => r.kind), ['constitution', 'scar', 'restorative']);
      const rest = report.records[2] as { process: string; channel: string; scar: string };
      assert.deepEqual([rest.scar, rest.process, rest.channel], ['scar-1', 'apologised to the council', 'operator']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a later session starts from the scars the log holds, and new scar ids continue after them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amp-dap-scars-'));
    const log = join(dir, 'atlas.jsonl');
    try {
      dap = await Dap.start();
      await dap.begin({ program: G, run: 'retract', scars: log });
      assert.equal((await dap.next<DebugProtocol.ExitedEvent>('exited')).body.exitCode, 0);
      await dap.close();
      dap = await Dap.start();
      await dap.begin({ program: G, run: 'retract', scars: log, stopOnEntry: true, stopAtEnd: true });
      const entry = await stop(dap);
      const g = checkGovernance(entry.state.governance);
      // The scar of the first session: unresolved, made in no step of this run.
      assert.deepEqual((g.scars as { id: number; resolved: boolean; step?: number }[]).map((x) => [x.id, x.resolved, x.step]), [[1, false, undefined]]);
      assert.equal((g.trustSliceStatus as Record<string, unknown>).scar_tone, 'unresolved');
      await dap.request('continue', { threadId: 1 });
      const end = await stop(dap);
      const scars = checkGovernance(end.state.governance).scars as { id: number; step?: number }[];
      assert.deepEqual(scars.map((x) => [x.id, x.step !== undefined]), [[1, false], [2, true]]);
      const records = verifyScarLog(readFileSync(log, 'utf8')).records;
      assert.deepEqual(records.map((r) => (r.kind === 'scar' ? r.scar : r.kind)), ['constitution', 'scar-1', 'scar-2']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with a scar log, runs take turns: a run cannot start while another is under way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amp-dap-scars-'));
    try {
      dap = await Dap.start();
      await dap.begin({ program: G, run: ['publish', 'retract'], scars: join(dir, 'atlas.jsonl'), stopOnEntry: true });
      await dap.stopped();
      await dap.move('stepIn', 1);
      await assert.rejects(dap.request('next', { threadId: 2 }), /with a scar log, runs take turns on the Atlas: run "publish" is under way; finish it first/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a broken scar log at launch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amp-dap-scars-'));
    try {
      const log = join(dir, 'bad.jsonl');
      writeFileSync(log, '{"not":"a record"}\n');
      dap = await Dap.start();
      await assert.rejects(dap.launch({ program: G, scars: log }), /Cannot launch: the scar log '.*bad\.jsonl' cannot be extended: .*check it with 'amp scars verify/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('conscience decisions', () => {
  it('stops before a choice that takes a level-1 breach, and explains every decision', async () => {
    dap = await Dap.start();
    await dap.begin({ program: G, run: 'dilemma', stopAtEnd: true }, { exceptionFilters: ['breachLevel1'] });
    const s = await stop(dap);
    assert.equal(s.stop.body.reason, 'exception');
    assert.equal(s.stop.body.text, 'Conscience breach (level ≥ 1): "hand over the key, or refuse" takes "hand it over", which weighs 0.5 at level 1');
    assert.equal((await dap.top()).line, lineOf(G, 'choose "hand over the key, or refuse"'));
    // The first decision (a level-0 breach) did not stop; it is in the run state and the Conscience scope.
    const c = checkConscience(s.state.conscience);
    const decisions = c.decisions as Record<string, unknown>[];
    assert.equal(decisions.length, 1);
    assert.deepEqual(decisions[0].options, [
      { label: 'lie', ledger: { '1': 0, '0': 1, '-1': 0 }, breaches: [{ id: 'lying', level: 0, weight: 1 }] },
      { label: 'tell the truth', ledger: { '1': 0.9, '0': 0, '-1': 0 }, breaches: [{ id: 'aiding_level_1_breach', level: 1, weight: 0.9 }] },
    ]);
    assert.equal(decisions[0].winner, 0);
    assert.equal(decisions[0].tie, false);
    assert.equal(decisions[0].prompt, 'tell the truth, or lie to protect a life');
    assert.match(decisions[0].why as string, /"tell the truth" weighs 0\.9 at level 1 against 0 for "lie"/);
    const scope = await dap.scope('Conscience');
    assert.deepEqual([...scope.values()].map((v) => v.value), ['"tell the truth, or lie to protect a life": chose "lie"']);
    assert.match(dap.output(), /conscience: Choice "tell the truth, or lie to protect a life": "lie" chosen\./);
    await dap.request('continue', { threadId: 1 });
    const end = await stop(dap);
    assert.equal((checkConscience(end.state.conscience).decisions as unknown[]).length, 2);
  });

  it('stops at a level-0 breach with the breachLevel0 filter', async () => {
    dap = await Dap.start();
    await dap.begin({ program: G, run: 'dilemma' }, { exceptionFilters: ['breachLevel0'] });
    const s = await dap.stopped();
    assert.equal(s.body.text, 'Conscience breach (level ≥ 0): "tell the truth, or lie to protect a life" takes "lie", which weighs 1 at level 0');
    const info = await dap.request<DebugProtocol.ExceptionInfoResponse>('exceptionInfo', { threadId: 1 });
    assert.match(info.body.details?.message ?? '', /^Choice "tell the truth, or lie to protect a life": "lie" chosen\./);
  });
});
