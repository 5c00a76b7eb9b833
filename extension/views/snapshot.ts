// The views' current data as plain JSON, for the `amp.views.snapshot` command the end-to-end tests call. Each feature
// (the run views, the timeline, the test controller) registers a part; every change bumps a revision, and a caller
// can wait for the next one, so tests wait on events rather than sleeping.

export interface Snapshot {
  readonly revision: number;
  readonly [part: string]: unknown;
}

/** What `amp.views.snapshot` takes: wait for a revision after `after` (at most `timeoutMs`) before answering. */
export interface SnapshotRequest {
  readonly after?: number;
  readonly timeoutMs?: number;
}

export class SnapshotHub {
  private readonly parts = new Map<string, () => unknown>();
  private readonly waiters = new Set<() => void>();
  private rev = 0;

  get revision(): number {
    return this.rev;
  }

  /** Adds a part (replacing one of the same name); returns the function that removes it. */
  register(name: string, part: () => unknown): () => void {
    this.parts.set(name, part);
    return () => {
      if (this.parts.get(name) === part) this.parts.delete(name);
    };
  }

  /** Something a part shows changed. */
  bump(): void {
    this.rev++;
    for (const w of [...this.waiters]) w();
  }

  take(): Snapshot {
    const out: Record<string, unknown> = { revision: this.rev };
    for (const [name, part] of this.parts) {
      try {
        out[name] = part();
      } catch (e) {
        out[name] = { error: e instanceof Error ? e.message : String(e) };
      }
    }
    return out as Snapshot;
  }

  /** The snapshot once the revision is past `after` (at once if it already is), or at the timeout as it stands. */
  wait(request: SnapshotRequest = {}, setTimer: (fn: () => void, ms: number) => { cancel(): void } = defaultTimer): Promise<Snapshot> {
    const after = request.after;
    if (after === undefined || this.rev > after) return Promise.resolve(this.take());
    return new Promise((resolve) => {
      const done = () => {
        this.waiters.delete(check);
        timer.cancel();
        resolve(this.take());
      };
      const check = () => {
        if (this.rev > after) done();
      };
      this.waiters.add(check);
      const timer = setTimer(done, Math.max(0, request.timeoutMs ?? 20_000));
    });
  }
}

function defaultTimer(fn: () => void, ms: number): { cancel(): void } {
  const t = setTimeout(fn, ms);
  return { cancel: () => clearTimeout(t) };
}

/** The one hub the features of the extension share. */
export const snapshots = new SnapshotHub();
