// The E_ext ledger of a trust slice (seed 002, invariant 1): every act's external impact by step, summed over the
// sliding window of the trust slice with exact decimals, so costs like 0.1 + 0.2 + 0.45 never cross 0.75 by rounding.

import { Decimal } from '../conscience/decimal';

/** One act the ledger admitted. */
export interface LedgerAct {
  readonly step: number;
  readonly cost: Decimal;
  /** Acts through a chapel take the protected veto path and do not count against the red boundary. */
  readonly viaChapel: boolean;
  readonly act?: string;
}

/** The ledger: the admitted acts still inside the window (older ones are dropped, they can no longer count). */
export interface EExtLedger {
  /** The window in steps; undefined: the whole run is one slice. */
  readonly window?: number;
  readonly acts: readonly LedgerAct[];
}

export function emptyLedger(window?: number): EExtLedger {
  return Object.freeze({ window, acts: Object.freeze([]) as readonly LedgerAct[] });
}

function inSlice(l: EExtLedger, a: LedgerAct, step: number): boolean {
  return l.window === undefined || a.step > step - l.window;
}

/** E_ext spent outside chapels in the slice ending at `step`: what the red boundary bounds. */
export function usedAt(l: EExtLedger, step: number): Decimal {
  let s = Decimal.ZERO;
  for (const a of l.acts) if (!a.viaChapel && inSlice(l, a, step)) s = s.add(a.cost);
  return s;
}

/** All E_ext spent in the slice ending at `step`, chapels included: what the E_ext spike scar trigger watches. */
export function totalAt(l: EExtLedger, step: number): Decimal {
  let s = Decimal.ZERO;
  for (const a of l.acts) if (inSlice(l, a, step)) s = s.add(a.cost);
  return s;
}

/** Records an admitted act, dropping acts that have left the window. */
export function record(l: EExtLedger, act: LedgerAct): EExtLedger {
  const kept = l.acts.filter((a) => inSlice(l, a, act.step));
  return Object.freeze({ window: l.window, acts: Object.freeze([...kept, Object.freeze(act)]) });
}
