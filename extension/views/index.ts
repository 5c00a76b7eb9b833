// The run views feature: the AMP activity-bar container's tree views (Message Tree, Budgets, Stability, Atlas of
// Scars, Conscience) and the run timeline, following the active AMP debug session. VS Code's debug events feed the
// follower (follower.ts); every change rebuilds the views from pure modules and bumps the snapshot the end-to-end
// tests read. docs/views.md is the user guide.

import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { FeatureHandle } from '../feature';
import { budgetsView } from './budgets';
import { conscienceView } from './conscience';
import { RunFollower } from './follower';
import { AMP_DEBUG_TYPE, DEBUG_VIEWS, VIEW_COMMANDS, VIEW_CONTEXT, VIEWS, type ViewKey } from './ids';
import { programPath, runConfig } from './launch';
import { ampLog } from './log';
import { messageTree } from './message-tree';
import type { RangeJson } from './protocol';
import type { RunModel } from './run-store';
import { scarsView } from './scars';
import { snapshots, type SnapshotRequest } from './snapshot';
import { stabilityView } from './stability';
import { TimelinePanel } from './timeline-panel';
import { NodeTreeProvider } from './tree-provider';
import { snapshotNodes, type ViewContent, type ViewNode } from './tree-node';

const BUILDERS: Readonly<Record<ViewKey, (run: RunModel | undefined) => ViewContent>> = {
  messageTree,
  budgets: budgetsView,
  stability: stabilityView,
  scars: scarsView,
  conscience: conscienceView,
};

/** How many stop-to-views figures the snapshot keeps. */
const FIGURES_KEPT = 500;

export function activateRunViews(context: vscode.ExtensionContext): FeatureHandle | void {
  const log = ampLog(context);
  const follower = new RunFollower({ debugType: AMP_DEBUG_TYPE, log: (line) => log.info(line), now: () => performance.now() });
  const programUri = (): vscode.Uri | undefined => {
    const s = follower.session;
    const path = s && programPath(s.configuration);
    return path ? vscode.Uri.file(path) : undefined;
  };
  const expand = (ref: string) => follower.expand(ref);

  // Stop-to-views figures: from an amp/runState event arriving to the views' content rebuilt (this extension's own
  // work), and to VS Code asking a visible view for its new roots (which includes VS Code's tree refresh debounce).
  const stopToContent: number[] = [];
  const stopToViews: number[] = [];
  let pendingSince: number | undefined;
  const served = () => {
    if (pendingSince === undefined) return;
    stopToViews.push(performance.now() - pendingSince);
    if (stopToViews.length > FIGURES_KEPT) stopToViews.shift();
    pendingSince = undefined;
    snapshots.bump();
  };

  // Each view appears twice, in the AMP container and in Run and Debug (during AMP sessions), from one provider.
  const views = (Object.keys(VIEWS) as ViewKey[]).map((key) => {
    const provider = new NodeTreeProvider(() => BUILDERS[key](follower.run), expand, programUri);
    provider.onRootsServed = served;
    const shown = [VIEWS[key], DEBUG_VIEWS[key]].map((id) => vscode.window.createTreeView(id, { treeDataProvider: provider, showCollapseAll: key !== 'stability' }));
    context.subscriptions.push(provider, ...shown);
    for (const view of shown) {
      context.subscriptions.push(
        // A view opened while a session runs, before any state reached the views, asks the adapter for it.
        view.onDidChangeVisibility((e) => {
          if (e.visible && follower.needsFetch) void follower.refresh();
        }),
      );
    }
    return { key, provider, shown };
  });

  const timeline = new TimelinePanel(context.extensionUri, follower, log, () => snapshots.bump());
  context.subscriptions.push(timeline);

  const update = () => {
    const run = follower.run;
    pendingSince = run ? follower.lastEventAt : undefined;
    for (const v of views) {
      const message = v.provider.refresh().message;
      for (const view of v.shown) view.message = message;
    }
    void vscode.commands.executeCommand('setContext', VIEW_CONTEXT.hasRun, run !== undefined);
    void vscode.commands.executeCommand('setContext', VIEW_CONTEXT.hasStability, run?.state.stability !== undefined);
    void vscode.commands.executeCommand('setContext', VIEW_CONTEXT.hasGovernance, run?.state.governance !== undefined);
    void vscode.commands.executeCommand('setContext', VIEW_CONTEXT.hasConscience, run?.state.conscience !== undefined);
    timeline.update();
    if (pendingSince !== undefined) {
      stopToContent.push(performance.now() - pendingSince);
      if (stopToContent.length > FIGURES_KEPT) stopToContent.shift();
    }
    snapshots.bump();
  };
  const unsubscribe = follower.onDidChange(update);
  context.subscriptions.push({ dispose: unsubscribe });

  context.subscriptions.push(
    vscode.debug.onDidStartDebugSession((s) => {
      follower.started(s);
      if (s.type === AMP_DEBUG_TYPE) log.info(`debug session "${s.name}" started (${programPath(s.configuration) ?? 'no program'})`);
    }),
    vscode.debug.onDidTerminateDebugSession((s) => {
      if (s.type === AMP_DEBUG_TYPE) log.info(`debug session "${s.name}" ended`);
      follower.terminated(s);
    }),
    vscode.debug.onDidChangeActiveDebugSession((s) => follower.activeChanged(s)),
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => void follower.received(e.session, e.event, e.body)),
  );
  // A session already running when the views start (the extension activated mid-run) is fetched.
  const active = vscode.debug.activeDebugSession;
  if (active) void follower.adopt(active);

  context.subscriptions.push(
    vscode.commands.registerCommand(VIEW_COMMANDS.showTimeline, () => {
      timeline.show();
      timeline.update();
    }),
    vscode.commands.registerCommand(VIEW_COMMANDS.goToStep, (arg?: unknown) => goToStep(follower, arg)),
    vscode.commands.registerCommand(VIEW_COMMANDS.refresh, () => follower.refresh()),
    vscode.commands.registerCommand(VIEW_COMMANDS.debugActiveFile, () => debugActiveFile()),
    vscode.commands.registerCommand(VIEW_COMMANDS.reveal, (uri: vscode.Uri, range: RangeJson) => reveal(uri, range)),
    vscode.commands.registerCommand(VIEW_COMMANDS.snapshot, (request?: SnapshotRequest) => snapshots.wait(request ?? {})),
  );

  context.subscriptions.push(
    { dispose: snapshots.register('views', () => {
      const run = follower.run;
      const out: Record<string, unknown> = {};
      for (const v of views) {
        const c = v.provider.current;
        out[v.key] = { message: c.message ?? null, visible: v.shown.map((view) => view.visible), nodes: snapshotNodes(c.nodes) };
      }
      return {
        session: follower.session ? { id: follower.session.id, name: follower.session.name } : null,
        run: run ? { threadId: run.threadId, run: run.run, step: run.step, reason: run.state.reason ?? null, status: run.state.status, activations: run.activations.size, events: run.events.length } : null,
        followerRevision: follower.revision,
        views: out,
        figures: { stopToContentMs: [...stopToContent], stopToViewsMs: [...stopToViews] },
      };
    }) },
    { dispose: snapshots.register('timeline', () => timeline.snapshot()) },
  );
  update();
}

/** Moves the debugger to a step: a number, a node of a view (its step), or one typed in. */
async function goToStep(follower: RunFollower, arg?: unknown): Promise<void> {
  let step: number | undefined;
  if (typeof arg === 'number') step = arg;
  else if (arg && typeof arg === 'object' && typeof (arg as ViewNode).step === 'number') step = (arg as ViewNode).step;
  const run = follower.run;
  if (!follower.session) {
    void vscode.window.showInformationMessage('AMP: no run is being debugged, so there is no step to go to.');
    return;
  }
  if (step === undefined) {
    const input = await vscode.window.showInputBox({
      title: 'AMP: Go to Step',
      prompt: run ? `A step of run "${run.run}": it is at step ${run.step}; recorded steps are instant, later ones run forward to it` : 'A step of the run',
      value: run ? String(run.step) : '0',
      validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : 'A step is a whole number from 0'),
    });
    if (input === undefined) return;
    step = Number(input.trim());
  }
  try {
    await follower.goToStep(step);
  } catch (e) {
    void vscode.window.showErrorMessage(`AMP: cannot go to step ${step}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Starts debugging the active .amp file, or one picked from the workspace. */
async function debugActiveFile(): Promise<void> {
  const doc = vscode.window.activeTextEditor?.document;
  let uri = doc && doc.languageId === 'amp' && doc.uri.scheme === 'file' ? doc.uri : undefined;
  if (!uri) {
    const files = await vscode.workspace.findFiles('**/*.amp', '**/node_modules/**', 500);
    if (files.length === 0) {
      void vscode.window.showInformationMessage('AMP: there is no .amp file in the workspace to debug.');
      return;
    }
    const picked = await vscode.window.showQuickPick(
      files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })).sort((a, b) => a.label.localeCompare(b.label)),
      { title: 'AMP: Debug a spec', placeHolder: 'Which .amp file?' },
    );
    if (!picked) return;
    uri = picked.uri;
  }
  await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(uri), runConfig(uri.fsPath, undefined, 'debug'));
}

/** Shows a range of the debugged program: the editor scrolls to it and selects its first line. */
async function reveal(uri: vscode.Uri, range: RangeJson): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const start = new vscode.Position(range.start.line, range.start.character);
  const lineEnd = doc.lineAt(Math.min(range.start.line, doc.lineCount - 1)).range.end;
  const end = range.end.line === range.start.line ? new vscode.Position(range.end.line, range.end.character) : lineEnd;
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(start, end), preserveFocus: true, preview: true });
}
