// The debugger and the run views in a real VS Code: a session on runs.amp stops at a breakpoint; the Message Tree,
// Budgets, Stability, Atlas of Scars and Conscience views show what that stop holds; stepping in and back updates them;
// the timeline webview draws the run and a step chosen moves the debugger there; when the session ends the views
// clear. Every wait is on an event (the adapter's messages through a tracker, the views' snapshot revisions).

import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { DebugWatcher, debugToBreakpoint, outline, recordFigures, say, waitForViews, workspaceFile, type ViewsSnapshot } from './helpers';

const RUN = 'smallest of 7, 3 and 5';
const BREAK_AT = 'let smaller = ask Compare';

describe('debugging with the run views', () => {
  let watcher: DebugWatcher;
  let session: vscode.DebugSession | undefined;
  let breakpoint: vscode.SourceBreakpoint | undefined;

  before(() => {
    watcher = new DebugWatcher();
  });

  after(async () => {
    if (breakpoint) vscode.debug.removeBreakpoints([breakpoint]);
    if (session && vscode.debug.activeDebugSession?.id === session.id) {
      await vscode.debug.stopDebugging(session);
      await watcher.end(session).catch(() => undefined);
    }
    watcher.dispose();
  });

  it('shows how to start a run while no session is being debugged', async () => {
    const s = await waitForViews((x) => x.views !== undefined, 'the views to register');
    assert.equal(s.views?.run, null);
    for (const [name, view] of Object.entries(s.views!.views)) assert.deepEqual(view.nodes, [], `${name} is empty, so its welcome shows`);
  });

  it('launches a session that stops at a breakpoint, and each view shows what the stop holds', async () => {
    const started = await debugToBreakpoint(watcher, workspaceFile('runs.amp'), RUN, BREAK_AT, 'run views: breakpoint');
    session = started.session;
    breakpoint = started.breakpoint;
    const s = started.views;
    const v = s.views!;
    assert.equal(v.run?.run, RUN);
    assert.equal(v.run?.step, 10);
    const tree = v.views.messageTree;
    assert.equal(tree.message, null);
    assert.deepEqual(outline(tree.nodes, 0, (n) => !n.label.startsWith('[')), [
      `run "${RUN}" — step 10 · breakpoint`,
      '  Min: what is the smallest element of [1]? — waiting for Min',
      '    Min: what is the smallest element of [1]? — asking · budget 92 of 97',
      '      Min: what is the smallest element of [1]? — replied "5"',
      '        reply: 5',
    ]);
    const first = tree.nodes[0].children![0];
    assert.equal(first.icon, 'watch');
    assert.match(first.reveal ?? '', /^7:2-/, 'selecting an activation reveals its handler (line 8)');
    assert.deepEqual(outline(v.views.budgets.nodes, 0), [
      'Run budget — root 100 = returned 0 + held 92 + spent 8 ✓',
      '  root — 100',
      '  returned — 0',
      '  held — 92',
      '  spent — 8',
      'Min — allotted 291 · spent 8 · remaining 92 · returned 92',
      '  activations — 3',
      '  allotted — 291',
      '  spent — 8',
      '  handed on — 99',
      '  remaining — 92',
      '  returned — 92',
      '  by activation — 3 activations',
      '    Min #1 — allotted 100 · spent 3 · holds 0 · out 97',
      '    Min #2 — allotted 97 · spent 3 · holds 92 · out 2',
      '    Min #3 — allotted 94 · used 2 · returned 92',
    ]);
    // The workspace's compiler_ethics.json governs runs.amp: the Atlas of Scars shows the governance state, without
    // scars; the run has no self-modification and makes no decisions, and those views say so.
    assert.equal(v.views.scars.message, 'No scars by step 10.');
    assert.deepEqual(outline(v.views.scars.nodes, 0, (n) => n.label === 'Scar log' || n.label === 'Governance' || n.label === 'veto fuse'), [
      'Scar log — not written by this run',
      'Governance — veto ok · E_ext 0/0.75',
      '  veto fuse — ok',
    ]);
    assert.match(v.views.stability.message ?? '', /^This run has no self-modification state/);
    assert.match(v.views.conscience.message ?? '', /^This run has made no conscience decisions/);
    for (const name of ['stability', 'conscience']) assert.deepEqual(v.views[name].nodes, []);
  });

  it('steps in and back, and the views follow each stop', async () => {
    assert.ok(session, 'the session of the previous test');
    // VS Code brings Run and Debug forward at every stop; the AMP views are there too during AMP sessions.
    await vscode.commands.executeCommand('amp.debug.budgets.focus');
    await vscode.commands.executeCommand('amp.debug.messageTree.focus');
    let seen = watcher.stops.length;
    await vscode.commands.executeCommand('workbench.action.debug.stepInto');
    await watcher.stopAfter(seen, 'the step in');
    let s = await waitForViews((x) => x.views?.run?.step === 11, 'the views at step 11');
    assert.deepEqual(outline(s.views!.views.messageTree.nodes, 0, (n) => n.label.startsWith('Min') || n.label.startsWith('Compare') || n.label.startsWith('run')), [
      `run "${RUN}" — step 11 · step`,
      '  Min: what is the smallest element of [1]? — waiting for Min',
      '    Min: what is the smallest element of [1]? — asking · budget 91 of 97',
      '      Min: what is the smallest element of [1]? — replied "5"',
      '      Compare: which is smaller, [1] or [2]? — replied "3"',
    ]);
    seen = watcher.stops.length;
    await vscode.commands.executeCommand('workbench.action.debug.stepBack');
    await watcher.stopAfter(seen, 'the step back');
    s = await waitForViews((x) => x.views?.run?.step === 10, 'the views back at step 10');
    assert.ok(!JSON.stringify(s.views!.views.messageTree.nodes).includes('Compare'), 'Compare had not been asked at step 10');
    assert.equal(s.views!.views.budgets.nodes[0].description, 'root 100 = returned 0 + held 92 + spent 8 ✓');
    const figures = s.views!.figures.stopToViewsMs;
    assert.ok(figures.length > 0, 'the views were asked for their new content after the stops');
  });

  it('draws the run timeline, and a step chosen there moves the debugger', async () => {
    assert.ok(session, 'the session of the first test');
    await vscode.commands.executeCommand('amp.views.showTimeline');
    let s: ViewsSnapshot = await waitForViews((x) => x.timeline?.rendered?.currentStep === 10, 'the timeline to draw step 10');
    const t = s.timeline!;
    assert.deepEqual(t.rendered?.panels, ['budget'], 'no C_L4 panel for a run without self-modification');
    assert.equal(t.rendered?.budgetPath, true);
    assert.ok((t.layout?.lastStep ?? 0) >= 11, 'the steps recorded after the current one are on the chart');
    const seen = watcher.stops.length;
    // The page's clicks post { type: 'goToStep' } to the panel, which calls the same command.
    await vscode.commands.executeCommand('amp.views.goToStep', 4);
    const stop = await watcher.stopAfter(seen, 'the go to step 4');
    assert.equal(stop.body.reason, 'goto');
    s = await waitForViews((x) => x.views?.run?.step === 4 && x.timeline?.rendered?.currentStep === 4, 'the views and the timeline at step 4');
    assert.equal(s.views!.run?.reason, 'goto');
    assert.deepEqual(outline(s.views!.views.messageTree.nodes, 0, (n) => n.label.startsWith('Min') || n.label.startsWith('run')), [
      `run "${RUN}" — step 4 · goto`,
      '  Min: what is the smallest element of [1]? — waiting for Min',
      '    Min: what is the smallest element of [1]? — asking · budget 97 of 97',
    ]);
  });

  it('refreshes the views after each of 50 stops (figures printed and saved, not asserted)', async function () {
    this.timeout(120_000);
    assert.ok(session, 'the session of the first test');
    const start = (await waitForViews((x) => x.views !== undefined, 'the views')).views!.figures;
    for (let i = 0; i < 50; i++) {
      const seen = watcher.stops.length;
      const count = (await waitForViews(() => true, 'the views')).views!.figures.stopToViewsMs.length;
      await vscode.commands.executeCommand(i % 2 === 0 ? 'workbench.action.debug.stepInto' : 'workbench.action.debug.stepBack');
      await watcher.stopAfter(seen, `stop ${i + 1} of 50`);
      await waitForViews((x) => x.views!.figures.stopToViewsMs.length !== count, `the views refreshed after stop ${i + 1}`);
    }
    const end = (await waitForViews(() => true, 'the views')).views!.figures;
    // The figures of these 50 stops (the views keep the last 500).
    const tail = (all: number[], before: number[]) => all.slice(before.length).sort((a, b) => a - b);
    const views = tail(end.stopToViewsMs, start.stopToViewsMs);
    const content = tail(end.stopToContentMs, start.stopToContentMs);
    assert.ok(views.length >= 50 && content.length >= 50, `${views.length} and ${content.length} figures`);
    const q = (xs: number[], p: number) => Number(xs[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)].toFixed(1));
    const lines = [
      { name: 'views: stop to content rebuilt p95', value: q(content, 0.95), unit: 'ms' },
      { name: 'views: stop to views refreshed p50', value: q(views, 0.5), unit: 'ms' },
      { name: 'views: stop to views refreshed p95', value: q(views, 0.95), unit: 'ms' },
    ];
    for (const l of lines) say(JSON.stringify(l));
    recordFigures({ stops: views.length, stopToContentMs: { p50: q(content, 0.5), p95: q(content, 0.95) }, stopToViewsMs: { p50: q(views, 0.5), p95: q(views, 0.95), max: views.at(-1) } });
  });

  it('ends the session, and the views clear', async () => {
    assert.ok(session, 'the session of the first test');
    if (breakpoint) vscode.debug.removeBreakpoints([breakpoint]);
    breakpoint = undefined;
    await vscode.commands.executeCommand('workbench.action.debug.continue');
    const code = await watcher.end(session);
    assert.equal(code, 0, 'every expectation of the run held');
    const s = await waitForViews((x) => x.views?.run === null, 'the views to clear');
    for (const [name, view] of Object.entries(s.views!.views)) assert.deepEqual(view.nodes, [], `${name} is empty again`);
    await waitForViews((x) => x.timeline?.rendered?.panels.length === 0, 'the timeline to clear');
    session = undefined;
  });
});
