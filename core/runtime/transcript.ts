// Recorded transcripts (JSON Lines), which replay agents (`agent X replays "…"`) and `amp run --replay` answer from.
// Schema and lookup rules are in docs/runtime.md §Transcripts. Parsing never throws: a bad line is a located error.

import { canonical, renderText, type Message } from './values';

export interface TranscriptEntry {
  /** 1-based line in the file. */
  readonly line: number;
  /** The agent this entry answers for; absent: any agent reading the file. */
  readonly agent?: string;
  /** The turn it answers (how many exchanges the asked copy remembers); absent: any turn. */
  readonly turn?: number;
  /** The question it answers, compared as `expect reply` compares; absent: any question. */
  readonly question?: string;
  /** The reply, in the human's message syntax (`#n` points at the question's n-th pointer)… */
  readonly reply?: string;
  /** …or the commands a person typed, run in order (`view #1`, `ask …`, `reply …`). */
  readonly commands?: readonly string[];
}

export interface Transcript {
  /** The path as the spec or the command line named it. */
  readonly path: string;
  readonly entries: readonly TranscriptEntry[];
}

export interface TranscriptError {
  readonly path: string;
  readonly line: number;
  readonly message: string;
}

const KEYS = new Set(['agent', 'turn', 'question', 'reply', 'commands']);

/** Parses a transcript. Blank lines are skipped; every other line must be one JSON object of the schema. */
export function parseTranscript(text: string, path: string): { readonly transcript: Transcript } | { readonly error: TranscriptError } {
  const entries: TranscriptEntry[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === '') continue;
    const line = i + 1;
    const err = (message: string) => ({ error: { path, line, message } });
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch (e) {
      return err(`not valid JSON (${(e as Error).message})`);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return err('each line must be a JSON object');
    const o = v as Record<string, unknown>;
    const unknown = Object.keys(o).find((k) => !KEYS.has(k));
    if (unknown) return err(`unknown field "${unknown}" (fields: ${[...KEYS].join(', ')})`);
    if (o.agent !== undefined && typeof o.agent !== 'string') return err('"agent" must be a string');
    if (o.turn !== undefined && !(Number.isInteger(o.turn) && (o.turn as number) >= 0)) return err('"turn" must be a whole number ≥ 0');
    if (o.question !== undefined && typeof o.question !== 'string') return err('"question" must be a string');
    if (o.reply !== undefined && typeof o.reply !== 'string') return err('"reply" must be a string');
    if (o.commands !== undefined && !(Array.isArray(o.commands) && o.commands.every((c) => typeof c === 'string'))) return err('"commands" must be an array of strings');
    if ((o.reply === undefined) === (o.commands === undefined)) return err('give exactly one of "reply" and "commands"');
    entries.push({ line, agent: o.agent as string | undefined, turn: o.turn as number | undefined, question: o.question as string | undefined, reply: o.reply as string | undefined, commands: o.commands as string[] | undefined });
  }
  return { transcript: { path, entries } };
}

/** The first entry that answers `agent` at `turn` asked `question`, or undefined. */
export function findAnswer(t: Transcript, agent: string, turn: number, question: Message): TranscriptEntry | undefined {
  let asked: string | undefined;
  for (const e of t.entries) {
    if (e.agent !== undefined && e.agent !== agent) continue;
    if (e.turn !== undefined && e.turn !== turn) continue;
    if (e.question !== undefined) {
      asked ??= canonical(renderText(question));
      if (canonical(e.question) !== asked) continue;
    }
    return e;
  }
  return undefined;
}

/** One transcript line for an exchange (what `amp run --record` writes). */
export function transcriptLine(entry: Omit<TranscriptEntry, 'line'>): string {
  const o: Record<string, unknown> = {};
  if (entry.agent !== undefined) o.agent = entry.agent;
  if (entry.turn !== undefined) o.turn = entry.turn;
  if (entry.question !== undefined) o.question = entry.question;
  if (entry.reply !== undefined) o.reply = entry.reply;
  if (entry.commands !== undefined) o.commands = entry.commands;
  return JSON.stringify(o);
}
