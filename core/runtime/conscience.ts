// The conscience calculator of seed 003 as a runtime hook (hooks.ts), built on core/conscience: a `choose` takes the
// option with the least conscience weight, compared lexicographically (level 1, then level 0; level −1 negligible),
// with each breach's weight from its annotation, else the spec's `conscience` block, else 1, scaled by its risk and
// split by a diffuse boundary. Every decision is explained: the explanation of the `choose` event is the rendered
// decision, and a `conscience-decision` note carries the ledger of every option by level.

import { readConscienceWeights } from '../check/rules/conscience';
import { decide, renderDecision, type ConscienceDecision } from '../conscience/calculator';
import type { ConscienceCalculator, HookContext } from './hooks';
import { canonical, renderText } from './values';

/** The calculator's state: the spec's conscience weights (fixed) and how many choices it has decided. */
export interface ConscienceState {
  readonly calculator: 'seed-003';
  /** The `conscience { weight "id" n }` weights by catalog id. */
  readonly weights: Readonly<Record<string, number>>;
  readonly decisions: number;
}

/** The note the calculator records for every decision. */
export const DECISION_NOTE = 'conscience-decision';

/** A decision as plain JSON for the note (ledgers by level, comparisons, notes, problems). */
export function decisionDetail(d: ConscienceDecision): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify({
      prompt: d.prompt,
      winner: d.winner,
      decidedBy: d.decidedBy,
      tiedWith: d.tiedWith,
      options: d.options.map((o) => ({
        index: o.index,
        label: o.label,
        level1: o.level1.exact,
        level0: o.level0.exact,
        negligible: o.negligible.exact,
        entries: o.entries.map((e) => ({
          id: e.id,
          title: e.title,
          catalogLevel: e.catalogLevel,
          weight: e.weight,
          weightFrom: e.weightFrom,
          risk: e.risk,
          level1: e.level1,
          expected: e.expected.exact,
          shares: e.shares.map((s) => ({ level: s.level, amount: s.amount.exact })),
        })),
      })),
      comparisons: d.comparisons,
      notes: d.notes,
      problems: d.problems,
    }),
  ) as Record<string, unknown>;
}

/** Seed 003's calculator for `choose`. */
export const SEED_CONSCIENCE: ConscienceCalculator<ConscienceState> = {
  name: 'seed-003',
  init(ctx: HookContext): ConscienceState {
    const weights: Record<string, number> = {};
    for (const [id, w] of readConscienceWeights(ctx.model.tree, ctx.model.source)) weights[id] = w;
    return Object.freeze({ calculator: 'seed-003' as const, weights: Object.freeze(weights), decisions: 0 });
  },
  choose(state, { prompt, options }) {
    const decision = decide({
      ...(prompt ? { prompt: canonical(renderText(prompt, 2000)) } : {}),
      options: options.map((o) => ({
        label: o.label,
        breaches: o.breaches.map((b) => ({
          id: b.id,
          ...(b.weight !== undefined ? { weight: b.weight } : {}),
          ...(b.risk !== undefined ? { risk: b.risk } : {}),
          ...(b.level1 !== undefined ? { level1: b.level1 } : {}),
        })),
      })),
      weights: state.weights,
    });
    return {
      state: Object.freeze({ ...state, decisions: state.decisions + 1 }),
      index: Math.max(0, decision.winner),
      explanation: renderDecision(decision),
      notes: [{ name: DECISION_NOTE, detail: decisionDetail(decision) }],
    };
  },
};
