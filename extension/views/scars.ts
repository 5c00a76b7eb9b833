// The Atlas of Scars view: seed 002's scars at the step shown, from the run state's `governance` part: each scar's
// trigger, when it was made (step and simulated clock), whether it is resolved and the weight it still carries after
// forgiveness; whether the scar log's hash chain verifies; and, folded, the rest of the governance state (E_ext, the
// veto fuse, consent machines, the trust slice, refused acts). Without a `governance` part, the run's own `scar`
// events are listed, so a spec that scars shows them even before the adapter sends the governance state.

import type { EventJson, GovernanceJson, ScarJson } from './protocol';
import { eventsUpTo, type RunModel } from './run-store';
import { num, oneLine, plural, type ViewContent, type ViewNode } from './tree-node';

export const NO_GOVERNANCE = 'This run has no governance state and made no scars. Scars, the scar log and E_ext appear here for specs with an ethics header whose runs act, chapel or scar.';
export const FROM_EVENTS = "The debugger sent no governance state: these are the run's scar events, without forgiveness weights or the scar log.";

const TRIGGERS: Readonly<Record<string, string>> = {
  E_ext_spike: 'E_ext spike',
  beta1_lap_corridor: 'β₁ lap corridor',
  incident_report: 'incident report',
};

export function triggerText(trigger: string): string {
  return TRIGGERS[trigger] ?? trigger.replace(/_/g, ' ');
}

/** The simulated clock, for people: `950 ms`, `3.0 s`, `2 min 5 s`. */
export function clockText(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

function percent(x: number): string {
  return `${Math.round(x * 100)} %`;
}

function scarNode(parentId: string, scar: ScarJson): ViewNode {
  const id = `${parentId}/scar:${scar.id}`;
  const when = [scar.step !== undefined ? `step ${scar.step}` : '', scar.clockMs !== undefined ? clockText(scar.clockMs) : ''].filter(Boolean).join(' · ');
  const description = `${when ? `${when} · ` : ''}${scar.resolved ? 'resolved' : 'unresolved'} · weight ${num(scar.weight, 3)}`;
  return {
    id,
    label: `#${scar.id} ${triggerText(scar.trigger)}`,
    description,
    tooltip: [`scar #${scar.id}, trigger ${scar.trigger}`, when && `made at ${when}`, scar.resolved ? 'resolved' : 'unresolved', `weight ${num(scar.weight, 3)} (forgiven ${percent(scar.forgiveness)})`, scar.note ?? ''].filter(Boolean).join('\n'),
    icon: scar.resolved ? { id: 'pass', color: 'testing.iconPassed' } : { id: 'flame', color: 'list.warningForeground' },
    expanded: false,
    children: () => [
      { id: `${id}/trigger`, label: 'trigger', description: scar.trigger },
      ...(when ? [{ id: `${id}/when`, label: 'made at', description: when }] : []),
      { id: `${id}/resolved`, label: 'resolved', description: scar.resolved ? 'yes' : 'no' },
      { id: `${id}/weight`, label: 'forgiveness weight', description: `${num(scar.weight, 3)} (forgiven ${percent(scar.forgiveness)})`, tooltip: 'The weight the scar still carries: 1 when fresh, less as the forgiveness kernel works.' },
      ...(scar.note ? [{ id: `${id}/note`, label: 'note', description: oneLine(scar.note, 200), tooltip: scar.note }] : []),
    ],
    ...(scar.at ? { reveal: scar.at } : {}),
    ...(scar.step !== undefined ? { step: scar.step } : {}),
    contextValue: 'amp.scar',
    accessibilityLabel: `scar ${scar.id}, ${triggerText(scar.trigger)}, ${description}`,
  };
}

function chainNode(parentId: string, g: GovernanceJson): ViewNode {
  const log = g.scarLog;
  if (!log) return { id: `${parentId}/chain`, label: 'Scar log', description: 'not written by this run', tooltip: 'The run has no scar log on disk; its scars live in the run state only.', icon: { id: 'circle-outline' } };
  const broken = !log.verified;
  return {
    id: `${parentId}/chain`,
    label: 'Scar log',
    description: broken
      ? `chain broken${log.firstBroken !== undefined ? ` at record ${log.firstBroken}` : ''}${log.torn ? ' · last line torn' : ''}`
      : `verified · ${plural(log.records, 'record')}${log.torn ? ' · last line torn' : ''}`,
    tooltip: `${log.path ?? 'the scar log'}: ${broken ? 'the hash chain does not verify' : 'every record hashes to the next'}; ${plural(log.records, 'record')}`,
    icon: broken ? { id: 'error', color: 'list.errorForeground' } : log.torn ? { id: 'warning', color: 'list.warningForeground' } : { id: 'verified', color: 'testing.iconPassed' },
    contextValue: broken ? 'amp.scarLog.broken' : 'amp.scarLog',
  };
}

function governanceNode(parentId: string, g: GovernanceJson): ViewNode {
  const id = `${parentId}/governance`;
  const fuse = g.vetoFuse;
  const children: ViewNode[] = [];
  if (g.eExt) {
    const e = g.eExt;
    children.push({
      id: `${id}/eExt`,
      label: 'E_ext',
      description: `${num(e.used)} of ${num(e.max)}${e.window !== undefined ? ` · window ${e.window}` : ''}${e.chapelThreshold !== undefined ? ` · chapel above ${num(e.chapelThreshold)}` : ''}`,
      tooltip: 'External impact spent in the current trust slice, against its cap.',
      icon: e.used > e.max ? { id: 'warning', color: 'list.warningForeground' } : { id: 'dashboard' },
    });
  }
  if (fuse) children.push({ id: `${id}/fuse`, label: 'veto fuse', description: fuse, icon: fuse === 'tripped' ? { id: 'error', color: 'list.errorForeground' } : fuse === 'strained' ? { id: 'warning', color: 'list.warningForeground' } : { id: 'shield' } });
  if (g.clockMs !== undefined) children.push({ id: `${id}/clock`, label: 'simulated clock', description: clockText(g.clockMs), icon: { id: 'clock' } });
  for (const c of g.consent) {
    children.push({ id: `${id}/consent:${c.machine}`, label: `consent ${c.machine}`, description: `${c.state}${c.silenceBand ? ' · silence band' : ''}`, icon: { id: 'person' }, ...(c.at ? { reveal: c.at } : {}) });
  }
  if (g.trustSliceStatus) {
    const entries = Object.entries(g.trustSliceStatus);
    children.push({ id: `${id}/trust`, label: 'trust slice', description: entries.map(([k, v]) => `${k} ${v}`).join(' · '), expanded: false, children: () => entries.map(([k, v]) => ({ id: `${id}/trust/${k}`, label: k, description: String(v) })) });
  }
  if (g.refusedActs.length) {
    children.push({
      id: `${id}/refused`,
      label: 'refused acts',
      description: String(g.refusedActs.length),
      icon: { id: 'circle-slash', color: 'list.errorForeground' },
      expanded: false,
      children: () => g.refusedActs.map((r, i) => ({ id: `${id}/refused/${i}`, label: `step ${r.step}`, description: oneLine(r.reason, 160), tooltip: r.reason, step: r.step, ...(r.at ? { reveal: r.at } : {}), contextValue: 'amp.refusedAct' })),
    });
  }
  return { id, label: 'Governance', description: [fuse ? `veto ${fuse}` : '', g.eExt ? `E_ext ${num(g.eExt.used)}/${num(g.eExt.max)}` : ''].filter(Boolean).join(' · '), icon: { id: 'law' }, expanded: false, children: () => children };
}

/** The `scar` events that had happened by the step shown, as scars (unresolved unless a later `resolve` was allowed). */
export function scarsFromEvents(events: readonly EventJson[]): ScarJson[] {
  const out: ScarJson[] = [];
  for (const e of events) {
    if (e.kind === 'scar') {
      const message = e.message as { preview?: string } | undefined;
      out.push({ id: out.length + 1, trigger: 'scar', step: e.step, resolved: false, weight: 1, forgiveness: 0, ...(message?.preview ? { note: message.preview } : {}), ...(e.at ? { at: e.at } : {}) });
    } else if (e.kind === 'resolve' && e.allowed === true) {
      const open = out.find((s) => !s.resolved);
      if (open) out[out.indexOf(open)] = { ...open, resolved: true };
    }
  }
  return out;
}

/** The Atlas of Scars view. */
export function scarsView(run: RunModel | undefined): ViewContent {
  if (!run) return { nodes: [] };
  const id = `t${run.threadId}/scars`;
  const g = run.state.governance;
  if (!g) {
    const scars = scarsFromEvents(eventsUpTo(run));
    if (!scars.length) return { nodes: [], message: NO_GOVERNANCE };
    return { nodes: scars.map((s) => scarNode(id, s)), message: FROM_EVENTS };
  }
  const scars = g.scars.filter((s) => s.step === undefined || s.step <= run.step);
  return {
    nodes: [chainNode(id, g), ...scars.map((s) => scarNode(id, s)), governanceNode(id, g)],
    ...(scars.length === 0 ? { message: `No scars by step ${run.step}.` } : {}),
  };
}
