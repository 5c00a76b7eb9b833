// The server's file-system edge: document URIs to paths and back, and reading a file the way the editor sees it (the
// open document's text first, the disk second). Manifest discovery reads through here.

import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MANIFEST_NAME, type ManifestReader } from '../core/workspace/manifest';

/** The file-system path of a `file:` URI, or undefined for any other scheme (untitled documents, virtual files). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/** Whether a document is an AMP spec: the `amp` language, or a name ending in `.amp`. */
export function isAmpDocument(uri: string, languageId: string): boolean {
  return languageId === 'amp' || /\.amp$/i.test(uriName(uri));
}

/** Whether a document is an ethics manifest: a file named `compiler_ethics.json`, whatever language the client says. */
export function isManifestDocument(uri: string): boolean {
  return uriName(uri) === MANIFEST_NAME;
}

/** The last segment of a URI's path, decoded. */
export function uriName(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** The folder whose files a manifest governs: its own folder, or the folder above its `.well-known/`. */
export function governedFolder(manifestPath: string): string {
  const dir = dirname(manifestPath);
  return basename(dir) === '.well-known' ? dirname(dir) : dir;
}

/** Whether `path` lies in `folder` or below it. */
export function isUnder(path: string, folder: string): boolean {
  const f = folder.endsWith(sep) ? folder : folder + sep;
  return path.startsWith(f);
}

/** What the open documents offer to file reads: the text of an open document by its path. */
export type OpenText = (path: string) => string | undefined;

/**
 * A manifest reader over the open documents first (so unsaved edits to a manifest count), then the disk. A file that
 * exists but cannot be read (permissions, a folder named like a file) throws, as ManifestReader asks.
 */
export function manifestReader(openText: OpenText): ManifestReader {
  return {
    readText(path) {
      const open = openText(path);
      if (open !== undefined) return open;
      return readIfFile(path);
    },
    exists(path) {
      if (openText(path) !== undefined) return true;
      try {
        statSync(path);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** The text of a file on disk, or undefined when there is no file there. Other failures throw. */
export function readIfFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw e;
  }
}
