// What the end-to-end tests share: the workspace's files, the AMP diagnostics VS Code holds for a document, the ones
// the core checker gives for the same text (the reference every comparison uses), and event-driven waits with timeouts.
// Runs inside VS Code's extension host; bundled with the core by scripts/e2e-run.mjs.

import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { checkDocument, checkManifest } from '../../../core/check/index';
import type { Diagnostic, Severity, TextEdit } from '../../../core/diagnostics';
import { LineIndex } from '../../../core/text';
import { findManifest, type FoundManifest, type ManifestReader } from '../../../core/workspace/manifest';
import type { NodeSnapshot } from '../../../extension/views/tree-node';
import packageJson from '../../../package.json';

/** The extension under test, as VS Code names it: `publisher.name` of the repository's package.json. */
export const EXTENSION_ID = `${packageJson.publisher}.${packageJson.name}`;

/** The `source` the language server puts on its diagnostics. */
export const DIAGNOSTIC_SOURCE = 'amp';

/** How long a wait for the language server may take before the test fails (the first start of the server included). */
export const WAIT_MS = 20_000;

/** The workspace folder the suite runs in (a fresh copy of test/e2e/workspace with the repository's samples/). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('The end-to-end suite needs a workspace folder: open test/e2e/workspace (scripts/e2e-run.mjs does)');
  return folder.uri;
}

export function workspaceFile(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...segments);
}

/**
 * Opens a workspace file as a document (which hands it to the language server) and, if asked, in an editor. The
 * client pulls diagnostics for the documents shown in editors, so a test that waits for diagnostics shows the file.
 */
export async function open(uri: vscode.Uri, show = false): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  if (show) await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** A diagnostic reduced to what the comparisons look at; the range as `line:character-line:character`, 0-based. */
export interface PlainDiagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly range: string;
  readonly message: string;
}

const SEVERITY: Record<vscode.DiagnosticSeverity, Severity> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

function rangeText(start: vscode.Position | { line: number; character: number }, end: vscode.Position | { line: number; character: number }): string {
  return `${start.line}:${start.character}-${end.line}:${end.character}`;
}

function sorted(ds: PlainDiagnostic[]): PlainDiagnostic[] {
  const key = (d: PlainDiagnostic) => d.range.split(/[:-]/).map((n) => n.padStart(6, '0')).join(':');
  return ds.sort((a, b) => key(a).localeCompare(key(b)) || a.code.localeCompare(b.code) || a.message.localeCompare(b.message));
}

/** The code of a VS Code diagnostic: a string, or `{ value, target }` when the server links the code to its docs. */
export function codeOf(d: vscode.Diagnostic): string {
  const code = d.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** The language server's diagnostics that VS Code holds for `uri`. */
export function ampDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
}

export function plain(ds: readonly vscode.Diagnostic[]): PlainDiagnostic[] {
  return sorted(ds.map((d) => ({ code: codeOf(d), severity: SEVERITY[d.severity], range: rangeText(d.range.start, d.range.end), message: d.message })));
}

/** Reads manifests from the disk, as the CLI does (the suite's manifests are saved files). */
const DISK: ManifestReader = {
  readText: (path) => (existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined),
  exists: (path) => existsSync(path),
};

/** The manifest that governs a file on disk, by the core's discovery. */
export function manifestFor(uri: vscode.Uri): FoundManifest | undefined {
  return findManifest(uri.fsPath, DISK);
}

/** The core's diagnostics for `text` (an .amp file or, by its name, a manifest), converted to plain form. */
export function checkerDiagnostics(uri: vscode.Uri, text: string, manifest: FoundManifest | null | 'discover' = 'discover'): PlainDiagnostic[] {
  return plainCore(coreDiagnostics(uri, text, manifest), text);
}

/**
 * The core's diagnostics for `text`, in core terms (offsets, fixes). `manifest`: 'discover' finds the governing manifest
 * on disk as the core's discovery does; null checks the text as ungoverned.
 */
export function coreDiagnostics(uri: vscode.Uri, text: string, manifest: FoundManifest | null | 'discover' = 'discover'): readonly Diagnostic[] {
  const path = uri.fsPath;
  if (path.endsWith('compiler_ethics.json')) return checkManifest({ path, text }).diagnostics;
  const governing = manifest === 'discover' ? manifestFor(uri) : manifest;
  return checkDocument({ path, text, manifest: governing ? { path: governing.path, text: governing.text } : undefined }).diagnostics;
}

export function plainCore(ds: readonly Diagnostic[], text: string): PlainDiagnostic[] {
  const lines = new LineIndex(text);
  return sorted(
    ds.map((d) => ({
      code: d.code,
      severity: d.severity,
      range: rangeText(lines.positionAt(d.start), lines.positionAt(Math.max(d.start, d.end))),
      message: d.message,
    })),
  );
}

/** Applies core text edits to a text (as the quick fix should). */
export function applyCoreEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/**
 * Waits until the AMP diagnostics of `uri` satisfy `accept`, checking now and on every onDidChangeDiagnostics for
 * that document. Rejects after `timeoutMs` with what was last seen.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (ds: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (ok: boolean, value: vscode.Diagnostic[] | Error) => {
      if (settled) return;
      settled = true;
      subscription.dispose();
      clearTimeout(timer);
      if (ok) resolve(value as vscode.Diagnostic[]);
      else reject(value);
    };
    const check = () => {
      const ds = ampDiagnostics(uri);
      if (accept(ds)) finish(true, ds);
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      const seen = plain(ampDiagnostics(uri));
      finish(false, new Error(`Timed out after ${timeoutMs} ms waiting for ${what} in ${vscode.workspace.asRelativePath(uri)}; the AMP diagnostics there are ${JSON.stringify(seen, null, 2)}`));
    }, timeoutMs);
    check();
  });
}

/**
 * Waits until the AMP diagnostics of `uri` are exactly `expected` (codes, severities, ranges, messages). On timeout the
 * failure is the difference between what VS Code holds and what was expected.
 */
export async function waitForExactDiagnostics(uri: vscode.Uri, expected: PlainDiagnostic[], what: string, timeoutMs = WAIT_MS): Promise<void> {
  try {
    await waitForDiagnostics(uri, (ds) => isDeepStrictEqual(plain(ds), expected), what, timeoutMs);
  } catch (e) {
    // The assertion's message shows the difference line by line.
    assert.deepStrictEqual(plain(ampDiagnostics(uri)), expected, `${what} in ${vscode.workspace.asRelativePath(uri)} (after waiting ${timeoutMs} ms)`);
    throw e;
  }
}

function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

/** Resolves with the next change of a document's text, or rejects after `timeoutMs`. */
export function nextChange(doc: vscode.TextDocument, timeoutMs = WAIT_MS): Promise<vscode.TextDocumentChangeEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${vscode.workspace.asRelativePath(doc.uri)} to change`));
    }, timeoutMs);
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.toString() !== doc.uri.toString() || e.contentChanges.length === 0) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e);
    });
  });
}

/** The position of the first occurrence of `needle` in the document, plus `delta` characters. */
export function positionOf(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const at = doc.getText().indexOf(needle);
  if (at < 0) throw new Error(`'${needle}' is not in ${vscode.workspace.asRelativePath(doc.uri)}`);
  return doc.positionAt(at + delta);
}

/** Hover contents as plain text, joined. */
export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : String(c)))
    .join('\n');
}

export function completionLabel(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/**
 * Asks the run's driver (scripts/e2e-run.mjs) for a screenshot of the workbench as it is now, and waits until it is
 * taken. Under a driver that takes none (e.g. @vscode/test-electron) it returns at once.
 */
export async function screenshot(name: string, timeoutMs = WAIT_MS): Promise<void> {
  const control = process.env.AMP_E2E_CONTROL_DIR;
  if (!control) return;
  const done = join(control, `${name}.done`);
  rmSync(done, { force: true });
  const taken = new Promise<void>((resolve, reject) => {
    const watcher = watch(control, () => {
      if (existsSync(done)) finish();
    });
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for the driver to take the screenshot '${name}'`));
    }, timeoutMs);
    function finish() {
      clearTimeout(timer);
      watcher.close();
      resolve();
    }
    if (existsSync(done)) finish();
  });
  console.log(`${SCREENSHOT_MARKER} ${name}`);
  await taken;
}

/** The log line that asks the driver for a screenshot (scripts/e2e-run.mjs reads it). */
export const SCREENSHOT_MARKER = '[amp-e2e:screenshot]';

/** The prefix of the suite's own output lines, which the driver prints (without it) among the workbench's log. */
export const OUTPUT_MARKER = '[amp-e2e]';

/** Prints a line of the suite's output (through the extension host's console, which the driver reads). */
export function say(text: string): void {
  console.log(text.split('\n').map((line) => `${OUTPUT_MARKER} ${line}`).join('\n'));
}

// ---- the run views, the debugger and the Test Explorer -------------------------------------------------------------------

/** What `amp.views.snapshot` answers (extension/views/snapshot.ts); the parts are typed where tests read them. */
export interface ViewsSnapshot {
  readonly revision: number;
  /** How long the extension's activate() took, and each feature's share (extension/extension.ts). */
  readonly activation?: { readonly activateMs: number; readonly features: readonly { readonly name: string; readonly ms: number }[] };
  readonly views?: {
    readonly session: { readonly id: string; readonly name: string } | null;
    readonly run: { readonly threadId: number; readonly run: string; readonly step: number; readonly reason: string | null; readonly status: string } | null;
    readonly views: Record<string, { readonly message: string | null; readonly nodes: SnapNode[] }>;
    readonly figures: { readonly stopToContentMs: number[]; readonly stopToViewsMs: number[] };
  };
  readonly timeline?: {
    readonly open: boolean;
    readonly visible: boolean;
    readonly renders: number;
    readonly rendered: { readonly panels: string[]; readonly currentStep: number | null; readonly budgetPath: boolean; readonly cl4Points: number; readonly bands: number; readonly markers: Record<string, number> } | null;
    readonly layout: { readonly currentStep: number; readonly lastStep: number } | null;
  };
  readonly tests?: {
    readonly discovered: boolean;
    readonly running: number;
    readonly testRuns: number;
    readonly items: SnapItem[];
    readonly results: { readonly id: string; readonly label: string; readonly file: string; readonly kind: string; readonly state: string; readonly messages: { readonly message: string; readonly line?: number }[] }[];
  };
}

/** A view node as the snapshot command returns it (the extension's own type). */
export type SnapNode = NodeSnapshot;

export interface SnapItem {
  readonly id: string;
  readonly label: string;
  readonly line?: number;
  readonly children?: SnapItem[];
}

export const SNAPSHOT_COMMAND = 'amp.views.snapshot';

/**
 * Waits until the views' snapshot satisfies `accept`: the snapshot command answers at the views' next change, so this
 * waits on the extension's own events. Rejects after `timeoutMs` with the last snapshot seen.
 */
export async function waitForViews(accept: (s: ViewsSnapshot) => boolean, what: string, timeoutMs = WAIT_MS): Promise<ViewsSnapshot> {
  const deadline = Date.now() + timeoutMs;
  let s = (await vscode.commands.executeCommand<ViewsSnapshot>(SNAPSHOT_COMMAND))!;
  while (!accept(s)) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; the views show ${JSON.stringify(s, null, 1).slice(0, 6000)}`);
    s = (await vscode.commands.executeCommand<ViewsSnapshot>(SNAPSHOT_COMMAND, { after: s.revision, timeoutMs: left }))!;
  }
  return s;
}

/** The nodes of a view as `label — description` lines, children indented (what a person sees, opened). */
export function outline(nodes: readonly SnapNode[] | undefined, depth = 0, filter: (n: SnapNode) => boolean = () => true): string[] {
  return (nodes ?? []).filter(filter).flatMap((n) => [`${'  '.repeat(depth)}${n.label}${n.description !== undefined ? ` — ${n.description}` : ''}`, ...outline(n.children, depth + 1, filter)]);
}

/**
 * Watches AMP debug sessions through a debug adapter tracker: the `stopped` events, `amp/runState` bodies and exit
 * codes as the adapter sends them, with waits for each.
 */
export class DebugWatcher implements vscode.Disposable {
  readonly stops: { session: string; body: { reason: string; threadId?: number } }[] = [];
  readonly exitCodes = new Map<string, number>();
  private readonly ended = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      vscode.debug.registerDebugAdapterTrackerFactory('amp', {
        createDebugAdapterTracker: (session) => ({
          onDidSendMessage: (m: { type?: string; event?: string; body?: { reason?: string; threadId?: number; exitCode?: number } }) => {
            if (m.type !== 'event') return;
            if (m.event === 'stopped') this.stops.push({ session: session.id, body: { reason: m.body?.reason ?? '', threadId: m.body?.threadId } });
            else if (m.event === 'exited' && typeof m.body?.exitCode === 'number') this.exitCodes.set(session.id, m.body.exitCode);
            else return;
            this.notify();
          },
        }),
      }),
      vscode.debug.onDidTerminateDebugSession((s) => {
        this.ended.add(s.id);
        this.notify();
      }),
    ];
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  private until<T>(get: () => T | undefined, what: string, timeoutMs = WAIT_MS): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const v = get();
        if (v === undefined) return;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve(v);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; stops so far: ${JSON.stringify(this.stops)}`));
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  /** The next stop after the `seen` first ones (of any AMP session). */
  stopAfter(seen: number, what = 'the debugger to stop'): Promise<{ session: string; body: { reason: string; threadId?: number } }> {
    return this.until(() => this.stops[seen], what);
  }

  /** Waits for a session to end; its exit code (undefined when it sent none). */
  async end(session: vscode.DebugSession): Promise<number | undefined> {
    await this.until(() => (this.ended.has(session.id) ? true : undefined), `the session "${session.name}" to end`);
    return this.exitCodes.get(session.id);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Starts a debug session and resolves with it once VS Code has it. */
export async function startSession(config: vscode.DebugConfiguration, options: vscode.DebugSessionOptions = {}): Promise<vscode.DebugSession> {
  const started = new Promise<vscode.DebugSession>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`Timed out after ${WAIT_MS} ms waiting for the debug session "${config.name}" to start`));
    }, WAIT_MS);
    const sub = vscode.debug.onDidStartDebugSession((s) => {
      if (s.name !== config.name) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(s);
    });
  });
  const ok = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], config, options);
  if (!ok) throw new Error(`the debug session "${config.name}" did not start`);
  return started;
}

/** Sets a line breakpoint on the first line containing `text`; returns it (remove it with removeBreakpoints). */
export function breakpointAt(doc: vscode.TextDocument, text: string): vscode.SourceBreakpoint {
  const bp = new vscode.SourceBreakpoint(new vscode.Location(doc.uri, positionOf(doc, text)));
  vscode.debug.addBreakpoints([bp]);
  return bp;
}

/**
 * Debugs `run` of `file` to a breakpoint on the line containing `line`, with the AMP container shown; resolves once
 * the views show the stop. For the tests and for the screenshot.
 */
export async function debugToBreakpoint(watcher: DebugWatcher, file: vscode.Uri, run: string, line: string, name: string): Promise<{ session: vscode.DebugSession; breakpoint: vscode.SourceBreakpoint; views: ViewsSnapshot }> {
  const doc = await open(file, true);
  const breakpoint = breakpointAt(doc, line);
  const seen = watcher.stops.length;
  const session = await startSession({ type: 'amp', request: 'launch', name, program: file.fsPath, run });
  const stop = await watcher.stopAfter(seen, `the breakpoint on "${line}"`);
  if (stop.body.reason !== 'breakpoint') throw new Error(`the first stop is "${stop.body.reason}", not the breakpoint`);
  await vscode.commands.executeCommand('workbench.view.extension.amp');
  const views = await waitForViews((s) => s.views?.session?.id === session.id && s.views.run?.reason === 'breakpoint', 'the views to show the breakpoint stop');
  return { session, breakpoint, views };
}

/**
 * Adds figures measured in the end-to-end environment to test-results/e2e/figures.json (read by people and benches;
 * never asserted against a time limit).
 */
export function recordFigures(figures: Record<string, unknown>): void {
  const dir = join(__dirname, '..', '..', '..', 'test-results', 'e2e');
  const file = join(dir, 'figures.json');
  let current: Record<string, unknown> = {};
  try {
    current = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // first figures of the run
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify({ ...current, ...figures, measuredAt: new Date().toISOString() }, null, 2) + '\n');
}
