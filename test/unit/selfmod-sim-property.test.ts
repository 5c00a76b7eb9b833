// Property tests for the self-modification simulator: whatever the seed, the proposals and the noise, every run
// halts at its cycle count, keeps the terms in [0, 1], never lets C_L4 rise more than 0.05 in a cycle, never changes
// the identity, and ends every proposal in a final status.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MODIFICATION_TYPES, PROHIBITED_TYPES, TERM_NAMES } from '../../core/check/selfmod-catalog';
import { prepareSimulation, run, type ProposalInput } from '../../core/selfmod/index';

const types = [...MODIFICATION_TYPES.map((t) => t.name), ...PROHIBITED_TYPES.map((t) => t.name)];
const unit = fc.double({ min: 0, max: 1, noNaN: true });
const effect = fc.dictionary(fc.constantFrom(...TERM_NAMES), fc.double({ min: -0.5, max: 0.5, noNaN: true }), { maxKeys: 4 });
const proposal: fc.Arbitrary<ProposalInput> = fc.record({
  name: fc.constantFrom('a', 'b', 'c'),
  type: fc.constantFrom(...types),
  shadow: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
  effect,
});

describe('simulator invariants', () => {
  it('hold for any seed, proposals and noise', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.array(proposal, { maxLength: 5 }),
        fc.record({ V_id: unit, H_bel: unit, F_mut: unit, sigma_con: unit, E_v: unit, G_c: unit, M_s: unit }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        (seed, proposals, initial, noise) => {
          const { simulation } = prepareSimulation(
            { identity: 'id-1', weights: { V_id: 0.15, H_bel: 0.15, F_mut: 0.1, sigma_con: 0.1, E_v: 0.2, G_c: 0.15, M_s: 0.15 }, initial, config: { seed, cycles: 150 }, proposals },
            { noise, noveltyRate: 0.1 },
          );
          const r = run(simulation!, { keepStates: true });
          assert.equal(r.final.cycle, 150);
          for (let t = 1; t < r.c.length; t++) assert.ok(r.c[t] - r.c[t - 1] <= 0.05 + 1e-12);
          for (const s of r.states!) {
            assert.equal(s.agent.identity, 'id-1');
            for (const t of TERM_NAMES) assert.ok(s.agent.terms[t] >= 0 && s.agent.terms[t] <= 1);
            assert.ok(s.bgss >= 0 && s.bgss <= 1);
          }
          for (const o of r.outcomes) assert.ok(['confirmed', 'rejected', 'rolled-back', 'unfinished'].includes(o.status), o.status);
          for (const o of r.outcomes.filter((x) => x.status !== 'unfinished' && PROHIBITED_TYPES.some((p) => p.name === x.type))) assert.deepEqual([o.status, o.step], ['rejected', 1]);
        },
      ),
      { numRuns: 40, seed: 4242 },
    );
  });
});
