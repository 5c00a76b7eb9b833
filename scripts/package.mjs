// Packages the VS Code extension as a VSIX (`npm run package`): a production build of the bundles (minified, no
// source maps), then @vscode/vsce's createVSIX into dist-vsix/amp-agents-<version>.vsix, then the development build
// again so dist/ is left as `npm run build` leaves it. Needs no network: no repository prompt, no npm dependency walk
// (esbuild bundles every dependency), a LICENSE in the repository.
//
//   node scripts/package.mjs [--out PATH]
//
// What goes into the VSIX is decided by .vscodeignore (an allow-list) and docs/packaging.md explains it;
// test/unit/vsix-contents.test.ts checks the file list and the end-to-end layer installs the VSIX into code-server.
// Exports packageVsix() for scripts/e2e-run.mjs.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The extension's readme in the VSIX (vsce stores it as extension/readme.md, the Details page of the Extensions
 * view). The repository's README.md is written for people working on the repository; this one for people using the
 * extension. test/e2e/vsix/contents.ts names the same file.
 */
export const VSIX_README = 'docs/vsix-readme.md';

/** The bundles the VSIX carries; each must exist after the production build. */
const BUNDLES = ['dist/extension.js', 'dist/server.js', 'dist/debug-adapter.js'];

function log(line) {
  console.log(`[package] ${line}`);
}

/** The default output: dist-vsix/<name>-<version>.vsix, the name vsce itself would choose. */
export function defaultVsixPath() {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return join(ROOT, 'dist-vsix', `${manifest.name}-${manifest.version}.vsix`);
}

function runNode(args, what) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
    child.on('error', (e) => reject(new Error(`${what}: ${e.message}`)));
    child.on('close', (code, signal) => (code === 0 ? resolvePromise() : reject(new Error(`${what} failed (${signal ?? `exit code ${code}`})`))));
  });
}

/**
 * Builds the production bundles, packages them with vsce into `out`, and rebuilds the development bundles. Resolves
 * with the VSIX's path, its size in bytes and how long each part took. `quiet` leaves out vsce's list of files.
 */
export async function packageVsix({ out = defaultVsixPath(), quiet = false } = {}) {
  const packagePath = resolve(out);
  const started = Date.now();
  let buildMs = 0;
  let vsceMs = 0;
  try {
    await runNode([join('scripts', 'build.mjs'), '--production'], 'the production build (node scripts/build.mjs --production)');
    buildMs = Date.now() - started;
    for (const bundle of BUNDLES) {
      if (!existsSync(join(ROOT, bundle))) throw new Error(`${bundle} is missing after the production build`);
    }
    mkdirSync(dirname(packagePath), { recursive: true });
    const vsce = await import('@vscode/vsce');
    const vsceStarted = Date.now();
    const print = console.log;
    // vsce prints the tree of packaged files (and its "Packaged" line) with console.log; `quiet` leaves them out.
    if (quiet) console.log = () => undefined;
    try {
      await vsce.createVSIX({
        cwd: ROOT,
        packagePath,
        readmePath: VSIX_README,
        // esbuild bundles every dependency into dist/; vsce would otherwise run `npm list` and pack node_modules.
        dependencies: false,
        // package.json names no repository (the project is not published to a marketplace); without this vsce asks.
        allowMissingRepository: true,
        // The readme must not depend on a repository URL: a relative link in it fails the packaging (vsce cannot
        // rewrite it without a repository), which is what we want.
        gitHubIssueLinking: false,
        gitLabIssueLinking: false,
      });
    } finally {
      console.log = print;
    }
    vsceMs = Date.now() - vsceStarted;
  } finally {
    // dist/ goes back to the development build (source maps, readable code) whether or not packaging worked.
    await runNode([join('scripts', 'build.mjs')], 'the development build (node scripts/build.mjs)');
  }
  const bytes = statSync(packagePath).size;
  const totalMs = Date.now() - started;
  return { path: packagePath, bytes, buildMs, vsceMs, totalMs };
}

function parseArgs(argv) {
  const opts = { out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') {
      opts.out = argv[++i];
      if (opts.out === undefined) throw new Error('--out needs a path');
    } else throw new Error(`unknown option ${a} (usage: node scripts/package.mjs [--out PATH])`);
  }
  return opts;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const opts = parseArgs(process.argv.slice(2));
    const result = await packageVsix({ out: opts.out ?? defaultVsixPath() });
    log(
      `${relative(process.cwd(), result.path) || result.path}: ${(result.bytes / 1024).toFixed(0)} KiB ` +
        `(production build ${(result.buildMs / 1000).toFixed(1)} s, vsce ${(result.vsceMs / 1000).toFixed(1)} s, ` +
        `total ${(result.totalMs / 1000).toFixed(1)} s with the development build restored)`,
    );
  } catch (e) {
    console.error(`[package] error: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
