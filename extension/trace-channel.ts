// The LSP trace output channel, switched by the `amp.trace.server` setting alone. vscode-languageclient 10+ traces only
// while its trace channel's log level is Trace (a per-channel level the user sets by hand) and then reads the setting
// for the verbosity only, turning 'off' into 'messages'. This channel reports its level from the setting instead, so
// `amp.trace.server` decides: 'off' traces nothing, 'messages' and 'verbose' trace at that verbosity.
// Pure (types from `vscode` only): the extension passes the real output channel and VS Code's LogLevel values.

import type { Disposable, Event, LogLevel, LogOutputChannel, OutputChannel, ViewColumn } from 'vscode';

export type TraceSetting = 'off' | 'messages' | 'verbose';

/** The setting's value; anything unknown counts as 'off', the default. */
export function parseTraceSetting(value: unknown): TraceSetting {
  return value === 'messages' || value === 'verbose' ? value : 'off';
}

/** VS Code's LogLevel values for "trace everything" and "nothing". */
export interface TraceLevels {
  readonly trace: LogLevel;
  readonly off: LogLevel;
}

/** Where the lines go: a plain output channel (or a fake in tests). */
export type LineSink = Pick<OutputChannel, 'name' | 'append' | 'appendLine' | 'replace' | 'clear' | 'show' | 'hide' | 'dispose'>;

/** A LogOutputChannel whose level follows {@link TraceSetting}; every line it accepts is written with a timestamp. */
export class SettingTraceChannel implements LogOutputChannel {
  private setting: TraceSetting;
  private readonly listeners = new Set<(level: LogLevel) => unknown>();

  constructor(
    private readonly sink: LineSink,
    private readonly levels: TraceLevels,
    initial: TraceSetting,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.setting = initial;
  }

  get name(): string {
    return this.sink.name;
  }

  get logLevel(): LogLevel {
    return this.setting === 'off' ? this.levels.off : this.levels.trace;
  }

  /** The setting changed: the client hears of it through onDidChangeLogLevel when tracing turns on or off. */
  setSetting(setting: TraceSetting): void {
    const before = this.logLevel;
    this.setting = setting;
    const after = this.logLevel;
    if (after !== before) for (const listener of [...this.listeners]) listener(after);
  }

  readonly onDidChangeLogLevel: Event<LogLevel> = (listener, thisArgs?, disposables?) => {
    const bound = (level: LogLevel) => listener.call(thisArgs, level);
    this.listeners.add(bound);
    const subscription: Disposable = { dispose: () => void this.listeners.delete(bound) };
    disposables?.push(subscription);
    return subscription;
  };

  trace(message: string, ...args: unknown[]): void {
    this.log('Trace', message, args);
  }
  debug(message: string, ...args: unknown[]): void {
    this.log('Debug', message, args);
  }
  info(message: string, ...args: unknown[]): void {
    this.log('Info', message, args);
  }
  warn(message: string, ...args: unknown[]): void {
    this.log('Warn', message, args);
  }
  error(error: string | Error, ...args: unknown[]): void {
    this.log('Error', typeof error === 'string' ? error : error.stack ?? error.message, args);
  }

  append(value: string): void {
    this.sink.append(value);
  }
  appendLine(value: string): void {
    this.sink.appendLine(value);
  }
  replace(value: string): void {
    this.sink.replace(value);
  }
  clear(): void {
    this.sink.clear();
  }
  show(columnOrPreserveFocus?: ViewColumn | boolean, preserveFocus?: boolean): void {
    this.sink.show(typeof columnOrPreserveFocus === 'boolean' ? columnOrPreserveFocus : preserveFocus);
  }
  hide(): void {
    this.sink.hide();
  }
  dispose(): void {
    this.listeners.clear();
    this.sink.dispose();
  }

  private log(level: string, message: string, args: readonly unknown[]): void {
    if (this.setting === 'off') return;
    const extra = args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ');
    this.sink.appendLine(`[${level} - ${clock(this.now())}] ${message}${extra ? ` ${extra}` : ''}`);
  }
}

/** `HH:MM:SS.mmm` in local time, as trace lines have it. */
function clock(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
