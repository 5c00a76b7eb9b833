// What a tree view shows, independent of VS Code: each view's pure module builds these nodes and one small provider
// (tree-provider.ts) turns them into TreeItems. Children are built when a node is opened, so a tree of any size costs
// what is shown; long child lists are split into pages.

import type { RangeJson } from './protocol';

/** A codicon with an optional theme colour id (e.g. `charts.green`). */
export interface NodeIcon {
  readonly id: string;
  readonly color?: string;
}

export interface ViewNode {
  /** Stable across updates, so VS Code keeps a node's expansion and selection when the run moves. */
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  /** Plain text (never Markdown: it holds message text). */
  readonly tooltip?: string;
  readonly icon?: NodeIcon;
  /** Open at first (true), closed (false); absent: a leaf unless it has children or expands lazily. */
  readonly expanded?: boolean;
  /** The children, built when the node is opened. */
  readonly children?: () => readonly ViewNode[];
  /** Children that come from the debug adapter (`amp/expand` of this message reference). */
  readonly expandRef?: string;
  /** Selecting the node reveals this range of the debugged program. */
  readonly reveal?: RangeJson;
  /** The machine step the node is about (offered as "Go to Step"). */
  readonly step?: number;
  /** For `view/item/context` menus. */
  readonly contextValue?: string;
  /** What a screen reader says; the label and description otherwise. */
  readonly accessibilityLabel?: string;
}

/** A view's content: its nodes, or a message saying why there are none (shown at the top of the view). */
export interface ViewContent {
  readonly nodes: readonly ViewNode[];
  readonly message?: string;
}

/** How many children a node shows before they are split into pages of this size. */
export const PAGE_SIZE = 200;

/**
 * Splits a long list of children into pages (`[0 … 199]`, `[200 … 399]`, …), each built when opened; a short list is
 * returned as is. `make` builds the node for one item.
 */
export function paged<T>(parentId: string, items: readonly T[], make: (item: T, index: number) => ViewNode, pageSize = PAGE_SIZE): ViewNode[] {
  if (items.length <= pageSize) return items.map(make);
  const pages: ViewNode[] = [];
  for (let from = 0; from < items.length; from += pageSize) {
    const to = Math.min(items.length, from + pageSize) - 1;
    pages.push({
      id: `${parentId}/page:${from}`,
      label: `[${from} … ${to}]`,
      description: `${to - from + 1} of ${items.length}`,
      expanded: false,
      children: () => paged(`${parentId}/page:${from}`, items.slice(from, to + 1), (item, i) => make(item, from + i), pageSize),
      accessibilityLabel: `items ${from} to ${to} of ${items.length}`,
    });
  }
  return pages;
}

/** A node as plain JSON (for the snapshot command and tests), children opened to `depth` levels. */
export interface NodeSnapshot {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly icon?: string;
  readonly color?: string;
  readonly step?: number;
  readonly reveal?: string;
  readonly lazy?: true;
  readonly children?: readonly NodeSnapshot[];
}

/** The nodes as plain JSON, opening children to `depth` levels below the roots and at most `limit` nodes in all. */
export function snapshotNodes(nodes: readonly ViewNode[], depth = 4, limit = 2000): NodeSnapshot[] {
  let count = 0;
  const walk = (list: readonly ViewNode[], d: number): NodeSnapshot[] => {
    const out: NodeSnapshot[] = [];
    for (const n of list) {
      if (count >= limit) break;
      count++;
      const kids = d > 0 && n.children ? walk(n.children(), d - 1) : undefined;
      out.push({
        id: n.id,
        label: n.label,
        ...(n.description !== undefined ? { description: n.description } : {}),
        ...(n.icon ? { icon: n.icon.id, ...(n.icon.color ? { color: n.icon.color } : {}) } : {}),
        ...(n.step !== undefined ? { step: n.step } : {}),
        ...(n.reveal ? { reveal: `${n.reveal.start.line}:${n.reveal.start.character}-${n.reveal.end.line}:${n.reveal.end.character}` } : {}),
        ...(n.expandRef ? { lazy: true as const } : {}),
        ...(kids ? { children: kids } : {}),
      });
    }
    return out;
  };
  return walk(nodes, depth);
}

/** Shortens text for a label, on one line. */
export function oneLine(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A number for people: whole numbers as is, others with up to `digits` decimals. */
export function num(n: number, digits = 3): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toFixed(digits)));
}

/** `1 activation`, `2 activations`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
