// How the client starts the language server and which documents it hands it. Pure (no `vscode`): the transport kind
// comes from vscode-languageclient at the call site, so unit tests can check the options without an editor.

import { join } from 'node:path';
import { LANGUAGE_ID } from './ids';

/** Where the bundled server lives, relative to the extension's folder (scripts/build.mjs writes it). */
export const SERVER_MODULE = ['dist', 'server.js'] as const;

/** The inspector port of the server in a debug run of the extension (attach a Node debugger to it). */
export const SERVER_DEBUG_PORT = 6009;

/** The manifests that govern `.amp` files (docs/language.md §3); the server is told when one changes on disk. */
export const MANIFEST_GLOB = '**/compiler_ethics.json';

/** One entry of a document selector, in the shape of VS Code's DocumentFilter. */
export interface DocumentFilterSpec {
  readonly scheme: string;
  readonly language: string;
  readonly pattern?: string;
}

/**
 * The documents the server handles: `.amp` files on disk and unsaved ones, and `compiler_ethics.json` manifests on
 * disk. A manifest is `jsonc` when this extension's language contribution applies (it allows comments) and `json`
 * when a user's `files.associations` says so; the server gets it either way.
 */
export const DOCUMENT_SELECTOR: readonly DocumentFilterSpec[] = [
  { scheme: 'file', language: LANGUAGE_ID },
  { scheme: 'untitled', language: LANGUAGE_ID },
  { scheme: 'file', language: 'json', pattern: MANIFEST_GLOB },
  { scheme: 'file', language: 'jsonc', pattern: MANIFEST_GLOB },
];

/** The absolute path of the server module inside an installed or development copy of the extension. */
export function serverModulePath(extensionPath: string): string {
  return join(extensionPath, ...SERVER_MODULE);
}

/** A Node module the client forks, in the shape of vscode-languageclient's NodeModule. */
export interface NodeModuleSpec<Transport> {
  readonly module: string;
  readonly transport: Transport;
  readonly options?: { readonly execArgv: string[] };
}

/**
 * The server options: the same module over the given transport (IPC in the extension) for a normal run and for a
 * debug run; the debug run opens the inspector on {@link SERVER_DEBUG_PORT} so a debugger can attach to the server.
 */
export function serverOptions<Transport>(
  modulePath: string,
  transport: Transport,
): { readonly run: NodeModuleSpec<Transport>; readonly debug: NodeModuleSpec<Transport> } {
  return {
    run: { module: modulePath, transport },
    debug: { module: modulePath, transport, options: { execArgv: ['--nolazy', `--inspect=${SERVER_DEBUG_PORT}`] } },
  };
}
