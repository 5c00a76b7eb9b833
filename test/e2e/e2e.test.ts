// The end-to-end layer as node:test sees it (`node scripts/test.mjs e2e`): runs scripts/e2e-run.mjs, which sets up
// code-server and Chromium (cached after the first time) and runs the mocha suite of test/e2e/suite inside a real VS
// Code, then reports each mocha test as a subtest of its own, so a failure shows by name with mocha's message.
// The runner's output goes to stderr as it comes. Needs dist/ built (npm test builds it first).

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(__dirname, '..', '..');
const RESULTS = join(ROOT, 'test-results', 'e2e', 'results.json');

/** One mocha test as scripts/e2e-run.mjs writes it to results.json. */
interface MochaResult {
  readonly title: string;
  readonly file?: string;
  readonly type?: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs?: number;
  readonly error?: { readonly message?: string; readonly stack?: string };
}

interface RunResults {
  readonly exitCode: number;
  readonly failure?: string | null;
  readonly summary?: { readonly passes: number; readonly failures: number; readonly pending: number; readonly durationMs: number } | null;
  readonly tests: readonly MochaResult[];
}

function runE2e(): Promise<{ code: number; signal: NodeJS.Signals | null }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'e2e-run.mjs')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code: code ?? 1, signal }));
  });
}

// The first run on a machine installs code-server and Chromium (a few minutes); later runs take about half a minute.
test('end-to-end suite in a real VS Code (scripts/e2e-run.mjs)', { timeout: 30 * 60_000 }, async (t) => {
  rmSync(RESULTS, { force: true });
  const { code, signal } = await runE2e();
  assert.ok(existsSync(RESULTS), `scripts/e2e-run.mjs wrote no ${RESULTS} (exit code ${code}${signal ? `, ${signal}` : ''}); its output is above`);
  const results = JSON.parse(readFileSync(RESULTS, 'utf8')) as RunResults;

  for (const r of results.tests) {
    const name = `${r.file ? `${r.file}: ` : ''}${r.title}`;
    await t.test(name, () => {
      if (r.state === 'pending') assert.fail('the test is marked pending: the suite has no skipped tests');
      if (r.state === 'failed') {
        const error = new Error(r.error?.message ?? 'failed');
        if (r.error?.stack) error.stack = r.error.stack;
        throw error;
      }
    });
  }

  assert.ok(results.tests.length > 0, `the suite reported no test${results.failure ? `: ${results.failure}` : ''}`);
  assert.equal(code, 0, `scripts/e2e-run.mjs exited with code ${code}${results.failure ? `: ${results.failure}` : ''}`);
});
