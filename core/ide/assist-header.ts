// The ethics header under a cursor, for hover and completion: the virtual JSON of the `//` block (header.ts maps its
// offsets), the schema node of each field (schemas/compiler_ethics.schema.json: descriptions are the hover text) and
// what each invariant name covers.

import { findNodeAtOffset, getLocation, getNodePath, parseTree, type Location as JsonLocation, type Node as JsonNode } from 'jsonc-parser';
import schemaJson from '../../schemas/compiler_ethics.schema.json';
import { extractHeaderJson, INVARIANT_NAMES, type HeaderJson } from '../check/header';
import { show } from '../check/rules/invariants-common';
import { chapelThreshold, type Governance } from '../check/governance';
import type { AnalyzedDocument } from './document';

/** The part of JSON Schema the header schema uses. */
export interface SchemaNode {
  readonly description?: string;
  readonly type?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly items?: SchemaNode;
  readonly enum?: readonly string[];
  readonly enumDescriptions?: readonly string[];
  readonly const?: string;
  readonly minimum?: number;
}

export const HEADER_SCHEMA = schemaJson as unknown as SchemaNode;

/** What each invariant covers in AMP (docs/language.md §3). */
export const INVARIANT_COVERS: Readonly<Record<string, string>> = {
  E_EXT_RED_BOUNDARY: 'acts with an `@E_ext_cost`',
  INDEPENDENT_VETO_CHAPEL: '`chapel` blocks and acts with `@hazard(high)` or `@hazard(existential)`',
  NO_UNBOUNDED_REWRITE_UNDER_AUDIT: '`@self_rewrite` regions',
  SILENCE_BANDS_PROTECTED: '`consent` machines and consent moves',
  SCARS_DURABLE_FORGIVENESS_BOUNDED: '`scars` blocks, `scar` and `resolve scar`',
};

/** The schema node of a field path (`['governance_stack', 'E_ext_max_const']`; array indexes step into `items`). */
export function schemaAt(path: readonly (string | number)[]): SchemaNode | undefined {
  let s: SchemaNode | undefined = HEADER_SCHEMA;
  for (const seg of path) {
    if (!s) return undefined;
    if (typeof seg === 'number') s = s.items;
    else s = s.properties && Object.prototype.hasOwnProperty.call(s.properties, seg) ? s.properties[seg] : undefined;
  }
  return s;
}

/** Whether the field at `path` is required by its parent object. */
export function isRequired(path: readonly (string | number)[]): boolean {
  const key = path[path.length - 1];
  const parent = schemaAt(path.slice(0, -1));
  return typeof key === 'string' && !!parent?.required?.includes(key);
}

/** A field's type in words: `number ≥ 0`, `"ok" | "strained" | "tripped"`, `array of strings`. */
export function describeSchemaType(s: SchemaNode): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((e) => JSON.stringify(e)).join(' | ');
  if (s.type === 'array') return s.items?.enum ? 'array of invariant names' : `array of ${s.items?.type ?? 'values'}s`;
  if ((s.type === 'number' || s.type === 'integer') && s.minimum !== undefined) return `${s.type} ≥ ${s.minimum}`;
  return s.type ?? 'any';
}

/** A header cursor: the header's virtual JSON, the cursor in it, and jsonc-parser's reading of that place. */
export interface HeaderCursor {
  readonly header: HeaderJson;
  /** The cursor in the virtual JSON; undefined on a `//` prefix or the marker. */
  readonly virtual?: number;
  readonly location?: JsonLocation;
  readonly root?: JsonNode;
  /** The JSON node under the cursor (a key string, a value, …), if any. */
  readonly node?: JsonNode;
}

/** The header under `offset`, when the cursor is in the file's `// compiler_ethics_v0_1:` block (its JSON part). */
export function headerCursor(doc: AnalyzedDocument, offset: number): HeaderCursor | undefined {
  const header = extractHeaderJson(doc.tree, doc.text);
  if (!header || offset < header.block.start || offset > header.jsonEnd) return undefined;
  const virtual = header.toVirtual(offset);
  if (virtual === undefined) return { header };
  const root = parseTree(header.text, [], { allowTrailingComma: true, disallowComments: false });
  const node = root ? findNodeAtOffset(root, virtual, true) : undefined;
  return { header, virtual, location: getLocation(header.text, virtual), root, node };
}

/** The field path of a JSON node (a key's path is its property's). */
export function jsonPath(node: JsonNode): (string | number)[] {
  const target = node.parent?.type === 'property' && node.parent.children?.[0] === node ? node.parent.children?.[1] ?? node.parent : node;
  try {
    return getNodePath(target);
  } catch {
    return [];
  }
}

/** True when the node is the key of a property. */
export function isPropertyKey(node: JsonNode): boolean {
  return node.parent?.type === 'property' && node.parent.children?.[0] === node;
}

/** Markdown for a header field: its path, type, whether it is required, the schema's description, and what AMP makes of it. */
export function fieldMarkdown(path: readonly (string | number)[], governance: Governance, value?: unknown): string | undefined {
  const s = schemaAt(path);
  if (!s) return undefined;
  const name = path.filter((p) => typeof p === 'string').join('.');
  const lines = [`**${name}**: ${describeSchemaType(s)}${isRequired(path) ? ' · required' : ' · optional'}`, ''];
  if (s.description) lines.push(s.description);
  const extra = fieldNotes(name, governance, value);
  if (extra) lines.push('', extra);
  if (s.enum && s.enumDescriptions && s.enumDescriptions.length === s.enum.length) {
    lines.push('', ...s.enum.map((e, i) => `- \`${e}\`: ${s.enumDescriptions![i]}`));
  }
  return lines.join('\n');
}

/** What the checker derives from a few fields, so the hover says what the value means for this file. */
function fieldNotes(name: string, g: Governance, value: unknown): string | undefined {
  switch (name) {
    case 'governance_stack.E_ext_max_const': {
      const t = chapelThreshold(g);
      return typeof value === 'number'
        ? `Here ${show(value)}: acts outside chapels may spend at most ${show(value)} per trust slice (AMP-G003)${t !== undefined ? `; acts costing more than ${show(t)} must run in a chapel (AMP-G001)` : ''}.`
        : undefined;
    }
    case 'governance_stack.E_ext_chapel_threshold':
      return typeof value === 'number' ? `Here ${show(value)}: acts costing more than this must run in a chapel (AMP-G001).` : undefined;
    case 'governance_stack.min_pause_ms_const':
      return typeof value === 'number' ? `Here ${show(value)} ms (${show(value / 1000)} s on the runtime's simulated clock) before each act in a chapel.` : undefined;
    case 'governance_stack.existential_audit':
      return value === true
        ? 'On: every `@self_rewrite` region must declare all four bounds (AMP-G005) within the caps (AMP-G006) and must not recurse (AMP-G007).'
        : value === false
          ? 'Off: `@self_rewrite` bounds are recorded but not required.'
          : undefined;
    case 'invariants_wired':
      return `The five names: ${INVARIANT_NAMES.map((n) => `\`${n}\``).join(', ')}. A construct whose invariant is not wired is AMP-G010.`;
    default:
      return undefined;
  }
}

/** Markdown for an invariant name: the seed's statement of it and what it covers in AMP. */
export function invariantMarkdown(name: string, wired: boolean | undefined): string | undefined {
  const i = (INVARIANT_NAMES as readonly string[]).indexOf(name);
  if (i < 0) return undefined;
  const desc = schemaAt(['invariants_wired', 0])?.enumDescriptions?.[i];
  const lines = [`**${name}**`, ''];
  if (desc) lines.push(desc, '');
  lines.push(`Covers ${INVARIANT_COVERS[name]}.`);
  if (wired === false) lines.push('', 'Not wired in this file’s header: constructs it covers are reported (AMP-G010).');
  return lines.join('\n');
}
