// The AMP language server: initialize (capabilities from what the client can do), the document lifecycle, settings,
// manifests (open, changed on disk), diagnostics in both models, and every feature in server/features/.

import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { defaultReferencePath, loadCodeLinks, type CodeLinks } from './code-links';
import type { ServerContext } from './context';
import { Diagnostics } from './diagnostics';
import { describe, DocumentStore } from './documents';
import { FEATURES } from './features/index';
import { governedFolder, isManifestDocument, isUnder, uriName, uriToPath } from './files';
import { DIAGNOSTIC_PROVIDER_ID, SETTINGS_SECTION } from './protocol';
import { guard } from './safe';
import { hasDocument, isRecord, EXPECTED } from './params';
import { SettingsCache } from './settings';
import { MANIFEST_NAME } from '../core/workspace/manifest';

/** The server's name and version, as initialize reports them. */
export const SERVER_INFO = { name: 'amp-language-server', version: '0.1.0' };

export interface ServerOptions {
  /** Where diagnostic codes link to; the reference beside the bundle by default. */
  readonly codeLinks?: CodeLinks;
}

/** Starts serving on `connection` (which must not be listening yet). */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const log = (message: string) => connection.console.error(message);
  const store = new DocumentStore(log);
  let client: ClientCapabilities = {};
  let folders: string[] = [];
  let editorSnippets = false;
  let settings = new SettingsCache(undefined);
  let diagnostics: Diagnostics | undefined;
  const codeLinks = options.codeLinks ?? loadCodeLinks(defaultReferencePath());
  const fileListeners: ((uris: readonly string[]) => void)[] = [];

  const ctx: ServerContext = {
    connection,
    store,
    get settings() {
      return settings;
    },
    get client() {
      return client;
    },
    folders: () => folders,
    editorSnippets: () => editorSnippets,
    log,
    codeLinks,
    onFilesChanged: (listener) => fileListeners.push(listener),
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    client = isRecord(params?.capabilities) ? params.capabilities : {};
    folders = folderPaths(params);
    const canAsk = client.workspace?.configuration === true;
    settings = new SettingsCache(
      canAsk ? (uri) => connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }) as Promise<unknown> : undefined,
    );
    // Clients that cannot be asked may pass settings at start-up (Helix's `config`, eglot's initializationOptions).
    const init = params?.initializationOptions;
    if (isRecord(init)) settings.setFallback(isRecord(init.settings) ? init.settings : init);
    editorSnippets = isRecord(init) && init.editorSnippets === true;
    const pull = client.textDocument?.diagnostic !== undefined;
    diagnostics = new Diagnostics({
      connection,
      store,
      settings: ctx.settings,
      codeLinks,
      pull,
      refreshSupport: client.workspace?.diagnostics?.refreshSupport === true,
      relatedInformation: client.textDocument?.publishDiagnostics?.relatedInformation !== false,
      log,
    });
    const capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    };
    if (pull) capabilities.diagnosticProvider = { identifier: DIAGNOSTIC_PROVIDER_ID, interFileDependencies: true, workspaceDiagnostics: false };
    for (const feature of FEATURES) Object.assign(capabilities, feature.capabilities(client));
    return { capabilities, serverInfo: SERVER_INFO };
  });

  connection.onInitialized(() => {
    if (client.workspace?.didChangeConfiguration?.dynamicRegistration) {
      connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch((e: unknown) => log(`Registering for configuration changes failed: ${describe(e)}`));
    }
    if (client.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${MANIFEST_NAME}` }, { globPattern: '**/*.amp' }] })
        .catch((e: unknown) => log(`Registering the file watcher failed: ${describe(e)}`));
    }
    if (client.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
        folders = [...folders.filter((f) => !removed.has(f)), ...e.added.flatMap((f) => uriToPath(f.uri) ?? [])];
      });
    }
  });

  const checks = (): Diagnostics => {
    if (!diagnostics) throw new Error('the server is not initialized');
    return diagnostics;
  };

  /** Re-checks the open AMP documents a manifest at `path` may govern (those in its folder and below). */
  const manifestChanged = (path: string | undefined, immediate: boolean): void => {
    const folder = path === undefined ? undefined : governedFolder(path);
    const governed = store.all().filter((d) => {
      if (store.kindOf(d) !== 'amp') return false;
      const p = uriToPath(d.uri);
      return p !== undefined && folder !== undefined && isUnder(p, folder);
    });
    if (governed.length) checks().recheck(governed.map((d) => d.uri), immediate);
  };

  // A document's first content event is its opening: checked at once, without the debounce.
  let opening: string | undefined;
  store.documents.onDidOpen(({ document }) => {
    opening = document.uri;
  });
  store.documents.onDidChangeContent(({ document }) => {
    const opened = opening === document.uri;
    opening = undefined;
    try {
      const kind = store.kindOf(document);
      if (kind === 'other') return;
      checks().schedule(document.uri, opened);
      if (kind === 'manifest') manifestChanged(uriToPath(document.uri), false);
    } catch (e) {
      log(`Handling a change of ${document.uri} failed: ${describe(e)}`);
    }
  });
  store.documents.onDidClose(({ document }) => {
    try {
      settings.forget(document.uri);
      if (store.kindOf(document) === 'other') return;
      checks().closed(document.uri);
      // The disk's version of a closed manifest governs again.
      if (isManifestDocument(document.uri)) manifestChanged(uriToPath(document.uri), true);
    } catch (e) {
      log(`Handling the close of ${document.uri} failed: ${describe(e)}`);
    }
  });
  store.listen(connection);

  connection.onDidChangeConfiguration((change) => {
    try {
      settings.clear();
      if (client.workspace?.configuration !== true) {
        const raw = isRecord(change?.settings) ? change.settings : {};
        settings.setFallback(isRecord(raw[SETTINGS_SECTION]) ? raw[SETTINGS_SECTION] : raw);
      }
      checks().recheck(store.checked().map((d) => d.uri), true);
      if (client.workspace?.inlayHint?.refreshSupport) connection.languages.inlayHint.refresh().catch(() => undefined);
      if (client.workspace?.semanticTokens?.refreshSupport) connection.languages.semanticTokens.refresh();
    } catch (e) {
      log(`Applying the new configuration failed: ${describe(e)}`);
    }
  });

  connection.onDidChangeWatchedFiles((change) => {
    try {
      store.filesChanged();
      const events = Array.isArray(change?.changes) ? change.changes : [];
      const uris = events.flatMap((e) => (isRecord(e) && typeof e.uri === 'string' ? [e.uri] : []));
      for (const uri of uris) if (uriName(uri) === MANIFEST_NAME) manifestChanged(uriToPath(uri), true);
      for (const listener of fileListeners) listener(uris);
    } catch (e) {
      log(`Handling changed files failed: ${describe(e)}`);
    }
  });

  connection.languages.diagnostics.on(
    guard(ctx, 'textDocument/diagnostic', hasDocument, EXPECTED.document, { kind: 'full', items: [] } as const, (p, token) => {
      const previous = (p as { previousResultId?: unknown }).previousResultId;
      return checks().pullReport(p.textDocument.uri, typeof previous === 'string' ? previous : undefined, token);
    }),
  );

  for (const feature of FEATURES) feature.register(ctx);

  connection.onShutdown(() => {
    diagnostics?.dispose();
  });
}

/** The file-system paths of the workspace folders (or of the root, from clients that only send that). */
function folderPaths(params: InitializeParams | undefined): string[] {
  const folders: readonly WorkspaceFolder[] = Array.isArray(params?.workspaceFolders) ? params.workspaceFolders : [];
  const paths = folders.flatMap((f) => (isRecord(f) && typeof f.uri === 'string' ? (uriToPath(f.uri) ?? []) : []));
  if (paths.length) return paths;
  const root = typeof params?.rootUri === 'string' ? uriToPath(params.rootUri) : typeof params?.rootPath === 'string' ? params.rootPath : undefined;
  return root ? [root] : [];
}
