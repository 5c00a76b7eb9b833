// `amp run` with the governance layer, the conscience calculator and self-modification runs, through the built CLI:
// refusals, chapels and the veto in the text and JSON reports, decisions with their ledgers, selfmod outcomes and
// traces, `--scars` appending to a hash-chained Atlas of Scars that `amp scars verify` accepts (never touching earlier
// records, refusing a tampered log, sealing a torn line), and `--manifest` writing the run's compiler_ethics.json.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { JsonRunOutput } from '../../cli/run-command';
import { readTrace } from '../../core/runtime/trace';
import { ensureBuilt, makeFixture, removeFixture, ROOT, runCli } from './helpers';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'runtime');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const REPORTER = join('samples', 'governed-reporter.amp');
const DILEMMA = join('samples', 'conscience-dilemma.amp');
const SELFMOD = join('samples', 'self-modification.amp');

let dir: string;
before(() => {
  ensureBuilt();
  dir = makeFixture({
    'governance.amp': fixture('governance.amp'),
    'mailer.jsonl': fixture('mailer.jsonl'),
    'conscience.amp': fixture('conscience.amp'),
    'self-modification.amp': readFileSync(join(ROOT, SELFMOD), 'utf8'),
    'both.amp': `${readFileSync(join(ROOT, SELFMOD), 'utf8')}\nagent A {\n  on "hi" {\n    reply "hello"\n  }\n}\n\nrun "greet" {\n  ask A "hi" budget 2\n  expect reply "hello"\n}\n`,
    'a-file': 'not a folder\n',
  });
});
after(() => removeFixture(dir));

function json(args: string[], cwd = dir): { status: number | null; out: JsonRunOutput } {
  const r = runCli([...args, '--format', 'json'], cwd);
  return { status: r.status, out: JSON.parse(r.stdout) as JsonRunOutput };
}

describe('governance in the run report', () => {
  test('text: consent refused, the chapel\'s pause on the simulated clock, the veto aborting the act, trust_slice_status', () => {
    const r = runCli(['run', REPORTER, '--no-color'], ROOT);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /\n {4}consent publication -> SUSPEND refused: publication has no transition LISTEN -> SUSPEND\n/);
    assert.match(r.stdout, /\n {4}chapel: paused 3000 ms on the simulated clock \(0 → 3000 ms\); veto fuse tripped\n {4}chapel: the veto fuse is tripped: the act is aborted\n/);
    assert.match(r.stdout, /\n {4}veto fuse: ok → tripped \(protected channel steward\)\n/);
    assert.match(r.stdout, /\n {4}scar scar-1 created \(incident_report\): the first draft named a household without its consent\n/);
    assert.match(r.stdout, /\n {4}trust_slice_status: \{"veto_fuse_status":"ok","scar_tone":"unresolved","unresolved_scar":true\}; E_ext 0\.1 used outside chapels of 0\.75 \(0\.4 in all\)\n/);
    assert.match(r.stdout, /\n5 runs: 5 passed\n$/);
  });

  test('an act past the red boundary is refused and shown; the run goes on', () => {
    const r = runCli(['run', 'governance.amp', '--run', 'by hand', '--replay', 'mailer.jsonl', '--no-color'], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /\n {4}act "email \(the minutes of the meeting\) to the list" refused: E_ext would reach 0\.9 in the trust slice, past E_ext_max_const 0\.75 \(used 0\.6\); only a chapel and the protected veto path may go further\n/);
    assert.match(r.stdout, /\n {4}scar scar-1 created \(E_ext_spike\): E_ext in the trust slice rose to 0\.6, above 0\.5\n/);
  });

  test('JSON: each run\'s governance notes with ranges, trust_slice_status and decisions with their ledgers', () => {
    const { status, out } = json(['run', 'governance.amp', '--replay', 'mailer.jsonl'], dir);
    assert.equal(status, 0);
    const veto = out.runs.find((x) => x.name === 'the steward trips the veto')!;
    assert.deepEqual(veto.trustSliceStatus, { veto_fuse_status: 'tripped', scar_tone: 'vigilance', unresolved_scar: false });
    const aborted = veto.governance!.find((g) => g.name === 'chapel-aborted')!;
    assert.deepEqual(aborted.detail, { visit: 0, reason: 'the veto fuse is tripped: the act is aborted' });
    assert.ok(aborted.range && aborted.range.start.line > 0);
    const d = json(['run', DILEMMA], ROOT).out;
    const dog = d.runs.find((x) => x.name === 'negligible breaches weigh nothing')!;
    assert.equal(dog.decisions!.length, 1);
    const [decision] = dog.decisions!;
    assert.deepEqual([decision.options, decision.chosen], [['walk an hour to look', 'stay with the hiker'], 1]);
    assert.match(decision.explanation, /^Choice "go and look, or stay": "stay with the hiker" chosen\./);
    assert.equal((decision.ledger as { decidedBy: string }).decidedBy, 'level0');
    assert.deepEqual(d.summary, { runs: 4, passed: 4, failed: 0 });
  });

  test('text: every decision explained, ledger by level and why the winner won', () => {
    const r = runCli(['run', 'conscience.amp', '--run', 'lexical order', '--no-color'], dir);
    assert.equal(r.status, 0);
    assert.match(
      r.stdout,
      /\n {2}conscience:\n {4}choose at conscience\.amp:11:5:\n {6}Choice "a thousand lies or a small risk of a grave breach": "a thousand lies" chosen\.\n {6}\* 1\. "a thousand lies": level 1: 0, level 0: 1000, level −1 \(negligible\): 0\n/,
    );
    assert.match(r.stdout, /\n {6}Why:\n {8}- "a small risk" weighs 0\.001 at level 1 against 0 for "a thousand lies"; level 1 decides first, so no level-0 weight can change that\.\n/);
    // No header, no governance declarations: nothing governed to report.
    assert.doesNotMatch(r.stdout, /governance:/);
  });
});

describe('self-modification runs', () => {
  test('text: the outcome per proposal, C_L4 and BGSS at the end', () => {
    const r = runCli(['run', SELFMOD, '--no-color'], ROOT);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^selfmod tutor_growth \(samples\/self-modification\.amp:18:1, seed 42, 120 cycles, ε 0\.02\)\n/);
    assert.match(r.stdout, /\n {2}shorter_hints \(parameter_tuning\): confirmed at cycle 20\n/);
    assert.match(r.stdout, /\n {2}warmer_greeting \(parameter_tuning\): rejected at step 4 \(STABILITY VALIDATION\): Stability degradation: C_shadow − C_baseline = \+0\.001 > 0\n/);
    assert.match(r.stdout, /\n {2}calmer_persona \(identity_adjustment\): unfinished: the run ended \(cycle 120\) at step 3\n/);
    assert.match(r.stdout, /\n {2}C_L4 0\.\d+ \(Optimal\), BGSS 0\.\d+ at cycle 120\n {2}finished in \d+ transitions\n\n1 run: 1 passed\n$/);
  });

  test('JSON: the report per proposal with the declaration\'s range; the summary counts it as a run', () => {
    const { status, out } = json(['run', 'self-modification.amp'], dir);
    assert.equal(status, 0);
    assert.deepEqual(out.runs, []);
    const [sm] = out.selfmod!;
    assert.equal(sm.name, 'tutor_growth');
    assert.deepEqual(sm.range!.start, { line: 17, character: 0 });
    assert.equal(sm.outcomes.filter((o) => o.status === 'confirmed' && o.origin === 'spec').length, 3);
    assert.equal(sm.final!.cycle, 120);
    assert.deepEqual(out.summary, { runs: 1, passed: 1, failed: 0 });
  });

  test('--run selects a selfmod declaration by name; runs and selfmod declarations share the selection', () => {
    const only = runCli(['run', 'both.amp', '--run', 'tutor_growth', '--no-color'], dir);
    assert.equal(only.status, 0, only.stderr);
    assert.match(only.stdout, /^selfmod tutor_growth/);
    assert.doesNotMatch(only.stdout, /run "greet"/);
    const all = runCli(['run', 'both.amp', '--no-color'], dir);
    assert.match(all.stdout, /^run "greet"[\s\S]*\nselfmod tutor_growth[\s\S]*\n2 runs: 2 passed\n$/);
    const unknown = runCli(['run', 'both.amp', '--run', 'nothing'], dir);
    assert.equal(unknown.status, 2);
    assert.equal(unknown.stderr.trim(), 'amp run: both.amp has no run named "nothing" (its runs: "greet"; its selfmod declarations: "tutor_growth")');
  });

  test('--trace records every transition, and the trace reads back to the same report', () => {
    const { out } = json(['run', 'both.amp', '--trace', 'both.trace.jsonl'], dir);
    const read = readTrace(readFileSync(join(dir, 'both.trace.jsonl'), 'utf8'));
    assert.ok('trace' in read, 'error' in read ? `line ${read.error.line}: ${read.error.message}` : '');
    assert.deepEqual(read.trace.header.selfmod, ['tutor_growth']);
    const [sm] = read.trace.selfmod!;
    assert.equal(sm.cycles.length, out.selfmod![0].transitions);
    const { range: _r, ...live } = out.selfmod![0];
    const { at: _a, ...traced } = sm.report;
    assert.deepEqual(traced, live);
  });
});

describe('--scars: the Atlas of Scars on disk', () => {
  test('appends scar and restorative records (after a constitution record) that `amp scars verify` accepts; a second run continues the chain', () => {
    const log = join(dir, 'atlas.jsonl');
    const first = runCli(['run', join(ROOT, REPORTER), '--scars', 'atlas.jsonl', '--no-color'], dir);
    assert.equal(first.status, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /\nscar log atlas\.jsonl: 4 records appended, 4 records in all; head [0-9a-f]{16}\n$/);
    const records = readFileSync(log, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(records.map((r) => [r.seq, r.kind, r.scar]), [
      [0, 'constitution', undefined],
      [1, 'scar', 'scar-1'],
      [2, 'restorative', 'scar-1'],
      [3, 'scar', 'scar-2'],
    ]);
    assert.deepEqual(records[0].kernel, { name: 'gamma', shape: 2, scale: 30 });
    assert.equal(records[3].trigger, 'incident_report');
    // Steps only move forward in the Atlas: each run starts where the one before ended.
    assert.ok(records[3].step > records[2].step);
    const verify = runCli(['scars', 'verify', 'atlas.jsonl'], dir);
    assert.equal(verify.status, 0, verify.stdout);
    assert.match(verify.stdout, /^atlas\.jsonl: valid, 4 records, 2 scars \(1 unresolved\); head [0-9a-f]{64}\n$/);

    const before = readFileSync(log, 'utf8');
    const second = json(['run', join(ROOT, REPORTER), '--run', 'an incident report', '--scars', 'atlas.jsonl'], dir);
    assert.equal(second.status, 0);
    assert.deepEqual({ ...second.out.scars, head: undefined }, { path: 'atlas.jsonl', appended: 1, records: 5, head: undefined });
    const after = readFileSync(log, 'utf8');
    assert.ok(after.startsWith(before), 'earlier records are never rewritten');
    assert.equal(JSON.parse(after.trimEnd().split('\n')[4]).scar, 'scar-3');
    // The run saw the earlier unresolved scar: the Atlas is durable across runs.
    assert.equal(second.out.runs[0].trustSliceStatus!.unresolved_scar, true);
    assert.match(runCli(['scars', 'verify', 'atlas.jsonl'], dir).stdout, /valid, 5 records, 3 scars \(2 unresolved\)/);
  });

  test('a run without scar events leaves the log untouched (not even created)', () => {
    const r = runCli(['run', 'conscience.amp', '--scars', 'none.jsonl', '--no-color'], dir);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /\nscar log none\.jsonl: nothing to append, 0 records in all; head 0{16}\n$/);
    assert.equal(existsSync(join(dir, 'none.jsonl')), false);
  });

  test('a torn last line is sealed by a recovery record before the next append, and verification reports it', () => {
    runCli(['run', join(ROOT, REPORTER), '--run', 'an incident report', '--scars', 'torn.jsonl'], dir);
    appendFileSync(join(dir, 'torn.jsonl'), '{"kind":"scar","sc');
    const untouched = runCli(['run', 'conscience.amp', '--scars', 'torn.jsonl', '--no-color'], dir);
    assert.match(untouched.stdout, /; line 3 is torn \(a write was cut short\): the next append seals it; head/);
    const r = runCli(['run', join(ROOT, REPORTER), '--run', 'an incident report', '--scars', 'torn.jsonl', '--no-color'], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /scar log torn\.jsonl: 2 records appended, 4 records in all; the torn line 3 was sealed with a recovery record; head/);
    const v = runCli(['scars', 'verify', 'torn.jsonl'], dir);
    assert.equal(v.status, 0, v.stdout);
    assert.match(v.stdout, /^torn\.jsonl:3: note: torn line \(18 characters\) sealed by the recovery record after it; the chain goes on\n/);
  });

  test('a tampered log is refused before anything runs, and left exactly as it was', () => {
    runCli(['run', join(ROOT, REPORTER), '--run', 'an incident report', '--scars', 'tampered.jsonl'], dir);
    const path = join(dir, 'tampered.jsonl');
    const edited = readFileSync(path, 'utf8').replace('named a household', 'named nobody');
    writeFileSync(path, edited);
    const r = runCli(['run', join(ROOT, REPORTER), '--scars', 'tampered.jsonl'], dir);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr.trim(),
      "amp run: the scar log 'tampered.jsonl' cannot be extended: record at line 2 is broken: hash does not match the record’s content (the record was edited); check it with 'amp scars verify tampered.jsonl'",
    );
    assert.equal(readFileSync(path, 'utf8'), edited);
  });
});

describe('--manifest: the run\'s /.well-known/compiler_ethics.json', () => {
  test('writes the header, trust_slice_status as the last run left it, and the zk_proof_handles every run earned; it checks clean', () => {
    const r = runCli(['run', join(ROOT, REPORTER), '--manifest', 'site', '--no-color'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\nmanifest: site\/\.well-known\/compiler_ethics\.json\n$/);
    const m = JSON.parse(readFileSync(join(dir, 'site', '.well-known', 'compiler_ethics.json'), 'utf8'));
    assert.deepEqual(m.trust_slice_status, { veto_fuse_status: 'ok', scar_tone: 'unresolved', unresolved_scar: true });
    assert.deepEqual(m.zk_proof_handles, { pause_invariants: true, hazard_caps_respected: true, consent_silence_bands_intact: true, scars_monotone: true });
    assert.deepEqual(m.answerable_to, { primary: ['local_operators', 'steward_council'], secondary: ['affected_voices_panel'], last_resort: 'civic_memory_ledger' });
    assert.equal(m.governance_stack.E_ext_max_const, 0.75);
    const check = runCli(['check', join('site', '.well-known', 'compiler_ethics.json')], dir);
    assert.equal(check.status, 0, check.stdout);
  });

  test('a spec governed by a manifest keeps that manifest\'s escalation order; JSON names the file written', () => {
    const { status, out } = json(['run', join(ROOT, 'samples', 'governed-by-manifest.amp'), '--manifest', 'm2'], dir);
    assert.equal(status, 0);
    assert.equal(out.manifest, join('m2', '.well-known', 'compiler_ethics.json'));
    const m = JSON.parse(readFileSync(join(dir, out.manifest!), 'utf8'));
    const source = JSON.parse(readFileSync(join(ROOT, 'samples', '.well-known', 'compiler_ethics.json'), 'utf8').replace(/\/\/[^\n"]*$/gm, ''));
    assert.deepEqual(m.answerable_to, source.answerable_to);
  });

  test('a folder that cannot be written is a one-line error', () => {
    const r = runCli(['run', 'governance.amp', '--replay', 'mailer.jsonl', '--manifest', 'a-file'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr.trim(), /^amp run: cannot write the manifest under 'a-file': /);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  test('a spec without an ethics header has no manifest to write: refused before anything runs', () => {
    const r = runCli(['run', 'conscience.amp', '--manifest', 'nothing'], dir);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim(), 'amp run: conscience.amp has no ethics header (in the file or a compiler_ethics.json that governs it): there is no manifest to write');
    assert.equal(existsSync(join(dir, 'nothing')), false);
  });
});

describe('bad usage of the new options', () => {
  for (const [args, message] of [
    [['run', 'conscience.amp', '--scars'], "amp run: option '--scars' needs a value"],
    [['run', 'conscience.amp', '--scars='], "amp run: option '--scars' needs a file"],
    [['run', 'conscience.amp', '--manifest='], "amp run: option '--manifest' needs a folder"],
  ] as const) {
    test(args.slice(2).join(' '), () => {
      const r = runCli([...args], dir);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trim(), message);
    });
  }

  test('--help lists them', () => {
    const r = runCli(['run', '--help'], dir);
    assert.match(r.stdout, /--scars LOG\.jsonl/);
    assert.match(r.stdout, /--manifest DIR/);
  });
});
