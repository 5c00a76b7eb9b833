// The Test Explorer feature: every .amp file of the workspace with `run` blocks is a test item, each run a child (its
// `expect` statements below it). The Run profile executes runs with the core runtime in the extension host
// (test-runs.ts) and reports pass/fail with the failing expectation's place; the Debug profile starts the debugger on
// the run and reports its exit code. Items follow the files: a watcher on **/*.amp and edits of open documents.

import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { diskManifestReader } from '../../io/manifest-reader';
import { LineIndex } from '../../core/text';
import type { FeatureHandle } from '../feature';
import { AMP_DEBUG_TYPE, TEST_CONTROLLER_ID } from './ids';
import { runConfig } from './launch';
import { ampLog } from './log';
import { findRunBlocks, type RunBlock } from './run-blocks';
import { snapshots } from './snapshot';
import { expectItemId, expectVerdict, outputLines, problemsVerdict, runItemId, runVerdict, type MessageModel, type Verdict } from './test-results';
import { runSpec, type RunOutcome, type SpecFiles } from './test-runs';

const GLOB = '**/*.amp';
const EXCLUDE = '**/node_modules/**';
/** Runs that last longer than this get a progress notification (shorter ones only the Test Explorer's own). */
const NOTIFY_AFTER_MS = 800;

type ItemData = { readonly kind: 'file'; readonly uri: vscode.Uri } | { readonly kind: 'run'; readonly uri: vscode.Uri; readonly name: string } | { readonly kind: 'expect'; readonly uri: vscode.Uri; readonly name: string; readonly index: number };

/** One result as the snapshot shows it. */
interface ResultSnapshot {
  readonly id: string;
  readonly label: string;
  readonly file: string;
  readonly kind: 'run' | 'expect';
  readonly state: Verdict['state'];
  readonly messages: readonly { readonly message: string; readonly line?: number; readonly file?: string }[];
}

/** Files change while the extension runs, so nothing is cached; an unreadable file counts as absent here. */
const DISK: SpecFiles = diskManifestReader({ cache: false });

export function activateTestController(context: vscode.ExtensionContext): FeatureHandle | void {
  const log = ampLog(context);
  const ctrl = vscode.tests.createTestController(TEST_CONTROLLER_ID, 'AMP runs');
  context.subscriptions.push(ctrl);
  const data = new WeakMap<vscode.TestItem, ItemData>();
  const results = new Map<string, ResultSnapshot>();
  let running = 0;
  let testRuns = 0;
  let finishedRuns = 0;
  let discovered = false;

  /** Updates (or removes) a file's items from its text. */
  const updateFile = (uri: vscode.Uri, text: string | undefined) => {
    const id = uri.toString();
    const blocks = text === undefined ? [] : findRunBlocks(text).filter((b) => b.name !== '');
    if (blocks.length === 0) {
      if (ctrl.items.get(id)) {
        ctrl.items.delete(id);
        snapshots.bump();
      }
      return;
    }
    const lines = new LineIndex(text!);
    const range = (start: number, end: number) => {
      const a = lines.positionAt(start);
      const b = lines.positionAt(end);
      return new vscode.Range(a.line, a.character, b.line, b.character);
    };
    let file = ctrl.items.get(id);
    if (!file) {
      file = ctrl.createTestItem(id, vscode.workspace.asRelativePath(uri), uri);
      data.set(file, { kind: 'file', uri });
      ctrl.items.add(file);
    }
    const seen = new Set<string>();
    const runs: vscode.TestItem[] = [];
    for (const b of blocks) {
      const runId = runItemId(id, b.name);
      if (seen.has(runId)) continue; // a duplicate run name (AMP-N004): the first one is the run
      seen.add(runId);
      const item = file.children.get(runId) ?? ctrl.createTestItem(runId, b.name, uri);
      item.range = range(b.start, b.end);
      item.description = b.expects.length ? `${b.expects.length} expect${b.expects.length === 1 ? '' : 's'}` : 'no expect';
      data.set(item, { kind: 'run', uri, name: b.name });
      item.children.replace(
        b.expects.map((e, i) => {
          const child = item.children.get(expectItemId(runId, i)) ?? ctrl.createTestItem(expectItemId(runId, i), e.label, uri);
          child.label = e.label;
          child.range = range(e.start, e.end);
          data.set(child, { kind: 'expect', uri, name: b.name, index: i });
          return child;
        }),
      );
      runs.push(item);
    }
    file.children.replace(runs);
    snapshots.bump();
  };

  const textOf = (uri: vscode.Uri): string | undefined => {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return open ? open.getText() : DISK.readText(uri.fsPath);
  };

  const discoverAll = async () => {
    const files = await vscode.workspace.findFiles(GLOB, EXCLUDE);
    const keep = new Set(files.map((f) => f.toString()));
    const gone: string[] = [];
    ctrl.items.forEach((item) => void (keep.has(item.id) || gone.push(item.id)));
    for (const id of gone) ctrl.items.delete(id);
    for (const f of files) {
      if (f.scheme !== 'file') continue;
      updateFile(f, textOf(f));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    discovered = true;
    snapshots.bump();
    log.info(`Test Explorer: ${ctrl.items.size} .amp file${ctrl.items.size === 1 ? '' : 's'} with runs`);
  };

  ctrl.resolveHandler = async (item) => {
    if (!item) await discoverAll();
  };
  ctrl.refreshHandler = () => discoverAll();

  // Edits of open documents update the items as you type (debounced); saved and created files come from the watcher.
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const soon = (doc: vscode.TextDocument) => {
    if (doc.languageId !== 'amp' || doc.uri.scheme !== 'file') return;
    const key = doc.uri.toString();
    clearTimeout(pending.get(key));
    pending.set(key, setTimeout(() => {
      pending.delete(key);
      updateFile(doc.uri, doc.getText());
    }, 300));
  };
  const watcher = vscode.workspace.createFileSystemWatcher(GLOB);
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate((uri) => updateFile(uri, textOf(uri))),
    watcher.onDidChange((uri) => updateFile(uri, textOf(uri))),
    watcher.onDidDelete((uri) => {
      ctrl.items.delete(uri.toString());
      snapshots.bump();
    }),
    vscode.workspace.onDidChangeTextDocument((e) => soon(e.document)),
    vscode.workspace.onDidOpenTextDocument((doc) => soon(doc)),
    { dispose: () => pending.forEach((t) => clearTimeout(t)) },
  );

  /** The run items a request covers, grouped by file (a file item means all its runs; an expect item its run). */
  const requested = (request: vscode.TestRunRequest): Map<string, { uri: vscode.Uri; runs: Map<string, vscode.TestItem> }> => {
    const out = new Map<string, { uri: vscode.Uri; runs: Map<string, vscode.TestItem> }>();
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    const add = (item: vscode.TestItem) => {
      if (excluded.has(item.id)) return;
      const d = data.get(item);
      if (!d) return;
      if (d.kind === 'file') {
        item.children.forEach(add);
        return;
      }
      const run = d.kind === 'run' ? item : item.parent;
      if (!run || excluded.has(run.id)) return;
      let group = out.get(d.uri.toString());
      if (!group) out.set(d.uri.toString(), (group = { uri: d.uri, runs: new Map() }));
      group.runs.set(d.name, run);
    };
    if (request.include) request.include.forEach(add);
    else ctrl.items.forEach(add);
    return out;
  };

  const record = (item: vscode.TestItem, kind: 'run' | 'expect', verdict: Verdict, lines?: LineIndex) => {
    const messages =
      verdict.state === 'failed' || verdict.state === 'errored'
        ? verdict.messages.map((m) => ({ message: m.message, ...(m.start !== undefined && lines ? { line: lines.positionAt(m.start).line } : {}), ...(m.path ? { file: vscode.workspace.asRelativePath(m.path) } : {}) }))
        : verdict.state === 'skipped'
          ? [{ message: verdict.reason }]
          : [];
    results.set(item.id, { id: item.id, label: item.label, file: vscode.workspace.asRelativePath(item.uri ?? ''), kind, state: verdict.state, messages });
  };

  const testMessage = (uri: vscode.Uri, lines: LineIndex, m: MessageModel): vscode.TestMessage => {
    const msg = m.expected !== undefined && m.actual !== undefined ? vscode.TestMessage.diff(m.message, m.expected, m.actual) : new vscode.TestMessage(m.message);
    if (m.start !== undefined) {
      const target = m.path && m.path !== uri.fsPath ? vscode.Uri.file(m.path) : uri;
      const a = lines.positionAt(m.start);
      const b = lines.positionAt(m.end ?? m.start);
      msg.location = new vscode.Location(target, new vscode.Range(a.line, a.character, b.line, b.character));
    }
    return msg;
  };

  const report = (run: vscode.TestRun, item: vscode.TestItem, verdict: Verdict, uri: vscode.Uri, lines: LineIndex) => {
    switch (verdict.state) {
      case 'passed':
        run.passed(item, verdict.durationMs);
        break;
      case 'failed':
        run.failed(item, verdict.messages.map((m) => testMessage(uri, lines, m)), verdict.durationMs);
        break;
      case 'errored':
        run.errored(item, verdict.messages.map((m) => testMessage(uri, lines, m)), verdict.durationMs);
        break;
      case 'skipped':
        run.skipped(item);
        break;
    }
  };

  /** Shows a progress notification only once a run has lasted a while; the returned function ends it. */
  const notifyIfLong = (total: number, token: vscode.CancellationToken, cancel: () => void) => {
    let done: (() => void) | undefined;
    let progress: vscode.Progress<{ message?: string; increment?: number }> | undefined;
    let finished = false;
    let lastMessage = '';
    const timer = setTimeout(() => {
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `AMP: running ${total} run${total === 1 ? '' : 's'}`, cancellable: true }, (p, t) => {
        progress = p;
        p.report({ message: lastMessage });
        t.onCancellationRequested(cancel);
        return new Promise<void>((resolve) => {
          done = resolve;
          if (finished) resolve();
        });
      });
    }, NOTIFY_AFTER_MS);
    token.onCancellationRequested(cancel);
    return {
      step(message: string) {
        lastMessage = message;
        progress?.report({ message, increment: 100 / Math.max(1, total) });
      },
      end() {
        finished = true;
        clearTimeout(timer);
        done?.();
      },
    };
  };

  const runHandler = async (request: vscode.TestRunRequest, token: vscode.CancellationToken) => {
    const groups = requested(request);
    const run = ctrl.createTestRun(request, undefined, true);
    running++;
    testRuns++;
    snapshots.bump();
    let cancelled = false;
    const total = [...groups.values()].reduce((n, g) => n + g.runs.size, 0);
    const progress = notifyIfLong(total, token, () => void (cancelled = true));
    let count = 0;
    try {
      for (const g of groups.values()) for (const item of g.runs.values()) {
        run.enqueued(item);
        item.children.forEach((c) => run.enqueued(c));
      }
      for (const { uri, runs } of groups.values()) {
        if (cancelled || token.isCancellationRequested) break;
        const text = textOf(uri);
        const lines = new LineIndex(text ?? '');
        const blocks = new Map<string, RunBlock>((text ? findRunBlocks(text) : []).map((b) => [b.name, b]));
        const shown = vscode.workspace.asRelativePath(uri);
        const outcome = await runSpec(uri.fsPath, DISK, {
          text,
          runs: [...runs.keys()],
          isCancelled: () => cancelled || token.isCancellationRequested,
          yieldNow: () => new Promise<void>((resolve) => setImmediate(resolve)),
          now: () => performance.now(),
          onRunStart: (name) => {
            const item = runs.get(name);
            if (item) {
              run.started(item);
              item.children.forEach((c) => run.started(c));
            }
            progress.step(`${shown}: run "${name}" (${++count} of ${total})`);
          },
          onRunEnd: (o: RunOutcome) => {
            const item = runs.get(o.name);
            if (!item) return;
            const block = blocks.get(o.name);
            run.appendOutput(outputLines(o, shown, (offset) => lines.positionAt(offset).line), undefined, item);
            const verdict = runVerdict(o, block);
            report(run, item, verdict, uri, lines);
            record(item, 'run', verdict, lines);
            item.children.forEach((child) => {
              const d = data.get(child);
              const e = d?.kind === 'expect' && block ? block.expects[d.index] : undefined;
              const v: Verdict = e ? expectVerdict(o, e) : { state: 'skipped', reason: 'the expectation changed since the run started' };
              report(run, child, v, uri, lines);
              record(child, 'expect', v, lines);
            });
            finishedRuns++;
            snapshots.bump();
          },
        });
        if (outcome.kind === 'problems') {
          const verdict = problemsVerdict(outcome.problems);
          run.appendOutput(`${shown}: cannot run\r\n${outcome.problems.map((p) => `  ${p.message}`).join('\r\n')}\r\n`);
          for (const item of runs.values()) {
            report(run, item, verdict, uri, lines);
            record(item, 'run', verdict, lines);
            item.children.forEach((child) => run.skipped(child));
          }
          log.warn(`${shown} cannot run: ${outcome.problems.map((p) => p.message).join('; ')}`);
        } else {
          const passed = outcome.runs.filter((r) => r.kind === 'ran' && r.report.passed).length;
          log.info(`${shown}: ${outcome.runs.length} run${outcome.runs.length === 1 ? '' : 's'}, ${passed} passed`);
        }
      }
    } catch (e) {
      log.error(`the test run failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    } finally {
      progress.end();
      run.end();
      running--;
      snapshots.bump();
    }
  };

  // The Debug profile: one debug session per run, in turn; the adapter's exit code says whether the run passed.
  const exitCodes = new Map<string, number>();
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterTrackerFactory(AMP_DEBUG_TYPE, {
      createDebugAdapterTracker(session) {
        return {
          onDidSendMessage(m: { type?: string; event?: string; body?: { exitCode?: number } }) {
            if (m.type === 'event' && m.event === 'exited' && typeof m.body?.exitCode === 'number') exitCodes.set(session.id, m.body.exitCode);
          },
        };
      },
    }),
  );
  let origins = 0;
  const debugHandler = async (request: vscode.TestRunRequest, token: vscode.CancellationToken) => {
    const groups = requested(request);
    const run = ctrl.createTestRun(request, undefined, true);
    running++;
    testRuns++;
    snapshots.bump();
    try {
      for (const { uri, runs } of groups.values()) {
        for (const [name, item] of runs) {
          if (token.isCancellationRequested) break;
          const origin = `test-${++origins}`;
          run.started(item);
          const started = performance.now();
          let session: vscode.DebugSession | undefined;
          const ended = new Promise<vscode.DebugSession>((resolve) => {
            const subs = [
              vscode.debug.onDidStartDebugSession((s) => {
                if (s.configuration.__ampOrigin === origin) session = s;
              }),
              vscode.debug.onDidTerminateDebugSession((s) => {
                if (s.configuration.__ampOrigin !== origin) return;
                subs.forEach((d) => d.dispose());
                resolve(s);
              }),
            ];
          });
          const stop = token.onCancellationRequested(() => session && void vscode.debug.stopDebugging(session));
          const ok = await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(uri), runConfig(uri.fsPath, name, 'debug', { stopOnEntry: false, origin }), { testRun: run });
          if (!ok) {
            run.errored(item, new vscode.TestMessage('The debug session did not start (see the Debug Console).'));
            stop.dispose();
            continue;
          }
          const s = await ended;
          stop.dispose();
          const code = exitCodes.get(s.id);
          exitCodes.delete(s.id);
          const ms = performance.now() - started;
          const verdict: Verdict =
            code === 0
              ? { state: 'passed', durationMs: ms }
              : code === 1
                ? { state: 'failed', messages: [{ message: 'The run failed in the debugger: its outcome is in the Debug Console.' }], durationMs: ms }
                : { state: 'errored', messages: [{ message: code === undefined ? 'The debug session ended before the run did.' : 'The debugger failed (exit code 2): see the Debug Console.' }], durationMs: ms };
          report(run, item, verdict, uri, new LineIndex(''));
          record(item, 'run', verdict);
          snapshots.bump();
        }
      }
    } finally {
      run.end();
      running--;
      snapshots.bump();
    }
  };

  ctrl.createRunProfile('Run', vscode.TestRunProfileKind.Run, runHandler, true);
  ctrl.createRunProfile('Debug', vscode.TestRunProfileKind.Debug, debugHandler, true);

  const itemSnapshot = (item: vscode.TestItem): unknown => {
    const children: unknown[] = [];
    item.children.forEach((c) => void children.push(itemSnapshot(c)));
    return { id: item.id, label: item.label, ...(item.range ? { line: item.range.start.line } : {}), ...(children.length ? { children } : {}) };
  };
  context.subscriptions.push({
    dispose: snapshots.register('tests', () => {
      const items: unknown[] = [];
      ctrl.items.forEach((i) => void items.push(itemSnapshot(i)));
      return { discovered, running, testRuns, finishedRuns, items, results: [...results.values()] };
    }),
  });

  // Items are cheap (the parser alone), so the workspace is read at once: the Test Explorer is full when opened.
  void discoverAll().catch((e) => log.error(`Test Explorer: discovery failed: ${e instanceof Error ? e.message : String(e)}`));
}
