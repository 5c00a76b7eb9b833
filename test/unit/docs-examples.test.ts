// Keeps docs/language.md and the samples honest: every diagnostic code has a section in the reference whose example
// triggers it, every good sample (outside samples/diagnostics) checks without errors or warnings, and every mistake a
// diagnostics sample announces in its comments is reported.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { CODES } from '../../core/codes';
import { checkDocument, checkManifest, type SourceFile } from '../../core/check/index';
import type { Diagnostic } from '../../core/diagnostics';
import { filesUnder } from '../harness/index';

const ROOT = resolve(__dirname, '..', '..');
const LANGUAGE_MD = join(ROOT, 'docs', 'language.md');
const SAMPLES = join(ROOT, 'samples');
const DIAGNOSTICS_SAMPLES = join(SAMPLES, 'diagnostics');

interface CodeSection {
  readonly code: string;
  readonly title: string;
  /** 1-based line of the heading, for failure messages. */
  readonly line: number;
  /** The contents of each ```amp block in the section. */
  readonly examples: readonly string[];
}

/**
 * The `### AMP-XXXX — Title` sections of the reference, each up to the next heading. Fences are tracked so that a
 * `#` line inside an example never ends a section.
 */
function codeSections(markdown: string): CodeSection[] {
  const lines = markdown.split(/\r?\n/);
  const sections: CodeSection[] = [];
  let current: { code: string; title: string; line: number; examples: string[] } | undefined;
  let fence: { amp: boolean; body: string[] } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence) {
      if (/^```\s*$/.test(line)) {
        if (fence.amp && current) current.examples.push(fence.body.join('\n') + '\n');
        fence = undefined;
      } else fence.body.push(line);
      continue;
    }
    const open = /^```\s*([\w-]*)/.exec(line);
    if (open) {
      fence = { amp: open[1] === 'amp', body: [] };
      continue;
    }
    if (/^#{1,3} /.test(line)) {
      const heading = /^### (AMP-[A-Z]\d{3}) — (.+)$/.exec(line);
      current = heading ? { code: heading[1], title: heading[2].trim(), line: i + 1, examples: [] } : undefined;
      if (current) sections.push(current);
    }
  }
  return sections;
}

function describeDiagnostics(ds: readonly Diagnostic[], text: string): string {
  if (ds.length === 0) return '(no diagnostics)';
  return ds.map((d) => `  ${d.severity} ${d.code} at ${d.start}-${d.end} «${text.slice(d.start, d.end)}»: ${d.message}`).join('\n');
}

const markdown = readFileSync(LANGUAGE_MD, 'utf8');
const sections = codeSections(markdown);
const codes = Object.keys(CODES);

describe('docs/language.md', () => {
  it('has exactly one section per diagnostic code, in the order of core/codes.ts', () => {
    const documented = sections.map((s) => s.code);
    const missing = codes.filter((c) => !documented.includes(c));
    const unknown = documented.filter((c) => !codes.includes(c));
    const repeated = documented.filter((c, i) => documented.indexOf(c) !== i);
    assert.deepEqual({ missing, unknown, repeated }, { missing: [], unknown: [], repeated: [] });
    assert.deepEqual(documented, codes, 'sections are not in the order of core/codes.ts');
  });

  it("uses each code's title from core/codes.ts", () => {
    const wrong = sections
      .filter((s) => (CODES as Record<string, { title: string }>)[s.code] && s.title !== (CODES as Record<string, { title: string }>)[s.code].title)
      .map((s) => `${s.code}: "${s.title}" should be "${(CODES as Record<string, { title: string }>)[s.code].title}"`);
    assert.deepEqual(wrong, []);
  });

  for (const section of sections) {
    it(`${section.code}: its example triggers it`, () => {
      assert.equal(section.examples.length, 1, `${section.code} (line ${section.line}) needs exactly one \`\`\`amp example, found ${section.examples.length}`);
      const text = section.examples[0];
      const { diagnostics } = checkDocument({ path: `docs/language.md#${section.code}`, text });
      assert.ok(
        diagnostics.some((d) => d.code === section.code),
        `the example of ${section.code} (docs/language.md line ${section.line}) does not report ${section.code}; it reports:\n${describeDiagnostics(diagnostics, text)}`,
      );
    });
  }
});

// ---- samples ------------------------------------------------------------------------------------------------------

/** Whether a file starts with its own ethics header (only blank space may come before the marker line). */
function hasOwnHeader(text: string): boolean {
  return /^\s*\/\/\s*compiler_ethics_v0_1\s*:/.test(text);
}

/**
 * The manifest that governs a file without a header, found as the CLI finds it: `compiler_ethics.json` in the file's
 * folder, then in that folder's `.well-known/`, then the same in each folder above, up to the samples folder.
 */
function manifestFor(file: string, top: string): SourceFile | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'compiler_ethics.json'), join(dir, '.well-known', 'compiler_ethics.json')]) {
      if (existsSync(candidate)) return { path: relative(ROOT, candidate), text: readFileSync(candidate, 'utf8') };
    }
    if (dir === top || dirname(dir) === dir) return undefined;
  }
}

const inDiagnostics = (f: string) => f.startsWith(DIAGNOSTICS_SAMPLES + sep);
const goodSamples = filesUnder(SAMPLES, '.amp').filter((f) => !inDiagnostics(f));
const goodManifests = filesUnder(SAMPLES, 'compiler_ethics.json').filter((f) => !inDiagnostics(f));
const diagnosticsSamples = filesUnder(DIAGNOSTICS_SAMPLES, '.amp');
const diagnosticsManifests = filesUnder(DIAGNOSTICS_SAMPLES, 'compiler_ethics.json');

/**
 * The codes a diagnostics sample announces: every code on a comment line that starts with one (`// AMP-N001: …`,
 * `// - AMP-H002: …`). Codes mentioned in passing elsewhere in a comment are not announcements.
 */
function announcedCodes(text: string): string[] {
  const out = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    if (!/^\s*\/\/\s*(?:-\s*)?AMP-[A-Z]\d{3}\b/.test(line)) continue;
    for (const m of line.matchAll(/AMP-[A-Z]\d{3}/g)) out.add(m[0]);
  }
  return [...out].sort();
}

function checkSample(file: string): readonly Diagnostic[] {
  const text = readFileSync(file, 'utf8');
  const manifest = hasOwnHeader(text) ? undefined : manifestFor(file, SAMPLES);
  return checkDocument({ path: relative(ROOT, file), text, manifest }).diagnostics;
}

describe('samples', () => {
  it('has the documented scenarios', () => {
    const names = goodSamples.map((f) => relative(SAMPLES, f));
    for (const expected of ['list-minimum.amp', 'sort.amp', 'meta-execution.amp', 'governed-reporter.amp', 'conscience-dilemma.amp', 'self-modification.amp', 'governed-by-manifest.amp'])
      assert.ok(names.includes(expected), `samples/${expected} is missing`);
  });

  for (const file of goodSamples) {
    const name = relative(ROOT, file);
    it(`${name} has no errors and no warnings`, () => {
      const problems = checkSample(file).filter((d) => d.severity === 'error' || d.severity === 'warning');
      assert.equal(problems.length, 0, `${name}:\n${describeDiagnostics(problems, readFileSync(file, 'utf8'))}`);
    });
  }

  for (const file of goodManifests) {
    const name = relative(ROOT, file);
    it(`${name} has no errors and no warnings`, () => {
      const text = readFileSync(file, 'utf8');
      const problems = checkManifest({ path: name, text }).diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
      assert.equal(problems.length, 0, `${name}:\n${describeDiagnostics(problems, text)}`);
    });
  }

  it('governed-by-manifest.amp has no header and is governed by samples/.well-known/compiler_ethics.json', () => {
    const file = join(SAMPLES, 'governed-by-manifest.amp');
    assert.equal(hasOwnHeader(readFileSync(file, 'utf8')), false);
    assert.equal(manifestFor(file, SAMPLES)?.path, join('samples', '.well-known', 'compiler_ethics.json'));
  });
});

describe('samples/diagnostics', () => {
  it('has a file for each theme', () => {
    const names = diagnosticsSamples.map((f) => relative(DIAGNOSTICS_SAMPLES, f));
    for (const expected of ['syntax.amp', 'names.amp', 'budgets.amp', 'header.amp', 'invariants.amp', 'conscience.amp', 'selfmod.amp'])
      assert.ok(names.includes(expected), `samples/diagnostics/${expected} is missing`);
  });

  for (const file of diagnosticsSamples) {
    const name = relative(ROOT, file);
    it(`${name} reports every mistake its comments announce`, () => {
      const diagnostics = checkSample(file);
      assert.ok(diagnostics.length > 0, `${name} is meant to show diagnostics but reports none`);
      const reported = new Set(diagnostics.map((d) => d.code));
      const missing = announcedCodes(readFileSync(file, 'utf8')).filter((c) => !reported.has(c));
      assert.deepEqual(missing, [], `${name} announces codes it does not report:\n${describeDiagnostics(diagnostics, readFileSync(file, 'utf8'))}`);
    });
  }

  for (const file of diagnosticsManifests) {
    const name = relative(ROOT, file);
    it(`${name} reports every mistake its comments announce`, () => {
      const text = readFileSync(file, 'utf8');
      const { diagnostics } = checkManifest({ path: name, text });
      const reported = new Set(diagnostics.map((d) => d.code));
      const announced = announcedCodes(text);
      assert.ok(announced.length > 0, `${name} announces no mistakes`);
      assert.deepEqual(announced.filter((c) => !reported.has(c)), [], `${name}:\n${describeDiagnostics(diagnostics, text)}`);
    });
  }
});
