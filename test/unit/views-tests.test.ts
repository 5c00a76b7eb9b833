// The CodeLens and the Test Explorer without VS Code: run blocks and their expectations found with the parser (on the
// samples and on broken text), specs run as `amp run` runs them (manifests, transcripts, the human, cancellation,
// slices), results mapped to pass/fail/error with the failing expectation's place, and the launch configurations the
// lenses start.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkDocument } from '../../core/check/index';
import { executeRun, governedHooks, prepare } from '../../core/runtime/index';
import { runRun } from '../../cli/run-command';
import { LineIndex } from '../../core/text';
import { programPath, runConfig } from '../../extension/views/launch';
import { findRunBlocks, runLenses } from '../../extension/views/run-blocks';
import { SnapshotHub } from '../../extension/views/snapshot';
import { expectationMessage, expectItemId, expectVerdict, outputLines, problemsVerdict, runItemId, runVerdict } from '../../extension/views/test-results';
import { runSpec, type RunOutcome, type SpecFiles } from '../../extension/views/test-runs';
import { ROOT, SAMPLES } from './views-support';

const MIN_TEXT = readFileSync(join(SAMPLES, 'list-minimum.amp'), 'utf8');

/** Files in memory, by absolute path. */
function memory(files: Record<string, string>): SpecFiles {
  return { readText: (p) => files[p], exists: (p) => p in files || Object.keys(files).some((f) => f.startsWith(`${p}/`)) };
}

const lineOf = (text: string, offset: number) => new LineIndex(text).positionAt(offset).line;

/** The disk, as the test controller reads it. */
const DISK: SpecFiles = {
  readText: (p) => (existsSync(p) && statSync(p).isFile() ? readFileSync(p, 'utf8') : undefined),
  exists: (p) => existsSync(p),
};

describe('run blocks', () => {
  it('are every run of every sample, with the names the checker gives and their expectations', () => {
    for (const file of readdirSync(SAMPLES).filter((f) => f.endsWith('.amp'))) {
      const text = readFileSync(join(SAMPLES, file), 'utf8');
      const blocks = findRunBlocks(text);
      const model = checkDocument({ path: file, text }).model;
      assert.deepEqual(blocks.map((b) => b.name), model.runs.map((r) => r.name), file);
      assert.deepEqual(blocks.map((b) => [b.start, b.end]), model.runs.map((r) => [r.node.start, r.node.end]), file);
      for (const b of blocks) {
        assert.equal(text.slice(b.nameStart, b.nameEnd), `"${b.name}"`);
        for (const e of b.expects) assert.ok(e.start >= b.start && e.end <= b.end && text.slice(e.start, e.end).startsWith('expect'), `${file}: ${e.label}`);
      }
    }
  });

  it('have their expectations as written, and lenses to run and debug each named run', () => {
    const blocks = findRunBlocks(MIN_TEXT);
    assert.deepEqual(blocks.map((b) => [b.name, b.index, lineOf(MIN_TEXT, b.nameStart) + 1, b.expects.map((e) => e.label)]), [
      ['the smallest of 7, 3 and 5', 0, 42, ['expect reply "3"']],
      ['the smallest of 4 and 9, written with sub-messages', 1, 47, ['expect reply "4"']],
      ['the empty list has no smallest element', 2, 52, ['expect reply "there is no smallest element of the empty list"']],
    ]);
    const lenses = runLenses(blocks);
    assert.deepEqual(lenses.slice(0, 2).map((l) => [l.title, l.command, l.run, l.offset]), [
      ['$(play) Run', 'run', 'the smallest of 7, 3 and 5', blocks[0].nameStart],
      ['$(debug-alt) Debug', 'debug', 'the smallest of 7, 3 and 5', blocks[0].nameStart],
    ]);
    assert.equal(lenses.length, 6);
  });

  it('are found in broken text without throwing, unnamed runs getting no lens', () => {
    // The first run lacks its closing brace; the second lacks its name.
    const text = 'run "half" {\n  ask Min "x" budget 3\n  expect reply "3"\nrun {\n}\nrun "last" { expect error }\n';
    const blocks = findRunBlocks(text);
    assert.deepEqual(blocks.map((b) => [b.name, b.expects.map((e) => e.label)]), [['half', ['expect reply "3"']], ['', []], ['last', ['expect error']]]);
    assert.deepEqual(runLenses(blocks).map((l) => l.run), ['half', 'half', 'last', 'last']);
    assert.deepEqual(findRunBlocks(''), []);
    assert.deepEqual(findRunBlocks('"\u0000{{{ run'), []);
  });
});

describe('running specs for the Test Explorer', () => {
  const PATH = '/ws/min.amp';

  it('reports each run as the runtime reports it, a run at a time, and only the runs asked for', async () => {
    const starts: string[] = [];
    const ends: string[] = [];
    const outcome = await runSpec(PATH, memory({ [PATH]: MIN_TEXT }), { onRunStart: (n) => starts.push(n), onRunEnd: (o) => ends.push(o.name) });
    assert.equal(outcome.kind, 'ran');
    const p = prepare({ path: PATH, text: MIN_TEXT });
    assert.ok(p.ok);
    assert.deepEqual(
      outcome.runs.map((r) => r.kind === 'ran' && r.report),
      p.program.runs.map((_, i) => executeRun(p.program, i, { env: { hooks: governedHooks() } }).report),
    );
    assert.deepEqual(starts, ends);
    assert.equal(starts.length, 3);
    const one = await runSpec(PATH, memory({ [PATH]: MIN_TEXT }), { runs: ['the empty list has no smallest element'] });
    assert.ok(one.kind === 'ran');
    assert.deepEqual(one.runs.map((r) => r.name), ['the empty list has no smallest element']);
  });

  it('passes and fails every run of the samples exactly as amp run does (governance and conscience included)', async () => {
    for (const file of readdirSync(SAMPLES).filter((f) => f.endsWith('.amp'))) {
      const cli = runRun(
        { file: join(SAMPLES, file), runs: [], costModel: 'seed', format: 'json', meta: false, color: false },
        { cwd: ROOT, color: false, version: '0', readLine: () => null, writeErr: () => undefined },
      );
      const expected = (JSON.parse(cli.output) as { runs?: { name: string; passed: boolean }[] }).runs ?? [];
      const outcome = await runSpec(join(SAMPLES, file), DISK);
      assert.ok(outcome.kind === 'ran', file);
      assert.deepEqual(outcome.runs.map((r) => r.kind === 'ran' && { name: r.name, passed: r.report.passed }), expected.map((r) => ({ name: r.name, passed: r.passed })), file);
    }
  });

  it('gives the same report in small slices as in one go, yielding between them', async () => {
    const text = readFileSync(join(SAMPLES, 'sort.amp'), 'utf8');
    let yields = 0;
    const sliced = await runSpec('/ws/sort.amp', memory({}), { text, sliceSteps: 3, yieldNow: async () => void yields++ });
    const whole = await runSpec('/ws/sort.amp', memory({}), { text });
    assert.ok(sliced.kind === 'ran' && whole.kind === 'ran');
    assert.deepEqual(sliced.runs.map((r) => r.kind === 'ran' && r.report), whole.runs.map((r) => r.kind === 'ran' && r.report));
    assert.ok(yields > 10);
  });

  it('stops at a cancel, between slices and between runs', async () => {
    let slices = 0;
    const outcome = await runSpec(PATH, memory({ [PATH]: MIN_TEXT }), { sliceSteps: 2, yieldNow: async () => void slices++, isCancelled: () => slices >= 2 });
    assert.ok(outcome.kind === 'ran');
    assert.deepEqual(outcome.runs.map((r) => r.kind), ['cancelled', 'cancelled', 'cancelled']);
    assert.deepEqual(runVerdict(outcome.runs[0]), { state: 'skipped', reason: 'cancelled' });
  });

  it('reports a failing expectation at its place, with expected and actual', async () => {
    const text = `${MIN_TEXT}\nrun "wrong on purpose" {\n  ask Min "what is the smallest element of [xs]?" budget 100\n  expect reply "7"\n}\n`;
    const outcome = await runSpec(PATH, memory({}), { text, runs: ['wrong on purpose'] });
    assert.ok(outcome.kind === 'ran');
    const o = outcome.runs[0];
    const block = findRunBlocks(text).find((b) => b.name === 'wrong on purpose')!;
    const verdict = runVerdict(o, block);
    assert.equal(verdict.state, 'failed');
    assert.ok(verdict.state === 'failed');
    assert.deepEqual(verdict.messages.map((m) => [m.message, m.expected, m.actual, lineOf(text, m.start!)]), [['Expectation failed: expect reply "7", the reply is "3"', '7', '3', lineOf(text, block.expects[0].start)]]);
    assert.deepEqual(expectVerdict(o, block.expects[0]), { state: 'failed', messages: [{ message: 'Expectation failed: expect reply "7", the reply is "3"', expected: '7', actual: '3', start: block.expects[0].start, end: block.expects[0].end }] });
    const out = outputLines(o, 'min.amp', (off) => lineOf(text, off));
    assert.match(out, /^run "wrong on purpose" \(min\.amp:\d+, cost model seed\)\r\n  ask Min "what is the smallest element of \(the list/);
    assert.match(out, /expect reply "7": FAILED \(line \d+\)\r\n  failed in \d+ steps \(\d+ ms\)\r\n$/);
  });

  it('passes the runs and expectations that hold, and skips expectations a changed block no longer has', async () => {
    const outcome = await runSpec(PATH, memory({ [PATH]: MIN_TEXT }));
    assert.ok(outcome.kind === 'ran');
    const blocks = findRunBlocks(MIN_TEXT);
    assert.deepEqual(outcome.runs.map((o, i) => [runVerdict(o, blocks[i]).state, expectVerdict(o, blocks[i].expects[0]).state]), [['passed', 'passed'], ['passed', 'passed'], ['passed', 'passed']]);
    assert.deepEqual(expectVerdict(outcome.runs[0], { label: 'expect reply "9"', start: 1, end: 2 }), { state: 'skipped', reason: 'not reached' });
  });

  it('reports a spec with errors as problems at their places, and runs nothing', async () => {
    const text = 'agent A {\n  on "hi" {\n    reply "[nope]"\n  }\n}\nrun "r" {\n  ask A "hi" budget 3\n}\n';
    const outcome = await runSpec(PATH, memory({}), { text });
    assert.ok(outcome.kind === 'problems');
    assert.deepEqual(outcome.problems.map((p) => [p.message, p.at && lineOf(text, p.at.start)]), [['AMP-N001: Undefined pointer [nope]', 2]]);
    const v = problemsVerdict(outcome.problems);
    assert.ok(v.state === 'errored');
    assert.equal(v.messages[0].path, PATH);
  });

  it('checks a header-less spec under the manifest that governs it, as amp run does', async () => {
    // The end-to-end workspace's governed.amp: its manifest's cap makes AMP-G006 an error; ungoverned it only warns.
    const text = readFileSync(join(ROOT, 'test/e2e/workspace/governed.amp'), 'utf8');
    const manifest = readFileSync(join(ROOT, 'test/e2e/workspace/compiler_ethics.json'), 'utf8');
    const governed = await runSpec('/ws/governed.amp', memory({ '/ws/governed.amp': text, '/ws/compiler_ethics.json': manifest, '/ws/package.json': '{}' }));
    assert.ok(governed.kind === 'problems');
    assert.deepEqual(governed.problems.map((p) => p.message.split(':')[0]), ['AMP-G006']);
    const alone = await runSpec('/ws/governed.amp', memory({ '/ws/governed.amp': text, '/ws/package.json': '{}' }));
    assert.equal(alone.kind, 'ran');
  });

  it('reads replay agents’ transcripts beside the spec, and reports a missing one at the agent', async () => {
    const text = 'agent Alice replays "alice.jsonl"\nrun "ask alice" {\n  ask Alice "hello?" budget 5\n  expect reply "hi"\n}\n';
    const transcript = '{"question":"hello?","reply":"hi"}\n';
    const ok = await runSpec('/ws/a/spec.amp', memory({ '/ws/a/spec.amp': text, '/ws/a/alice.jsonl': transcript }));
    assert.ok(ok.kind === 'ran', JSON.stringify(ok));
    assert.equal(runVerdict(ok.runs[0]).state, 'passed');
    const missing = await runSpec('/ws/a/spec.amp', memory({ '/ws/a/spec.amp': text }));
    assert.ok(missing.kind === 'problems');
    assert.deepEqual(missing.problems.map((p) => [p.message, p.at && lineOf(text, p.at.start)]), [['the transcript of Alice ("alice.jsonl") cannot be read (/ws/a/alice.jsonl)', 0]]);
  });

  it('explains a run that asks the human, who cannot answer in a test run', async () => {
    const text = 'agent Ask {\n  on "go" {\n    let a = ask human "which?" budget 3\n    reply "[a]"\n  }\n}\nrun "needs a person" {\n  ask Ask "go" budget 10\n  expect reply "yes"\n}\n';
    const outcome = await runSpec(PATH, memory({}), { text });
    assert.ok(outcome.kind === 'ran');
    const o = outcome.runs[0] as Extract<RunOutcome, { kind: 'ran' }>;
    assert.equal(o.askedHuman, true);
    const v = runVerdict(o);
    assert.ok(v.state === 'failed');
    assert.match(v.messages.at(-1)!.message, /^This run asks human, and a test run has nobody to answer/);
  });

  it('reports a run that does not finish as errored', () => {
    const report = { run: 'r', costModel: 'seed' as const, meta: false, status: 'fault' as const, steps: 9, asks: [], expects: [], ledger: [], fault: 'the run took 8 steps, its bound; it was stopped', passed: false };
    const v = runVerdict({ kind: 'ran', name: 'r', index: 0, report, askedHuman: false, durationMs: 1 });
    assert.deepEqual(v, { state: 'errored', messages: [{ message: 'The run did not finish: the run took 8 steps, its bound; it was stopped' }], durationMs: 1 });
    assert.equal(expectationMessage({ kind: 'error', passed: false, reason: 'the reply is not an error' }), 'Expectation failed: expect error, the reply is not an error');
  });

  it('names test items by file, run and expectation', () => {
    const run = runItemId('file:///ws/min.amp', 'the smallest');
    assert.equal(run, 'file:///ws/min.amp#run:the smallest');
    assert.equal(expectItemId(run, 2), 'file:///ws/min.amp#run:the smallest#expect:2');
  });
});

describe('launch configurations', () => {
  it('run one run to its end, or debug it from its first step', () => {
    assert.deepEqual(runConfig('/ws/min.amp', 'smallest', 'run'), { type: 'amp', request: 'launch', name: 'Run "smallest"', program: '/ws/min.amp', run: 'smallest', stopOnEntry: false });
    assert.deepEqual(runConfig('/ws/min.amp', undefined, 'debug'), { type: 'amp', request: 'launch', name: 'Debug min.amp', program: '/ws/min.amp', stopOnEntry: true });
    assert.equal(runConfig('/ws/min.amp', 'x', 'debug', { stopOnEntry: false, origin: 'test-1' }).__ampOrigin, 'test-1');
  });

  it('find the program of a session, relative to its cwd', () => {
    assert.equal(programPath({ program: '/ws/a.amp' }), '/ws/a.amp');
    assert.equal(programPath({ program: 'samples/a.amp', cwd: '/ws/' }), '/ws/samples/a.amp');
    assert.equal(programPath({ program: './a.amp', cwd: '/ws' }), '/ws/a.amp');
    assert.equal(programPath({ program: 'C:\\ws\\a.amp' }), 'C:\\ws\\a.amp');
    assert.equal(programPath({ program: 'a.amp' }), undefined, 'relative without a cwd');
    assert.equal(programPath({ program: '${file}' }), undefined);
    assert.equal(programPath({}), undefined);
  });
});

describe('the snapshot hub', () => {
  it('answers at once, or at the next change, or at the timeout', async () => {
    const hub = new SnapshotHub();
    let value = 1;
    const remove = hub.register('part', () => ({ value }));
    hub.register('broken', () => {
      throw new Error('nope');
    });
    assert.deepEqual(await hub.wait(), { revision: 0, part: { value: 1 }, broken: { error: 'nope' } });
    const next = hub.wait({ after: 0 });
    value = 2;
    hub.bump();
    assert.deepEqual((await next).part, { value: 2 });
    assert.equal((await hub.wait({ after: 0 })).revision, 1, 'already past: at once');
    let fire: (() => void) | undefined;
    const timedOut = hub.wait({ after: 1, timeoutMs: 50 }, (fn) => ((fire = fn), { cancel() {} }));
    fire!();
    assert.equal((await timedOut).revision, 1);
    remove();
    assert.equal('part' in hub.take(), false);
  });
});
