// `amp scars verify FILE`, driven through its exported command function (as main will dispatch it): exit codes,
// text and JSON output, usage errors.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CliError } from '../../cli/args';
import { runScars, type ScarsVerifyJson } from '../../cli/scars-command';
import { GENESIS, sealRecord, type LogEntry } from '../../core/governance/scars-log';
import { appendScarEntries } from '../../io/scar-log';
import { makeFixture, removeFixture } from './helpers';

const ENTRIES: LogEntry[] = [
  { kind: 'scar', scar: 'scar-1', trigger: 'agent_report', description: 'retracted a report', step: 3 },
  { kind: 'scar', scar: 'scar-2', trigger: 'incident_report', description: 'named a household', step: 5, channel: 'steward' },
  { kind: 'restorative', scar: 'scar-1', process: 'apology accepted', channel: 'steward', step: 9 },
];

let dir: string;
before(() => {
  dir = makeFixture({ 'logs/': '' });
  appendScarEntries(join(dir, 'logs/good.jsonl'), ENTRIES);
  const good = readFileSync(join(dir, 'logs/good.jsonl'), 'utf8');
  writeFileSync(join(dir, 'logs/tampered.jsonl'), good.replace('named a household', 'nothing happened'));
  writeFileSync(join(dir, 'logs/torn.jsonl'), good + '{"kind":"scar","scar":"scar-3"');
  writeFileSync(join(dir, 'logs/empty.jsonl'), '');
  mkdirSync(join(dir, 'logs/folder.jsonl'));
  // A log that went on after a crash: the torn fragment is sealed by a recovery record.
  appendScarEntries(join(dir, 'logs/recovered.jsonl'), ENTRIES.slice(0, 1));
  appendFileSync(join(dir, 'logs/recovered.jsonl'), '{"kind":"sc');
  appendScarEntries(join(dir, 'logs/recovered.jsonl'), ENTRIES.slice(1));
});
after(() => removeFixture(dir));

const run = (...args: string[]) => runScars(args, { cwd: dir });

function fails(args: string[], message: RegExp): void {
  assert.throws(
    () => run(...args),
    (e: unknown) => e instanceof CliError && e.exitCode === 2 && message.test(e.message),
  );
}

describe('exit codes', () => {
  test('0 for a valid log', () => assert.equal(run('verify', 'logs/good.jsonl').exitCode, 0));
  test('0 for an empty log', () => assert.equal(run('verify', 'logs/empty.jsonl').exitCode, 0));
  test('0 for a log whose torn line was sealed by a recovery record', () => assert.equal(run('verify', 'logs/recovered.jsonl').exitCode, 0));
  test('1 for a tampered log', () => assert.equal(run('verify', 'logs/tampered.jsonl').exitCode, 1));
  test('1 for a torn last line', () => assert.equal(run('verify', 'logs/torn.jsonl').exitCode, 1));
  test('2 for a missing file', () => fails(['verify', 'logs/missing.jsonl'], /^amp: cannot read 'logs\/missing\.jsonl': no such file or directory$/));
  test('2 for a folder', () => fails(['verify', 'logs/folder.jsonl'], /is a directory/));
  test('2 without a subcommand', () => fails([], /missing subcommand/));
  test('2 for an unknown subcommand', () => fails(['repair', 'x'], /unknown subcommand 'repair'/));
  test('2 without a FILE', () => fails(['verify'], /missing FILE/));
  test('2 for two FILEs', () => fails(['verify', 'a', 'b'], /one FILE at a time/));
  test('2 for an unknown option', () => fails(['verify', '--fix', 'a'], /unknown option '--fix'/));
  test('2 for a bad format', () => fails(['verify', '--format', 'xml', 'a'], /unknown format 'xml' \(expected text, json\)/));
  test('2 for --format without a value', () => fails(['verify', 'a', '--format'], /'--format' needs a value/));
});

describe('text output', () => {
  test('a valid log: records, scars and the head to anchor', () => {
    const { output } = run('verify', 'logs/good.jsonl');
    const last = readFileSync(join(dir, 'logs/good.jsonl'), 'utf8').trimEnd().split('\n').pop()!;
    const head = createHash('sha256').update(last).digest('hex');
    assert.equal(output, `logs/good.jsonl: valid, 3 records, 2 scars (1 unresolved); head ${head}\n`);
  });

  test('a tampered log names the first broken record', () => {
    const { output } = run('verify', 'logs/tampered.jsonl');
    assert.equal(
      output,
      'logs/tampered.jsonl:2: error: record 1 is broken: hash does not match the record’s content (the record was edited)\n' +
        'logs/tampered.jsonl: chain broken at line 2; the 1 record before it verify\n',
    );
  });

  test('a torn log reports the torn line', () => {
    const { output } = run('verify', 'logs/torn.jsonl');
    assert.match(output, /^logs\/torn\.jsonl:4: error: torn last line \(30 characters, no newline\): a write was cut short; it is not a record\n/);
    assert.match(output, /the 3 records before the torn line verify/);
  });

  test('a recovered log notes the sealed line', () => {
    assert.match(run('verify', 'logs/recovered.jsonl').output, /^logs\/recovered\.jsonl:2: note: torn line \(11 characters\) sealed by the recovery record after it/);
  });

  test('--help prints usage', () => {
    for (const args of [['--help'], ['verify', '--help'], ['help']]) {
      const r = run(...args);
      assert.equal(r.exitCode, 0);
      assert.match(r.output, /^Usage: amp scars verify \[options\] FILE/);
    }
  });
});

describe('JSON output', () => {
  test('reports the chain, the scars and the problems', () => {
    const good = JSON.parse(run('verify', '--format=json', 'logs/good.jsonl').output) as ScarsVerifyJson;
    assert.equal(good.ok, true);
    assert.equal(good.records, 3);
    assert.deepEqual(good.scars, { total: 2, unresolved: 1 });
    assert.equal(good.broken, null);
    assert.equal(good.torn, null);

    const bad = JSON.parse(run('verify', '-f', 'json', 'logs/tampered.jsonl').output) as ScarsVerifyJson;
    assert.equal(bad.ok, false);
    assert.deepEqual(bad.broken, { line: 2, seq: 1, reason: 'hash does not match the record’s content (the record was edited)' });

    const torn = JSON.parse(run('verify', '--format', 'json', 'logs/torn.jsonl').output) as ScarsVerifyJson;
    assert.equal(torn.torn?.line, 4);
    assert.equal(torn.records, 3);
  });

  test('an absolute path works too', () => {
    const r = runScars(['verify', join(dir, 'logs/good.jsonl')], { cwd: '/' });
    assert.equal(r.exitCode, 0);
  });

  test('the first record of a log links to the genesis hash', () => {
    const first = JSON.parse(readFileSync(join(dir, 'logs/good.jsonl'), 'utf8').split('\n')[0]);
    assert.equal(first.prev, GENESIS);
    assert.equal(sealRecord(ENTRIES[0], 0, GENESIS).line, readFileSync(join(dir, 'logs/good.jsonl'), 'utf8').split('\n')[0]);
  });
});
