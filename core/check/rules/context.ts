// What every checker rule receives: the semantic model, the governing header (if any), and a way to report.

import { CODES, type Code } from '../../codes';
import type { Diagnostic, Fix, RelatedInfo } from '../../diagnostics';
import type { SpecModel } from '../model';
import type { Governance } from '../governance';

export interface ReportExtras {
  readonly related?: readonly RelatedInfo[];
  readonly fixes?: readonly Fix[];
  readonly tags?: Diagnostic['tags'];
}

export interface RuleContext {
  readonly model: SpecModel;
  readonly source: string;
  /** The ethics header that governs this file: its own header block, or the manifest beside or above it. */
  readonly governance: Governance;
  report(code: Code, message: string, range: { readonly start: number; readonly end: number }, extras?: ReportExtras): void;
}

/** A checker rule: reads the context and reports. Rules never throw on incomplete trees. */
export type Rule = (ctx: RuleContext) => void;

export function makeContext(model: SpecModel, governance: Governance, out: Diagnostic[]): RuleContext {
  return {
    model,
    source: model.source,
    governance,
    report(code, message, range, extras) {
      out.push({ code, severity: CODES[code].severity, message, start: range.start, end: range.end, ...extras });
    },
  };
}
