// JSON output of `amp check`: one entry per checked file with LSP-shaped diagnostics (0-based ranges, numeric
// severities), so tools that already speak the language server protocol can read it unchanged.

import { pathToFileURL } from 'node:url';
import type { Diagnostic, Severity } from '../core/diagnostics';
import type { LineIndex, Position } from '../core/text';
import type { CheckReport, Place } from './check-command';

/** An LSP range: 0-based lines, UTF-16 columns, end exclusive. */
export interface JsonRange {
  readonly start: Position;
  readonly end: Position;
}

/** An LSP location, with the relative `path` as well as the `uri`, to match the file entries' `path`. */
export interface JsonLocation {
  readonly uri: string;
  readonly path: string;
  readonly range: JsonRange;
}

/** An LSP Diagnostic; `data.fixes` carries the checker's suggested fixes as LSP-style text edits. */
export interface JsonDiagnostic {
  readonly range: JsonRange;
  readonly severity: 1 | 2 | 3 | 4;
  readonly code: string;
  readonly source: 'amp';
  readonly message: string;
  readonly tags?: (1 | 2)[];
  readonly relatedInformation?: { readonly location: JsonLocation; readonly message: string }[];
  readonly data?: { readonly fixes: { readonly title: string; readonly edits: { readonly range: JsonRange; readonly newText: string }[] }[] };
}

/** One checked file in the output. Clean files are listed too, with no diagnostics, so consumers see what was checked. */
export interface JsonFileResult {
  readonly path: string;
  readonly diagnostics: JsonDiagnostic[];
}

/** LSP DiagnosticSeverity numbers. */
export const LSP_SEVERITY: Record<Severity, 1 | 2 | 3 | 4> = { error: 1, warning: 2, information: 3, hint: 4 };

/** Renders the report as a pretty-printed JSON array, newline-terminated. */
export function formatJson(report: CheckReport): string {
  const results: JsonFileResult[] = report.files.map((file) => ({ path: file.path, diagnostics: file.diagnostics.map((d) => toJson(d, file, report)) }));
  return JSON.stringify(results, null, 2) + '\n';
}

function toJson(d: Diagnostic, file: Place, report: CheckReport): JsonDiagnostic {
  const location = (place: Place, start: number, end: number): JsonLocation => ({
    uri: pathToFileURL(place.absPath).href,
    path: place.path,
    range: rangeOf(place.lines, start, end),
  });
  // Optional members are left out rather than set to undefined, so the JSON stays as small as the LSP allows.
  return {
    range: rangeOf(file.lines, d.start, d.end),
    severity: LSP_SEVERITY[d.severity],
    code: d.code,
    source: 'amp',
    message: d.message,
    ...(d.tags?.length ? { tags: d.tags.map((t) => (t === 'unnecessary' ? 1 : 2) as 1 | 2) } : {}),
    ...(d.related?.length
      ? { relatedInformation: d.related.map((r) => ({ location: location(r.file === undefined ? file : report.placeOf(r.file), r.start, r.end), message: r.message })) }
      : {}),
    ...(d.fixes?.length
      ? { data: { fixes: d.fixes.map((f) => ({ title: f.title, edits: f.edits.map((e) => ({ range: rangeOf(file.lines, e.start, e.end), newText: e.newText })) })) } }
      : {}),
  };
}

function rangeOf(lines: LineIndex, start: number, end: number): JsonRange {
  return { start: lines.positionAt(start), end: lines.positionAt(end) };
}
