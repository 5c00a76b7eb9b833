// The annotations AMP knows (@E_ext_cost, @hazard, @breach, @self_rewrite): their argument shapes, where they may
// stand, validation (AMP-P005, AMP-P006) and a typed reading that the governance and conscience rules share.

import { annotationArgs, annotationName, annotations, messageString, nameOfValue, numberOf, type AnnotationArg, type Name } from '../syntax/ast';
import type { Node, NodeKind } from '../syntax/tree';
import type { Rule, RuleContext } from './rules/context';
import { suggest as closestName } from '../util/suggest';

export const HAZARD_LEVELS = ['low', 'medium', 'high', 'existential'] as const;
export type HazardLevel = (typeof HAZARD_LEVELS)[number];

export const SELF_REWRITE_BOUNDS = ['max_steps', 'max_model_delta', 'max_policy_divergence', 'max_E_ext_delta'] as const;
export type SelfRewriteBound = (typeof SELF_REWRITE_BOUNDS)[number];

export interface AnnotationSpec {
  readonly name: string;
  readonly signature: string;
  readonly doc: string;
  /** Node kinds the annotation may precede. */
  readonly on: readonly NodeKind[];
}

export const ANNOTATIONS: readonly AnnotationSpec[] = [
  {
    name: 'E_ext_cost',
    signature: '@E_ext_cost(cost)',
    doc: 'The external impact of an act (seed 002, invariant 1): a number ≥ 0 counted against E_ext_max_const in the trust slice.',
    on: ['ActStmt'],
  },
  {
    name: 'hazard',
    signature: '@hazard(low | medium | high | existential)',
    doc: 'The hazard level of an act (seed 002, invariant 2): high and existential acts must run inside a chapel and carry an E_ext cost.',
    on: ['ActStmt'],
  },
  {
    name: 'breach',
    signature: '@breach("id", weight: w, risk: p, level1: q)',
    doc: 'A conscience breach this path commits (seed 003): an id from the breach catalog; weight > 0 (default 1), risk ∈ [0,1] scales it, level1 ∈ [0,1] splits it across lexical levels 1 and 0 (a diffuse boundary).',
    on: ['ActStmt', 'Option', 'AskExpr', 'LetStmt', 'ReplyStmt'],
  },
  {
    name: 'self_rewrite',
    signature: '@self_rewrite(max_steps: n, max_model_delta: x, max_policy_divergence: x, max_E_ext_delta: x)',
    doc: 'Marks a self-rewrite region (seed 002, invariant 3): under existential_audit it must declare all four bounds, within the header caps, and must not recurse.',
    on: ['Handler', 'AgentDecl'],
  },
];

const SPEC_BY_NAME = new Map(ANNOTATIONS.map((a) => [a.name, a]));

export function findAnnotation(name: string): AnnotationSpec | undefined {
  return SPEC_BY_NAME.get(name);
}

export interface BreachUse {
  readonly node: Node;
  /** The id as written, and its range (inside the quotes). */
  readonly id?: Name;
  readonly weight?: number;
  readonly risk?: number;
  readonly level1?: number;
  readonly args: readonly AnnotationArg[];
}

/** The annotations on one node, read and typed. Invalid parts are left out (validateAnnotations reports them). */
export interface Annotated {
  readonly eExtCost?: { readonly value: number; readonly node: Node };
  readonly hazard?: { readonly level: HazardLevel; readonly node: Node };
  readonly breaches: readonly BreachUse[];
  readonly selfRewrite?: { readonly node: Node; readonly bounds: Partial<Record<SelfRewriteBound, { readonly value: number; readonly arg: AnnotationArg }>> };
}

export function readAnnotations(node: Node, source: string): Annotated {
  // Most nodes rules ask about carry no annotation: one shared empty reading, nothing allocated or cached for them.
  if (!hasAnnotation(node)) return NO_ANNOTATIONS;
  // A node belongs to one text; when another text is read (another document, or this one after an edit, whose
  // reparse keeps the unchanged nodes with shifted offsets) the readings of the previous one are dropped. Within one
  // check the text is the same string object, so the comparison is a pointer comparison.
  if (annotationsText !== source) {
    annotationsRead = new WeakMap();
    annotationsText = source;
  }
  let read = annotationsRead.get(node);
  if (!read) annotationsRead.set(node, (read = readAnnotationsOnce(node, source)));
  return read;
}

const NO_ANNOTATIONS: Annotated = Object.freeze({ breaches: Object.freeze([]) as readonly BreachUse[] });

function hasAnnotation(node: Node): boolean {
  for (const c of node.children) if (c.kind === 'Annotation' && 'children' in c) return true;
  return false;
}

/** Several rules read the annotations of the same node: read once per node, for the text last read. */
let annotationsRead = new WeakMap<Node, Annotated>();
let annotationsText: string | undefined;

function readAnnotationsOnce(node: Node, source: string): Annotated {
  let eExtCost: Annotated['eExtCost'];
  let hazard: Annotated['hazard'];
  let selfRewrite: Annotated['selfRewrite'];
  const breaches: BreachUse[] = [];
  for (const a of annotations(node)) {
    const name = annotationName(a, source)?.text;
    const args = annotationArgs(a, source) ?? [];
    if (name === 'E_ext_cost') {
      const v = numberOf(args[0]?.value, source);
      if (args.length === 1 && !args[0].name && v >= 0) eExtCost = { value: v, node: a };
    } else if (name === 'hazard') {
      const level = nameOfValue(args[0]?.value, source)?.text ?? messageString(args[0]?.value, source);
      if (level && (HAZARD_LEVELS as readonly string[]).includes(level)) hazard = { level: level as HazardLevel, node: a };
    } else if (name === 'breach') {
      const first = args[0] && !args[0].name ? args[0].value : undefined;
      let id: Name | undefined;
      if (first?.kind === 'Message') id = { text: messageString(first, source) ?? '', start: first.start + 1, end: Math.max(first.start + 1, first.end - 1) };
      else if (first?.kind === 'NameValue') id = nameOfValue(first, source);
      const named = (k: string) => {
        const arg = args.find((x) => x.name?.text === k);
        return arg ? numberOf(arg.value, source) : undefined;
      };
      breaches.push({ node: a, id, weight: named('weight'), risk: named('risk'), level1: named('level1'), args });
    } else if (name === 'self_rewrite') {
      const bounds: Record<string, { value: number; arg: AnnotationArg }> = {};
      for (const arg of args) {
        const k = arg.name?.text;
        if (k && (SELF_REWRITE_BOUNDS as readonly string[]).includes(k)) bounds[k] = { value: numberOf(arg.value, source), arg };
      }
      selfRewrite = { node: a, bounds };
    }
  }
  return { eExtCost, hazard, breaches, selfRewrite };
}

/** AMP-P005 (unknown annotation) and AMP-P006 (bad arguments or placement) over every annotation in the file. */
export const validateAnnotations: Rule = (ctx) => {
  for (const n of ctx.model.index.annotated) for (const a of annotations(n)) validateOne(ctx, a, n);
};

function validateOne(ctx: RuleContext, a: Node, host: Node): void {
  const { source } = ctx;
  const name = annotationName(a, source);
  if (!name) return; // the parser reported the missing name
  const spec = findAnnotation(name.text);
  if (!spec) {
    const hint = closestName(name.text, ANNOTATIONS.map((s) => s.name));
    ctx.report('AMP-P005', `Unknown annotation '@${name.text}'${hint ? `; did you mean '@${hint}'?` : ''}; known: ${ANNOTATIONS.map((s) => '@' + s.name).join(', ')}`, name, {
      fixes: hint ? [{ title: `Change to @${hint}`, edits: [{ start: name.start, end: name.end, newText: hint }] }] : undefined,
    });
    return;
  }
  // An annotation with nothing after it sits in an Error node: the parser's AMP-P007 already says all there is to say.
  if (host.kind === 'Error') return;
  if (!spec.on.includes(host.kind)) {
    ctx.report('AMP-P006', `@${spec.name} does not apply here; it annotates ${describeKinds(spec.on)}`, a);
    return;
  }
  const args = annotationArgs(a, source);
  const bad = (message: string, at: { start: number; end: number } = a) => ctx.report('AMP-P006', message, at);
  switch (spec.name) {
    case 'E_ext_cost': {
      const v = numberOf(args?.[0]?.value, source);
      if (!args || args.length !== 1 || args[0].name) bad(`Expected ${spec.signature} with one number`);
      else if (!(v >= 0)) bad('An E_ext cost is a number ≥ 0', args[0].node);
      break;
    }
    case 'hazard': {
      const v = args?.[0]?.value;
      const level = nameOfValue(v, source)?.text ?? messageString(v, source);
      if (!args || args.length !== 1 || args[0].name || !level) bad(`Expected ${spec.signature}`);
      else if (!(HAZARD_LEVELS as readonly string[]).includes(level)) {
        const hint = closestName(level, HAZARD_LEVELS);
        bad(`Unknown hazard level '${level}'${hint ? `; did you mean '${hint}'?` : ''}; levels: ${HAZARD_LEVELS.join(', ')}`, args[0].node);
      }
      break;
    }
    case 'breach': {
      if (!args || !args[0] || args[0].name || !(args[0].value?.kind === 'Message' || args[0].value?.kind === 'NameValue')) {
        bad(`Expected ${spec.signature}: the breach id comes first`);
        break;
      }
      for (const arg of args.slice(1)) {
        const k = arg.name?.text;
        if (!k || !['weight', 'risk', 'level1'].includes(k)) {
          const hint = k ? closestName(k, ['weight', 'risk', 'level1']) : undefined;
          bad(`Unknown @breach argument${k ? ` '${k}'` : ''}${hint ? `; did you mean '${hint}'?` : ''}; expected weight, risk or level1`, arg.node);
        } else if (Number.isNaN(numberOf(arg.value, source))) bad(`'${k}' takes a number`, arg.node);
      }
      break;
    }
    case 'self_rewrite': {
      for (const arg of args ?? []) {
        const k = arg.name?.text;
        if (!k || !(SELF_REWRITE_BOUNDS as readonly string[]).includes(k)) {
          const hint = k ? closestName(k, SELF_REWRITE_BOUNDS) : undefined;
          bad(`Unknown @self_rewrite bound${k ? ` '${k}'` : ''}${hint ? `; did you mean '${hint}'?` : ''}; bounds: ${SELF_REWRITE_BOUNDS.join(', ')}`, arg.node);
          continue;
        }
        const v = numberOf(arg.value, source);
        if (k === 'max_steps' ? !(Number.isInteger(v) && v > 0) : !(v >= 0)) bad(k === 'max_steps' ? 'max_steps is a positive integer' : `${k} is a number ≥ 0`, arg.node);
      }
      break;
    }
  }
}

function describeKinds(kinds: readonly NodeKind[]): string {
  const words: Partial<Record<NodeKind, string>> = { ActStmt: 'act', Option: 'option', AskExpr: 'ask', LetStmt: 'let … = ask', ReplyStmt: 'reply', Handler: 'handlers', AgentDecl: 'agents' };
  return kinds.map((k) => words[k] ?? k).join(', ');
}
