// The constitutional constants a governed run is bound by (seed 002): read once from the ethics header (the file's
// own or its manifest), the trust slice declaration and the scars block, then frozen. Nothing at run time changes them.

import type { Governance } from '../check/governance';
import { chapelThreshold } from '../check/governance';
import type { EthicsHeader } from '../check/header';
import type { ScarEntry as ScarDeclEntry } from '../check/rules/invariants-scars';
import { kernelProblem, type ForgivenessKernel } from './forgiveness';

/** The scar triggers a `scars` block declares. */
export interface ScarTriggers {
  /** `trigger E_ext_spike(above: x)`: a scar when the E_ext spent in the slice rises above x. */
  readonly eExtSpikeAbove?: number;
  /** `trigger beta1_lap_excursion(min: a, max: b)`: a scar when β₁_lap leaves [a, b]. */
  readonly beta1Corridor?: { readonly min: number; readonly max: number };
  /** `trigger incident_report(from: CHANNEL)`: the channels whose incident reports create scars. */
  readonly incidentFrom: readonly string[];
}

/** The constants of one governed run. */
export interface Constitution {
  readonly constitutionId?: string;
  /** E_ext_max_const: the red boundary per trust slice. Undefined when no header sets it: then no act is refused for cost. */
  readonly eExtMax?: number;
  /** min_pause_ms_const: a chapel's pause on the simulated clock (0 when unset). */
  readonly minPauseMs: number;
  /** Acts costing more than this must go through a chapel (default E_ext_max_const / 2). */
  readonly chapelThreshold?: number;
  /** The trust slice window in steps; undefined: the whole run is one slice. */
  readonly window?: number;
  readonly existentialAudit?: boolean;
  /** Every name of `answerable_to`, in escalation order: they are protected channels too. */
  readonly answerableTo: readonly string[];
  readonly invariantsWired: readonly string[];
  readonly triggers: ScarTriggers;
  /** The forgiveness kernel declared at constitution time. */
  readonly kernel?: ForgivenessKernel;
  /** The header as read (for the run's manifest). */
  readonly header?: EthicsHeader;
}

/** What a constitution is made from; all optional, so a file without a header still runs (ungoverned). */
export interface ConstitutionSources {
  readonly governance?: Governance;
  readonly header?: EthicsHeader;
  /** The trust slice window (trustSliceWindow of core/check/rules/invariants-trust-slice.ts). */
  readonly window?: number;
  /** The valid `scars` block entries (readScars of core/check/rules/invariants-scars.ts). */
  readonly scars?: readonly ScarDeclEntry[];
}

/**
 * Builds the constitution. The header's values win; `window` falls back to the header's trust_slice_window. The
 * first valid kernel counts. Invalid values (the checker reports them) are left out rather than guessed.
 */
export function constitutionFrom(src: ConstitutionSources): Constitution {
  const stack = src.governance?.stack ?? src.header?.governance_stack ?? {};
  const a = src.header?.answerable_to;
  const answerableTo = src.governance?.answerableTo ?? [...(a?.primary ?? []), ...(a?.secondary ?? []), ...(a?.last_resort ? [a.last_resort] : [])];
  let eExtSpikeAbove: number | undefined;
  let beta1Corridor: { min: number; max: number } | undefined;
  const incidentFrom: string[] = [];
  let kernel: ForgivenessKernel | undefined;
  for (const e of src.scars ?? []) {
    const p = e.params;
    if (e.kind === 'trigger') {
      if (e.name === 'E_ext_spike' && typeof p.above === 'number' && eExtSpikeAbove === undefined) eExtSpikeAbove = p.above;
      else if (e.name === 'beta1_lap_excursion' && typeof p.min === 'number' && typeof p.max === 'number' && !beta1Corridor) beta1Corridor = { min: p.min, max: p.max };
      else if (e.name === 'incident_report' && typeof p.from === 'string') incidentFrom.push(p.from);
    } else if (!kernel && (e.name === 'gamma' || e.name === 'weibull') && typeof p.shape === 'number' && typeof p.scale === 'number') {
      const k: ForgivenessKernel = { name: e.name, shape: p.shape, scale: p.scale };
      if (!kernelProblem(k)) kernel = k;
    }
  }
  const threshold = src.governance ? chapelThreshold(src.governance) : stack.E_ext_chapel_threshold ?? (stack.E_ext_max_const !== undefined ? stack.E_ext_max_const / 2 : undefined);
  // The header belongs to the checker's result and stays as it is; everything built here is frozen.
  const own = deepFreeze({
    constitutionId: stack.constitution_id,
    eExtMax: stack.E_ext_max_const,
    minPauseMs: stack.min_pause_ms_const ?? 0,
    chapelThreshold: threshold,
    window: stack.trust_slice_window ?? src.window,
    existentialAudit: stack.existential_audit,
    answerableTo,
    invariantsWired: src.governance?.invariantsWired ?? src.header?.invariants_wired ?? [],
    triggers: { eExtSpikeAbove, beta1Corridor, incidentFrom },
    kernel,
  });
  return Object.freeze({ ...own, header: src.header });
}

/** Freezes a plain value and everything inside it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
