// Every bundled sample runs under the default cost model, with the hooks `amp run` uses (seed 002's governance layer
// and seed 003's conscience calculator), and meets its expectations; every selfmod declaration runs to its end. The
// runs whose outcome only those layers decide are named below: under the plain hooks they fail, which shows the
// layers are what makes them pass.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { readManifest } from '../../core/check/header';
import { governedHooks } from '../../core/runtime/governed';
import { executeRun, prepare } from '../../core/runtime/run';
import { executeSelfmod, selfmodTargets } from '../../core/runtime/selfmod';
import { findManifest, hasOwnHeader } from '../../core/workspace/manifest';

const SAMPLES = resolve(__dirname, '..', '..', 'samples');

/** Runs that expect a refused consent move, a tripped veto and a lexical choice. */
const DECIDED_BY_GOVERNANCE = new Map([
  ['governed-reporter.amp', ['no consent, no publication', 'the steward trips the veto']],
  ['conscience-dilemma.amp', ['negligible breaches weigh nothing']],
]);

const reader = {
  readText: (p: string) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined),
  exists: (p: string) => existsSync(p),
};

describe('samples', () => {
  for (const name of readdirSync(SAMPLES).filter((f) => f.endsWith('.amp')).sort()) {
    test(name, () => {
      const path = join(SAMPLES, name);
      const text = readFileSync(path, 'utf8');
      const manifest = findManifest(path, reader);
      const prepared = prepare({ path: name, text, manifest });
      assert.ok(prepared.ok, `${name} must check and compile`);
      const header = manifest && !hasOwnHeader(text) ? readManifest(manifest.text).header : undefined;
      const failedGoverned: string[] = [];
      const failedPlain: string[] = [];
      for (let i = 0; i < prepared.program.runs.length; i++) {
        const r = executeRun(prepared.program, i, { env: { hooks: governedHooks({ header }) } });
        assert.equal(r.report.status, 'done', `${name}: run "${r.report.run}" must finish`);
        if (!r.report.passed) failedGoverned.push(r.report.run);
        const plain = executeRun(prepared.program, i);
        if (!plain.report.passed) failedPlain.push(plain.report.run);
      }
      assert.deepEqual(failedGoverned, [], `${name}: every run passes under the governance layer and the conscience calculator`);
      assert.deepEqual(failedPlain, DECIDED_BY_GOVERNANCE.get(name) ?? []);
      for (const t of selfmodTargets(prepared.program)) {
        const r = executeSelfmod(t);
        assert.equal(r.report.status, 'done', `${name}: selfmod ${t.name} must run: ${r.report.problems.join('; ')}`);
        assert.equal(r.report.final!.cycle, r.report.cycles);
      }
    });
  }

  test('self-modification.amp is a self-modification run', () => {
    const path = join(SAMPLES, 'self-modification.amp');
    const prepared = prepare({ path: 'self-modification.amp', text: readFileSync(path, 'utf8'), manifest: findManifest(path, reader) });
    assert.ok(prepared.ok);
    assert.deepEqual(selfmodTargets(prepared.program).map((t) => t.name), ['tutor_growth']);
  });
});
