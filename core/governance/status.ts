// What a governed run shows the world (seed 002 §3): trust_slice_status as it stands, the scar tone computed from the
// forgiveness kernel, and the /.well-known/compiler_ethics.json manifest object of the run.

import { INVARIANT_NAMES, type EthicsHeader, type TrustSliceStatus, type ZkProofHandles } from '../check/header';
import { scarWeight } from './forgiveness';
import type { GovernanceState, Scar } from './state';

/** A resolved scar counts as forgiven when it carries at most this share of its weight: past the kernel's median. */
export const FORGIVEN_BELOW = 0.5;

/** Each scar with its weight and forgiveness at step `now` (computed from the kernel, never stored). */
export function scarWeights(s: GovernanceState, now: number = s.step): { scar: Scar; weight: number; forgiveness: number; unresolved: boolean }[] {
  return s.scars.map((scar) => {
    const weight = scarWeight(s.constitution.kernel, scar, now);
    return { scar, weight, forgiveness: 1 - weight, unresolved: scar.resolvedAtStep === undefined };
  });
}

/**
 * The scar tone: `unresolved` while any scar is unresolved; `earned_forgiveness` when there are scars, all resolved,
 * and each carries at most half its weight ({@link FORGIVEN_BELOW}); `vigilance` otherwise (no scars yet, or
 * resolved scars still heavy).
 */
export function scarTone(s: GovernanceState, now: number = s.step): 'vigilance' | 'earned_forgiveness' | 'unresolved' {
  const ws = scarWeights(s, now);
  if (ws.some((w) => w.unresolved)) return 'unresolved';
  if (ws.length > 0 && ws.every((w) => w.weight <= FORGIVEN_BELOW)) return 'earned_forgiveness';
  return 'vigilance';
}

/** trust_slice_status as it stands at step `now`. β₁_lap is left out until something reports it. */
export function trustSliceStatus(s: GovernanceState, now: number = s.step): Required<Pick<TrustSliceStatus, 'veto_fuse_status' | 'scar_tone' | 'unresolved_scar'>> & TrustSliceStatus {
  return {
    ...(s.beta1 !== undefined ? { beta1_lap: s.beta1 } : {}),
    veto_fuse_status: s.fuse,
    scar_tone: scarTone(s, now),
    unresolved_scar: s.scars.some((x) => x.resolvedAtStep === undefined),
  };
}

/**
 * The run's zk_proof_handles, from what the run did: every concluded chapel waited its pause, no act outside a chapel
 * crossed the red boundary, no silence band was left without an explicit protected event, and no scar was erased.
 */
export function zkProofHandles(s: GovernanceState): Required<ZkProofHandles> {
  const pausesKept = s.witness.pauseBreaches === 0 && s.chapels.every((v) => v.phase === 'pausing' || (v.endedAtMs ?? 0) >= v.pauseUntilMs);
  const bandsKept =
    s.witness.silenceBreaches === 0 &&
    Object.values(s.consent).every((rt) => rt.moves.every((m) => !(['LISTEN', 'ABSTAIN'].includes(m.from) && ['CONSENT_GIVEN', 'DISSENT'].includes(m.to)) || (m.event && m.channel)));
  return {
    pause_invariants: pausesKept,
    hazard_caps_respected: s.witness.capBreaches === 0,
    consent_silence_bands_intact: bandsKept,
    // Scars are only ever appended and resolved, never removed (the state's operations cannot do otherwise).
    scars_monotone: true,
  };
}

/**
 * The /.well-known/compiler_ethics.json object of a run: the header's fields (answerable_to, governance_stack,
 * invariants_wired), trust_slice_status as it stands and the zk_proof_handles the run earned. Unknown header fields
 * are not carried over. Without a header, the constitution's values are used.
 */
export function buildManifest(s: GovernanceState, now: number = s.step): Record<string, unknown> {
  const c = s.constitution;
  const h: EthicsHeader = c.header ?? {};
  const stack = h.governance_stack ?? {
    ...(c.constitutionId !== undefined ? { constitution_id: c.constitutionId } : {}),
    ...(c.existentialAudit !== undefined ? { existential_audit: c.existentialAudit } : {}),
    ...(c.eExtMax !== undefined ? { E_ext_max_const: c.eExtMax } : {}),
    min_pause_ms_const: c.minPauseMs,
  };
  const wired = (h.invariants_wired ?? c.invariantsWired).filter((n) => (INVARIANT_NAMES as readonly string[]).includes(n));
  return {
    compiler_ethics_v: '0.1',
    answerable_to: h.answerable_to ?? { primary: [...c.answerableTo] },
    governance_stack: { ...stack },
    invariants_wired: [...wired],
    trust_slice_status: trustSliceStatus(s, now),
    zk_proof_handles: zkProofHandles(s),
  };
}
