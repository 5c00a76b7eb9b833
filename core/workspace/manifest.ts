// Manifest discovery: which `compiler_ethics.json` governs an .amp file that has no header of its own. It reads files
// through a small interface so the search order can be tested without a disk.

import { dirname, join } from 'node:path';
import { isHeaderComment } from '../syntax/parser';

/** The file name of a standalone ethics manifest. */
export const MANIFEST_NAME = 'compiler_ethics.json';

/** What discovery needs from a file system. Paths are absolute. */
export interface ManifestReader {
  /** The text of the file at `path`, or undefined when there is no such file. Throws when it exists but cannot be read. */
  readText(path: string): string | undefined;
  /** Whether anything (file or folder) exists at `path`. */
  exists(path: string): boolean;
}

/** A manifest found for a file: its absolute path and its text. */
export interface FoundManifest {
  readonly path: string;
  readonly text: string;
}

/**
 * True when the text opens with its own ethics header: its first non-whitespace characters are a `//` comment that
 * starts `// compiler_ethics_v0_1:`. Whitespace is the lexer's set (BOM included), so this agrees with the parser.
 */
export function hasOwnHeader(text: string): boolean {
  const rest = text.replace(/^[ \t\n\r\f\v\uFEFF]+/, '');
  const firstLine = rest.split(/\r\n|\r|\n/, 1)[0] ?? '';
  return isHeaderComment(firstLine);
}

/**
 * The manifest that governs the .amp file at `ampPath` (absolute): `compiler_ethics.json` in the file's folder, then
 * in its `.well-known/`, then the same two places in each folder above. The search stops after the filesystem root or
 * after a project root (a folder with `.git` or `package.json`), so a manifest outside the project never applies.
 */
export function findManifest(ampPath: string, reader: ManifestReader): FoundManifest | undefined {
  let dir = dirname(ampPath);
  for (;;) {
    for (const candidate of [join(dir, MANIFEST_NAME), join(dir, '.well-known', MANIFEST_NAME)]) {
      const text = reader.readText(candidate);
      if (text !== undefined) return { path: candidate, text };
    }
    if (reader.exists(join(dir, '.git')) || reader.exists(join(dir, 'package.json'))) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
