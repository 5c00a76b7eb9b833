// Source spans of the runtime: UTF-16 offsets into the spec, `[start, end)`, as everywhere in the core.

export interface Span {
  readonly start: number;
  readonly end: number;
}

export function spanOf(node: { readonly start: number; readonly end: number }): Span {
  return { start: node.start, end: node.end };
}
