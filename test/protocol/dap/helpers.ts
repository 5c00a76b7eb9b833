// A DAP client for the protocol tests and the bench: @vscode/debugadapter-testsupport's DebugClient against
// `node dist/debug-adapter.js`, with every event queued as it arrives (so none is missed between a request and the wait
// for what it causes), timeouts on requests as well as events, and a few shortcuts. Fixtures are located by text, not
// by line numbers written in the tests.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const ADAPTER = join(ROOT, 'dist', 'debug-adapter.js');
export const FIXTURES = join(__dirname, 'fixtures');

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/** The 1-based line of the first line of `file` that contains `text` (after the `after` marker, if given). */
export function lineOf(file: string, text: string, after?: string): number {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  let from = 0;
  if (after !== undefined) {
    from = lines.findIndex((l) => l.includes(after));
    if (from < 0) throw new Error(`${file} has no line with ${JSON.stringify(after)}`);
  }
  const i = lines.findIndex((l, k) => k >= from && l.includes(text));
  if (i < 0) throw new Error(`${file} has no line with ${JSON.stringify(text)}`);
  return i + 1;
}

/**
 * A spec whose run takes tens of thousands of steps (an agent that walks a 400-cell list twice at every cell, until
 * the budget runs low), written to a temporary folder: long enough to pause, and to make a stop after it big.
 */
export function longRun(): { file: string; replyLine: number; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'amp-dap-'));
  const n = 400;
  const cells = Array.from({ length: n }, (_, i) => `message l${i} = "the list with first element (${(i * 7919) % 1000}) and remaining elements [${i + 1 < n ? `l${i + 1}` : 'empty'}]"`);
  const text = `message empty = "the empty list"
${cells.join('\n')}
agent Last {
  on "what is the last element of [list]?" {
    view list as "the list with first element [head] and remaining elements [rest]" else {
      reply "there is none"
    }
    view rest as "the list with first element [_a] and remaining elements [_b]" else {
      reply "[head]"
    }
    let last = ask Last "what is the last element of [rest]?"
    let again = ask Last "what is the last element of [rest]?"
    reply "[last] and [again]"
  }
}
run "long" {
  ask Last "what is the last element of [l0]?" budget 100000
}
`;
  const file = join(dir, 'long.amp');
  writeFileSync(file, text);
  return { file, replyLine: text.split('\n').findIndex((l) => l.includes('reply "[last] and [again]"')) + 1, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const TIMEOUT = 8000;

export interface StartOptions {
  readonly breakpoints?: readonly DebugProtocol.SourceBreakpoint[];
  readonly functionBreakpoints?: readonly DebugProtocol.FunctionBreakpoint[];
  readonly exceptionFilters?: readonly string[];
}

export class Dap {
  readonly dc: DebugClient;
  private readonly queues = new Map<string, DebugProtocol.Event[]>();
  private readonly waiters = new Map<string, ((e: DebugProtocol.Event) => void)[]>();
  /** Every output event's text, in order. */
  readonly outputs: { category: string; output: string }[] = [];
  program = '';

  private constructor() {
    if (!existsSync(ADAPTER)) throw new Error(`${ADAPTER} is missing: run \`node scripts/build.mjs\` first`);
    this.dc = new DebugClient(process.execPath, ADAPTER, 'amp', { cwd: ROOT }, false);
    const emit = this.dc.emit.bind(this.dc);
    this.dc.emit = (name: string | symbol, ...rest: unknown[]): boolean => {
      const e = rest[0] as DebugProtocol.Event | undefined;
      if (typeof name === 'string' && e && (e as { type?: string }).type === 'event') this.deliver(name, e);
      return emit(name, ...rest);
    };
  }

  static async start(): Promise<Dap> {
    const d = new Dap();
    await d.dc.start();
    return d;
  }

  private deliver(name: string, e: DebugProtocol.Event): void {
    if (name === 'output') {
      const body = (e as DebugProtocol.OutputEvent).body;
      this.outputs.push({ category: body.category ?? 'console', output: body.output });
    }
    const waiting = this.waiters.get(name);
    if (waiting?.length) return waiting.shift()!(e);
    let q = this.queues.get(name);
    if (!q) this.queues.set(name, (q = []));
    q.push(e);
  }

  /** The next event of a kind (queued, or the next to come). */
  next<T extends DebugProtocol.Event = DebugProtocol.Event>(name: string, timeout = TIMEOUT): Promise<T> {
    const q = this.queues.get(name);
    if (q?.length) return Promise.resolve(q.shift() as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        const list = this.waiters.get(name) ?? [];
        this.waiters.set(name, list.filter((w) => w !== resolver));
        reject(new Error(`no '${name}' event after ${timeout} ms; output so far:\n${this.output()}`));
      }, timeout);
      const resolver = (e: DebugProtocol.Event) => {
        clearTimeout(timer);
        resolve(e as T);
      };
      let list = this.waiters.get(name);
      if (!list) this.waiters.set(name, (list = []));
      list.push(resolver);
    });
  }

  /** Events of a kind received and not yet taken. */
  pending(name: string): DebugProtocol.Event[] {
    return [...(this.queues.get(name) ?? [])];
  }

  drop(name: string): void {
    this.queues.delete(name);
  }

  output(category?: string): string {
    return this.outputs
      .filter((o) => category === undefined || o.category === category)
      .map((o) => o.output)
      .join('');
  }

  /** Sends a request; rejects with the adapter's message on an error response, or after a timeout. */
  async request<T extends DebugProtocol.Response = DebugProtocol.Response>(command: string, args?: object, timeout = TIMEOUT): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no response to '${command}' after ${timeout} ms; output so far:\n${this.output()}`)), timeout);
    });
    try {
      return (await Promise.race([this.dc.customRequest(command, args), timedOut])) as T;
    } finally {
      clearTimeout(timer);
    }
  }

  /** initialize and launch; resolves once the adapter has sent 'initialized' (rejects with a failed launch's message). */
  async launch(config: Record<string, unknown>): Promise<DebugProtocol.InitializeResponse> {
    const init = await this.request<DebugProtocol.InitializeResponse>('initialize', { adapterID: 'amp', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    this.program = typeof config.program === 'string' ? resolve(ROOT, config.program) : '';
    await this.request('launch', config);
    await this.next('initialized');
    return init;
  }

  /** The whole configuration sequence: launch, breakpoints, exception filters, configurationDone. */
  async begin(config: Record<string, unknown>, options: StartOptions = {}): Promise<{ breakpoints: DebugProtocol.Breakpoint[]; functionBreakpoints: DebugProtocol.Breakpoint[] }> {
    await this.launch(config);
    const breakpoints = options.breakpoints ? await this.setBreakpoints(options.breakpoints) : [];
    const functionBreakpoints = options.functionBreakpoints
      ? (await this.request<DebugProtocol.SetFunctionBreakpointsResponse>('setFunctionBreakpoints', { breakpoints: options.functionBreakpoints })).body.breakpoints
      : [];
    await this.request('setExceptionBreakpoints', { filters: options.exceptionFilters ?? [] });
    await this.request('configurationDone');
    return { breakpoints, functionBreakpoints };
  }

  async setBreakpoints(breakpoints: readonly DebugProtocol.SourceBreakpoint[], path = this.program): Promise<DebugProtocol.Breakpoint[]> {
    return (await this.request<DebugProtocol.SetBreakpointsResponse>('setBreakpoints', { source: { path }, breakpoints })).body.breakpoints;
  }

  stopped(timeout?: number): Promise<DebugProtocol.StoppedEvent> {
    return this.next<DebugProtocol.StoppedEvent>('stopped', timeout);
  }

  /** Sends a stepping request and waits for the stop it causes. */
  async move(command: 'next' | 'stepIn' | 'stepOut' | 'continue' | 'stepBack' | 'reverseContinue', threadId = 1, extra: object = {}): Promise<DebugProtocol.StoppedEvent> {
    await this.request(command, { threadId, ...extra });
    return this.stopped();
  }

  async stack(threadId = 1): Promise<DebugProtocol.StackFrame[]> {
    return (await this.request<DebugProtocol.StackTraceResponse>('stackTrace', { threadId })).body.stackFrames;
  }

  /** The stack as `name@line`, innermost first. */
  async where(threadId = 1): Promise<string[]> {
    return (await this.stack(threadId)).map((f) => `${f.name}@${f.line}`);
  }

  async top(threadId = 1): Promise<DebugProtocol.StackFrame> {
    return (await this.stack(threadId))[0];
  }

  async scopes(frameId: number): Promise<DebugProtocol.Scope[]> {
    return (await this.request<DebugProtocol.ScopesResponse>('scopes', { frameId })).body.scopes;
  }

  async variables(variablesReference: number, extra: object = {}): Promise<DebugProtocol.Variable[]> {
    return (await this.request<DebugProtocol.VariablesResponse>('variables', { variablesReference, ...extra })).body.variables;
  }

  /** The variables of a scope of the top frame, by name. */
  async scope(name: string, threadId = 1): Promise<Map<string, DebugProtocol.Variable>> {
    const frame = await this.top(threadId);
    const scope = (await this.scopes(frame.id)).find((s) => s.name === name);
    if (!scope) throw new Error(`no scope '${name}'`);
    return new Map((await this.variables(scope.variablesReference)).map((v) => [v.name, v]));
  }

  async evaluate(expression: string, context = 'repl', frameId?: number): Promise<DebugProtocol.EvaluateResponse['body']> {
    return (await this.request<DebugProtocol.EvaluateResponse>('evaluate', { expression, context, ...(frameId !== undefined ? { frameId } : {}) })).body;
  }

  /** Disconnects and stops the adapter process. */
  async close(): Promise<void> {
    try {
      await Promise.race([this.dc.disconnectRequest({}), new Promise((r) => setTimeout(r, 1000))]);
    } catch {
      // An adapter that already ended has nothing to disconnect.
    }
    killAdapter(this.dc);
  }
}

/** Kills the adapter process (DebugClient's stop() waits for a disconnect response, which an ended adapter never sends). */
export function killAdapter(dc: DebugClient): void {
  (dc as unknown as { stopAdapter(): void }).stopAdapter();
}
