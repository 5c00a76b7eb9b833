// The ethics header that governs a file, wherever it came from (its own `// compiler_ethics_v0_1:` block or a
// `compiler_ethics.json` manifest), with lookups that rules use for values and for related-information ranges.

import type { RelatedInfo } from '../diagnostics';
import type { HeaderResult } from './header';

/** The header fields rules rely on, typed; absent when missing or ill-typed (the header check reports those). */
export interface GovernanceStack {
  readonly constitution_id?: string;
  readonly existential_audit?: boolean;
  readonly E_ext_max_const?: number;
  readonly min_pause_ms_const?: number;
  readonly E_ext_chapel_threshold?: number;
  readonly trust_slice_window?: number;
  readonly audit_max_steps_const?: number;
  readonly max_model_delta_const?: number;
  readonly max_policy_divergence_const?: number;
  readonly max_E_ext_delta_const?: number;
}

export interface Governance {
  /** Where the header lives: this file, a manifest, or nowhere. */
  readonly source: 'file' | 'manifest' | 'none';
  /** The manifest's path when `source` is 'manifest'. */
  readonly manifestPath?: string;
  readonly stack: GovernanceStack;
  readonly invariantsWired: readonly string[] | undefined;
  readonly answerableTo: readonly string[];
  /** Related information pointing at a header field (e.g. 'governance_stack.E_ext_max_const'), in whichever file holds it. */
  related(path: string, message: string): RelatedInfo | undefined;
  /** Where to insert a new invariant name into `invariants_wired` (only for a header in this file). */
  readonly invariantsInsertAt?: { readonly offset: number; readonly prefix: string };
}

export const NO_GOVERNANCE: Governance = {
  source: 'none',
  stack: {},
  invariantsWired: undefined,
  answerableTo: [],
  related: () => undefined,
};

/** The chapel threshold: declared, or half of E_ext_max_const (a documented default). */
export function chapelThreshold(g: Governance): number | undefined {
  if (g.stack.E_ext_chapel_threshold !== undefined) return g.stack.E_ext_chapel_threshold;
  return g.stack.E_ext_max_const !== undefined ? g.stack.E_ext_max_const / 2 : undefined;
}

/**
 * The governance a header (or manifest) reading gives. `manifestPath` is set when the header lives in a manifest, so
 * related information points into that file; a header of the file itself leaves `file` unset.
 */
export function governanceFrom(result: HeaderResult, source: 'file' | 'manifest', manifestPath?: string): Governance {
  const h = result.header;
  const a = h.answerable_to;
  return {
    source,
    manifestPath: source === 'manifest' ? manifestPath : undefined,
    stack: h.governance_stack ?? {},
    invariantsWired: h.invariants_wired,
    answerableTo: [...(a?.primary ?? []), ...(a?.secondary ?? []), ...(a?.last_resort ? [a.last_resort] : [])],
    related(path, message) {
      const at = result.locate(path);
      if (!at) return undefined;
      const where = source === 'manifest' && manifestPath ? { file: manifestPath } : {};
      return { message, start: at.start, end: at.end, ...where };
    },
    invariantsInsertAt: source === 'file' ? result.invariantsInsertAt : undefined,
  };
}
