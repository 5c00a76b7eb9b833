// The Stability, Atlas of Scars and Conscience views on the samples that exercise them, in a real VS Code: a
// conscience decision with its options by lexical level, a scar that a restorative process resolved, and a selfmod
// declaration stepped with its C_L4, zone and terms, the timeline drawing C_L4 over cycles. A screenshot of the last
// stop is saved (test-results/e2e/stability.png).

import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { DebugWatcher, outline, screenshot, startSession, waitForViews, workspaceFile } from './helpers';

describe('the governance, conscience and stability views', () => {
  let watcher: DebugWatcher;
  const sessions: vscode.DebugSession[] = [];
  before(() => {
    watcher = new DebugWatcher();
  });
  after(async () => {
    for (const s of sessions) {
      await vscode.debug.stopDebugging(s);
      await watcher.end(s).catch(() => undefined);
    }
    watcher.dispose();
  });

  /** Debugs a run of a sample to its end (held there by stopAtEnd); an earlier test's session is ended first. */
  async function toEnd(file: string, run: string, name: string) {
    for (const s of [...sessions]) await end(s);
    const seen = watcher.stops.length;
    const session = await startSession({ type: 'amp', request: 'launch', name, program: workspaceFile('samples', file).fsPath, run, stopAtEnd: true });
    sessions.push(session);
    const stop = await watcher.stopAfter(seen, `the end of "${run}"`);
    assert.equal(stop.body.reason, 'end');
    return { session, views: await waitForViews((x) => x.views?.session?.id === session.id && x.views.run?.reason === 'end', `the views at the end of "${run}"`) };
  }

  async function end(session: vscode.DebugSession) {
    await vscode.debug.stopDebugging(session);
    await watcher.end(session);
    sessions.splice(sessions.indexOf(session), 1);
  }

  it('Conscience shows the decision, its options by lexical level and the winner', async () => {
    const { session, views } = await toEnd('conscience-dilemma.amp', 'lie to the attacker', 'conscience view');
    const c = views.views!.views.conscience;
    assert.equal(c.message, null);
    assert.deepEqual(outline(c.nodes, 0, (n) => n.label !== 'why'), [
      'tell the truth, or lie to protect a life — step 2 · chose "lie"',
      '  ★ lie — L1 0 · L0 2 · L−1 0',
      '    lying — level 0 · weight 2',
      '  tell the truth — L1 0.9 · L0 0 · L−1 0',
      '    aiding_level_1_breach — level 1 · weight 0.9',
    ]);
    await end(session);
  });

  it('the Atlas of Scars shows the scar, resolved by the restorative process, and the governance state', async () => {
    const { session, views } = await toEnd('governed-reporter.amp', 'a retraction leaves a scar until a restorative process completes', 'scars view');
    const s = views.views!.views.scars;
    assert.equal(s.message, null);
    assert.deepEqual(s.nodes.map((n) => n.label), ['Scar log', '#1 agent report', 'Governance']);
    assert.match(s.nodes[1].description ?? '', /· resolved · weight 0\.\d+$/);
    assert.equal(s.nodes[1].icon, 'pass');
    await end(session);
  });

  it('Stability and the timeline follow a selfmod declaration stepped to a cycle', async () => {
    for (const s of [...sessions]) await end(s);
    const seen = watcher.stops.length;
    const session = await startSession({ type: 'amp', request: 'launch', name: 'stability view', program: workspaceFile('samples', 'self-modification.amp').fsPath, stopOnEntry: true });
    sessions.push(session);
    await watcher.stopAfter(seen, 'the entry of the selfmod run');
    await waitForViews((x) => x.views?.session?.id === session.id && x.views.run?.reason === 'entry', 'the views at the entry');
    const moved = watcher.stops.length;
    await vscode.commands.executeCommand('amp.views.goToStep', 30);
    assert.equal((await watcher.stopAfter(moved, 'the go to step 30')).body.reason, 'goto');
    const views = await waitForViews((x) => x.views?.run?.step === 30, 'the views at step 30');
    const st = views.views!.views.stability;
    assert.equal(st.message, null);
    assert.deepEqual(st.nodes.map((n) => n.label), ['C_L4', 'Terms', 'BGSS', 'Growth', 'Protocol', 'Proposal fractions_skill', 'Cycle']);
    assert.match(st.nodes[0].description ?? '', /^0\.\d+ · Optimal$/);
    assert.equal(st.nodes[0].color, 'charts.green');
    assert.deepEqual(st.nodes[1].children?.map((t) => t.label), ['V_id', 'H_bel', 'F_mut', 'σ_con', 'E_v', 'G_c', 'M_s']);
    assert.match(views.views!.views.messageTree.message ?? '', /^A self-modification run asks no questions/);
    await vscode.commands.executeCommand('amp.views.showTimeline');
    const t = await waitForViews((x) => (x.timeline?.rendered?.cl4Points ?? 0) > 10 && x.timeline?.layout?.currentStep === 30, 'the timeline to draw C_L4 over cycles');
    assert.deepEqual(t.timeline!.rendered?.panels, ['cl4']);
    assert.equal(t.timeline!.rendered?.markers.commit ? t.timeline!.rendered.markers.commit > 0 : false, true, 'the commits are marked');
    await vscode.commands.executeCommand('workbench.view.extension.amp');
    await vscode.commands.executeCommand('amp.stability.focus');
    await screenshot('stability');
    await end(session);
  });
});
