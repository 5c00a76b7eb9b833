// `amp run` through the built CLI: exit codes, text and JSON output, failing expectations, specs with errors (printed
// as `amp check` prints them), bad flags, unreadable files, traces, the human on standard input, and transcripts.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readTrace, reportFromTrace } from '../../core/runtime/trace';
import type { JsonRunOutput } from '../../cli/run-command';
import { CLI, ensureBuilt, makeFixture, removeFixture, ROOT, runCli, type CliRun } from './helpers';

const SUM = `message pair = "the pair (2) and (3)"

agent Summer {
  on "sum [p]" {
    view p as "the pair [a] and [b]" else {
      reply "not a pair"
    }
    let total = ask Add "what is [a] plus [b]?"
    reply "the sum is [total]"
  }
}

run "sum" {
  ask Summer "sum [pair]" budget 20
  expect reply "the sum is (5)"
}

run "wrong sum" {
  ask Summer "sum [pair]" budget 20
  expect reply "the sum is (6)"
}
`;

let dir: string;
before(() => {
  ensureBuilt();
  dir = makeFixture({
    'sum.amp': SUM,
    'passing.amp': SUM.replace(/run "wrong sum"[\s\S]*$/, ''),
    'broken.amp': 'agent A {\n  on "x [y]" {\n    reply "[z]"\n  }\n}\nrun "r" {\n  ask A "x (1)" budget 3\n}\n',
    'cycle.amp': 'message a = "x [b]"\nmessage b = "y [a]"\nagent E {\n  on "e [m]" {\n    reply "[m]"\n  }\n}\nrun "r" {\n  ask E "e [a]" budget 3\n}\n',
    'library.amp': 'message m = "nothing runs here"\n',
    'human.amp': 'message two = "2"\nmessage three = "3"\n\nrun "by hand" {\n  ask human "what is [two] plus [three]?" budget 10\n  expect reply "5"\n}\n',
    'human.jsonl': '{"agent": "human", "commands": ["view #1", "ask Add \\"what is #1 plus #2?\\"", "reply #4"]}\n',
    'bad.jsonl': '{"agent": "human", "reply": "5"}\n{"agent": "human"}\n',
    'specs/oracle.amp': 'agent Oracle replays "transcripts/oracle.jsonl"\n\nrun "ask the oracle" {\n  ask Oracle "what is your name?" budget 3\n  expect reply "Ada"\n}\n',
    'specs/transcripts/oracle.jsonl': '{"turn": 0, "reply": "Ada"}\n',
    'specs/lost.amp': 'agent Lost replays "nowhere.jsonl"\n\nrun "r" {\n  ask Lost "hello?" budget 3\n}\n',
  });
});
after(() => removeFixture(dir));

/** Runs the CLI with text on standard input. */
function runWithInput(args: readonly string[], input: string): CliRun {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, env, encoding: 'utf8', input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Asserts a usage-style failure: exit 2, nothing on stdout, one line on stderr that matches, and no stack trace. */
function assertFails(args: string[], message: RegExp): void {
  const r = runCli(args, dir);
  assert.equal(r.status, 2, `${r.stdout}${r.stderr}`);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], message);
  assert.doesNotMatch(r.stderr, /\n\s+at |Error:/);
}

describe('exit codes and text output', () => {
  test('0 when every expectation holds: the reply, the budget, the ledger and each expectation are printed', () => {
    const r = runCli(['run', 'passing.amp'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(
      r.stdout,
      [
        'run "sum" (passing.amp:13:1, cost model seed)',
        '  ask Summer "sum (the pair (2) and (3))" budget 20',
        '    reply: the sum is (5)',
        '    budget: 20 allotted, 2 spent, 18 returned',
        '  ledger:',
        '    agent   activations  allotted     spent  returned',
        '    Summer            1        20         2        18',
        '    Add               1        18         0        18',
        '  expect reply "the sum is (5)": passed (passing.amp:15:3)',
        '  passed in 6 steps',
        '',
        '1 run: 1 passed',
        '',
      ].join('\n'),
    );
  });

  test('1 when an expectation fails, with what was expected and what came', () => {
    const r = runCli(['run', 'sum.amp'], dir);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /expect reply "the sum is \(6\)": FAILED \(sum\.amp:20:3\)\n {4}expected: the sum is \(6\)\n {4}actual: {3}the sum is \(5\)\n/);
    assert.match(r.stdout, /\n2 runs: 1 passed, 1 failed\n$/);
  });

  test('--run picks runs by name', () => {
    const r = runCli(['run', 'sum.amp', '--run', 'sum'], dir);
    assert.equal(r.status, 0);
    assert.doesNotMatch(r.stdout, /wrong sum/);
  });

  test('--cost-model alba changes the accounting', () => {
    const r = runCli(['run', 'passing.amp', '--cost-model=alba'], dir);
    assert.equal(r.status, 0);
    // view 1, send 1, Add gets min(18, 19/10) = 1 and pays 1 to reply, Summer pays 1 to reply.
    assert.match(r.stdout, /budget: 20 allotted, 4 spent, 16 returned/);
    assert.match(r.stdout, /cost model alba/);
  });

  test('2 and the checker\'s report, exactly as `amp check` prints it, for a spec with errors', () => {
    const run = runCli(['run', 'broken.amp'], dir);
    const check = runCli(['check', 'broken.amp'], dir);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, check.stdout);
    assert.match(run.stdout, /broken\.amp:3:13: error AMP-N001: Undefined pointer \[z\]/);
    const runJson = runCli(['run', 'broken.amp', '--format', 'json'], dir);
    assert.equal(runJson.status, 2);
    assert.equal(runJson.stdout, runCli(['check', 'broken.amp', '--format', 'json'], dir).stdout);
  });

  test('2 and a located error for a spec that checks but cannot run (a cycle of messages)', () => {
    const r = runCli(['run', 'cycle.amp'], dir);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, "cycle.amp:1:9: error: Message 'a' points back to itself through other messages; messages are immutable, so they cannot form a cycle\n");
  });

  test('0 and a note for a file with no runs', () => {
    const r = runCli(['run', 'library.amp'], dir);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, 'library.amp has no run blocks: nothing to run\n');
  });

  test('the samples: the good ones run and meet their expectations', () => {
    for (const sample of ['list-minimum.amp', 'sort.amp', 'meta-execution.amp', 'governed-by-manifest.amp']) {
      const r = runCli(['run', join('samples', sample)], ROOT);
      assert.equal(r.status, 0, `${sample}: ${r.stdout}${r.stderr}`);
    }
  });
});

describe('bad usage', () => {
  test('missing FILE', () => assertFails(['run'], /^amp run: missing FILE/));
  test('two files', () => assertFails(['run', 'sum.amp', 'passing.amp'], /^amp run: one FILE at a time/));
  test('unknown option', () => assertFails(['run', 'sum.amp', '--fast'], /^amp run: unknown option '--fast'; try 'amp run --help'$/));
  test('unknown cost model', () => assertFails(['run', 'sum.amp', '--cost-model', 'cheap'], /^amp run: unknown cost model 'cheap' \(expected seed, alba\)$/));
  test('sarif is not a run format', () => assertFails(['run', 'sum.amp', '-f', 'sarif'], /^amp run: unknown format 'sarif' \(expected text, json\)$/));
  test('an option without its value', () => assertFails(['run', 'sum.amp', '--run'], /^amp run: option '--run' needs a value$/));
  test('a flag given a value', () => assertFails(['run', 'sum.amp', '--meta=yes'], /^amp run: option '--meta' takes no value$/));
  test('an unknown run', () => assertFails(['run', 'sum.amp', '--run', 'product'], /^amp run: sum\.amp has no run named "product" \(its runs: "sum", "wrong sum"\)$/));
  test('an unreadable file', () => assertFails(['run', 'missing.amp'], /^amp: cannot read 'missing\.amp': no such file or directory$/));
  test('a folder instead of a file', () => assertFails(['run', 'specs'], /^amp: cannot read 'specs': is a directory$/));
  test('a trace that cannot be written', () => assertFails(['run', 'passing.amp', '--trace', 'no/such/dir/t.jsonl'], /^amp run: cannot write the trace 'no\/such\/dir\/t\.jsonl': no such directory$/));
  test('a transcript that does not exist', () => assertFails(['run', 'human.amp', '--replay', 'gone.jsonl'], /^amp: cannot read 'gone\.jsonl': no such file or directory$/));
  test('a malformed transcript, located', () => assertFails(['run', 'human.amp', '--replay', 'bad.jsonl'], /^amp run: bad\.jsonl:2: give exactly one of "reply" and "commands"$/));
  test("a replay agent's transcript that does not exist", () => assertFails(['run', 'specs/lost.amp'], /^amp: cannot read 'specs\/nowhere\.jsonl': no such file or directory$/));
  test('--help', () => {
    const r = runCli(['run', '--help'], dir);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage: amp run \[options\] FILE/);
    assert.match(r.stdout, /--cost-model MODEL/);
  });
});

describe('JSON output', () => {
  test('the shape: file, cost model, each run with its asks, expectations (with ranges) and ledger, and a summary', () => {
    const r = runCli(['run', 'sum.amp', '--format', 'json'], dir);
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout) as JsonRunOutput;
    assert.equal(out.file, 'sum.amp');
    assert.equal(out.costModel, 'seed');
    assert.deepEqual(out.summary, { runs: 2, passed: 1, failed: 1 });
    const [ok, wrong] = out.runs;
    assert.equal(ok.name, 'sum');
    assert.equal(ok.passed, true);
    assert.deepEqual(
      { ...ok.asks[0], range: undefined },
      { agent: 'Summer', question: 'sum (the pair (2) and (3))', budget: 20, reply: 'the sum is (5)', error: false, spent: 2, returned: 18, range: undefined },
    );
    assert.deepEqual(ok.ledger, [
      { agent: 'Summer', activations: 1, allotted: 20, spent: 2, returned: 18 },
      { agent: 'Add', activations: 1, allotted: 18, spent: 0, returned: 18 },
    ]);
    assert.deepEqual(wrong.expects, [
      { kind: 'reply', passed: false, expected: 'the sum is (6)', actual: 'the sum is (5)', range: { start: { line: 19, character: 2 }, end: { line: 19, character: 31 } } },
    ]);
  });
});

describe('traces', () => {
  test('--trace writes a JSONL trace that reads back to the same report', () => {
    const r = runCli(['run', 'sum.amp', '--trace', 'sum.trace.jsonl', '--format', 'json'], dir);
    assert.equal(r.status, 1);
    const read = readTrace(readFileSync(join(dir, 'sum.trace.jsonl'), 'utf8'));
    assert.ok('trace' in read);
    assert.deepEqual(read.trace.header, { file: 'sum.amp', costModel: 'seed', meta: false, runs: ['sum', 'wrong sum'] });
    const out = JSON.parse(r.stdout) as JsonRunOutput;
    read.trace.runs.forEach((run, i) => {
      const report = reportFromTrace(read.trace.header, run);
      assert.equal(report.passed, out.runs[i].passed);
      assert.deepEqual(report.ledger, out.runs[i].ledger);
      assert.equal(report.steps, out.runs[i].steps);
    });
  });
});

describe('the human and transcripts', () => {
  test('the human answers on standard input, in ALBA or AMP syntax; prompts go to standard error', () => {
    const r = runWithInput(['run', 'human.amp'], 'view #1\nask Add "what is #1 plus #2?"\nreply #4\n');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /reply: 5\n/);
    assert.match(r.stderr, /\[human, activation 1, budget 10\]\nwhat is #1 plus #2\?\n> /);
    assert.match(r.stderr, /@3 replied #4: 5\n> /);
  });

  test('the end of standard input is an error reply, not a hang', () => {
    const r = runWithInput(['run', 'human.amp'], '');
    assert.equal(r.status, 1);
    assert.match(r.stdout, /error reply: error: human gave no answer: the input ended/);
  });

  test('--replay answers the human from a transcript, without reading standard input', () => {
    const r = runWithInput(['run', 'human.amp', '--replay', 'human.jsonl'], 'reply 999\n');
    assert.equal(r.status, 0, r.stdout);
    assert.equal(r.stderr, '');
  });

  test("a replay agent's transcript is found relative to the spec's folder", () => {
    const r = runCli(['run', 'specs/oracle.amp'], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /reply: Ada/);
  });

  test('--meta runs the root question as Meta(HCH(A, n))', () => {
    const r = runCli(['run', join('test', 'fixtures', 'runtime', 'meta.amp'), '--meta', '--run', 'echo hi'], ROOT);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /meta mode/);
    assert.match(r.stdout, /meta output: "hi"\n/);
    assert.match(r.stdout, /ask Meta\(HCH\)/);
  });
});
