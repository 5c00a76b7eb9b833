// Property test: random small specs, generated from a grammar of agents that view, ask each other (recursion
// included), compose messages, reflect and reply, halt within their step bound and conserve their budget at every
// step, in both cost models; and the no-history path agrees with stepping. Fixed seed: failures reproduce.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkDocument } from '../../core/check/index';
import { compileProgram } from '../../core/runtime/compile';
import { History } from '../../core/runtime/history';
import { budgetViolations, stepBound } from '../../core/runtime/invariants';
import { initialState, runFast } from '../../core/runtime/machine';
import { eventsOf } from '../../core/runtime/state';

const SEED = Number(process.env.PROPERTY_SEED ?? 20250611);
const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);

type Stmt =
  | { readonly kind: 'view' | 'viewAs' | 'compare' | 'let' | 'reflect' }
  | { readonly kind: 'ask'; readonly target: number; readonly budget?: number }
  | { readonly kind: 'again'; readonly target: number };

interface Spec {
  readonly agents: readonly { readonly body: readonly Stmt[]; readonly end: 'pointer' | 'text' | 'none' }[];
  readonly budget: number;
}

const statement = (agents: number): fc.Arbitrary<Stmt> =>
  fc.oneof(
    fc.constantFrom<Stmt>({ kind: 'view' }, { kind: 'viewAs' }, { kind: 'compare' }, { kind: 'let' }, { kind: 'reflect' }),
    fc.record({ kind: fc.constant('ask' as const), target: fc.nat({ max: agents - 1 }), budget: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }) }),
    fc.record({ kind: fc.constant('again' as const), target: fc.nat({ max: agents - 1 }) }),
  );

const spec: fc.Arbitrary<Spec> = fc.integer({ min: 1, max: 3 }).chain((n) =>
  fc.record({
    agents: fc.array(fc.record({ body: fc.array(statement(n), { maxLength: 5 }), end: fc.constantFrom('pointer' as const, 'text' as const, 'none' as const) }), { minLength: n, maxLength: n }),
    budget: fc.integer({ min: 1, max: 60 }),
  }),
);

/** Prints a generated spec as AMP. */
function amp(s: Spec): string {
  const out = ['message start = "pair (1) and (2)"', ''];
  s.agents.forEach((a, i) => {
    out.push(`agent A${i} {`, `  on "q${i} [x]" {`);
    a.body.forEach((st, k) => {
      switch (st.kind) {
        case 'view':
          out.push('    view x');
          break;
        case 'viewAs':
          out.push(`    view x as "pair [_p${k}] and [_q${k}]" else {`, '      reply "not a pair"', '    }');
          break;
        case 'compare':
          out.push(`    let _c${k} = ask Compare "is (1) less than (2)?"`);
          break;
        case 'let':
          out.push(`    let _m${k} = "made ([x])"`);
          break;
        case 'reflect':
          out.push('    reflect');
          break;
        case 'ask':
          out.push(`    let _r${k} = ask A${st.target} "q${st.target} [x]"${st.budget ? ` budget ${st.budget}` : ''}`);
          break;
        case 'again':
          out.push(`    let _r${k}, B${k} = ask A${st.target} "q${st.target} [x]"`, `    let _s${k} = ask B${k} "q${st.target} [x]"`);
          break;
      }
    });
    if (a.end === 'pointer') out.push('    reply "[x]"');
    else if (a.end === 'text') out.push('    reply "done with [x]"');
    out.push('  }', '}', '');
  });
  out.push('run "random" {', `  ask A0 "q0 [start]" budget ${s.budget}`, '}');
  return out.join('\n');
}

test('random specs halt within their step bound and conserve their budget at every step', () => {
  let ran = 0;
  fc.assert(
    fc.property(spec, (s) => {
      const text = amp(s);
      const check = checkDocument({ path: 'random.amp', text });
      // A fixed transfer larger than the checker can prove available is a spec error (AMP-B002): not a runnable spec.
      fc.pre(!check.diagnostics.some((d) => d.severity === 'error'));
      const compiled = compileProgram(check);
      assert.ok(compiled.program, text);
      const program = compiled.program;
      const bound = stepBound(program, 0);
      for (const costModel of ['seed', 'alba'] as const) {
        const h = new History(initialState(program, 0, { costModel }));
        assert.deepEqual(budgetViolations(h.current), []);
        while (h.forward()) {
          const violations = budgetViolations(h.current);
          if (violations.length) assert.fail(`${costModel}, step ${h.current.step}: ${violations.join('; ')}\n${text}`);
          assert.ok(h.current.step <= bound, `${costModel}: step ${h.current.step} past the bound ${bound}\n${text}`);
        }
        const end = h.current;
        assert.equal(end.status, 'done', text);
        assert.equal(end.minted, s.budget);
        assert.ok(end.returned >= 0 && end.returned <= s.budget);
        const fast = runFast(initialState(program, 0, { costModel }, { freeze: false }), { freeze: false });
        assert.deepEqual(eventsOf(fast), eventsOf(end));
      }
      ran++;
    }),
    { seed: SEED, numRuns: RUNS },
  );
  assert.ok(ran >= RUNS / 2, `only ${ran} of ${RUNS} generated specs were runnable`);
});
