// Shape checks for what clients send. The protocol library passes params through as they arrive, so every handler
// checks the parts it reads before trusting them; a request that fails a check gets InvalidParams, never a crash.

import type { Position, Range } from 'vscode-languageserver/node';

export type Check<T> = (value: unknown) => value is T;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A non-negative integer (LSP's uinteger). */
export function isUInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

export function isPosition(v: unknown): v is Position {
  return isRecord(v) && isUInt(v.line) && isUInt(v.character);
}

export function isRange(v: unknown): v is Range {
  return isRecord(v) && isPosition(v.start) && isPosition(v.end);
}

/** `{ textDocument: { uri } }` */
export function hasDocument(v: unknown): v is { textDocument: { uri: string } } {
  return isRecord(v) && isRecord(v.textDocument) && typeof v.textDocument.uri === 'string';
}

/** `{ textDocument: { uri }, position }` */
export function isDocumentPosition(v: unknown): v is { textDocument: { uri: string }; position: Position } {
  return hasDocument(v) && isPosition((v as Record<string, unknown>).position);
}

/** `{ textDocument: { uri }, range }` */
export function isDocumentRange(v: unknown): v is { textDocument: { uri: string }; range: Range } {
  return hasDocument(v) && isRange((v as Record<string, unknown>).range);
}

/** What a handler expects, in words, for the InvalidParams message. */
export const EXPECTED = {
  document: '{ textDocument: { uri: string } }',
  position: '{ textDocument: { uri: string }, position: { line: uinteger, character: uinteger } }',
  range: '{ textDocument: { uri: string }, range: { start: Position, end: Position } }',
} as const;
