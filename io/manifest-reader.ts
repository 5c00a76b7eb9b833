// The disk side of manifest discovery (core/workspace/manifest.ts): a ManifestReader over the real file system,
// shared by the CLI, the debug adapter and the extension's test runner.

import { readFileSync, statSync } from 'node:fs';
import type { ManifestReader } from '../core/workspace/manifest';

export interface DiskReaderOptions {
  /**
   * What to throw when a file exists but cannot be read (permissions, an I/O error). Without it such a file counts as
   * absent. Nothing there, or a folder of that name, always means "no manifest here".
   */
  readonly unreadable?: (path: string, error: Error) => Error;
  /** Keep each text once read (default true). A long-lived reader (the extension's) must see files change: false. */
  readonly cache?: boolean;
}

/**
 * A ManifestReader over the disk. By default texts are cached for the reader's lifetime: many files in one folder
 * share the same search, and the text shown for a manifest's related places must be the text the checker saw.
 */
export function diskManifestReader(options: DiskReaderOptions = {}): ManifestReader {
  const texts = new Map<string, string | undefined>();
  return {
    readText(path) {
      if (options.cache === false) texts.delete(path);
      if (!texts.has(path)) {
        let text: string | undefined;
        try {
          text = readFileSync(path, 'utf8');
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          const absent = code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
          if (!absent && options.unreadable) throw options.unreadable(path, e as Error);
        }
        texts.set(path, text);
      }
      return texts.get(path);
    },
    exists(path) {
      try {
        statSync(path);
        return true;
      } catch {
        return false;
      }
    },
  };
}
