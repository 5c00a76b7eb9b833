// Diagnostics in core terms: offsets, stable codes, optional related places and fixes. Editor-neutral; the CLI and the
// language server convert offsets to lines and columns at their edge.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A text edit: replace `[start, end)` of the file with `newText`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** A suggested fix: a title and the edits that apply it (all to the same file as the diagnostic). */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

/** Another place involved in a diagnostic, e.g. the first definition of a duplicate. `file` is set when it is another file. */
export interface RelatedInfo {
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly file?: string;
}

export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly related?: readonly RelatedInfo[];
  readonly fixes?: readonly Fix[];
  /** Marks code the user may want greyed out (unused bindings, unreachable handlers). */
  readonly tags?: readonly ('unnecessary' | 'deprecated')[];
}

/** Sorts diagnostics by position, then code, so output is stable. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.start - b.start || a.end - b.end || a.code.localeCompare(b.code));
}
