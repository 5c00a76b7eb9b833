// What the end-to-end tests share: the workspace's files, the AMP diagnostics VS Code holds for a document, the ones
// the core checker gives for the same text (the reference every comparison uses), and event-driven waits with timeouts.
// Runs inside VS Code's extension host; bundled with the core by scripts/e2e-run.mjs.

import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync, watch } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { checkDocument, checkManifest } from '../../../core/check/index';
import type { Diagnostic, Severity, TextEdit } from '../../../core/diagnostics';
import { LineIndex } from '../../../core/text';
import { findManifest, type FoundManifest, type ManifestReader } from '../../../core/workspace/manifest';
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
