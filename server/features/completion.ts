// textDocument/completion over core/ide/completion, with completionItem/resolve: clients that can resolve
// documentation lazily get it on resolve (lists stay small), others get it inline. Snippets become plain text for
// clients without snippet support.

import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type CompletionList,
  type MarkupContent,
} from 'vscode-languageserver/node';
import { completionsAt, type CompletionEntry, type CompletionKindName } from '../../core/ide/completion';
import type { Span } from '../../core/ide/document';
import { analysisAt, handler } from '../context';
import { toRange } from '../convert';
import { describe, type Analysis } from '../documents';
import { EXPECTED, isDocumentPosition, isRecord } from '../params';
import { markupKind } from './hover';
import type { Feature } from './types';

/** The LSP item kind of each completion kind (the icon an editor shows). */
export const COMPLETION_KINDS: Record<CompletionKindName, CompletionItemKind> = {
  message: CompletionItemKind.Constant,
  agent: CompletionItemKind.Class,
  builtin: CompletionItemKind.Class,
  pointer: CompletionItemKind.Variable,
  keyword: CompletionItemKind.Keyword,
  snippet: CompletionItemKind.Snippet,
  annotation: CompletionItemKind.Function,
  breach: CompletionItemKind.EnumMember,
  invariant: CompletionItemKind.Constant,
  'header-key': CompletionItemKind.Property,
  'proposal-type': CompletionItemKind.Interface,
  term: CompletionItemKind.Field,
  value: CompletionItemKind.Value,
  event: CompletionItemKind.Event,
  state: CompletionItemKind.EnumMember,
};

/** Characters that open a completion context: a pointer, an annotation, a string (breach ids, header keys). */
export const COMPLETION_TRIGGERS = ['[', '@', '"'];

/** What a lazily resolved item carries to find its entry again. */
interface ResolveData {
  readonly uri: string;
  readonly version: number;
  readonly offset: number;
  /** The entry's index; absent when the data is the list's shared default (the entry is then found by label and kind). */
  readonly index?: number;
}

function isResolveData(v: unknown): v is ResolveData {
  return isRecord(v) && typeof v.uri === 'string' && typeof v.version === 'number' && typeof v.offset === 'number' && (v.index === undefined || typeof v.index === 'number');
}

/** The replace span most entries share (by count), if any entry has one. */
function mostCommonSpan(entries: readonly CompletionEntry[]): Span | undefined {
  const counts = new Map<string, { span: Span; n: number }>();
  let best: { span: Span; n: number } | undefined;
  for (const e of entries) {
    if (!e.replace) continue;
    const key = `${e.replace.start}:${e.replace.end}`;
    const c = counts.get(key) ?? { span: e.replace, n: 0 };
    c.n++;
    counts.set(key, c);
    if (!best || c.n > best.n) best = c;
  }
  return best?.span;
}

/**
 * A snippet as plain text, for clients without snippet support: placeholders keep their default text, tab stops and
 * choices' markers disappear, escapes are undone.
 */
export function snippetToPlain(snippet: string): string {
  let out = '';
  let open = 0; // placeholders whose closing brace is still ahead
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length) {
      out += snippet[++i];
    } else if (c === '$' && /\d/.test(snippet[i + 1] ?? '')) {
      while (/\d/.test(snippet[i + 1] ?? '')) i++;
    } else if (c === '$' && snippet[i + 1] === '{') {
      let j = i + 2;
      while (/\d/.test(snippet[j] ?? '')) j++;
      if (snippet[j] === ':') {
        // ${1:default}: keep the default, drop the closing brace when it comes
        open++;
        i = j;
      } else if (snippet[j] === '|') {
        // ${1|a,b|}: the first choice
        const end = snippet.indexOf('|}', j + 1);
        out += snippet.slice(j + 1, end < 0 ? snippet.length : end).split(',')[0] ?? '';
        i = end < 0 ? snippet.length : end + 1;
      } else {
        // ${1}: nothing
        i = snippet[j] === '}' ? j : j - 1;
      }
    } else if (c === '}' && open > 0) {
      open--;
    } else {
      out += c;
    }
  }
  return out;
}

export const completion: Feature = {
  name: 'completion',
  capabilities: () => ({ completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: true } }),
  register(ctx) {
    /** The last list, so resolve finds its entries without completing again. */
    let last: { uri: string; version: number; offset: number; entries: CompletionEntry[] } | undefined;

    const caps = () => ctx.client.textDocument?.completion?.completionItem;
    /** The entries this client gets: without snippets when the editor contributes its own. */
    const offered = (entries: CompletionEntry[]): CompletionEntry[] => (ctx.editorSnippets() ? entries.filter((e) => e.kind !== 'snippet') : entries);
    const docKind = () => markupKind(caps()?.documentationFormat);
    const lazyDocs = () => caps()?.resolveSupport?.properties?.includes('documentation') === true;
    const documentation = (markdown: string): MarkupContent => ({ kind: docKind(), value: markdown });

    /** The item defaults the client takes (LSP 3.17): a shared edit range and shared data keep big lists small. */
    const defaults = () => ctx.client.textDocument?.completion?.completionList?.itemDefaults ?? [];

    /** The list for `entries`; the range most entries replace becomes the list's default edit range when it can. */
    const toList = (analysis: Analysis, offset: number, entries: readonly CompletionEntry[]): CompletionList => {
      const lines = analysis.doc.lines;
      const snippets = caps()?.snippetSupport === true;
      const insertReplace = caps()?.insertReplaceSupport === true;
      const lazy = lazyDocs();
      const sharedData = lazy && defaults().includes('data');
      const editOf = (replace: Span) => {
        const start = Math.min(replace.start, offset);
        const end = Math.max(replace.end, offset);
        return insertReplace ? { insert: toRange(lines, start, offset), replace: toRange(lines, start, end) } : toRange(lines, start, end);
      };
      const common = defaults().includes('editRange') ? mostCommonSpan(entries) : undefined;
      const list: CompletionList = { isIncomplete: false, items: [] };
      if (common) list.itemDefaults = { editRange: editOf(common) };
      if (sharedData) list.itemDefaults = { ...list.itemDefaults, data: { uri: analysis.uri, version: analysis.version, offset } satisfies ResolveData };
      entries.forEach((e, index) => {
        const item: CompletionItem = { label: e.label, kind: COMPLETION_KINDS[e.kind] ?? CompletionItemKind.Text };
        if (e.detail) item.detail = e.detail;
        if (e.sortText) item.sortText = e.sortText;
        if (e.filterText) item.filterText = e.filterText;
        let newText = e.insertText ?? e.label;
        if (e.isSnippet && snippets) item.insertTextFormat = InsertTextFormat.Snippet;
        else if (e.isSnippet) newText = snippetToPlain(newText);
        if (e.replace && common && e.replace.start === common.start && e.replace.end === common.end) {
          if (newText !== e.label) item.textEditText = newText;
        } else if (e.replace) {
          const edit = editOf(e.replace);
          item.textEdit = 'insert' in edit ? { newText, ...edit } : { newText, range: edit };
        } else if (newText !== e.label || item.insertTextFormat) {
          item.insertText = newText;
        }
        if (e.documentation) {
          if (!lazy) item.documentation = documentation(e.documentation);
          else if (!sharedData) item.data = { uri: analysis.uri, version: analysis.version, offset, index } satisfies ResolveData;
        }
        list.items.push(item);
      });
      return list;
    };

    ctx.connection.onCompletion(
      handler(ctx, 'textDocument/completion', isDocumentPosition, EXPECTED.position, null as CompletionList | null, async (p) => {
        const at = await analysisAt(ctx, p.textDocument.uri, p.position);
        if (!at) return null;
        const entries = offered(completionsAt(at.analysis.doc, at.offset));
        last = { uri: at.analysis.uri, version: at.analysis.version, offset: at.offset, entries };
        return toList(at.analysis, at.offset, entries);
      }),
    );

    ctx.connection.onCompletionResolve(
      handler(ctx, 'completionItem/resolve', (p): p is CompletionItem => isRecord(p) && typeof p.label === 'string', '{ label: string, … }', {} as CompletionItem, async (item) => {
        const data = item.data;
        if (!isResolveData(data) || item.documentation !== undefined) return item;
        try {
          let entries = last && last.uri === data.uri && last.version === data.version && last.offset === data.offset ? last.entries : undefined;
          if (!entries) {
            // The list was replaced by a newer one; complete again at the same place if the text has not changed.
            const doc = ctx.store.get(data.uri);
            if (!doc || doc.version !== data.version) return item;
            const settings = await ctx.settings.get(data.uri);
            const analysis = ctx.store.analysis(data.uri, settings);
            if (!analysis) return item;
            entries = offered(completionsAt(analysis.doc, data.offset));
          }
          const entry =
            data.index !== undefined
              ? entries[data.index]
              : entries.find((e) => e.label === item.label && (COMPLETION_KINDS[e.kind] ?? CompletionItemKind.Text) === item.kind);
          if (entry && entry.label === item.label && entry.documentation) return { ...item, documentation: documentation(entry.documentation) };
        } catch (e) {
          ctx.log(`completionItem/resolve failed: ${describe(e)}`);
        }
        return item;
      }),
    );
  },
};
