// The static checks of seed 002's five constitutional invariants (AMP-G001–G015), in the order they run. Each concern
// lives in its own invariants-*.ts file; this one lists the rules and re-exports what other features reuse.

import type { Rule } from './context';
import { chapelRequired, eExtCostRequired } from './invariants-chapel';
import { consentMachines, consentMoves } from './invariants-consent';
import { redBoundary } from './invariants-eext';
import { reservedNames } from './invariants-reserved';
import { selfRewriteBounds, selfRewriteRecursion } from './invariants-rewrite';
import { scarEntries, scarsDurable, scarsNeedKernel } from './invariants-scars';
import { trustSliceValid } from './invariants-trust-slice';
import { headerRequired, invariantsWired } from './invariants-wiring';

export { actsOutsideChapels, allActs, HIGH_HAZARDS, isHighHazardAct, wrapInChapelEdit } from './invariants-chapel';
export { worstCaseEExt, type RunEExt } from './invariants-eext';
export { concatPaths, EMPTY_PATH, eventPath, events as pathEvents, MAX_PATH_EVENTS, scanPath, worstSlice, type CostedAct, type EExtPath, type PathEvent } from './invariants-eext-path';
export { readTrustSlice, trustSliceWindow, type TrustSliceDecl } from './invariants-trust-slice';
export { agentMayTake, isConsentState, readConsentMachine, type ConsentMachine, type ConsentTransition } from './invariants-consent';
export { CONSENT_STATES, isProtectedChannel, PROTECTED_CHANNELS, protectedChannels, RESTORATIVE_EVENT, SILENCE_BANDS } from './invariants-common';
export { askBackTo, SELF_REWRITE_CAPS, selfRewriteRegions, type SelfRewriteRegion } from './invariants-rewrite';
export { FORGIVENESS_KERNELS, readScars, SCAR_TRIGGERS, type ScarEntry } from './invariants-scars';
export { governedConstructs, INVARIANT_TITLES, type GovernedConstruct } from './invariants-wiring';

/** The invariant rules (AMP-G001–G015), grouped by invariant; the header rules report a missing or broken header. */
export const invariantsRules: readonly Rule[] = [
  // Invariants 1 and 2: acts, chapels, the red boundary, the trust slice, the veto fuse.
  chapelRequired,
  eExtCostRequired,
  redBoundary,
  trustSliceValid,
  reservedNames,
  // Invariant 3: self-rewrite under existential audit.
  selfRewriteBounds,
  selfRewriteRecursion,
  // Invariant 4: consent and silence bands.
  consentMachines,
  consentMoves,
  // Invariant 5: scars and forgiveness.
  scarsDurable,
  scarEntries,
  scarsNeedKernel,
  // The header covers what the file does.
  invariantsWired,
  headerRequired,
];
