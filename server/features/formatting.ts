// textDocument/formatting and textDocument/rangeFormatting with the core formatter. The client's tabSize and
// insertSpaces choose the indentation; insertFinalNewline: false keeps a missing final line break missing.

import type { FormattingOptions, TextEdit } from 'vscode-languageserver/node';
import { format, formatRange, type FormatOptions } from '../../core/format/formatter';
import { LineIndex } from '../../core/text';
import { handler, type ServerContext } from '../context';
import { toSpan, toTextEdit } from '../convert';
import { EXPECTED, hasDocument, isDocumentRange, isRecord } from '../params';
import type { Feature } from './types';

/** The formatter's options from the client's: indentation by tabSize and insertSpaces, the final newline if stated. */
export function formatOptions(options: unknown): FormatOptions {
  const o = isRecord(options) ? options : {};
  const tabSize = typeof o.tabSize === 'number' && Number.isInteger(o.tabSize) && o.tabSize > 0 && o.tabSize <= 16 ? o.tabSize : 2;
  const indent = o.insertSpaces === false ? '\t' : ' '.repeat(tabSize);
  return typeof o.insertFinalNewline === 'boolean' ? { indent, insertFinalNewline: o.insertFinalNewline } : { indent };
}

/** The document's text and a line index for it (the analysis's, when it is for this version). */
async function source(ctx: ServerContext, uri: string): Promise<{ text: string; lines: LineIndex } | undefined> {
  const doc = ctx.store.get(uri);
  if (!doc || ctx.store.kindOf(doc) !== 'amp') return undefined;
  const settings = await ctx.settings.get(uri);
  if (!settings.format.enable) return undefined;
  const text = doc.getText();
  return { text, lines: new LineIndex(text) };
}

export const formatting: Feature = {
  name: 'formatting',
  capabilities: () => ({ documentFormattingProvider: true, documentRangeFormattingProvider: true }),
  register(ctx) {
    ctx.connection.onDocumentFormatting(
      handler(ctx, 'textDocument/formatting', hasDocument, EXPECTED.document, null as TextEdit[] | null, async (p) => {
        const src = await source(ctx, p.textDocument.uri);
        if (!src) return null;
        const { edits } = format(src.text, formatOptions((p as { options?: FormattingOptions }).options));
        return edits.map((e) => toTextEdit(src.lines, e));
      }),
    );
    ctx.connection.onDocumentRangeFormatting(
      handler(ctx, 'textDocument/rangeFormatting', isDocumentRange, EXPECTED.range, null as TextEdit[] | null, async (p) => {
        const src = await source(ctx, p.textDocument.uri);
        if (!src) return null;
        const span = toSpan(src.lines, src.text, p.range);
        const { edits } = formatRange(src.text, span.start, span.end, formatOptions((p as { options?: FormattingOptions }).options));
        return edits.map((e) => toTextEdit(src.lines, e));
      }),
    );
  },
};
