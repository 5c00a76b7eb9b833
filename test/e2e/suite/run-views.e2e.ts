// The debugger and the run views in a real VS Code: a session on runs.amp stops at a breakpoint; the Message Tree,
// Budgets, Stability, Atlas of Scars and Conscience views show what that stop holds; stepping in and back updates them;
// the timeline webview draws the run and a step chosen moves the debugger there; when the session ends the views
// clear. Every wait is on an event (the adapter's messages through a tracker, the views' snapshot revisions); the one
// timer is the deliberate pacing of the stepping-at-a-person's-pace figure, which is what that figure measures.

import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { DebugWatcher, debugToBreakpoint, outline, recordFigures, say, waitForViews, workspaceFile, type ViewsSnapshot } from './helpers';

const RUN = 'smallest of 7, 3 and 5';
const BREAK_AT = 'let smaller = ask Compare';

/** How many stops each stop-to-views figure is taken over. */
const STOPS = 50;

/**
 * A person's stepping pace: the next step is issued no sooner than this after the views showed the previous stop
 * (a person steps again after seeing where the run is). More than VS Code's 200 ms tree refresh debounce, so each
 * stop's refresh comes more than 200 ms after the previous one.
 */
const PACE_MS = 250;

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

  // The stop-to-views figures (docs/views.md §12): from an amp/runState event reaching the extension to VS Code
  // asking a visible view for its new roots. Printed as JSON lines and saved with recordFigures, never asserted
  // against a time. VS Code's extension host debounces a tree view's refreshes (onDidChangeTreeData) by 200 ms with a
  // leading edge: a refresh more than 200 ms after the view's previous one goes out at once, one within 200 ms waits
  // until 200 ms after it. Two figures, so: stepping at a person's pace (the goal's figure), and back to back.

  it('refreshes the views after each of 50 stops at a person\'s pace (figures printed and saved, not asserted)', async function () {
    this.timeout(120_000);
    assert.ok(session, 'the session of the first test');
    const m = await measureStops(watcher, STOPS, PACE_MS);
    assert.ok(m.views.length >= STOPS && m.content.length >= STOPS, `${m.views.length} and ${m.content.length} figures`);
    const lines = [
      { name: `views: stop to content rebuilt p95 (stepping ${PACE_MS} ms after the views showed the previous stop)`, value: q(m.content, 0.95), unit: 'ms' },
      { name: `views: stop to views refreshed p50 (stepping ${PACE_MS} ms after the views showed the previous stop)`, value: q(m.views, 0.5), unit: 'ms' },
      { name: `views: stop to views refreshed p95 (stepping ${PACE_MS} ms after the views showed the previous stop)`, value: q(m.views, 0.95), unit: 'ms', goalMs: 100 },
      { name: `views: stops refreshed 200 ms or more after the stop (stepping ${PACE_MS} ms after the views showed the previous stop)`, value: slow(m.views), unit: 'stops' },
    ];
    for (const l of lines) say(JSON.stringify(l));
    recordFigures({
      stops: m.views.length,
      paceMs: PACE_MS,
      stopToContentMs: { p50: q(m.content, 0.5), p95: q(m.content, 0.95) },
      stopToViewsMs: { p50: q(m.views, 0.5), p95: q(m.views, 0.95), max: q(m.views, 1), atLeast200Ms: slow(m.views) },
    });
  });

  it('refreshes the views after each of 50 stops back to back (figures printed and saved, not asserted)', async function () {
    this.timeout(120_000);
    assert.ok(session, 'the session of the first test');
    // Each step is issued as soon as the previous stop's views were served, as when a step key is held down. A stop
    // that comes within 200 ms of the previous refresh then waits out VS Code's debounce (how many, the figures
    // count), so once more than 5% of them do, this figure's p95 is above 200 ms whatever the extension does.
    const m = await measureStops(watcher, STOPS, 0);
    assert.ok(m.views.length >= STOPS && m.content.length >= STOPS, `${m.views.length} and ${m.content.length} figures`);
    const lines = [
      { name: 'views: stop to content rebuilt p95 (back to back)', value: q(m.content, 0.95), unit: 'ms' },
      { name: 'views: stop to views refreshed p50 (back to back)', value: q(m.views, 0.5), unit: 'ms' },
      { name: 'views: stop to views refreshed p95 (back to back; at least VS Code\'s 200 ms tree refresh debounce)', value: q(m.views, 0.95), unit: 'ms' },
      { name: 'views: stops refreshed 200 ms or more after the stop (back to back)', value: slow(m.views), unit: 'stops' },
    ];
    for (const l of lines) say(JSON.stringify(l));
    recordFigures({
      backToBack: {
        stops: m.views.length,
        stopToContentMs: { p50: q(m.content, 0.5), p95: q(m.content, 0.95) },
        stopToViewsMs: { p50: q(m.views, 0.5), p95: q(m.views, 0.95), max: q(m.views, 1), atLeast200Ms: slow(m.views) },
      },
    });
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

/** The `p` quantile of sorted samples (nearest rank), to 0.1 ms. */
function q(sorted: readonly number[], p: number): number {
  return Number(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))].toFixed(1));
}

/** How many stops waited 200 ms or more for the views (VS Code's tree refresh debounce, or a busy machine). */
function slow(samples: readonly number[]): number {
  return samples.filter((ms) => ms >= 200).length;
}

/**
 * Steps `stops` times, in and back in turn, waiting after each step for the stop and then for a view to be asked for
 * its new content (both events). With `paceMs` > 0 the next step waits until `paceMs` have passed since the views
 * were asked for the previous stop's content: a deliberate pacing delay (the stepping rate measured), not a wait for
 * an event. It counts from the views' refresh rather than from the tracker's `stopped`, because the `amp/runState`
 * event reaches the extension through the workbench a variable time after `stopped`, and what must be more than 200 ms
 * apart is the views' refreshes. Returns the figures of these stops (the views keep the last 500), sorted.
 */
async function measureStops(watcher: DebugWatcher, stops: number, paceMs: number): Promise<{ views: number[]; content: number[] }> {
  const start = (await waitForViews((x) => x.views !== undefined, 'the views')).views!.figures;
  // The previous test's last refresh counts as the previous one.
  let shownAt = performance.now();
  for (let i = 0; i < stops; i++) {
    const count = (await waitForViews(() => true, 'the views')).views!.figures.stopToViewsMs.length;
    const pause = paceMs - (performance.now() - shownAt);
    if (pause > 0) await delay(pause);
    const seen = watcher.stops.length;
    await vscode.commands.executeCommand(i % 2 === 0 ? 'workbench.action.debug.stepInto' : 'workbench.action.debug.stepBack');
    await watcher.stopAfter(seen, `stop ${i + 1} of ${stops}`);
    await waitForViews((x) => x.views!.figures.stopToViewsMs.length !== count, `the views refreshed after stop ${i + 1}`);
    shownAt = performance.now();
  }
  const end = (await waitForViews(() => true, 'the views')).views!.figures;
  const tail = (all: number[], before: number[]) => all.slice(before.length).sort((a, b) => a - b);
  return { views: tail(end.stopToViewsMs, start.stopToViewsMs), content: tail(end.stopToContentMs, start.stopToContentMs) };
}
