// Unit tests for the Atlas of Scars log: the hash-chained record format, verification naming the first broken record,
// torn last lines, and the durable appender in io/ (a torn tail is sealed, never truncated; earlier bytes never change).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENESIS, canonicalJson, sealRecord, verifyScarLog, type LogEntry } from '../../core/governance/scars-log';
import { scarsFromRecords } from '../../core/governance/state';
import { ScarLog, ScarLogError, appendScarEntries, readScarLog } from '../../io/scar-log';

const hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

const ENTRIES: LogEntry[] = [
  { kind: 'constitution', constitution_id: 'TrustSlice_TSv0_1', kernel: { name: 'gamma', shape: 2, scale: 30 }, step: 0 },
  { kind: 'scar', scar: 'scar-1', trigger: 'E_ext_spike', description: 'E_ext rose to 0.6', step: 4, detail: { E_ext: '0.6', above: 0.5 } },
  { kind: 'scar', scar: 'scar-2', trigger: 'incident_report', description: 'named a household', step: 9, channel: 'steward' },
  { kind: 'restorative', scar: 'scar-1', process: 'apology accepted', channel: 'steward', step: 12 },
];

/** A log's text built by chaining the entries here, independently of any writer. */
function logText(entries: readonly LogEntry[] = ENTRIES): string {
  let prev = GENESIS;
  const lines: string[] = [];
  entries.forEach((e, seq) => {
    const { line } = sealRecord(e, seq, prev);
    lines.push(line);
    prev = hex(line);
  });
  return lines.map((l) => l + '\n').join('');
}

function lines(text: string): string[] {
  return text.split('\n').slice(0, -1);
}

describe('record format', () => {
  it('writes canonical JSON: sorted keys, no spaces, undefined left out', () => {
    assert.equal(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined, d: { z: 0, y: -1.5 } }), '{"a":[true,null,"x"],"b":1,"d":{"y":-1.5,"z":0}}');
    assert.throws(() => canonicalJson({ x: NaN }), TypeError);
  });

  it('chains each record to the SHA-256 of the previous line and hashes its own body', () => {
    const ls = lines(logText());
    const recs = ls.map((l) => JSON.parse(l));
    assert.equal(recs[0].prev, GENESIS);
    for (let i = 1; i < recs.length; i++) assert.equal(recs[i].prev, hex(ls[i - 1]));
    for (const r of recs) {
      const { hash, ...body } = r;
      assert.equal(hash, hex(canonicalJson(body)));
    }
    assert.deepEqual(recs.map((r) => [r.v, r.seq, r.kind]), [[1, 0, 'constitution'], [1, 1, 'scar'], [1, 2, 'scar'], [1, 3, 'restorative']]);
  });
});

describe('verification', () => {
  it('accepts an intact log and gives its head', () => {
    const text = logText();
    const r = verifyScarLog(text);
    assert.equal(r.ok, true);
    assert.equal(r.records.length, 4);
    assert.deepEqual(r.head, { seq: 4, hash: hex(lines(text)[3]) });
    const scars = scarsFromRecords(r.records);
    assert.deepEqual(scars.map((s) => [s.id, s.resolvedAtStep]), [['scar-1', 12], ['scar-2', undefined]]);
  });

  it('accepts an empty log', () => {
    assert.equal(verifyScarLog('').ok, true);
  });

  it('names an edited record (its own hash no longer matches)', () => {
    const ls = lines(logText());
    ls[1] = ls[1].replace('"step":4', '"step":5');
    const r = verifyScarLog(ls.join('\n') + '\n');
    assert.equal(r.ok, false);
    assert.deepEqual(r.broken, { line: 2, seq: 1, reason: 'hash does not match the record’s content (the record was edited)' });
    assert.equal(r.records.length, 1);
  });

  it('names the record after an edit whose own hash was recomputed (the chain breaks there)', () => {
    const ls = lines(logText());
    const rec = JSON.parse(ls[1]);
    rec.description = 'nothing happened';
    delete rec.hash;
    rec.hash = hex(canonicalJson(rec));
    ls[1] = canonicalJson(rec);
    const r = verifyScarLog(ls.join('\n') + '\n');
    assert.equal(r.broken?.line, 3);
    assert.match(r.broken!.reason, /prev does not match the hash of the record before it/);
  });

  it('names a removed record', () => {
    const ls = lines(logText());
    ls.splice(1, 1);
    const r = verifyScarLog(ls.join('\n') + '\n');
    assert.equal(r.broken?.line, 2);
    assert.match(r.broken!.reason, /seq is 2, expected 1/);
  });

  it('names a tampered last record', () => {
    const ls = lines(logText());
    ls[3] = ls[3].replace('apology accepted', 'nothing to see');
    assert.equal(verifyScarLog(ls.join('\n') + '\n').broken?.line, 4);
  });

  it('names a line re-spaced out of canonical form', () => {
    const ls = lines(logText());
    ls[2] = ls[2].replace('"kind":"scar"', '"kind": "scar"');
    assert.deepEqual(verifyScarLog(ls.join('\n') + '\n').broken, { line: 3, seq: 2, reason: 'not in canonical form (the line was edited)' });
  });

  it('names garbage and blank lines', () => {
    const ls = lines(logText());
    assert.match(verifyScarLog([ls[0], '{"oops', ...ls.slice(1)].join('\n') + '\n').broken!.reason, /not valid JSON/);
    assert.match(verifyScarLog([ls[0], '', ...ls.slice(1)].join('\n') + '\n').broken!.reason, /empty line/);
    assert.match(verifyScarLog('[1,2]\n').broken!.reason, /not a JSON object/);
    assert.match(verifyScarLog('{"v":2}\n').broken!.reason, /unsupported record version 2/);
  });

  it('reports a torn last line, keeping every record before it', () => {
    const text = logText();
    const torn = text + '{"kind":"scar","prev":"ab';
    const r = verifyScarLog(torn);
    assert.equal(r.ok, false);
    assert.equal(r.broken, undefined);
    assert.equal(r.records.length, 4);
    assert.equal(r.torn?.line, 5);
    assert.equal(r.torn?.chars, 25);
  });

  it('counts a last line without its newline as torn even when it parses', () => {
    const text = logText();
    const r = verifyScarLog(text.slice(0, -1));
    assert.equal(r.records.length, 3);
    assert.equal(r.torn?.line, 4);
  });
});

describe('the durable appender (io/scar-log.ts)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'amp-scars-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a log and appends records that verify, one line each', () => {
    const path = join(dir, 'a.jsonl');
    const log = ScarLog.open(path);
    assert.equal(log.records.length, 0);
    for (const e of ENTRIES) log.append(e);
    const text = readFileSync(path, 'utf8');
    assert.equal(text, logText());
    assert.equal(readScarLog(path).report.ok, true);
    assert.deepEqual(log.chainHead, readScarLog(path).report.head);
  });

  it('continues the chain of an existing log', () => {
    const path = join(dir, 'b.jsonl');
    appendScarEntries(path, ENTRIES.slice(0, 2));
    appendScarEntries(path, ENTRIES.slice(2));
    assert.equal(readFileSync(path, 'utf8'), logText());
  });

  it('after a write cut short, reports the torn line, seals it and goes on without touching earlier records', () => {
    const path = join(dir, 'c.jsonl');
    appendScarEntries(path, ENTRIES.slice(0, 3));
    const before = readFileSync(path);
    // A crash in the middle of a write: half of the next record's line, no newline.
    const half = sealRecord(ENTRIES[3], 3, hex(lines(before.toString('utf8'))[2])).line.slice(0, 40);
    appendFileSync(path, half);
    const torn = readScarLog(path).report;
    assert.equal(torn.ok, false);
    assert.equal(torn.torn?.line, 4);
    assert.equal(torn.records.length, 3);

    const log = ScarLog.open(path);
    assert.equal(log.opened.torn?.line, 4);
    const r = log.append(ENTRIES[3]);
    assert.equal(r.recovered?.line, 4);
    assert.equal(r.recovered?.chars, 40);

    const after = readFileSync(path);
    assert.ok(after.subarray(0, before.length).equals(before), 'earlier records are byte for byte unchanged');
    assert.equal(after.subarray(before.length, before.length + 40).toString('utf8'), half, 'the torn fragment is kept, not truncated');
    const v = readScarLog(path).report;
    assert.equal(v.ok, true);
    assert.deepEqual(v.recovered, [{ line: 4, chars: 40 }]);
    assert.deepEqual(v.records.map((x) => x.kind), ['constitution', 'scar', 'scar', 'recovery', 'restorative']);
    assert.equal(scarsFromRecords(v.records)[0].resolvedAtStep, 12);
  });

  it('a recovery record cannot be used to hide an edited line', () => {
    const path = join(dir, 'd.jsonl');
    appendScarEntries(path, ENTRIES.slice(0, 2));
    appendFileSync(path, '{"torn');
    appendScarEntries(path, ENTRIES.slice(2, 3));
    const text = readFileSync(path, 'utf8');
    assert.equal(verifyScarLog(text).ok, true);
    const edited = text.replace('{"torn', '{"tore');
    const r = verifyScarLog(edited);
    assert.equal(r.ok, false);
    assert.equal(r.broken?.line, 3);
  });

  it('refuses to append to a log with a broken record', () => {
    const path = join(dir, 'e.jsonl');
    writeFileSync(path, logText().replace('"step":9', '"step":8'));
    assert.throws(() => ScarLog.open(path), (e: unknown) => e instanceof ScarLogError && /line 3 is broken/.test(e.message));
  });

  it('reads a missing file as an empty log', () => {
    assert.deepEqual(readScarLog(join(dir, 'missing.jsonl')).report.records, []);
  });
});
