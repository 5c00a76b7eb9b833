// The language server measured over stdio against the real dist/server.js (build first): on a generated
// 10,000-line spec, the time from a didChange to its publishDiagnostics over 200 single-character edits typed into
// messages and deleted again (p50, p95), and over 100 that break the syntax and mend it (p50, p95),
// completion and hover latency (p95 over 100 requests each, and completion right after an edit), and the server's
// peak resident memory (VmHWM).
// Prints one JSON object per line: {name, value, unit}. `--cpu-prof <dir>` runs the server under node's profiler.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LineIndex } from '../core/text';
import { LspClient, PULL_CLIENT, uriOf, type Position } from '../test/protocol/lsp/client';
import { generateAmp, prng } from './generate';
import { emit, percentile } from './figures';

const TARGET_LINES = 10_000;
const EDITS = 200;
/** Edits that break the syntax and mend it, in turns (full parses). */
const BREAKING_EDITS = 100;
const WARMUP_EDITS = 10;
const REQUESTS = 100;
const WARMUP_REQUESTS = 10;
const AFTER_EDIT_SAMPLES = 20;

/** The smallest generated spec (by generateAmp's size steps) with at least TARGET_LINES lines. */
function spec(): string {
  let bytes = 250_000;
  for (;;) {
    const text = generateAmp(bytes);
    if (text.split('\n').length >= TARGET_LINES) return text;
    bytes += 5_000;
  }
}

/** Offsets just after the opening quote of `message … = "` lines: where the edits type. */
function messageStarts(text: string): number[] {
  const out: number[] = [];
  const re = /^message \w+ = "/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m.index + m[0].length);
  return out;
}

/** Offsets just inside a `[pointer]` of a handler's statement (after the `[`): where completion and hover ask. */
function pointerSites(text: string): number[] {
  const out: number[] = [];
  const re = /^ {4}(?:act|reply) "[^"\n]*?\[(\w)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m.index + m[0].length - 1);
  return out;
}

async function main(): Promise<void> {
  const profAt = process.argv.indexOf('--cpu-prof');
  const nodeArgs = profAt >= 0 ? ['--cpu-prof', '--cpu-prof-dir', process.argv[profAt + 1] ?? 'profiles'] : [];
  let text = spec();
  emit('lsp.input.lines', text.split('\n').length, 'lines');
  emit('lsp.input.size', Buffer.byteLength(text), 'bytes');

  const dir = mkdtempSync(join(tmpdir(), 'amp-lsp-bench-'));
  const path = join(dir, 'bench.amp');
  writeFileSync(path, text);
  const uri = uriOf(path);
  // VS Code's capabilities, except pull diagnostics (the figure is the time to a publishDiagnostics); delayMs 0
  // through the configuration answer, so the debounce is not what gets measured.
  const { diagnostic: _pull, ...textDocument } = PULL_CLIENT.textDocument;
  const capabilities = { ...PULL_CLIENT, textDocument };
  const { client } = await LspClient.start({ capabilities, settings: { diagnostics: { delayMs: 0 } }, nodeArgs, timeoutMs: 60_000 });
  try {
    client.open(uri, text);
    const opened = await client.nextDiagnostics(uri, 0);
    emit('lsp.open.diagnostics', opened.diagnostics.length, 'count');

    const rnd = prng(3);
    const starts = messageStarts(text);
    let version = 1;
    /**
     * `count` edits (after a warm-up) at the starts of random messages, in pairs: type `typed`, then delete it. Returns
     * the time from each didChange to its publishDiagnostics; `check` sees each publication.
     */
    const timeEdits = async (typed: string, count: number, check: (diagnostics: number, typedNow: boolean) => void = () => undefined): Promise<number[]> => {
      const out: number[] = [];
      let pending: Position | undefined;
      for (let i = 0; i < WARMUP_EDITS + count; i++) {
        const lines = new LineIndex(text);
        let change: { range: { start: Position; end: Position }; text: string };
        if (pending) {
          const offset = lines.offsetAt(pending);
          change = { range: { start: pending, end: lines.positionAt(offset + 1) }, text: '' };
          text = text.slice(0, offset) + text.slice(offset + 1);
          pending = undefined;
        } else {
          const offset = starts[Math.floor(rnd() * starts.length)];
          const at = lines.positionAt(offset);
          change = { range: { start: at, end: at }, text: typed };
          text = text.slice(0, offset) + typed + text.slice(offset);
          pending = at;
        }
        const v = ++version;
        const seen = client.published(uri).length;
        const t0 = performance.now();
        client.change(uri, v, [change]);
        const published = await client.waitFor(`diagnostics for version ${v}`, () => client.published(uri).slice(seen).find((p) => p.version === v));
        if (i >= WARMUP_EDITS) out.push(performance.now() - t0);
        check(published.diagnostics.length, pending !== undefined);
      }
      return out;
    };

    // Single-character edits spread over the file: type a character at the start of a message, then delete it.
    const latencies = await timeEdits('x', EDITS);
    emit('lsp.didChange_to_diagnostics.p50', percentile(latencies, 50), 'ms');
    emit('lsp.didChange_to_diagnostics.p95', percentile(latencies, 95), 'ms');
    emit('lsp.didChange_to_diagnostics.max', Math.max(...latencies), 'ms');

    // Edits that break the syntax and mend it: a quote typed at the start of a message (which leaves the rest of the
    // line unterminated), then deleted: the figure for typing that is not yet well formed. The server reparses these
    // incrementally too (the error stays inside the item edited: core/syntax/incremental.ts), but the checker reports
    // and recovers from the error.
    const breaking = await timeEdits('"', BREAKING_EDITS, (diagnostics, typedNow) => {
      if (typedNow && diagnostics === 0) throw new Error('a quote typed into a message left the file clean: the bench is not measuring a broken edit');
    });
    emit('lsp.didChange_to_diagnostics.syntax_breaking.p50', percentile(breaking, 50), 'ms');
    emit('lsp.didChange_to_diagnostics.syntax_breaking.p95', percentile(breaking, 95), 'ms');

    // Requests against the checked document: completion inside a pointer, hover on a pointer name.
    const lines = new LineIndex(text);
    const sites = pointerSites(text);
    const timeRequests = async (method: string): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < WARMUP_REQUESTS + REQUESTS; i++) {
        const position = lines.positionAt(sites[Math.floor(rnd() * sites.length)]);
        const t0 = performance.now();
        const result = await client.request<unknown>(method, { textDocument: { uri }, position });
        if (i >= WARMUP_REQUESTS) out.push(performance.now() - t0);
        if (result === null) throw new Error(`${method} answered null at ${JSON.stringify(position)}: the bench is not measuring real work`);
      }
      return out;
    };
    const completion = await timeRequests('textDocument/completion');
    emit('lsp.completion.p50', percentile(completion, 50), 'ms');
    emit('lsp.completion.p95', percentile(completion, 95), 'ms');
    const hover = await timeRequests('textDocument/hover');
    emit('lsp.hover.p50', percentile(hover, 50), 'ms');
    emit('lsp.hover.p95', percentile(hover, 95), 'ms');

    // Completion right after typing: the request has to wait for (or do) the check of the new text.
    const afterEdit: number[] = [];
    for (let i = 0; i < AFTER_EDIT_SAMPLES; i++) {
      const now = pointerSites(text);
      const offset = now[Math.floor(rnd() * now.length)];
      const at = new LineIndex(text).positionAt(offset);
      text = text.slice(0, offset) + 'e' + text.slice(offset);
      client.change(uri, ++version, [{ range: { start: at, end: at }, text: 'e' }]);
      const t0 = performance.now();
      await client.request('textDocument/completion', { textDocument: { uri }, position: { line: at.line, character: at.character + 1 } });
      afterEdit.push(performance.now() - t0);
    }
    emit('lsp.completion_after_edit.p50', percentile(afterEdit, 50), 'ms');
    emit('lsp.completion_after_edit.p95', percentile(afterEdit, 95), 'ms');

    const status = readFileSync(`/proc/${client.proc.pid}/status`, 'utf8');
    const hwm = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    if (hwm) emit('lsp.server.peak_rss', Number(hwm[1]) / 1024, 'MB');
    const code = await client.shutdown();
    if (code !== 0) throw new Error(client.explain(`the server exited with code ${code}`));
  } finally {
    client.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
