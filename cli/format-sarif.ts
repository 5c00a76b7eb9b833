// SARIF 2.1.0 output of `amp check`, for code-scanning services: one run whose rules are the diagnostic codes table,
// with results located by artifact URIs relative to the current folder (bound to %SRCROOT%) and 1-based regions.

import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as sarif from 'sarif';
import { CODES, type CodeInfo } from '../core/codes';
import type { Diagnostic, Severity } from '../core/diagnostics';
import type { CheckReport, Place } from './check-command';

/** The SARIF 2.1.0 schema the output conforms to. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The base id relative artifact URIs are resolved against; the run binds it to the current folder. */
const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** Renders the report as a SARIF log (pretty-printed JSON, newline-terminated). */
export function formatSarif(report: CheckReport, version: string): string {
  const ruleIds = Object.keys(CODES);
  const rules: sarif.ReportingDescriptor[] = ruleIds.map((id) => {
    const info: CodeInfo = CODES[id as keyof typeof CODES];
    return { id, shortDescription: { text: info.title }, defaultConfiguration: { level: LEVEL[info.severity] } };
  });
  const results: sarif.Result[] = [];
  for (const file of report.files) {
    for (const d of file.diagnostics) results.push(toResult(d, file, report, ruleIds.indexOf(d.code)));
  }
  const log: sarif.Log = {
    version: '2.1.0',
    $schema: SARIF_SCHEMA,
    runs: [
      {
        tool: { driver: { name: 'amp', version, rules } },
        // Trailing slash: a base URI must name a folder for relative URIs to resolve inside it.
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(report.cwd).href.replace(/\/?$/, '/') } },
        // The core counts columns in UTF-16 code units, as LSP does; say so rather than rely on the default.
        columnKind: 'utf16CodeUnits',
        artifacts: report.files.map((f) => ({ location: artifactLocation(report, f) })),
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function toResult(d: Diagnostic, file: Place, report: CheckReport, ruleIndex: number): sarif.Result {
  const result: sarif.Result = {
    ruleId: d.code,
    level: LEVEL[d.severity],
    message: { text: d.message },
    locations: [{ physicalLocation: physical(report, file, d.start, d.end) }],
  };
  // A code missing from the table (should not happen) still reports, just without a rule to point at.
  if (ruleIndex >= 0) result.ruleIndex = ruleIndex;
  if (d.related?.length) {
    result.relatedLocations = d.related.map((r, id) => ({
      id,
      message: { text: r.message },
      physicalLocation: physical(report, r.file === undefined ? file : report.placeOf(r.file), r.start, r.end),
    }));
  }
  if (d.fixes?.length) {
    result.fixes = d.fixes.map((f) => ({
      description: { text: f.title },
      artifactChanges: [
        {
          artifactLocation: artifactLocation(report, file),
          replacements: f.edits.map((e) => ({ deletedRegion: region(file, e.start, e.end), insertedContent: { text: e.newText } })),
        },
      ],
    }));
  }
  return result;
}

function physical(report: CheckReport, place: Place, start: number, end: number): sarif.PhysicalLocation {
  return { artifactLocation: artifactLocation(report, place), region: region(place, start, end) };
}

/** A URI relative to %SRCROOT% with `/` separators and escaped segments; an absolute file URI when there is none. */
function artifactLocation(report: CheckReport, place: Place): sarif.ArtifactLocation {
  const rel = relative(report.cwd, place.absPath);
  if (isAbsolute(rel)) return { uri: pathToFileURL(place.absPath).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** A SARIF text region: 1-based lines and columns, and `endColumn` is the column just after the last character. */
function region(place: Place, start: number, end: number): sarif.Region {
  const s = place.lines.positionAt(start);
  const e = place.lines.positionAt(end);
  return { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}
