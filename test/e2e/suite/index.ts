// The end-to-end suite's entry point, loaded by VS Code's extension host as `extensionTestsPath`: it exports run(), as
// both @vscode/test-electron and code-server's test runner expect, and runs every *.e2e.js beside it with mocha.
//
// Besides mocha's spec output, each test's result is logged as one `[amp-e2e:result] {json}` line so the driver
// (scripts/e2e-run.mjs) can report the tests by name; the run ends with a `[amp-e2e:summary] {json}` line.
// Environment: AMP_E2E_GREP runs only the tests whose full title matches; AMP_E2E_CONTROL_DIR (set by the driver)
// lets the suite ask for screenshots.

import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { ampDiagnostics, DebugWatcher, debugToBreakpoint, open, say, screenshot, waitForDiagnostics, waitForViews, workspaceFile } from './helpers';

export const RESULT_MARKER = '[amp-e2e:result]';
export const SUMMARY_MARKER = '[amp-e2e:summary]';

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;

/** Mocha's spec reporter, plus one machine-readable line per test (and per failing hook). */
class E2eReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const started = Date.now();
    const emit = (test: Mocha.Runnable, state: 'passed' | 'failed' | 'pending', err?: Error) => {
      const result = {
        title: test.titlePath().join(' › '),
        file: test.file ? basename(test.file).replace(/\.js$/, '.ts') : undefined,
        type: (test as { type?: string }).type,
        state,
        durationMs: test.duration ?? 0,
        error: err ? { message: err.message, stack: err.stack } : undefined,
      };
      console.log(`${RESULT_MARKER} ${JSON.stringify(result)}`);
    };
    runner.on(EVENT_TEST_PASS, (test) => emit(test, 'passed'));
    runner.on(EVENT_TEST_FAIL, (test, err) => emit(test, 'failed', err));
    runner.on(EVENT_TEST_PENDING, (test) => emit(test, 'pending'));
    runner.once(EVENT_RUN_END, () => {
      const stats = runner.stats;
      console.log(
        `${SUMMARY_MARKER} ${JSON.stringify({ passes: stats?.passes ?? 0, failures: stats?.failures ?? 0, pending: stats?.pending ?? 0, durationMs: Date.now() - started })}`,
      );
    });
  }
}

export function run(): Promise<void> {
  // Stack traces of the test files (loaded below, with inline source maps) then point into the .ts sources.
  process.setSourceMapsEnabled(true);
  // Mocha's reporters print through Base.consoleLog: mark those lines as the suite's, for the driver.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => say(format(...args));
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    // Generous per test: the first test also waits for the language server's first start.
    timeout: 60_000,
    reporter: E2eReporter,
    grep: process.env.AMP_E2E_GREP || undefined,
  });

  // The first failing test leaves a picture of the workbench as it was (where the driver takes screenshots).
  let failureShot = false;
  mocha.suite.afterEach('screenshot on failure', async function () {
    if (this.currentTest?.state !== 'failed' || failureShot) return;
    failureShot = true;
    await screenshot('failure').catch((e) => say(`could not take the failure screenshot: ${e instanceof Error ? e.message : e}`));
  });

  // The pictures a person looks at: a file with mistakes, its problems in the Problems panel (problems.png); then the
  // workbench stopped at a breakpoint with the AMP views and the run timeline open (workbench.png).
  mocha.suite.afterAll('screenshots of the workbench', async function () {
    this.timeout(120_000);
    const uri = workspaceFile('mistakes.amp');
    await open(uri, true);
    await waitForDiagnostics(uri, (ds) => ds.length > 0, 'AMP diagnostics before the screenshot');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    // Back to the editor, so the cursor and squiggles show with the panel open below.
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    if (ampDiagnostics(uri).length === 0) throw new Error('the diagnostics went away before the screenshot');
    await screenshot('problems');

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const watcher = new DebugWatcher();
    const { session, breakpoint } = await debugToBreakpoint(watcher, workspaceFile('runs.amp'), 'smallest of 7, 3 and 5', 'let smaller = ask Compare', 'screenshot');
    try {
      await vscode.commands.executeCommand('amp.views.showTimeline');
      await waitForViews((s) => s.timeline?.rendered?.currentStep === s.views?.run?.step, 'the timeline at the stop');
      await vscode.commands.executeCommand('workbench.view.extension.amp');
      await vscode.commands.executeCommand('amp.messageTree.focus');
      await screenshot('workbench');
    } finally {
      vscode.debug.removeBreakpoints([breakpoint]);
      await vscode.debug.stopDebugging(session);
      await watcher.end(session).catch(() => undefined);
      watcher.dispose();
    }
  });

  for (const file of readdirSync(__dirname).filter((n) => n.endsWith('.e2e.js')).sort()) mocha.addFile(join(__dirname, file));

  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} end-to-end test${failures === 1 ? '' : 's'} failed`)) : resolve()));
    } catch (e) {
      reject(e);
    }
  });
}
