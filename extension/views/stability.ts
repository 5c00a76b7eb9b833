// The Stability view: seed 004's bounded self-modification at the step shown, from the run state's `stability` part:
// C_L4 and its zone (coloured by zone), the seven terms with their weights and values, BGSS, whether growth is
// frozen, the protocol step and the proposal going through it.

import { BGSS_MIN, findTerm, GROWTH_FREEZE, PROTOCOL_STEPS, TERM_NAMES } from '../../core/check/selfmod-catalog';
import type { StabilityJson } from './protocol';
import type { RunModel } from './run-store';
import { num, type ViewContent, type ViewNode } from './tree-node';
import { zoneFor } from './zones';

/** Why the view is empty while a run is shown. */
export const NO_STABILITY =
  'This run has no self-modification state. C_L4, its zone, BGSS and the protocol appear here while the debugger steps a selfmod simulation.';

/** Proposal statuses as people read them. */
const STATUS_TEXT: Readonly<Record<string, string>> = {
  in_shadow: 'in shadow simulation',
  committed: 'committed, being monitored',
  confirmed: 'confirmed',
  rejected: 'rejected',
  rolled_back: 'rolled back',
  pending: 'pending',
};

export function proposalStatusText(status: string): string {
  return STATUS_TEXT[status] ?? status.replace(/_/g, ' ');
}

/** One term's row: value, weight and contribution (w · x). */
export interface TermRow {
  readonly name: string;
  readonly symbol: string;
  readonly title: string;
  readonly value: number;
  readonly weight: number;
  readonly contribution: number;
}

/** The terms in the seed's order (then any others the state names), with their contribution to C_L4. */
export function termRows(s: StabilityJson): TermRow[] {
  const names = [...TERM_NAMES, ...Object.keys(s.terms).filter((k) => !(TERM_NAMES as readonly string[]).includes(k))];
  return names.map((name) => {
    const t = findTerm(name);
    const value = s.terms[name] ?? 0;
    const weight = s.weights[name] ?? t?.weight ?? 0;
    return { name, symbol: t?.symbol ?? name, title: t?.title ?? '', value, weight, contribution: value * weight };
  });
}

/** Whether growth is frozen: as the state says, else by Theorem 2 (C_L4 ≥ 0.8) or BGSS below 0.7. */
export function growthIsFrozen(s: StabilityJson): boolean {
  if (s.growthFrozen !== undefined) return s.growthFrozen;
  return !(s.cl4 < GROWTH_FREEZE) || (s.bgss !== undefined && s.bgss < BGSS_MIN);
}

/** The Stability view. */
export function stabilityView(run: RunModel | undefined): ViewContent {
  if (!run) return { nodes: [] };
  const s = run.state.stability;
  if (!s) return { nodes: [], message: NO_STABILITY };
  const id = `t${run.threadId}/stability`;
  const zone = zoneFor(s.cl4, s.zone);
  const rows = termRows(s);
  const sum = rows.reduce((n, r) => n + r.contribution, 0);
  const frozen = growthIsFrozen(s);
  const nodes: ViewNode[] = [
    {
      id: `${id}/cl4`,
      label: 'C_L4',
      description: `${num(s.cl4)} · ${zone.name}`,
      tooltip: `C_L4 = Σ wᵢ·Xᵢ = ${num(s.cl4, 4)}\nZone ${zone.name} [${zone.min}, ${zone.max}${zone.id === 'critical' ? ']' : ')'}: ${zone.behaviour}`,
      icon: { id: zone.icon, color: zone.color },
      contextValue: `amp.zone.${zone.id}`,
      accessibilityLabel: `C L 4 ${num(s.cl4)}, zone ${zone.name}`,
    },
    {
      id: `${id}/terms`,
      label: 'Terms',
      // C_L4 is Σ wᵢ·Xᵢ; a state whose terms do not add up to its C_L4 says so rather than hiding it.
      description: `Σ w·x = ${num(sum, 4)}${Math.abs(sum - s.cl4) > 5e-4 ? ` (C_L4 says ${num(s.cl4, 4)})` : ''}`,
      tooltip: 'The seven terms of the extended Lyapunov function C_L4(t) = Σ wᵢ·Xᵢ(t) (seed 004): value × weight = contribution.',
      expanded: true,
      children: () =>
        rows.map((r) => ({
          id: `${id}/term:${r.name}`,
          label: r.symbol,
          description: `${num(r.value)} × ${num(r.weight)} = ${num(r.contribution, 4)}`,
          tooltip: `${r.symbol}${r.title ? `: ${r.title}` : ''}\nvalue ${num(r.value, 4)}, weight ${num(r.weight, 4)}, contribution ${num(r.contribution, 4)}`,
          icon: { id: 'symbol-number' },
          accessibilityLabel: `${r.title || r.name}: value ${num(r.value)}, weight ${num(r.weight)}`,
        })),
    },
  ];
  if (s.bgss !== undefined) {
    const low = s.bgss < BGSS_MIN;
    nodes.push({
      id: `${id}/bgss`,
      label: 'BGSS',
      description: `${num(s.bgss)}${low ? ` · below ${BGSS_MIN}: growth frozen` : ''}`,
      tooltip: `Bounded Growth Safety Score; it must stay ≥ ${BGSS_MIN}, below which all growth freezes.`,
      icon: low ? { id: 'warning', color: 'list.warningForeground' } : { id: 'shield' },
    });
  }
  nodes.push({
    id: `${id}/growth`,
    label: 'Growth',
    description: frozen ? 'frozen' : 'permitted',
    tooltip: frozen ? `Growth is frozen (C_L4 ≥ ${GROWTH_FREEZE} or BGSS < ${BGSS_MIN}).` : `Growth is permitted (C_L4 < ${GROWTH_FREEZE}).`,
    icon: frozen ? { id: 'lock', color: 'charts.red' } : { id: 'unlock' },
  });
  if (s.protocolStep !== undefined) {
    const step = PROTOCOL_STEPS.find((p) => p.number === s.protocolStep);
    nodes.push({
      id: `${id}/protocol`,
      label: 'Protocol',
      description: `step ${s.protocolStep} of ${PROTOCOL_STEPS.length} · ${s.protocolStepName ?? step?.name ?? ''}`,
      tooltip: step ? `${step.number}. ${step.name}: ${step.description}${step.onFailure ? `\nOn failure: ${step.onFailure}` : ''}` : `protocol step ${s.protocolStep}`,
      icon: { id: 'list-ordered' },
    });
  }
  if (s.proposal) {
    const p = s.proposal;
    const bad = p.status === 'rejected' || p.status === 'rolled_back';
    nodes.push({
      id: `${id}/proposal`,
      label: `Proposal ${p.name}`,
      description: `${p.type ? `${p.type} · ` : ''}${proposalStatusText(p.status)}`,
      tooltip: [`proposal ${p.name}${p.type ? ` (${p.type})` : ''}: ${proposalStatusText(p.status)}`, p.detail ?? '', s.shadow ? `shadow simulation: cycle ${s.shadow.cycle} of at most ${s.shadow.maxCycles}` : ''].filter(Boolean).join('\n'),
      icon: bad ? { id: 'close', color: 'list.errorForeground' } : p.status === 'confirmed' ? { id: 'pass', color: 'testing.iconPassed' } : { id: 'git-pull-request' },
      ...(p.detail || s.shadow
        ? {
            expanded: false,
            children: () => [
              ...(p.detail ? [{ id: `${id}/proposal/detail`, label: p.detail, tooltip: p.detail }] : []),
              ...(s.shadow ? [{ id: `${id}/proposal/shadow`, label: 'shadow simulation', description: `cycle ${s.shadow.cycle} of ${s.shadow.maxCycles}` }] : []),
            ],
          }
        : {}),
    });
  }
  nodes.push({
    id: `${id}/cycle`,
    label: 'Cycle',
    description: `${s.cycle}${s.selfmod ? ` · selfmod ${s.selfmod}` : ''}`,
    tooltip: `Self-modification cycle ${s.cycle}; ${s.history.length} cycles recorded.`,
    icon: { id: 'sync' },
  });
  return { nodes };
}
