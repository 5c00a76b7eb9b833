// Semantic tokens over core/ide/semantic-tokens: full, range, and full/delta (one builder per document remembers the
// last result, so a delta is an edit of the previous token array rather than the whole array again).

import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensDelta } from 'vscode-languageserver/node';
import type { Span } from '../../core/ide/document';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES, semanticTokens as coreTokens } from '../../core/ide/semantic-tokens';
import { analysisOf, handler, type ServerContext } from '../context';
import { toSpan } from '../convert';
import { EXPECTED, hasDocument, isDocumentRange } from '../params';
import type { Feature } from './types';

/** The legend: the core's token types and modifiers, in the core's order (token data holds indexes into them). */
export const LEGEND = { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] };

const EMPTY: SemanticTokens = { data: [] };

async function fill(ctx: ServerContext, uri: string, builder: SemanticTokensBuilder, range?: Parameters<typeof toSpan>[2]): Promise<boolean> {
  const found = await analysisOf(ctx, uri);
  if (!found) return false;
  const { doc } = found.analysis;
  const span: Span | undefined = range ? toSpan(doc.lines, doc.text, range) : undefined;
  for (const t of coreTokens(doc, span)) {
    const at = doc.lines.positionAt(t.start);
    builder.push(at.line, at.character, t.length, t.type, t.modifiers);
  }
  return true;
}

export const semanticTokensFeature: Feature = {
  name: 'semantic tokens',
  capabilities: () => ({ semanticTokensProvider: { legend: LEGEND, full: { delta: true }, range: true } }),
  register(ctx) {
    const builders = new Map<string, SemanticTokensBuilder>();
    ctx.store.documents.onDidClose(({ document }) => builders.delete(document.uri));
    const { semanticTokens } = ctx.connection.languages;

    semanticTokens.on(
      handler(ctx, 'textDocument/semanticTokens/full', hasDocument, EXPECTED.document, EMPTY, async (p) => {
        const builder = new SemanticTokensBuilder();
        if (!(await fill(ctx, p.textDocument.uri, builder))) return EMPTY;
        builders.set(p.textDocument.uri, builder);
        return builder.build();
      }),
    );
    semanticTokens.onDelta(
      handler(
        ctx,
        'textDocument/semanticTokens/full/delta',
        (p): p is { textDocument: { uri: string }; previousResultId: string } => hasDocument(p) && typeof (p as { previousResultId?: unknown }).previousResultId === 'string',
        `${EXPECTED.document} with previousResultId: string`,
        EMPTY as SemanticTokens | SemanticTokensDelta,
        async (p) => {
          const uri = p.textDocument.uri;
          let builder = builders.get(uri);
          if (builder) builder.previousResult(p.previousResultId);
          else builder = new SemanticTokensBuilder();
          if (!(await fill(ctx, uri, builder))) return EMPTY;
          builders.set(uri, builder);
          return builder.canBuildEdits() ? builder.buildEdits() : builder.build();
        },
      ),
    );
    semanticTokens.onRange(
      handler(ctx, 'textDocument/semanticTokens/range', isDocumentRange, EXPECTED.range, EMPTY, async (p) => {
        const builder = new SemanticTokensBuilder();
        return (await fill(ctx, p.textDocument.uri, builder, p.range)) ? builder.build() : EMPTY;
      }),
    );
  },
};
