// Seed 002 at run time: the governance layer plugged into the runtime (core/runtime/governed.ts over core/governance).
// The red boundary refuses an act past E_ext_max_const in the trust slice, chapels pause on the simulated clock and
// check the veto fuse, only the protected channel (a run's steward events) changes the fuse or delivers consent,
// silent consent moves are refused and reported, scars are created and resolved, trust_slice_status is recorded, and
// stepping back restores all of it.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkDocument, checkManifest } from '../../core/check/index';
import { ProtectedChannel, scarWeights, survival, trustSliceStatus, type GovernanceState } from '../../core/governance/index';
import { compileProgram } from '../../core/runtime/compile';
import {
  atlasStep, constitutionOf, governanceLayer, governedHooks, governedStateOf, runManifest, startGovernedState, trustSliceStatusOf, type GovernedState,
} from '../../core/runtime/governed';
import { History } from '../../core/runtime/history';
import { initialState } from '../../core/runtime/machine';
import { executeRun } from '../../core/runtime/run';
import type { RunResult } from '../../core/runtime/run';
import { eventsOf, type MachineState, type RuntimeEvent } from '../../core/runtime/state';
import { readTrace, reportFromTrace, TraceWriter } from '../../core/runtime/trace';
import { Message, renderText } from '../../core/runtime/values';
import { compile, fixture, transcript } from '../fixtures/runtime/harness';

/**
 * The fixture with one deliberate mistake added: a steward event nobody knows (`louder`), which the checker reports
 * (AMP-P010) and the runtime must still survive.
 */
function compileWithUnknownStewardEvent(): ReturnType<typeof compile> {
  const text = fixture('governance.amp').replace(
    '  steward incident("a household was named without its consent")\n',
    '  steward incident("a household was named without its consent")\n  steward louder("please")\n',
  );
  const check = checkDocument({ path: 'governance.amp', text });
  assert.deepEqual(
    check.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`),
    ["AMP-P010: Unknown steward event 'louder'; events: veto, consent, incident, restore, beta1_lap"],
  );
  return compileProgram(check).program!;
}
const program = compile(fixture('governance.amp'), 'governance.amp');
const mailer = transcript('mailer.jsonl');

function run(name: string, options: Parameters<typeof governedHooks>[0] = {}): RunResult {
  const i = program.runIndex(name);
  assert.ok(i >= 0, `no run "${name}"`);
  return executeRun(program, i, { env: { hooks: governedHooks(options), humanTranscript: mailer } });
}

function gov(r: RunResult): GovernanceState {
  const g = governedStateOf(r.state);
  assert.ok(g, 'the run is governed by the seed-002 layer');
  return g.gov;
}

/** The governance notes of a run, as [name, detail]. */
function notes(events: readonly RuntimeEvent[]): [string, Readonly<Record<string, unknown>>][] {
  return events.flatMap((e) => (e.kind === 'governance' ? [[e.name, e.detail] as [string, Readonly<Record<string, unknown>>]] : []));
}

describe('the constitution', () => {
  test('comes from the header, the scars block and the consent machines', () => {
    const c = constitutionOf(program);
    assert.equal(c.eExtMax, 0.75);
    assert.equal(c.minPauseMs, 3000);
    assert.equal(c.chapelThreshold, 0.375);
    assert.deepEqual(c.kernel, { name: 'gamma', shape: 2, scale: 30 });
    assert.deepEqual(c.triggers, { eExtSpikeAbove: 0.5, beta1Corridor: { min: 0.1, max: 0.6 }, incidentFrom: ['steward'] });
    const s = startGovernedState(program);
    assert.deepEqual(Object.keys(s.gov.consent), ['publication']);
    assert.equal(s.gov.consent.publication.state, 'LISTEN');
    assert.ok(Object.isFrozen(s) && Object.isFrozen(s.gov) && Object.isFrozen(s.gov.constitution.header));
  });
});

describe('act admission against the red boundary', () => {
  test('an act that would push E_ext past E_ext_max_const is refused, visibly, in the events, the report and the trace', () => {
    const r = run('by hand');
    assert.equal(r.report.passed, true);
    const acts = r.events.filter((e): e is Extract<RuntimeEvent, { kind: 'act' }> => e.kind === 'act');
    assert.deepEqual(
      acts.map((a) => [a.allowed, a.eExtCost, a.inChapel]),
      [
        [true, 0.3, false],
        [true, 0.3, false],
        [false, 0.3, false],
      ],
    );
    assert.match(acts[2].reason!, /^E_ext would reach 0\.9 in the trust slice, past E_ext_max_const 0\.75 \(used 0\.6\)/);
    // The refused act ends Mailer's ask in an error reply naming the reason; the human answered on.
    const replies = r.events.filter((e): e is Extract<RuntimeEvent, { kind: 'reply' }> => e.kind === 'reply' && e.error === true);
    assert.equal(replies.length, 1);
    assert.match(renderText(replies[0].message), /^error: the act "email \(the minutes of the meeting\) to the list" was refused: E_ext would reach 0\.9/);
    // The ledger: 0.6 used, exactly (decimals), 0.15 left; the refused act is not in it.
    const refused = r.report.governance!.find((g) => g.name === 'act-refused');
    assert.ok(refused);
    assert.match(refused.text!, /^act "email \(the minutes of the meeting\) to the list" refused: E_ext would reach 0\.9/);
    assert.deepEqual(r.report.governance!.filter((g) => g.name === 'act-admitted').map((g) => [g.detail.used, g.detail.left]), [
      ['0.3', '0.45'],
      ['0.6', '0.15'],
    ]);
    // The trace carries the refusal and reads back to the same report.
    const w = new TraceWriter();
    const lines = [w.header({ file: 'governance.amp', costModel: 'seed', meta: false, runs: ['by hand'] }), w.runStart('by hand', 0, program.runs[program.runIndex('by hand')].span)];
    executeRun(program, program.runIndex('by hand'), { env: { hooks: governedHooks(), humanTranscript: mailer }, onStep: (events, state) => lines.push(w.step(state.step, events)) });
    lines.push(w.runEnd('by hand', r.state.step, r.state.status));
    const read = readTrace(lines.join('\n') + '\n');
    assert.ok('trace' in read);
    assert.deepEqual(reportFromTrace(read.trace.header, read.trace.runs[0]), r.report);
  });

  test('the trust slice is a sliding window of steps: acts that left it no longer count', () => {
    const text = fixture('governance.amp').replace('message minutes', 'trust_slice { window 3 }\n\nmessage minutes');
    const windowed = compile(text, 'governance.amp');
    const r = executeRun(windowed, windowed.runIndex('by hand'), { env: { hooks: governedHooks(), humanTranscript: mailer } });
    const acts = r.events.filter((e) => e.kind === 'act');
    assert.deepEqual(acts.map((a) => a.kind === 'act' && a.allowed), [true, true, true]);
    assert.equal(constitutionOf(windowed).window, 3);
  });

  test('the header\'s trust_slice_window and E_ext_chapel_threshold configure the layer too', () => {
    const text = fixture('governance.amp').replace('"min_pause_ms_const": 3000 }', '"min_pause_ms_const": 1500, "E_ext_chapel_threshold": 0.35, "trust_slice_window": 3 }');
    const configured = compile(text, 'governance.amp');
    const c = constitutionOf(configured);
    assert.deepEqual([c.minPauseMs, c.chapelThreshold, c.window], [1500, 0.35, 3]);
    const r = executeRun(configured, configured.runIndex('by hand'), { env: { hooks: governedHooks(), humanTranscript: mailer } });
    assert.deepEqual(r.events.filter((e) => e.kind === 'act').map((a) => a.kind === 'act' && a.allowed), [true, true, true]);
    const chapel = executeRun(configured, configured.runIndex('publish with consent'), { env: { hooks: governedHooks() } });
    assert.equal(chapel.state.clock, 1500);
  });
});

describe('chapels', () => {
  test('entering records the intent and pauses min_pause_ms_const on the simulated clock; then the fuse is checked and the act runs', () => {
    const r = run('publish with consent');
    assert.equal(r.report.passed, true);
    assert.equal(r.state.clock, 3000);
    const enter = r.events.find((e) => e.kind === 'chapel' && e.phase === 'enter');
    assert.ok(enter && enter.kind === 'chapel' && enter.pauseMs === 3000 && enter.allowed);
    const names = notes(r.events).map(([n]) => n);
    assert.deepEqual(names.slice(names.indexOf('chapel-entered'), names.indexOf('act-admitted') + 1), ['chapel-entered', 'chapel-paused', 'chapel-pause', 'chapel-ran', 'act-admitted']);
    const [visit] = gov(r).chapels;
    assert.deepEqual({ act: visit.act, enteredAtMs: visit.enteredAtMs, pauseUntilMs: visit.pauseUntilMs, phase: visit.phase, fuseChecked: visit.fuseChecked, endedAtMs: visit.endedAtMs }, {
      act: 'publish [doc]',
      enteredAtMs: 0,
      pauseUntilMs: 3000,
      phase: 'ran',
      fuseChecked: 'ok',
      endedAtMs: 3000,
    });
    // Through the chapel the act takes the protected veto path: it does not count against the red boundary.
    const admitted = notes(r.events).find(([n]) => n === 'act-admitted')!;
    assert.deepEqual([admitted[1].viaChapel, admitted[1].used, admitted[1].act], [true, '0', 'publish (the minutes of the meeting)']);
  });

  test('each chapel pauses again: two chapels, two pauses, and the clock at 6000 ms', () => {
    const r = run('a spike of impact');
    assert.equal(r.state.clock, 6000);
    assert.deepEqual(gov(r).chapels.map((v) => [v.enteredAtMs, v.pauseUntilMs, v.phase]), [
      [0, 3000, 'ran'],
      [3000, 6000, 'ran'],
    ]);
  });

  test('a steward tripping the veto aborts the chapel\'s act after its pause; the ask ends in an error', () => {
    const r = run('the steward trips the veto');
    assert.equal(r.report.passed, true);
    assert.match(r.report.asks[0].reply!, /^error: the act "publish \(the minutes of the meeting\)" was refused: the veto fuse is tripped: the act is aborted$/);
    const g = gov(r);
    assert.equal(g.fuse, 'tripped');
    assert.deepEqual(g.fuseHistory.map((c) => [c.from, c.to, c.channel]), [['ok', 'tripped', 'steward']]);
    assert.equal(g.chapels[0].phase, 'aborted');
    assert.equal(r.state.clock, 3000, 'the pause was waited before the fuse was checked');
    assert.deepEqual(trustSliceStatusOf(r.state), { veto_fuse_status: 'tripped', scar_tone: 'vigilance', unresolved_scar: false });
  });

  test('the fuse reset by the steward lets the next chapel run', () => {
    const r = run('the fuse is reset');
    assert.equal(r.report.passed, true);
    assert.deepEqual(gov(r).fuseHistory.map((c) => c.to), ['tripped', 'ok']);
    assert.equal(gov(r).chapels[0].phase, 'ran');
  });
});

describe('consent machines and silence bands', () => {
  test('an explicit consent from the steward moves LISTEN to CONSENT_GIVEN; agent code then takes its event-free transition', () => {
    const r = run('publish with consent');
    const moves = gov(r).consent.publication.moves;
    assert.deepEqual(moves.map((m) => [m.from, m.to, m.event, m.channel]), [
      ['LISTEN', 'CONSENT_GIVEN', 'explicit_consent', 'steward'],
      ['CONSENT_GIVEN', 'SUSPEND', undefined, undefined],
    ]);
  });

  test('without consent the machine stays in its silence band and the move is refused', () => {
    const r = run('silence is not consent');
    assert.equal(r.report.passed, true);
    const c = r.events.find((e) => e.kind === 'consent');
    assert.ok(c && c.kind === 'consent' && !c.allowed && c.reason === 'publication has no transition LISTEN -> SUSPEND');
    assert.equal(gov(r).consent.publication.state, 'LISTEN');
  });

  test('an event the declared transition expects from another channel is refused and reported, and no handler hears it', () => {
    const r = run('dissent comes only from affected voices');
    const refused = notes(r.events).find(([n]) => n === 'consent-refused')!;
    assert.match(String(refused[1].reason), /comes only from affected_voices, not steward/);
    const steward = r.events.find((e) => e.kind === 'steward');
    assert.ok(steward && steward.kind === 'steward');
    assert.deepEqual(steward.deliver, []);
  });

  test('a silent move from agent code (which the checker rejects, AMP-G008) is refused at run time too, and reported as silent', () => {
    const text = fixture('silent-consent.amp');
    const check = checkDocument({ path: 'silent-consent.amp', text });
    assert.deepEqual(check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code), ['AMP-G008']);
    const eager = compileProgram(check).program!;
    const r = executeRun(eager, 0, { env: { hooks: governedHooks() } });
    assert.equal(r.report.passed, true);
    assert.match(r.report.asks[0].reply!, /^error: the consent move publication -> CONSENT_GIVEN was refused: silent move refused: publication is in the silence band LISTEN/);
    const refused = r.report.governance!.find((g) => g.name === 'consent-refused')!;
    assert.equal(refused.detail.silent, true);
    assert.match(refused.text!, /\(a silent move out of a silence band\)/);
    const g = gov(r);
    assert.equal(g.consent.publication.state, 'LISTEN');
    assert.equal(g.witness.silentAttempts, 1);
    // Refused, the attempt leaves the silence band intact.
    assert.equal((runManifest(r.state)!.zk_proof_handles as Record<string, boolean>).consent_silence_bands_intact, true);
  });
});

describe('scars', () => {
  test('a scar recorded by agent code stays unresolved until a restorative event, which the event handler resolves', () => {
    const r = run('a retraction and its restoration');
    assert.equal(r.report.passed, true);
    const names = notes(r.events).map(([n]) => n);
    assert.deepEqual(names, ['scar-created', 'restorative-completed', 'scar-resolved', 'trust-slice-status']);
    const [scar] = gov(r).scars;
    assert.equal(scar.id, 'scar-1');
    assert.equal(scar.trigger, 'agent_report');
    assert.equal(scar.description, 'had to retract (the minutes of the meeting)');
    assert.deepEqual(scar.resolvedBy, { process: 'had to retract (the minutes of the meeting)', channel: 'steward' });
    // The resolve statement ran in the event handler the steward's restore reached.
    const resolve = r.events.find((e) => e.kind === 'resolve');
    assert.ok(resolve && resolve.kind === 'resolve' && resolve.allowed);
    const deliver = r.events.find((e) => e.kind === 'deliver');
    assert.ok(deliver && deliver.kind === 'deliver' && deliver.event === 'restorative_process_completed');
    assert.ok(resolve.step > deliver.step);
    // Before the restorative event the scar was unresolved: step back to just before it.
    const h = new History(initialState(program, program.runIndex('a retraction and its restoration'), {}, { hooks: governedHooks() }), { hooks: governedHooks() });
    h.continue((s) => eventsOf(s).some((e) => e.kind === 'steward'));
    assert.deepEqual(trustSliceStatusOf(h.current), { veto_fuse_status: 'ok', scar_tone: 'unresolved', unresolved_scar: true });
    h.continue();
    assert.equal(trustSliceStatusOf(h.current)!.unresolved_scar, false);
  });

  test('resolving a scar outside a restorative event is refused: only the protected channel starts one', () => {
    const layer = governanceLayer();
    const s0 = layer.init({ program, model: program.check.model, governance: program.governance, run: 'x' });
    const site = { agent: 'Recorder', activation: 1, at: { start: 0, end: 1 }, step: 1, clock: 0 };
    const scarred = layer.scar(s0, { site, message: new Message(1, ['a harm']) }).state;
    const direct = layer.resolveScar(scarred, { site, message: new Message(2, ['a harm']) });
    assert.equal(direct.decision.allowed, false);
    assert.match((direct.decision as { reason: string }).reason, /can only be resolved by a restorative_process_completed event from a protected channel/);
    // An event handler that no restorative process reached (a forged event message) is refused too.
    const forged = layer.resolveScar(scarred, { site, event: new Message(3, ['a harm']), eventName: 'restorative_process_completed' });
    assert.equal(forged.decision.allowed, false);
    assert.match((forged.decision as { reason: string }).reason, /no restorative process was completed for "a harm"/);
    assert.equal(forged.state.gov.scars[0].resolvedAtStep, undefined);
  });

  test('an E_ext spike past the soft threshold creates a scar, once per excursion', () => {
    const r = run('a spike of impact');
    const created = gov(r).scars;
    assert.deepEqual(created.map((s) => [s.id, s.trigger, s.description]), [['scar-1', 'E_ext_spike', 'E_ext in the trust slice rose to 0.6, above 0.5']]);
    // The human's acts cross 0.5 once, and the refused third act adds nothing.
    assert.deepEqual(gov(run('by hand')).scars.map((s) => s.trigger), ['E_ext_spike']);
  });

  test('β₁_lap leaving its corridor creates a scar on each excursion, not on every reading outside it', () => {
    const r = run('jitter outside the corridor');
    assert.deepEqual(
      gov(r).scars.map((s) => [s.trigger, s.description]),
      [
        ['beta1_lap_excursion', 'β₁_lap 0.7 left its corridor [0.1, 0.6]'],
        ['beta1_lap_excursion', 'β₁_lap 0.05 left its corridor [0.1, 0.6]'],
        ['E_ext_spike', 'E_ext in the trust slice rose to 0.6, above 0.5'],
      ],
    );
    assert.equal(trustSliceStatusOf(r.state)!.beta1_lap, 0.05);
  });

  test('an incident reported by the steward creates a scar; an unknown steward event is noted and changes nothing', () => {
    const withUnknown = compileWithUnknownStewardEvent();
    const r = executeRun(withUnknown, withUnknown.runIndex('an incident and a word nobody knows'), { env: { hooks: governedHooks(), humanTranscript: mailer } });
    assert.deepEqual(gov(r).scars.map((s) => [s.trigger, s.channel]), [
      ['incident_report', 'steward'],
      ['agent_report', undefined],
    ]);
    const unknown = notes(r.events).find(([n]) => n === 'steward-unknown')!;
    assert.match(String(unknown[1].reason), /unknown steward event 'louder'/);
  });

  test('forgiveness is computed from the kernel at a given step, never stored', () => {
    const r = run('a retraction and its restoration');
    const g = gov(r);
    const resolvedAt = g.scars[0].resolvedAtStep!;
    // Gamma(shape 2, scale 30): S(30) = 2/e, S(60) = 3/e².
    const [at30] = scarWeights(g, resolvedAt + 30);
    assert.ok(Math.abs(at30.weight - 2 / Math.E) < 1e-12);
    assert.ok(Math.abs(at30.forgiveness - (1 - 2 / Math.E)) < 1e-12);
    const [at60] = scarWeights(g, resolvedAt + 60);
    assert.ok(Math.abs(at60.weight - 3 / Math.E ** 2) < 1e-12);
    assert.equal(scarWeights(g, resolvedAt)[0].weight, 1);
    assert.equal(trustSliceStatus(g, resolvedAt + 30).scar_tone, 'vigilance');
    assert.equal(trustSliceStatus(g, resolvedAt + 60).scar_tone, 'earned_forgiveness');
    // The run's end records the weight as it stood then (the resolution two steps before the end).
    const status = r.report.governance!.find((x) => x.name === 'trust-slice-status')!;
    const weight = (status.detail.scars as { weight: number }[])[0].weight;
    assert.ok(Math.abs(weight - survival({ name: 'gamma', shape: 2, scale: 30 }, atlasStep(r.state) - resolvedAt)) < 1e-12);
  });

  test('scars from the Atlas on disk are part of the run, ids continue after them, and steps count on from the step base', () => {
    const earlier = gov(run('a spike of impact')).scars[0];
    const record = { kind: 'scar' as const, scar: earlier.id, trigger: earlier.trigger, description: earlier.description, step: 9, v: 1, seq: 0, prev: '0'.repeat(64), hash: '' };
    const r = run('a retraction and its restoration', { scarRecords: [record], stepBase: 9 });
    const g = gov(r);
    assert.deepEqual(g.scars.map((s) => [s.id, s.resolvedAtStep !== undefined]), [
      ['scar-1', false],
      ['scar-2', true],
    ]);
    assert.ok(g.scars[1].step > 9);
    assert.equal(atlasStep(r.state), 9 + r.state.step);
    assert.equal(trustSliceStatusOf(r.state)!.unresolved_scar, true);
  });
});

describe('trust_slice_status and the manifest', () => {
  test('the end of a governed run records trust_slice_status as it stands, with the E_ext of the slice', () => {
    const r = run('by hand');
    assert.deepEqual(r.report.trustSliceStatus, { veto_fuse_status: 'ok', scar_tone: 'unresolved', unresolved_scar: true });
    const note = r.report.governance!.at(-1)!;
    assert.equal(note.name, 'trust-slice-status');
    assert.deepEqual(note.detail.eExt, { used: '0.6', total: '0.6', max: '0.75', left: '0.15' });
  });

  test('an ungoverned spec (no header, no governance declarations) records nothing', () => {
    const plain = compile('agent A {\n  on "hi" {\n    reply "hello"\n  }\n}\nrun "r" {\n  ask A "hi" budget 2\n  expect reply "hello"\n}\n');
    const r = executeRun(plain, 0, { env: { hooks: governedHooks() } });
    assert.equal(r.report.passed, true);
    assert.equal(r.report.governance, undefined);
    assert.equal(r.events.some((e) => e.kind === 'governance'), false);
  });

  test('the run\'s manifest: the header, trust_slice_status and zk_proof_handles earned across runs', () => {
    const a = run('the steward trips the veto');
    const b = run('a spike of impact');
    const m = runManifest(a.state, [b.state])!;
    assert.deepEqual(m.trust_slice_status, { veto_fuse_status: 'tripped', scar_tone: 'vigilance', unresolved_scar: false });
    assert.deepEqual(m.zk_proof_handles, { pause_invariants: true, hazard_caps_respected: true, consent_silence_bands_intact: true, scars_monotone: true });
    assert.deepEqual(m.answerable_to, { primary: ['steward_council'], secondary: ['affected_voices_panel'] });
    // It checks clean against the header schema.
    assert.deepEqual(checkManifest({ path: 'compiler_ethics.json', text: JSON.stringify(m) }).diagnostics, []);
  });
});

describe('the protected channel stays out of agent code', () => {
  test('steward events are run statements: in a handler they are an error (AMP-P010), so agent code never reaches the channel', () => {
    const text = fixture('governance.amp').replace('    act "email [doc] to the list"', '    act "email [doc] to the list"\n    steward veto(ok)');
    const codes = checkDocument({ path: 'x.amp', text }).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
    assert.ok(codes.includes('AMP-P010'), codes.join());
  });

  test('no state of a run holds a protected channel: the layer opens one for each steward event and lets it go', () => {
    const env = { hooks: governedHooks() };
    const h = new History(initialState(program, program.runIndex('the steward trips the veto'), {}, env), env);
    h.continue();
    const seen = new Set<unknown>();
    const holds = (v: unknown): boolean => {
      if (typeof v !== 'object' || v === null || seen.has(v)) return false;
      seen.add(v);
      if (ProtectedChannel.isGenuine(v)) return true;
      return Object.values(v).some(holds);
    };
    for (let i = 0; i < h.length; i++) assert.equal(holds(h.at(i)!.governance), false);
  });
});

describe('time travel', () => {
  test('stepping back restores the governance state: the fuse, the consent machine, the chapel visits, the clock', () => {
    const env = { hooks: governedHooks() };
    const h = new History(initialState(program, program.runIndex('the steward trips the veto'), {}, env), env);
    h.continue();
    const g = (s: MachineState): GovernedState => governedStateOf(s)!;
    assert.equal(g(h.current).gov.fuse, 'tripped');
    assert.equal(g(h.current).gov.chapels[0].phase, 'aborted');
    // Back to the chapel's entry: the visit is pausing, the clock has moved, the fuse is tripped.
    h.reverseContinue((s) => g(s).gov.chapels[0]?.phase === 'pausing');
    assert.equal(h.current.clock, 3000);
    assert.equal(g(h.current).gov.consent.publication.state, 'SUSPEND');
    // Back before the veto: the fuse is ok and consent was already given.
    h.reverseContinue((s) => g(s).gov.fuse === 'ok' && g(s).gov.consent.publication.state === 'CONSENT_GIVEN');
    assert.deepEqual(trustSliceStatusOf(h.current), { veto_fuse_status: 'ok', scar_tone: 'vigilance', unresolved_scar: false });
    // Back to the start: nothing happened yet.
    h.reverseContinue();
    assert.equal(h.position, 0);
    assert.equal(g(h.current).gov.consent.publication.state, 'LISTEN');
    assert.equal(h.current.clock, 0);
    // And forward again to the same end.
    h.continue();
    assert.equal(g(h.current).gov.fuse, 'tripped');
    assert.ok(Object.isFrozen(g(h.current)) && Object.isFrozen(g(h.current).gov));
  });
});
