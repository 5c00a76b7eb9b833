// What every feature handler is given: the connection, the documents, the settings, what the client can do, and the
// lookups most requests start with (the analysis of the named document, the offset of the named position).

import type { ClientCapabilities, Connection, Position } from 'vscode-languageserver/node';
import type { CodeLinks } from './code-links';
import type { Analysis, DocumentStore } from './documents';
import { toOffset } from './convert';
import { guard, type Handler } from './safe';
import type { AmpSettings, SettingsCache } from './settings';
import type { Check } from './params';

export interface ServerContext {
  readonly connection: Connection;
  readonly store: DocumentStore;
  readonly settings: SettingsCache;
  /** What the client said it can do, from initialize. */
  readonly client: ClientCapabilities;
  /** The workspace folders' paths (file: folders only), as they are now. */
  readonly folders: () => readonly string[];
  /** Logs an error to the client's console (window/logMessage). */
  readonly log: (message: string) => void;
  /** Links from diagnostic codes to the language reference. */
  readonly codeLinks: CodeLinks;
  /**
   * True when the editor contributes AMP snippets of its own (the VS Code extension says so in its initialization
   * options): completion then leaves its snippet entries out instead of listing each one twice.
   */
  readonly editorSnippets: () => boolean;
  /** Adds a listener for files changed on disk (workspace/didChangeWatchedFiles, which has one connection handler). */
  readonly onFilesChanged: (listener: (uris: readonly string[]) => void) => void;
}

/** The analysis of an open AMP document with its settings, or undefined when there is none to answer from. */
export async function analysisOf(ctx: ServerContext, uri: string): Promise<{ analysis: Analysis; settings: AmpSettings } | undefined> {
  const doc = ctx.store.get(uri);
  if (!doc || ctx.store.kindOf(doc) !== 'amp') return undefined;
  const settings = await ctx.settings.get(uri);
  const analysis = ctx.store.analysis(uri, settings);
  return analysis && { analysis, settings };
}

/**
 * The analysis and the offset for a request at a position. Undefined (an empty answer) for a document that is not an
 * open AMP document, and for a position past the last line.
 */
export async function analysisAt(
  ctx: ServerContext,
  uri: string,
  position: Position,
): Promise<{ analysis: Analysis; settings: AmpSettings; offset: number } | undefined> {
  const found = await analysisOf(ctx, uri);
  if (!found) return undefined;
  const offset = toOffset(found.analysis.doc.lines, found.analysis.doc.text, position);
  return offset === undefined ? undefined : { ...found, offset };
}

/** `guard` with the context's log: shape-checked params, failures logged and answered with `empty`. */
export function handler<P, R>(ctx: ServerContext, method: string, check: Check<P>, expected: string, empty: R, run: Handler<P, R>) {
  return guard(ctx, method, check, expected, empty, run);
}
