// Diagnostics for open documents in both LSP models. Push: checks are scheduled on open and on change (debounced by
// amp.diagnostics.delayMs), a newer change cancels a pending check, and a result is published only if its document is
// still at the version that was checked. Pull: the client asks; reports carry result ids and come back `unchanged`
// when nothing changed. Both report the server's state with the amp/status notification.

import {
  DocumentDiagnosticReportKind,
  type CancellationToken,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type DocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import type { Diagnostic } from '../core/diagnostics';
import type { CodeLinks } from './code-links';
import { limitDiagnostics, toLspDiagnostic, type DiagnosticContext, type FilePlace } from './convert';
import { describe, type DocumentStore } from './documents';
import { StatusNotification, type StatusParams } from './protocol';
import { throwIfCancelled } from './safe';
import type { AmpSettings, SettingsCache } from './settings';

export interface DiagnosticsEnvironment {
  readonly connection: Connection;
  readonly store: DocumentStore;
  readonly settings: SettingsCache;
  readonly codeLinks: CodeLinks;
  /** The client reads diagnostics by pulling (textDocument/diagnostic) rather than from publishDiagnostics. */
  readonly pull: boolean;
  /** The client can be asked to pull again (workspace/diagnostic/refresh). */
  readonly refreshSupport: boolean;
  /** The client shows relatedInformation. */
  readonly relatedInformation: boolean;
  readonly log: (message: string) => void;
}

/** One document's diagnostics in LSP terms, for the version that was checked. */
export interface Report {
  readonly version: number;
  readonly items: LspDiagnostic[];
  /** Time spent checking (0 when the check was cached). */
  readonly checkMs: number;
}

interface DocState {
  /** Bumped by every change or re-check request; a scheduled check runs only if it is still current. */
  generation: number;
  timer?: ReturnType<typeof setTimeout>;
  /** When the document last changed (ms since the epoch), for the debounce of pulled reports. */
  lastChange: number;
  /** The pull model's last result id and what it stood for. */
  resultId?: string;
  resultKey?: string;
}

/** How long a burst of manifest edits waits before the pull-model client is asked to pull again. */
const REFRESH_DELAY_MS = 150;

export class Diagnostics {
  private readonly states = new Map<string, DocState>();
  /** Documents with a scheduled or running check. */
  private readonly busy = new Set<string>();
  private lastCheckMs = 0;
  private lastStatus = '';
  private nextResultId = 1;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly env: DiagnosticsEnvironment) {}

  get pull(): boolean {
    return this.env.pull;
  }

  /**
   * A document opened or changed, or something it depends on did. `immediate` checks without the debounce (used on
   * open and when a manifest or the settings change). In the pull model this only starts the debounce clock.
   */
  schedule(uri: string, immediate: boolean): void {
    const st = this.state(uri);
    st.generation++;
    if (!immediate) st.lastChange = Date.now();
    if (st.timer) clearTimeout(st.timer);
    st.timer = undefined;
    if (this.env.pull) {
      this.status();
      return;
    }
    const generation = st.generation;
    this.busy.add(uri);
    this.status();
    void this.env.settings.get(uri).then((settings) => {
      if (this.states.get(uri) !== st || st.generation !== generation) return;
      const delay = immediate ? 0 : settings.diagnostics.delayMs;
      if (delay === 0) void this.publish(uri, st, generation);
      else st.timer = setTimeout(() => void this.publish(uri, st, generation), delay);
    });
  }

  /** A document closed: cancel its check and clear what was published for it. */
  closed(uri: string): void {
    const st = this.states.get(uri);
    if (st?.timer) clearTimeout(st.timer);
    this.states.delete(uri);
    this.busy.delete(uri);
    if (!this.env.pull) this.env.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.status();
  }

  /**
   * Something these documents depend on changed (the settings, a manifest): check them again, at once or after the
   * debounce. In the pull model the client is asked to pull again instead, when it can be (once per burst of changes).
   */
  recheck(uris: Iterable<string>, immediate: boolean): void {
    if (!this.env.pull) {
      for (const uri of uris) this.schedule(uri, immediate);
      return;
    }
    if (!this.env.refreshSupport) return;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    const refresh = (): void => {
      this.refreshTimer = undefined;
      this.env.connection.languages.diagnostics.refresh().catch((e: unknown) => this.env.log(`Diagnostic refresh failed: ${describe(e)}`));
    };
    if (immediate) refresh();
    else this.refreshTimer = setTimeout(refresh, REFRESH_DELAY_MS);
  }

  /** Stops every pending check (the server is shutting down). */
  dispose(): void {
    for (const st of this.states.values()) if (st.timer) clearTimeout(st.timer);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.states.clear();
    this.busy.clear();
  }

  /** The answer to textDocument/diagnostic. */
  async pullReport(uri: string, previousResultId: string | undefined, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const doc = this.env.store.get(uri);
    if (!doc || this.env.store.kindOf(doc) === 'other') return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const settings = await this.env.settings.get(uri);
    const st = this.state(uri);
    // The client pulls on every change; waiting out the debounce lets a pull that a newer change makes obsolete be
    // cancelled by the client before any checking is done.
    const wait = st.lastChange + settings.diagnostics.delayMs - Date.now();
    if (wait > 0) await sleep(Math.min(wait, settings.diagnostics.delayMs), token);
    throwIfCancelled(token);
    this.busy.add(uri);
    this.status();
    let report: Report | undefined;
    try {
      report = this.report(uri, settings);
    } finally {
      this.busy.delete(uri);
      this.status();
    }
    const items = report?.items ?? [];
    const key = JSON.stringify(items);
    if (st.resultKey !== key || st.resultId === undefined) {
      st.resultKey = key;
      st.resultId = String(this.nextResultId++);
    }
    if (previousResultId !== undefined && previousResultId === st.resultId) {
      return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: st.resultId };
    }
    return { kind: DocumentDiagnosticReportKind.Full, resultId: st.resultId, items };
  }

  /** The diagnostics of an open AMP or manifest document for its current text, or undefined if it is neither. */
  report(uri: string, settings: AmpSettings): Report | undefined {
    const { store } = this.env;
    const doc = store.get(uri);
    if (!doc) return undefined;
    const kind = store.kindOf(doc);
    if (kind === 'other') return undefined;
    if (!settings.diagnostics.enable) return { version: doc.version, items: [], checkMs: 0 };
    let file: FilePlace;
    let diagnostics: readonly Diagnostic[];
    let checkMs: number;
    let placeOf: DiagnosticContext['placeOf'];
    if (kind === 'amp') {
      const analysis = store.analysis(uri, settings);
      if (!analysis) return { version: doc.version, items: [internalError(uri)], checkMs: 0 };
      file = { uri, lines: analysis.doc.lines };
      diagnostics = analysis.doc.diagnostics;
      checkMs = analysis.checkMs;
      placeOf = (path) => store.placeOf(path, analysis);
    } else {
      const check = store.manifestCheck(uri);
      if (!check) return { version: doc.version, items: [internalError(uri)], checkMs: 0 };
      file = { uri, lines: check.lines };
      diagnostics = check.diagnostics;
      checkMs = check.checkMs;
      placeOf = (path) => store.placeOf(path);
    }
    if (checkMs > 0) this.lastCheckMs = checkMs;
    const ctx: DiagnosticContext = { file, placeOf, codeLinks: this.env.codeLinks, relatedInformation: this.env.relatedInformation };
    const items = limitDiagnostics(diagnostics, settings.maxNumberOfProblems).map((d) => toLspDiagnostic(d, ctx));
    return { version: doc.version, items, checkMs };
  }

  /** Sends the server's state when it differs from what was last sent. */
  status(): void {
    const params: StatusParams = {
      state: this.busy.size > 0 ? 'checking' : 'ready',
      documents: this.env.store.checked().length,
      lastCheckMs: Math.round(this.lastCheckMs * 10) / 10,
    };
    const key = `${params.state}|${params.documents}|${params.lastCheckMs}`;
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    void this.env.connection.sendNotification(StatusNotification.type, params).catch(() => undefined);
  }

  /** Runs a scheduled check and publishes it, unless a newer change made it stale (then the newer check publishes). */
  private async publish(uri: string, st: DocState, generation: number): Promise<void> {
    if (this.states.get(uri) !== st || st.generation !== generation) return;
    st.timer = undefined;
    try {
      const settings = await this.env.settings.get(uri);
      const doc = this.env.store.get(uri);
      if (this.states.get(uri) !== st || st.generation !== generation) return;
      const report = doc && this.report(uri, settings);
      // The version check at publish time: only the text that was checked may receive these diagnostics.
      if (!report || this.states.get(uri) !== st || st.generation !== generation || this.env.store.get(uri)?.version !== report.version) return;
      await this.env.connection.sendDiagnostics({ uri, version: report.version, diagnostics: report.items });
    } catch (e) {
      this.env.log(`Publishing diagnostics for ${uri} failed: ${describe(e)}`);
    } finally {
      if (this.states.get(uri) === st && st.generation === generation) {
        this.busy.delete(uri);
        this.status();
      }
    }
  }

  private state(uri: string): DocState {
    let st = this.states.get(uri);
    if (!st) {
      st = { generation: 0, lastChange: 0 };
      this.states.set(uri, st);
    }
    return st;
  }
}

/** What a document shows when its check failed inside the server (the log has the details). */
function internalError(uri: string): LspDiagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: 1,
    source: 'amp',
    message: `Internal error while checking ${uri}; the language server's log has the details.`,
  };
}

/** Resolves after `ms`, or at once when the token is cancelled. */
function sleep(ms: number, token: CancellationToken): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const sub = token.onCancellationRequested(done);
    function done(): void {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    }
  });
}
