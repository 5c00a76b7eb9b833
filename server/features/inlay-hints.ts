// textDocument/inlayHint over core/ide/inlay-hints. amp.inlayHints.budgets turns the budget hints off; the other kinds
// (the handler an ask reaches, a handler's worst-case E_ext) are always shown.

import { type InlayHint } from 'vscode-languageserver/node';
import { inlayHints as coreHints } from '../../core/ide/inlay-hints';
import { analysisOf, handler } from '../context';
import { toSpan } from '../convert';
import { EXPECTED, isDocumentRange } from '../params';
import type { Feature } from './types';

export const inlayHintsFeature: Feature = {
  name: 'inlay hints',
  capabilities: () => ({ inlayHintProvider: true }),
  register(ctx) {
    ctx.connection.languages.inlayHint.on(
      handler(ctx, 'textDocument/inlayHint', isDocumentRange, EXPECTED.range, [] as InlayHint[], async (p) => {
        const found = await analysisOf(ctx, p.textDocument.uri);
        if (!found) return [];
        const { doc } = found.analysis;
        const span = toSpan(doc.lines, doc.text, p.range);
        return coreHints(doc, span, { budgets: found.settings.inlayHints.budgets }).map((h) => {
          const hint: InlayHint = { position: doc.lines.positionAt(h.offset), label: h.label };
          if (h.tooltip) hint.tooltip = h.tooltip;
          if (h.paddingLeft) hint.paddingLeft = true;
          if (h.paddingRight) hint.paddingRight = true;
          return hint;
        });
      }),
    );
  },
};
