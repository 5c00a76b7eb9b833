// The `.amp` files of the workspace folders that are not open, for workspace symbols: found by walking the folders on
// the first request (not before), parsed once, and parsed again only when a file's size or modification time changes.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CancellationToken } from 'vscode-languageserver/node';
import { analyze, type AnalyzedDocument } from '../core/ide/document';
import { describe } from './documents';
import { throwIfCancelled } from './safe';

/** Folders never walked: dependencies, version control, build output (hidden folders are skipped too). */
const SKIPPED = new Set(['node_modules', 'dist', 'out', 'build']);
/** Limits that keep a huge folder (a home directory opened by mistake) from stalling the server. */
export const INDEX_LIMITS = { files: 5000, bytes: 2_000_000, entries: 100_000 } as const;

interface Entry {
  readonly mtimeMs: number;
  readonly size: number;
  readonly doc: AnalyzedDocument;
}

export class WorkspaceIndex {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly log: (message: string) => void) {}

  /**
   * The analyzed `.amp` files under `folders`, except those `skip` names (open documents, which the caller has in
   * their current state). Yields to the event loop now and then so a cancellation can arrive, and honours it.
   */
  async documents(folders: readonly string[], skip: (path: string) => boolean, token: CancellationToken): Promise<AnalyzedDocument[]> {
    const paths = this.walk(folders);
    const out: AnalyzedDocument[] = [];
    const seen = new Set<string>();
    let sinceYield = 0;
    for (const path of paths) {
      seen.add(path);
      if (skip(path)) continue;
      const doc = this.load(path);
      if (doc) out.push(doc);
      if (++sinceYield >= 20) {
        sinceYield = 0;
        await new Promise((r) => setImmediate(r));
        throwIfCancelled(token);
      }
    }
    for (const path of this.entries.keys()) if (!seen.has(path)) this.entries.delete(path);
    return out;
  }

  /** Forgets everything (files changed on disk and the client said so). */
  invalidate(): void {
    this.entries.clear();
  }

  private load(path: string): AnalyzedDocument | undefined {
    try {
      const stat = statSync(path);
      if (!stat.isFile() || stat.size > INDEX_LIMITS.bytes) return undefined;
      const hit = this.entries.get(path);
      if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.doc;
      const doc = analyze({ path, text: readFileSync(path, 'utf8') });
      this.entries.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, doc });
      return doc;
    } catch (e) {
      this.log(`Indexing ${path} failed: ${describe(e)}`);
      this.entries.delete(path);
      return undefined;
    }
  }

  private walk(folders: readonly string[]): string[] {
    const found: string[] = [];
    let entries = 0;
    const visit = (dir: string): void => {
      let names: import('node:fs').Dirent[];
      try {
        names = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of names) {
        if (found.length >= INDEX_LIMITS.files || ++entries > INDEX_LIMITS.entries) return;
        if (e.isDirectory()) {
          if (!e.name.startsWith('.') && !SKIPPED.has(e.name)) visit(join(dir, e.name));
        } else if (e.isFile() && e.name.endsWith('.amp')) found.push(join(dir, e.name));
      }
    };
    for (const folder of folders) visit(folder);
    return [...new Set(found)].sort();
  }
}
