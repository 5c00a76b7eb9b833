// The run timeline webview panel ("AMP: Show Run Timeline"): one panel, redrawn on every stop with the layout
// timeline.ts computes for the panel's width; a click in it moves the debugger to that step (`amp/goToStep`). The page
// keeps its last layout with setState, so a panel brought back after being hidden draws at once.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { RunFollower } from './follower';
import { MEDIA, MEDIA_FOLDER, TIMELINE_VIEW_TYPE } from './ids';
import type { ThreadRun } from './run-store';
import { layoutTimeline, parseWebviewMessage, timelineData, type RenderedSummary, type TimelineData, type TimelineLayout, type ToWebview } from './timeline';
import { makeNonce, timelineHtml } from './timeline-html';

export const NO_RUN_MESSAGE = 'No AMP run is being debugged. Start one (F5 on an .amp file, or Debug above a run block) and the timeline follows it.';

export class TimelinePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private width = 640;
  private cache: { run: ThreadRun; version: number; data: TimelineData } | undefined;
  private lastLayout: TimelineLayout | undefined;
  /** What the page last reported drawing, and how many times it drew. */
  rendered: RenderedSummary | undefined;
  renders = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly follower: RunFollower,
    private readonly log: vscode.LogOutputChannel,
    private readonly onRendered: () => void,
  ) {}

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  private get media(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, ...MEDIA_FOLDER);
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      TIMELINE_VIEW_TYPE,
      'AMP Run Timeline',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [this.media], retainContextWhenHidden: false },
    );
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.media, MEDIA.icon);
    const webview = panel.webview;
    webview.html = timelineHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce((n) => randomBytes(n)),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.media, MEDIA.script)).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.media, MEDIA.style)).toString(),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((raw) => this.receive(raw)),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.rendered = undefined;
        this.onRendered();
      }),
    );
  }

  private receive(raw: unknown): void {
    const m = parseWebviewMessage(raw);
    if (!m) {
      this.log.warn(`the timeline sent a message it should not: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (m.type) {
      case 'ready':
      case 'resize':
        this.width = m.width;
        this.update();
        return;
      case 'goToStep':
        this.follower.goToStep(m.step).catch((e) => void vscode.window.showErrorMessage(`AMP: cannot go to step ${m.step}: ${e instanceof Error ? e.message : String(e)}`));
        return;
      case 'rendered':
        this.rendered = m.summary;
        this.renders++;
        this.onRendered();
        return;
    }
  }

  private data(run: ThreadRun): TimelineData {
    if (this.cache?.run !== run || this.cache.version !== run.version) this.cache = { run, version: run.version, data: timelineData(run) };
    return this.cache.data;
  }

  /** Sends the page the current run's layout (or why there is none). */
  update(): void {
    if (!this.panel) return;
    const run = this.follower.run;
    let message: ToWebview;
    if (run) {
      this.lastLayout = layoutTimeline(this.data(run), this.width);
      message = { type: 'layout', layout: this.lastLayout };
      this.panel.title = `AMP Run Timeline: ${run.run}`;
    } else {
      this.lastLayout = undefined;
      message = { type: 'empty', message: NO_RUN_MESSAGE };
      this.panel.title = 'AMP Run Timeline';
    }
    void this.panel.webview.postMessage(message);
  }

  /** For the snapshot command. */
  snapshot(): unknown {
    return { open: this.isOpen, visible: this.visible, renders: this.renders, rendered: this.rendered ?? null, layout: this.lastLayout?.summary ?? null };
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
