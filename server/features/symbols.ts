// Document symbols (hierarchical for the outline and breadcrumbs, flat for clients without hierarchy) and workspace
// symbols over the open documents plus the workspace's other `.amp` files (indexed on the first request).

import {
  SymbolKind,
  type DocumentSymbol,
  type SymbolInformation,
  type WorkspaceSymbol,
} from 'vscode-languageserver/node';
import type { AnalyzedDocument } from '../../core/ide/document';
import { documentSymbols, workspaceSymbols, type DocumentSymbolInfo, type SymbolKindName } from '../../core/ide/symbols';
import { LineIndex } from '../../core/text';
import { analysisOf, handler, type ServerContext } from '../context';
import { toRange } from '../convert';
import { uriToPath } from '../files';
import { EXPECTED, hasDocument, isRecord } from '../params';
import { throwIfCancelled } from '../safe';
import { WorkspaceIndex } from '../workspace-index';
import type { Feature } from './types';

/** The LSP symbol kind of each AMP construct (the icon an editor shows in the outline). */
export const SYMBOL_KINDS: Record<SymbolKindName, SymbolKind> = {
  message: SymbolKind.String,
  agent: SymbolKind.Class,
  handler: SymbolKind.Method,
  event: SymbolKind.Event,
  run: SymbolKind.Function,
  consent: SymbolKind.Enum,
  state: SymbolKind.EnumMember,
  selfmod: SymbolKind.Namespace,
  proposal: SymbolKind.Struct,
  header: SymbolKind.Package,
  scars: SymbolKind.Object,
  trust_slice: SymbolKind.Object,
  conscience: SymbolKind.Object,
  let: SymbolKind.Variable,
  hole: SymbolKind.Variable,
};

/** How many workspace symbols one answer holds at most. */
const WORKSPACE_LIMIT = 500;

function toDocumentSymbol(lines: LineIndex, s: DocumentSymbolInfo): DocumentSymbol {
  const out: DocumentSymbol = {
    name: s.name || '(unnamed)',
    kind: SYMBOL_KINDS[s.kind] ?? SymbolKind.Object,
    range: toRange(lines, s.span.start, s.span.end),
    selectionRange: toRange(lines, s.selection.start, s.selection.end),
    children: s.children.map((c) => toDocumentSymbol(lines, c)),
  };
  if (s.detail) out.detail = s.detail;
  return out;
}

function flatten(uri: string, lines: LineIndex, symbols: readonly DocumentSymbolInfo[], container?: string, out: SymbolInformation[] = []): SymbolInformation[] {
  for (const s of symbols) {
    const info: SymbolInformation = { name: s.name || '(unnamed)', kind: SYMBOL_KINDS[s.kind] ?? SymbolKind.Object, location: { uri, range: toRange(lines, s.span.start, s.span.end) } };
    if (container) info.containerName = container;
    out.push(info);
    flatten(uri, lines, s.children, s.name, out);
  }
  return out;
}

function registerWorkspaceSymbols(ctx: ServerContext): void {
  const index = new WorkspaceIndex(ctx.log);
  ctx.onFilesChanged(() => index.invalidate());
  ctx.connection.onWorkspaceSymbol(
    handler(
      ctx,
      'workspace/symbol',
      (p): p is { query: string } => isRecord(p) && typeof p.query === 'string',
      '{ query: string }',
      [] as (SymbolInformation | WorkspaceSymbol)[],
      async (p, token) => {
        // Open documents in their current state, under whatever path or URI they have.
        const places = new Map<string, { uri: string; lines: LineIndex }>();
        const docs: AnalyzedDocument[] = [];
        const openPaths = new Set<string>();
        for (const d of ctx.store.all()) {
          if (ctx.store.kindOf(d) !== 'amp') continue;
          const found = await analysisOf(ctx, d.uri);
          if (!found) continue;
          docs.push(found.analysis.doc);
          places.set(found.analysis.doc.path, { uri: d.uri, lines: found.analysis.doc.lines });
          const path = uriToPath(d.uri);
          if (path) openPaths.add(path);
        }
        throwIfCancelled(token);
        for (const doc of await index.documents(ctx.folders(), (path) => openPaths.has(path), token)) {
          docs.push(doc);
          places.set(doc.path, { uri: ctx.store.uriOf(doc.path), lines: doc.lines });
        }
        throwIfCancelled(token);
        return workspaceSymbols(docs, p.query, WORKSPACE_LIMIT).flatMap((s) => {
          const place = places.get(s.path);
          if (!place) return [];
          const info: SymbolInformation = { name: s.name, kind: SYMBOL_KINDS[s.kind] ?? SymbolKind.Object, location: { uri: place.uri, range: toRange(place.lines, s.span.start, s.span.end) } };
          if (s.container) info.containerName = s.container;
          return [info];
        });
      },
    ),
  );
}

export const symbols: Feature = {
  name: 'symbols',
  capabilities: () => ({ documentSymbolProvider: { label: 'AMP' }, workspaceSymbolProvider: true }),
  register(ctx) {
    ctx.connection.onDocumentSymbol(
      handler(ctx, 'textDocument/documentSymbol', hasDocument, EXPECTED.document, [] as DocumentSymbol[] | SymbolInformation[], async (p) => {
        const found = await analysisOf(ctx, p.textDocument.uri);
        if (!found) return [];
        const { doc } = found.analysis;
        const outline = documentSymbols(doc);
        if (ctx.client.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport) return outline.map((s) => toDocumentSymbol(doc.lines, s));
        return flatten(found.analysis.uri, doc.lines, outline);
      }),
    );
    registerWorkspaceSymbols(ctx);
  },
};
