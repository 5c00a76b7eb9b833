// Text output of `amp check`: one line per diagnostic, `path:line:col: severity code: message` (1-based line and
// column, the shape editors and CI logs turn into links), then a one-line summary.

import type { Severity } from '../core/diagnostics';
import type { CheckReport } from './check-command';

/** How to render: colour only when main decided the terminal wants it; quiet drops the summary of a clean run. */
export interface TextOptions {
  readonly color: boolean;
  readonly quiet: boolean;
}

const SGR = { reset: '\x1b[0m', bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', yellow: '\x1b[33m', blue: '\x1b[34m' };
const SEVERITY_COLOR: Record<Severity, string> = { error: SGR.red, warning: SGR.yellow, information: SGR.blue, hint: SGR.dim };

/** Renders the report as text; ends with a newline unless there is nothing to say (a clean run under --quiet). */
export function formatText(report: CheckReport, options: TextOptions): string {
  const paint = (style: string, s: string) => (options.color ? style + s + SGR.reset : s);
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      counts[d.severity]++;
      const { line, character } = file.lines.positionAt(d.start);
      // One diagnostic per line even if a message spans lines, so `grep` and problem matchers see it whole.
      const message = d.message.replace(/\s*[\r\n]+\s*/g, ' ');
      lines.push(`${paint(SGR.bold, `${file.path}:${line + 1}:${character + 1}`)}: ${paint(SEVERITY_COLOR[d.severity], d.severity)} ${paint(SGR.dim, d.code)}: ${message}`);
    }
  }
  const problems = counts.error + counts.warning + counts.information + counts.hint;
  // Under --quiet a clean run prints nothing at all, as quiet tools conventionally do.
  if (!(options.quiet && problems === 0)) lines.push(summary(report.files.length, counts));
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** `3 files checked: 2 errors, 1 warning`, or `… : no problems`. Only non-zero counts are listed. */
function summary(fileCount: number, counts: Record<Severity, number>): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (counts.error) parts.push(plural(counts.error, 'error'));
  if (counts.warning) parts.push(plural(counts.warning, 'warning'));
  if (counts.information) parts.push(`${counts.information} info`);
  if (counts.hint) parts.push(plural(counts.hint, 'hint'));
  return `${plural(fileCount, 'file')} checked: ${parts.length ? parts.join(', ') : 'no problems'}`;
}
