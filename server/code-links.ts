// Links from a diagnostic code to its section of the language reference (docs/language.md), for LSP's
// codeDescription. The reference ships beside the bundle (dist/../docs/language.md); without it, codes get no link.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A code's link: a `file:` URI of the reference with a `#L<line>` fragment, which VS Code opens at that line. */
export type CodeLinks = (code: string) => string | undefined;

/** The reference next to the bundled server (dist/server.js → docs/language.md). */
export function defaultReferencePath(): string {
  return join(__dirname, '..', 'docs', 'language.md');
}

/**
 * Reads the reference once and links every `### AMP-XXXX — title` heading. A missing or unreadable reference gives
 * a function that links nothing: a diagnostic without a link is still a diagnostic.
 */
export function loadCodeLinks(referencePath: string): CodeLinks {
  let text: string;
  try {
    text = readFileSync(referencePath, 'utf8');
  } catch {
    return () => undefined;
  }
  const base = pathToFileURL(referencePath).href;
  const lines = new Map<string, number>();
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    const m = /^###\s+(AMP-[A-Z]\d{3})\b/.exec(line);
    if (m && !lines.has(m[1])) lines.set(m[1], i + 1);
  });
  return (code) => {
    const line = lines.get(code);
    return line === undefined ? undefined : `${base}#L${line}`;
  };
}
