// textDocument/signatureHelp over core/ide/signature-help: annotation arguments (triggered by `(` and `,`) and the
// templates an asked agent answers (triggered by `"`). Parameter labels are offsets when the client takes them.

import type { ParameterInformation, SignatureHelp, SignatureInformation } from 'vscode-languageserver/node';
import { signatureHelpAt } from '../../core/ide/signature-help';
import { analysisAt, handler } from '../context';
import { EXPECTED, isDocumentPosition } from '../params';
import { markupKind } from './hover';
import type { Feature } from './types';

export const SIGNATURE_TRIGGERS = ['(', ',', '"'];

export const signatureHelp: Feature = {
  name: 'signature help',
  capabilities: () => ({ signatureHelpProvider: { triggerCharacters: SIGNATURE_TRIGGERS, retriggerCharacters: [' '] } }),
  register(ctx) {
    ctx.connection.onSignatureHelp(
      handler(ctx, 'textDocument/signatureHelp', isDocumentPosition, EXPECTED.position, null as SignatureHelp | null, async (p) => {
        const at = await analysisAt(ctx, p.textDocument.uri, p.position);
        if (!at) return null;
        const help = signatureHelpAt(at.analysis.doc, at.offset);
        if (!help || help.signatures.length === 0) return null;
        const info = ctx.client.textDocument?.signatureHelp?.signatureInformation;
        const kind = markupKind(info?.documentationFormat);
        const offsets = info?.parameterInformation?.labelOffsetSupport === true;
        const signatures = help.signatures.map((s): SignatureInformation => {
          const parameters = s.parameters.map((param): ParameterInformation => {
            const label = typeof param.label === 'string' || offsets ? param.label : s.label.slice(param.label[0], param.label[1]);
            return param.documentation ? { label, documentation: { kind, value: param.documentation } } : { label };
          });
          return s.documentation ? { label: s.label, documentation: { kind, value: s.documentation }, parameters } : { label: s.label, parameters };
        });
        return { signatures, activeSignature: help.activeSignature, activeParameter: help.activeParameter };
      }),
    );
  },
};
