// Unit tests for the run-time governance layer (seed 002): E_ext admission over a trust slice, chapels on a simulated
// clock, the veto fuse behind the protected channel, consent silence bands, scar triggers, status and manifest.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDocument, checkManifest } from '../../core/check/index';
import { readHeader } from '../../core/check/header';
import { readConsentMachine } from '../../core/check/rules/invariants-consent';
import { readScars } from '../../core/check/rules/invariants-scars';
import { trustSliceWindow } from '../../core/check/rules/invariants-trust-slice';
import { childNodes } from '../../core/syntax/tree';
import {
  ProtectedChannel, admitAct, agentConsentMove, agentResolveScar, agentScar, buildManifest, completeRestorative, concludeChapel, consentSpecOf,
  constitutionFrom, deliverConsent, eExtStatus, elapse, enterChapel, openProtectedChannel, passChapel, reportBeta1, reportIncident, scarTone,
  setVetoFuse, startGovernance, trustSliceStatus, waitPause, type Constitution, type ConsentSpec, type GovernanceState, type Outcome,
} from '../../core/governance/index';

function channel(name = 'steward', answerableTo: string[] = []): ProtectedChannel {
  const c = openProtectedChannel(name, 'test', answerableTo);
  assert.ok(c instanceof ProtectedChannel, JSON.stringify(c));
  return c;
}

function constitution(over: Partial<Constitution> = {}): Constitution {
  return {
    constitutionId: 'TrustSlice_TSv0_1',
    eExtMax: 0.75,
    minPauseMs: 3000,
    chapelThreshold: 0.375,
    answerableTo: ['local_operators', 'steward_council'],
    invariantsWired: [],
    triggers: { incidentFrom: ['steward'] },
    ...over,
  };
}

/** Runs operations one after another, each on the state the last one left. */
function chain(s: GovernanceState, ...ops: ((s: GovernanceState) => Outcome)[]): { state: GovernanceState; outcomes: Outcome[] } {
  const outcomes: Outcome[] = [];
  for (const op of ops) {
    const o = op(s);
    outcomes.push(o);
    s = o.state;
  }
  return { state: s, outcomes };
}

describe('E_ext red boundary', () => {
  it('admits acts up to E_ext_max_const and refuses the one that would cross it, with a reason', () => {
    const s0 = startGovernance(constitution());
    const { state, outcomes } = chain(
      s0,
      (s) => admitAct(s, { step: 1, cost: 0.3, act: 'a' }),
      (s) => admitAct(s, { step: 2, cost: 0.3, act: 'b' }),
      (s) => admitAct(s, { step: 3, cost: 0.2, act: 'c' }),
      (s) => admitAct(s, { step: 4, cost: 0.15, act: 'd' }),
    );
    assert.deepEqual(outcomes.map((o) => o.ok), [true, true, false, true]);
    const refused = outcomes[2].events[0];
    assert.equal(refused.type, 'act-refused');
    assert.match((refused as { reason: string }).reason, /E_ext would reach 0.8 in the trust slice, past E_ext_max_const 0.75 \(used 0.6\)/);
    assert.equal(eExtStatus(state).used.toString(), '0.75');
    assert.equal(eExtStatus(state).left?.toString(), '0');
  });

  it('sums exactly: 0.1 + 0.2 + 0.3 + 0.15 is exactly 0.75, not past it', () => {
    assert.ok(0.1 + 0.2 + 0.3 + 0.15 > 0.75, 'floating point would refuse the last act');
    const { outcomes } = chain(
      startGovernance(constitution()),
      (s) => admitAct(s, { step: 1, cost: 0.1 }),
      (s) => admitAct(s, { step: 1, cost: 0.2 }),
      (s) => admitAct(s, { step: 1, cost: 0.3 }),
      (s) => admitAct(s, { step: 1, cost: 0.15 }),
    );
    assert.deepEqual(outcomes.map((o) => o.ok), [true, true, true, true]);
  });

  it('forgets acts that left the trust slice window', () => {
    const c = constitution({ window: 4 });
    const { outcomes } = chain(
      startGovernance(c),
      (s) => admitAct(s, { step: 1, cost: 0.35 }),
      (s) => admitAct(s, { step: 2, cost: 0.35 }),
      (s) => admitAct(s, { step: 4, cost: 0.1 }),
      (s) => admitAct(s, { step: 5, cost: 0.1 }),
      (s) => admitAct(s, { step: 6, cost: 0.3 }),
    );
    // Step 4: 0.35 + 0.35 + 0.1 = 0.8 > 0.75, refused. Step 5: the window (1, 5] drops step 1. Step 6 drops step 2.
    assert.deepEqual(outcomes.map((o) => o.ok), [true, true, false, true, true]);
    assert.equal(eExtStatus(outcomes[4].state, 6).used.toString(), '0.4');
  });

  it('requires a chapel for high-hazard acts and acts above the chapel threshold', () => {
    const s = startGovernance(constitution());
    assert.match(JSON.stringify(admitAct(s, { step: 1, cost: 0.1, hazard: 'high' }).events), /must go through a chapel/);
    assert.match(JSON.stringify(admitAct(s, { step: 1, cost: 0.4 }).events), /above the chapel threshold 0.375/);
  });

  it('refuses real actions from a sandbox and costs that are not numbers ≥ 0', () => {
    const s = startGovernance(constitution());
    assert.match(JSON.stringify(admitAct(s, { step: 1, cost: 0, sandbox: true }).events), /no real actions in a ShadowAgent sandbox/);
    assert.equal(admitAct(s, { step: 1, cost: -1 }).ok, false);
    assert.equal(admitAct(s, { step: 1, cost: NaN }).ok, false);
    assert.equal(enterChapel(s, { step: 1, cost: 0.1, act: 'x', sandbox: true }).ok, false);
  });

  it('has no red boundary without E_ext_max_const', () => {
    const s = startGovernance(constitution({ eExtMax: undefined, chapelThreshold: undefined }));
    assert.equal(admitAct(s, { step: 1, cost: 100 }).ok, true);
  });

  it('never mutates the state it was given', () => {
    const s = startGovernance(constitution());
    const before = JSON.stringify(s);
    admitAct(s, { step: 1, cost: 0.3 });
    assert.equal(JSON.stringify(s), before);
    assert.ok(Object.isFrozen(s) && Object.isFrozen(admitAct(s, { step: 1, cost: 0.3 }).state.ledger.acts));
  });
});

describe('chapels', () => {
  it('records the intent, pauses min_pause_ms_const on the simulated clock, checks the fuse, then runs', () => {
    const s = startGovernance(constitution());
    const r = passChapel(s, { step: 3, act: 'publish', cost: 0.6, hazard: 'high' });
    assert.equal(r.ok, true);
    assert.deepEqual(r.events.map((e) => e.type), ['chapel-entered', 'chapel-paused', 'chapel-ran', 'act-admitted']);
    assert.equal(r.state.clockMs, 3000);
    assert.deepEqual(r.events[1], { type: 'chapel-paused', visit: 0, fromMs: 0, toMs: 3000 });
    // Through the chapel: past the boundary's reach, not counted against it.
    assert.equal(eExtStatus(r.state).used.toString(), '0');
    assert.equal(eExtStatus(r.state).total.toString(), '0.6');
  });

  it('refuses to conclude before the pause is over', () => {
    const a = enterChapel(startGovernance(constitution()), { step: 1, act: 'x', cost: 0.5, hazard: 'high' });
    const early = concludeChapel(elapse(a.state, 2999), 0);
    assert.equal(early.ok, false);
    assert.match(JSON.stringify(early.events), /the pause is not over: 1 ms of min_pause_ms_const 3000 left/);
    assert.equal(concludeChapel(elapse(a.state, 3000), 0).ok, true);
  });

  it('aborts when the fuse is tripped during the pause', () => {
    const steward = channel();
    const { state, outcomes } = chain(
      startGovernance(constitution()),
      (s) => enterChapel(s, { step: 1, act: 'publish', cost: 0.3, hazard: 'high' }),
      (s) => setVetoFuse(s, steward, 'tripped', 'the council objects'),
      (s) => waitPause(s, 0),
      (s) => concludeChapel(s, 0),
    );
    assert.equal(outcomes[3].ok, false);
    assert.deepEqual(outcomes[3].events, [{ type: 'chapel-aborted', visit: 0, reason: 'the veto fuse is tripped: the act is aborted' }]);
    assert.equal(state.chapels[0].phase, 'aborted');
    assert.equal(eExtStatus(state).total.toString(), '0');
  });

  it('runs when the fuse is only strained, and says so', () => {
    const s = setVetoFuse(startGovernance(constitution()), channel(), 'strained').state;
    const r = passChapel(s, { step: 1, act: 'x', cost: 0.1 });
    assert.deepEqual(r.events[2], { type: 'chapel-ran', visit: 0, fuse: 'strained' });
  });

  it('refuses to conclude a visit twice', () => {
    const r = passChapel(startGovernance(constitution()), { step: 1, act: 'x', cost: 0.1 });
    assert.equal(concludeChapel(r.state, 0).ok, false);
    assert.equal(concludeChapel(r.state, 7).ok, false);
  });
});

describe('the veto fuse and the protected channel', () => {
  it('changes only through a protected channel', () => {
    const r = setVetoFuse(startGovernance(constitution()), channel('steward'), 'tripped');
    assert.equal(r.state.fuse, 'tripped');
    assert.deepEqual(r.events, [{ type: 'veto-changed', from: 'ok', to: 'tripped', channel: 'steward' }]);
    assert.equal(r.state.fuseHistory.length, 1);
  });

  it('refuses and reports a forged channel', () => {
    const forged = { name: 'steward', origin: 'debugger' } as unknown as ProtectedChannel;
    const r = setVetoFuse(startGovernance(constitution()), forged, 'ok');
    assert.equal(r.ok, false);
    assert.equal(r.state.fuse, 'ok');
    assert.match(JSON.stringify(r.events), /not a protected channel: only the host holds one/);
    const proto = Object.create(ProtectedChannel.prototype) as ProtectedChannel;
    assert.equal(ProtectedChannel.isGenuine(proto), false);
  });

  it('is never opened for agent code or unknown names; answerable_to names are protected', () => {
    assert.match(JSON.stringify(openProtectedChannel('agent', 'test')), /never a protected channel/);
    assert.match(JSON.stringify(openProtectedChannel('intruder', 'test')), /not a protected channel/);
    assert.ok(openProtectedChannel('steward_council', 'test', ['steward_council']) instanceof ProtectedChannel);
  });

  it('refuses a channel that is not protected under this constitution', () => {
    const council = channel('steward_council', ['steward_council']);
    const s = startGovernance(constitution({ answerableTo: [] }));
    assert.equal(setVetoFuse(s, council, 'tripped').ok, false);
  });

  it('refuses an unknown fuse status', () => {
    assert.equal(setVetoFuse(startGovernance(constitution()), channel(), 'melted' as never).ok, false);
  });
});

describe('consent machines and silence bands', () => {
  const spec: ConsentSpec = {
    name: 'publication',
    initial: 'LISTEN',
    transitions: [
      { from: 'LISTEN', to: 'CONSENT_GIVEN', event: 'explicit_consent', channel: 'steward' },
      { from: 'LISTEN', to: 'DISSENT', event: 'explicit_dissent', channel: 'affected_voices' },
      { from: 'LISTEN', to: 'SUSPEND' },
      { from: 'CONSENT_GIVEN', to: 'SUSPEND' },
      { from: 'SUSPEND', to: 'ABSTAIN' },
      { from: 'ABSTAIN', to: 'CONSENT_GIVEN', event: 'explicit_consent' },
    ],
  };
  const start = () => startGovernance(constitution(), { consent: [spec] });

  it('refuses and reports a silent move out of a silence band', () => {
    const r = agentConsentMove(start(), 'publication', 'CONSENT_GIVEN', 3);
    assert.equal(r.ok, false);
    assert.equal(r.state.consent.publication.state, 'LISTEN');
    const e = r.events[0] as { type: string; silent: boolean; reason: string };
    assert.equal(e.type, 'consent-refused');
    assert.equal(e.silent, true);
    assert.match(e.reason, /silent move refused: publication is in the silence band LISTEN/);
    assert.equal(r.state.witness.silentAttempts, 1);
  });

  it('moves on an explicit event from the named protected channel', () => {
    const r = deliverConsent(start(), channel('steward'), 'publication', 'explicit_consent', 2);
    assert.equal(r.ok, true);
    assert.equal(r.state.consent.publication.state, 'CONSENT_GIVEN');
    assert.deepEqual(r.state.consent.publication.moves[0], { from: 'LISTEN', to: 'CONSENT_GIVEN', step: 2, event: 'explicit_consent', channel: 'steward' });
  });

  it('refuses an explicit event from another channel than the transition names', () => {
    const r = deliverConsent(start(), channel('operator'), 'publication', 'explicit_consent');
    assert.equal(r.ok, false);
    assert.match(JSON.stringify(r.events), /comes only from steward, not operator/);
  });

  it('refuses an event from a forged channel', () => {
    const r = deliverConsent(start(), { name: 'steward' } as unknown as ProtectedChannel, 'publication', 'explicit_consent');
    assert.equal(r.ok, false);
    assert.equal(r.state.consent.publication.state, 'LISTEN');
  });

  it('lets agent code take transitions that need no event, and no others', () => {
    const { state, outcomes } = chain(
      start(),
      (s) => agentConsentMove(s, 'publication', 'SUSPEND'),
      (s) => agentConsentMove(s, 'publication', 'ABSTAIN'),
      (s) => agentConsentMove(s, 'publication', 'CONSENT_GIVEN'),
      (s) => agentConsentMove(s, 'publication', 'LISTEN'),
      (s) => deliverConsent(s, channel('community'), 'publication', 'explicit_consent'),
      (s) => agentConsentMove(s, 'publication', 'DISSENT'),
      (s) => agentConsentMove(s, 'nope', 'LISTEN'),
    );
    assert.deepEqual(outcomes.map((o) => o.ok), [true, true, false, false, true, false, false]);
    assert.equal((outcomes[2].events[0] as { silent: boolean }).silent, true);
    assert.match(JSON.stringify(outcomes[3].events), /has no transition ABSTAIN -> LISTEN/);
    assert.match(JSON.stringify(outcomes[5].events), /agent code cannot move publication to DISSENT/);
    assert.equal(state.consent.publication.state, 'CONSENT_GIVEN');
  });

  it('reads machines from AMP source', () => {
    const text = readFileSync(join(__dirname, '..', '..', 'samples', 'governed-reporter.amp'), 'utf8');
    const { tree } = checkDocument({ path: 'x.amp', text });
    const specs = childNodes(tree, 'ConsentDecl').map((d) => consentSpecOf(readConsentMachine(d, text))!);
    assert.equal(specs[0].name, 'publication');
    assert.equal(specs[0].transitions.length, 8);
    const s = startGovernance(constitution(), { consent: specs });
    assert.equal(agentConsentMove(s, 'publication', 'SUSPEND').ok, false);
    const given = deliverConsent(s, channel('steward'), 'publication', 'explicit_consent').state;
    assert.equal(agentConsentMove(given, 'publication', 'SUSPEND').ok, true);
  });
});

describe('scar triggers and restorative events', () => {
  const c = constitution({ triggers: { eExtSpikeAbove: 0.5, beta1Corridor: { min: 0.1, max: 0.6 }, incidentFrom: ['steward'] }, kernel: { name: 'gamma', shape: 2, scale: 30 } });

  it('creates one scar when E_ext in the slice rises above the soft threshold, chapels included', () => {
    const { state, outcomes } = chain(
      startGovernance(c),
      (s) => admitAct(s, { step: 1, cost: 0.3 }),
      (s) => passChapel(s, { step: 2, act: 'publish', cost: 0.3, hazard: 'high' }),
      (s) => admitAct(s, { step: 3, cost: 0.1 }),
    );
    assert.equal(state.scars.length, 1);
    assert.equal(state.scars[0].trigger, 'E_ext_spike');
    assert.ok(outcomes[1].events.some((e) => e.type === 'scar-created'));
    assert.ok(!outcomes[2].events.some((e) => e.type === 'scar-created'));
    const created = outcomes[1].events.find((e) => e.type === 'scar-created') as { entry: { detail: unknown } };
    assert.deepEqual(created.entry.detail, { E_ext: '0.6', above: 0.5 });
  });

  it('creates a scar when β₁_lap leaves its corridor, once per excursion', () => {
    const { state } = chain(
      startGovernance(c),
      (s) => reportBeta1(s, 0.32, 1),
      (s) => reportBeta1(s, 0.7, 2),
      (s) => reportBeta1(s, 0.8, 3),
      (s) => reportBeta1(s, 0.4, 4),
      (s) => reportBeta1(s, 0.05, 5),
    );
    assert.deepEqual(state.scars.map((x) => [x.trigger, x.step]), [['beta1_lap_excursion', 2], ['beta1_lap_excursion', 5]]);
    assert.equal(trustSliceStatus(state).beta1_lap, 0.05);
  });

  it('creates a scar from an incident report on a channel the trigger names, and ignores others', () => {
    const s = startGovernance(c);
    assert.equal(reportIncident(s, channel('steward'), 'named a household', 1).state.scars.length, 1);
    const other = reportIncident(s, channel('operator'), 'x', 1);
    assert.equal(other.state.scars.length, 0);
    assert.equal(other.events[0].type, 'incident-ignored');
  });

  it('flips UNRESOLVED_SCAR only on a restorative event from a protected channel', () => {
    const { state, outcomes } = chain(
      startGovernance(c),
      (s) => agentScar(s, 'retracted a report', 1),
      (s) => agentResolveScar(s, 'scar-1'),
      (s) => completeRestorative(s, { name: 'steward' } as unknown as ProtectedChannel, 'scar-1'),
      (s) => completeRestorative(s, channel(), 'retracted a report', 'apology accepted', 10),
      (s) => completeRestorative(s, channel(), 'scar-1'),
    );
    assert.deepEqual(outcomes.map((o) => o.ok), [true, false, false, true, false]);
    assert.equal(outcomes[0].state.scars[0].resolvedAtStep, undefined);
    assert.equal(trustSliceStatus(outcomes[2].state).unresolved_scar, true);
    assert.equal(state.scars[0].resolvedAtStep, 10);
    assert.equal(state.scars.length, 1, 'the scar stays in the Atlas');
    assert.equal(trustSliceStatus(state, 10).unresolved_scar, false);
  });

  it('computes the scar tone from the kernel: unresolved, then vigilance, then earned forgiveness', () => {
    const s1 = agentScar(startGovernance(c), 'x', 0).state;
    assert.equal(scarTone(s1), 'unresolved');
    const s2 = completeRestorative(s1, channel(), 'scar-1', 'p', 0).state;
    // Gamma(2, 30): S(30) = 2/e ≈ 0.736 (still heavy), S(60) = 3/e² ≈ 0.406 (past half).
    assert.equal(scarTone(s2, 30), 'vigilance');
    assert.equal(scarTone(s2, 60), 'earned_forgiveness');
    assert.equal(scarTone(startGovernance(c)), 'vigilance');
  });

  it('continues scar ids after the records already in the log', () => {
    const s = startGovernance(c, { scarRecords: [{ kind: 'scar', scar: 'scar-1', trigger: 'agent_report', description: 'old', step: 1, v: 1, seq: 0, prev: '', hash: '' }] });
    assert.equal(agentScar(s, 'new', 2).state.scars[1].id, 'scar-2');
    assert.equal(trustSliceStatus(s).unresolved_scar, true);
  });
});

describe('trust_slice_status and the manifest', () => {
  const text = readFileSync(join(__dirname, '..', '..', 'samples', 'governed-reporter.amp'), 'utf8');
  const result = checkDocument({ path: 'governed-reporter.amp', text });
  const header = readHeader(result.tree, text)!.header;
  const c = constitutionFrom({ governance: result.governance, header, window: trustSliceWindow(result.model, result.governance), scars: readScars(result.tree, text) });

  it('reads the constitution from the header, the trust slice and the scars block', () => {
    assert.equal(c.eExtMax, 0.75);
    assert.equal(c.minPauseMs, 3000);
    assert.equal(c.chapelThreshold, 0.375);
    assert.equal(c.window, 16);
    assert.deepEqual(c.kernel, { name: 'gamma', shape: 2, scale: 30 });
    assert.deepEqual(c.triggers, { eExtSpikeAbove: 0.5, beta1Corridor: { min: 0.1, max: 0.6 }, incidentFrom: ['steward'] });
    assert.ok(Object.isFrozen(c) && Object.isFrozen(c.triggers));
  });

  it('reports trust_slice_status as it stands', () => {
    let s = startGovernance(c);
    assert.deepEqual(trustSliceStatus(s), { veto_fuse_status: 'ok', scar_tone: 'vigilance', unresolved_scar: false });
    s = reportBeta1(s, 0.32, 1).state;
    s = setVetoFuse(s, channel(), 'strained').state;
    s = agentScar(s, 'x', 2).state;
    assert.deepEqual(trustSliceStatus(s), { beta1_lap: 0.32, veto_fuse_status: 'strained', scar_tone: 'unresolved', unresolved_scar: true });
  });

  it('builds the /.well-known/compiler_ethics.json object of a run', () => {
    let s = startGovernance(c);
    s = passChapel(s, { step: 1, act: 'publish', cost: 0.3, hazard: 'high' }).state;
    s = agentConsentMove(s, 'publication', 'CONSENT_GIVEN').state;
    const m = buildManifest(s);
    assert.equal(m.compiler_ethics_v, '0.1');
    assert.deepEqual(m.answerable_to, { primary: ['local_operators', 'steward_council'], secondary: ['affected_voices_panel'], last_resort: 'civic_memory_ledger' });
    assert.deepEqual(m.governance_stack, { constitution_id: 'TrustSlice_TSv0_1', existential_audit: true, E_ext_max_const: 0.75, min_pause_ms_const: 3000 });
    assert.equal((m.invariants_wired as string[]).length, 5);
    assert.deepEqual(m.trust_slice_status, { veto_fuse_status: 'ok', scar_tone: 'vigilance', unresolved_scar: false });
    assert.deepEqual(m.zk_proof_handles, { pause_invariants: true, hazard_caps_respected: true, consent_silence_bands_intact: true, scars_monotone: true });
    // The manifest checks clean against the header schema.
    assert.deepEqual(checkManifest({ path: 'compiler_ethics.json', text: JSON.stringify(m) }).diagnostics, []);
  });

  it('builds a manifest without a header from the constitution', () => {
    const m = buildManifest(startGovernance(constitution()));
    assert.deepEqual(m.governance_stack, { constitution_id: 'TrustSlice_TSv0_1', E_ext_max_const: 0.75, min_pause_ms_const: 3000 });
    assert.deepEqual(m.answerable_to, { primary: ['local_operators', 'steward_council'] });
  });
});
