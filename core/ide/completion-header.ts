// Completion inside the `// compiler_ethics_v0_1:` header: the keys of the object under the cursor (from the schema,
// with where they go), invariant names not wired yet, enum values and booleans. Inserted text stays on one line, so
// the `//` lines of the header stay intact.

import type { Node as JsonNode } from 'jsonc-parser';
import { INVARIANT_NAMES } from '../check/header';
import { governedConstructs } from '../check/rules/invariants-wiring';
import { VETO_STATES } from './assist-docs';
import { describeSchemaType, headerCursor, invariantMarkdown, isRequired, schemaAt, type SchemaNode } from './assist-header';
import { escapeSnippet } from './assist-snippets';
import type { CompletionContext, CompletionEntry, CompletionKindName } from './completion';

export function headerCompletions(ctx: CompletionContext): CompletionEntry[] {
  const cursor = headerCursor(ctx.doc, ctx.o);
  if (!cursor?.location || cursor.virtual === undefined) return [];
  const { header, location, root } = cursor;
  const v = cursor.virtual;
  const json = header.text;
  // What the entry replaces: the string being typed (quotes included), else the bare word.
  let vs = v;
  let ve = v;
  const prev = location.previousNode;
  if (prev && (prev.type === 'string' || prev.type === 'property') && prev.offset <= v && v <= prev.offset + (prev.type === 'property' ? (prev.children?.[0]?.length ?? prev.length) : prev.length)) {
    vs = prev.offset;
    ve = prev.offset + (prev.type === 'property' ? (prev.children?.[0]?.length ?? prev.length) : prev.length);
  } else {
    while (vs > 0 && /[\w"]/.test(json[vs - 1])) vs--;
    while (ve < json.length && /[\w"]/.test(json[ve])) ve++;
  }
  const replace = header.toSourceRange(vs, ve);
  const needsComma = /^\s*(?:\/\/[^\n]*\n\s*)*"/.test(json.slice(ve).replace(/\n\s*/g, '\n'));
  const comma = needsComma ? ',' : '';
  if (location.isAtPropertyKey) {
    const objPath = location.path.slice(0, -1);
    const schema = schemaAt(objPath);
    if (!schema?.properties) return [];
    const present = new Set<string>();
    const obj = root ? findObject(root, objPath) : undefined;
    for (const p of obj?.children ?? []) {
      const key = p.children?.[0];
      if (key && !(key.offset <= v && v <= key.offset + key.length)) present.add(String(key.value));
    }
    return Object.entries(schema.properties)
      .filter(([k]) => !present.has(k))
      .map(([k, s], i) => {
        const path = [...objPath, k];
        const required = isRequired(path);
        return {
          label: k,
          kind: 'header-key' as const,
          detail: `${path.join('.')} · ${describeSchemaType(s)}${required ? ' · required' : ''}`,
          documentation: s.description,
          insertText: `${escapeSnippet(JSON.stringify(k))}: ${valueSnippet(k, s)}${comma}`,
          isSnippet: true,
          replace,
          filterText: json.slice(vs, vs + 1) === '"' ? JSON.stringify(k) : k,
          sortText: `${required ? 0 : 1}${String(i).padStart(2, '0')}`,
        };
      });
  }
  const path = location.path;
  const schema = schemaAt(path);
  if (!schema) return [];
  const quoted = json.slice(vs, vs + 1) === '"';
  const value = (label: string, kind: CompletionKindName, detail: string, documentation: string | undefined, raw: string, sort: string): CompletionEntry => ({
    label,
    kind,
    detail,
    documentation,
    insertText: raw + comma,
    replace,
    filterText: quoted ? raw : label,
    sortText: sort,
  });
  if (path[0] === 'invariants_wired' && typeof path[1] === 'number') {
    const arr = root ? findObject(root, ['invariants_wired']) : undefined;
    const present = new Set((arr?.children ?? []).filter((c) => !(c.offset <= v && v <= c.offset + c.length)).map((c) => String(c.value)));
    const used = new Set(governedConstructs(ctx.doc.model).map((c) => c.invariant).filter((x): x is NonNullable<typeof x> => !!x));
    return INVARIANT_NAMES.filter((n) => !present.has(n)).map((n) =>
      value(n, 'invariant', `invariant ${INVARIANT_NAMES.indexOf(n) + 1}${used.has(n) ? ' · used in this file' : ''}`, invariantMarkdown(n, undefined), JSON.stringify(n), `${used.has(n) ? 0 : 1}${INVARIANT_NAMES.indexOf(n)}`),
    );
  }
  if (schema.enum) return schema.enum.map((e, i) => value(e, 'value', path.join('.'), (e in VETO_STATES && path[1] === 'veto_fuse_status' ? VETO_STATES[e] : undefined), JSON.stringify(e), String(i)));
  if (schema.const !== undefined) return [value(schema.const, 'value', path.join('.'), schema.description, JSON.stringify(schema.const), '0')];
  if (schema.type === 'boolean') return ['true', 'false'].map((b, i) => value(b, 'value', path.join('.'), schema.description, b, String(i)));
  return [];
}

// ---- helpers --------------------------------------------------------------------------------------------------------

/** The JSON node at a path of the header (objects by key, arrays by index). */
function findObject(root: JsonNode, path: readonly (string | number)[]): JsonNode | undefined {
  let n: JsonNode | undefined = root;
  for (const seg of path) {
    if (!n) return undefined;
    if (n.type === 'object') n = n.children?.find((p) => p.children?.[0]?.value === seg)?.children?.[1];
    else if (n.type === 'array' && typeof seg === 'number') n = n.children?.[seg];
    else return undefined;
  }
  return n;
}

/** The value part of a header key snippet: a placeholder of the right JSON type, on one line. */
function valueSnippet(key: string, s: SchemaNode): string {
  const defaults: Record<string, string> = {
    constitution_id: '"${1:TrustSlice_TSv0_1}"',
    E_ext_max_const: '${1:0.75}',
    min_pause_ms_const: '${1:3000}',
    E_ext_chapel_threshold: '${1:0.375}',
    trust_slice_window: '${1:16}',
    audit_max_steps_const: '${1:10}',
    max_model_delta_const: '${1:0.1}',
    max_policy_divergence_const: '${1:0.2}',
    max_E_ext_delta_const: '${1:0.05}',
    primary: '["${1:steward_council}"]',
    invariants_wired: `[${INVARIANT_NAMES.map((n) => JSON.stringify(n)).join(', ')}]`,
  };
  if (defaults[key]) return defaults[key];
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return `"\${1|${s.enum.join(',')}|}"`;
  switch (s.type) {
    case 'boolean':
      return '${1|true,false|}';
    case 'number':
    case 'integer':
      return '${1:0}';
    case 'string':
      return '"$1"';
    case 'array':
      return '[$1]';
    case 'object':
      return '{ $1 }';
    default:
      return '$1';
  }
}
