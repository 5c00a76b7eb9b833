// The Conscience view: seed 003's decisions at the step shown, from the run state's `conscience` part: each `choose`
// with its options, each option's breaches and their weight by lexical level (level 1 first: no amount of level 0
// outweighs level 1), and the winner. Without a `conscience` part, the run's `choose` events are listed (options and
// the choice, without ledgers).

import { findBreach } from '../../core/check/breaches';
import type { DecisionJson, EventJson, OptionJson } from './protocol';
import { eventsUpTo, type RunModel } from './run-store';
import { num, oneLine, type ViewContent, type ViewNode } from './tree-node';

export const NO_CONSCIENCE = 'This run has made no conscience decisions. Each `choose` the run reaches appears here with its options, their breaches by lexical level, and the winner.';
export const FROM_EVENTS = "The debugger sent no conscience state: these are the run's choose events, without the breach ledgers.";

/** The lexical levels an option's ledger holds, highest first ("1", "0", "-1", then any other). */
export function ledgerLevels(ledger: Readonly<Record<string, number>>): string[] {
  return Object.keys(ledger).sort((a, b) => Number(b) - Number(a));
}

/** `L1 0 · L0 1.5 · L−1 0.2`. */
export function ledgerText(ledger: Readonly<Record<string, number>>): string {
  const levels = ledgerLevels(ledger);
  if (!levels.length) return 'no breaches';
  return levels.map((l) => `L${l.replace('-', '−')} ${num(ledger[l])}`).join(' · ');
}

function optionNode(parentId: string, d: DecisionJson, o: OptionJson, i: number): ViewNode {
  const id = `${parentId}/o${i}`;
  const won = d.winner === i;
  return {
    id,
    label: `${won ? '★ ' : ''}${o.label}`,
    description: ledgerText(o.ledger),
    tooltip: [`option "${o.label}"${won ? ' (chosen)' : ''}`, `weight by level: ${ledgerText(o.ledger)}`, ...o.breaches.map((b) => `${b.id} (level ${b.level}, weight ${num(b.weight)})`)].join('\n'),
    icon: won ? { id: 'star-full', color: 'charts.green' } : { id: 'circle-outline' },
    ...(o.breaches.length
      ? {
          expanded: won,
          children: () =>
            o.breaches.map((b, k) => ({
              id: `${id}/b${k}`,
              label: b.id,
              description: `level ${b.level} · weight ${num(b.weight)}`,
              tooltip: findBreach(b.id)?.title ?? b.id,
              icon: { id: 'law' },
              accessibilityLabel: `breach ${b.id}, level ${b.level}, weight ${num(b.weight)}`,
            })),
        }
      : {}),
    contextValue: won ? 'amp.option.winner' : 'amp.option',
    accessibilityLabel: `option ${o.label}${won ? ', chosen' : ''}: ${ledgerText(o.ledger)}`,
  };
}

function decisionNode(parentId: string, d: DecisionJson, i: number): ViewNode {
  const id = `${parentId}/d${i}`;
  const winner = d.options[d.winner];
  const description = `${d.step !== undefined ? `step ${d.step} · ` : ''}${winner ? `chose "${oneLine(winner.label, 60)}"` : 'no choice'}${d.tie ? ' (tie)' : ''}`;
  return {
    id,
    label: oneLine(d.prompt || 'choose', 120),
    description,
    tooltip: [d.prompt, description, d.why ?? ''].filter(Boolean).join('\n'),
    icon: d.tie ? { id: 'warning', color: 'list.warningForeground' } : { id: 'law' },
    expanded: true,
    children: () => [
      ...d.options.map((o, k) => optionNode(id, d, o, k)),
      ...(d.why ? [{ id: `${id}/why`, label: 'why', description: oneLine(d.why, 200), tooltip: d.why, icon: { id: 'info' } }] : []),
    ],
    ...(d.at ? { reveal: d.at } : {}),
    ...(d.step !== undefined ? { step: d.step } : {}),
    contextValue: 'amp.decision',
    accessibilityLabel: `decision ${d.prompt}: ${description}`,
  };
}

/** The run's `choose` events as decisions (options without ledgers). */
export function decisionsFromEvents(events: readonly EventJson[]): DecisionJson[] {
  return events
    .filter((e) => e.kind === 'choose' && Array.isArray(e.options))
    .map((e) => ({
      step: e.step,
      ...(e.at ? { at: e.at } : {}),
      prompt: e.at ? `choose at line ${e.at.start.line + 1}` : 'choose',
      options: (e.options as unknown[]).map((label) => ({ label: String(label), ledger: {}, breaches: [] })),
      winner: typeof e.chosen === 'number' ? e.chosen : -1,
      tie: false,
      ...(typeof e.explanation === 'string' ? { why: e.explanation } : {}),
    }));
}

/** The Conscience view. */
export function conscienceView(run: RunModel | undefined): ViewContent {
  if (!run) return { nodes: [] };
  const id = `t${run.threadId}/conscience`;
  const c = run.state.conscience;
  if (!c) {
    const decisions = decisionsFromEvents(eventsUpTo(run));
    if (!decisions.length) return { nodes: [], message: NO_CONSCIENCE };
    return { nodes: decisions.map((d, i) => decisionNode(id, d, i)), message: FROM_EVENTS };
  }
  const decisions = c.decisions.filter((d) => d.step === undefined || d.step <= run.step);
  if (!decisions.length) return { nodes: [], message: NO_CONSCIENCE };
  return { nodes: decisions.map((d, i) => decisionNode(id, d, i)) };
}
