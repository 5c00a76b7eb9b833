// The two cost models (docs/runtime.md §Budgets): seed 000's, where only views and sends cost and a bare ask hands on
// everything left, and ALBA's, where view, reply and reflect cost 1 and a bare ask hands on a tenth.

export const COST_MODELS = ['seed', 'alba'] as const;
export type CostModelName = (typeof COST_MODELS)[number];

export interface CostModel {
  readonly name: CostModelName;
  /** Cost of looking at a pointer's message. */
  readonly view: number;
  /** Cost of sending a question (an ask), paid by the sender on top of the transfer. */
  readonly send: number;
  /** Cost of reflecting. */
  readonly reflect: number;
  /** Cost of replying for an agent holding `budget` (an agent at 0 may always reply). */
  reply(budget: number): number;
  /**
   * What an ask transfers to the recipient when the sender holds `budget` before paying for the send; `explicit` is the
   * ask's `budget N` (ALBA's `ask$N`). Never more than what is left after the send.
   */
  transfer(budget: number, explicit: number | undefined): number;
}

export const SEED: CostModel = {
  name: 'seed',
  view: 1,
  send: 1,
  reflect: 0,
  reply: () => 0,
  transfer: (budget, explicit) => Math.max(0, explicit === undefined ? budget - 1 : Math.min(explicit, budget - 1)),
};

export const ALBA: CostModel = {
  name: 'alba',
  view: 1,
  send: 1,
  reflect: 1,
  reply: (budget) => (budget > 0 ? 1 : 0),
  // ALBA (amplify/hch.py, Ask.execute): min(budget - 1, $N if given else budget / 10), integer division.
  transfer: (budget, explicit) => Math.max(0, Math.min(budget - 1, explicit === undefined ? Math.floor(budget / 10) : explicit)),
};

export function costModel(name: CostModelName): CostModel {
  return name === 'alba' ? ALBA : SEED;
}
