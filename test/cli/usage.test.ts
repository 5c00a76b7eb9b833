// `amp` exit codes, usage errors and which files `amp check` picks up, run through the built CLI; plus main's handling
// of an unexpected internal error, driven in-process.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { version } from '../../package.json';
import { main, type Io } from '../../cli/main';
import { ensureBuilt, makeFixture, removeFixture, runCli } from './helpers';

let dir: string;
before(() => {
  ensureBuilt();
  dir = makeFixture({
    'clean.amp': '// nothing to check yet\n',
    'warned.amp': 'message m = "hello"\n',
    'bad.amp': 'message = "x"\n',
    // Picked up by the walk:
    'sub/nested.amp': '// nested\n',
    '.well-known/compiler_ethics.json': '{}\n',
    'sub/compiler_ethics.json': '{}\n',
    // Skipped by the walk:
    'node_modules/dep/x.amp': 'message = "x"\n',
    'dist/x.amp': 'message = "x"\n',
    '.hidden/x.amp': 'message = "x"\n',
    'notes.txt': 'not AMP\n',
    'other.json': '{}\n',
    // Checked only when named:
    'spec.txt': 'message = "x"\n',
  });
});
after(() => removeFixture(dir));

/** Asserts a usage-style failure: exit 2, nothing on stdout, one line on stderr that matches, and no stack trace. */
function assertFails(args: string[], message: RegExp): void {
  const r = runCli(args, dir);
  assert.equal(r.status, 2, `${r.stdout}${r.stderr}`);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], message);
  assert.doesNotMatch(r.stderr, /\n\s+at |Error:/);
}

describe('exit codes', () => {
  test('0 when clean', () => assert.equal(runCli(['check', 'clean.amp'], dir).status, 0));
  test('0 with warnings only', () => assert.equal(runCli(['check', 'warned.amp'], dir).status, 0));
  test('1 with an error', () => assert.equal(runCli(['check', 'clean.amp', 'bad.amp'], dir).status, 1));
  test('2 for a path that does not exist', () => assertFails(['check', 'clean.amp', 'missing.amp'], /^amp: cannot read 'missing\.amp': no such file or directory$/));
  test('2 for an unknown option', () => assertFails(['check', '--frobnicate', '.'], /unknown option '--frobnicate'/));
  test('2 for an unknown command, listing the known ones', () => assertFails(['lint', '.'], /unknown command 'lint' \(known commands: check, run, scars\)/));
  test('2 without a command', () => assertFails([], /missing command/));
  test('2 without a PATH', () => assertFails(['check'], /missing PATH/));
  test('2 for a bad --format', () => assertFails(['check', '--format', 'xml', '.'], /unknown format 'xml' \(expected text, json, sarif\)/));
  test('2 for --format without a value', () => assertFails(['check', '.', '--format'], /'--format' needs a value/));
});

describe('help and version', () => {
  test('--help prints usage and exits 0', () => {
    for (const args of [['--help'], ['check', '--help']]) {
      const r = runCli(args, dir);
      assert.equal(r.status, 0);
      assert.match(r.stdout, /^Usage: amp /);
      assert.equal(r.stderr, '');
    }
  });

  test('--version prints the package version', () => {
    const r = runCli(['--version'], dir);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, `${version}\n`);
  });
});

describe('which files are checked', () => {
  const checkedPaths = (args: string[]) => (JSON.parse(runCli(['check', '--format', 'json', ...args], dir).stdout) as { path: string }[]).map((f) => f.path);

  test('folders: *.amp and compiler_ethics.json, skipping node_modules, dist and hidden folders but not .well-known', () => {
    assert.deepEqual(checkedPaths(['.']), [
      join('.well-known', 'compiler_ethics.json'),
      'bad.amp',
      'clean.amp',
      join('sub', 'compiler_ethics.json'),
      join('sub', 'nested.amp'),
      'warned.amp',
    ]);
  });

  test('explicit files are checked whatever their extension: .json as a manifest, anything else as AMP', () => {
    assert.deepEqual(checkedPaths(['spec.txt', 'other.json']), ['other.json', 'spec.txt']);
    const r = runCli(['check', 'spec.txt'], dir);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^spec\.txt:1:9: error AMP-P001: /m);
  });

  test('--exclude leaves out a folder or a file', () => {
    assert.deepEqual(checkedPaths(['.', '--exclude', 'sub', '--exclude', '.well-known', '--exclude=bad.amp']), ['clean.amp', 'warned.amp']);
  });

  test('an explicitly named folder is walked even if the walk would skip it', () => {
    assert.deepEqual(checkedPaths(['node_modules']), [join('node_modules', 'dep', 'x.amp')]);
  });
});

describe('internal errors', () => {
  test('an unexpected failure is one line, `amp: internal error: …`, and exit 2', () => {
    let err = '';
    const io: Io = {
      cwd: dir,
      env: {},
      stdoutIsTTY: false,
      writeOut: () => {
        throw new Error('disk on fire\n    at somewhere (file.ts:1:1)');
      },
      writeErr: (text) => {
        err += text;
      },
    };
    assert.equal(main(['check', 'clean.amp'], io), 2);
    assert.equal(err, 'amp: internal error: disk on fire\n');
  });
});

describe('amp scars', () => {
  test('is listed in the overview and has its own help', () => {
    const overview = runCli(['--help'], process.cwd());
    assert.equal(overview.status, 0);
    assert.match(overview.stdout, /scars verify FILE/);
    const help = runCli(['help', 'scars'], process.cwd());
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: amp scars verify/);
  });
});
