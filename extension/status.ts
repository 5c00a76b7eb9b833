// The language server's state as the status item shows it: a small state machine fed by the language client's state
// changes and by the server's `amp/status` notification, and the text, detail and command of the item in each state.
// Pure (no `vscode`): status-item.ts draws what this module computes.

import { COMMANDS } from './ids';

/**
 * `amp/status`, sent by the server to the client when it starts checking and when every pending check is done.
 * Params: {@link ServerStatusParams}.
 */
export const STATUS_NOTIFICATION = 'amp/status';

/** The params of {@link STATUS_NOTIFICATION}. */
export interface ServerStatusParams {
  readonly state: 'checking' | 'ready';
  /** How many documents the server holds (open `.amp` files and manifests). */
  readonly documents: number;
  /** How long the latest check took, in milliseconds. */
  readonly lastCheckMs: number;
}

/** Reads `amp/status` params; anything malformed gives `undefined`, so a bad message can never break the item. */
export function parseServerStatus(value: unknown): ServerStatusParams | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { state, documents, lastCheckMs } = value as Record<string, unknown>;
  if (state !== 'checking' && state !== 'ready') return undefined;
  if (typeof documents !== 'number' || !Number.isInteger(documents) || documents < 0) return undefined;
  if (typeof lastCheckMs !== 'number' || !Number.isFinite(lastCheckMs) || lastCheckMs < 0) return undefined;
  return { state, documents, lastCheckMs };
}

/** The language client's own state (vscode-languageclient's `State`, by name). */
export type ClientState = 'starting' | 'running' | 'stopped' | 'startFailed';

/** What the status item reports. */
export type Phase = 'starting' | 'ready' | 'checking' | 'stopped' | 'failed';

export interface ServerStatus {
  readonly phase: Phase;
  /** From the latest `amp/status`, while the server runs. */
  readonly documents?: number;
  readonly lastCheckMs?: number;
  /** Why the server is not running, when the extension knows. */
  readonly reason?: string;
}

/** Before the client starts. */
export const INITIAL_STATUS: ServerStatus = { phase: 'stopped' };

export type StatusEvent =
  | { readonly kind: 'client'; readonly state: ClientState }
  | { readonly kind: 'server'; readonly params: ServerStatusParams }
  /** The extension could not start the server (e.g. the module is missing, or `start()` rejected). */
  | { readonly kind: 'failed'; readonly reason: string };

/** The state after an event. */
export function nextStatus(status: ServerStatus, event: StatusEvent): ServerStatus {
  switch (event.kind) {
    case 'client':
      switch (event.state) {
        case 'starting':
          return { phase: 'starting' };
        case 'running':
          // The server may already have reported a check in progress before the client saw its own start finish.
          return { ...status, phase: status.phase === 'checking' ? 'checking' : 'ready', reason: undefined };
        case 'startFailed':
          return { phase: 'failed', reason: status.reason };
        case 'stopped':
          // A failed start is followed by a stop; the failure is the news, and it keeps its reason.
          return status.phase === 'failed' ? status : { phase: 'stopped', reason: status.reason };
      }
    case 'server':
      // A late notification from a server that is going away must not make a stopped server look alive.
      if (status.phase === 'stopped' || status.phase === 'failed') return status;
      return { phase: event.params.state, documents: event.params.documents, lastCheckMs: event.params.lastCheckMs };
    case 'failed':
      return { phase: 'failed', reason: event.reason };
  }
}

export type StatusSeverity = 'information' | 'warning' | 'error';

/** What the status item shows: a short text, a detail line, a spinner, a severity and one command. */
export interface StatusView {
  readonly text: string;
  readonly detail: string;
  readonly busy: boolean;
  readonly severity: StatusSeverity;
  readonly command: { readonly title: string; readonly command: string };
}

const RESTART = { title: 'Restart', command: COMMANDS.restartServer } as const;
const SHOW_OUTPUT = { title: 'Show Output', command: COMMANDS.showServerOutput } as const;

/** The item for a state. */
export function presentStatus(status: ServerStatus): StatusView {
  switch (status.phase) {
    case 'starting':
      return { text: 'AMP: starting', detail: 'Starting the language server…', busy: true, severity: 'information', command: SHOW_OUTPUT };
    case 'ready': {
      const parts: string[] = [];
      if (status.documents !== undefined) parts.push(plural(status.documents, 'document'));
      if (status.lastCheckMs !== undefined) parts.push(`last check ${formatDuration(status.lastCheckMs)}`);
      const detail = parts.length ? `Up to date: ${parts.join(', ')}` : 'Up to date';
      return { text: 'AMP: ready', detail, busy: false, severity: 'information', command: SHOW_OUTPUT };
    }
    case 'checking':
      return {
        text: 'AMP: checking',
        detail: status.documents === undefined ? 'Checking…' : `Checking ${plural(status.documents, 'document')}…`,
        busy: true,
        severity: 'information',
        command: SHOW_OUTPUT,
      };
    case 'stopped':
      return { text: 'AMP: stopped', detail: status.reason ?? 'The language server is not running.', busy: false, severity: 'warning', command: RESTART };
    case 'failed':
      return { text: 'AMP: failed', detail: status.reason ?? 'The language server could not start; see its output.', busy: false, severity: 'error', command: RESTART };
  }
}

/** A duration for people: `<1 ms`, `12 ms`, `1.5 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '? ms';
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Runs `fn` after `ms` milliseconds unless cancelled (setTimeout in the extension, a fake clock in tests). */
export type Scheduler = (fn: () => void, ms: number) => { cancel(): void };

export const timerScheduler: Scheduler = (fn, ms) => {
  const handle = setTimeout(fn, ms);
  return { cancel: () => clearTimeout(handle) };
};

/**
 * Keeps the state and renders it. A check that ends within `busyDelayMs` of starting is never shown, so the item
 * does not flicker on every keystroke while the server re-checks a document; a longer one shows its spinner.
 */
export class StatusPresenter {
  private current: ServerStatus = INITIAL_STATUS;
  private shown: Phase | undefined;
  private pending: { cancel(): void } | undefined;

  constructor(
    private readonly render: (view: StatusView, status: ServerStatus) => void,
    private readonly schedule: Scheduler = timerScheduler,
    private readonly busyDelayMs = 250,
  ) {}

  get status(): ServerStatus {
    return this.current;
  }

  update(event: StatusEvent): void {
    this.current = nextStatus(this.current, event);
    if (this.current.phase === 'checking' && this.shown === 'ready') {
      // Leave "ready" on screen for now; show "checking" only if it lasts.
      this.pending ??= this.schedule(() => {
        this.pending = undefined;
        if (this.current.phase === 'checking') this.show();
      }, this.busyDelayMs);
      return;
    }
    this.show();
  }

  /** Draws the current state once more (e.g. after the item was re-created). */
  refresh(): void {
    this.show();
  }

  dispose(): void {
    this.pending?.cancel();
    this.pending = undefined;
  }

  private show(): void {
    this.pending?.cancel();
    this.pending = undefined;
    this.shown = this.current.phase;
    this.render(presentStatus(this.current), this.current);
  }
}
