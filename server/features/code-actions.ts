// textDocument/codeAction over core/ide/code-actions: every fix of a diagnostic under the range as a quick fix (with
// the diagnostic it fixes, in the same LSP form as published), plus the actions that need no diagnostic. Edits come as
// a WorkspaceEdit; an edit of another file (the manifest) goes to that file's URI.

import { type CodeAction, type CodeActionKind } from 'vscode-languageserver/node';
import { codeActionsAt } from '../../core/ide/code-actions';
import { analysisOf, handler } from '../context';
import { toLspDiagnostic, toSpan, type DiagnosticContext } from '../convert';
import { toWorkspaceEdit } from '../edits';
import { EXPECTED, isDocumentRange, isRecord } from '../params';
import type { Feature } from './types';

export const CODE_ACTION_KINDS: CodeActionKind[] = ['quickfix', 'refactor', 'refactor.rewrite', 'source'];

/** Whether `kind` is asked for by `only` (a kind matches itself and every kind below it: `refactor` ⊇ `refactor.rewrite`). */
export function kindWanted(kind: string, only: readonly string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => o === '' || kind === o || kind.startsWith(`${o}.`));
}

export const codeActions: Feature = {
  name: 'code actions',
  capabilities: (client) => ({
    codeActionProvider: client.textDocument?.codeAction?.codeActionLiteralSupport ? { codeActionKinds: CODE_ACTION_KINDS } : true,
  }),
  register(ctx) {
    ctx.connection.onCodeAction(
      handler(ctx, 'textDocument/codeAction', isDocumentRange, `${EXPECTED.range} with context: { diagnostics: [] }`, [] as CodeAction[], async (p) => {
        // Clients without code action literals could only run commands; every client in use today takes literals.
        if (!ctx.client.textDocument?.codeAction?.codeActionLiteralSupport) return [];
        const found = await analysisOf(ctx, p.textDocument.uri);
        if (!found) return [];
        const { analysis } = found;
        const { doc } = analysis;
        const context = (p as { context?: unknown }).context;
        const only = isRecord(context) && Array.isArray(context.only) ? context.only.filter((k): k is string => typeof k === 'string') : undefined;
        const span = toSpan(doc.lines, doc.text, p.range);
        const diagnosticContext: DiagnosticContext = {
          file: { uri: analysis.uri, lines: doc.lines },
          placeOf: (path) => ctx.store.placeOf(path, analysis),
          codeLinks: ctx.codeLinks,
          relatedInformation: ctx.client.textDocument?.publishDiagnostics?.relatedInformation !== false,
        };
        const out: CodeAction[] = [];
        for (const action of codeActionsAt(doc, span)) {
          if (!kindWanted(action.kind, only)) continue;
          const edit = toWorkspaceEdit(ctx, analysis, action.edits);
          if (!edit) continue;
          const lsp: CodeAction = { title: action.title, kind: action.kind, edit };
          if (action.diagnostic) lsp.diagnostics = [toLspDiagnostic(action.diagnostic, diagnosticContext)];
          if (action.isPreferred) lsp.isPreferred = true;
          out.push(lsp);
        }
        return out;
      }),
    );
  },
};
