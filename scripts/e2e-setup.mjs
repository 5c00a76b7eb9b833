// Sets up what the end-to-end layer needs on a fresh Debian machine with Node 20 (`node scripts/e2e-setup.mjs`):
// Debian's chromium, ripgrep and Kerberos headers, then code-server 4.100.3 (VS Code 1.100.3's web workbench with a
// real Node extension host) in .vscode-test/code-server. Idempotent and cached: a stamp file records a completed
// set-up, so a second run only checks that everything is still there. Downloads only from the npm registry and
// Debian's packages; never from a project's release pages or VS Code's update server.
//
// Options: --force (set up code-server again from scratch), --verbose (stream every command's output; by default it
// goes to .vscode-test/e2e-setup.log and its tail is printed when a step fails).
//
// Exports `ensureE2eSetup()` for scripts/e2e-run.mjs; run directly, it exits 0 when everything is ready.

import { spawn } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
/** Bump when the install sequence below changes, so cached set-ups made by an older sequence are redone. */
const SETUP_REVISION = 1;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE_DIR = join(ROOT, '.vscode-test');
export const CODE_SERVER_DIR = join(CACHE_DIR, 'code-server');
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = '/usr/bin/chromium';
const STAMP = join(CODE_SERVER_DIR, 'e2e-setup.stamp.json');
const LOG = join(CACHE_DIR, 'e2e-setup.log');
const LOCK = join(CACHE_DIR, 'e2e-setup.lock');

/** Debian packages and the file that shows each is installed (the Kerberos headers are needed by code-server's `kerberos` module). */
const APT_PACKAGES = [
  { name: 'chromium', present: () => existsSync(CHROMIUM) },
  { name: 'ripgrep', present: () => which('rg') !== undefined },
  { name: 'libkrb5-dev', present: () => existsSync('/usr/include/krb5.h') && existsSync('/usr/include/gssapi/gssapi.h') },
];
/** Native builds need a compiler, make and Python (node-gyp); fresh Debian images with Node usually have them. */
const BUILD_TOOLS = [
  { name: 'build-essential', present: () => which('g++') !== undefined && which('make') !== undefined },
  { name: 'python3', present: () => which('python3') !== undefined },
];

const NPM_QUIET = ['--no-audit', '--no-fund', '--loglevel=error'];

let verbose = false;

function log(line) {
  console.log(`[e2e-setup] ${line}`);
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (!dir) continue;
    const path = join(dir, cmd);
    try {
      if (statSync(path).isFile()) return path;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** Runs a command; its output goes to the set-up log (or the terminal with --verbose). Rejects with the log's tail. */
function run(cmd, args, { cwd = ROOT, env = {}, sudo = false } = {}) {
  // sudo -n: never wait for a password nobody can type (stdin is closed); a sudo that needs one fails at once.
  const argv = sudo ? ['sudo', '-n', '-E', cmd, ...args] : [cmd, ...args];
  const shown = argv.join(' ');
  appendFileSync(LOG, `\n$ (cd ${cwd} && ${shown})\n`);
  return new Promise((resolvePromise, reject) => {
    const out = verbose ? 'inherit' : openSync(LOG, 'a');
    const child = spawn(argv[0], argv.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
    child.on('error', (e) => {
      if (typeof out === 'number') closeSync(out);
      reject(new Error(`could not start \`${shown}\`: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      if (typeof out === 'number') closeSync(out);
      if (code === 0) resolvePromise();
      else reject(new Error(`\`${shown}\` (in ${cwd}) failed with ${signal ?? `exit code ${code}`}${verbose ? '' : `\n${logTail(60)}`}`));
    });
  });
}

function logTail(lines) {
  try {
    const text = readFileSync(LOG, 'utf8').split('\n');
    return `--- last ${lines} lines of ${LOG} ---\n${text.slice(-lines).join('\n')}`;
  } catch {
    return '';
  }
}

async function phase(name, body) {
  log(`${name}…`);
  const started = Date.now();
  await body();
  const took = Date.now() - started;
  log(`${name}: done in ${seconds(took)}`);
  return took;
}

/** How commands that need root run here: directly as root, through sudo otherwise, or not at all. */
function rootMode() {
  if (process.getuid?.() === 0) return 'root';
  if (which('sudo')) return 'sudo';
  return undefined;
}

async function ensureSystemPackages() {
  const missing = [...APT_PACKAGES, ...BUILD_TOOLS].filter((p) => !p.present()).map((p) => p.name);
  if (missing.length === 0) {
    log(`system packages: chromium, ripgrep and the Kerberos headers are installed; apt is skipped`);
    return 0;
  }
  const mode = rootMode();
  if (!mode) {
    throw new Error(
      `these Debian packages are missing: ${missing.join(', ')}. Installing them needs root, and this user is not root ` +
        `and has no sudo. Run as root: apt-get update && apt-get install -y ${missing.join(' ')}`,
    );
  }
  return phase(`system packages: apt-get install ${missing.join(' ')}${mode === 'sudo' ? ' (through sudo)' : ''}`, async () => {
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    const lock = ['-o', 'DPkg::Lock::Timeout=300'];
    try {
      await run('apt-get', [...lock, 'update'], { env, sudo: mode === 'sudo' });
      await run('apt-get', [...lock, 'install', '-y', ...missing], { env, sudo: mode === 'sudo' });
    } catch (e) {
      const hint = mode === 'sudo' ? ' (sudo must work without a password here)' : '';
      throw new Error(`${e instanceof Error ? e.message : e}\nInstall them by hand${hint}: apt-get update && apt-get install -y ${missing.join(' ')}`);
    }
    const still = [...APT_PACKAGES, ...BUILD_TOOLS].filter((p) => !p.present()).map((p) => p.name);
    if (still.length) throw new Error(`apt-get finished but these are still missing: ${still.join(', ')}`);
  });
}

function stampContent() {
  return { codeServer: CODE_SERVER_VERSION, revision: SETUP_REVISION, node: process.versions.modules };
}

/** True when a completed set-up for this code-server version and this Node ABI is in place. */
function stampValid() {
  try {
    const stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
    const want = stampContent();
    return (
      stamp.codeServer === want.codeServer &&
      stamp.revision === want.revision &&
      stamp.node === want.node &&
      existsSync(CODE_SERVER_ENTRY) &&
      existsSync(join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules.asar'))
    );
  } catch {
    return false;
  }
}

/** node-gyp builds against the running Node's headers; point it at them so it never tries to download them. */
function nativeBuildEnv() {
  // JOBS=max: node-gyp builds each module with one make job per core.
  const env = { npm_config_yes: 'true', JOBS: 'max' };
  const prefix = dirname(dirname(process.execPath));
  if (!process.env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'node_api.h'))) env.npm_config_nodedir = prefix;
  return env;
}

/** The install sequence of docs/testing.md (code-server's ripgrep would download a binary: Debian's rg replaces it). */
async function installCodeServer() {
  rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  mkdirSync(CODE_SERVER_DIR, { recursive: true });
  // A package.json of its own, so npm installs here and never into the repository's package.json.
  writeFileSync(
    join(CODE_SERVER_DIR, 'package.json'),
    `${JSON.stringify({ name: 'amp-e2e-code-server', private: true, description: 'code-server for the end-to-end tests; made by scripts/e2e-setup.mjs' }, null, 2)}\n`,
  );
  const env = nativeBuildEnv();
  const pkg = join(CODE_SERVER_DIR, 'node_modules', 'code-server');
  const vscodeDir = join(pkg, 'lib', 'vscode');
  const timings = {};
  timings.download = await phase(`code-server ${CODE_SERVER_VERSION}: npm install (scripts off)`, () =>
    run('npm', ['install', ...NPM_QUIET, '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], { cwd: CODE_SERVER_DIR, env }),
  );
  timings.argon2 = await phase('code-server: build argon2 from source', () =>
    run('npm', ['rebuild', 'argon2', '--build-from-source'], { cwd: CODE_SERVER_DIR, env }),
  );
  timings.vscodeDeps = await phase('VS Code: npm install --omit=dev (scripts off)', () =>
    run('npm', ['install', ...NPM_QUIET, '--omit=dev', '--ignore-scripts'], { cwd: vscodeDir, env }),
  );
  const rgDir = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgDir, { recursive: true });
  copyFileSync(which('rg'), join(rgDir, 'rg'));
  chmodSync(join(rgDir, 'rg'), 0o755);
  log(`VS Code: ripgrep is Debian's ${which('rg')}`);
  timings.native = await phase('VS Code: build native modules from source', () =>
    run(
      'npm',
      ['rebuild', 'node-pty', '@parcel/watcher', '@vscode/spdlog', 'kerberos', 'native-watchdog', '@vscode/deviceid', '--build-from-source'],
      { cwd: vscodeDir, env },
    ),
  );
  const asar = join(vscodeDir, 'node_modules.asar');
  try {
    if (lstatSync(asar)) unlinkSync(asar);
  } catch {
    // not there yet
  }
  symlinkSync('node_modules', asar);
  timings.extensions = await phase('VS Code: built-in extensions npm install --omit=dev (scripts off)', () =>
    run('npm', ['install', ...NPM_QUIET, '--omit=dev', '--ignore-scripts'], { cwd: join(vscodeDir, 'extensions'), env }),
  );
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error(`the install finished but ${CODE_SERVER_ENTRY} is missing`);
  writeFileSync(STAMP, `${JSON.stringify({ ...stampContent(), completed: new Date().toISOString(), timings }, null, 2)}\n`);
}

/**
 * Runs `body` holding a lock file (`path`, holding the owner's pid), so two processes never do the same work in this
 * tree at once; a lock left by a process that no longer exists is taken over. Waits at most `waitMs` for it.
 */
export async function withLock(path, what, body, waitMs = 30 * 60_000) {
  mkdirSync(dirname(path), { recursive: true });
  const deadline = Date.now() + waitMs;
  let told = false;
  for (;;) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      let holder = 0;
      try {
        holder = Number(readFileSync(path, 'utf8').trim());
      } catch {
        continue; // released meanwhile
      }
      let alive = false;
      try {
        if (holder && holder !== process.pid) {
          process.kill(holder, 0);
          alive = true;
        }
      } catch {
        alive = false;
      }
      if (!alive) {
        rmSync(path, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another ${what} (pid ${holder}) holds ${path} for too long`);
      if (!told) console.log(`[e2e] waiting for pid ${holder} to finish its ${what}…`);
      told = true;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await body();
  } finally {
    rmSync(path, { force: true });
  }
}

/**
 * Makes sure Chromium, ripgrep, the Kerberos headers and code-server are installed. Returns the paths the runner
 * needs. Cheap when everything is in place.
 */
export async function ensureE2eSetup({ force = false, verbose: loud = false } = {}) {
  verbose = loud;
  const started = Date.now();
  mkdirSync(CACHE_DIR, { recursive: true });
  if (!force && stampValid() && [...APT_PACKAGES, ...BUILD_TOOLS].every((p) => p.present())) {
    log(`code-server ${CODE_SERVER_VERSION} and Chromium are set up (cached in ${CODE_SERVER_DIR}); checked in ${seconds(Date.now() - started)}`);
    return { codeServerEntry: CODE_SERVER_ENTRY, chromium: CHROMIUM, cached: true };
  }
  await withLock(LOCK, 'end-to-end set-up', async () => {
    if (!force && stampValid() && [...APT_PACKAGES, ...BUILD_TOOLS].every((p) => p.present())) return; // another run finished it
    writeFileSync(LOG, `e2e set-up started ${new Date().toISOString()}\n`);
    log(`setting up the end-to-end environment (the first time takes a few minutes; commands' output: ${LOG})`);
    await ensureSystemPackages();
    if (force || !stampValid()) {
      await phase(`code-server ${CODE_SERVER_VERSION} into ${CODE_SERVER_DIR}`, installCodeServer);
    }
  });
  log(`set-up complete in ${seconds(Date.now() - started)}`);
  return { codeServerEntry: CODE_SERVER_ENTRY, chromium: CHROMIUM, cached: false };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--force' && a !== '--verbose');
  if (unknown.length) {
    console.error(`usage: node scripts/e2e-setup.mjs [--force] [--verbose]  (unknown: ${unknown.join(' ')})`);
    process.exit(2);
  }
  try {
    await ensureE2eSetup({ force: args.includes('--force'), verbose: args.includes('--verbose') });
  } catch (e) {
    console.error(`[e2e-setup] error: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
