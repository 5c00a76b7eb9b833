// The server's settings (section "amp"): their defaults, how a client's answer is read (nested objects or dotted
// keys, wrong types falling back to the default), and the per-document cache, the only place settings are kept.

/** The settings the server reads, per document. The client contributes them; docs/language-server.md lists them. */
export interface AmpSettings {
  readonly diagnostics: {
    /** Check documents and report diagnostics at all. */
    readonly enable: boolean;
    /** Debounce in ms before re-checking after a change; 0 checks at once. */
    readonly delayMs: number;
  };
  /** At most this many diagnostics per document (errors are kept first). */
  readonly maxNumberOfProblems: number;
  readonly manifest: {
    /** Let a `compiler_ethics.json` govern files that have no header of their own. */
    readonly enable: boolean;
  };
  readonly inlayHints: {
    /** Show the budget a bare `ask` transfers. */
    readonly budgets: boolean;
  };
  readonly format: {
    /** Answer formatting requests. */
    readonly enable: boolean;
  };
}

export const DEFAULT_SETTINGS: AmpSettings = {
  diagnostics: { enable: true, delayMs: 150 },
  maxNumberOfProblems: 1000,
  manifest: { enable: true },
  inlayHints: { budgets: true },
  format: { enable: true },
};

/** The longest debounce honoured; a larger value is clamped so diagnostics cannot be postponed for minutes. */
export const MAX_DELAY_MS = 10_000;

/**
 * Reads a client's answer for section "amp" into complete settings. Accepts nested objects (`{diagnostics: {delayMs}}`,
 * as VS Code sends) and dotted keys (`{"diagnostics.delayMs": 0}`, as some clients' configuration tables produce), and
 * an answer that still carries the section (`{amp: {...}}`). A missing or ill-typed value takes its default.
 */
export function readSettings(raw: unknown): AmpSettings {
  const root = isRecord(raw) && isRecord(raw.amp) && Object.keys(raw).length === 1 ? raw.amp : raw;
  const get = (path: string): unknown => lookup(root, path);
  const bool = (path: string, fallback: boolean): boolean => {
    const v = get(path);
    return typeof v === 'boolean' ? v : fallback;
  };
  const count = (path: string, fallback: number, max: number): number => {
    const v = get(path);
    return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.min(Math.floor(v), max) : fallback;
  };
  const d = DEFAULT_SETTINGS;
  return {
    diagnostics: {
      enable: bool('diagnostics.enable', d.diagnostics.enable),
      delayMs: count('diagnostics.delayMs', d.diagnostics.delayMs, MAX_DELAY_MS),
    },
    maxNumberOfProblems: count('maxNumberOfProblems', d.maxNumberOfProblems, Number.MAX_SAFE_INTEGER),
    manifest: { enable: bool('manifest.enable', d.manifest.enable) },
    inlayHints: { budgets: bool('inlayHints.budgets', d.inlayHints.budgets) },
    format: { enable: bool('format.enable', d.format.enable) },
  };
}

/** `a.b.c` in a nested object, or the dotted key itself, or a partly dotted mix (`{diagnostics: {"delayMs": …}}`). */
function lookup(root: unknown, path: string): unknown {
  if (!isRecord(root)) return undefined;
  if (path in root) return root[path];
  const dot = path.indexOf('.');
  if (dot < 0) return undefined;
  return lookup(root[path.slice(0, dot)], path.slice(dot + 1));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Settings per document, fetched once and kept until the configuration changes or the document closes. `fetch` asks
 * the client (workspace/configuration with the document as scope); clients that cannot be asked get `fallback`, the
 * last settings they pushed with didChangeConfiguration or gave as initializationOptions.
 */
export class SettingsCache {
  private readonly byDocument = new Map<string, Promise<AmpSettings>>();
  private fallback: AmpSettings = DEFAULT_SETTINGS;

  constructor(private readonly fetch: ((uri: string) => Promise<unknown>) | undefined) {}

  /** The settings for a document. Never rejects: a failed request gives the fallback (and is retried next time). */
  get(uri: string): Promise<AmpSettings> {
    if (!this.fetch) return Promise.resolve(this.fallback);
    let pending = this.byDocument.get(uri);
    if (!pending) {
      const request: Promise<AmpSettings> = this.fetch(uri).then(readSettings, () => {
        if (this.byDocument.get(uri) === request) this.byDocument.delete(uri);
        return this.fallback;
      });
      this.byDocument.set(uri, request);
      pending = request;
    }
    return pending;
  }

  /** The settings pushed by a client that cannot be asked (didChangeConfiguration's `settings.amp`). */
  setFallback(raw: unknown): void {
    this.fallback = readSettings(raw);
  }

  /** Forgets every document's settings (the configuration changed). */
  clear(): void {
    this.byDocument.clear();
  }

  /** Forgets one document's settings (it closed). */
  forget(uri: string): void {
    this.byDocument.delete(uri);
  }
}
