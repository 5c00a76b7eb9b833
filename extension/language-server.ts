// The language client feature: starts dist/server.js over IPC, hands it .amp documents and compiler_ethics.json
// manifests, shows its state in a language status item, and restarts it on command. Thin glue: what it decides
// without VS Code lives in server-options.ts, status.ts and trace-channel.ts.

import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, State, TransportKind, type LanguageClientOptions } from 'vscode-languageclient/node';
import type { FeatureHandle } from './feature';
import { CLIENT_ID, COMMANDS, OUTPUT_CHANNEL_NAME, SETTINGS_SECTION, TRACE_CHANNEL_NAME, TRACE_SETTING } from './ids';
import { DOCUMENT_SELECTOR, MANIFEST_GLOB, serverModulePath, serverOptions } from './server-options';
import { parseServerStatus, STATUS_NOTIFICATION, type ClientState, type StatusPresenter } from './status';
import { createStatusItem } from './status-item';
import { parseTraceSetting, SettingTraceChannel } from './trace-channel';

/** How long a stop may take before the client gives up on the server's shutdown reply. */
const STOP_TIMEOUT_MS = 2000;

const CLIENT_STATE: Readonly<Record<State, ClientState>> = {
  [State.Starting]: 'starting',
  [State.Running]: 'running',
  [State.Stopped]: 'stopped',
  [State.StartFailed]: 'startFailed',
};

/** Owns the language client: one at a time, started, stopped and replaced here only. */
export class LanguageServerController {
  private client: LanguageClient | undefined;
  private clientSubscriptions: vscode.Disposable[] = [];
  private restarting: Promise<boolean> | undefined;

  constructor(
    private readonly extensionPath: string,
    private readonly output: vscode.LogOutputChannel,
    private readonly trace: vscode.LogOutputChannel,
    private readonly manifestWatcher: vscode.FileSystemWatcher,
    private readonly status: StatusPresenter,
  ) {}

  /** Starts the server; false (with the reason in the status item and the output) when it could not. */
  async start(): Promise<boolean> {
    const modulePath = serverModulePath(this.extensionPath);
    if (!existsSync(modulePath)) {
      return this.fail(`The language server is missing (${modulePath}). Build the extension with \`npm run build\`, then restart the server.`);
    }
    try {
      // Creating the client can throw too (e.g. on a VS Code older than the client library supports).
      const client = (this.client ??= this.createClient(modulePath));
      await client.start();
      return true;
    } catch (e) {
      return this.fail(`The language server did not start: ${messageOf(e)}`);
    }
  }

  /** Stops the server (if it runs) and starts it again. Concurrent calls share one restart. */
  restart(): Promise<boolean> {
    this.restarting ??= this.stop()
      .then(() => this.start())
      .finally(() => (this.restarting = undefined));
    return this.restarting;
  }

  /** Stops the server. A server that does not stop cleanly is dropped, and the next start makes a new client. */
  async stop(): Promise<void> {
    const client = this.client;
    if (!client || !client.needsStop()) return;
    try {
      await client.stop(STOP_TIMEOUT_MS);
    } catch (e) {
      this.output.warn(`The language server did not stop cleanly: ${messageOf(e)}`);
      this.disposeClient();
      this.status.update({ kind: 'client', state: 'stopped' });
    }
  }

  /** The reason of the latest failure, for messages to the user. */
  get failure(): string | undefined {
    return this.status.status.phase === 'failed' ? this.status.status.reason : undefined;
  }

  dispose(): void {
    this.disposeClient();
  }

  private createClient(modulePath: string): LanguageClient {
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR.map((filter) => ({ ...filter })),
      // The server re-reads the manifests that govern open documents when one changes on disk. Settings need no
      // synchronising here: the server registers for `amp` configuration changes itself and reads the values per
      // document (workspace/configuration); a `configurationSection` would send every change twice.
      synchronize: { fileEvents: this.manifestWatcher },
      outputChannel: this.output,
      traceOutputChannel: this.trace,
      // The status item reports failures; the output opens when the user asks for it.
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      diagnosticCollectionName: CLIENT_ID,
      // package.json contributes the snippets (snippets/amp.json): the server then leaves its own out of completion.
      initializationOptions: { editorSnippets: true },
    };
    const client = new LanguageClient(CLIENT_ID, OUTPUT_CHANNEL_NAME, serverOptions(modulePath, TransportKind.ipc), clientOptions);
    this.clientSubscriptions = [
      client.onDidChangeState((e) => this.status.update({ kind: 'client', state: CLIENT_STATE[e.newState] })),
      client.onNotification(STATUS_NOTIFICATION, (params: unknown) => {
        const parsed = parseServerStatus(params);
        if (parsed) this.status.update({ kind: 'server', params: parsed });
        else this.output.warn(`Ignored a malformed ${STATUS_NOTIFICATION} notification: ${safeJson(params)}`);
      }),
    ];
    return client;
  }

  private disposeClient(): void {
    const client = this.client;
    this.client = undefined;
    for (const s of this.clientSubscriptions) s.dispose();
    this.clientSubscriptions = [];
    // dispose() stops a running server; a failure to do so has been reported by stop() already.
    client?.dispose(STOP_TIMEOUT_MS).catch(() => undefined);
  }

  private fail(reason: string): false {
    this.output.error(reason);
    this.status.update({ kind: 'failed', reason });
    return false;
  }
}

/** The feature: channels, status item, client and commands. */
export function activateLanguageServer(context: vscode.ExtensionContext): FeatureHandle {
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const readTrace = () => parseTraceSetting(vscode.workspace.getConfiguration(SETTINGS_SECTION).get(TRACE_SETTING));
  const trace = new SettingTraceChannel(
    vscode.window.createOutputChannel(TRACE_CHANNEL_NAME),
    { trace: vscode.LogLevel.Trace, off: vscode.LogLevel.Off },
    readTrace(),
  );
  const statusItem = createStatusItem();
  const manifestWatcher = vscode.workspace.createFileSystemWatcher(MANIFEST_GLOB);
  const controller = new LanguageServerController(context.extensionPath, output, trace, manifestWatcher, statusItem.presenter);

  context.subscriptions.push(
    output,
    trace,
    statusItem,
    manifestWatcher,
    controller,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SETTINGS_SECTION}.${TRACE_SETTING}`)) trace.setSetting(readTrace());
    }),
    vscode.commands.registerCommand(COMMANDS.restartServer, () => restartWithProgress(controller, output)),
    vscode.commands.registerCommand(COMMANDS.showServerOutput, () => output.show()),
  );

  // Not awaited: activation finishes at once, and the status item follows the start.
  void controller.start();
  return { deactivate: () => controller.stop() };
}

async function restartWithProgress(controller: LanguageServerController, output: vscode.LogOutputChannel): Promise<void> {
  const ok = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'AMP: restarting the language server…' },
    () => controller.restart(),
  );
  if (ok) return;
  const choice = await vscode.window.showErrorMessage(`AMP: ${controller.failure ?? 'the language server did not start.'}`, 'Show Output');
  if (choice === 'Show Output') output.show();
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
