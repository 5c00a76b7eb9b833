// The names the extension shares with its package.json contributions: language, commands, context keys, settings and
// output channels. Pure (no `vscode`), so the contribution tests can check package.json against them.

/** The language id of `.amp` files (package.json `contributes.languages`). */
export const LANGUAGE_ID = 'amp';

/** The id of the language client; vscode-languageclient reads the `<id>.trace.server` setting. */
export const CLIENT_ID = 'amp';

/** Commands the extension contributes (package.json `contributes.commands`) and registers in code. */
export const COMMANDS = {
  restartServer: 'amp.restartServer',
  showServerOutput: 'amp.showServerOutput',
} as const;

/** Context keys the extension sets, for `when` clauses in package.json. */
export const CONTEXT_KEYS = {
  /** True once the extension has activated: its commands are then registered and listed in the palette. */
  active: 'amp.extensionActive',
} as const;

/** The settings section; every setting is `amp.…` (package.json `contributes.configuration`). */
export const SETTINGS_SECTION = 'amp';

/** The trace setting, read by the client only, as a key inside {@link SETTINGS_SECTION}. */
export const TRACE_SETTING = 'trace.server';

/** The output channel for the language server's log (its stderr and `window/logMessage`). */
export const OUTPUT_CHANNEL_NAME = 'AMP Language Server';

/** The output channel for the LSP message trace, governed by `amp.trace.server`. */
export const TRACE_CHANNEL_NAME = 'AMP Language Server Trace';

/** The language status item that shows the server's state (see status.ts). */
export const STATUS_ITEM_ID = 'amp.languageServer';
