// Exception-breakpoint filters: events of a step that stop the run before that step, when their filter is on. Each
// filter reads the events one step records (a meta-execution step's, or a self-modification transition's); the table
// is the one place to add filters. Besides the runtime's own (budget, expectations, malformed and error replies) it
// holds the governance layer's (scar created, act refused, veto tripped), the conscience calculator's (a breach of
// level ≥ 0 or ≥ 1 taken) and the self-modification simulator's (zone became Critical, growth frozen, rollback,
// modification rejected).

import { findBreach } from '../core/check/breaches';
import { renderText, type RuntimeEvent } from '../core/runtime/index';
import type { SimEvent, SimState } from '../core/selfmod/index';

export interface ExceptionHit {
  readonly filter: string;
  /** One line for the stop's description. */
  readonly description: string;
  /** The details shown by exceptionInfo and in the console. */
  readonly details: string;
}

export interface ExceptionFilter {
  readonly filter: string;
  readonly label: string;
  readonly description: string;
  readonly default: boolean;
  /** The hit, if this step's events raise the exception (meta-execution runs). */
  readonly detect?: (events: readonly RuntimeEvent[]) => ExceptionHit | undefined;
  /** The hit, if a self-modification transition's events raise it; `after` is the state the transition leads to. */
  readonly detectSim?: (events: readonly SimEvent[], after: SimState) => ExceptionHit | undefined;
}

function first<E, T>(events: readonly E[], f: (e: E) => T | undefined): T | undefined {
  for (const e of events) {
    const r = f(e);
    if (r !== undefined) return r;
  }
  return undefined;
}

export const EXCEPTION_FILTERS: readonly ExceptionFilter[] = [
  {
    filter: 'budgetExhausted',
    label: 'Budget exhausted',
    description: 'Stop before an agent runs out of budget and the runtime forces its error reply.',
    default: false,
    detect: (events) =>
      first(events, (e) => {
        if (e.kind !== 'reply' || !e.forced) return undefined;
        const text = renderText(e.message, 400);
        return { filter: 'budgetExhausted', description: `Budget exhausted: ${text.replace(/^error: /, '')}`, details: `activation ${e.frame} needed ${e.forced.needed} to ${e.forced.op}; the runtime replies for it: ${text}` };
      }),
  },
  {
    filter: 'expectFailed',
    label: 'Expectation failed',
    description: "Stop before a run's `expect` that does not hold.",
    default: true,
    detect: (events) =>
      first(events, (e) => {
        if (e.kind !== 'expect' || e.passed) return undefined;
        const what = e.expect === 'reply' ? `expect reply "${e.expected ?? ''}"` : `expect error${e.expected !== undefined ? ` "${e.expected}"` : ''}`;
        const details = [`${what} does not hold`, e.actual !== undefined ? `actual: ${e.actual}` : undefined, e.reason].filter(Boolean).join('\n');
        return { filter: 'expectFailed', description: `Expectation failed: ${what}${e.actual !== undefined ? `, the reply is "${short(e.actual)}"` : e.reason ? `: ${e.reason}` : ''}`, details };
      }),
  },
  {
    filter: 'malformedReply',
    label: 'Malformed reply',
    description: 'Stop before the meta-executor gives up on a reply it cannot parse.',
    default: false,
    detect: (events) =>
      first(events, (e) => {
        if (e.kind !== 'meta' || !e.reason || e.reason.endsWith('asking again')) return undefined;
        return { filter: 'malformedReply', description: `Malformed reply: ${short(e.reason)}`, details: e.reason };
      }),
  },
  {
    filter: 'errorReply',
    label: 'Error reply',
    description: 'Stop before any agent replies with an error (no handler matches, a handler ends without a reply, a refused act, …).',
    default: false,
    detect: (events) =>
      first(events, (e) => {
        if (e.kind !== 'reply' || !e.error) return undefined;
        const text = renderText(e.message, 400);
        return { filter: 'errorReply', description: `Error reply: ${short(text.replace(/^error: /, ''))}`, details: text };
      }),
  },
  {
    filter: 'scarCreated',
    label: 'Scar created',
    description: 'Stop before a step that adds a scar to the Atlas of Scars (an E_ext spike, β₁_lap leaving its corridor, an incident report, `scar "…"`).',
    default: false,
    detect: (events) =>
      first(events, (e) => {
        if (e.kind !== 'governance' || e.name !== 'scar-created') return undefined;
        const scar = (e.detail.scar ?? {}) as { id?: string; trigger?: string; description?: string };
        return {
          filter: 'scarCreated',
          description: `Scar created: ${scar.id ?? 'a scar'} (${scar.trigger ?? 'unknown trigger'}): ${short(scar.description ?? '')}`,
          details: `${scar.id ?? 'a scar'} is added to the Atlas of Scars by the trigger ${scar.trigger ?? '?'}: ${scar.description ?? ''}\nIt stays unresolved until a restorative event from a protected channel resolves it (AMP: Record Restorative Event).`,
        };
      }),
  },
  {
    filter: 'actRefused',
    label: 'Act refused',
    description: 'Stop before an `act` the governance layer refuses (the red boundary, a hazard that needs a chapel, a chapel aborted by the veto fuse).',
    default: false,
    detect: (events) =>
      first(events, (e) => {
        if (e.kind !== 'act' || e.allowed) return undefined;
        const act = renderText(e.message, 200);
        return { filter: 'actRefused', description: `Act refused: "${short(act, 80)}": ${short(e.reason ?? 'refused')}`, details: `the act "${act}"${e.inChapel ? ' (inside a chapel)' : ''} is refused: ${e.reason ?? 'refused by the governance layer'}` };
      }),
  },
  {
    filter: 'vetoTripped',
    label: 'Veto tripped',
    description: 'Stop before a step that trips the veto fuse (a `steward veto(tripped)` of the run).',
    default: false,
    detect: (events) =>
      first(events, (e) => {
        if (e.kind !== 'governance' || e.name !== 'veto-changed' || e.detail.to !== 'tripped') return undefined;
        return {
          filter: 'vetoTripped',
          description: `Veto tripped: the veto fuse goes ${String(e.detail.from)} → tripped (protected channel ${String(e.detail.channel)})`,
          details: `the protected channel ${String(e.detail.channel)} trips the veto fuse (${String(e.detail.from)} → tripped): every chapel act after this aborts until the fuse is reset.`,
        };
      }),
  },
  breachFilter(1),
  breachFilter(0),
  {
    filter: 'zoneCritical',
    label: 'Zone became Critical',
    description: 'Self-modification runs: stop before the transition that takes C_L4 into the Critical zone (≥ 0.8).',
    default: true,
    detectSim: (events, after) =>
      first(events, (e) => {
        if (e.type !== 'zone-changed' || e.to !== 'Critical') return undefined;
        // A rollback in the same transition restores the agent: C_L4 as it rose is the rollback's reading.
        const rolled = events.find((x) => x.type === 'rollback');
        const c = rolled && rolled.type === 'rollback' ? rolled.c : round(after.c);
        return { filter: 'zoneCritical', description: `Zone became Critical: C_L4 rises to ${c} at cycle ${e.cycle} (from ${e.from})`, details: `C_L4 ${c} ≥ 0.8: growth freezes and a committed modification is rolled back (emergency rollback).` };
      }),
  },
  {
    filter: 'growthFrozen',
    label: 'Growth frozen',
    description: 'Self-modification runs: stop before the transition that freezes growth (C_L4 ≥ 0.8 or BGSS < 0.7).',
    default: false,
    detectSim: (events, after) =>
      first(events, (e) => {
        if (e.type !== 'growth-frozen') return undefined;
        return { filter: 'growthFrozen', description: `Growth frozen at cycle ${e.cycle}: ${short(e.reason)}`, details: `${e.reason}\nC_L4 ${round(after.c)}, BGSS ${round(after.bgss)}: growth proposals wait at step 1 until it resumes.` };
      }),
  },
  {
    filter: 'rollback',
    label: 'Rollback',
    description: 'Self-modification runs: stop before post-commit monitoring rolls a modification back.',
    default: false,
    detectSim: (events, after) =>
      first(events, (e) => {
        if (e.type !== 'rollback') return undefined;
        const name = after.proposals[e.proposal]?.name ?? `proposal ${e.proposal + 1}`;
        return { filter: 'rollback', description: `Rollback: ${name} at monitoring cycle ${e.monitorCycle} (cycle ${e.cycle}): ${short(e.reason)}`, details: `${name} is rolled back from its snapshot: C_L4 ${e.c} against the baseline ${e.baseline}. ${e.reason}` };
      }),
  },
  {
    filter: 'modificationRejected',
    label: 'Modification rejected',
    description: 'Self-modification runs: stop before the protocol rejects a proposal (prohibited, refused by the Ethical Kernel, degrading stability, drifting identity).',
    default: false,
    detectSim: (events, after) =>
      first(events, (e) => {
        if (e.type !== 'rejected') return undefined;
        const name = after.proposals[e.proposal]?.name ?? `proposal ${e.proposal + 1}`;
        return { filter: 'modificationRejected', description: `Modification rejected: ${name} at step ${e.step}: ${short(e.reason)}`, details: `${name} is rejected at protocol step ${e.step}: ${e.reason}` };
      }),
  },
];

/**
 * A breach of lexical level ≥ `level` taken in a step: the option a `choose` takes weighs something at that level (or
 * above), or an `ask` annotated with such a breach runs.
 */
function breachFilter(level: 0 | 1): ExceptionFilter {
  const filter = level === 1 ? 'breachLevel1' : 'breachLevel0';
  return {
    filter,
    label: `Conscience breach of level ≥ ${level}`,
    description: `Stop before a step that takes a conscience breach of level ${level === 1 ? '1' : '0 or 1'}: the option a \`choose\` picks weighs something at that level, or an \`ask\` annotated with such a breach runs.`,
    default: false,
    detect: (events) =>
      first(events, (e) => {
        if (e.kind === 'governance' && e.name === 'conscience-decision') {
          const d = e.detail as { prompt?: string; winner?: number; options?: { label?: string; level1?: string; level0?: string }[] };
          const o = d.options?.[d.winner ?? -1];
          if (!o) return undefined;
          const l1 = Number(o.level1 ?? 0);
          const l0 = Number(o.level0 ?? 0);
          if (!(l1 > 0 || (level === 0 && l0 > 0))) return undefined;
          const at = l1 > 0 ? `${o.level1} at level 1` : `${o.level0} at level 0`;
          const chosen = events.find((x) => x.kind === 'choose');
          return {
            filter,
            description: `Conscience breach (level ≥ ${level}): ${d.prompt ? `"${short(d.prompt, 80)}" takes ` : 'the choice takes '}"${short(o.label ?? '', 60)}", which weighs ${at}`,
            details: chosen && chosen.kind === 'choose' ? chosen.explanation : `the chosen option weighs ${at}`,
          };
        }
        if (e.kind === 'ask' && e.breaches?.length) {
          for (const b of e.breaches) {
            const catalog = findBreach(b.id)?.level;
            const counted = (b.weight ?? 1) * (b.risk ?? 1);
            if (!(counted > 0)) continue;
            const top = b.level1 !== undefined && b.level1 > 0 ? 1 : catalog;
            if (top === undefined || top < level) continue;
            return {
              filter,
              description: `Conscience breach (level ≥ ${level}): ask ${e.agent} takes ${b.id} (level ${top})`,
              details: `the ask of ${e.agent} "${renderText(e.question, 200)}" is annotated with the breach ${b.id} (catalog level ${catalog ?? '?'}${b.level1 !== undefined ? `, diffuse boundary ${b.level1} at level 1` : ''}${b.risk !== undefined ? `, risk ${b.risk}` : ''}${b.weight !== undefined ? `, weight ${b.weight}` : ''})`,
            };
          }
        }
        return undefined;
      }),
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function short(s: string, max = 160): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}
