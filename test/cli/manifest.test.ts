// Manifest discovery (cli/manifest.ts) against an in-memory file system: the search order, where it stops, and how a
// file's own header is recognised.

import assert from 'node:assert/strict';
import { join, resolve, sep } from 'node:path';
import { describe, test } from 'node:test';
import { findManifest, hasOwnHeader, MANIFEST_NAME, type ManifestReader } from '../../core/workspace/manifest';

/** Absolute paths under a made-up root, built with the platform's separators as the real reader would see them. */
const ROOT = resolve(sep, 'fake');
const at = (...parts: string[]) => join(ROOT, ...parts);

/** A reader over `files` (absolute path → text); folders exist when some file lies under them. */
function memoryReader(files: Record<string, string>): ManifestReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readText(path) {
      reads.push(path);
      return files[path];
    },
    exists(path) {
      return Object.keys(files).some((f) => f === path || f.startsWith(path + sep));
    },
  };
}

const found = (reader: ManifestReader, ampPath: string) => findManifest(ampPath, reader)?.path;

describe('findManifest', () => {
  test("the file's own folder comes first, then its .well-known/", () => {
    const both = memoryReader({ [at('p', MANIFEST_NAME)]: '{"a":1}', [at('p', '.well-known', MANIFEST_NAME)]: '{}' });
    assert.equal(found(both, at('p', 'spec.amp')), at('p', MANIFEST_NAME));
    assert.equal(findManifest(at('p', 'spec.amp'), both)?.text, '{"a":1}');
    const wellKnown = memoryReader({ [at('p', '.well-known', MANIFEST_NAME)]: '{}', [at(MANIFEST_NAME)]: '{}' });
    assert.equal(found(wellKnown, at('p', 'spec.amp')), at('p', '.well-known', MANIFEST_NAME));
  });

  test('then the folders above, nearest first', () => {
    const reader = memoryReader({ [at('a', '.well-known', MANIFEST_NAME)]: '{}', [at(MANIFEST_NAME)]: '{}' });
    assert.equal(found(reader, at('a', 'b', 'c', 'spec.amp')), at('a', '.well-known', MANIFEST_NAME));
    assert.deepEqual(reader.reads.slice(0, 4), [
      at('a', 'b', 'c', MANIFEST_NAME),
      at('a', 'b', 'c', '.well-known', MANIFEST_NAME),
      at('a', 'b', MANIFEST_NAME),
      at('a', 'b', '.well-known', MANIFEST_NAME),
    ]);
  });

  test('stops at a project root (package.json or .git), after searching it', () => {
    const above = { [at(MANIFEST_NAME)]: '{}' };
    assert.equal(found(memoryReader({ ...above, [at('proj', 'package.json')]: '{}' }), at('proj', 'src', 'spec.amp')), undefined);
    assert.equal(found(memoryReader({ ...above, [at('proj', '.git', 'HEAD')]: 'ref' }), at('proj', 'spec.amp')), undefined);
    const inRoot = memoryReader({ ...above, [at('proj', '.git', 'HEAD')]: 'ref', [at('proj', '.well-known', MANIFEST_NAME)]: '{}' });
    assert.equal(found(inRoot, at('proj', 'src', 'spec.amp')), at('proj', '.well-known', MANIFEST_NAME));
  });

  test('stops at the filesystem root when nothing is found', () => {
    const reader = memoryReader({});
    assert.equal(found(reader, at('x', 'spec.amp')), undefined);
    assert.equal(reader.reads.at(-1), join(resolve(sep), '.well-known', MANIFEST_NAME));
  });
});

describe('hasOwnHeader', () => {
  test('a header comment first, after any whitespace or byte-order mark', () => {
    assert.equal(hasOwnHeader('// compiler_ethics_v0_1: {\n// }\nmessage m = "x"\n'), true);
    assert.equal(hasOwnHeader('\uFEFF\n\n  //compiler_ethics_v0_1 : {\r\n'), true);
  });

  test('anything else first means no header of its own', () => {
    assert.equal(hasOwnHeader(''), false);
    assert.equal(hasOwnHeader('// A spec about lists.\n// compiler_ethics_v0_1: {\n'), false);
    assert.equal(hasOwnHeader('message m = "x"\n// compiler_ethics_v0_1: {\n'), false);
    assert.equal(hasOwnHeader('/* compiler_ethics_v0_1: { */\n'), false);
    assert.equal(hasOwnHeader('// compiler_ethics_v0_2: {\n'), false);
  });
});
