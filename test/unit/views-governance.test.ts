// The Stability, Atlas of Scars and Conscience views: what they show from the run state's optional `stability`,
// `governance` and `conscience` parts (zones coloured as seed 004 draws them, the seven terms, the scar log's chain,
// each decision's options by lexical level), what they fall back to from the run's events when a part is absent, and
// the explanation they give when there is nothing to show.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { TERMS, ZONES } from '../../core/check/selfmod-catalog';
import { conscienceView, decisionsFromEvents, ledgerLevels, ledgerText, NO_CONSCIENCE, FROM_EVENTS as CONSCIENCE_FROM_EVENTS } from '../../extension/views/conscience';
import { parseRunState, type RunState, type StabilityJson } from '../../extension/views/protocol';
import { SessionRuns } from '../../extension/views/run-store';
import { clockText, FROM_EVENTS, NO_GOVERNANCE, scarsView, triggerText } from '../../extension/views/scars';
import { growthIsFrozen, NO_STABILITY, proposalStatusText, stabilityView, termRows } from '../../extension/views/stability';
import { budgetsView } from '../../extension/views/budgets';
import { isSimulation, messageTree, SIMULATION_HAS_NO_TREE } from '../../extension/views/message-tree';
import { snapshotNodes } from '../../extension/views/tree-node';
import { ZONE_STYLES, zoneFor, zoneStyle } from '../../extension/views/zones';
import { layoutTimeline, timelineData } from '../../extension/views/timeline';
import { handRun, InlineDap, SAMPLES } from './views-support';

let dap: InlineDap | undefined;
afterEach(async () => {
  await dap?.close().catch(() => undefined);
  dap = undefined;
});

const AT = { start: { line: 4, character: 2 }, end: { line: 4, character: 30 } };

/** A run model at `step` with optional parts, checked as the views check an adapter's body. */
function withParts(step: number, parts: Record<string, unknown>) {
  const body = {
    version: 1, threadId: 1, run: 'tutor', step, position: step, recorded: step + 1, status: 'running', costModel: 'seed', meta: false, waiting: null,
    frames: [], budget: { root: 0, returned: 0, held: 0, spent: 0 }, activations: { reset: true, items: [] }, events: { from: 0, total: 0, items: [] }, truncated: false,
    ...parts,
  };
  const parsed = parseRunState(body);
  assert.ok('state' in parsed, JSON.stringify(parsed));
  assert.deepEqual(parsed.notes, []);
  return handRun({ activations: [], step, extra: parsed.state as Partial<RunState> });
}

const STABILITY: StabilityJson = {
  selfmod: 'tutor',
  cycle: 42,
  protocolStep: 3,
  protocolStepName: 'shadow simulation',
  terms: { V_id: 0.1, H_bel: 0.2, F_mut: 0.1, sigma_con: 0.1, E_v: 0.0, G_c: 0.2, M_s: 0.1 },
  weights: { V_id: 0.15, H_bel: 0.15, F_mut: 0.1, sigma_con: 0.1, E_v: 0.2, G_c: 0.15, M_s: 0.15 },
  cl4: 0.12,
  zone: 'optimal',
  bgss: 0.81,
  growthFrozen: false,
  proposal: { name: 'warmer_greeting', type: 'parameter_tuning', status: 'in_shadow' },
  shadow: { cycle: 3, maxCycles: 20 },
  history: [{ cycle: 0, cl4: 0.12, zone: 'optimal', bgss: 0.8 }],
};

describe('zones', () => {
  it('are the catalog’s four, each with one theme colour, in increasing C_L4 order', () => {
    assert.deepEqual(ZONE_STYLES.map((z) => [z.id, z.name, z.min, z.max]), ZONES.map((z, i) => [['optimal', 'growth', 'caution', 'critical'][i], z.name, z.min, z.max]));
    assert.deepEqual(ZONE_STYLES.map((z) => z.color), ['charts.green', 'charts.blue', 'charts.yellow', 'charts.red']);
    assert.deepEqual(ZONE_STYLES.map((z) => z.cssVar), ['--vscode-charts-green', '--vscode-charts-blue', '--vscode-charts-yellow', '--vscode-charts-red']);
  });

  it('colour a value by the zone the state names, else by the catalog (boundaries belong to the zone above; NaN is critical)', () => {
    assert.deepEqual([0, 0.29, 0.3, 0.49, 0.5, 0.79, 0.8, 1, 1.4, -1, Number.NaN].map((c) => zoneFor(c).id), ['optimal', 'optimal', 'growth', 'growth', 'caution', 'caution', 'critical', 'critical', 'critical', 'optimal', 'critical']);
    assert.equal(zoneFor(0.1, 'caution').id, 'caution', 'the simulator decides when it says');
    assert.equal(zoneStyle('critical').icon, 'error');
  });
});

describe('the Stability view', () => {
  it('shows C_L4 coloured by its zone, the seven terms with weights and values, BGSS, growth, the protocol and the proposal', () => {
    const { nodes, message } = stabilityView(withParts(9, { stability: STABILITY }));
    assert.equal(message, undefined);
    assert.deepEqual(nodes.map((n) => [n.label, n.description]), [
      ['C_L4', '0.12 · Optimal'],
      // The contract's example state: its terms add up to 0.11, not the 0.12 it names, and the view says so.
      ['Terms', 'Σ w·x = 0.11 (C_L4 says 0.12)'],
      ['BGSS', '0.81'],
      ['Growth', 'permitted'],
      ['Protocol', 'step 3 of 7 · shadow simulation'],
      ['Proposal warmer_greeting', 'parameter_tuning · in shadow simulation'],
      ['Cycle', '42 · selfmod tutor'],
    ]);
    assert.deepEqual(nodes[0].icon, { id: 'pass-filled', color: 'charts.green' });
    assert.match(nodes[0].tooltip ?? '', /Zone Optimal \[0, 0\.3\): All growth permitted/);
    const terms = nodes[1].children!();
    assert.deepEqual(terms.map((t) => t.label), TERMS.map((t) => t.symbol));
    assert.deepEqual(terms.map((t) => t.description), ['0.1 × 0.15 = 0.015', '0.2 × 0.15 = 0.03', '0.1 × 0.1 = 0.01', '0.1 × 0.1 = 0.01', '0 × 0.2 = 0', '0.2 × 0.15 = 0.03', '0.1 × 0.15 = 0.015']);
    assert.deepEqual(nodes[5].children!().map((n) => [n.label, n.description]), [['shadow simulation', 'cycle 3 of 20']]);
  });

  it('colours each zone and warns when growth freezes', () => {
    const critical = stabilityView(withParts(1, { stability: { ...STABILITY, cl4: 0.85, zone: 'critical', bgss: 0.6, growthFrozen: true, proposal: { name: 'x', status: 'rolled_back', detail: 'rolled back at cycle 9' } } })).nodes;
    assert.deepEqual(critical[0].icon, { id: 'error', color: 'charts.red' });
    assert.equal(critical[0].description, '0.85 · Critical');
    assert.deepEqual([critical[2].description, critical[2].icon?.id], ['0.6 · below 0.7: growth frozen', 'warning']);
    assert.deepEqual([critical[3].description, critical[3].icon?.color], ['frozen', 'charts.red']);
    assert.deepEqual(critical[5].icon, { id: 'close', color: 'list.errorForeground' });
    assert.deepEqual(critical[5].children!().map((n) => n.label), ['rolled back at cycle 9', 'shadow simulation']);
    const caution = stabilityView(withParts(1, { stability: { ...STABILITY, cl4: 0.6, zone: undefined } })).nodes[0];
    assert.deepEqual(caution.icon, { id: 'warning', color: 'charts.yellow' }, 'without a zone, the catalog decides');
  });

  it('reads growth and terms as the seed does when the state leaves them out', () => {
    assert.equal(growthIsFrozen({ ...STABILITY, growthFrozen: undefined, cl4: 0.8 }), true);
    assert.equal(growthIsFrozen({ ...STABILITY, growthFrozen: undefined, cl4: 0.2, bgss: 0.69 }), true);
    assert.equal(growthIsFrozen({ ...STABILITY, growthFrozen: undefined, cl4: 0.79, bgss: 0.7 }), false);
    const rows = termRows({ ...STABILITY, terms: { V_id: 1, extra_term: 0.5 }, weights: {} });
    assert.equal(rows.length, 8, 'a term the catalog does not know is shown too');
    assert.deepEqual(rows[0], { name: 'V_id', symbol: 'V_id', title: 'identity volatility', value: 1, weight: 0.15, contribution: 0.15 });
    assert.equal(rows[3].symbol, 'σ_con');
    assert.deepEqual([proposalStatusText('in_shadow'), proposalStatusText('rolled_back'), proposalStatusText('brand_new')], ['in shadow simulation', 'rolled back', 'brand new']);
  });

  it('shows a self-modification thread in Stability alone: no message tree, no budget', () => {
    const run = withParts(4, { stability: STABILITY, frames: [{ activation: 0, kind: 'run', agent: 'selfmod "tutor"', label: 'tutor', budget: 0, allotted: 0, spent: 0, delegated: 0 }] });
    assert.equal(isSimulation(run), true);
    assert.equal(messageTree(run).message, SIMULATION_HAS_NO_TREE);
    assert.match(budgetsView(run).message ?? '', /^A self-modification run spends no budget/);
    assert.equal(stabilityView(run).nodes.length, 7);
  });

  it('shows the stability the debugger sends while it steps a selfmod declaration', async () => {
    dap = new InlineDap();
    await dap.launch({ program: join(SAMPLES, 'self-modification.amp'), stopOnEntry: true });
    const runs = new SessionRuns();
    runs.apply(await dap.runState());
    for (let i = 0; i < 30; i++) runs.apply(await dap.move('next'));
    const run = runs.current!;
    assert.equal(run.run, 'tutor_growth');
    const { nodes } = stabilityView(run);
    assert.deepEqual(nodes.map((n) => n.label), ['C_L4', 'Terms', 'BGSS', 'Growth', 'Protocol', 'Proposal fractions_skill', 'Cycle']);
    assert.match(nodes[0].description ?? '', /^0\.\d+ · Optimal$/);
    assert.deepEqual(nodes[0].icon, { id: 'pass-filled', color: 'charts.green' });
    assert.match(nodes[1].description ?? '', /^Σ w·x = 0\.\d+$/, 'the terms add up to the C_L4 the simulator reports');
    assert.equal(nodes[1].children!().length, 7);
    const data = timelineData(run);
    assert.ok(data.cl4.length > 10 && data.cl4.every((p) => p.step !== undefined && p.step <= data.lastStep), 'every cycle names the step to go to');
    assert.deepEqual(data.budget, [], 'no budget in a simulation');
    assert.deepEqual(layoutTimeline(data, 600).panels.map((p) => p.id), ['cl4']);
    assert.equal(isSimulation(run), true);
  });

  it('explains an empty view for a run without self-modification', () => {
    assert.deepEqual(stabilityView(undefined), { nodes: [] });
    assert.deepEqual(stabilityView(withParts(0, {})), { nodes: [], message: NO_STABILITY });
  });
});

describe('the Atlas of Scars view', () => {
  const governance = {
    eExt: { used: 0.35, max: 0.75, window: 16, chapelThreshold: 0.375 },
    vetoFuse: 'strained',
    clockMs: 3000,
    consent: [{ machine: 'publication', state: 'LISTEN', silenceBand: true, at: AT }],
    scars: [
      { id: 1, trigger: 'E_ext_spike', step: 3, clockMs: 950, resolved: true, weight: 0.25, forgiveness: 0.75, note: 'spent too much', at: AT },
      { id: 2, trigger: 'incident_report', step: 8, clockMs: 3000, resolved: false, weight: 1, forgiveness: 0 },
    ],
    scarLog: { path: 'scars.jsonl', verified: true, records: 2 },
    trustSliceStatus: { beta1_lap: 0, veto_fuse_status: 'strained', scar_tone: 'vigilance', unresolved_scar: true },
    refusedActs: [{ step: 6, at: AT, reason: 'E_ext over the cap outside a chapel' }],
  };

  it('shows the chain, each scar with its trigger, time, resolution and weight, and the governance state', () => {
    const { nodes, message } = scarsView(withParts(9, { governance }));
    assert.equal(message, undefined);
    assert.deepEqual(nodes.map((n) => [n.label, n.description]), [
      ['Scar log', 'verified · 2 records'],
      ['#1 E_ext spike', 'step 3 · 950 ms · resolved · weight 0.25'],
      ['#2 incident report', 'step 8 · 3.0 s · unresolved · weight 1'],
      ['Governance', 'veto strained · E_ext 0.35/0.75'],
    ]);
    assert.deepEqual(nodes[1].icon, { id: 'pass', color: 'testing.iconPassed' });
    assert.deepEqual(nodes[2].icon, { id: 'flame', color: 'list.warningForeground' });
    assert.equal(nodes[1].reveal, AT);
    assert.equal(nodes[1].step, 3);
    assert.deepEqual(nodes[1].children!().map((n) => [n.label, n.description]), [
      ['trigger', 'E_ext_spike'],
      ['made at', 'step 3 · 950 ms'],
      ['resolved', 'yes'],
      ['forgiveness weight', '0.25 (forgiven 75 %)'],
      ['note', 'spent too much'],
    ]);
    const g = nodes[3].children!();
    assert.deepEqual(g.map((n) => [n.label, n.description]), [
      ['E_ext', '0.35 of 0.75 · window 16 · chapel above 0.375'],
      ['veto fuse', 'strained'],
      ['simulated clock', '3.0 s'],
      ['consent publication', 'LISTEN · silence band'],
      ['trust slice', 'beta1_lap 0 · veto_fuse_status strained · scar_tone vigilance · unresolved_scar true'],
      ['refused acts', '1'],
    ]);
    assert.deepEqual(g[5].children!().map((n) => [n.label, n.description, n.step]), [['step 6', 'E_ext over the cap outside a chapel', 6]]);
  });

  it('shows a broken or torn chain, and scars only up to the step shown', () => {
    const broken = scarsView(withParts(5, { governance: { ...governance, scarLog: { verified: false, records: 3, firstBroken: 2, torn: true } } })).nodes;
    assert.equal(broken[0].description, 'chain broken at record 2 · last line torn');
    assert.deepEqual(broken[0].icon, { id: 'error', color: 'list.errorForeground' });
    assert.deepEqual(broken.map((n) => n.label), ['Scar log', '#1 E_ext spike', 'Governance']);
    const none = scarsView(withParts(1, { governance: { ...governance, scarLog: undefined } }));
    assert.deepEqual(none.nodes.map((n) => [n.label, n.description]), [['Scar log', 'not written by this run'], ['Governance', 'veto strained · E_ext 0.35/0.75']]);
    assert.equal(none.message, 'No scars by step 1.');
  });

  it('shows the governance state the debugger sends for a governed sample run', async () => {
    dap = new InlineDap();
    await dap.launch({ program: join(SAMPLES, 'governed-reporter.amp'), run: 'a retraction leaves a scar until a restorative process completes', stopAtEnd: true });
    const runs = new SessionRuns();
    runs.apply(await dap.runState());
    const { nodes, message } = scarsView(runs.current!);
    assert.equal(message, undefined);
    assert.deepEqual(nodes.map((n) => n.label), ['Scar log', '#1 agent report', 'Governance']);
    assert.match(nodes[1].description ?? '', /^step \d+ · \d+ ms · resolved · weight 0\.\d+$/, 'the restorative process resolved it; forgiveness has begun');
    assert.ok(nodes[1].reveal, 'the scar statement is revealed');
    const governance = nodes[2].children!().map((n) => n.label);
    assert.deepEqual(governance.slice(0, 4), ['E_ext', 'veto fuse', 'simulated clock', 'consent publication']);
  });

  it('lists the run’s scar events when the debugger sends no governance state', () => {
    const run = handRun({
      step: 6,
      activations: [],
      extra: {
        events: {
          from: 0,
          total: 3,
          items: [
            { index: 0, step: 2, kind: 'scar', frame: 1, at: AT, message: { ref: 'm1', preview: 'retracted a story' } },
            { index: 1, step: 5, kind: 'resolve', frame: 2, allowed: true },
            { index: 2, step: 6, kind: 'scar', frame: 1, message: { ref: 'm2', preview: 'again' } },
          ],
        },
      },
    });
    const { nodes, message } = scarsView(run);
    assert.equal(message, FROM_EVENTS);
    assert.deepEqual(nodes.map((n) => [n.label, n.description]), [['#1 scar', 'step 2 · resolved · weight 1'], ['#2 scar', 'step 6 · unresolved · weight 1']]);
    assert.equal(nodes[0].reveal, AT);
  });

  it('explains an empty view', () => {
    assert.deepEqual(scarsView(withParts(0, {})), { nodes: [], message: NO_GOVERNANCE });
    assert.deepEqual([triggerText('beta1_lap_corridor'), triggerText('my_trigger')], ['β₁ lap corridor', 'my trigger']);
    assert.deepEqual([clockText(950), clockText(3000), clockText(125_000)], ['950 ms', '3.0 s', '2 min 5 s']);
  });
});

describe('the Conscience view', () => {
  const conscience = {
    decisions: [
      {
        step: 7,
        at: AT,
        prompt: 'tell the truth, or lie to protect a life',
        options: [
          { label: 'lie', ledger: { '0': 2 }, breaches: [{ id: 'lying', level: 0, weight: 2 }] },
          { label: 'tell the truth', ledger: { '1': 0.9, '-1': 0.1 }, breaches: [{ id: 'aiding_level_1_breach', level: 1, weight: 0.9 }] },
        ],
        winner: 0,
        tie: false,
        why: 'level 1 decides: 0 < 0.9',
      },
      { step: 12, prompt: 'later', options: [{ label: 'a', ledger: {}, breaches: [] }], winner: 0, tie: true },
    ],
  };

  it('shows each decision with its options by lexical level, the winner first-class', () => {
    const { nodes, message } = conscienceView(withParts(9, { conscience }));
    assert.equal(message, undefined);
    assert.deepEqual(nodes.map((n) => [n.label, n.description]), [['tell the truth, or lie to protect a life', 'step 7 · chose "lie"']]);
    assert.equal(nodes[0].reveal, AT);
    const options = nodes[0].children!();
    assert.deepEqual(options.map((n) => [n.label, n.description, n.icon?.id]), [
      ['★ lie', 'L0 2', 'star-full'],
      ['tell the truth', 'L1 0.9 · L−1 0.1', 'circle-outline'],
      ['why', 'level 1 decides: 0 < 0.9', 'info'],
    ]);
    assert.deepEqual(options[0].children!().map((n) => [n.label, n.description]), [['lying', 'level 0 · weight 2']]);
    assert.equal(options[0].children!()[0].tooltip, 'Lying (includes not keeping your word)', 'a breach shows its title from seed 003');
    const later = conscienceView(withParts(12, { conscience })).nodes;
    assert.equal(later[1].description, 'step 12 · chose "a" (tie)');
    assert.deepEqual(later[1].icon, { id: 'warning', color: 'list.warningForeground' });
  });

  it('orders levels from 1 down and writes an empty ledger as no breaches', () => {
    assert.deepEqual(ledgerLevels({ '-1': 1, '0': 2, '1': 3 }), ['1', '0', '-1']);
    assert.equal(ledgerText({}), 'no breaches');
  });

  it('shows the decisions the debugger sends for a conscience sample run', async () => {
    dap = new InlineDap();
    await dap.launch({ program: join(SAMPLES, 'conscience-dilemma.amp'), run: 'lie to the attacker', stopAtEnd: true });
    const runs = new SessionRuns();
    runs.apply(await dap.runState());
    const { nodes, message } = conscienceView(runs.current!);
    assert.equal(message, undefined);
    const snap = snapshotNodes(nodes);
    assert.deepEqual(snap.map((n) => n.label), ['tell the truth, or lie to protect a life']);
    // Lying (level 0) wins over aiding a level-1 breach, however weighted: level 1 is compared first.
    assert.deepEqual(snap[0].children?.slice(0, 2).map((o) => [o.label, o.description, o.children?.map((b) => b.label)]), [
      ['★ lie', 'L1 0 · L0 2 · L−1 0', ['lying']],
      ['tell the truth', 'L1 0.9 · L0 0 · L−1 0', ['aiding_level_1_breach']],
    ]);
  });

  it('lists the run’s choose events when the debugger sends no conscience state', () => {
    const run = handRun({
      step: 3,
      activations: [],
      extra: { events: { from: 0, total: 1, items: [{ index: 0, step: 3, kind: 'choose', frame: 1, at: AT, options: ['lie', 'tell the truth'], chosen: 0, explanation: 'no conscience calculator is installed' }] } },
    });
    const { nodes, message } = conscienceView(run);
    assert.equal(message, CONSCIENCE_FROM_EVENTS);
    const snap = snapshotNodes(nodes);
    assert.deepEqual(snap.map((n) => [n.label, n.description]), [['choose at line 5', 'step 3 · chose "lie"']]);
    assert.deepEqual(snap[0].children?.map((c) => [c.label, c.description]), [['★ lie', 'no breaches'], ['tell the truth', 'no breaches'], ['why', 'no conscience calculator is installed']]);
    assert.equal(decisionsFromEvents(run.events)[0].winner, 0);
  });

  it('explains an empty view', () => {
    assert.deepEqual(conscienceView(withParts(0, {})), { nodes: [], message: NO_CONSCIENCE });
    assert.deepEqual(conscienceView(withParts(3, { conscience })), { nodes: [], message: NO_CONSCIENCE }, 'no decision by step 3');
  });
});
