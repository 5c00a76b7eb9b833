// `amp check`: finds the files, reads them (and the manifests that govern them), runs the pure core checker on each,
// and renders the result in the chosen format. Returns the text to print and the exit code; main does the printing.

import { resolve } from 'node:path';
import { checkDocument, checkManifest } from '../core/check/index';
import type { Diagnostic } from '../core/diagnostics';
import { sortDiagnostics } from '../core/diagnostics';
import { LineIndex } from '../core/text';
import type { CheckOptions } from './args';
import { collectFiles, readChecked, shownPath, nodeReader } from './files';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { findManifest, hasOwnHeader } from '../core/workspace/manifest';

/** A file that diagnostics point into: how it is shown, where it is, and its lines (to turn offsets into positions). */
export interface Place {
  /** Relative to the current folder, as printed. */
  readonly path: string;
  readonly absPath: string;
  readonly lines: LineIndex;
}

/** One checked file and what the checker said about it (already filtered by --quiet and sorted by position). */
export interface FileReport extends Place {
  readonly diagnostics: readonly Diagnostic[];
}

/** Everything a formatter needs: the reports in output order, and a way to locate related places in other files. */
export interface CheckReport {
  readonly cwd: string;
  readonly files: readonly FileReport[];
  /** The file a related place with `file` set lives in (core reports the path it was given: relative to `cwd`). */
  placeOf(file: string): Place;
}

/** The environment `amp check` runs in, supplied by main so the command itself has no hidden globals. */
export interface CheckEnvironment {
  readonly cwd: string;
  /** Whether text output may be coloured (stdout is a terminal, NO_COLOR unset, no --no-color). */
  readonly color: boolean;
  readonly version: string;
}

/** Runs `amp check`: the output to print on stdout and the exit code (0 no errors, 1 errors). */
export function runCheck(options: CheckOptions, env: CheckEnvironment): { output: string; exitCode: number } {
  const reader = nodeReader(env.cwd);
  const places = new Map<string, Place>();
  const placeFor = (absPath: string, text: string): Place => {
    let place = places.get(absPath);
    if (!place) {
      place = { path: shownPath(env.cwd, absPath), absPath, lines: new LineIndex(text) };
      places.set(absPath, place);
    }
    return place;
  };

  const files: FileReport[] = [];
  let errors = 0;
  for (const file of collectFiles(options.paths, options.exclude, env.cwd)) {
    const path = shownPath(env.cwd, file.path);
    const text = readChecked(file.path, path);
    let diagnostics: readonly Diagnostic[];
    // The core labels places in other files with the paths it is given; shown paths keep its messages readable.
    if (file.kind === 'manifest') diagnostics = checkManifest({ path, text }).diagnostics;
    else {
      // A file's own header always wins, so the search (and its reads) only happens for header-less files.
      const manifest = hasOwnHeader(text) ? undefined : findManifest(file.path, reader);
      const governing = manifest && { path: placeFor(manifest.path, manifest.text).path, text: manifest.text };
      diagnostics = checkDocument({ path, text, manifest: governing }).diagnostics;
    }
    errors += diagnostics.filter((d) => d.severity === 'error').length;
    const shown = options.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
    files.push({ ...placeFor(file.path, text), diagnostics: sortDiagnostics(shown) });
  }

  const report: CheckReport = {
    cwd: env.cwd,
    files,
    placeOf(file) {
      const absPath = resolve(env.cwd, file);
      const known = places.get(absPath);
      if (known) return known;
      // Not a file this run read: read it now for its line positions. If that fails, offsets map to the start of the
      // file, which still names the right file; failing the run over a related place would hide the diagnostics.
      let text = '';
      try {
        text = reader.readText(absPath) ?? '';
      } catch {
        text = '';
      }
      return placeFor(absPath, text);
    },
  };

  let output: string;
  switch (options.format) {
    case 'json':
      output = formatJson(report);
      break;
    case 'sarif':
      output = formatSarif(report, env.version);
      break;
    default:
      output = formatText(report, { color: env.color, quiet: options.quiet });
  }
  return { output, exitCode: errors > 0 ? 1 : 0 };
}
