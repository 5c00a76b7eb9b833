// Reads a zip archive (a VSIX) from its central directory: the entry names, and an entry's content. Enough for the
// archives vsce writes (stored or deflated entries, no ZIP64); anything else is a located error, not a wrong answer.

import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

/** One entry of the central directory. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

export class ZipArchive {
  readonly entries: readonly ZipEntry[];

  constructor(
    readonly path: string,
    private readonly bytes: Buffer = readFileSync(path),
  ) {
    this.entries = this.readCentralDirectory();
  }

  /** The names of the entries, in the archive's order. */
  names(): string[] {
    return this.entries.map((e) => e.name);
  }

  /** The uncompressed content of the entry `name`. */
  read(name: string): Buffer {
    const entry = this.entries.find((e) => e.name === name);
    if (!entry) throw new Error(`${this.path} has no entry ${name}`);
    const at = entry.localHeaderOffset;
    if (this.bytes.readUInt32LE(at) !== LOCAL_FILE_HEADER) throw new Error(`${this.path}: no local header for ${name} at byte ${at}`);
    const start = at + 30 + this.bytes.readUInt16LE(at + 26) + this.bytes.readUInt16LE(at + 28);
    const data = this.bytes.subarray(start, start + entry.compressedSize);
    if (entry.method === 0) return Buffer.from(data);
    if (entry.method === 8) return inflateRawSync(data);
    throw new Error(`${this.path}: ${name} uses compression method ${entry.method}, which this reader does not know`);
  }

  private readCentralDirectory(): ZipEntry[] {
    const b = this.bytes;
    // The end record is 22 bytes plus a comment of up to 65535 bytes, at the very end of the archive.
    let end = -1;
    for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
      if (b.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
        end = i;
        break;
      }
    }
    if (end < 0) throw new Error(`${this.path} is not a zip archive (no end of central directory record)`);
    const count = b.readUInt16LE(end + 10);
    let at = b.readUInt32LE(end + 16);
    const entries: ZipEntry[] = [];
    for (let i = 0; i < count; i++) {
      if (at + 46 > b.length || b.readUInt32LE(at) !== CENTRAL_FILE_HEADER) throw new Error(`${this.path}: central directory entry ${i} is damaged (byte ${at})`);
      const nameLength = b.readUInt16LE(at + 28);
      entries.push({
        name: b.toString('utf8', at + 46, at + 46 + nameLength),
        method: b.readUInt16LE(at + 10),
        compressedSize: b.readUInt32LE(at + 20),
        size: b.readUInt32LE(at + 24),
        localHeaderOffset: b.readUInt32LE(at + 42),
      });
      at += 46 + nameLength + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
    }
    return entries;
  }
}
