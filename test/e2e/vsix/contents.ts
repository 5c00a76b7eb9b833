// What the VSIX holds (`npm run package`), in one place for the tests that check it: the repository's files that
// vsce takes (test/unit/vsix-contents.test.ts, through vsce's own file listing) and the entries of a real package
// (test/e2e/vsix/vsix.test.ts). docs/packaging.md says why each file is there; .vscodeignore lets them in.

import { MEDIA_FILES } from '../../../extension/views/ids';

/** The extension's readme, which vsce stores as extension/readme.md (scripts/package.mjs gives vsce the same path). */
export const VSIX_README = 'docs/vsix-readme.md';

/** The repository's files that go into the VSIX, as vsce lists them (paths relative to the repository), sorted. */
export const PACKAGED_FILES: readonly string[] = [
  'LICENSE',
  'dist/debug-adapter.js',
  'dist/extension.js',
  'dist/server.js',
  'docs/language.md',
  VSIX_README,
  ...MEDIA_FILES,
  'images/amp-file-dark.svg',
  'images/amp-file-light.svg',
  'images/icon.png',
  'language-configuration.json',
  'package.json',
  'schemas/compiler_ethics.schema.json',
  'snippets/amp.json',
  'syntaxes/amp.markdown-injection.json',
  'syntaxes/amp.tmLanguage.json',
].sort();

/** The bundles among them: production builds (minified, no source maps) in a VSIX. */
export const BUNDLES: readonly string[] = PACKAGED_FILES.filter((f) => f.startsWith('dist/'));

/**
 * Where vsce puts a repository file inside the VSIX, relative to the installed extension's folder: the readme
 * becomes readme.md, a licence without an extension gets .txt, everything else keeps its path.
 */
export function installedPath(file: string): string {
  if (file === VSIX_README) return 'readme.md';
  if (file === 'LICENSE') return 'LICENSE.txt';
  return file;
}

/** The zip entries of the VSIX: vsce's two manifests, then every packaged file under extension/. Sorted. */
export const VSIX_ENTRIES: readonly string[] = ['[Content_Types].xml', 'extension.vsixmanifest', ...PACKAGED_FILES.map((f) => `extension/${installedPath(f)}`)].sort();
