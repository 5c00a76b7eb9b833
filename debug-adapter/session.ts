// The AMP debug session: DAP over the meta-execution runtime. One thread per run, frames from the root question to
// the agent acting now, stepping and time travel over each run's History, breakpoints, variables, the debug console
// (expressions, and the human's answers while `human` waits), and the run state the views read. The same class runs
// inline in the extension host and standalone over stdio (main.ts). docs/debugging.md is its user guide.

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DebugSession, Event, InitializedEvent, OutputEvent, TerminatedEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  agentLabel, COMMAND_HELP, eventsBetween, eventsOf, frameViews, framesOf, initialState, renderText, reportFromEvents, stepBound, TraceWriter, type FrameView, type MachineState, type RunReport,
} from '../core/runtime/index';
import { Breakpoints, type Hit } from './breakpoints';
import { EXCEPTION_FILTERS } from './exceptions';
import { evaluate, formatResult, parseExpression } from './expressions';
import { frameScope, pointerValue } from './frame-scope';
import { load, LaunchError, parseLaunchArguments, type LaunchArguments, type Loaded } from './launch';
import { RunStateTracker, ValueRegistry, type RunStateJson } from './run-state';
import { SourceMap, statementOf, topStatement } from './source-map';
import { backwardOnce, forwardOnce, RunThread, stopAtStart, type Motion, type ReverseMotion, type Stop } from './stepper';
import { References, scopesFor, valueVariable, variablesOf } from './variables';

/** Custom events and requests (docs/debugging.md §Run state). */
export const RUN_STATE_EVENT = 'amp/runState';
export const RUN_STATE_REQUEST = 'amp/runState';
export const GO_TO_STEP_REQUEST = 'amp/goToStep';
export const EXPAND_REQUEST = 'amp/expand';

/** How long a motion runs before it lets other requests (pause, disconnect) in, in milliseconds. */
const SLICE_MS = 12;

/** A request's arguments are checked before use: a malformed request gets an error response, never a crash. */
class BadRequest extends Error {}

function need<T>(ok: boolean, message: string, value?: T): asserts ok {
  if (!ok) throw new BadRequest(message + (value !== undefined ? ` (got ${JSON.stringify(value)})` : ''));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface SessionOptions {
  /** The folder relative paths of the launch configuration start from, when it sets no `cwd`. */
  readonly cwd?: string;
  /**
   * Fault injection for the tests of the failure path: the step a forward motion fails at, as if the runtime had
   * thrown (standalone adapter: the environment variable AMP_DEBUG_ADAPTER_FAIL_AT_STEP).
   */
  readonly failAtStep?: number;
}

export class AmpDebugSession extends DebugSession {
  private args: LaunchArguments | undefined;
  private loaded: Loaded | undefined;
  private map: SourceMap | undefined;
  private bps: Breakpoints | undefined;
  private threads: RunThread[] = [];
  private readonly trackers = new Map<number, RunStateTracker>();
  private readonly values = new ValueRegistry();
  private readonly refs = new References();
  private frameIds = new Map<number, { thread: RunThread; index: number }>();
  private nextFrameId = 1;
  private gotoTargets = new Map<number, { thread: RunThread; position: number }>();
  private current: RunThread | undefined;
  private configured = false;
  private busy = false;
  private pauseRequested = false;
  private finished = false;
  private traceWritten = false;
  private readonly cwd: string;
  private readonly failAtStep: number | undefined;

  constructor(options: SessionOptions = {}) {
    super();
    this.cwd = options.cwd ?? process.cwd();
    this.failAtStep = options.failAtStep;
    // Lines and columns are 0-based inside; the base class converts to what the client asked for.
    this.setDebuggerLinesStartAt1(false);
    this.setDebuggerColumnsStartAt1(false);
  }

  // ---- plumbing -------------------------------------------------------------------------------------------------------

  /** Every request goes through here: bad arguments and failures become error responses with a readable message. */
  protected override dispatchRequest(request: DebugProtocol.Request): void {
    const response: DebugProtocol.Response = { seq: 0, type: 'response', request_seq: request.seq, command: request.command, success: true };
    try {
      if (request.arguments !== undefined && !isObject(request.arguments)) throw new BadRequest(`the arguments of '${request.command}' must be a JSON object`);
      // Clients may leave out the arguments of a request that has none worth sending; the handlers read them anyway.
      request.arguments ??= {};
      super.dispatchRequest(request);
    } catch (e) {
      this.fail(response, e);
    }
  }

  private fail(response: DebugProtocol.Response, e: unknown): void {
    const message = e instanceof BadRequest || e instanceof LaunchError ? e.message : `internal error in '${response.command}': ${e instanceof Error ? e.message : String(e)}`;
    // No variables: the client shows the message as it is (braces included).
    this.sendErrorResponse(response, { id: 1, format: message, showUser: true, variables: {} });
  }

  /** Runs a request handler; anything it throws is answered as an error of that request. */
  private guard(response: DebugProtocol.Response, handler: () => void): void {
    try {
      handler();
    } catch (e) {
      this.fail(response, e);
    }
  }

  private output(text: string, category: 'console' | 'stdout' | 'stderr' | 'important' = 'console', extra: Partial<DebugProtocol.OutputEvent['body']> = {}): void {
    const e = new OutputEvent(text.endsWith('\n') ? text : text + '\n', category) as DebugProtocol.OutputEvent;
    Object.assign(e.body, extra);
    this.sendEvent(e);
  }

  private thread(id: unknown): RunThread {
    need(this.loaded !== undefined, 'no program is running: launch one first');
    need(typeof id === 'number', "'threadId' must be a number", id);
    const t = this.threads.find((x) => x.id === id);
    need(t !== undefined, `there is no thread ${id as number} (threads: ${this.threads.map((x) => x.id).join(', ')})`);
    return t;
  }

  private ready(): void {
    need(this.loaded !== undefined, 'no program is running: launch one first');
    need(this.configured, "the session has not started yet: send 'configurationDone' first");
    need(!this.finished, 'the session has ended');
  }

  private idle(): void {
    this.ready();
    need(!this.busy, 'the run is running: pause it first');
  }

  // ---- initialize and launch ---------------------------------------------------------------------------------------------

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      ...response.body,
      supportsConfigurationDoneRequest: true,
      supportsFunctionBreakpoints: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsStepBack: true,
      supportsEvaluateForHovers: true,
      supportsExceptionInfoRequest: true,
      supportsTerminateRequest: true,
      supportsBreakpointLocationsRequest: true,
      supportsSteppingGranularity: true,
      supportsGotoTargetsRequest: true,
      supportsDelayedStackTraceLoading: true,
      exceptionBreakpointFilters: EXCEPTION_FILTERS.map((f) => ({ filter: f.filter, label: f.label, description: f.description, default: f.default })),
    };
    this.sendResponse(response);
  }

  protected override launchRequest(response: DebugProtocol.LaunchResponse, raw: DebugProtocol.LaunchRequestArguments): void {
    if (this.loaded) return this.fail(response, new BadRequest('this session has already launched a program'));
    const parsed = parseLaunchArguments(raw, this.cwd);
    if ('error' in parsed) return this.launchFailed(response, new LaunchError(`Cannot launch: ${parsed.error}.`));
    for (const w of parsed.warnings) this.output(`warning: ${w}`, 'console');
    let loaded: Loaded;
    try {
      loaded = load(parsed.args);
    } catch (e) {
      return this.launchFailed(response, e);
    }
    const args = parsed.args;
    this.args = args;
    this.loaded = loaded;
    this.map = new SourceMap(loaded.program, loaded.text);
    this.bps = new Breakpoints(this.map);
    this.bps.disabled = args.noDebug;
    this.threads = loaded.runs.map((run, i) => {
      const code = loaded.program.runs[run];
      const t = new RunThread(i + 1, run, code.label, initialState(loaded.program, run, { costModel: args.costModel, meta: args.meta }, loaded.env), loaded.env, stepBound(loaded.program, run));
      this.trackers.set(t.id, new RunStateTracker(t, this.map!.lines, this.values));
      return t;
    });
    this.current = this.threads[0];
    const runs = this.threads.map((t) => `"${t.name}"`).join(', ');
    this.output(`Debugging ${loaded.shown}: ${this.threads.length === 1 ? 'run' : 'runs'} ${runs} (cost model ${args.costModel}${args.meta ? ', meta mode' : ''}${args.noDebug ? ', without stopping' : ''}).`);
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  private launchFailed(response: DebugProtocol.Response, e: unknown): void {
    if (e instanceof LaunchError && e.details) this.output(e.details, 'stderr');
    this.fail(response, e);
    this.sendEvent(new TerminatedEvent());
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.guard(response, () => {
      need(this.loaded !== undefined, 'no program is running: launch one first');
      need(!this.configured, "'configurationDone' was already sent");
      this.configured = true;
      this.sendResponse(response);
      const first = this.threads[0];
      if (this.args!.stopOnEntry && !this.args!.noDebug) return this.stopped(first, { reason: 'entry', description: `Paused at the start of run "${first.name}"` });
      this.startThread(first);
    });
  }

  /** Starts (continues) a thread from its current state: a breakpoint on its first statement stops it at once. */
  private startThread(t: RunThread): void {
    if (t.history.position === 0) {
      const stop = stopAtStart(t, this.bps!, this.hooks);
      if (stop) return this.stopped(t, stop);
    }
    void this.drive(t, { kind: 'continue' }, false);
  }

  // ---- breakpoints --------------------------------------------------------------------------------------------------------

  private samePath(a: string | undefined): boolean {
    if (!a || !this.loaded) return false;
    const norm = (p: string) => (process.platform === 'win32' || process.platform === 'darwin' ? p.toLowerCase() : p);
    return norm(resolve(this.cwd, a)) === norm(this.loaded.path);
  }

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    this.guard(response, () => {
      need(isObject(args.source), "'source' must be an object with the file's 'path'", args.source);
      for (const b of Array.isArray(args.breakpoints) ? args.breakpoints : []) {
        for (const k of ['condition', 'hitCondition', 'logMessage'] as const) need(b?.[k] === undefined || typeof b[k] === 'string', `a breakpoint's '${k}' must be text`, b?.[k]);
      }
      const requested: DebugProtocol.SourceBreakpoint[] = Array.isArray(args.breakpoints) ? args.breakpoints : Array.isArray(args.lines) ? args.lines.map((line) => ({ line })) : [];
      for (const b of requested) need(isObject(b) && typeof b.line === 'number' && Number.isInteger(b.line), "each breakpoint needs a whole 'line'", b);
      if (!this.loaded || !this.bps) {
        response.body = { breakpoints: requested.map(() => ({ verified: false, message: 'no program is loaded yet' })) };
        return this.sendResponse(response);
      }
      if (!this.samePath(typeof args.source.path === 'string' ? args.source.path : undefined)) {
        response.body = { breakpoints: requested.map((b) => ({ verified: false, line: b.line, message: `this session debugs ${this.loaded!.shown}, not this file` })) };
        return this.sendResponse(response);
      }
      const set = this.bps.setLines(
        requested.map((b) => ({ line: this.convertClientLineToDebugger(b.line), condition: b.condition, hitCondition: b.hitCondition, logMessage: b.logMessage })),
      );
      const source = this.source();
      const out = set.map((b) => ({ id: b.id, verified: b.verified, line: this.convertDebuggerLineToClient(b.line), source, ...(b.message ? { message: b.message } : {}) }));
      response.body = { breakpoints: out };
      this.sendResponse(response);
      // A moved breakpoint is also announced, so clients that ignore the response's line still draw it where it stops.
      set.forEach((b, i) => {
        if (b.verified && b.line !== b.requestedLine) this.sendEvent(new Event('breakpoint', { reason: 'changed', breakpoint: out[i] }));
      });
    });
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    this.guard(response, () => {
      need(Array.isArray(args.breakpoints), "'breakpoints' must be a list", args.breakpoints);
      for (const b of args.breakpoints) need(isObject(b) && typeof b.name === 'string', "each function breakpoint needs a 'name'", b);
      need(this.bps !== undefined, 'no program is loaded yet');
      const set = this.bps.setFunctions(args.breakpoints.map((b) => ({ name: b.name, condition: b.condition, hitCondition: b.hitCondition })));
      response.body = { breakpoints: set.map((b) => ({ id: b.id, verified: b.verified, ...(b.message ? { message: b.message } : {}) })) };
      this.sendResponse(response);
    });
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.guard(response, () => {
      need(Array.isArray(args.filters) && args.filters.every((f) => typeof f === 'string'), "'filters' must be a list of filter names", args.filters);
      need(this.bps !== undefined, 'no program is loaded yet');
      const unknown = this.bps.setExceptionFilters(args.filters);
      if (unknown.length) this.output(`warning: unknown exception filter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ignored (filters: ${EXCEPTION_FILTERS.map((f) => f.filter).join(', ')})`);
      response.body = { breakpoints: args.filters.map((f) => ({ verified: !unknown.includes(f) })) };
      this.sendResponse(response);
    });
  }

  protected override breakpointLocationsRequest(response: DebugProtocol.BreakpointLocationsResponse, args: DebugProtocol.BreakpointLocationsArguments): void {
    this.guard(response, () => {
      need(typeof args.line === 'number', "'line' must be a number", args.line);
      if (!this.map || !this.samePath(args.source?.path)) {
        response.body = { breakpoints: [] };
        return this.sendResponse(response);
      }
      const from = this.convertClientLineToDebugger(args.line);
      const to = typeof args.endLine === 'number' ? this.convertClientLineToDebugger(args.endLine) : from;
      response.body = {
        breakpoints: this.map.executableLines(from, to).map((line) => {
          const at = this.map!.statementsAt(line)[0].at;
          return { line: this.convertDebuggerLineToClient(line), column: this.convertDebuggerColumnToClient(this.map!.lines.positionAt(at.start).character) };
        }),
      };
      this.sendResponse(response);
    });
  }

  // ---- threads, frames, variables ----------------------------------------------------------------------------------------

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: this.threads.map((t) => ({ id: t.id, name: `run "${t.name}"${t.ended ? ` (${t.state.status === 'done' ? 'ended' : 'stopped by a fault'})` : ''}` })) };
    this.sendResponse(response);
  }

  private source(): DebugProtocol.Source {
    return { name: this.loaded!.shown.split(/[\\/]/).pop(), path: this.loaded!.path };
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    this.guard(response, () => {
      const t = this.thread(args.threadId);
      need(!this.busy, 'the run is running: frames are shown when it stops');
      const views = frameViews(t.state);
      const top = views.length - 1;
      const start = typeof args.startFrame === 'number' && args.startFrame > 0 ? args.startFrame : 0;
      const levels = typeof args.levels === 'number' && args.levels > 0 ? args.levels : views.length;
      const frames: DebugProtocol.StackFrame[] = [];
      for (let k = start; k < Math.min(views.length, start + levels); k++) {
        const index = top - k;
        frames.push(this.stackFrame(t, views, index));
      }
      response.body = { stackFrames: frames, totalFrames: views.length };
      this.sendResponse(response);
    });
  }

  private stackFrame(t: RunThread, views: readonly FrameView[], index: number): DebugProtocol.StackFrame {
    const v = views[index];
    const id = this.nextFrameId++;
    this.frameIds.set(id, { thread: t, index });
    // Frames without code (the human, the meta-executor) point at the ask that started them.
    let at = v.statement;
    for (let i = index - 1; !at && i >= 0; i--) at = views[i].statement;
    const frame: DebugProtocol.StackFrame = { id, name: frameName(v), line: 0, column: 0, presentationHint: v.statement ? 'normal' : 'subtle' };
    if (at) {
      const start = this.map!.lines.positionAt(at.start);
      const end = this.map!.lines.positionAt(at.end);
      frame.source = this.source();
      frame.line = this.convertDebuggerLineToClient(start.line);
      frame.column = this.convertDebuggerColumnToClient(start.character);
      // Highlight the statement's first line only: a view's else block is not part of what runs now.
      frame.endLine = frame.line;
      frame.endColumn = end.line === start.line ? this.convertDebuggerColumnToClient(end.character) : this.convertDebuggerColumnToClient(lineLength(this.loaded!.text, this.map!.lines, start.line));
    }
    return frame;
  }

  private frameOf(frameId: unknown): { thread: RunThread; index: number } {
    need(typeof frameId === 'number', "'frameId' must be a number", frameId);
    const f = this.frameIds.get(frameId);
    need(f !== undefined, `frame ${frameId} is not valid any more (frames change when the run moves: ask for the stack again)`);
    return f;
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    this.guard(response, () => {
      const f = this.frameOf(args.frameId);
      response.body = { scopes: scopesFor(this.refs, f.thread.state, f.index) };
      this.sendResponse(response);
    });
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    this.guard(response, () => {
      need(typeof args.variablesReference === 'number', "'variablesReference' must be a number", args.variablesReference);
      const ref = this.refs.get(args.variablesReference);
      need(ref !== undefined, `variables reference ${args.variablesReference} is not valid any more (references change when the run moves)`);
      response.body = { variables: variablesOf(this.refs, ref, this.loaded!.text, args.start ?? 0, args.count ?? 0) };
      this.sendResponse(response);
    });
  }

  // ---- stepping ----------------------------------------------------------------------------------------------------------

  protected override continueRequest(response: DebugProtocol.ContinueResponse, args: DebugProtocol.ContinueArguments): void {
    this.guard(response, () => {
      this.idle();
      const t = this.thread(args.threadId);
      response.body = { allThreadsContinued: true };
      this.sendResponse(response);
      this.resume(t, { kind: 'continue' });
    });
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.step(response, args, (t) => (args.granularity === 'instruction' ? { kind: 'stepIn' } : { kind: 'next', depth: t.state.depth }));
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.step(response, args, () => ({ kind: 'stepIn' }));
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    // Out of the run frame is to the end of the run (the run frame never returns to anything).
    this.step(response, args, (t) => ({ kind: 'stepOut', depth: t.state.depth }));
  }

  private step(response: DebugProtocol.Response, args: { threadId: number }, motion: (t: RunThread) => Motion): void {
    this.guard(response, () => {
      this.idle();
      const t = this.thread(args.threadId);
      this.sendResponse(response);
      this.resume(t, motion(t));
    });
  }

  /** Moves a thread forward. A thread whose run has ended goes nowhere: continue moves on to the next run. */
  private resume(t: RunThread, motion: Motion): void {
    t.pending = undefined;
    if (t.ended) {
      const next = this.nextUnfinished(t);
      if (motion.kind === 'continue' && next) return this.startThread(next);
      if (!next && (motion.kind === 'continue' || !this.args!.stopAtEnd)) return this.finish();
      return this.stopped(t, { reason: 'end', description: `Run "${t.name}" has ended: step back to travel in time${next ? `, or continue to run "${next.name}"` : ''}` });
    }
    void this.drive(t, motion, false);
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse, args: DebugProtocol.StepBackArguments): void {
    this.guard(response, () => {
      this.idle();
      const t = this.thread(args.threadId);
      this.sendResponse(response);
      t.pending = undefined;
      void this.drive(t, args.granularity === 'instruction' ? { kind: 'stepBackInstruction' } : { kind: 'stepBack', depth: t.state.depth }, true);
    });
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse, args: DebugProtocol.ReverseContinueArguments): void {
    this.guard(response, () => {
      this.idle();
      const t = this.thread(args.threadId);
      this.sendResponse(response);
      t.pending = undefined;
      void this.drive(t, { kind: 'reverseContinue' }, true);
    });
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse, args: DebugProtocol.PauseArguments): void {
    this.guard(response, () => {
      this.ready();
      this.thread(args.threadId);
      if (this.busy) this.pauseRequested = true;
      this.sendResponse(response);
    });
  }

  protected override gotoTargetsRequest(response: DebugProtocol.GotoTargetsResponse, args: DebugProtocol.GotoTargetsArguments): void {
    this.guard(response, () => {
      this.idle();
      need(typeof args.line === 'number', "'line' must be a number", args.line);
      const t = this.current!;
      const line = this.convertClientLineToDebugger(args.line);
      const targets: DebugProtocol.GotoTarget[] = [];
      if (this.samePath(args.source?.path)) {
        // The recorded states where this thread was about to run a statement on that line (the latest first).
        const h = t.history;
        for (let p = h.length - 1; p >= 0 && targets.length < 50; p--) {
          const s = h.at(p)!;
          const at = topStatement(s);
          if (!at || this.map!.lineOf(at.start) !== line) continue;
          const prev = p > 0 ? h.at(p - 1)! : undefined;
          if (prev && prev.top.id === s.top.id && topStatement(prev) === at) continue;
          const id = this.gotoTargets.size + 1;
          this.gotoTargets.set(id, { thread: t, position: p });
          targets.push({ id, label: `step ${s.step}: ${frameName(frameViews(s).pop()!)}`, line: args.line });
        }
      }
      response.body = { targets };
      this.sendResponse(response);
    });
  }

  protected override gotoRequest(response: DebugProtocol.GotoResponse, args: DebugProtocol.GotoArguments): void {
    this.guard(response, () => {
      this.idle();
      const target = this.gotoTargets.get(args.targetId);
      need(target !== undefined, `unknown goto target ${args.targetId} (ask for gotoTargets first)`);
      this.sendResponse(response);
      this.goTo(target.thread, target.position);
    });
  }

  /** Time travel: to a recorded step at once, or forward (ignoring breakpoints) to one not recorded yet. */
  private goTo(t: RunThread, step: number): void {
    t.pending = undefined;
    if (step < t.history.length) {
      t.history.goTo(step);
      return this.stopped(t, { reason: 'goto', description: `Went to step ${step}` });
    }
    void this.drive(t, { kind: 'goto', position: step }, false);
  }

  private get hooks() {
    return {
      log: (_t: RunThread, hit: Hit, state: MachineState) => {
        const at = topStatement(state);
        const line = at ? this.map!.lines.positionAt(at.start).line : undefined;
        this.output(hit.log ?? '', 'console', line !== undefined ? { source: this.source(), line: this.convertDebuggerLineToClient(line) } : {});
      },
    };
  }

  /** Runs a motion in slices, letting other requests in between; ends in a stop, the end of the session, or a crash. */
  private async drive(start: RunThread, motion: Motion | ReverseMotion, reverse: boolean): Promise<void> {
    this.busy = true;
    this.pauseRequested = false;
    this.invalidate();
    let t = start;
    let m = motion;
    try {
      let sliceStart = performance.now();
      for (let i = 1; ; i++) {
        if (this.finished) return;
        if (this.pauseRequested) return this.stopped(t, { reason: 'pause', description: 'Paused' });
        if (!reverse && this.failAtStep !== undefined && t.history.position + 1 >= this.failAtStep) throw new Error(`injected failure at step ${this.failAtStep}`);
        const out = reverse ? backwardOnce(t, m as ReverseMotion, this.bps!, this.hooks) : forwardOnce(t, m as Motion, this.bps!, this.hooks);
        if (out?.kind === 'stop') {
          if (out.stop.reason === 'input') t.pending = m as Motion;
          return this.stopped(t, out.stop);
        }
        if (out?.kind === 'bound') return this.fatal(`run "${t.name}" took ${out.limit} steps, the most it can take; the debugger stopped it.`);
        if (out?.kind === 'ended') {
          this.reportEnd(t);
          if (t.state.status === 'fault') return this.fatal(`run "${t.name}" stopped: the runtime failed (${faultOf(t.state) ?? 'no reason given'}).`);
          const next = this.nextUnfinished(t);
          if (m.kind === 'continue' && next && !this.args!.stopAtEnd) {
            t = next;
            this.current = t;
            const stop = t.history.position === 0 ? stopAtStart(t, this.bps!, this.hooks) : undefined;
            if (stop) return this.stopped(t, stop);
            continue;
          }
          // Time travel past the end stops there; stepping past the end of the last run ends the session, as a program would.
          if (!next && !this.args!.stopAtEnd && m.kind !== 'goto') return this.finish();
          return this.stopped(t, { reason: 'end', description: `Run "${t.name}" ended${next ? `; continue to run "${next.name}"` : ''}` });
        }
        if ((i & 63) === 0 && performance.now() - sliceStart > SLICE_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
      }
    } catch (e) {
      this.crash(e);
    } finally {
      this.busy = false;
    }
  }

  private nextUnfinished(t: RunThread): RunThread | undefined {
    const i = this.threads.indexOf(t);
    const order = [...this.threads.slice(i + 1), ...this.threads.slice(0, i)];
    return order.find((x) => !x.ended);
  }

  /** Forgets the frame ids and variable references of the last stop. */
  private invalidate(): void {
    this.refs.clear();
    this.frameIds.clear();
    this.gotoTargets.clear();
  }

  private stopped(t: RunThread, stop: Stop): void {
    this.invalidate();
    t.lastStop = stop;
    this.current = t;
    if (stop.reason === 'input' || (t.waiting && t.announced !== t.history.position)) this.announceWaiting(t);
    if (stop.exception) this.output(`${stop.exception.description}\n${indent(stop.exception.details)}`, 'stderr');
    const body: DebugProtocol.StoppedEvent['body'] = { reason: stop.reason, threadId: t.id, allThreadsStopped: true, preserveFocusHint: false };
    if (stop.description) body.description = stop.description;
    if (stop.exception) body.text = stop.exception.description;
    if (stop.hitBreakpointIds?.length) body.hitBreakpointIds = [...stop.hitBreakpointIds];
    this.sendEvent(new Event('stopped', body));
    this.sendEvent(new Event(RUN_STATE_EVENT, this.trackers.get(t.id)!.build(stop, false)));
  }

  private announceWaiting(t: RunThread): void {
    const f = t.state.top;
    if (f.kind !== 'human') return;
    t.announced = t.history.position;
    const where = statementOf(framesOf(t.state).find((x) => x.id === f.parent) ?? f);
    const line = where ? ` (asked at line ${this.map!.lines.positionAt(where.start).line + 1})` : '';
    this.output(
      `${f.agent ? agentLabel(f.agent).slice(1) : 'human'} is waiting for your answer${line}; activation ${f.id}, budget ${f.budget}, step ${t.state.step}:\n` +
        `${indent(f.show)}\nAnswer here: ${COMMAND_HELP}. Start a line with ? to evaluate an expression instead.`,
    );
  }

  private reportEnd(t: RunThread): void {
    if (t.reported) return;
    t.reported = true;
    this.output(formatReport(this.report(t), t.state.status), t.state.status === 'done' && this.report(t).passed ? 'console' : 'stderr');
  }

  private report(t: RunThread): RunReport {
    const s = t.state;
    return reportFromEvents(eventsOf(s), { run: t.name, costModel: s.costModel, meta: s.meta, status: s.status, steps: s.step });
  }

  // ---- the end ---------------------------------------------------------------------------------------------------------

  /** Every run has ended: writes the trace, says how it went, and ends the session. */
  private finish(): void {
    if (this.finished) return;
    const passed = this.threads.every((t) => t.ended && this.report(t).passed);
    this.writeTrace();
    this.finished = true;
    this.sendEvent(new Event('exited', { exitCode: passed ? 0 : 1 }));
    this.sendEvent(new TerminatedEvent());
  }

  /** The runtime failed or would not halt: the session ends with a message and exit code 2. */
  private fatal(message: string): void {
    if (this.finished) return;
    this.output(message, 'stderr');
    this.writeTrace();
    this.finished = true;
    this.sendEvent(new Event('exited', { exitCode: 2 }));
    this.sendEvent(new TerminatedEvent());
  }

  /** An exception inside the adapter or the runtime: said in the console, and the session ends (exit code 2). */
  crash(e: unknown): void {
    const err = e instanceof Error ? e : new Error(String(e));
    this.busy = false;
    this.fatal(`The AMP debugger failed: ${err.message}\n${err.stack ?? ''}`.trimEnd());
  }

  private writeTrace(): void {
    const path = this.loaded?.trace;
    if (!path || this.traceWritten) return;
    this.traceWritten = true;
    const w = new TraceWriter();
    const lines = [w.header({ file: this.loaded!.shown, costModel: this.args!.costModel, meta: this.args!.meta, runs: this.threads.map((t) => t.name) })];
    for (const t of this.threads) {
      const h = t.history;
      lines.push(w.runStart(t.name, t.run, this.loaded!.program.runs[t.run].span));
      for (let p = 1; p < h.length; p++) lines.push(w.step(h.at(p)!.step, eventsBetween(h.at(p - 1), h.at(p)!)));
      const last = h.at(h.length - 1)!;
      lines.push(w.runEnd(t.name, last.step, last.status));
    }
    try {
      writeFileSync(path, lines.join('\n') + '\n');
      this.output(`Trace written to ${path} (${lines.length} lines).`);
    } catch (e) {
      this.output(`The trace could not be written to ${path}: ${(e as Error).message}`, 'stderr');
    }
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.sendResponse(response);
    this.pauseRequested = true;
    if (!this.finished) {
      this.writeTrace();
      this.finished = true;
      this.sendEvent(new TerminatedEvent());
    }
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments, request?: DebugProtocol.Request): void {
    this.pauseRequested = true;
    this.finished = true;
    try {
      this.writeTrace();
    } catch {
      // Disconnecting must not fail.
    }
    super.disconnectRequest(response, args, request);
  }

  // ---- the console ---------------------------------------------------------------------------------------------------------

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    this.guard(response, () => {
      need(typeof args.expression === 'string', "'expression' must be text", args.expression);
      this.ready();
      const located = args.frameId !== undefined ? this.frameOf(args.frameId) : undefined;
      const t = located?.thread ?? this.current!;
      const expression = args.expression.trim();
      if (args.context === 'repl' && !expression.startsWith('?')) {
        if (t.waiting) return this.answerHuman(response, t, args.expression);
        if (parsesAsCommandOnly(expression)) {
          const top = t.state.top;
          if ((top.kind === 'human' || top.kind === 'replay') && top.queue.length) {
            throw new BadRequest(`at this step the answer is already recorded ("${top.queue[0]}"); step forward to the end of the history to answer new questions`);
          }
          throw new BadRequest('no agent is waiting for an answer now: the console takes the human\'s commands only while `human` waits; otherwise it evaluates expressions (a pointer name, budget, budget < 5, …)');
        }
      }
      need(!this.busy, 'the run is running: pause it to evaluate');
      const text = expression.replace(/^\?\s*/, '');
      const state = t.state;
      const frames = framesOf(state);
      const index = located?.index ?? frames.length - 1;
      const frame = frames[index];
      const parsed = parseExpression(text);
      if ('error' in parsed) throw new BadRequest(`cannot evaluate "${text}": ${parsed.error}`);
      if (parsed.expr.kind === 'pointer') {
        const v = pointerValue(state.program, frame, parsed.expr.name);
        if (v === undefined) {
          const names = frameScopeNames(state, index);
          throw new BadRequest(`no pointer named '${parsed.expr.name}' is bound in this frame${names.length ? ` (pointers: ${names.join(', ')})` : ''}`);
        }
        const variable = valueVariable(this.refs, parsed.expr.name, v);
        response.body = { result: variable.value, type: variable.type, variablesReference: variable.variablesReference, namedVariables: variable.namedVariables };
        return this.sendResponse(response);
      }
      const result = evaluate(parsed.expr, frameScope(state, frame, index));
      response.body = { result: formatResult(result), type: result.kind, variablesReference: 0 };
      this.sendResponse(response);
    });
  }

  /** A console line while `human` waits: it is the human's answer, and the run goes on with it. */
  private answerHuman(response: DebugProtocol.EvaluateResponse, t: RunThread, line: string): void {
    need(!this.busy, 'the run is running');
    t.history.supply(line);
    response.body = { result: `human ← ${line}`, variablesReference: 0 };
    this.sendResponse(response);
    const motion = t.pending ?? { kind: 'stepIn' };
    t.pending = undefined;
    void this.drive(t, motion, false);
  }

  // ---- custom requests ------------------------------------------------------------------------------------------------------

  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    this.guard(response, () => {
      switch (command) {
        case RUN_STATE_REQUEST: {
          this.ready();
          const t = isObject(args) && args.threadId !== undefined ? this.thread(args.threadId) : this.current!;
          need(!this.busy, 'the run is running: ask again when it stops');
          const from = isObject(args) && args.eventsFrom !== undefined ? args.eventsFrom : 0;
          need(typeof from === 'number' && Number.isInteger(from) && from >= 0, "'eventsFrom' must be a whole number ≥ 0", from);
          response.body = this.trackers.get(t.id)!.build(t.lastStop, true, from) satisfies RunStateJson;
          return this.sendResponse(response);
        }
        case GO_TO_STEP_REQUEST: {
          this.idle();
          need(isObject(args), `'${command}' takes { "step": N, "threadId"?: N }`);
          const t = args.threadId !== undefined ? this.thread(args.threadId) : this.current!;
          need(typeof args.step === 'number' && Number.isInteger(args.step) && args.step >= 0, "'step' must be a whole number ≥ 0", args.step);
          response.body = { threadId: t.id, step: args.step, recorded: t.history.length };
          this.sendResponse(response);
          return this.goTo(t, args.step);
        }
        case EXPAND_REQUEST: {
          need(isObject(args) && typeof args.ref === 'string', `'${command}' takes { "ref": "m12" } (a reference from the run state)`);
          const v = this.values.get(args.ref);
          need(v !== undefined, `unknown reference ${args.ref}`);
          response.body = this.values.json(v);
          return this.sendResponse(response);
        }
        default:
          throw new BadRequest(`unknown request '${command}'`);
      }
    });
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse, args: DebugProtocol.ExceptionInfoArguments): void {
    this.guard(response, () => {
      const t = this.thread(args.threadId);
      const ex = t.lastStop?.exception;
      need(ex !== undefined, `thread ${t.id} is not stopped on an exception`);
      response.body = { exceptionId: ex.filter, description: ex.description, breakMode: 'always', details: { message: ex.details } };
      this.sendResponse(response);
    });
  }

  protected override sourceRequest(response: DebugProtocol.SourceResponse, args: DebugProtocol.SourceArguments): void {
    this.guard(response, () => {
      need(this.loaded !== undefined, 'no program is loaded');
      need(this.samePath(args.source?.path), 'this session has only its program as a source');
      response.body = { content: this.loaded.text, mimeType: 'text/x-amp' };
      this.sendResponse(response);
    });
  }
}

// ---- helpers --------------------------------------------------------------------------------------------------------------

function frameName(v: FrameView): string {
  const who = v.instance ? v.instance.replace(/^@/, '') : v.agent;
  switch (v.kind) {
    case 'run':
      return v.agent;
    case 'handler':
      return `${who}: ${v.label}`;
    case 'event':
      return `${who}: on event ${v.label}`;
    case 'meta':
      return v.label;
    case 'human':
      return v.question ? `${who}: "${renderText(v.question, 80)}"` : who;
    default:
      return `${who}: ${v.label}`;
  }
}

function lineLength(text: string, lines: { offsetAt(p: { line: number; character: number }): number }, line: number): number {
  const start = lines.offsetAt({ line, character: 0 });
  let end = start;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return end - start;
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

function faultOf(s: MachineState): string | undefined {
  for (let e = s.events; e; e = e.next) if (e.event.kind === 'fault') return e.event.message;
  return undefined;
}

function frameScopeNames(state: MachineState, index: number): string[] {
  const f = framesOf(state)[index];
  if (!f) return [];
  if (f.kind === 'run' || f.kind === 'handler' || f.kind === 'event') return f.code.slotNames.filter((n, i) => n && f.slots[i] !== undefined);
  if (f.kind === 'human' || f.kind === 'replay') return f.refs.map((_, i) => `#${i + 1}`);
  return [];
}

/** Lines that only make sense as the human's commands (not as expressions). */
function parsesAsCommandOnly(line: string): boolean {
  return /^(view|ask|reply|return|reflect)\b/.test(line);
}

/** A run's outcome for the console: its replies, expectations and budget, as `amp run` reports them. */
export function formatReport(r: RunReport, status: MachineState['status']): string {
  const out = [`run "${r.run}" ${status === 'done' ? 'ended' : status === 'fault' ? 'stopped by a fault' : 'stopped'} after ${r.steps} step${r.steps === 1 ? '' : 's'}: ${r.passed ? 'passed' : 'FAILED'}`];
  for (const a of r.asks) {
    out.push(`  ask ${a.agent} "${short(a.question)}" budget ${a.budget}`);
    out.push(a.reply !== undefined ? `    ${a.error ? 'error reply' : 'reply'}: ${short(a.reply, 400)}` : '    no reply');
    if (a.meta?.output !== undefined) out.push(`    meta output: ${JSON.stringify(a.meta.output)}`);
    out.push(`    budget: ${a.budget} allotted, ${a.spent} spent, ${a.returned} returned`);
  }
  for (const e of r.expects) {
    const what = e.kind === 'reply' ? `expect reply "${short(e.expected ?? '')}"` : `expect error${e.expected !== undefined ? ` "${short(e.expected)}"` : ''}`;
    out.push(`  ${what}: ${e.passed ? 'passed' : 'FAILED'}`);
    if (!e.passed && e.actual !== undefined) out.push(`    actual: ${short(e.actual, 400)}`);
    if (!e.passed && e.reason) out.push(`    ${e.reason}`);
  }
  if (r.fault) out.push(`  stopped: ${r.fault}`);
  return out.join('\n');
}

function short(text: string, max = 120): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}
