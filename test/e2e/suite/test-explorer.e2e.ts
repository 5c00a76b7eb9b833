// The CodeLens and the Test Explorer in a real VS Code: Run and Debug above each run block of runs.amp, the Run lens
// runs the run to its end without debugging, and the Test Explorer lists the workspace's runs with their expectations,
// runs them through VS Code's own "Run All Tests", and reports pass and fail with the failing expectation's line.

import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { DebugWatcher, open, positionOf, waitForViews, workspaceFile, type SnapItem } from './helpers';

const RUNS = 'runs.amp';

describe('the CodeLens and the Test Explorer', () => {
  let watcher: DebugWatcher;
  before(() => {
    watcher = new DebugWatcher();
  });
  after(() => watcher.dispose());

  it('puts Run and Debug above every run block', async () => {
    const uri = workspaceFile(RUNS);
    const doc = await open(uri, true);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    const ours = lenses.filter((l) => l.command?.command.startsWith('amp.'));
    assert.deepEqual(
      ours.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments?.[1]]),
      [
        [positionOf(doc, 'run "smallest').line, '$(play) Run', 'amp.runRun', 'smallest of 7, 3 and 5'],
        [positionOf(doc, 'run "smallest').line, '$(debug-alt) Debug', 'amp.debugRun', 'smallest of 7, 3 and 5'],
        [positionOf(doc, 'run "a wrong').line, '$(play) Run', 'amp.runRun', 'a wrong expectation'],
        [positionOf(doc, 'run "a wrong').line, '$(debug-alt) Debug', 'amp.debugRun', 'a wrong expectation'],
      ],
    );
  });

  it('runs a run to its end without debugging from the Run lens', async () => {
    const uri = workspaceFile(RUNS);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    const run = lenses.find((l) => l.command?.command === 'amp.runRun' && l.command.arguments?.[1] === 'a wrong expectation')!;
    const started = new Promise<vscode.DebugSession>((resolve) => {
      const sub = vscode.debug.onDidStartDebugSession((s) => {
        sub.dispose();
        resolve(s);
      });
    });
    const stops = watcher.stops.length;
    assert.equal(await vscode.commands.executeCommand(run.command!.command, ...run.command!.arguments!), true);
    const session = await started;
    assert.equal(session.configuration.noDebug, true);
    assert.equal(session.configuration.run, 'a wrong expectation');
    assert.equal(await watcher.end(session), 1, 'the adapter reports the failed expectation with exit code 1');
    assert.equal(watcher.stops.length, stops, 'a run without debugging never stops');
  });

  it('lists every run block of the workspace with its expectations', async () => {
    const s = await waitForViews((x) => x.tests?.discovered === true && x.tests.items.some((i) => i.label === RUNS), 'the Test Explorer to list runs.amp');
    const items = s.tests!.items;
    const runs = items.find((i) => i.label === RUNS)!;
    assert.deepEqual(
      runs.children?.map((r: SnapItem) => [r.label, r.line, r.children?.map((e) => e.label)]),
      [
        ['smallest of 7, 3 and 5', 20, ['expect reply "3"']],
        ['a wrong expectation', 25, ['expect reply "7"']],
      ],
    );
    const sample = items.find((i) => i.label === 'samples/list-minimum.amp');
    assert.deepEqual(sample?.children?.map((r) => r.label), ['the smallest of 7, 3 and 5', 'the smallest of 4 and 9, written with sub-messages', 'the empty list has no smallest element']);
    assert.ok(!items.some((i) => i.label === 'samples/self-modification.amp'), 'a file without run blocks is not listed');
  });

  it('runs them all from VS Code’s Run All Tests and reports pass and fail with the failing expectation’s line', async function () {
    this.timeout(120_000);
    const before = (await waitForViews((x) => x.tests !== undefined, 'the test controller')).tests!.testRuns;
    await vscode.commands.executeCommand('testing.runAll');
    const s = await waitForViews((x) => (x.tests?.testRuns ?? 0) > before && x.tests!.running === 0, 'the test run to finish', 90_000);
    const byId = new Map(s.tests!.results.map((r) => [`${r.file}: ${r.label}`, r]));
    const get = (key: string) => {
      const r = byId.get(key);
      assert.ok(r, `${key} has a result; results: ${[...byId.keys()].join(', ')}`);
      return r;
    };
    assert.equal(get(`${RUNS}: smallest of 7, 3 and 5`).state, 'passed');
    assert.equal(get(`${RUNS}: expect reply "3"`).state, 'passed');
    const wrong = get(`${RUNS}: a wrong expectation`);
    assert.equal(wrong.state, 'failed');
    assert.deepEqual(wrong.messages, [{ message: 'Expectation failed: expect reply "7", the reply is "3"', line: 27 }]);
    assert.equal(get(`${RUNS}: expect reply "7"`).state, 'failed');
    for (const run of ['the smallest of 7, 3 and 5', 'the smallest of 4 and 9, written with sub-messages', 'the empty list has no smallest element']) {
      assert.equal(get(`samples/list-minimum.amp: ${run}`).state, 'passed', run);
    }
    // A spec with errors cannot run: its runs are errored at the first error.
    const mistakes = [...byId.values()].filter((r) => r.file === 'mistakes.amp' && r.kind === 'run');
    assert.ok(mistakes.length > 0 && mistakes.every((r) => r.state === 'errored' && r.messages[0].message.startsWith('AMP-')), JSON.stringify(mistakes));
  });

  it('debugs the run at the cursor with the Debug profile and reports the adapter’s verdict', async function () {
    this.timeout(60_000);
    const uri = workspaceFile(RUNS);
    const doc = await open(uri, true);
    const editor = await vscode.window.showTextDocument(doc);
    const at = positionOf(doc, 'expect reply "7"');
    editor.selection = new vscode.Selection(at, at);
    const before = (await waitForViews((x) => x.tests !== undefined, 'the test controller')).tests!.testRuns;
    const ended = new Promise<vscode.DebugSession>((resolve) => {
      const sub = vscode.debug.onDidTerminateDebugSession((s) => {
        sub.dispose();
        resolve(s);
      });
    });
    const stops = watcher.stops.length;
    // The command resolves when the test run ends, which needs the session to go on: it is not awaited here.
    const debugging = vscode.commands.executeCommand('testing.debugAtCursor');
    // The debugger's "Expectation failed" filter is on by default: the session stops before the failing expect.
    const stop = await watcher.stopAfter(stops, 'the stop at the failing expectation');
    assert.equal(stop.body.reason, 'exception');
    // Straight to the adapter: the workbench's Continue acts on the focused thread, which a test run's session may not own.
    const active = vscode.debug.activeDebugSession;
    assert.ok(active && active.type === 'amp');
    await active.customRequest('continue', { threadId: stop.body.threadId ?? 1 });
    const session = await ended;
    await debugging;
    assert.equal(session.configuration.run, 'a wrong expectation');
    assert.equal(session.configuration.noDebug, undefined, 'a debug session, breakpoints honoured');
    const s = await waitForViews((x) => (x.tests?.testRuns ?? 0) > before && x.tests!.running === 0, 'the debug test run to finish');
    const result = s.tests!.results.find((r) => r.file === RUNS && r.label === 'a wrong expectation');
    assert.equal(result?.state, 'failed');
    assert.deepEqual(result?.messages.map((m) => m.message), ['The run failed in the debugger: its outcome is in the Debug Console.']);
  });
});
