// The AMP debug session: DAP over the meta-execution runtime and the self-modification simulator. One thread per run
// (governed by seed 002's layer and seed 003's calculator, as `amp run` runs them) and one per selfmod declaration,
// frames from the root question to the agent acting now (or from the declaration to the protocol step and the
// ShadowAgent), stepping and time travel over each thread's history, breakpoints, exception filters, variables, the
// debug console (expressions, and the human's answers while `human` waits), the protected channel's commands, and the
// run state the views read. The same class runs inline in the extension host and standalone over stdio (main.ts).
// docs/debugging.md is its user guide.

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DebugSession, Event, InitializedEvent, OutputEvent, TerminatedEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { FUSE_STATUSES, type FuseStatus } from '../core/governance/index';
import {
  agentLabel, amendMachineState, atlasStep, COMMAND_HELP, eventsBetween, eventsOf, frameViews, framesOf, governedHooks, governedStateOf, initialState, operatorRestore, operatorVeto, renderText,
  reportFromEvents, selfmodLines, startGovernedState, stepBound, TraceWriter, type FrameView, type GovernedState, type MachineState, type OperatorResult, type RunReport, type RuntimeEnv,
} from '../core/runtime/index';
import { initialState as simInitialState, prepareSimulation } from '../core/selfmod/index';
import { Breakpoints, type Hit } from './breakpoints';
import { EXCEPTION_FILTERS } from './exceptions';
import { evaluate, formatResult, parseExpression } from './expressions';
import { frameScope, pointerValue } from './frame-scope';
import { conscienceVariables, consoleLines, decisionsOf, governanceVariables } from './governance-view';
import { load, LaunchError, parseLaunchArguments, type LaunchArguments, type Loaded } from './launch';
import { RunStateTracker, ValueRegistry, type RunStateBody, type RunStateSource } from './run-state';
import {
  nextLevelOf, selfmodBackwardOnce, selfmodForwardOnce, selfmodFrames, selfmodLinesOf, selfmodMotion, selfmodScopes, SelfmodStateTracker, SelfmodThread, selfmodValues,
} from './selfmod-thread';
import { SourceMap, statementOf, topStatement } from './source-map';
import { backwardOnce, forwardOnce, RunThread, stopAtStart, type Motion, type ReverseMotion, type Stop } from './stepper';
import { lazyScope, References, scopesFor, valueVariable, variablesOf } from './variables';

/** A thread of the session: a run, or a self-modification run. */
type Thread = RunThread | SelfmodThread;

/** Where a thread's cursor is, and how many states it has recorded. */
function cursor(t: Thread): { position: number; length: number } {
  const h = t instanceof RunThread ? t.history : t.timeline;
  return { position: h.position, length: h.length };
}

/** Custom events and requests (docs/debugging.md §Run state). */
export const RUN_STATE_EVENT = 'amp/runState';
export const RUN_STATE_REQUEST = 'amp/runState';
export const GO_TO_STEP_REQUEST = 'amp/goToStep';
export const EXPAND_REQUEST = 'amp/expand';
/** The protected channel at a pause: set the veto fuse; record a restorative event (docs/debugging.md §10). */
export const VETO_REQUEST = 'amp/veto';
export const RESTORE_REQUEST = 'amp/restore';

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

/** Requests a person makes directly: their refusals are shown to the user, other requests' are only answered. */
const USER_REQUESTS: ReadonlySet<string> = new Set(['launch', 'evaluate', 'setVariable', 'amp/veto', 'amp/restore', 'amp/goToStep']);

export class AmpDebugSession extends DebugSession {
  private args: LaunchArguments | undefined;
  private loaded: Loaded | undefined;
  private map: SourceMap | undefined;
  private bps: Breakpoints | undefined;
  private threads: Thread[] = [];
  private readonly trackers = new Map<number, RunStateSource>();
  /** Selfmod declarations that cannot be simulated (their problems were printed): the session fails. */
  private unsimulated = 0;
  private readonly values = new ValueRegistry();
  private readonly refs = new References();
  private frameIds = new Map<number, { thread: Thread; index: number }>();
  private nextFrameId = 1;
  private gotoTargets = new Map<number, { thread: RunThread; position: number }>();
  private current: Thread | undefined;
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
    // A launch that cannot start, a command the user typed or ran, and internal errors deserve a notification; a
    // routine refusal (a frame or variable that a fast step has made stale) does not: the client just moves on.
    const showUser = !(e instanceof BadRequest) || USER_REQUESTS.has(response.command);
    // No variables: the client shows the message as it is (braces included).
    this.sendErrorResponse(response, { id: 1, format: message, showUser, variables: {} });
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

  private thread(id: unknown): Thread {
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
    // Runs are governed as `amp run` governs them: seed 002's layer over the governing header, seed 003's calculator.
    const env: RuntimeEnv = { ...loaded.env, hooks: governedHooks({ header: loaded.header }) };
    this.env = env;
    const runThreads = loaded.runs.map((run, i) => {
      const code = loaded.program.runs[run];
      const t = new RunThread(i + 1, run, code.label, this.runStart(run), env, stepBound(loaded.program, run));
      this.trackers.set(t.id, new RunStateTracker(t, this.map!.lines, this.values, loaded.atlas));
      return t;
    });
    const smThreads: SelfmodThread[] = [];
    for (const target of loaded.selfmods) {
      const { simulation, problems } = prepareSimulation(target.decl);
      if (!simulation) {
        this.unsimulated++;
        this.output(`selfmod ${target.name} cannot be simulated: ${problems.join('; ')}`, 'stderr');
        continue;
      }
      const t = new SelfmodThread(runThreads.length + smThreads.length + 1, loaded.program, target, simulation, simInitialState(simulation), this.governedStart());
      this.trackers.set(t.id, new SelfmodStateTracker(t, this.map!.lines, args.costModel, loaded.atlas));
      smThreads.push(t);
    }
    this.threads = [...runThreads, ...smThreads];
    if (this.threads.length === 0) return this.launchFailed(response, new LaunchError(`Cannot launch: no run of ${loaded.shown} can be debugged (see the problems above).`));
    this.current = this.threads[0];
    const runs = runThreads.map((t) => `"${t.name}"`).join(', ');
    const sms = smThreads.map((t) => `"${t.name}"`).join(', ');
    const what = [runThreads.length ? `${runThreads.length === 1 ? 'run' : 'runs'} ${runs}` : '', smThreads.length ? `self-modification ${smThreads.length === 1 ? 'run' : 'runs'} ${sms}` : ''].filter(Boolean).join(' and ');
    const governed = startGovernedState(loaded.program, { header: loaded.header }).governed;
    this.output(
      `Debugging ${loaded.shown}: ${what} (cost model ${args.costModel}${args.meta ? ', meta mode' : ''}${governed ? ', governed' : ''}${loaded.atlas ? `, scar log ${loaded.atlas.shown}` : ''}${args.noDebug ? ', without stopping' : ''}).`,
    );
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  private env: RuntimeEnv = {};

  /** A run's first state: governed, and with the Atlas of Scars on disk as it stands now when the launch names one. */
  private runStart(run: number): MachineState {
    const atlas = this.loaded!.atlas;
    const hooks = governedHooks({ header: this.loaded!.header, ...(atlas ? { scarRecords: atlas.snapshot(), stepBase: atlas.base } : {}) });
    return initialState(this.loaded!.program, run, { costModel: this.args!.costModel, meta: this.args!.meta }, { ...this.env, hooks });
  }

  /** The governance state a self-modification run carries (governed specs only), with the Atlas as it stands now. */
  private governedStart(): GovernedState | undefined {
    const atlas = this.loaded!.atlas;
    const gs = startGovernedState(this.loaded!.program, { header: this.loaded!.header, ...(atlas ? { scarRecords: atlas.snapshot(), stepBase: atlas.base } : {}) });
    return gs.governed ? gs : undefined;
  }

  /**
   * With a scar log, a run reads the Atlas when it first moves (runs of a session take turns on it, as `amp run`'s do):
   * a thread that has not moved yet starts again from the log as it stands, and cannot start while another run is
   * under way.
   */
  private takeTurn(t: Thread): void {
    const atlas = this.loaded?.atlas;
    if (!atlas) return;
    const c = cursor(t);
    if (c.length > 1 || t.reached > 0) return;
    const open = this.threads.find((x) => x !== t && !x.ended && (cursor(x).length > 1 || x.reached > 0));
    need(open === undefined, `with a scar log, runs take turns on the Atlas: ${open ? `${open instanceof SelfmodThread ? 'selfmod' : 'run'} "${open.name}"` : 'another run'} is under way; finish it first (continue), or launch this run on its own`);
    if (t instanceof RunThread) t.history.amend(this.runStart(t.run));
    else {
      const gov = this.governedStart();
      t.timeline.amend(Object.freeze({ ...t.state, ...(gov ? { gov } : {}) }));
    }
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
      if (this.args!.stopOnEntry && !this.args!.noDebug) return this.stopped(first, { reason: 'entry', description: `Paused at the start of ${threadLabel(first)}` });
      this.startThread(first);
    });
  }

  /** Starts (continues) a thread from its current state: a breakpoint on its first statement stops it at once. */
  private startThread(t: Thread): void {
    this.takeTurn(t);
    if (t instanceof RunThread && t.history.position === 0) {
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
    response.body = {
      threads: this.threads.map((t) => ({
        id: t.id,
        name: `${threadLabel(t)}${t.ended ? ` (${t instanceof SelfmodThread || t.state.status === 'done' ? 'ended' : 'stopped by a fault'})` : ''}`,
      })),
    };
    this.sendResponse(response);
  }

  private source(): DebugProtocol.Source {
    return { name: this.loaded!.shown.split(/[\\/]/).pop(), path: this.loaded!.path };
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    this.guard(response, () => {
      const t = this.thread(args.threadId);
      need(!this.busy, 'the run is running: frames are shown when it stops');
      if (t instanceof SelfmodThread) return this.selfmodStack(response, t, args);
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

  /** A self-modification thread's frames: the ShadowAgent (while it runs), the proposal in the protocol, the declaration. */
  private selfmodStack(response: DebugProtocol.StackTraceResponse, t: SelfmodThread, args: DebugProtocol.StackTraceArguments): void {
    const frames = selfmodFrames(t, this.loaded!.text);
    const top = frames.length - 1;
    const start = typeof args.startFrame === 'number' && args.startFrame > 0 ? args.startFrame : 0;
    const levels = typeof args.levels === 'number' && args.levels > 0 ? args.levels : frames.length;
    const out: DebugProtocol.StackFrame[] = [];
    for (let k = start; k < Math.min(frames.length, start + levels); k++) {
      const index = top - k;
      const f = frames[index];
      const id = this.nextFrameId++;
      this.frameIds.set(id, { thread: t, index });
      const from = this.map!.lines.positionAt(f.at.start);
      const line = this.convertDebuggerLineToClient(from.line);
      out.push({
        id,
        name: f.name,
        source: this.source(),
        line,
        column: this.convertDebuggerColumnToClient(from.character),
        endLine: line,
        endColumn: this.convertDebuggerColumnToClient(lineLength(this.loaded!.text, this.map!.lines, from.line)),
        presentationHint: 'normal',
      });
    }
    response.body = { stackFrames: out, totalFrames: frames.length };
    this.sendResponse(response);
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

  private frameOf(frameId: unknown): { thread: Thread; index: number } {
    need(typeof frameId === 'number', "'frameId' must be a number", frameId);
    const f = this.frameIds.get(frameId);
    need(f !== undefined, `frame ${frameId} is not valid any more (frames change when the run moves: ask for the stack again)`);
    return f;
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    this.guard(response, () => {
      const f = this.frameOf(args.frameId);
      const t = f.thread;
      if (t instanceof SelfmodThread) response.body = { scopes: selfmodScopes(this.refs, t, f.index) };
      else {
        const state = t.state;
        const scopes = scopesFor(this.refs, state, f.index);
        const gs = governedStateOf(state);
        if (gs && gs.governed) scopes.push(lazyScope(this.refs, 'Governance', (r) => governanceVariables(r, gs, atlasStep(state), state.clock), 'registers'));
        if (((state.conscience as { decisions?: number } | null)?.decisions ?? 0) > 0) scopes.push(lazyScope(this.refs, 'Conscience', (r) => conscienceVariables(r, decisionsOf(state))));
        response.body = { scopes };
      }
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
      if (!t.ended) this.takeTurn(t);
      response.body = { allThreadsContinued: true };
      this.sendResponse(response);
      this.resume(t, { kind: 'continue' });
    });
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.step(response, args, (t) =>
      t instanceof SelfmodThread ? selfmodMotion('next', t.state.sim, args.granularity === 'instruction') : args.granularity === 'instruction' ? { kind: 'stepIn' } : { kind: 'next', depth: t.state.depth },
    );
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.step(response, args, () => ({ kind: 'stepIn' }));
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    // Out of the run frame is to the end of the run (the run frame never returns to anything).
    this.step(response, args, (t) => (t instanceof SelfmodThread ? selfmodMotion('stepOut', t.state.sim, false) : { kind: 'stepOut', depth: t.state.depth }));
  }

  private step(response: DebugProtocol.Response, args: { threadId: number }, motion: (t: Thread) => Motion): void {
    this.guard(response, () => {
      this.idle();
      const t = this.thread(args.threadId);
      // With a scar log a run may not be allowed to start yet: say so in this request's answer.
      if (!t.ended) this.takeTurn(t);
      this.sendResponse(response);
      this.resume(t, motion(t));
    });
  }

  /** Moves a thread forward. A thread whose run has ended goes nowhere: continue moves on to the next run. */
  private resume(t: Thread, motion: Motion): void {
    t.pending = undefined;
    if (!t.ended) this.takeTurn(t);
    if (t.ended) {
      const next = this.nextUnfinished(t);
      if (motion.kind === 'continue' && next) return this.startThread(next);
      if (!next && (motion.kind === 'continue' || !this.args!.stopAtEnd)) return this.finish();
      return this.stopped(t, { reason: 'end', description: `${capital(threadLabel(t))} has ended: step back to travel in time${next ? `, or continue to ${threadLabel(next)}` : ''}` });
    }
    void this.drive(t, motion, false);
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse, args: DebugProtocol.StepBackArguments): void {
    this.guard(response, () => {
      this.idle();
      const t = this.thread(args.threadId);
      this.sendResponse(response);
      t.pending = undefined;
      const depth = t instanceof SelfmodThread ? nextLevelOf(t.state.sim) : t.state.depth;
      void this.drive(t, args.granularity === 'instruction' ? { kind: 'stepBackInstruction' } : { kind: 'stepBack', depth }, true);
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
      if (t instanceof RunThread && this.samePath(args.source?.path)) {
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
  private goTo(t: Thread, step: number): void {
    t.pending = undefined;
    const h = t instanceof RunThread ? t.history : t.timeline;
    if (step < h.length) {
      const from = h.position;
      h.goTo(step);
      this.reach(t, from, false);
      return this.stopped(t, { reason: 'goto', description: `Went to step ${step}` });
    }
    this.takeTurn(t);
    void this.drive(t, { kind: 'goto', position: step }, false);
  }

  /**
   * After a forward move from `from`: says in the console what the steps moved over did (governance notes, decisions,
   * the simulator's protocol events; not for a jump), and for steps reached for the first time appends their scar
   * events to the scar log. Stepping back never un-appends, and stepping forward again over reached steps never appends twice.
   */
  private reach(t: Thread, from: number, print = true): void {
    const h = t instanceof RunThread ? t.history : t.timeline;
    const to = h.position;
    for (let p = from + 1; p <= to; p++) {
      if (t instanceof RunThread) {
        const events = eventsBetween(t.history.at(p - 1), t.history.at(p)!);
        if (print) for (const l of consoleLines(events)) {
          const line = l.at ? this.map!.lines.positionAt(l.at.start).line : undefined;
          this.output(l.text, l.refused ? 'stderr' : 'console', line !== undefined ? { source: this.source(), line: this.convertDebuggerLineToClient(line) } : {});
        }
        if (p > t.reached && this.loaded!.atlas) this.loaded!.atlas.record(events, governedStateOf(t.history.at(p)!));
      } else {
        const s = t.timeline.at(p)!.sim;
        if (print) for (const l of selfmodLinesOf(t, s.events, s)) this.output(l);
      }
      if (p > t.reached) t.reached = p;
    }
    if (to > t.reached) t.reached = to;
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
  private async drive(start: Thread, motion: Motion | ReverseMotion, reverse: boolean): Promise<void> {
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
        const from = cursor(t).position;
        if (!reverse && this.failAtStep !== undefined && from + 1 >= this.failAtStep) throw new Error(`injected failure at step ${this.failAtStep}`);
        const out =
          t instanceof SelfmodThread
            ? reverse
              ? selfmodBackwardOnce(t, m as ReverseMotion, this.bps!)
              : selfmodForwardOnce(t, m as Motion, this.bps!)
            : reverse
              ? backwardOnce(t, m as ReverseMotion, this.bps!, this.hooks)
              : forwardOnce(t, m as Motion, this.bps!, this.hooks);
        if (!reverse && cursor(t).position > from) this.reach(t, from);
        if (out?.kind === 'stop') {
          if (out.stop.reason === 'input') t.pending = m as Motion;
          return this.stopped(t, out.stop);
        }
        if (out?.kind === 'bound') return this.fatal(`${threadLabel(t)} took ${out.limit} steps, the most it can take; the debugger stopped it.`);
        if (out?.kind === 'ended') {
          this.reportEnd(t);
          if (t instanceof RunThread && t.state.status === 'fault') return this.fatal(`run "${t.name}" stopped: the runtime failed (${faultOf(t.state) ?? 'no reason given'}).`);
          const next = this.nextUnfinished(t);
          if (m.kind === 'continue' && next && !this.args!.stopAtEnd) {
            t = next;
            this.current = t;
            this.takeTurn(t);
            const stop = t instanceof RunThread && t.history.position === 0 ? stopAtStart(t, this.bps!, this.hooks) : undefined;
            if (stop) return this.stopped(t, stop);
            continue;
          }
          // Time travel past the end stops there; stepping past the end of the last run ends the session, as a program would.
          if (!next && !this.args!.stopAtEnd && m.kind !== 'goto') return this.finish();
          return this.stopped(t, { reason: 'end', description: `${capital(threadLabel(t))} ended${next ? `; continue to ${threadLabel(next)}` : ''}` });
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

  private nextUnfinished(t: Thread): Thread | undefined {
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

  private stopped(t: Thread, stop: Stop): void {
    this.invalidate();
    t.lastStop = stop;
    this.current = t;
    const c = cursor(t);
    if (c.position > t.reached) t.reached = c.position;
    if (t instanceof RunThread && (stop.reason === 'input' || (t.waiting && t.announced !== t.history.position))) this.announceWaiting(t);
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

  private reportEnd(t: Thread): void {
    if (t.reported) return;
    t.reported = true;
    const atlas = this.loaded!.atlas;
    if (t instanceof SelfmodThread) {
      const r = t.report();
      this.output([`selfmod ${t.name} ended after ${r.transitions} transition${r.transitions === 1 ? '' : 's'}:`, ...selfmodLines(r).map((l) => `  ${l}`)].join('\n'));
      atlas?.reached(t.atlasStep);
      return;
    }
    atlas?.reached(atlasStep(t.state));
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
    const passed = this.unsimulated === 0 && this.threads.every((t) => t.ended && (t instanceof SelfmodThread || this.report(t).passed));
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
    const runs = this.threads.filter((t): t is RunThread => t instanceof RunThread);
    const sms = this.threads.filter((t): t is SelfmodThread => t instanceof SelfmodThread);
    const lines = [w.header({ file: this.loaded!.shown, costModel: this.args!.costModel, meta: this.args!.meta, runs: runs.map((t) => t.name), ...(sms.length ? { selfmod: sms.map((t) => t.name) } : {}) })];
    for (const t of runs) {
      const h = t.history;
      lines.push(w.runStart(t.name, t.run, this.loaded!.program.runs[t.run].span));
      for (let p = 1; p < h.length; p++) lines.push(w.step(h.at(p)!.step, eventsBetween(h.at(p - 1), h.at(p)!)));
      const last = h.at(h.length - 1)!;
      lines.push(w.runEnd(t.name, last.step, last.status));
    }
    for (const t of sms) {
      const tl = t.timeline;
      lines.push(w.selfmodStart(t.name, t.target.index, t.target.at));
      for (let p = 1; p < tl.length; p++) lines.push(w.selfmodCycle(p, tl.at(p)!.sim));
      const here = tl.position;
      tl.goTo(tl.length - 1);
      lines.push(w.selfmodEnd(t.report()));
      tl.goTo(here);
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
      if (t instanceof SelfmodThread) return this.evaluateSelfmod(response, t, expression.replace(/^\?\s*/, ''));
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

  /** The console on a self-modification thread: the names of its Stability and Proposal scopes. */
  private evaluateSelfmod(response: DebugProtocol.EvaluateResponse, t: SelfmodThread, name: string): void {
    need(!this.busy, 'the run is running: pause it to evaluate');
    const values = selfmodValues(t);
    const v = values.get(name);
    need(v !== undefined, `cannot evaluate "${name}" on a self-modification run: its names are ${[...values.keys()].join(', ')}`);
    response.body = { result: String(v), type: typeof v === 'number' ? 'number' : 'text', variablesReference: 0 };
    this.sendResponse(response);
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
          response.body = this.trackers.get(t.id)!.build(t.lastStop, true, from) satisfies RunStateBody;
          return this.sendResponse(response);
        }
        case GO_TO_STEP_REQUEST: {
          this.idle();
          need(isObject(args), `'${command}' takes { "step": N, "threadId"?: N }`);
          const t = args.threadId !== undefined ? this.thread(args.threadId) : this.current!;
          need(typeof args.step === 'number' && Number.isInteger(args.step) && args.step >= 0, "'step' must be a whole number ≥ 0", args.step);
          if (args.step >= cursor(t).length) this.takeTurn(t);
          response.body = { threadId: t.id, step: args.step, recorded: cursor(t).length };
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
        case VETO_REQUEST: {
          this.idle();
          const usage = `'${command}' takes { "state": "ok" | "strained" | "tripped", "threadId"?: N }`;
          need(isObject(args), usage);
          need(typeof args.state === 'string' && (FUSE_STATUSES as readonly string[]).includes(args.state), usage, args.state);
          const t = args.threadId !== undefined ? this.thread(args.threadId) : this.current!;
          const to = args.state as FuseStatus;
          return this.protectedChannel(response, t, `set the veto fuse to ${to}`, (gs) => operatorVeto(gs, to));
        }
        case RESTORE_REQUEST: {
          this.idle();
          const usage = `'${command}' takes { "note"?: "what was done", "scar"?: "scar-2" or 2, "threadId"?: N }`;
          need(isObject(args), usage);
          need(args.note === undefined || typeof args.note === 'string', usage, args.note);
          need(args.scar === undefined || typeof args.scar === 'string' || (typeof args.scar === 'number' && Number.isInteger(args.scar)), usage, args.scar);
          const t = args.threadId !== undefined ? this.thread(args.threadId) : this.current!;
          const note = (args.note as string | undefined) ?? '';
          const scar = args.scar as string | number | undefined;
          return this.protectedChannel(response, t, 'record a restorative event', (gs, now) => operatorRestore(gs, { note, ...(scar !== undefined ? { scar } : {}), atlasStep: now }));
        }
        default:
          throw new BadRequest(`unknown request '${command}'`);
      }
    });
  }

  /**
   * The protected channel at a pause (docs/debugging.md §10): the operation changes the governance state of the state
   * shown, which replaces it in the thread's history (stepping back before it undoes it; stepping forward again over it
   * shows it again). Only at the furthest state the thread has reached: earlier ones have a recorded future that
   * followed from them as they were.
   */
  private protectedChannel(response: DebugProtocol.Response, t: Thread, what: string, op: (gs: GovernedState, atlasStep: number) => OperatorResult): void {
    const c = cursor(t);
    need(
      c.position >= t.reached,
      `cannot ${what} at step ${c.position}: the run has been further (step ${t.reached}), and a change here would rewrite what followed; go to step ${t.reached} first (amp/goToStep), as a new answer of the human is taken only at the newest state`,
    );
    const notGoverned = `${this.loaded!.shown} is not governed (no ethics header, manifest or governance declarations): there is no veto fuse or Atlas of Scars to act on`;
    let result: OperatorResult;
    if (t instanceof RunThread) {
      const before = t.history.current;
      const gs = governedStateOf(before);
      need(gs !== undefined && gs.governed, notGoverned);
      result = op(gs, atlasStep(before));
      need(result.ok, `the protected channel could not ${what}: ${result.reason ?? 'refused'}`);
      t.history.amend(amendMachineState(before, result.state, result.notes));
      (this.trackers.get(t.id) as RunStateTracker).amended(before);
    } else {
      const before = t.state;
      const gs = before.gov;
      need(gs !== undefined && gs.governed, notGoverned);
      result = op(gs, t.atlasStep);
      need(result.ok, `the protected channel could not ${what}: ${result.reason ?? 'refused'}`);
      t.timeline.amend(Object.freeze({ ...before, gov: result.state, notes: Object.freeze([...before.notes, ...result.notes]) }));
    }
    const atlas = this.loaded!.atlas;
    const lines: string[] = [];
    for (const n of result.notes) {
      if (atlas) atlas.recordNote(n.name, n.detail, result.state);
      const l = consoleLines([{ step: 0, frame: 0, kind: 'governance', name: n.name, detail: n.detail }])[0];
      if (l) lines.push(l.text);
    }
    for (const l of lines) this.output(`${l} (debugger, at step ${c.position})`);
    const gov = result.state.gov;
    response.body = {
      threadId: t.id,
      step: c.position,
      vetoFuse: gov.fuse,
      unresolvedScars: gov.scars.filter((x) => x.resolvedAtStep === undefined).map((x) => x.id),
      messages: lines,
    };
    this.sendResponse(response);
    // The views and the Variables view show the changed state; the thread stays where it stopped.
    this.invalidate();
    this.sendEvent(new Event('invalidated', { areas: ['variables'], threadId: t.id }));
    this.sendEvent(new Event(RUN_STATE_EVENT, this.trackers.get(t.id)!.build(t.lastStop, false)));
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

/** How messages name a thread: `run "NAME"` or `selfmod "NAME"`. */
function threadLabel(t: Thread): string {
  return `${t instanceof SelfmodThread ? 'selfmod' : 'run'} "${t.name}"`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

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
