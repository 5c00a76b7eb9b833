// Code actions: every fix the checker attached to a diagnostic under the cursor becomes a quick fix; a few fixes are
// built here because they need more than the rule that found the problem sees (an edit to the governing manifest),
// and a few rewrites need no diagnostic at all (wrap an act in a chapel, wire every invariant at once).

import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { BUILTIN_AGENTS } from '../check/builtins';
import { readManifest } from '../check/header';
import { wrapInChapelEdit } from '../check/rules/invariants-chapel';
import { governedConstructs } from '../check/rules/invariants-wiring';
import type { Diagnostic, TextEdit } from '../diagnostics';
import { suggest } from '../util/suggest';
import { clampOffset, lineEndOf, lineStartOf } from './assist-context';
import type { AnalyzedDocument, FileEdits, Span } from './document';

export interface CodeActionInfo {
  title: string;
  kind: 'quickfix' | 'refactor' | 'refactor.rewrite' | 'source';
  diagnostic?: Diagnostic;
  isPreferred?: boolean;
  edits: FileEdits[];
}

/**
 * The actions for `span` in `doc`: each fix of each diagnostic that overlaps the span (a diagnostic's first fix is
 * the preferred one), then rewrites that need no diagnostic. Never throws.
 */
export function codeActionsAt(doc: AnalyzedDocument, span: Span): CodeActionInfo[] {
  try {
    return codeActionsOrThrow(doc, span);
  } catch {
    return [];
  }
}

/** {@link codeActionsAt} without the safety net: an internal error escapes, so tests can find what the net would hide. */
export function codeActionsOrThrow(doc: AnalyzedDocument, span: Span): CodeActionInfo[] {
  const a = clampOffset(doc.text, span?.start);
  const b = clampOffset(doc.text, span?.end);
  if (a === undefined || b === undefined) return [];
  const start = Math.min(a, b);
  const end = Math.max(a, b);
  const out: CodeActionInfo[] = [];
  for (const d of doc.diagnostics) {
    if (d.start > end || d.end < start) continue;
    const fixes = [...(d.fixes ?? []).map((f) => ({ title: f.title, edits: [{ edits: f.edits }] as FileEdits[] })), ...builtFixes(doc, d)];
    fixes.forEach((f, i) => out.push({ title: f.title, kind: 'quickfix', diagnostic: d, isPreferred: i === 0, edits: f.edits }));
  }
  out.push(...rewrites(doc, start, end, out));
  return out;
}

interface BuiltFix {
  readonly title: string;
  readonly edits: FileEdits[];
}

/** Fixes for diagnostics whose rule cannot build them (other files, or rules that report without one). */
function builtFixes(doc: AnalyzedDocument, d: Diagnostic): BuiltFix[] {
  if (d.fixes?.length) return [];
  switch (d.code) {
    case 'AMP-G010': {
      const invariant = invariantAt(doc, d);
      const fix = invariant ? wireInManifest(doc, [invariant]) : undefined;
      return fix ? [fix] : [];
    }
    case 'AMP-N005': {
      // The binder names the closest agent in its message; the same candidates give the same name here.
      const target = doc.text.slice(d.start, d.end);
      const hint = suggest(target, [...doc.model.agents.keys(), ...BUILTIN_AGENTS.map((b) => b.name)]);
      return hint ? [{ title: `Change to '${hint}'`, edits: [{ edits: [{ start: d.start, end: d.end, newText: hint }] }] }] : [];
    }
    case 'AMP-P007':
      return [{ title: 'Remove the annotation', edits: [{ edits: [removeLines(doc.text, d.start, d.end)] }] }];
    default:
      return [];
  }
}

/** The invariant an AMP-G010 diagnostic is about: the governed construct it was reported at. */
function invariantAt(doc: AnalyzedDocument, d: Diagnostic): string | undefined {
  return governedConstructs(doc.model).find((c) => c.start === d.start && c.end === d.end && c.invariant)?.invariant;
}

/**
 * Adds invariant names to `invariants_wired` in the manifest that governs the document. A multi-line array gets one
 * name per line, indented like the last one; a one-line array stays on one line.
 */
function wireInManifest(doc: AnalyzedDocument, names: readonly string[]): BuiltFix | undefined {
  const manifest = doc.manifest;
  if (doc.governance.source !== 'manifest' || !manifest) return undefined;
  const reading = readManifest(manifest.text);
  const at = reading.invariantsInsertAt;
  if (!at) return undefined;
  const text = manifest.text;
  const json = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const array = findArray(parseTree(json, [], { allowTrailingComma: true }), 'invariants_wired');
  const items = array?.children ?? [];
  const last = items[items.length - 1];
  let newText: string;
  if (last && array && /[\r\n]/.test(text.slice(array.offset, items[0].offset))) {
    const nl = text.includes('\r\n') ? '\r\n' : '\n';
    const indent = /^[ \t]*/.exec(text.slice(lineStartOf(text, last.offset)))![0];
    newText = names.map((n) => `,${nl}${indent}${JSON.stringify(n)}`).join('');
  } else newText = at.prefix + names.map((n) => JSON.stringify(n)).join(', ');
  const file = manifest.path.split(/[\\/]/).pop() ?? manifest.path;
  const title = names.length === 1 ? `Add "${names[0]}" to invariants_wired in ${file}` : `Add ${names.length} invariants to invariants_wired in ${file}`;
  return { title, edits: [{ path: manifest.path, edits: [{ start: at.offset, end: at.offset, newText }] }] };
}

function findArray(root: JsonNode | undefined, key: string): JsonNode | undefined {
  const prop = root?.type === 'object' ? root.children?.find((p) => p.children?.[0]?.value === key) : undefined;
  const v = prop?.children?.[1];
  return v?.type === 'array' ? v : undefined;
}

/** Deletes `[start, end)`, and the whole line when nothing else is left on it. */
function removeLines(text: string, start: number, end: number): TextEdit {
  const ls = lineStartOf(text, start);
  const le = lineEndOf(text, end);
  if (/^[ \t]*$/.test(text.slice(ls, start)) && /^[ \t]*$/.test(text.slice(end, le))) {
    const next = text.startsWith('\r\n', le) ? le + 2 : le < text.length ? le + 1 : le;
    return { start: ls, end: next, newText: '' };
  }
  return { start, end, newText: '' };
}

// ---- rewrites that need no diagnostic -------------------------------------------------------------------------------

function rewrites(doc: AnalyzedDocument, start: number, end: number, offered: readonly CodeActionInfo[]): CodeActionInfo[] {
  const out: CodeActionInfo[] = [];
  // Wrap an act in a chapel (seed 002's chapel_block): worth doing for any act, not only those the checker requires.
  const wrapped = new Set(offered.filter((a) => a.diagnostic?.code === 'AMP-G001').map((a) => a.diagnostic!.start));
  for (const act of doc.model.index.inAgents('ActStmt')) {
    if (act.end < start || act.start > end || doc.model.index.placeOf(act).chapel) continue;
    const keyword = act.children.find((c) => !('children' in c) && c.kind === 'Ident');
    if (keyword && wrapped.has(keyword.start)) continue;
    out.push({ title: 'Wrap the act in a chapel', kind: 'refactor.rewrite', edits: [{ edits: [wrapInChapelEdit(doc.text, act)] }] });
  }
  // Every invariant the file uses but does not wire, in one edit.
  const unwired = doc.diagnostics.filter((d) => d.code === 'AMP-G010');
  if (unwired.length > 1) {
    const names = [...new Set(unwired.map((d) => invariantAt(doc, d)).filter((n): n is string => !!n))];
    const insert = doc.governance.invariantsInsertAt;
    if (doc.governance.source === 'file' && insert && names.length > 1)
      out.push({ title: `Wire all ${names.length} invariants this file uses`, kind: 'source', edits: [{ edits: [{ start: insert.offset, end: insert.offset, newText: insert.prefix + names.map((n) => JSON.stringify(n)).join(', ') }] }] });
    else if (names.length > 1) {
      const fix = wireInManifest(doc, names);
      if (fix) out.push({ title: fix.title, kind: 'source', edits: fix.edits });
    }
  }
  return out;
}
