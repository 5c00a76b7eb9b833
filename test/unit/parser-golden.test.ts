// Golden syntax-tree tests: each test/fixtures/parser/*.amp is parsed and its tree and diagnostics compared with the
// sibling .tree file. UPDATE_EXPECT=1 rewrites the goldens after an intended change (then review the diff).

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Diagnostic } from '../../core/diagnostics';
import { parse } from '../../core/syntax/parser';
import { printTree, treeText } from '../../core/syntax/tree';
import { filesUnder } from '../harness/index';

const DIR = 'test/fixtures/parser';
const UPDATE = process.env.UPDATE_EXPECT === '1';

/** The golden text: the printed tree, then one line per parse diagnostic (offsets, as in the tree). */
function golden(text: string): string {
  const { tree, diagnostics } = parse(text);
  const lines = diagnostics.map((d: Diagnostic) => `${d.code}@${d.start}..${d.end} ${d.severity}: ${d.message}`);
  return `${printTree(tree, text)}\n-- diagnostics: ${diagnostics.length}\n${lines.map((l) => l + '\n').join('')}`;
}

const fixtures = filesUnder(DIR, '.amp');

test('the parser fixtures are there', () => {
  // An empty or moved folder would otherwise make this whole file pass vacuously.
  assert.ok(fixtures.length >= 20, `expected the parser fixtures in ${DIR}, found ${fixtures.length}`);
});

for (const path of fixtures) {
  const treePath = path.replace(/\.amp$/, '.tree');
  test(`golden tree: ${path}`, () => {
    const text = readFileSync(path, 'utf8');
    const { tree, diagnostics } = parse(text);
    assert.equal(treeText(tree, text), text, 'the tree must be lossless');
    // Naming keeps a blessed golden honest: `error-*` fixtures must report something, the others nothing.
    if (/(^|[\\/])error-[^\\/]*$/.test(path)) assert.ok(diagnostics.length > 0, `${path} is an error case but parses cleanly`);
    else assert.deepEqual(diagnostics, [], `${path} should parse cleanly`);
    const actual = golden(text);
    if (UPDATE) {
      writeFileSync(treePath, actual);
      return;
    }
    assert.ok(existsSync(treePath), `missing golden ${treePath}; run with UPDATE_EXPECT=1 to create it`);
    assert.equal(actual, readFileSync(treePath, 'utf8'), `tree of ${path} changed; if intended, rerun with UPDATE_EXPECT=1`);
  });
}

test('every golden has its fixture', () => {
  // A renamed fixture must not leave a stale golden behind that nothing checks.
  const orphans = filesUnder(DIR, '.tree').filter((t) => !existsSync(t.replace(/\.tree$/, '.amp')));
  assert.deepEqual(orphans, []);
});
