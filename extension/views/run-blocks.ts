// The `run` blocks of a spec and the `expect` statements inside them, found with the parser alone (no checking), so
// the CodeLens and the Test Explorer stay cheap on every edit. Offsets are UTF-16, as in the core.

import { parse } from '../../core/syntax/parser';
import type { Node } from '../../core/syntax/tree';

export interface ExpectBlock {
  /** The statement, white space collapsed (`expect reply "3"`). */
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

export interface RunBlock {
  /** The run's name as written between the quotes (what the debugger's `run` attribute takes). */
  readonly name: string;
  /** Its place among the file's runs (the runtime's run index). */
  readonly index: number;
  /** The whole block, and the `run "…"` header (where the CodeLens goes). */
  readonly start: number;
  readonly end: number;
  readonly nameStart: number;
  readonly nameEnd: number;
  readonly expects: readonly ExpectBlock[];
}

/** The run blocks of a spec, in file order. Never throws (the parser never does). */
export function findRunBlocks(text: string): RunBlock[] {
  const parsed = parse(text);
  const runs = parsed.nodes.byKind.get('RunDecl') ?? [];
  const expects = parsed.nodes.byKind.get('ExpectStmt') ?? [];
  let k = 0;
  return runs.map((run, index) => {
    const message = run.children.find((c): c is Node => 'children' in c && c.kind === 'Message');
    const name = message ? text.slice(message.start + 1, Math.max(message.start + 1, message.end - 1)) : '';
    const inside: ExpectBlock[] = [];
    // Both lists are in source order, so one pass over the expects serves every run.
    while (k < expects.length && expects[k].start < run.start) k++;
    while (k < expects.length && expects[k].end <= run.end) {
      const e = expects[k++];
      inside.push({ label: collapse(text.slice(e.start, e.end)), start: e.start, end: e.end });
    }
    return { name, index, start: run.start, end: run.end, nameStart: message?.start ?? run.start, nameEnd: message?.end ?? run.end, expects: inside };
  });
}

function collapse(s: string, max = 100): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A CodeLens above a run block: its offset (the run's name), title, tooltip and command. */
export interface RunLens {
  readonly offset: number;
  readonly end: number;
  readonly title: string;
  readonly tooltip: string;
  readonly command: 'run' | 'debug';
  readonly run: string;
}

/** Two lenses per named run block: Run (to the end, without debugging) and Debug (pausing before its first step). */
export function runLenses(blocks: readonly RunBlock[]): RunLens[] {
  return blocks.filter((b) => b.name !== '').flatMap((b) => [
    { offset: b.nameStart, end: b.nameEnd, title: '$(play) Run', tooltip: `Run "${b.name}" to its end (results in the Debug Console)`, command: 'run' as const, run: b.name },
    { offset: b.nameStart, end: b.nameEnd, title: '$(debug-alt) Debug', tooltip: `Debug "${b.name}", pausing before its first step`, command: 'debug' as const, run: b.name },
  ]);
}
