// textDocument/hover over core/ide/hover: markdown when the client renders it, the same text as plain text otherwise.

import { MarkupKind, type ClientCapabilities, type Hover } from 'vscode-languageserver/node';
import { hoverAt } from '../../core/ide/hover';
import { analysisAt, handler } from '../context';
import { toRange } from '../convert';
import { EXPECTED, isDocumentPosition } from '../params';
import type { Feature } from './types';

/** The markup kind the client prefers for a set of formats it declared (markdown unless it only takes plain text). */
export function markupKind(formats: readonly string[] | undefined): MarkupKind {
  if (!formats || formats.length === 0) return MarkupKind.Markdown;
  return formats.includes(MarkupKind.Markdown) ? MarkupKind.Markdown : MarkupKind.PlainText;
}

function hoverKind(client: ClientCapabilities): MarkupKind {
  return markupKind(client.textDocument?.hover?.contentFormat);
}

export const hover: Feature = {
  name: 'hover',
  capabilities: () => ({ hoverProvider: true }),
  register(ctx) {
    ctx.connection.onHover(
      handler(ctx, 'textDocument/hover', isDocumentPosition, EXPECTED.position, null as Hover | null, async (p) => {
        const at = await analysisAt(ctx, p.textDocument.uri, p.position);
        if (!at) return null;
        const info = hoverAt(at.analysis.doc, at.offset);
        if (!info) return null;
        return {
          contents: { kind: hoverKind(ctx.client), value: info.markdown },
          range: toRange(at.analysis.doc.lines, info.span.start, info.span.end),
        };
      }),
    );
  },
};
