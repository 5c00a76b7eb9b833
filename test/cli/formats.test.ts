// `amp check` output formats, run through the built CLI: text lines with 1-based positions, JSON with LSP 0-based
// ranges, SARIF 2.1.0 structure. Fixtures rely on parse errors, whose codes and positions other rules do not change.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { version } from '../../package.json';
import { formatText } from '../../cli/format-text';
import type { CheckReport } from '../../cli/check-command';
import { CODES } from '../../core/codes';
import { LineIndex } from '../../core/text';
import { diagnosticLines, ensureBuilt, makeFixture, removeFixture, runCli } from './helpers';

/** `message = "x"` lacks a name: AMP-P001 at the `=`, column 9 (1-based) of its line. */
const FILES = {
  'bad.amp': 'message m = "hello"\nmessage = "x"\n',
  'clean.amp': '// nothing to check yet\n',
  'sub/deeper/two.amp': 'message = "x"\nmessage = "y"\n',
};
const TWO = join('sub', 'deeper', 'two.amp');

let dir: string;
before(() => {
  ensureBuilt();
  dir = makeFixture(FILES);
});
after(() => removeFixture(dir));

describe('text format', () => {
  test('one line per diagnostic, path:line:col: severity code: message, with 1-based positions', () => {
    const r = runCli(['check', '.'], dir);
    assert.equal(r.status, 1, r.stderr);
    const lines = diagnosticLines(r.stdout);
    for (const line of lines) assert.match(line, /^[^:]+:\d+:\d+: (error|warning|information|hint) AMP-[A-Z]\d{3}: \S.*$/);
    assert.ok(lines.some((l) => l.startsWith('bad.amp:2:9: error AMP-P001: ')), r.stdout);
    assert.ok(lines.some((l) => l.startsWith(`${TWO}:1:9: error AMP-P001: `)), r.stdout);
    assert.ok(lines.some((l) => l.startsWith(`${TWO}:2:9: error AMP-P001: `)), r.stdout);
  });

  test('output is sorted by path, then position', () => {
    const lines = diagnosticLines(runCli(['check', TWO, '.', 'bad.amp'], dir).stdout);
    const keys = lines.map((l) => {
      const [, path, line, col] = /^(.*?):(\d+):(\d+):/.exec(l) ?? [];
      return { path, line: Number(line), col: Number(col) };
    });
    const sorted = [...keys].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.col - b.col));
    assert.deepEqual(keys, sorted);
    // A file named twice (directly and through its folder) is checked once.
    assert.equal(keys.filter((k) => k.path === TWO && k.line === 1 && k.col === 9).length, 1);
  });

  test('the summary counts files and problems', () => {
    const r = runCli(['check', '.'], dir);
    const last = r.stdout.trimEnd().split('\n').at(-1) ?? '';
    assert.match(last, /^3 files checked: \d+ errors(, \d+ warnings?)?$/);
    const clean = runCli(['check', 'clean.amp'], dir);
    assert.equal(clean.status, 0);
    assert.equal(clean.stdout, '1 file checked: no problems\n');
  });

  test('--quiet prints errors only, and nothing for a file without errors', () => {
    const r = runCli(['check', '.', '--quiet'], dir);
    assert.equal(r.status, 1);
    for (const line of diagnosticLines(r.stdout)) assert.match(line, /: error AMP-/);
    const fixture = makeFixture({ 'warned.amp': 'message m = "hello"\n' });
    try {
      const quiet = runCli(['check', '-q', '.'], fixture);
      assert.equal(quiet.status, 0, quiet.stderr);
      assert.equal(quiet.stdout, '');
    } finally {
      removeFixture(fixture);
    }
  });

  test('no colour codes when stdout is not a terminal, and --no-color is accepted', () => {
    const r = runCli(['check', '--no-color', '.'], dir);
    assert.equal(r.status, 1);
    assert.doesNotMatch(r.stdout, /\x1b\[/);
  });

  test('colour, when asked for, wraps severities but leaves the line text intact', () => {
    const text = 'message = "x"\n';
    const report: CheckReport = {
      cwd: '/',
      files: [{ path: 'a.amp', absPath: '/a.amp', lines: new LineIndex(text), diagnostics: [{ code: 'AMP-P001', severity: 'error', message: 'm', start: 8, end: 9 }] }],
      placeOf: () => assert.fail('no related places here'),
    };
    const colored = formatText(report, { color: true, quiet: false });
    assert.match(colored, /\x1b\[31merror\x1b\[0m/);
    assert.equal(colored.replace(/\x1b\[[0-9;]*m/g, ''), formatText(report, { color: false, quiet: false }));
  });
});

describe('json format', () => {
  interface Json {
    path: string;
    diagnostics: {
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
      severity: number;
      code: string;
      source: string;
      message: string;
      relatedInformation?: { location: { uri: string; path: string; range: { start: { line: number } } }; message: string }[];
    }[];
  }

  test('every checked file, in path order, with LSP diagnostics and 0-based ranges', () => {
    const r = runCli(['check', '.', '--format', 'json'], dir);
    assert.equal(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout) as Json[];
    assert.deepEqual(
      out.map((f) => f.path),
      ['bad.amp', 'clean.amp', TWO],
    );
    assert.deepEqual(out[1].diagnostics, []);
    const p001 = out[0].diagnostics.find((d) => d.code === 'AMP-P001');
    assert.ok(p001, r.stdout);
    assert.deepEqual(p001.range, { start: { line: 1, character: 8 }, end: { line: 1, character: 9 } });
    assert.equal(p001.severity, 1);
    assert.equal(p001.source, 'amp');
    assert.equal(typeof p001.message, 'string');
    for (const d of out.flatMap((f) => f.diagnostics)) {
      assert.ok([1, 2, 3, 4].includes(d.severity));
      assert.ok(d.range.start.line >= 0 && d.range.start.character >= 0);
    }
  });

  test('--format=json works too, and related information has a location', () => {
    const fixture = makeFixture({ 'dup.amp': 'message a = "1"\nmessage a = "2"\n' });
    try {
      const out = JSON.parse(runCli(['check', '--format=json', 'dup.amp'], fixture).stdout) as Json[];
      const dup = out[0].diagnostics.find((d) => d.code === 'AMP-N004');
      assert.ok(dup?.relatedInformation?.length, JSON.stringify(out));
      const { location } = dup.relatedInformation[0];
      assert.equal(location.path, 'dup.amp');
      assert.match(location.uri, /^file:\/\/.*\/dup\.amp$/);
      assert.equal(location.range.start.line, 0);
    } finally {
      removeFixture(fixture);
    }
  });
});

describe('sarif format', () => {
  interface Region {
    startLine: number;
    startColumn: number;
    endLine: number;
    endColumn: number;
  }
  interface Location {
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Region };
  }
  interface Sarif {
    version: string;
    $schema: string;
    runs: {
      tool: { driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[] } };
      originalUriBaseIds: Record<string, { uri: string }>;
      results: {
        ruleId: string;
        ruleIndex: number;
        level: string;
        message: { text: string };
        locations: Location[];
        relatedLocations?: Location[];
        fixes?: { description: { text: string }; artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: Region; insertedContent: { text: string } }[] }[] }[];
      }[];
    }[];
  }

  const sarifOf = (args: string[], cwd: string): Sarif => JSON.parse(runCli(['check', '--format', 'sarif', ...args], cwd).stdout) as Sarif;

  test('a 2.1.0 log with one run, the amp driver and every code as a rule', () => {
    const log = sarifOf(['.'], dir);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const { driver } = log.runs[0].tool;
    assert.equal(driver.name, 'amp');
    assert.equal(driver.version, version);
    const level = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
    assert.deepEqual(
      driver.rules.map((r) => [r.id, r.shortDescription.text, r.defaultConfiguration.level]),
      Object.entries(CODES).map(([id, info]) => [id, info.title, level[info.severity]]),
    );
    assert.match(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/.*\/$/);
  });

  test('results carry rule, level, message and a relative location with 1-based regions', () => {
    const log = sarifOf(['.'], dir);
    const { results, tool } = log.runs[0];
    for (const r of results) {
      assert.equal(tool.driver.rules[r.ruleIndex].id, r.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(r.level));
      assert.ok(r.message.text.length > 0);
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      assert.equal(artifactLocation.uriBaseId, '%SRCROOT%');
      assert.doesNotMatch(artifactLocation.uri, /^\/|\\|^[a-z]+:/i);
      assert.ok(region.startLine >= 1 && region.startColumn >= 1 && region.endLine >= region.startLine && region.endColumn >= 1);
    }
    const at = (uri: string) => results.filter((r) => r.ruleId === 'AMP-P001' && r.locations[0].physicalLocation.artifactLocation.uri === uri);
    assert.deepEqual(at('bad.amp')[0]?.locations[0].physicalLocation.region, { startLine: 2, startColumn: 9, endLine: 2, endColumn: 10 });
    assert.deepEqual(
      at('sub/deeper/two.amp').map((r) => r.locations[0].physicalLocation.region.startLine),
      [1, 2],
    );
  });

  test('related locations and fixes', () => {
    const fixture = makeFixture({ 'x.amp': 'message a = "1"\nmessage a = "[nope]"\n' });
    try {
      const { results } = sarifOf(['x.amp'], fixture).runs[0];
      const dup = results.find((r) => r.ruleId === 'AMP-N004');
      assert.equal(dup?.relatedLocations?.[0].physicalLocation.region.startLine, 1);
      const undefinedPointer = results.find((r) => r.ruleId === 'AMP-N001');
      const fix = undefinedPointer?.fixes?.[0];
      assert.ok(fix, JSON.stringify(results));
      assert.ok(fix.description.text.length > 0);
      const change = fix.artifactChanges[0];
      assert.equal(change.artifactLocation.uri, 'x.amp');
      const replacement = change.replacements[0];
      assert.ok(replacement.deletedRegion.startLine >= 1 && replacement.deletedRegion.startColumn >= 1);
      assert.match(replacement.insertedContent.text, /message nope/);
    } finally {
      removeFixture(fixture);
    }
  });
});
