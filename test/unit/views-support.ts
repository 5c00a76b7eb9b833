// What the views' unit tests share: the debug adapter's session class driven in process (as the extension runs it
// inline), so the views are tested on the run states the adapter really sends; a session object for the follower;
// specs written to a temporary folder; and a hand-built run model for cases the samples do not reach.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { AmpDebugSession } from '../../debug-adapter/session';
import type { SessionLike } from '../../extension/views/follower';
import { parseRunState, type ActivationJson, type RunState } from '../../extension/views/protocol';
import { ThreadRun } from '../../extension/views/run-store';

export const ROOT = resolve(__dirname, '..', '..');
export const SAMPLES = join(ROOT, 'samples');
/** The sample most view tests debug, its text, and the question its run asks. */
export const LIST_MINIMUM = join(SAMPLES, 'list-minimum.amp');
export const LIST_MINIMUM_TEXT = readFileSync(LIST_MINIMUM, 'utf8');
export const LIST_MINIMUM_QUESTION = 'the smallest of 7, 3 and 5';

/** The 1-based line of the first line containing `text` (as DAP breakpoints take it). */
export function lineIn(source: string, text: string): number {
  const i = source.split('\n').findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`'${text}' is not in the source`);
  return i + 1;
}

/** A spec in a temporary folder (removed by `remove()`). */
export function tempSpec(text: string, name = 'spec.amp', extra: Record<string, string> = {}): { path: string; dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'amp-views-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  for (const [n, t] of Object.entries(extra)) writeFileSync(join(dir, n), t);
  return { path, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The adapter's session, in process: requests in through handleMessage, responses and events out. */
export class InlineDap {
  readonly session = new AmpDebugSession({ cwd: ROOT });
  private seq = 1;
  private readonly pending = new Map<number, (r: DebugProtocol.Response) => void>();
  /** Every event, in order (amp/runState included). */
  readonly events: DebugProtocol.Event[] = [];
  private readonly waiting: { name: string; from: number; resolve: (e: DebugProtocol.Event) => void }[] = [];
  private consumed = new Map<string, number>();

  constructor() {
    this.session.onDidSendMessage((m) => {
      const msg = m as DebugProtocol.ProtocolMessage;
      if (msg.type === 'response') {
        const r = msg as DebugProtocol.Response;
        this.pending.get(r.request_seq)?.(r);
        this.pending.delete(r.request_seq);
      } else if (msg.type === 'event') {
        const e = msg as DebugProtocol.Event;
        this.events.push(e);
        for (const w of [...this.waiting]) {
          if (w.name === e.event) {
            this.waiting.splice(this.waiting.indexOf(w), 1);
            w.resolve(e);
            break;
          }
        }
      }
    });
  }

  request(command: string, args: object = {}): Promise<DebugProtocol.Response> {
    const seq = this.seq++;
    return new Promise((resolve) => {
      this.pending.set(seq, resolve);
      this.session.handleMessage({ type: 'request', seq, command, arguments: args } as DebugProtocol.Request);
    });
  }

  /** The next event of this name not yet taken (waiting for it if needed). */
  next(name: string, timeoutMs = 10_000): Promise<DebugProtocol.Event> {
    const from = this.consumed.get(name) ?? 0;
    const all = this.events.filter((e) => e.event === name);
    if (all.length > from) {
      this.consumed.set(name, from + 1);
      return Promise.resolve(all[from]);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no '${name}' event within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.push({
        name,
        from,
        resolve: (e) => {
          clearTimeout(timer);
          this.consumed.set(name, from + 1);
          resolve(e);
        },
      });
    });
  }

  /** Starts a session on a spec with breakpoints (1-based lines) and waits for its first stop. */
  async launch(args: Record<string, unknown>, breakpoints: number[] = []): Promise<void> {
    await this.request('initialize', { adapterID: 'amp', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsRunInTerminalRequest: false });
    const launched = this.request('launch', args);
    await this.next('initialized');
    if (breakpoints.length) await this.request('setBreakpoints', { source: { path: args.program }, breakpoints: breakpoints.map((line) => ({ line })) });
    await this.request('configurationDone');
    const r = await launched;
    if (!r.success) throw new Error(`launch failed: ${r.message}`);
    await this.next('stopped');
  }

  /** A stepping request on thread 1 and the run state it stops with. */
  async move(command: 'next' | 'stepIn' | 'stepOut' | 'stepBack' | 'continue' | 'reverseContinue', args: object = {}): Promise<RunState> {
    const r = await this.request(command, { threadId: 1, ...args });
    if (!r.success) throw new Error(`${command} failed: ${r.message}`);
    await this.next('stopped');
    return this.runState();
  }

  /** The next amp/runState event's body, checked as the views check it. */
  async runState(): Promise<RunState> {
    const e = await this.next('amp/runState');
    const parsed = parseRunState(e.body);
    if ('error' in parsed) throw new Error(parsed.error);
    return parsed.state;
  }

  /** The session as the follower sees it: custom requests answer bodies or fail with the adapter's message. */
  asSession(id = 's1', configuration: Record<string, unknown> = {}): SessionLike & { requests: { command: string; args: unknown }[] } {
    const requests: { command: string; args: unknown }[] = [];
    return {
      id,
      type: 'amp',
      name: `session ${id}`,
      configuration,
      requests,
      customRequest: async (command: string, args?: unknown) => {
        requests.push({ command, args });
        const r = await this.request(command, (args ?? {}) as object);
        if (!r.success) throw new Error(r.message);
        return r.body;
      },
    };
  }

  async close(): Promise<void> {
    await this.request('disconnect', {});
  }
}

/** A run model made by hand: the given activations (in start order), frames and step. */
export function handRun(opts: { activations: ActivationJson[]; step: number; frames?: RunState['frames']; extra?: Partial<RunState> }): ThreadRun {
  const body = {
    version: 1,
    threadId: 1,
    run: 'hand-made',
    step: opts.step,
    position: opts.step,
    recorded: opts.step + 1,
    status: 'running',
    costModel: 'seed',
    meta: false,
    waiting: null,
    frames: opts.frames ?? [{ activation: 0, kind: 'run', agent: 'run "hand-made"', label: 'hand-made', budget: 0, allotted: 0, spent: 0, delegated: 0 }],
    budget: { root: 0, returned: 0, held: 0, spent: 0 },
    activations: { reset: true, items: opts.activations },
    events: { from: 0, total: 0, items: [] },
    truncated: false,
    ...opts.extra,
  } as RunState;
  const t = new ThreadRun(1);
  t.apply(body);
  return t;
}
