// Between core terms (UTF-16 offsets, core diagnostics) and LSP terms (line/character positions, LSP diagnostics).
// Everything here is pure; the files a related place points into are reached through a resolver.

import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic as LspDiagnostic,
  type DiagnosticRelatedInformation,
  type Position,
  type Range,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import type { Diagnostic, Severity, TextEdit } from '../core/diagnostics';
import type { LineIndex } from '../core/text';
import type { CodeLinks } from './code-links';

/** The name diagnostics carry as their `source`. */
export const DIAGNOSTIC_SOURCE = 'amp';

/** A file in LSP terms: its URI and its line index. */
export interface FilePlace {
  readonly uri: string;
  readonly lines: LineIndex;
}

export function toRange(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.positionAt(start), end: lines.positionAt(Math.max(start, end)) };
}

export function toTextEdit(lines: LineIndex, edit: TextEdit): LspTextEdit {
  return { range: toRange(lines, edit.start, edit.end), newText: edit.newText };
}

/**
 * The offset of an LSP position in `text`, or undefined when the position lies past the last line. A character past
 * the end of its line means the end of the line (before its line break), as the protocol says.
 */
export function toOffset(lines: LineIndex, text: string, position: Position): number | undefined {
  if (position.line >= lines.lineCount) return undefined;
  const start = lines.offsetAt({ line: position.line, character: 0 });
  const next = position.line + 1 < lines.lineCount ? lines.offsetAt({ line: position.line + 1, character: 0 }) : text.length;
  let end = next;
  if (end > start && text.charCodeAt(end - 1) === 10) end--;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return Math.min(start + position.character, end);
}

/** The offsets of an LSP range (each end clamped as in toOffset; a range past the end stops at the end of the text). */
export function toSpan(lines: LineIndex, text: string, range: Range): { start: number; end: number } {
  const start = toOffset(lines, text, range.start) ?? text.length;
  const end = toOffset(lines, text, range.end) ?? text.length;
  return start <= end ? { start, end } : { start: end, end: start };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticContext {
  /** The document the diagnostics belong to. */
  readonly file: FilePlace;
  /** The file a related place with `file` set lives in; undefined when it cannot be located (the place is dropped). */
  readonly placeOf: (path: string) => FilePlace | undefined;
  readonly codeLinks: CodeLinks;
  /** Whether the client shows related information (otherwise it is left out). */
  readonly relatedInformation: boolean;
}

/** One core diagnostic in LSP terms: range, severity, code (with a link to its reference section), tags, related places. */
export function toLspDiagnostic(d: Diagnostic, ctx: DiagnosticContext): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toRange(ctx.file.lines, d.start, d.end),
    severity: SEVERITY[d.severity] ?? DiagnosticSeverity.Error,
    code: d.code,
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
  };
  const href = ctx.codeLinks(d.code);
  if (href) out.codeDescription = { href };
  const tags = (d.tags ?? []).map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  if (tags.length) out.tags = tags;
  if (ctx.relatedInformation && d.related?.length) {
    const related: DiagnosticRelatedInformation[] = [];
    for (const r of d.related) {
      const place = r.file === undefined ? ctx.file : ctx.placeOf(r.file);
      if (place) related.push({ location: { uri: place.uri, range: toRange(place.lines, r.start, r.end) }, message: r.message });
    }
    if (related.length) out.relatedInformation = related;
  }
  return out;
}

/**
 * At most `max` diagnostics, in position order. When some must go, errors are kept before warnings, warnings before
 * information and hints, so a flood of warnings never hides an error.
 */
export function limitDiagnostics(diagnostics: readonly Diagnostic[], max: number): readonly Diagnostic[] {
  if (diagnostics.length <= max) return diagnostics;
  const rank: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };
  const kept = new Set(
    diagnostics
      .map((d, i) => ({ d, i }))
      .sort((a, b) => (rank[a.d.severity] ?? 0) - (rank[b.d.severity] ?? 0) || a.i - b.i)
      .slice(0, max)
      .map((x) => x.i),
  );
  return diagnostics.filter((_, i) => kept.has(i));
}
