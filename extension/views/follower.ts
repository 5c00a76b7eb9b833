// Follows the AMP debug sessions for the views: merges each session's `amp/runState` events, fetches the whole state
// when an event left something out or when a session is shown before any event reached the views, and says which
// run the views show (the active AMP session's latest stop). It knows sessions only through a small interface, so it
// runs without VS Code in tests; the glue in index.ts feeds it VS Code's debug events.

import { EXPAND_REQUEST, GO_TO_STEP_REQUEST, parseMessage, parseRunState, RUN_STATE_EVENT, RUN_STATE_REQUEST, type MessageJson } from './protocol';
import { SessionRuns, type ThreadRun } from './run-store';

/** The part of vscode.DebugSession the follower uses. */
export interface SessionLike {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly configuration: { readonly [key: string]: unknown };
  customRequest(command: string, args?: unknown): PromiseLike<unknown>;
}

interface Followed {
  readonly session: SessionLike;
  readonly runs: SessionRuns;
  /** Seen from its start: its events reach the follower, so its state never needs fetching before its first stop. */
  readonly fromStart: boolean;
  /** Bodies are applied one after another: a fetch for a truncated event finishes before the next event applies. */
  queue: Promise<void>;
}

export interface FollowerOptions {
  readonly debugType: string;
  readonly log?: (line: string) => void;
  /** A clock in milliseconds (performance.now in the extension host), for the stop-to-views figure. */
  readonly now?: () => number;
}

export class RunFollower {
  private readonly followed = new Map<string, Followed>();
  /** Sessions that ended: a late event or activation of one never brings it back. */
  private readonly ended = new Set<string>();
  private shownId: string | undefined;
  private readonly listeners = new Set<() => void>();
  /** Bumped whenever what the views show changes. */
  revision = 0;
  /** When the latest `amp/runState` event arrived (the clock of `now`), for the stop-to-views figure. */
  lastEventAt: number | undefined;

  constructor(private readonly options: FollowerOptions) {}

  private log(line: string): void {
    this.options.log?.(line);
  }

  /** Calls `listener` after every change of what the views show; returns the unsubscribe function. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.revision++;
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch (e) {
        this.log(`a view failed to update: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /** The session the views show. */
  get session(): SessionLike | undefined {
    return this.shownId ? this.followed.get(this.shownId)?.session : undefined;
  }

  /** The run the views show: the shown session's thread of the latest stop. */
  get run(): ThreadRun | undefined {
    const f = this.shownId ? this.followed.get(this.shownId) : undefined;
    const t = f?.runs.current;
    return t?.loaded ? t : undefined;
  }

  /** AMP sessions that debug (a Run without debugging never stops, so there is nothing to show). */
  private follow(session: SessionLike, fromStart: boolean): Followed | undefined {
    if (session.type !== this.options.debugType || session.configuration.noDebug === true || this.ended.has(session.id)) return undefined;
    let f = this.followed.get(session.id);
    if (!f) this.followed.set(session.id, (f = { session, runs: new SessionRuns(), fromStart, queue: Promise.resolve() }));
    return f;
  }

  /** A debug session started (the follower sees its events from now on). */
  started(session: SessionLike): void {
    if (!this.follow(session, true)) return;
    if (!this.shownId) this.shownId = session.id;
  }

  /** Whether the shown session began before the follower saw it, and no state has reached the views yet. */
  get needsFetch(): boolean {
    const f = this.shownId ? this.followed.get(this.shownId) : undefined;
    return f !== undefined && !f.fromStart && !f.runs.current?.loaded;
  }

  /** A debug session ended: its state goes, and the views show another AMP session or nothing. */
  terminated(session: SessionLike): void {
    this.ended.add(session.id);
    if (!this.followed.delete(session.id)) return;
    if (this.shownId === session.id) {
      this.shownId = [...this.followed.keys()].pop();
      this.changed();
    }
  }

  /**
   * The active debug session changed: an AMP session becomes the one shown; another kind of session leaves the views
   * as they are. Nothing is fetched: the follower sees every session's events from its start, and asking before the
   * first stop would only be refused (the adapter answers once a run has stopped, and its first stop sends the state).
   */
  activeChanged(session: SessionLike | undefined): void {
    if (!session) return;
    const f = this.follow(session, true);
    if (!f || this.shownId === session.id) return;
    this.shownId = session.id;
    this.changed();
  }

  /**
   * Takes up a session that began before the follower existed (the views started mid-run): it is shown, and its
   * state is fetched, since its earlier events never reached the views.
   */
  async adopt(session: SessionLike): Promise<void> {
    const f = this.follow(session, false);
    if (!f) return;
    this.shownId = session.id;
    this.changed();
    if (this.needsFetch) await this.refresh().catch(() => undefined);
  }

  /** A custom event of a debug session. Resolves once it is applied (and anything it left out fetched). */
  received(session: SessionLike, event: string, body: unknown): Promise<void> {
    if (event !== RUN_STATE_EVENT) return Promise.resolve();
    const f = this.follow(session, false);
    if (!f) return Promise.resolve();
    this.lastEventAt = this.options.now?.();
    const work = f.queue.then(async () => {
      const parsed = parseRunState(body);
      if ('error' in parsed) {
        this.log(`ignored an ${RUN_STATE_EVENT} event of "${session.name}": ${parsed.error}`);
        return;
      }
      for (const note of parsed.notes) this.log(`${RUN_STATE_EVENT} of "${session.name}": ${note}`);
      const missing = f.runs.apply(parsed.state);
      if (missing) {
        this.log(`the ${RUN_STATE_EVENT} event of "${session.name}" left out part of the run (thread ${missing.threadId}); fetching it from event ${missing.eventsFrom}`);
        await this.request(f, missing.threadId, missing.eventsFrom);
      }
      if (!this.shownId || !this.followed.has(this.shownId)) this.shownId = session.id;
      if (this.shownId === session.id) this.changed();
    });
    f.queue = work.catch(() => undefined);
    return work;
  }

  private async request(f: Followed, threadId: number | undefined, eventsFrom: number): Promise<void> {
    let answer: unknown;
    try {
      answer = await f.session.customRequest(RUN_STATE_REQUEST, { ...(threadId !== undefined ? { threadId } : {}), eventsFrom });
    } catch (e) {
      this.log(`${RUN_STATE_REQUEST} failed for "${f.session.name}": ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const parsed = parseRunState(answer);
    if ('error' in parsed) {
      this.log(`ignored the ${RUN_STATE_REQUEST} answer of "${f.session.name}": ${parsed.error}`);
      return;
    }
    const still = f.runs.apply(parsed.state);
    if (still) this.log(`the ${RUN_STATE_REQUEST} answer of "${f.session.name}" still leaves out events from ${still.eventsFrom}`);
  }

  /** Fetches the whole state of the shown session's run again (its last stopped thread). */
  async refresh(): Promise<void> {
    const f = this.shownId ? this.followed.get(this.shownId) : undefined;
    if (!f) return;
    const work = f.queue.then(async () => {
      const t = f.runs.current;
      await this.request(f, t?.threadId, t?.events.length ?? 0);
      if (this.shownId === f.session.id) this.changed();
    });
    f.queue = work.catch(() => undefined);
    return work;
  }

  /** One level of a message of the shown session (`amp/expand`); undefined when the adapter cannot say. */
  async expand(ref: string): Promise<MessageJson | undefined> {
    const s = this.session;
    if (!s) return undefined;
    try {
      return parseMessage(await s.customRequest(EXPAND_REQUEST, { ref }));
    } catch (e) {
      this.log(`${EXPAND_REQUEST} ${ref} failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /** Moves the shown run to a step (`amp/goToStep`); the adapter stops there and sends the new state. */
  async goToStep(step: number): Promise<void> {
    const s = this.session;
    if (!s) throw new Error('no AMP run is being debugged');
    if (!Number.isInteger(step) || step < 0) throw new Error(`there is no step ${step}: steps are whole numbers from 0`);
    await s.customRequest(GO_TO_STEP_REQUEST, { step, ...(this.run ? { threadId: this.run.threadId } : {}) });
  }
}
