// One walk over the tree that every rule shares: the structural nodes of each kind in source order, where each sits
// (in which agent, handler and innermost chapel) and which nodes carry annotations. Rules ask the index instead of
// walking the whole tree again, so checking costs one walk however many rules there are.

import type { Node, NodeKind } from '../syntax/tree';

/** Where a structural node sits: the agent, handler (or event handler) and innermost chapel around it, if any. */
export interface Place {
  readonly agent?: Node;
  readonly handler?: Node;
  readonly chapel?: Node;
}

export interface NodeIndex {
  /** The nodes of `kind` in source order. Message literals are leaves here: nothing inside them is indexed. */
  of(kind: NodeKind): readonly Node[];
  /** The nodes of `kind` inside agent declarations (agent code, as opposed to runs and declarations). */
  inAgents(kind: NodeKind): readonly Node[];
  /** Where a statement (or an ask) sits; empty for nodes outside every agent and for other kinds. */
  placeOf(node: Node): Place;
  /** Every node with at least one `@annotation` child, in source order. */
  readonly annotated: readonly Node[];
}

const NOWHERE: Place = {};

/** Kinds whose contents are message text, pointers and sub-messages: the binder handles those, the index stops there. */
const LEAF_KINDS: ReadonlySet<NodeKind> = new Set<NodeKind>(['Message', 'Pointer', 'SubMessage']);

/** The kinds whose place is kept: statements and asks, which is what rules ask about. */
const PLACED_KINDS: ReadonlySet<NodeKind> = new Set<NodeKind>([
  'LetStmt', 'AskExpr', 'ViewStmt', 'ReplyStmt', 'ReflectExpr', 'ActStmt', 'ChapelStmt', 'ChooseStmt', 'ConsentMove', 'ScarStmt',
  'ResolveStmt', 'ForgivenessStmt', 'ExpectStmt', 'StewardStmt', 'ExprStmt', 'Option',
]);

export function indexNodes(tree: Node): NodeIndex {
  const byKind = new Map<NodeKind, Node[]>();
  const places = new Map<Node, Place>();
  const annotated: Node[] = [];
  // Recursion is safe: the parser caps nesting (MAX_NESTING), and message literals, the deep part, are leaves here.
  const visit = (node: Node, place: Place): void => {
    let list = byKind.get(node.kind);
    if (!list) byKind.set(node.kind, (list = []));
    list.push(node);
    if (LEAF_KINDS.has(node.kind)) return;
    if (place !== NOWHERE && PLACED_KINDS.has(node.kind)) places.set(node, place);
    const inner = placeInside(node, place);
    let hasAnnotation = false;
    for (const c of node.children) {
      if (!('children' in c)) continue;
      if (c.kind === 'Annotation') hasAnnotation = true;
      visit(c, inner);
    }
    if (hasAnnotation) annotated.push(node);
  };
  visit(tree, NOWHERE);
  // A node's annotations come before its own children, but it is listed after them: restore source order.
  annotated.sort((a, b) => a.start - b.start);
  const inAgentsCache = new Map<NodeKind, Node[]>();
  // For kinds without a kept place: inside an agent when inside an agent declaration's span.
  const agents = byKind.get('AgentDecl') ?? [];
  const inAgentSpan = (n: Node): boolean => {
    if (PLACED_KINDS.has(n.kind)) return false;
    let lo = 0;
    let hi = agents.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const a = agents[mid];
      if (n.start < a.start) hi = mid - 1;
      else if (n.start >= a.end) lo = mid + 1;
      else return n !== a;
    }
    return false;
  };
  return {
    of: (kind) => byKind.get(kind) ?? [],
    inAgents(kind) {
      let out = inAgentsCache.get(kind);
      if (!out) inAgentsCache.set(kind, (out = (byKind.get(kind) ?? []).filter((n) => places.get(n)?.agent !== undefined || inAgentSpan(n))));
      return out;
    },
    placeOf: (node) => places.get(node) ?? NOWHERE,
    annotated,
  };
}

/** The place of a node's children. */
function placeInside(node: Node, place: Place): Place {
  switch (node.kind) {
    case 'AgentDecl':
      return { agent: node };
    case 'Handler':
    case 'EventHandler':
      return { agent: place.agent, handler: node };
    case 'ChapelStmt':
      return { ...place, chapel: node };
    default:
      return place;
  }
}
