// A checked document as the editor features see it: the checker's result plus the text, its path and its line index.
// Every feature in core/ide/ is a pure function of an AnalyzedDocument (and an offset or range); positions are UTF-16
// offsets into `text`; the language server converts them to LSP positions with `lines`.

import { checkDocument, type CheckInput, type CheckResult } from '../check/index';
import type { TextEdit } from '../diagnostics';
import type { ParseResult } from '../syntax/parser';
import { LineIndex } from '../text';

export interface AnalyzedDocument extends CheckResult {
  /** The document's path or URI, as the caller named it; used only to label places. */
  readonly path: string;
  readonly text: string;
  readonly lines: LineIndex;
  /** The manifest that governs the document when it has no header of its own. */
  readonly manifest?: CheckInput['manifest'];
}

/** Parses (unless `parsed` is the parse of its text already) and checks a document for the editor features. Never throws. */
export function analyze(input: CheckInput, parsed?: ParseResult): AnalyzedDocument {
  return { ...checkDocument(input, parsed), path: input.path, text: input.text, lines: new LineIndex(input.text), manifest: input.manifest };
}

/** A span of a document, `[start, end)` in UTF-16 offsets. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A span in some file: `path` undefined means the document the request was about. */
export interface Location extends Span {
  readonly path?: string;
}

/** Edits to one file: `path` undefined means the document the request was about. */
export interface FileEdits {
  readonly path?: string;
  readonly edits: readonly TextEdit[];
}
