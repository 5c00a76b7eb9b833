// Runs the end-to-end suite (test/e2e/suite) inside a real VS Code: code-server 4.100.3's web workbench, with its Node
// extension host, driven by Debian's Chromium through playwright-core. The extension under test is this repository
// (extensionDevelopmentPath = the repository root, whose package.json `main` is dist/extension.js).
//
//   node scripts/e2e-run.mjs [--grep PATTERN] [--timeout SECONDS] [--verbose] [--desktop PATH_TO_CODE]
//   node scripts/e2e-run.mjs --vsix PATH [--package] [--grep PATTERN] [--timeout SECONDS] [--verbose]
//
// It builds nothing: `npm test` (or `npm run build`) builds dist/ first. Steps: the set-up (scripts/e2e-setup.mjs,
// cached), a fresh user-data folder and a fresh copy of the fixture workspace (test/e2e/workspace plus samples/) under
// .vscode-test/e2e-run/, the suite compiled with esbuild to out/test/e2e/, code-server on a free port, Chromium
// opening the workbench with the test payload. The suite's output streams to stdout; its results go to
// test-results/e2e/results.json; screenshots to test-results/e2e/workbench.png (and failure.png when a test fails).
// The exit code is the suite's. Everything started here is stopped on exit, on timeout and on SIGINT/SIGTERM.
//
// --desktop PATH runs the same suite with @vscode/test-electron in a desktop VS Code at PATH instead (no download).
// --verbose also prints the workbench's own log lines (otherwise in .vscode-test/e2e-run/workbench.log).
//
// --vsix PATH checks the packaged extension instead: it installs the VSIX at PATH into a fresh extensions folder with
// code-server's --install-extension and runs the suite of test/e2e/vsix (with the repository's root hooks) against
// that installed copy; the extension under development is then an empty host (test/e2e/vsix/host), because VS Code
// runs extension tests only with one. --package first packages the extension into PATH (scripts/package.mjs) while
// holding the run lock, so packaging never rewrites dist/ under a running suite. This mode has its own run folder
// (.vscode-test/e2e-vsix/), compiled suite (out/test/e2e-vsix/) and results (test-results/e2e-vsix/); code-server only.

import { spawn } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureE2eSetup, withLock } from './e2e-setup.mjs';
import { packageVsix } from './package.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SUITE_SRC = join(ROOT, 'test', 'e2e', 'suite');
const FIXTURE_WORKSPACE = join(ROOT, 'test', 'e2e', 'workspace');
const SAMPLES = join(ROOT, 'samples');
/** The compiled suite; under the repository so `require('mocha')` finds the repository's node_modules. */
const OUT = join(ROOT, 'out', 'test', 'e2e');
const RUN_DIR = join(ROOT, '.vscode-test', 'e2e-run');
const RUN_LOCK = join(ROOT, '.vscode-test', 'e2e-run.lock');
export const RESULTS_DIR = join(ROOT, 'test-results', 'e2e');
export const RESULTS_FILE = join(RESULTS_DIR, 'results.json');
export const VSIX_RESULTS_DIR = join(ROOT, 'test-results', 'e2e-vsix');

/**
 * Where a run keeps its files, and what it loads. `development` loads the repository as the extension under
 * development; `vsix` installs a packaged extension and loads an empty host extension instead.
 */
const LAYOUTS = {
  development: {
    runDir: RUN_DIR,
    resultsDir: RESULTS_DIR,
    out: OUT,
    suiteFiles: () => suiteFilesIn(SUITE_SRC, (n) => n === 'index.ts' || n.endsWith('.e2e.ts')),
    developmentPath: ROOT,
  },
  vsix: {
    runDir: join(ROOT, '.vscode-test', 'e2e-vsix'),
    resultsDir: VSIX_RESULTS_DIR,
    out: join(ROOT, 'out', 'test', 'e2e-vsix'),
    // The development suite's index.ts (mocha, the reporter, the screenshots) runs the *.e2e.js beside it: these.
    suiteFiles: () => [join(SUITE_SRC, 'index.ts'), ...suiteFilesIn(join(ROOT, 'test', 'e2e', 'vsix'), (n) => n.endsWith('.e2e.ts'))],
    developmentPath: join(ROOT, 'test', 'e2e', 'vsix', 'host'),
  },
};

function suiteFilesIn(dir, keep) {
  return readdirSync(dir)
    .filter(keep)
    .map((n) => join(dir, n));
}

const RESULT_MARKER = '[amp-e2e:result]';
const SUMMARY_MARKER = '[amp-e2e:summary]';
const SCREENSHOT_MARKER = '[amp-e2e:screenshot]';
const OUTPUT_MARKER = '[amp-e2e]';

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** User settings for the fresh profile: nothing that waits for the network, prompts, or guesses completions. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  // The fixture workspace sits inside this repository's git folder; the git extension has nothing to do here.
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  // Completion tests must see what the language server offers, not words of the document.
  'editor.wordBasedSuggestions': 'off',
};

const STARTUP_TIMEOUT_MS = 60_000;

function log(line) {
  console.log(`[e2e-run] ${line}`);
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function parseArgs(argv) {
  const opts = { grep: undefined, timeoutSec: 600, verbose: false, desktop: undefined, vsix: undefined, package: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--grep') opts.grep = value();
    else if (a === '--timeout') opts.timeoutSec = Number(value());
    else if (a === '--verbose') opts.verbose = true;
    else if (a === '--desktop') opts.desktop = value();
    else if (a === '--vsix') opts.vsix = resolve(value());
    else if (a === '--package') opts.package = true;
    else throw new Error(`unknown option ${a}`);
  }
  if (opts.package && !opts.vsix) throw new Error('--package needs --vsix PATH (where to write the package)');
  if (opts.vsix && opts.desktop) throw new Error('--vsix runs in code-server only, not with --desktop');
  if (opts.vsix && !opts.package && !existsSync(opts.vsix)) throw new Error(`${opts.vsix} does not exist: package first (npm run package), or add --package`);
  if (!Number.isFinite(opts.timeoutSec) || opts.timeoutSec <= 0) throw new Error('--timeout takes a positive number of seconds');
  return opts;
}

/**
 * Compiles the layout's suite (test/e2e/suite/*.ts, or index.ts with test/e2e/vsix/*.e2e.ts) to CommonJS in its out
 * folder (out/test/e2e/): one bundle per file, core included; vscode and mocha stay external.
 */
async function compileSuite(layout) {
  const { build } = await import('esbuild');
  rmSync(layout.out, { recursive: true, force: true });
  await build({
    // One folder of bundles, whichever folders the sources come from: index.js runs the *.e2e.js beside it.
    entryPoints: layout.suiteFiles().map((file) => ({ in: file, out: basename(file).replace(/\.ts$/, '') })),
    outdir: layout.out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
  return join(layout.out, 'index.js');
}

/** A fresh profile and a fresh copy of the fixture workspace (with the repository's samples). */
function prepareRunDir(layout) {
  const { runDir, resultsDir } = layout;
  rmSync(runDir, { recursive: true, force: true });
  const dirs = {
    userData: join(runDir, 'user-data'),
    extensions: join(runDir, 'extensions'),
    workspace: join(runDir, 'workspace'),
    control: join(runDir, 'control'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), `${JSON.stringify(USER_SETTINGS, null, 2)}\n`);
  cpSync(FIXTURE_WORKSPACE, dirs.workspace, { recursive: true });
  cpSync(SAMPLES, join(dirs.workspace, 'samples'), { recursive: true });
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  return dirs;
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Collects the suite's machine-readable lines and passes the rest through. */
class SuiteOutput {
  constructor(onScreenshot) {
    this.results = [];
    this.summary = undefined;
    this.onScreenshot = onScreenshot;
  }

  /** Handles one line the suite logged; returns false when it was a marker (not for humans). */
  line(text) {
    const take = (marker) => {
      const at = text.indexOf(marker);
      return at < 0 ? undefined : text.slice(at + marker.length).trim();
    };
    const result = take(RESULT_MARKER);
    if (result !== undefined) {
      try {
        this.results.push(JSON.parse(result));
      } catch {
        this.results.push({ title: `unreadable result line: ${result.slice(0, 200)}`, state: 'failed' });
      }
      return false;
    }
    const summary = take(SUMMARY_MARKER);
    if (summary !== undefined) {
      try {
        this.summary = JSON.parse(summary);
      } catch {
        this.summary = undefined;
      }
      return false;
    }
    const shot = take(SCREENSHOT_MARKER);
    if (shot !== undefined) {
      this.onScreenshot(shot);
      return false;
    }
    return true;
  }
}

function writeResults(layout, output, exitCode, extra) {
  const body = { exitCode, summary: output.summary ?? null, tests: output.results, ...extra };
  writeFileSync(join(layout.resultsDir, 'results.json'), `${JSON.stringify(body, null, 2)}\n`);
}

/** Starts code-server and resolves once it listens; rejects with its log when it exits or stays silent too long. */
function startCodeServer(entry, port, dirs, env, logPath) {
  const logStream = createWriteStream(logPath);
  const args = [
    entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
  ];
  // A process group of its own, so stopping it also stops its extension host and the language server.
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let logText = '';
  const ready = new Promise((resolveReady, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`code-server did not say "HTTP server listening" within ${STARTUP_TIMEOUT_MS / 1000} s. Its log:\n${logText}`)),
      STARTUP_TIMEOUT_MS,
    );
    const onData = (chunk) => {
      const s = chunk.toString();
      logStream.write(s);
      if (logText.length < 200_000) logText += s;
      if (logText.includes('HTTP server listening')) {
        clearTimeout(timer);
        resolveReady();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`could not start code-server: ${e.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${signal ?? `exit code ${code}`}) before it was ready. Its log:\n${logText}`));
    });
  });
  return { child, ready, logStream, log: () => logText };
}

/** Stops code-server's process group (code-server, its extension host, the language server): TERM, then KILL after 5 s. */
async function stopGroup(child) {
  if (!child?.pid) return;
  const alive = () => {
    try {
      process.kill(-child.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  if (!alive()) return;
  signal('SIGTERM');
  const deadline = Date.now() + 5000;
  while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive()) signal('SIGKILL');
}

async function runInCodeServer(opts, setup, dirs, testsModule, layout, extra = {}) {
  const { chromium } = await import('playwright-core');
  const { runDir, resultsDir } = layout;
  const port = await freePort();
  const env = { AMP_E2E_CONTROL_DIR: dirs.control, AMP_E2E_GREP: opts.grep ?? '', AMP_E2E_EXTENSIONS_DIR: dirs.extensions };
  let server;
  let browser;
  let page;
  let finished = false;
  const cleanups = [];
  const cleanup = async () => {
    if (finished) return;
    finished = true;
    for (const c of cleanups) c();
    await browser?.close().catch(() => undefined);
    await stopGroup(server?.child);
    server?.logStream.end();
  };
  const onSignal = (signal) => {
    log(`${signal}: stopping code-server and Chromium`);
    void cleanup().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  cleanups.push(() => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  });

  let shots = Promise.resolve();
  const takeScreenshot = (name) => {
    const file = join(resultsDir, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.png`);
    shots = shots.then(async () => {
      try {
        await page?.screenshot({ path: file });
        log(`screenshot: ${file}`);
      } catch (e) {
        log(`could not take the screenshot ${file}: ${e instanceof Error ? e.message : e}`);
      }
      writeFileSync(join(dirs.control, `${name}.done`), '');
    });
    return shots;
  };
  const output = new SuiteOutput((name) => void takeScreenshot(name));
  const workbenchLog = createWriteStream(join(runDir, 'workbench.log'));
  cleanups.push(() => workbenchLog.end());

  const started = Date.now();
  let exitCode;
  let code;
  let failure;
  try {
    server = startCodeServer(setup.codeServerEntry, port, dirs, env, join(runDir, 'code-server.log'));
    await server.ready;
    log(`code-server listens on 127.0.0.1:${port} (${seconds(Date.now() - started)})`);
    // Rejections that may come after the race below is decided (stopping code-server ends it) are expected.
    const serverDied = settleLater((_, reject) =>
      server.child.once('exit', (c, signal) => reject(new Error(`code-server exited during the run (${signal ?? `exit code ${c}`})`))),
    );

    // Signals are this script's to handle (it stops code-server too), not Playwright's.
    browser = await chromium.launch({ executablePath: setup.chromium, args: CHROMIUM_FLAGS, headless: true, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationExit', (c) => {
      exitCode = c;
      resolveExit(c);
    });
    await page.exposeFunction('codeAutomationLog', (level, message) => {
      const text = String(message ?? '');
      workbenchLog.write(`${seconds(Date.now() - started)} [${level}] ${text}\n`);
      // The suite marks its own lines (test/e2e/suite/helpers.ts `say`); the rest is the workbench's own log.
      for (const line of text.split(/\r?\n/)) {
        if (!output.line(line)) continue;
        if (line.startsWith(OUTPUT_MARKER)) console.log(line.slice(OUTPUT_MARKER.length + 1));
        else if (opts.verbose) console.log(`[workbench ${level}] ${line}`);
      }
    });
    page.on('pageerror', (e) => workbenchLog.write(`${seconds(Date.now() - started)} [pageerror] ${e.message}\n`));
    const crashed = settleLater((_, reject) => page.on('crash', () => reject(new Error('the workbench page crashed'))));

    const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(layout.developmentPath)],
      ['extensionTestsPath', remote(testsModule)],
      ['skipWelcome', 'true'],
    ];
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    log(`workbench opened with the suite (${seconds(Date.now() - started)}); the suite's output follows`);

    let timer;
    const timedOut = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the suite did not finish within ${opts.timeoutSec} s`)), opts.timeoutSec * 1000);
    });
    cleanups.push(() => clearTimeout(timer));
    code = await Promise.race([exited, timedOut, crashed, serverDied]);
    log(`VS Code reported exit code ${exitCode} (${seconds(Date.now() - started)})`);
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
    code = 1;
  }
  try {
    await shots;
    const failedTests = output.results.filter((r) => r.state === 'failed').length;
    if (code !== 0 || failedTests > 0) {
      if (page && !existsSync(join(resultsDir, 'failure.png'))) await takeScreenshot('failure');
      if (code === 0) code = 1;
    }
    if (failure) log(`error: ${failure}\n  code-server's log: ${join(runDir, 'code-server.log')}\n  the workbench's log: ${join(runDir, 'workbench.log')}`);
    writeResults(layout, output, code, { failure: failure ?? null, durationMs: Date.now() - started, exitCodeFromSuite: exitCode ?? null, ...extra });
    return { code, output, durationMs: Date.now() - started };
  } finally {
    await cleanup();
  }
}

/** A promise that only ever rejects, marked as handled so a rejection after it stopped mattering is not fatal. */
function settleLater(executor) {
  const p = new Promise(executor);
  p.catch(() => undefined);
  return p;
}

/** The same suite in a desktop VS Code through @vscode/test-electron (which downloads nothing when given the path). */
async function runInDesktop(opts, dirs, testsModule, layout) {
  const { runTests } = await import('@vscode/test-electron');
  // No screenshots here: the suite asks for them only when AMP_E2E_CONTROL_DIR is set, which this mode does not set.
  const output = new SuiteOutput(() => undefined);
  // test-electron copies the child's output to our stdout; read the suite's marker lines from there.
  const write = process.stdout.write.bind(process.stdout);
  let pending = '';
  process.stdout.write = (chunk, ...rest) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    const shown = lines.filter((l) => output.line(l)).map((l) => (l.startsWith(OUTPUT_MARKER) ? l.slice(OUTPUT_MARKER.length + 1) : l));
    return shown.length ? write(`${shown.join('\n')}\n`, ...rest) : true;
  };
  const started = Date.now();
  let code;
  try {
    code = await runTests({
      vscodeExecutablePath: opts.desktop,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: testsModule,
      extensionTestsEnv: { AMP_E2E_GREP: opts.grep ?? '' },
      // test-electron adds --skip-welcome, --disable-workspace-trust and the development and tests paths itself.
      launchArgs: [dirs.workspace, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions],
    });
  } catch (e) {
    code = typeof e === 'number' ? e : 1;
    if (typeof e !== 'number') log(`error: ${e instanceof Error ? e.message : e}`);
  } finally {
    process.stdout.write = write;
  }
  writeResults(layout, output, code, { durationMs: Date.now() - started });
  return { code, output, durationMs: Date.now() - started };
}

/** Runs code-server's own CLI to install a VSIX into the run's fresh extensions folder; rejects with its output. */
function installVsix(entry, dirs, vsixPath, logPath) {
  const args = [entry, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', vsixPath];
  return new Promise((resolveInstall, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), STARTUP_TIMEOUT_MS);
    child.stdout.on('data', (c) => (text += c));
    child.stderr.on('data', (c) => (text += c));
    child.on('error', (e) => reject(new Error(`could not start code-server to install ${vsixPath}: ${e.message}`)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      writeFileSync(logPath, text);
      if (code === 0 && /successfully installed/i.test(text)) resolveInstall(text);
      else reject(new Error(`code-server --install-extension ${vsixPath} failed (${signal ?? `exit code ${code}`}):\n${text}`));
    });
  });
}

/** The VSIX mode's preparation: package (with --package) and install; resolves with what results.json records. */
async function prepareVsix(opts, setup, dirs, layout) {
  let packageMs = null;
  if (opts.package) {
    const packaged = await packageVsix({ out: opts.vsix, quiet: !opts.verbose });
    packageMs = packaged.totalMs;
    log(`packaged ${opts.vsix} (${(packaged.bytes / 1024).toFixed(0)} KiB) in ${seconds(packageMs)}`);
  }
  const started = Date.now();
  await installVsix(setup.codeServerEntry, dirs, opts.vsix, join(layout.runDir, 'install.log'));
  const installMs = Date.now() - started;
  log(`installed ${opts.vsix} into ${dirs.extensions} in ${seconds(installMs)}`);
  return { path: opts.vsix, bytes: statSync(opts.vsix).size, packageMs, installMs };
}

export async function main(argv) {
  const opts = parseArgs(argv);
  const layout = opts.vsix ? LAYOUTS.vsix : LAYOUTS.development;
  const startedAt = Date.now();
  // A VSIX carries its own bundles; only the development run loads dist/.
  for (const built of opts.vsix ? [] : ['dist/extension.js', 'dist/server.js']) {
    if (!existsSync(join(ROOT, built))) {
      if (built === 'dist/extension.js') throw new Error(`${built} is missing: build first (npm run build, or npm test which builds)`);
      log(`warning: ${built} is missing, so the language server cannot start (npm run build)`);
    }
  }
  const setup = opts.desktop ? undefined : await ensureE2eSetup();
  const setupMs = Date.now() - startedAt;
  // One run at a time in this tree: runs share out/ and dist/ (which --package rebuilds), and each mode its run
  // folder and results.
  const { code, output, durationMs } = await withLock(RUN_LOCK, 'end-to-end run', async () => {
    const dirs = prepareRunDir(layout);
    let vsix;
    if (opts.vsix) {
      try {
        vsix = await prepareVsix(opts, setup, dirs, layout);
      } catch (e) {
        const failure = e instanceof Error ? e.message : String(e);
        log(`error: ${failure}`);
        const output = new SuiteOutput(() => undefined);
        writeResults(layout, output, 1, { failure, durationMs: Date.now() - startedAt });
        return { code: 1, output, durationMs: Date.now() - startedAt };
      }
    }
    const testsModule = await compileSuite(layout);
    log(`suite compiled to ${testsModule}; workspace ${dirs.workspace}`);
    return opts.desktop ? runInDesktop(opts, dirs, testsModule, layout) : runInCodeServer(opts, setup, dirs, testsModule, layout, vsix ? { vsix } : {});
  });
  const passed = output.results.filter((r) => r.state === 'passed').length;
  const failed = output.results.filter((r) => r.state === 'failed').length;
  log(
    `${passed} passed, ${failed} failed in the suite (${seconds(output.summary?.durationMs ?? 0)}); run ${seconds(durationMs)}, set-up check ${seconds(setupMs)}, ` +
      `total ${seconds(Date.now() - startedAt)}; exit code ${code}; results: ${join(layout.resultsDir, 'results.json')}`,
  );
  return code;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (e) {
    console.error(`[e2e-run] error: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
