// Checkable invariants of a machine state (docs/runtime.md §Invariants): budget conservation at every step, and the
// step bound that proves every run halts. Tests assert them after every step; the debugger may too.

import { MAX_FREE_COMMANDS } from './machine';
import type { Program } from './program';
import { framesOf, recordsOf, type MachineState } from './state';

/**
 * Everything wrong with the state's budgets, or an empty list. Conservation: the budget the run minted for its root
 * questions equals what every activation (finished or live) spent itself, plus what live activations hold, plus what
 * came back to the run. Per activation: allotted = spent + delegated (given to children, net of their returns) + held
 * (or returned, once finished); no budget is negative.
 */
export function budgetViolations(state: MachineState): string[] {
  const out: string[] = [];
  let total = 0;
  for (const r of recordsOf(state)) {
    total += r.spent;
    if (r.returned < 0 || r.spent < 0) out.push(`activation ${r.id} (${r.agent}) finished with spent ${r.spent}, returned ${r.returned}`);
    if (r.allotted !== r.spent + r.delegated + r.returned) out.push(`activation ${r.id} (${r.agent}): allotted ${r.allotted} ≠ spent ${r.spent} + delegated ${r.delegated} + returned ${r.returned}`);
  }
  for (const f of framesOf(state)) {
    if (f.kind === 'run') {
      if (f.delegated !== state.minted - state.returned) out.push(`the run has ${f.delegated} out with its root questions, but minted ${state.minted} and got back ${state.returned}`);
      continue;
    }
    total += f.spent + f.budget;
    if (f.budget < 0) out.push(`activation ${f.id} holds a negative budget (${f.budget})`);
    if (f.delegated < 0) out.push(`activation ${f.id} has a negative delegation (${f.delegated})`);
    if (f.allotted !== f.spent + f.delegated + f.budget) out.push(`activation ${f.id}: allotted ${f.allotted} ≠ spent ${f.spent} + delegated ${f.delegated} + held ${f.budget}`);
  }
  if (state.minted !== total + state.returned) out.push(`conservation: minted ${state.minted} ≠ spent and held ${total} + returned ${state.returned}`);
  return out;
}

/**
 * An upper bound on the steps of run `run`. Handlers have no loops (only forward jumps), so an activation of compiled
 * code takes at most its instruction count in steps; a human activation at most MAX_FREE_COMMANDS free commands plus one
 * per unit of budget; the meta-executor one step per paid question. Every activation but a root question or an event
 * delivery costs its asker a send, so there are at most (root budget + root questions + deliveries) activations.
 */
export function stepBound(program: Program, run: number): number {
  const code = program.runs[run];
  let rootBudget = 0;
  let roots = 0;
  let stewards = 0;
  for (const i of code.instrs) {
    if (i.op === 'root-ask') {
      rootBudget += i.budget;
      roots++;
    } else if (i.op === 'steward') stewards++;
  }
  let longest = 0;
  let eventHandlers = 0;
  for (const def of program.agents.values()) {
    for (const h of def.handlers) longest = Math.max(longest, h.instrs.length);
    for (const h of def.eventHandlers) longest = Math.max(longest, h.instrs.length);
    eventHandlers += def.eventHandlers.length;
  }
  const activations = rootBudget + roots + stewards * eventHandlers;
  return activations * (longest + MAX_FREE_COMMANDS + 2) + rootBudget + code.instrs.length + stewards * eventHandlers + 1;
}
