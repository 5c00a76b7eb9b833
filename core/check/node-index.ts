// The nodes every rule looks for, shared: the nodes of each kind in source order (gathered by the parser while it
// builds the tree), which of them sit inside agent code, in which handler and innermost chapel, and which nodes carry
// annotations. Rules ask the index instead of walking the whole tree again, so checking costs no extra tree walk.

import type { ParsedNodes } from '../syntax/parser';
import { walk, type Node, type NodeKind } from '../syntax/tree';

/** Where a node sits: the agent, handler (or event handler) and innermost chapel around it, if any. */
export interface Place {
  readonly agent?: Node;
  readonly handler?: Node;
  readonly chapel?: Node;
}

export interface NodeIndex {
  /** The nodes of `kind` in source order (an enclosing node before a nested one of the same kind). */
  of(kind: NodeKind): readonly Node[];
  /** The nodes of `kind` inside agent declarations (agent code, as opposed to runs and declarations). */
  inAgents(kind: NodeKind): readonly Node[];
  /** Where a node sits; empty for a node outside every agent. A node is not inside itself. */
  placeOf(node: Node): Place;
  /** Every node with at least one `@annotation` child, in source order. */
  readonly annotated: readonly Node[];
}

/** Builds the index from what the parser gathered or, for a tree built some other way, from one walk over it. */
export function indexNodes(tree: Node, parsed?: ParsedNodes): NodeIndex {
  const { byKind, annotated } = parsed ?? gather(tree);
  const of = (kind: NodeKind): readonly Node[] => byKind.get(kind) ?? [];
  const agents = new Containers(of('AgentDecl'));
  const handlers = new Containers(mergeByStart(of('Handler'), of('EventHandler')));
  const chapels = new Containers(of('ChapelStmt'));
  const inAgentsCache = new Map<NodeKind, readonly Node[]>();
  return {
    of,
    inAgents(kind) {
      let out = inAgentsCache.get(kind);
      if (!out) inAgentsCache.set(kind, (out = of(kind).filter((n) => agents.innermost(n) !== undefined)));
      return out;
    },
    placeOf(node) {
      const agent = agents.innermost(node);
      if (!agent) return {};
      return { agent, handler: handlers.innermost(node), chapel: chapels.innermost(node) };
    },
    annotated,
  };
}

/** Nodes of one kind family, sorted by start, properly nested: finds the innermost one strictly around a node. */
class Containers {
  /** For each container, the index of the innermost container around it, or -1. */
  private readonly parents: Int32Array;

  constructor(private readonly nodes: readonly Node[]) {
    this.parents = new Int32Array(nodes.length);
    const open: number[] = [];
    for (let i = 0; i < nodes.length; i++) {
      while (open.length && nodes[open[open.length - 1]].end <= nodes[i].start) open.pop();
      this.parents[i] = open.length ? open[open.length - 1] : -1;
      open.push(i);
    }
  }

  innermost(node: Node): Node | undefined {
    // The last container starting at or before the node; if it does not hold the node, only its ancestors can.
    let lo = 0;
    let hi = this.nodes.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.nodes[mid].start <= node.start) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (; k >= 0; k = this.parents[k]) {
      const c = this.nodes[k];
      if (c !== node && c.start <= node.start && node.end <= c.end && !(c.start === node.start && c.end === node.end && c.kind === node.kind)) return c;
    }
    return undefined;
  }
}

function mergeByStart(a: readonly Node[], b: readonly Node[]): Node[] {
  return [...a, ...b].sort((x, y) => x.start - y.start || y.end - x.end);
}

/** The parser's gathering, redone by walking a tree (for trees that did not come from `parse`). */
function gather(tree: Node): ParsedNodes {
  const byKind = new Map<NodeKind, Node[]>();
  const annotated: Node[] = [];
  walk(tree, (n) => {
    const list = byKind.get(n.kind);
    if (list) list.push(n);
    else byKind.set(n.kind, [n]);
    if (n.children.some((c) => 'children' in c && c.kind === 'Annotation')) annotated.push(n);
  });
  return { byKind, annotated };
}
