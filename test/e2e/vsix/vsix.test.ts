// The packaged extension, end to end (part of `node scripts/test.mjs e2e`): scripts/e2e-run.mjs --vsix PATH --package
// packages the extension as `npm run package` does (a production build, vsce) and installs the VSIX into code-server
// with --install-extension, then runs test/e2e/vsix/*.e2e.ts against the installed copy. Here: the package's zip
// entries are exactly test/e2e/vsix/contents.ts's, its readme is docs/vsix-readme.md and its bundles are production
// builds; then each mocha test is reported as a subtest of its own, as test/e2e/e2e.test.ts does for the main suite.

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { BUNDLES, installedPath, PACKAGED_FILES, VSIX_ENTRIES, VSIX_README } from './contents';
import { ZipArchive } from './zip';

const ROOT = resolve(__dirname, '..', '..', '..');
const RESULTS = join(ROOT, 'test-results', 'e2e-vsix', 'results.json');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
/** Under .vscode-test/ (the end-to-end cache, gitignored), not dist-vsix/, so a test run leaves `npm run package`'s output alone. */
const VSIX = join(ROOT, '.vscode-test', 'vsix', `${manifest.name}-${manifest.version}.vsix`);

interface MochaResult {
  readonly title: string;
  readonly file?: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly error?: { readonly message?: string; readonly stack?: string };
}

interface RunResults {
  readonly exitCode: number;
  readonly failure?: string | null;
  readonly tests: readonly MochaResult[];
  readonly vsix?: { readonly path: string; readonly bytes: number; readonly packageMs: number | null; readonly installMs: number };
}

function runE2e(): Promise<{ code: number; signal: NodeJS.Signals | null }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'e2e-run.mjs'), '--vsix', VSIX, '--package'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code: code ?? 1, signal }));
  });
}

test('the VSIX installs into code-server and works (scripts/e2e-run.mjs --vsix --package)', { timeout: 30 * 60_000 }, async (t) => {
  rmSync(RESULTS, { force: true });
  rmSync(VSIX, { force: true });
  const { code, signal } = await runE2e();
  assert.ok(existsSync(RESULTS), `scripts/e2e-run.mjs wrote no ${RESULTS} (exit code ${code}${signal ? `, ${signal}` : ''}); its output is above`);
  const results = JSON.parse(readFileSync(RESULTS, 'utf8')) as RunResults;
  assert.ok(existsSync(VSIX), `no VSIX at ${VSIX}${results.failure ? `: ${results.failure}` : ''}`);

  await t.test('the package holds exactly the packaged files', () => {
    const zip = new ZipArchive(VSIX);
    assert.deepEqual(zip.names().sort(), [...VSIX_ENTRIES]);
    assert.equal(results.vsix?.bytes, readFileSync(VSIX).length);
  });

  await t.test("the package's readme is docs/vsix-readme.md and its files are the repository's", () => {
    const zip = new ZipArchive(VSIX);
    assert.equal(zip.read('extension/readme.md').toString('utf8'), readFileSync(join(ROOT, VSIX_README), 'utf8'));
    // Everything but the bundles (built for the package) and package.json (which vsce re-serialises) is copied as is.
    for (const file of PACKAGED_FILES.filter((f) => !BUNDLES.includes(f) && f !== 'package.json' && f !== VSIX_README)) {
      assert.ok(zip.read(`extension/${installedPath(file)}`).equals(readFileSync(join(ROOT, file))), `${file} differs from the repository's`);
    }
    assert.deepEqual(JSON.parse(zip.read('extension/package.json').toString('utf8')), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')));
  });

  await t.test('the bundles in the package are production builds', () => {
    const zip = new ZipArchive(VSIX);
    for (const bundle of BUNDLES) {
      const text = zip.read(`extension/${bundle}`).toString('utf8');
      assert.ok(!text.includes('//# sourceMappingURL='), `${bundle} points to a source map`);
      assert.ok(!/^\/\/ (core|server|extension|debug-adapter)\/\S+\.ts$/m.test(text), `${bundle} is not minified`);
    }
  });

  for (const r of results.tests) {
    await t.test(`${r.file ? `${r.file}: ` : ''}${r.title}`, () => {
      if (r.state === 'pending') assert.fail('the test is marked pending: the suite has no skipped tests');
      if (r.state === 'failed') {
        const error = new Error(r.error?.message ?? 'failed');
        if (r.error?.stack) error.stack = r.error.stack;
        throw error;
      }
    });
  }

  assert.ok(results.tests.length > 0, `the VSIX suite reported no test${results.failure ? `: ${results.failure}` : ''}`);
  assert.equal(code, 0, `scripts/e2e-run.mjs --vsix exited with code ${code}${results.failure ? `: ${results.failure}` : ''}`);
});
