// The open documents and what the server knows about each: its kind (AMP spec, ethics manifest, other), the manifest
// that governs it, and its analysis, cached per version so diagnostics and every feature share one check.

import type { Connection } from 'vscode-languageserver/node';
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkManifest } from '../core/check/index';
import type { Diagnostic } from '../core/diagnostics';
import { analyze, type AnalyzedDocument } from '../core/ide/document';
import { reparse } from '../core/syntax/incremental';
import { parse, type ParseResult } from '../core/syntax/parser';
import { LineIndex } from '../core/text';
import { findManifest, hasOwnHeader, type FoundManifest } from '../core/workspace/manifest';
import type { FilePlace } from './convert';
import { isAmpDocument, isManifestDocument, manifestReader, pathToUri, readIfFile, uriToPath } from './files';
import { hasDocument, isRecord, isUInt } from './params';
import type { AmpSettings } from './settings';

/** What TextDocuments.listen needs from a connection (the library does not export the type by name). */
type TextDocumentConnection = Parameters<TextDocuments<TextDocument>['listen']>[0];

export type DocumentKind = 'amp' | 'manifest' | 'other';

/** A governing manifest as the server found it: where it is, its URI and the text that was used. */
export interface ManifestUse extends FoundManifest {
  readonly uri: string;
}

/** An AMP document's analysis for one version of its text, under one manifest. */
export interface Analysis {
  readonly uri: string;
  readonly version: number;
  readonly doc: AnalyzedDocument;
  readonly manifest?: ManifestUse;
  /** How long the check took, in ms (0 when the analysis came from the cache). */
  readonly checkMs: number;
}

/** A manifest document's own diagnostics for one version. */
export interface ManifestCheck {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly lines: LineIndex;
  readonly diagnostics: readonly Diagnostic[];
  readonly checkMs: number;
}

export type Log = (message: string) => void;

export class DocumentStore {
  readonly documents = new TextDocuments(TextDocument);
  /** Open documents with a `file:` URI, by path, so file reads see unsaved text. */
  private readonly uriByPath = new Map<string, string>();
  private readonly analyses = new Map<string, Analysis>();
  /**
   * The last parse of each open AMP document, with its text: the next check reparses from it incrementally (which
   * consumes it: see core/syntax/incremental.ts). The analysis made from it is dropped when the text changes.
   */
  private readonly parses = new Map<string, { readonly text: string; readonly parsed: ParseResult }>();
  private readonly manifestChecks = new Map<string, ManifestCheck>();
  /** Line indexes of files that are not open, for related places and edits in them; cleared when files change. */
  private readonly diskPlaces = new Map<string, FilePlace | undefined>();

  constructor(private readonly log: Log) {
    this.documents.onDidOpen(({ document }) => {
      const path = uriToPath(document.uri);
      if (path !== undefined) this.uriByPath.set(path, document.uri);
      this.diskPlaces.clear();
    });
    // A changed document's old analysis can serve no request any more; dropping it at once keeps it from weighing on
    // the collector while the new text is checked.
    this.documents.onDidChangeContent(({ document }) => {
      if (this.analyses.get(document.uri)?.version !== document.version) this.analyses.delete(document.uri);
      if (this.manifestChecks.get(document.uri)?.version !== document.version) this.manifestChecks.delete(document.uri);
    });
    this.documents.onDidClose(({ document }) => {
      const path = uriToPath(document.uri);
      if (path !== undefined && this.uriByPath.get(path) === document.uri) this.uriByPath.delete(path);
      this.analyses.delete(document.uri);
      this.parses.delete(document.uri);
      this.manifestChecks.delete(document.uri);
    });
  }

  /**
   * Connects the documents to the connection through shape checks: a malformed open, change or close notification is
   * logged and ignored instead of throwing inside the protocol library.
   */
  listen(connection: Connection): void {
    const guard =
      <P>(method: string, ok: (p: unknown) => boolean) =>
      (handler: (p: P) => void) =>
      (params: P): void => {
        if (!ok(params)) {
          this.log(`Ignored a malformed ${method} notification: ${preview(params)}`);
          return;
        }
        try {
          handler(params);
        } catch (e) {
          this.log(`${method} failed: ${describe(e)}`);
        }
      };
    const proxy: TextDocumentConnection = {
      onDidOpenTextDocument: (h) => connection.onDidOpenTextDocument(guard<Parameters<typeof h>[0]>('textDocument/didOpen', isOpenParams)(h)),
      onDidChangeTextDocument: (h) => connection.onDidChangeTextDocument(guard<Parameters<typeof h>[0]>('textDocument/didChange', isChangeParams)(h)),
      onDidCloseTextDocument: (h) => connection.onDidCloseTextDocument(guard<Parameters<typeof h>[0]>('textDocument/didClose', hasDocument)(h)),
      onWillSaveTextDocument: (h) => connection.onWillSaveTextDocument(guard<Parameters<typeof h>[0]>('textDocument/willSave', hasDocument)(h)),
      onWillSaveTextDocumentWaitUntil: (h) => connection.onWillSaveTextDocumentWaitUntil((p, token) => (hasDocument(p) ? h(p, token) : [])),
      onDidSaveTextDocument: (h) => connection.onDidSaveTextDocument(guard<Parameters<typeof h>[0]>('textDocument/didSave', hasDocument)(h)),
    };
    this.documents.listen(proxy);
  }

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  all(): TextDocument[] {
    return this.documents.all();
  }

  kindOf(doc: TextDocument): DocumentKind {
    if (isManifestDocument(doc.uri)) return 'manifest';
    if (isAmpDocument(doc.uri, doc.languageId)) return 'amp';
    return 'other';
  }

  /** The open documents the server checks. */
  checked(): TextDocument[] {
    return this.all().filter((d) => this.kindOf(d) !== 'other');
  }

  /** The text of an open document by its file path. */
  openText = (path: string): string | undefined => {
    const uri = this.uriByPath.get(path);
    return uri === undefined ? undefined : this.documents.get(uri)?.getText();
  };

  /** The URI to use for a file path: the open document's own URI when it is open (clients spell URIs their way). */
  uriOf(path: string): string {
    return this.uriByPath.get(path) ?? pathToUri(path);
  }

  /** How the core labels a document: its file path, or the URI itself when it has no path. */
  pathOf(uri: string): string {
    return uriToPath(uri) ?? uri;
  }

  /**
   * The manifest that governs an AMP document: none when the document has its own header, is not a file, or the
   * setting is off. A manifest that exists but cannot be read is logged and treated as absent.
   */
  governingManifest(doc: TextDocument, text: string, settings: AmpSettings): ManifestUse | undefined {
    if (!settings.manifest.enable) return undefined;
    const path = uriToPath(doc.uri);
    if (path === undefined || hasOwnHeader(text)) return undefined;
    try {
      const found = findManifest(path, manifestReader(this.openText));
      return found && { ...found, uri: this.uriOf(found.path) };
    } catch (e) {
      this.log(`Could not read the manifest for ${doc.uri}: ${describe(e)}`);
      return undefined;
    }
  }

  /**
   * The analysis of an AMP document's current text: the cached one when the version and the governing manifest are
   * unchanged, else a fresh check (which is cached). Undefined for a document that is not open or not AMP, or when the
   * check itself failed (logged).
   */
  analysis(uri: string, settings: AmpSettings): Analysis | undefined {
    const doc = this.documents.get(uri);
    if (!doc || this.kindOf(doc) !== 'amp') return undefined;
    const text = doc.getText();
    const manifest = this.governingManifest(doc, text, settings);
    const cached = this.analyses.get(uri);
    if (cached && cached.version === doc.version && cached.manifest?.path === manifest?.path && cached.manifest?.text === manifest?.text) {
      return cached.checkMs === 0 ? cached : { ...cached, checkMs: 0 };
    }
    const t0 = performance.now();
    let analyzed: AnalyzedDocument;
    try {
      const previous = this.parses.get(uri);
      // The previous parse is consumed by the reparse: forget it first, so a failure cannot leave it to be used again.
      this.parses.delete(uri);
      const parsed = previous ? reparse(previous.text, previous.parsed, text) : parse(text);
      this.parses.set(uri, { text, parsed });
      analyzed = analyze({ path: this.pathOf(uri), text, manifest: manifest && { path: manifest.path, text: manifest.text } }, parsed);
    } catch (e) {
      this.log(`Checking ${uri} failed: ${describe(e)}`);
      return undefined;
    }
    const result: Analysis = { uri, version: doc.version, doc: analyzed, manifest, checkMs: performance.now() - t0 };
    this.analyses.set(uri, result);
    return result;
  }

  /** A manifest document's own diagnostics for its current text (cached per version). */
  manifestCheck(uri: string): ManifestCheck | undefined {
    const doc = this.documents.get(uri);
    if (!doc || this.kindOf(doc) !== 'manifest') return undefined;
    const cached = this.manifestChecks.get(uri);
    if (cached && cached.version === doc.version) return cached.checkMs === 0 ? cached : { ...cached, checkMs: 0 };
    const text = doc.getText();
    const t0 = performance.now();
    let diagnostics: readonly Diagnostic[];
    try {
      diagnostics = checkManifest({ path: this.pathOf(uri), text }).diagnostics;
    } catch (e) {
      this.log(`Checking ${uri} failed: ${describe(e)}`);
      return undefined;
    }
    const result: ManifestCheck = { uri, version: doc.version, text, lines: new LineIndex(text), diagnostics, checkMs: performance.now() - t0 };
    this.manifestChecks.set(uri, result);
    return result;
  }

  /**
   * A file that a result points into (a manifest, another spec), in LSP terms. `analysis` supplies what is already at
   * hand: the document itself and the manifest text its check used. Otherwise the open document, then the disk.
   */
  placeOf(path: string, analysis?: Analysis): FilePlace | undefined {
    if (analysis && path === analysis.doc.path) return { uri: analysis.uri, lines: analysis.doc.lines };
    if (analysis?.manifest && path === analysis.manifest.path) {
      return { uri: analysis.manifest.uri, lines: this.linesFor(analysis.manifest.path, analysis.manifest.text) };
    }
    const open = this.openText(path);
    if (open !== undefined) return { uri: this.uriOf(path), lines: this.linesFor(path, open) };
    if (this.diskPlaces.has(path)) return this.diskPlaces.get(path);
    let place: FilePlace | undefined;
    try {
      const text = readIfFile(path);
      place = text === undefined ? undefined : { uri: pathToUri(path), lines: new LineIndex(text) };
    } catch (e) {
      this.log(`Could not read ${path}: ${describe(e)}`);
      place = undefined;
    }
    this.diskPlaces.set(path, place);
    return place;
  }

  /** The version of an open document by path (for versioned edits), or null when it is not open. */
  versionOf(path: string): number | null {
    const uri = this.uriByPath.get(path);
    const doc = uri === undefined ? undefined : this.documents.get(uri);
    return doc ? doc.version : null;
  }

  /** Files on disk changed: forget what was read from them. */
  filesChanged(): void {
    this.diskPlaces.clear();
  }

  private readonly lineCache = new Map<string, { text: string; lines: LineIndex }>();
  private linesFor(path: string, text: string): LineIndex {
    const hit = this.lineCache.get(path);
    if (hit && hit.text === text) return hit.lines;
    const lines = new LineIndex(text);
    this.lineCache.set(path, { text, lines });
    return lines;
  }
}

function isOpenParams(p: unknown): boolean {
  if (!hasDocument(p)) return false;
  const td = (p as { textDocument: Record<string, unknown> }).textDocument;
  return typeof td.languageId === 'string' && typeof td.version === 'number' && Number.isFinite(td.version) && typeof td.text === 'string';
}

function isChangeParams(p: unknown): boolean {
  if (!hasDocument(p)) return false;
  const { textDocument: td, contentChanges } = p as { textDocument: Record<string, unknown>; contentChanges?: unknown };
  if (typeof td.version !== 'number' || !Number.isFinite(td.version) || !Array.isArray(contentChanges)) return false;
  return contentChanges.every((c) => isRecord(c) && typeof c.text === 'string' && (c.range === undefined || isRangeLike(c.range)));
}

function isRangeLike(r: unknown): boolean {
  const pos = (p: unknown) => isRecord(p) && isUInt(p.line) && isUInt(p.character);
  return isRecord(r) && pos(r.start) && pos(r.end);
}

/** A short, safe rendering of what a client sent, for log lines. */
export function preview(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

export function describe(e: unknown): string {
  if (e instanceof Error) return e.stack ?? e.message;
  return String(e);
}
