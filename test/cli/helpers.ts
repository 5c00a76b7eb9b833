// Shared helpers for the CLI tests: make sure dist/cli.js is built from the current sources, run it on temporary
// fixture folders, and clean those up.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The repository root, where package.json and dist/ live. */
export const ROOT = resolve(__dirname, '..', '..');
/** The bundled CLI under test. */
export const CLI = join(ROOT, 'dist', 'cli.js');

/** What a CLI run produced. */
export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Builds dist/cli.js if it is missing or older than its sources, so `npx tsx --test test/cli/*.test.ts` works on its
 * own. Test files run in parallel processes; a lock file makes one of them build while the others wait, so none runs
 * a half-written bundle.
 */
export function ensureBuilt(): void {
  if (!isStale()) return;
  const lock = join(tmpdir(), `amp-cli-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  let deadline = Date.now() + 120_000;
  for (;;) {
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A lock older than the deadline belongs to a process that died mid-build: take it over.
      if (Date.now() > deadline) {
        rmSync(lock, { force: true });
        deadline = Date.now() + 120_000;
      } else sleep(100);
      continue;
    }
    try {
      if (isStale()) {
        const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}${r.stderr}`);
      }
    } finally {
      closeSync(fd);
      rmSync(lock, { force: true });
    }
    return;
  }
}

/** Runs `node dist/cli.js ARGS…` in `cwd`, with colour variables cleared so output is plain and predictable. */
export function runCli(args: readonly string[], cwd: string): CliRun {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Creates a temporary folder holding `files` (relative path → text; a path ending in `/` makes an empty folder) and
 * returns its absolute path. It gets a `.git` folder so manifest discovery never looks above it.
 */
export function makeFixture(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'amp-cli-'));
  mkdirSync(join(dir, '.git'));
  for (const [rel, text] of Object.entries(files)) {
    const path = join(dir, rel);
    if (rel.endsWith('/')) {
      mkdirSync(path, { recursive: true });
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return dir;
}

/** Removes a fixture folder made by makeFixture. */
export function removeFixture(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The diagnostic lines of text output (everything but the closing summary line). */
export function diagnosticLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => l !== '' && !/^\d+ files? checked: /.test(l));
}

function isStale(): boolean {
  if (!existsSync(CLI)) return true;
  const built = statSync(CLI).mtimeMs;
  const sources = [join(ROOT, 'package.json'), join(ROOT, 'scripts', 'build.mjs'), ...filesIn(join(ROOT, 'cli')), ...filesIn(join(ROOT, 'core')), ...filesIn(join(ROOT, 'io'))];
  return sources.some((s) => statSync(s).mtimeMs > built);
}

function filesIn(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesIn(path));
    else out.push(path);
  }
  return out;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
