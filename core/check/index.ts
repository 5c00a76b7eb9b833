// The checker's entry points: parse a document, bind names, run every rule, and return the tree, the model and the
// diagnostics. Pure: the caller supplies the text of the document and of the manifest that governs it (if any).

import type { Diagnostic } from '../diagnostics';
import { sortDiagnostics } from '../diagnostics';
import { parse, type ParseResult } from '../syntax/parser';
import type { Node } from '../syntax/tree';
import { governanceFrom, NO_GOVERNANCE, type Governance } from './governance';
import { misplacedHeaders, readHeader, readManifest } from './header';
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

/**
 * Parses and checks one `.amp` document. Never throws: an internal failure of one rule becomes a diagnostic. `parsed`
 * is the parse of `input.text` when the caller already has it (an editor reparses incrementally: syntax/incremental.ts).
 */
export function checkDocument(input: CheckInput, parsed: ParseResult = parse(input.text)): CheckResult {
  const { tree, diagnostics: parseDiagnostics, nodes } = parsed;
  const model = buildModel(tree, input.text, nodes);
  const out: Diagnostic[] = [...parseDiagnostics, ...model.diagnostics];
  const governance = safely(out, 'the ethics header', () => readGovernance(tree, input, out), NO_GOVERNANCE);
  const ctx = makeContext(model, governance, out);
  for (const rule of RULES) safely(out, rule.name || 'a rule', () => rule(ctx), undefined);
  return { tree, model, governance, diagnostics: sortDiagnostics(dedupe(out)) };
}

/** Checks a standalone `compiler_ethics.json` manifest against the header schema of seed 002 §3.2. Never throws. */
export function checkManifest(file: SourceFile): { readonly diagnostics: readonly Diagnostic[] } {
  const out: Diagnostic[] = [];
  safely(out, 'the manifest', () => out.push(...readManifest(file.text).diagnostics), undefined);
  return { diagnostics: sortDiagnostics(out) };
}

/**
 * The governance of a document: its own header when it has one (whose diagnostics join the file's), otherwise the
 * manifest that governs its folder (whose diagnostics belong to the manifest, not to this file), otherwise none.
 */
function readGovernance(tree: Node, input: CheckInput, out: Diagnostic[] = []): Governance {
  const own = readHeader(tree, input.text);
  if (own) {
    out.push(...own.diagnostics);
    return governanceFrom(own, 'file');
  }
  out.push(...misplacedHeaders(tree, input.text));
  if (input.manifest) return governanceFrom(readManifest(input.manifest.text), 'manifest', input.manifest.path);
  return NO_GOVERNANCE;
}

/** Runs one step of the check; an internal failure becomes a located diagnostic instead of an exception. */
function safely<T>(out: Diagnostic[], what: string, step: () => T, fallback: T): T {
  try {
    return step();
  } catch (e) {
    // A checker bug must not take the editor or CI down; surface it where the user will report it.
    out.push({ code: 'AMP-P001', severity: 'error', message: `Internal checker error in ${what}: ${(e as Error).message}`, start: 0, end: 0 });
    return fallback;
  }
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
