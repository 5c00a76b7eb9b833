// The server's own protocol messages, beyond LSP: one namespace per message, with its method name, its direction and
// the shape of its parameters. docs/language-server.md documents the same shapes for client authors.

import { NotificationType } from 'vscode-languageserver/node';

/** What the server is doing, for a status bar item. */
export interface StatusParams {
  /** `checking` while a check is scheduled or running, `ready` when every open document is checked. */
  readonly state: 'checking' | 'ready';
  /** Open documents the server checks (`.amp` files and `compiler_ethics.json` manifests). */
  readonly documents: number;
  /** Wall time of the most recent check in ms (0 before the first). */
  readonly lastCheckMs: number;
}

/** Server → client notification: the server's state changed. Sent on every transition, never repeated. */
export namespace StatusNotification {
  export const method = 'amp/status';
  export const type = new NotificationType<StatusParams>(method);
}

/** The configuration section the server reads (workspace/configuration with `section: "amp"`). */
export const SETTINGS_SECTION = 'amp';

/** The identifier of the server's pull-diagnostics provider. */
export const DIAGNOSTIC_PROVIDER_ID = 'amp';
