// Core edits (offsets, per file) to an LSP WorkspaceEdit: `documentChanges` with versions when the client supports
// them, a `changes` map otherwise. Edits without a path go to the document the request was about.

import type { TextDocumentEdit, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { FileEdits } from '../core/ide/document';
import { toTextEdit } from './convert';
import type { ServerContext } from './context';
import type { Analysis } from './documents';

/**
 * The WorkspaceEdit for `fileEdits`, or undefined when one of the files cannot be located (it is neither open nor
 * readable): applying only part of an edit could leave the files inconsistent.
 */
export function toWorkspaceEdit(ctx: ServerContext, analysis: Analysis, fileEdits: readonly FileEdits[]): WorkspaceEdit | undefined {
  const byUri = new Map<string, { version: number | null; edits: LspTextEdit[] }>();
  for (const fe of fileEdits) {
    const own = fe.path === undefined || fe.path === analysis.doc.path;
    const place = own ? { uri: analysis.uri, lines: analysis.doc.lines } : ctx.store.placeOf(fe.path!, analysis);
    if (!place) {
      ctx.log(`Cannot edit ${fe.path}: the file is neither open nor readable.`);
      return undefined;
    }
    const version = own ? analysis.version : ctx.store.versionOf(fe.path!);
    const entry = byUri.get(place.uri) ?? { version, edits: [] };
    for (const e of fe.edits) entry.edits.push(toTextEdit(place.lines, e));
    byUri.set(place.uri, entry);
  }
  if (ctx.client.workspace?.workspaceEdit?.documentChanges) {
    const documentChanges: TextDocumentEdit[] = [...byUri].map(([uri, { version, edits }]) => ({ textDocument: { uri, version }, edits }));
    return { documentChanges };
  }
  const changes: Record<string, LspTextEdit[]> = {};
  for (const [uri, { edits }] of byUri) changes[uri] = edits;
  return { changes };
}
