// The CLI's file system edge: which files `amp check` was asked to check (walking folders), and reading them with
// errors turned into one-line messages instead of stack traces.

import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, relative, resolve, sep } from 'node:path';
import { CliError } from './args';
import { MANIFEST_NAME, type ManifestReader } from '../core/workspace/manifest';
import { diskManifestReader } from '../io/manifest-reader';

/** A file to check: its absolute path and whether it is an AMP spec or an ethics manifest. */
export interface FileToCheck {
  readonly path: string;
  readonly kind: 'amp' | 'manifest';
}

/** Folders never walked into: dependencies, version control, build output. Hidden folders are skipped too (see below). */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist']);

/**
 * The files to check for the given paths (resolved against `cwd`): explicit files whatever their extension, and under
 * folders every `*.amp` and `compiler_ethics.json`. Paths under an `exclude` entry are left out. Sorted, without
 * duplicates. Throws CliError when a path does not exist or cannot be read.
 */
export function collectFiles(paths: readonly string[], exclude: readonly string[], cwd: string): FileToCheck[] {
  const excluded = exclude.map((e) => resolve(cwd, e));
  const isExcluded = (abs: string) => excluded.some((e) => abs === e || abs.startsWith(e.endsWith(sep) ? e : e + sep));
  const found = new Map<string, FileToCheck>();
  const visited = new Set<string>();

  const walk = (dir: string, shown: string): void => {
    // Symbolic links may loop back to a folder being walked; each real folder is walked once.
    const real = attempt(shown, () => realpathSync(dir));
    if (visited.has(real)) return;
    visited.add(real);
    const entries = attempt(shown, () => readdirSync(dir, { withFileTypes: true }));
    for (const entry of entries) {
      const abs = resolve(dir, entry.name);
      if (isExcluded(abs)) continue;
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && isFolder(abs));
      if (isDir) {
        // `.well-known/` is where manifests conventionally live, so it is the one hidden folder searched.
        const hidden = entry.name.startsWith('.') && entry.name !== '.well-known';
        if (!SKIPPED_FOLDERS.has(entry.name) && !hidden) walk(abs, shownPath(cwd, abs));
      } else if (entry.name.endsWith('.amp')) found.set(abs, { path: abs, kind: 'amp' });
      else if (entry.name === MANIFEST_NAME) found.set(abs, { path: abs, kind: 'manifest' });
    }
  };

  for (const given of paths) {
    const abs = resolve(cwd, given);
    if (isExcluded(abs)) continue;
    const stats = attempt(given, () => statSync(abs));
    if (stats.isDirectory()) walk(abs, given);
    else found.set(abs, { path: abs, kind: extname(abs).toLowerCase() === '.json' ? 'manifest' : 'amp' });
  }
  return [...found.values()].sort((a, b) => compareText(shownPath(cwd, a.path), shownPath(cwd, b.path)));
}

/** How a path is shown in output: relative to the current folder (absolute if it is on another drive). */
export function shownPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return rel === '' ? basename(abs) : rel;
}

/** Plain code-unit order, so output order does not depend on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reads a file the user asked for; a failure is a CliError naming the path as the user will recognise it. */
export function readChecked(abs: string, shown: string): string {
  return attempt(shown, () => readFileSync(abs, 'utf8'));
}

/** A ManifestReader over the real file system; a manifest that exists but cannot be read is a usage error. */
export function nodeReader(cwd: string): ManifestReader {
  return diskManifestReader({ unreadable: (path, e) => new CliError(`amp: cannot read '${shownPath(cwd, path)}': ${reason(e)}`) });
}

function isFolder(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false; // A dangling link: treated as a file, and skipped unless it looks like one we check.
  }
}

/** Runs a file system call; turns its error into a one-line CliError about `shown`. */
function attempt<T>(shown: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new CliError(`amp: cannot read '${shown}': ${reason(e)}`);
  }
}

/** A short, human reason for a file system error, without Node's code prefix and repeated path. */
export function reason(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}
