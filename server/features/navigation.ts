// Go to definition, find references, document highlights, and rename (with prepareRename) over core/ide/navigation.
// A refused rename is a RequestFailed error carrying the core's reason, which editors show as is.

import { DocumentHighlightKind, type DocumentHighlight, type Location as LspLocation, type Range, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { Location } from '../../core/ide/document';
import { definitionAt, highlightsAt, prepareRenameAt, referencesAt, renameAt } from '../../core/ide/navigation';
import { analysisAt, handler, type ServerContext } from '../context';
import { toRange } from '../convert';
import type { Analysis } from '../documents';
import { toWorkspaceEdit } from '../edits';
import { EXPECTED, isDocumentPosition, isRecord } from '../params';
import { refused } from '../safe';
import type { Feature } from './types';

/** Core locations (in this document or, with `path`, another file) as LSP locations; unlocatable ones are dropped. */
export function toLocations(ctx: ServerContext, analysis: Analysis, locations: readonly Location[]): LspLocation[] {
  const out: LspLocation[] = [];
  for (const l of locations) {
    const place = l.path === undefined || l.path === analysis.doc.path ? { uri: analysis.uri, lines: analysis.doc.lines } : ctx.store.placeOf(l.path, analysis);
    if (place) out.push({ uri: place.uri, range: toRange(place.lines, l.start, l.end) });
  }
  return out;
}

function isReferenceParams(p: unknown): p is { textDocument: { uri: string }; position: { line: number; character: number }; context?: { includeDeclaration?: boolean } } {
  return isDocumentPosition(p) && (!('context' in p) || p.context === undefined || isRecord(p.context));
}

function isRenameParams(p: unknown): p is { textDocument: { uri: string }; position: { line: number; character: number }; newName: string } {
  return isDocumentPosition(p) && typeof (p as { newName?: unknown }).newName === 'string';
}

export const navigation: Feature = {
  name: 'navigation',
  capabilities: (client) => ({
    definitionProvider: true,
    referencesProvider: true,
    documentHighlightProvider: true,
    renameProvider: client.textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true,
  }),
  register(ctx) {
    const { connection } = ctx;
    connection.onDefinition(
      handler(ctx, 'textDocument/definition', isDocumentPosition, EXPECTED.position, [] as LspLocation[], async (p) => {
        const at = await analysisAt(ctx, p.textDocument.uri, p.position);
        return at ? toLocations(ctx, at.analysis, definitionAt(at.analysis.doc, at.offset)) : [];
      }),
    );
    connection.onReferences(
      handler(ctx, 'textDocument/references', isReferenceParams, `${EXPECTED.position} with context: { includeDeclaration: boolean }`, [] as LspLocation[], async (p) => {
        const at = await analysisAt(ctx, p.textDocument.uri, p.position);
        if (!at) return [];
        return toLocations(ctx, at.analysis, referencesAt(at.analysis.doc, at.offset, p.context?.includeDeclaration === true));
      }),
    );
    connection.onDocumentHighlight(
      handler(ctx, 'textDocument/documentHighlight', isDocumentPosition, EXPECTED.position, [] as DocumentHighlight[], async (p) => {
        const at = await analysisAt(ctx, p.textDocument.uri, p.position);
        if (!at) return [];
        const lines = at.analysis.doc.lines;
        return highlightsAt(at.analysis.doc, at.offset).map((h) => ({
          range: toRange(lines, h.span.start, h.span.end),
          kind: h.kind === 'write' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
        }));
      }),
    );
    connection.onPrepareRename(
      handler(ctx, 'textDocument/prepareRename', isDocumentPosition, EXPECTED.position, null as { range: Range; placeholder: string } | null, async (p) => {
        const at = await analysisAt(ctx, p.textDocument.uri, p.position);
        if (!at) return null;
        const result = prepareRenameAt(at.analysis.doc, at.offset);
        if (!result) return null;
        if ('error' in result) throw refused(result.error);
        return { range: toRange(at.analysis.doc.lines, result.span.start, result.span.end), placeholder: result.placeholder };
      }),
    );
    connection.onRenameRequest(
      handler(ctx, 'textDocument/rename', isRenameParams, `${EXPECTED.position} with newName: string`, null as WorkspaceEdit | null, async (p) => {
        const at = await analysisAt(ctx, p.textDocument.uri, p.position);
        if (!at) return null;
        const result = renameAt(at.analysis.doc, at.offset, p.newName);
        if ('error' in result) throw refused(result.error);
        const edit = toWorkspaceEdit(ctx, at.analysis, result.edits);
        if (!edit) throw refused('The rename touches a file that cannot be read.');
        return edit;
      }),
    );
  },
};
