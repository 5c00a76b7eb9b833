// The README's AMP examples are real: each checks without errors or warnings, and every run in it meets its
// expectations under the runtime `amp run` uses.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { governedHooks } from '../../core/runtime/governed';
import { executeRun, prepare } from '../../core/runtime/run';

const README = readFileSync(resolve(__dirname, '..', '..', 'README.md'), 'utf8');
const examples = [...README.matchAll(/^```amp\n([\s\S]*?)^```$/gm)].map((m) => m[1]);

describe('README.md', () => {
  test('has AMP examples', () => assert.ok(examples.length > 0));
  examples.forEach((text, i) => {
    test(`example ${i + 1} checks clean and its runs pass`, () => {
      const prepared = prepare({ path: `README example ${i + 1}`, text });
      assert.ok(prepared.ok, 'the example must check and compile');
      assert.deepEqual(prepared.diagnostics.map((d) => `${d.code}: ${d.message}`), []);
      assert.ok(prepared.program.runs.length > 0, 'the example has a run');
      for (let r = 0; r < prepared.program.runs.length; r++) {
        const run = executeRun(prepared.program, r, { env: { hooks: governedHooks({}) } });
        assert.equal(run.report.passed, true, `run "${run.report.run}" must pass`);
      }
    });
  });
});
