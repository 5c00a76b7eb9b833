// The shape of one LSP feature: the capabilities it announces (given what the client can do) and the handlers it
// registers. server/features/index.ts lists them all.

import type { ClientCapabilities, ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from '../context';

export interface Feature {
  /** A short name for logs and docs. */
  readonly name: string;
  capabilities(client: ClientCapabilities): ServerCapabilities;
  register(ctx: ServerContext): void;
}
