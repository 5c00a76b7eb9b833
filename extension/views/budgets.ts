// The Budgets view: the run's root budget and its conservation (root = returned + held + spent), then each agent's
// ledger at the step shown: what its activations were allotted, spent on their own operations, handed on to the
// agents they asked, still hold (remaining) and returned. An agent that ran out of budget, or whose figures do not
// add up, stands out with a warning.

import type { ActivationJson } from './protocol';
import { isSimulation } from './message-tree';
import { eventsUpTo, liveIds, replied, started, type RunModel } from './run-store';
import { plural, type ViewContent, type ViewNode } from './tree-node';

/** One agent's budget at the step shown. */
export interface AgentBudget {
  readonly agent: string;
  readonly activations: number;
  readonly allotted: number;
  /** Paid by its activations for their own operations (views, sends, replies, reflects, the human's commands). */
  readonly spent: number;
  /** What its activations handed to the agents they asked and did not get back (yet). */
  readonly handedOn: number;
  /** What its live activations hold now. */
  readonly remaining: number;
  readonly returned: number;
  /** Activations whose reply was forced because they could not pay for an operation. */
  readonly ranOut: number;
  /** allotted − (spent + handedOn + remaining + returned): 0 when the ledger adds up. */
  readonly imbalance: number;
  /** The agent's activations started by the step shown, in start order. */
  readonly ids: readonly number[];
}

export interface RootBudget {
  readonly root: number;
  readonly returned: number;
  readonly held: number;
  readonly spent: number;
  /** root − (returned + held + spent): 0 when the budget is conserved. */
  readonly imbalance: number;
}

export interface BudgetLedger {
  readonly root: RootBudget;
  readonly agents: readonly AgentBudget[];
}

/** An agent over-spends when one of its activations ran out of budget, or its figures do not add up. */
export function overSpending(b: AgentBudget): boolean {
  return b.ranOut > 0 || b.imbalance !== 0;
}

/** The budget ledger of a run at its step, from its activations, frames and events. */
export function budgetLedger(run: RunModel): BudgetLedger {
  const s = run.state;
  const step = run.step;
  const root: RootBudget = { ...s.budget, imbalance: s.budget.root - (s.budget.returned + s.budget.held + s.budget.spent) };
  const rows = new Map<string, { agent: string; activations: number; allotted: number; spent: number; handedOn: number; remaining: number; returned: number; ranOut: number; ids: number[] }>();
  const agentOf = new Map<number, string>();
  const live = liveIds(run);
  const held = new Map(s.frames.map((f) => [f.activation, f.budget]));
  for (const a of run.activations.values()) {
    if (!started(a, step)) continue;
    let row = rows.get(a.agent);
    if (!row) rows.set(a.agent, (row = { agent: a.agent, activations: 0, allotted: 0, spent: 0, handedOn: 0, remaining: 0, returned: 0, ranOut: 0, ids: [] }));
    agentOf.set(a.id, a.agent);
    row.activations++;
    row.ids.push(a.id);
    row.allotted += a.allotted;
    if (replied(a, step)) {
      row.returned += a.returned ?? 0;
      if (a.forced) row.ranOut++;
    } else if (live.has(a.id)) row.remaining += held.get(a.id) ?? 0;
    // What this activation handed on and has not had back: its children's allotments less what they returned.
    for (const c of run.children.get(a.id) ?? []) {
      const child = run.activations.get(c)!;
      if (!started(child, step)) continue;
      row.handedOn += child.allotted - (replied(child, step) ? child.returned ?? 0 : 0);
    }
  }
  for (const e of eventsUpTo(run)) {
    const cost = e.cost;
    if (typeof cost !== 'number' || cost === 0) continue;
    const agent = agentOf.get(e.frame);
    if (agent !== undefined) rows.get(agent)!.spent += cost;
  }
  const agents = [...rows.values()]
    .sort((a, b) => a.ids[0] - b.ids[0])
    .map((r) => ({ ...r, imbalance: r.allotted - (r.spent + r.handedOn + r.remaining + r.returned) }));
  return { root, agents };
}

function figures(b: { allotted: number; spent: number; remaining: number; returned: number }): string {
  return `allotted ${b.allotted} · spent ${b.spent} · remaining ${b.remaining} · returned ${b.returned}`;
}

function rowNode(id: string, label: string, value: number | string, tooltip: string): ViewNode {
  return { id, label, description: String(value), tooltip, accessibilityLabel: `${label}: ${value}` };
}

function activationRow(run: RunModel, a: ActivationJson, parentId: string): ViewNode {
  const step = run.step;
  const frame = run.state.frames.find((f) => f.activation === a.id);
  const done = replied(a, step);
  const name = a.instance ? a.instance.replace(/^@/, '') : a.agent;
  const description = done
    ? `allotted ${a.allotted} · used ${a.spent ?? 0} · returned ${a.returned ?? 0}${a.forced ? ' · ran out' : ''}`
    : frame
      ? `allotted ${frame.allotted} · spent ${frame.spent} · holds ${frame.budget} · out ${frame.delegated}`
      : `allotted ${a.allotted}`;
  return {
    id: `${parentId}/a${a.id}`,
    label: `${name} #${a.id}`,
    description,
    tooltip: `activation ${a.id} of ${a.agent}, ${done ? `replied at step ${a.endStep}` : 'live'}\n${description}\n(used = what its whole tree of asks spent)`,
    icon: a.forced && done ? { id: 'warning', color: 'list.warningForeground' } : { id: done ? 'pass' : 'debug-stackframe' },
    ...(a.handler ?? a.askedAt ? { reveal: a.handler ?? a.askedAt } : {}),
    step: a.startStep,
    contextValue: 'amp.activation',
  };
}

/** The Budgets view. */
export function budgetsView(run: RunModel | undefined): ViewContent {
  if (!run) return { nodes: [] };
  if (isSimulation(run)) return { nodes: [], message: 'A self-modification run spends no budget: its cycles are in the Stability view and the run timeline.' };
  const ledger = budgetLedger(run);
  const r = ledger.root;
  const conserved = r.imbalance === 0;
  const equation = `root ${r.root} = returned ${r.returned} + held ${r.held} + spent ${r.spent}`;
  const rootNode: ViewNode = {
    id: `t${run.threadId}/budget/root`,
    label: 'Run budget',
    description: conserved ? `${equation} ✓` : `${equation} ✗ (off by ${r.imbalance})`,
    tooltip: conserved
      ? `The root budget is conserved at step ${run.step}: every operation paid is counted once.\n${equation}`
      : `Conservation is broken at step ${run.step}: root − (returned + held + spent) = ${r.imbalance}.\n${equation}`,
    icon: conserved ? { id: 'pass', color: 'testing.iconPassed' } : { id: 'error', color: 'list.errorForeground' },
    expanded: false,
    children: () => [
      rowNode(`t${run.threadId}/budget/root/root`, 'root', r.root, 'The budget the run gave its root questions.'),
      rowNode(`t${run.threadId}/budget/root/returned`, 'returned', r.returned, 'What root questions returned to the run when they replied.'),
      rowNode(`t${run.threadId}/budget/root/held`, 'held', r.held, 'What live activations hold now.'),
      rowNode(`t${run.threadId}/budget/root/spent`, 'spent', r.spent, 'What operations have cost so far.'),
    ],
    contextValue: 'amp.budget.root',
    accessibilityLabel: `Run budget: ${equation}, ${conserved ? 'conserved' : `off by ${r.imbalance}`}`,
  };
  const agentNodes = ledger.agents.map((b): ViewNode => {
    const id = `t${run.threadId}/budget/agent:${b.agent}`;
    const over = overSpending(b);
    const warning = b.ranOut > 0 ? `ran out ×${b.ranOut}` : b.imbalance !== 0 ? `off by ${b.imbalance}` : '';
    return {
      id,
      label: b.agent,
      description: `${over ? `⚠ ${warning} · ` : ''}${figures(b)}`,
      tooltip: [
        `${b.agent}: ${plural(b.activations, 'activation')} by step ${run.step}`,
        `allotted ${b.allotted} = spent ${b.spent} + handed on ${b.handedOn} + remaining ${b.remaining} + returned ${b.returned}${b.imbalance ? ` (off by ${b.imbalance})` : ''}`,
        b.ranOut ? `${plural(b.ranOut, 'activation')} ran out of budget: the runtime forced an error reply` : '',
      ].filter(Boolean).join('\n'),
      icon: over ? { id: 'warning', color: 'list.warningForeground' } : { id: 'symbol-class' },
      expanded: false,
      children: () => [
        rowNode(`${id}/activations`, 'activations', b.activations, 'How many times it was asked by this step.'),
        rowNode(`${id}/allotted`, 'allotted', b.allotted, 'What its activations received.'),
        rowNode(`${id}/spent`, 'spent', b.spent, 'What its activations paid for their own operations.'),
        rowNode(`${id}/handedOn`, 'handed on', b.handedOn, 'What it handed to the agents it asked and has not had back.'),
        rowNode(`${id}/remaining`, 'remaining', b.remaining, 'What its live activations hold now.'),
        rowNode(`${id}/returned`, 'returned', b.returned, 'What its activations gave back when they replied.'),
        ...(b.ranOut ? [{ ...rowNode(`${id}/ranOut`, 'ran out of budget', `${b.ranOut}×`, 'Activations whose reply the runtime forced because they could not pay for an operation.'), icon: { id: 'warning', color: 'list.warningForeground' } }] : []),
        {
          id: `${id}/list`,
          label: 'by activation',
          description: plural(b.activations, 'activation'),
          expanded: false,
          children: () => b.ids.map((a) => activationRow(run, run.activations.get(a)!, id)),
        },
      ],
      contextValue: over ? 'amp.budget.agent.over' : 'amp.budget.agent',
      accessibilityLabel: `${b.agent}: ${figures(b)}${over ? `; warning: ${warning}` : ''}`,
    };
  });
  return { nodes: [rootNode, ...agentNodes], ...(agentNodes.length === 0 ? { message: `Step ${run.step}: no agent has been asked yet.` } : {}) };
}
