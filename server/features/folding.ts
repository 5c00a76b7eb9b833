// textDocument/foldingRange over core/ide/folding, within the client's rangeLimit when it states one.

import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver/node';
import { foldingRanges } from '../../core/ide/folding';
import { analysisOf, handler } from '../context';
import { EXPECTED, hasDocument } from '../params';
import type { Feature } from './types';

export const folding: Feature = {
  name: 'folding',
  capabilities: () => ({ foldingRangeProvider: true }),
  register(ctx) {
    ctx.connection.onFoldingRanges(
      handler(ctx, 'textDocument/foldingRange', hasDocument, EXPECTED.document, [] as FoldingRange[], async (p) => {
        const found = await analysisOf(ctx, p.textDocument.uri);
        if (!found) return [];
        const limit = ctx.client.textDocument?.foldingRange?.rangeLimit;
        const ranges = foldingRanges(found.analysis.doc).map((r): FoldingRange => {
          const out: FoldingRange = { startLine: r.startLine, endLine: r.endLine };
          if (r.kind === 'comment') out.kind = FoldingRangeKind.Comment;
          else if (r.kind === 'region') out.kind = FoldingRangeKind.Region;
          return out;
        });
        return typeof limit === 'number' && limit >= 0 ? ranges.slice(0, limit) : ranges;
      }),
    );
  },
};
