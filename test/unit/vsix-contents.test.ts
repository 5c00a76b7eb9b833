// The VSIX's file list (`npm run package`): vsce's own listing, with .vscodeignore, takes exactly the files of
// test/e2e/vsix/contents.ts from a copy of the repository's tree that also holds what builds and test runs leave
// (source maps, dist/cli.js, node_modules, out/, .vscode-test/, old packages); every file package.json points to is
// among them, and each packaged file has a reason to be there. Also the extension's readme (what the Extensions view
// shows) agrees with package.json, and the licence is the one package.json names.
// The end-to-end layer (test/e2e/vsix/) checks a real package's entries and installs it into code-server.

import assert from 'node:assert/strict';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listFiles, PackageManager, type IListFilesOptions } from '@vscode/vsce';
import { serverModulePath } from '../../extension/server-options';
import { defaultReferencePath } from '../../server/code-links';
import { PACKAGED_FILES, VSIX_README } from '../e2e/vsix/contents';
import { MEDIA_FILES } from '../../extension/views/ids';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  license: string;
  main: string;
  icon?: string;
  contributes: Record<string, unknown> & {
    configuration?: { properties: Record<string, { default?: unknown }> };
    commands?: { command: string; title: string; category?: string }[];
    menus?: { commandPalette?: { command: string; when?: string }[] };
  };
};

/** Folders of the working tree that are not sources: copied as a few stand-in files, not walked. */
const GENERATED_DIRS = new Set(['.git', 'node_modules', '.vscode-test', 'out', 'test-results', 'dist', 'dist-vsix']);

/** What builds, installs and test runs leave in the tree; none of it may reach the VSIX except the three bundles. */
const GENERATED_FILES = [
  'dist/cli.js',
  'dist/cli.js.map',
  'dist/debug-adapter.js',
  'dist/debug-adapter.js.map',
  'dist/extension.js',
  'dist/extension.js.map',
  'dist/server.js',
  'dist/server.js.map',
  'dist-vsix/amp-agents-0.0.9.vsix',
  'node_modules/immer/package.json',
  'node_modules/immer/dist/cjs/index.js',
  'out/test/e2e/index.js',
  'test-results/e2e/results.json',
  'test-results/e2e/workbench.png',
  '.vscode-test/code-server/node_modules/code-server/package.json',
  '.vscode-test/e2e-run/code-server.log',
  '.git/HEAD',
  'amp-agents-0.1.0.vsix',
];

/** The repository's files (not the generated folders), as paths relative to the root with forward slashes. */
function sourceFiles(dir = ROOT): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const rel = relative(ROOT, path).split('\\').join('/');
    if (dir === ROOT && GENERATED_DIRS.has(name)) continue;
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) continue;
    if (stat.isDirectory()) out.push(...sourceFiles(path));
    else out.push(rel);
  }
  return out;
}

/**
 * The paths package.json points to: main, the marketplace icon, and in `contributes` every string that starts with
 * `./` plus every `icon`/`light`/`dark`/`path` value that is not a codicon (`$(…)`), a URL or a variable.
 */
function manifestReferences(): Set<string> {
  const refs = new Set<string>();
  const add = (p: string) => refs.add(posix.normalize(p.replace(/^\.\//, '')));
  add(manifest.main);
  if (manifest.icon) add(manifest.icon);
  const walk = (value: unknown, key: string | undefined) => {
    if (typeof value === 'string') {
      const pathLike = !value.startsWith('$(') && !/^[a-z][a-z0-9+.-]*:/i.test(value) && !value.includes('${');
      if (value.startsWith('./') || (pathLike && key !== undefined && ['icon', 'light', 'dark', 'path'].includes(key))) add(value);
    } else if (Array.isArray(value)) {
      for (const v of value) walk(v, key);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  walk(manifest.contributes, undefined);
  return refs;
}

describe('the VSIX file list (vsce listFiles with .vscodeignore)', () => {
  let tree: string;
  let listed: string[];

  before(async () => {
    // A copy of the tree with empty files (only names matter to the listing) plus the generated files.
    tree = mkdtempSync(join(tmpdir(), 'amp-vsix-'));
    for (const file of [...sourceFiles(), ...GENERATED_FILES]) {
      const target = join(tree, file);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, '');
    }
    // vsce reads these two: the manifest (validated) and the ignore file.
    cpSync(join(ROOT, 'package.json'), join(tree, 'package.json'));
    cpSync(join(ROOT, '.vscodeignore'), join(tree, '.vscodeignore'));
    // vsce's listFiles hands readmePath to the same collector createVSIX uses (scripts/package.mjs passes it too):
    // the readme is let in by that option, not by .vscodeignore, and README.md is then left out.
    const options: IListFilesOptions & { readmePath: string } = { cwd: tree, packageManager: PackageManager.None, readmePath: VSIX_README };
    listed = (await listFiles(options)).map((f) => f.split('\\').join('/')).sort();
  });

  after(() => rmSync(tree, { recursive: true, force: true }));

  it('is exactly the runtime files of test/e2e/vsix/contents.ts', () => {
    assert.deepEqual(listed, [...PACKAGED_FILES]);
  });

  it('holds every file package.json points to', () => {
    const refs = manifestReferences();
    const missing = [...refs].filter((r) => !listed.includes(r));
    assert.deepEqual(missing, [], 'package.json points to files the VSIX does not hold');
  });

  it('holds nothing without a reason: a package.json reference, a file the bundles load, or what vsce needs', () => {
    const reasons = new Map<string, string>();
    for (const r of manifestReferences()) reasons.set(r, 'package.json points to it');
    // The client starts the server from the extension's folder (extension/server-options.ts).
    reasons.set(relative(ROOT, serverModulePath(ROOT)).split('\\').join('/'), 'the language client starts it');
    // The server links diagnostic codes to the reference next to its bundle: dist/../docs/language.md. Here the
    // module is server/code-links.ts, also one folder below the root, so the path relative to the root is the same.
    reasons.set(relative(ROOT, defaultReferencePath()).split('\\').join('/'), 'the language server links codes to it');
    // The run views load the timeline's script and style, and the activity bar shows the container's icon.
    for (const f of MEDIA_FILES) reasons.set(f, 'the run views load it');
    reasons.set('package.json', 'the extension manifest');
    reasons.set(VSIX_README, 'the readme');
    reasons.set('LICENSE', 'the licence');
    const unexplained = listed.filter((f) => !reasons.has(f));
    assert.deepEqual(unexplained, [], 'packaged files nothing needs');
    const absent = [...reasons.keys()].filter((f) => !listed.includes(f));
    assert.deepEqual(absent, [], 'needed files the VSIX does not hold');
  });

  it('leaves out sources, tests, samples, maps, the CLI bundle, node_modules and the repository README', () => {
    for (const f of ['README.md', 'dist/cli.js', 'dist/extension.js.map', 'core/check/index.ts', 'samples/sort.amp', 'syntaxes/README.md', 'tsconfig.json']) {
      assert.ok(!listed.includes(f), `${f} is in the VSIX`);
    }
    const sourceLike = listed.filter((f) => /(^|\/)(node_modules|test|samples|bench|out)\//.test(f) || /\.(ts|map)$/.test(f));
    assert.deepEqual(sourceLike, []);
  });
});

describe("the extension's readme and licence", () => {
  const readme = readFileSync(join(ROOT, VSIX_README), 'utf8');

  it('lists every setting of package.json with its default', () => {
    const rows = new Map<string, string>();
    for (const m of readme.matchAll(/^\|\s*`(amp\.[\w.]+)`\s*\|\s*`([^`]*)`\s*\|/gm)) rows.set(m[1], m[2]);
    const properties = manifest.contributes.configuration?.properties ?? {};
    assert.deepEqual([...rows.keys()].sort(), Object.keys(properties).sort(), 'the settings table and package.json name different settings');
    for (const [name, schema] of Object.entries(properties)) {
      assert.deepEqual(JSON.parse(rows.get(name) ?? 'null'), schema.default, `the default of ${name}`);
    }
  });

  it('names every command the Command Palette shows', () => {
    const hidden = new Set((manifest.contributes.menus?.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command));
    for (const c of manifest.contributes.commands ?? []) {
      if (hidden.has(c.command)) continue;
      const title = c.category ? `${c.category}: ${c.title}` : c.title;
      assert.ok(readme.includes(`**${title}**`), `the readme does not name the command "${title}"`);
    }
  });

  it('has no relative links (they would point nowhere in the Extensions view, and vsce refuses them)', () => {
    const relativeLinks = [...readme.matchAll(/!?\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]).filter((link) => !/^(https:|mailto:|#)/.test(link));
    assert.deepEqual(relativeLinks, []);
  });

  it('is MIT licensed, as package.json says', () => {
    assert.equal(manifest.license, 'MIT');
    const licence = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    assert.match(licence, /^MIT License\n/);
    assert.match(licence, /Permission is hereby granted, free of charge/);
    assert.match(licence, /amp-agents/);
  });
});
