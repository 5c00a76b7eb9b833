// A small LSP client for the protocol tests and the bench: spawns `node dist/server.js --stdio`, talks to it with
// vscode-jsonrpc, answers the server's requests (configuration, registrations, refreshes), records every notification,
// and waits on events (never on sleeps). Failures carry the server's stderr and log so a broken server explains itself.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const SERVER = join(ROOT, 'dist', 'server.js');
export const FIXTURES = join(__dirname, 'fixtures');

// The few protocol shapes the tests read (declared here so tests depend on the wire format, not on a server library).
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface Location {
  uri: string;
  range: Range;
}
export interface LspDiagnostic {
  range: Range;
  severity?: number;
  code?: string | number;
  codeDescription?: { href: string };
  source?: string;
  message: string;
  tags?: number[];
  relatedInformation?: { location: Location; message: string }[];
  data?: unknown;
}
export interface PublishDiagnosticsParams {
  uri: string;
  version?: number;
  diagnostics: LspDiagnostic[];
}
export interface TextEdit {
  range: Range;
  newText: string;
}
export interface ContentChange {
  range?: Range;
  text: string;
}

/** Client capabilities of an editor that pulls diagnostics (as VS Code does) and supports most of the protocol. */
export const PULL_CLIENT = {
  workspace: {
    applyEdit: true,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    symbol: { dynamicRegistration: true, symbolKind: { valueSet: range(1, 26) } },
    configuration: true,
    workspaceFolders: true,
    semanticTokens: { refreshSupport: true },
    inlayHint: { refreshSupport: true },
    diagnostics: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, willSave: true, didSave: true },
    completion: {
      completionItem: {
        snippetSupport: true,
        documentationFormat: ['markdown', 'plaintext'],
        insertReplaceSupport: true,
        resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] },
        labelDetailsSupport: true,
      },
      contextSupport: true,
      completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    signatureHelp: { signatureInformation: { documentationFormat: ['markdown', 'plaintext'], parameterInformation: { labelOffsetSupport: true }, activeParameterSupport: true }, contextSupport: true },
    definition: { linkSupport: true },
    references: {},
    documentHighlight: {},
    documentSymbol: { hierarchicalDocumentSymbolSupport: true, symbolKind: { valueSet: range(1, 26) } },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.rewrite', 'source'] } }, isPreferredSupport: true, resolveSupport: { properties: ['edit'] } },
    formatting: {},
    rangeFormatting: {},
    rename: { prepareSupport: true },
    foldingRange: { lineFoldingOnly: true, foldingRangeKind: { valueSet: ['comment', 'imports', 'region'] } },
    publishDiagnostics: { relatedInformation: true, versionSupport: false, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, dataSupport: true },
    semanticTokens: {
      requests: { range: true, full: { delta: true } },
      tokenTypes: [],
      tokenModifiers: [],
      formats: ['relative'],
      overlappingTokenSupport: false,
      multilineTokenSupport: false,
    },
    inlayHint: { resolveSupport: { properties: ['tooltip'] } },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
  },
  window: { workDoneProgress: true },
} as const;

/** Client capabilities of an editor that reads published diagnostics (as Neovim, Helix and Emacs do), with plain text only. */
export const PUSH_CLIENT = {
  workspace: {
    applyEdit: true,
    workspaceEdit: { documentChanges: false },
    didChangeConfiguration: { dynamicRegistration: false },
    didChangeWatchedFiles: { dynamicRegistration: false },
    configuration: true,
    workspaceFolders: true,
  },
  textDocument: {
    synchronization: { didSave: true },
    completion: { completionItem: { snippetSupport: false, documentationFormat: ['plaintext'] } },
    hover: { contentFormat: ['plaintext'] },
    signatureHelp: { signatureInformation: { documentationFormat: ['plaintext'] } },
    definition: {},
    references: {},
    documentSymbol: { hierarchicalDocumentSymbolSupport: false },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } },
    rename: { prepareSupport: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true },
  },
} as const;

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export interface StartOptions {
  readonly capabilities: unknown;
  /** What the client answers to workspace/configuration for section "amp" (may be changed later through `settings`). */
  readonly settings?: Record<string, unknown>;
  readonly workspaceFolders?: readonly string[];
  readonly initializationOptions?: unknown;
  /** Extra arguments for node (e.g. --cpu-prof) placed before the server script. */
  readonly nodeArgs?: readonly string[];
  /** How long a wait or a request may take before the test fails. */
  readonly timeoutMs?: number;
}

export interface Notification {
  readonly method: string;
  readonly params: unknown;
}

/** A running server and the client end of its connection. */
export class LspClient {
  readonly notifications: Notification[] = [];
  /** Requests the server sent to the client, in order. */
  readonly serverRequests: Notification[] = [];
  settings: Record<string, unknown>;
  private stderrText = '';
  private readonly waiters = new Set<() => void>();
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exitPromise: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly timeoutMs: number;

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: MessageConnection,
    options: StartOptions,
  ) {
    this.settings = options.settings ?? {};
    this.timeoutMs = options.timeoutMs ?? 10_000;
    proc.stderr!.on('data', (chunk: Buffer) => {
      this.stderrText += chunk.toString();
    });
    this.exitPromise = new Promise((done) => {
      proc.on('exit', (code, signal) => {
        this.exited = { code, signal };
        done(this.exited);
        this.wake();
      });
    });
    conn.onNotification((method: string, params: unknown) => {
      this.notifications.push({ method, params });
      this.wake();
    });
    conn.onRequest((method: string, params: unknown) => {
      this.serverRequests.push({ method, params });
      this.wake();
      switch (method) {
        case 'workspace/configuration': {
          const items = (params as { items?: { section?: string }[] })?.items ?? [];
          return items.map((item) => (item.section === 'amp' ? this.settings : null));
        }
        case 'workspace/applyEdit':
          return { applied: false };
        default:
          return null;
      }
    });
    conn.listen();
  }

  /** Spawns the bundled server and initializes it. */
  static async start(options: StartOptions): Promise<{ client: LspClient; init: InitializeResult }> {
    if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: build first with \`node scripts/build.mjs\` (npm test does).`);
    const proc = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER, '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new LspClient(proc, conn, options);
    const folders = options.workspaceFolders ?? [];
    const init = await client.request<InitializeResult>('initialize', {
      processId: process.pid,
      clientInfo: { name: 'amp-protocol-tests', version: '1' },
      rootUri: folders.length ? uriOf(folders[0]) : null,
      workspaceFolders: folders.length ? folders.map((f) => ({ uri: uriOf(f), name: f })) : null,
      capabilities: options.capabilities,
      initializationOptions: options.initializationOptions,
    });
    await client.conn.sendNotification('initialized', {});
    return { client, init };
  }

  /** Sends a request; fails (with the server's stderr and log) if it takes longer than the timeout. */
  async request<R>(method: string, params?: unknown): Promise<R> {
    const pending = params === undefined ? this.conn.sendRequest<R>(method) : this.conn.sendRequest<R>(method, params);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(this.explain(`no answer to ${method} within ${this.timeoutMs} ms`))), this.timeoutMs);
    });
    try {
      return await Promise.race([pending, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  notify(method: string, params: unknown): void {
    void this.conn.sendNotification(method, params);
  }

  open(uri: string, text: string, languageId = 'amp', version = 1): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: ContentChange[]): void {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): void {
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** Every notification with this method, oldest first. */
  received<P>(method: string): P[] {
    return this.notifications.filter((n) => n.method === method).map((n) => n.params as P);
  }

  /** Published diagnostics for a document, oldest first. */
  published(uri: string): PublishDiagnosticsParams[] {
    return this.received<PublishDiagnosticsParams>('textDocument/publishDiagnostics').filter((p) => p.uri === uri);
  }

  /** The window/logMessage lines so far. */
  logLines(): string[] {
    return this.received<{ message: string }>('window/logMessage').map((p) => p.message);
  }

  get stderr(): string {
    return this.stderrText;
  }

  /**
   * Resolves with the first non-undefined value of `probe`, checked now and after every message from the server.
   * Fails after the timeout, or when the server exits, with `what` and the server's output.
   */
  waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = this.timeoutMs): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        let value: T | undefined;
        try {
          value = probe();
        } catch (e) {
          finish();
          reject(e);
          return true;
        }
        if (value !== undefined) {
          finish();
          resolve(value);
          return true;
        }
        if (this.exited) {
          finish();
          reject(new Error(this.explain(`the server exited (code ${this.exited.code}, signal ${this.exited.signal}) while waiting for ${what}`)));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(this.explain(`timed out after ${timeoutMs} ms waiting for ${what}`)));
      }, timeoutMs);
      const waiter = (): void => void check();
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      if (!check()) this.waiters.add(waiter);
    });
  }

  /** The next publishDiagnostics for `uri` after the `after`-th one (by default: after those already received). */
  nextDiagnostics(uri: string, after = this.published(uri).length): Promise<PublishDiagnosticsParams> {
    return this.waitFor(`diagnostics #${after + 1} for ${uri}`, () => this.published(uri)[after]);
  }

  /** Shuts the server down politely and returns its exit code; kills it if it does not exit in time. */
  async shutdown(): Promise<number | null> {
    if (this.exited) return this.exited.code;
    try {
      await this.request('shutdown');
      this.notify('exit', undefined);
    } catch {
      // fall through to the kill below
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const exit = await Promise.race([this.exitPromise, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), 5000)))]);
    clearTimeout(timer);
    if (!exit) {
      this.kill();
      return (await this.exitPromise).code;
    }
    this.conn.dispose();
    return exit.code;
  }

  /** Ends the server process at once (used when a test fails half-way). */
  kill(): void {
    if (!this.exited) this.proc.kill('SIGKILL');
    this.conn.dispose();
  }

  /** Resolves when the process exits, with its exit code. */
  exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.exitPromise;
  }

  /** A failure message with the server's stderr and its log lines. */
  explain(message: string): string {
    const log = this.logLines().slice(-20).join('\n');
    return `${message}\n--- server stderr ---\n${this.stderrText.slice(-4000) || '(empty)'}\n--- server log ---\n${log || '(empty)'}`;
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

export interface InitializeResult {
  capabilities: Record<string, any>;
  serverInfo?: { name: string; version?: string };
}

export function uriOf(path: string): string {
  return pathToFileURL(path).href;
}
