// Golden files: a test's output compared with a file kept beside its fixture, rewritten instead under UPDATE_EXPECT=1
// (`npm run update-golden`).

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** True when the goldens are being rewritten (UPDATE_EXPECT=1). */
export const UPDATE = process.env.UPDATE_EXPECT === '1';

/** Compares `actual` with a golden file, or writes it under UPDATE_EXPECT=1. */
export function golden(path: string, actual: string): void {
  if (UPDATE) {
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `missing golden ${path}; run with UPDATE_EXPECT=1 to create it`);
  assert.equal(actual, readFileSync(path, 'utf8'), `${path} changed; if intended, rerun with UPDATE_EXPECT=1`);
}
