// Writes a run's ethics manifest to `<dir>/.well-known/compiler_ethics.json` (seed 002 §3.1), atomically: a
// temporary file, fsync, then rename, so a reader never sees half a manifest.

import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Where a run's manifest goes under `dir`. */
export function manifestPath(dir: string): string {
  return join(dir, '.well-known', 'compiler_ethics.json');
}

/** Writes `manifest` (e.g. buildManifest's result) as pretty JSON; returns the path written. */
export function writeManifest(dir: string, manifest: unknown): string {
  const path = manifestPath(dir);
  mkdirSync(join(dir, '.well-known'), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    const buf = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  return path;
}
