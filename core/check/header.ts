// The ethics header of seed 002 §3: read from the `// compiler_ethics_v0_1: { … }` block at the top of an .amp file or
// from a `compiler_ethics.json` manifest, checked against schemas/compiler_ethics.schema.json, offsets mapped back.

import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { createScanner, parseTree, printParseErrorCode, SyntaxKind, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import schema from '../../schemas/compiler_ethics.schema.json';
import { CODES, type Code } from '../codes';
import { sortDiagnostics, type Diagnostic, type Fix, type RelatedInfo } from '../diagnostics';
import { isHeaderComment } from '../syntax/parser';
import type { Token } from '../syntax/tokens';
import { childNode, isNode, tokensOf, type Node } from '../syntax/tree';
import { didYouMean, suggest } from '../util/suggest';
import type { GovernanceStack } from './governance';

// ---- public types -------------------------------------------------------------------------------------------------

/** A span of a file, `[start, end)` in UTF-16 offsets. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/** The five constitutional invariants of seed 002 §2, as `invariants_wired` names them (the schema's enum). */
export const INVARIANT_NAMES = [
  'E_EXT_RED_BOUNDARY',
  'INDEPENDENT_VETO_CHAPEL',
  'NO_UNBOUNDED_REWRITE_UNDER_AUDIT',
  'SILENCE_BANDS_PROTECTED',
  'SCARS_DURABLE_FORGIVENESS_BOUNDED',
] as const;

/** One of {@link INVARIANT_NAMES}. */
export type InvariantName = (typeof INVARIANT_NAMES)[number];

/** `answerable_to`: who the system answers to, in escalation order. */
export interface AnswerableTo {
  readonly primary?: readonly string[];
  readonly secondary?: readonly string[];
  readonly last_resort?: string;
}

/** `trust_slice_status`: the coarse state a governance HUD shows. */
export interface TrustSliceStatus {
  readonly beta1_lap?: number;
  readonly veto_fuse_status?: 'ok' | 'strained' | 'tripped';
  readonly scar_tone?: 'vigilance' | 'earned_forgiveness' | 'unresolved';
  readonly unresolved_scar?: boolean;
}

/** `zk_proof_handles`: handles for civic memory witnesses. */
export interface ZkProofHandles {
  readonly pause_invariants?: boolean;
  readonly hazard_caps_respected?: boolean;
  readonly consent_silence_bands_intact?: boolean;
  readonly scars_monotone?: boolean;
}

/**
 * The header as rules read it. Partial on purpose: a field is present only when it is in the JSON and valid against
 * the schema (right type, in range, allowed value). Anything else is left out, and the header check has reported it,
 * so rules never act on a value the user has been told is wrong. Array entries are kept one by one (an unknown
 * invariant name drops that name, not the list); unknown fields are not kept. Where a key is repeated, the first
 * occurrence counts (AMP-H009 reports the others).
 */
export interface EthicsHeader {
  readonly compiler_ethics_v?: '0.1';
  readonly answerable_to?: AnswerableTo;
  readonly governance_stack?: GovernanceStack;
  readonly invariants_wired?: readonly InvariantName[];
  readonly trust_slice_status?: TrustSliceStatus;
  readonly zk_proof_handles?: ZkProofHandles;
}

/** What reading a header (or manifest) gives: its diagnostics, its typed values, and where each value is. */
export interface HeaderResult {
  /** AMP-H diagnostics, sorted, with offsets in the file the header lives in (the .amp file or the manifest). */
  readonly diagnostics: Diagnostic[];
  readonly header: EthicsHeader;
  /**
   * The range of a field's value in the file, for related information in other diagnostics. `path` is dotted, e.g.
   * 'governance_stack.E_ext_max_const', 'invariants_wired' or 'invariants_wired.0'; the first occurrence of a repeated
   * key. Undefined when the field is absent or the JSON did not get that far.
   */
  locate(path: string): Range | undefined;
  /**
   * Where a new name can be added to `invariants_wired` (when it is an array): insert `prefix + '"NAME"'` at `offset`.
   * The text stays on one line, so it is valid inside a `//` header line too.
   */
  readonly invariantsInsertAt?: { readonly offset: number; readonly prefix: string };
}

/**
 * The JSON inside a header block, as one text, with the map back to the .amp file. The text is the marker line after
 * `compiler_ethics_v0_1:`, then each following line after its leading `//`, joined by "\n"; it stops at the end of
 * the line on which the JSON value closes (later lines of the block are ordinary comments).
 */
export interface HeaderJson {
  readonly text: string;
  /** The `// compiler_ethics_v0_1:` prefix of the block's first line. */
  readonly marker: Range;
  /** The whole `//` block as the parser grouped it, ordinary trailing comments included. */
  readonly block: Range;
  /** The end of the last line that belongs to the JSON; block lines after it are ordinary comments. */
  readonly jsonEnd: number;
  /** Maps an offset of `text` (0 … text.length) to the .amp file. Every offset maps; "\n" maps to its line's end. */
  toSource(offset: number): number;
  /** Maps a range of `text` to the .amp file. A range over several lines also covers the `//` prefixes between. */
  toSourceRange(start: number, end: number): Range;
  /** Maps a file offset into `text`, or undefined when it is not part of the JSON (a `//` prefix, outside). */
  toVirtual(offset: number): number | undefined;
}

// ---- header block → virtual JSON ----------------------------------------------------------------------------------

/** The marker prefix of a header line. Detection goes through the parser's isHeaderComment; this only measures it. */
const MARKER_RE = /^\/\/\s*compiler_ethics_v0_1\s*:/;

/** One line of the virtual JSON: `length` characters that start at `virtualStart` in the JSON and `sourceStart` in the file. */
interface Segment {
  readonly virtualStart: number;
  readonly sourceStart: number;
  readonly length: number;
}

/**
 * The virtual JSON of the file's header block with its offset map, or undefined when the file has no header block
 * (the parser only groups one when it is the first thing in the file).
 */
export function extractHeaderJson(tree: Node, text: string): HeaderJson | undefined {
  const header = childNode(tree, 'Header');
  if (!header) return undefined;
  const comments = header.children.filter((c): c is Token => !isNode(c) && c.kind === 'Comment');
  if (comments.length === 0) return undefined;
  const first = comments[0];
  const markerLength = MARKER_RE.exec(text.slice(first.start, first.end))?.[0].length ?? 0;

  const all: Segment[] = [];
  let at = 0;
  comments.forEach((c, i) => {
    const sourceStart = i === 0 ? first.start + markerLength : c.start + 2;
    const length = Math.max(0, c.end - sourceStart);
    all.push({ virtualStart: at, sourceStart, length });
    at += length + 1;
  });
  const fullText = all.map((s) => text.slice(s.sourceStart, s.sourceStart + s.length)).join('\n');

  // The JSON ends on the line where its value closes; a value that never closes takes the whole block.
  const end = firstValueEnd(fullText);
  let lineCount = all.length;
  if (end !== undefined) {
    const last = all.findIndex((s) => end - 1 < s.virtualStart + s.length + 1);
    if (last >= 0) lineCount = last + 1;
  }
  const segments = all.slice(0, lineCount);
  const lastSeg = segments[segments.length - 1];
  const json = fullText.slice(0, lastSeg.virtualStart + lastSeg.length);

  const toSource = (offset: number): number => {
    const o = Math.max(0, Math.min(offset, json.length));
    const s = segmentAt(segments, o, (g) => g.virtualStart);
    // An offset past a line's text is the "\n" that joins it to the next line: the end of that comment line.
    return s.sourceStart + Math.min(o - s.virtualStart, s.length);
  };
  return {
    text: json,
    marker: { start: first.start, end: first.start + markerLength },
    block: { start: header.start, end: header.end },
    jsonEnd: lastSeg.sourceStart + lastSeg.length,
    toSource,
    toSourceRange: (start, end) => ({ start: toSource(start), end: toSource(Math.max(start, end)) }),
    toVirtual(offset) {
      const s = segmentAt(segments, offset, (g) => g.sourceStart);
      if (offset < s.sourceStart || offset > s.sourceStart + s.length) return undefined;
      return s.virtualStart + (offset - s.sourceStart);
    },
  };
}

/** The last segment whose start (by `key`) is at or before `offset` (the first one when none is). */
function segmentAt(segments: readonly Segment[], offset: number, key: (s: Segment) => number): Segment {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (key(segments[mid]) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return segments[lo];
}

/** Where the first JSON value of `json` ends (comments skipped), or undefined when it never closes or is absent. */
function firstValueEnd(json: string): number | undefined {
  const scanner = createScanner(json, true);
  let depth = 0;
  for (let t = scanner.scan(); t !== SyntaxKind.EOF; t = scanner.scan()) {
    if (t === SyntaxKind.OpenBraceToken || t === SyntaxKind.OpenBracketToken) depth++;
    else if (t === SyntaxKind.CloseBraceToken || t === SyntaxKind.CloseBracketToken) depth--;
    if (depth <= 0) return scanner.getTokenOffset() + scanner.getTokenLength();
  }
  return undefined;
}

/** Deeper than any header needs (the schema is three levels deep) and far from exhausting the stack. */
const MAX_DEPTH = 256;

/** The first bracket that opens level MAX_DEPTH + 1, if any. */
function tooDeep(json: string): Range | undefined {
  const scanner = createScanner(json, true);
  let depth = 0;
  for (let t = scanner.scan(); t !== SyntaxKind.EOF; t = scanner.scan()) {
    if (t === SyntaxKind.OpenBraceToken || t === SyntaxKind.OpenBracketToken) {
      if (++depth > MAX_DEPTH) return { start: scanner.getTokenOffset(), end: scanner.getTokenOffset() + 1 };
    } else if (t === SyntaxKind.CloseBraceToken || t === SyntaxKind.CloseBracketToken) depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** The first significant token of `json`: its kind and span, or undefined when there is only trivia. */
function firstToken(json: string): { kind: SyntaxKind; start: number; end: number } | undefined {
  const scanner = createScanner(json, true);
  const kind = scanner.scan();
  if (kind === SyntaxKind.EOF) return undefined;
  return { kind, start: scanner.getTokenOffset(), end: scanner.getTokenOffset() + scanner.getTokenLength() };
}

// ---- entry points -------------------------------------------------------------------------------------------------

/**
 * Reads and checks the file's own header block. Undefined when the file has no header block at its top; a file
 * without one may still have misplaced markers, which {@link misplacedHeaders} reports. When the block exists, the
 * diagnostics include those misplaced markers too, so one call covers the file.
 */
export function readHeader(tree: Node, text: string): HeaderResult | undefined {
  const hj = extractHeaderJson(tree, text);
  if (!hj) return undefined;
  const misplaced = misplacedHeaders(tree, text, hj);
  const first = firstToken(hj.text);
  if (!first || first.kind !== SyntaxKind.OpenBraceToken) {
    const range = first ? hj.toSourceRange(first.start, first.end) : hj.marker;
    const message = first
      ? "The ethics header must be a JSON object: write '{' after 'compiler_ethics_v0_1:' and close it with '}'"
      : "The ethics header's JSON is missing: write '{ … }' after 'compiler_ethics_v0_1:', on this line and the '//' lines below it";
    const d = diagnostic('AMP-H008', message, clampRange(text, range));
    return { diagnostics: sortDiagnostics([d, ...misplaced]), header: {}, locate: () => undefined };
  }
  const r = analyze(hj.text, hj.toSource, text, 'header');
  return { ...r, diagnostics: sortDiagnostics([...r.diagnostics, ...misplaced]) };
}

/** Reads and checks a standalone `compiler_ethics.json` manifest (JSON with comments; trailing commas accepted). */
export function readManifest(text: string): HeaderResult {
  // Editors save JSON with a byte order mark at times; a space of the same length keeps every offset.
  const json = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  return analyze(json, (o) => Math.max(0, Math.min(o, text.length)), text, 'manifest');
}

/**
 * AMP-H008 for each `// compiler_ethics_v0_1:` comment that is not the file's header: anywhere below the top, or a
 * second marker after the header's JSON has closed. Pass the file's own header (if any) so its lines are skipped.
 */
export function misplacedHeaders(tree: Node, text: string, own: HeaderJson | undefined = extractHeaderJson(tree, text)): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Most files have no marker beyond their own header: finding that out by searching the text spares a token walk.
  const from = own ? own.jsonEnd : 0;
  if (text.indexOf('compiler_ethics_v0_1', from) < 0 && !(own && text.slice(own.block.start, own.jsonEnd).split('compiler_ethics_v0_1').length > 2)) return out;
  for (const t of tokensOf(tree)) {
    if (t.kind !== 'Comment' || text.charCodeAt(t.start + 1) !== 47 /* the second '/' */) continue;
    const line = text.slice(t.start, t.end);
    if (!isHeaderComment(line)) continue;
    if (own && t.start >= own.block.start && t.start < own.jsonEnd) continue;
    const at = { start: t.start, end: t.start + (MARKER_RE.exec(line)?.[0].length ?? line.length) };
    out.push(
      own
        ? diagnostic('AMP-H008', 'A second compiler_ethics_v0_1 block governs nothing: the header at the top of the file is the one that counts', at, {
            related: [{ message: "the file's ethics header", ...own.marker }],
          })
        : diagnostic(
            'AMP-H008',
            'An ethics header must be the first thing in the file; this compiler_ethics_v0_1 block governs nothing here. Move it to the top, above every declaration and comment',
            at,
          ),
    );
  }
  return out;
}

// ---- checking the JSON ---------------------------------------------------------------------------------------------

/** The subset of JSON Schema the walk below relies on. */
interface SchemaNode {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  readonly uniqueItems?: boolean;
}

const SCHEMA = schema as unknown as SchemaNode;

let cachedValidator: ValidateFunction | undefined;

/** The compiled schema, built on first use: compiling costs milliseconds, and most runs never need it. */
function validator(): ValidateFunction {
  if (!cachedValidator) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    // VS Code shows enumDescriptions as hover text; to the validator it is an annotation.
    ajv.addVocabulary(['enumDescriptions']);
    cachedValidator = ajv.compile(schema);
  }
  return cachedValidator;
}

/**
 * Values for a missing required field, inserted by the AMP-H002 fix: the seed's own stub where it has one (the user
 * edits them), every invariant wired (the strict choice) and an empty escalation list (naming who the system answers
 * to is not a default to guess).
 */
const PLACEHOLDERS: Readonly<Record<string, string>> = {
  compiler_ethics_v: '"0.1"',
  answerable_to: '{ "primary": [] }',
  'answerable_to.primary': '[]',
  governance_stack: '{ "constitution_id": "TrustSlice_TSv0_1", "existential_audit": true, "E_ext_max_const": 0.75, "min_pause_ms_const": 3000 }',
  'governance_stack.constitution_id': '"TrustSlice_TSv0_1"',
  'governance_stack.existential_audit': 'true',
  'governance_stack.E_ext_max_const': '0.75',
  'governance_stack.min_pause_ms_const': '3000',
  invariants_wired: `[${INVARIANT_NAMES.map((n) => JSON.stringify(n)).join(', ')}]`,
};

type Kind = 'header' | 'manifest';
type Segs = readonly (string | number)[];

/** Checks one JSON text (a header's virtual JSON or a whole manifest); `map` turns its offsets into file offsets. */
function analyze(json: string, map: (offset: number) => number, file: string, kind: Kind): HeaderResult {
  const out: Diagnostic[] = [];
  const range = (start: number, end: number): Range => clampRange(file, { start: map(start), end: map(Math.max(start, end)) });
  const nodeRange = (n: JsonNode): Range => range(n.offset, n.offset + n.length);
  const report = (code: Code, message: string, at: Range, extras?: { related?: RelatedInfo[]; fixes?: Fix[] }) =>
    out.push(diagnostic(code, message, at, extras));
  const replace = (title: string, n: JsonNode, newText: string): Fix => ({ title, edits: [{ ...nodeRange(n), newText }] });
  const where = kind === 'header' ? 'the header' : 'the manifest';

  // jsonc-parser and the walks below recurse once per level; a pathological nesting would overflow the stack.
  const deep = tooDeep(json);
  if (deep) {
    report('AMP-H001', `${capitalize(where)}'s JSON nests deeper than ${MAX_DEPTH} levels`, range(deep.start, deep.end));
    return { diagnostics: out, header: {}, locate: () => undefined };
  }

  const errors: ParseError[] = [];
  const root = parseTree(json, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  const locate = (path: string): Range | undefined => {
    const n = nodeAt(root, path === '' ? [] : path.split('.'));
    return n ? nodeRange(n) : undefined;
  };

  if (errors.length > 0 || !root) {
    // Until the JSON parses no field is checked: error recovery would guess at structure and report noise.
    const seen = new Set<number>();
    for (const e of errors) {
      if (seen.has(e.offset)) continue;
      seen.add(e.offset);
      report('AMP-H001', parseErrorMessage(e, json, where), range(e.offset, e.offset + e.length), { fixes: parseErrorFixes(e, json, range) });
    }
    if (errors.length === 0) report('AMP-H001', `${capitalize(where)} is empty: expected a JSON object`, range(0, json.length));
    return { diagnostics: sortDiagnostics(out), header: {}, locate };
  }

  // Repeated keys, in every object (extensions included): only the first value counts.
  forEachObject(root, [], (objectNode, segs) => {
    const props = objectNode.children ?? [];
    const seen = new Map<string, JsonNode>();
    for (const p of props) {
      const key = p.children?.[0];
      const name = keyOf(p);
      if (!key || name === undefined) continue;
      const earlier = seen.get(name);
      if (!earlier) {
        seen.set(name, key);
        continue;
      }
      report('AMP-H009', `Duplicate field '${name}' in ${placeName(segs, where)}; the first value counts`, nodeRange(key), {
        related: [{ message: `the first '${name}'`, ...nodeRange(earlier) }],
        fixes: [{ title: `Remove the second '${name}'`, edits: [removal(p, props, range)] }],
      });
    }
  });

  // Unknown fields before required ones: a missing required field may be a misspelling of one, and H002 says so.
  const misspelt = new Map<string, { key: JsonNode; name: string; hint: string }[]>();
  walkSchema(
    root,
    SCHEMA,
    [],
    (objectNode, segs, sub) => {
      const props = objectNode.children ?? [];
      const present = new Set(props.map(keyOf));
      const candidates = Object.keys(sub.properties ?? {}).filter((k) => !present.has(k));
      const reported = new Set<string>();
      for (const p of props) {
        const key = p.children?.[0];
        const name = keyOf(p);
        if (!key || name === undefined || reported.has(name) || !sub.properties || hasOwn(sub.properties, name)) continue;
        reported.add(name);
        const hint = suggest(name, candidates);
        if (hint) misspelt.set(segs.join('.'), [...(misspelt.get(segs.join('.')) ?? []), { key, name, hint }]);
        report(
          'AMP-H006',
          `Unknown field '${name}' in ${placeName(segs, where)}${didYouMean(hint)}; the header is extendable, so an extension only costs this warning`,
          nodeRange(key),
          hint ? { fixes: [replace(`Rename to '${hint}'`, key, JSON.stringify(hint))] } : undefined,
        );
      }
    },
    (arrayNode, segs, sub) => {
      if (!sub.uniqueItems) return;
      const items = arrayNode.children ?? [];
      const firstOf = new Map<string, JsonNode>();
      for (const item of items) {
        if (item.type !== 'string' && item.type !== 'number' && item.type !== 'boolean') continue;
        const id = `${item.type}:${String(item.value)}`;
        const earlier = firstOf.get(id);
        if (!earlier) {
          firstOf.set(id, item);
          continue;
        }
        const shown = json.slice(item.offset, item.offset + item.length);
        report('AMP-H009', `${shown} is listed twice in ${segs.join('.')}`, nodeRange(item), {
          related: [{ message: `the first ${shown}`, ...nodeRange(earlier) }],
          fixes: [{ title: `Remove the second ${shown}`, edits: [removal(item, items, range)] }],
        });
      }
    },
  );

  const value = jsonValue(root);
  const validate = validator();
  validate(value);
  const ajvErrors: ErrorObject[] = validate.errors ?? [];
  // A value of the wrong type also fails its enum/const/minimum; the type is the one thing to fix first.
  const typeFailed = new Set(ajvErrors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  for (const e of ajvErrors) {
    const segs = pointerSegments(e.instancePath);
    const node = nodeAt(root, segs);
    if (!node) continue;
    const path = segs.join('.');
    const shown = json.slice(node.offset, node.offset + node.length);
    switch (e.keyword) {
      case 'required': {
        const name = String(e.params.missingProperty);
        const full = path === '' ? name : `${path}.${name}`;
        const at = path === '' ? range(node.offset, node.offset + 1) : nodeRange(node.parent?.children?.[0] ?? node);
        const typo = misspelt.get(path)?.find((u) => u.hint === name);
        const placeholder = PLACEHOLDERS[full];
        const fixes = placeholder ? [insertField(node, name, placeholder, range)] : undefined;
        report(
          'AMP-H002',
          `Missing required field '${name}' in ${placeName(segs, where)}${typo ? `; is '${typo.name}' a misspelling of it?` : ''}`,
          at,
          { fixes, related: typo ? [{ message: `'${typo.name}' looks like '${name}'`, ...nodeRange(typo.key) }] : undefined },
        );
        break;
      }
      case 'type': {
        const expected = String(e.params.type);
        if (expected === 'integer' && node.type === 'number') {
          report('AMP-H004', `'${path}' must be a whole number, not ${shown}`, nodeRange(node));
          break;
        }
        const what = path === '' ? `${capitalize(where)}` : `'${path}'`;
        const fix = conversionFix(node, expected);
        report('AMP-H003', `${what} must be ${describeType(expected)}, not ${describeNode(node)}`, nodeRange(node), fix ? { fixes: [replace(fix.title, node, fix.text)] } : undefined);
        break;
      }
      case 'const': {
        if (typeFailed.has(e.instancePath)) break;
        const allowed = JSON.stringify(e.params.allowedValue);
        const code: Code = path === 'compiler_ethics_v' ? 'AMP-H007' : 'AMP-H004';
        const message =
          code === 'AMP-H007'
            ? `Unsupported compiler_ethics version ${shown}; this checker knows ${allowed} only (the marker says v0_1 too)`
            : `'${path}' must be ${allowed}, not ${shown}`;
        report(code, message, nodeRange(node), { fixes: [replace(`Replace with ${allowed}`, node, allowed)] });
        break;
      }
      case 'enum': {
        if (typeFailed.has(e.instancePath)) break;
        const allowed = (e.params.allowedValues as unknown[]).map(String);
        const isInvariant = segs.length === 2 && segs[0] === 'invariants_wired';
        const word = String(node.value);
        const hint = isInvariant ? suggestInvariant(word) : suggest(word, allowed);
        const fixes = hint ? [replace(`Replace with "${hint}"`, node, JSON.stringify(hint))] : undefined;
        if (isInvariant)
          report('AMP-H005', `Unknown invariant ${shown}${didYouMean(hint)}; seed 002's five are ${INVARIANT_NAMES.join(', ')}`, nodeRange(node), { fixes });
        else report('AMP-H004', `'${path}' must be ${orList(allowed.map((a) => JSON.stringify(a)))}, not ${shown}${didYouMean(hint)}`, nodeRange(node), { fixes });
        break;
      }
      case 'minimum':
      case 'exclusiveMinimum':
      case 'maximum':
      case 'exclusiveMaximum': {
        if (typeFailed.has(e.instancePath)) break;
        const op = { minimum: '≥', exclusiveMinimum: '>', maximum: '≤', exclusiveMaximum: '<' }[e.keyword];
        report('AMP-H004', `'${path}' must be ${op} ${String(e.params.limit)}, not ${shown}`, nodeRange(node));
        break;
      }
      case 'uniqueItems':
        // Reported by the walk above, with the first occurrence as related information.
        break;
      default:
        report('AMP-H004', `'${path || where}' ${e.message ?? 'is not allowed'}`, nodeRange(node));
    }
  }

  // A field is typed only when valid: errors at a value (or inside a scalar) exclude it; 'required' and
  // 'uniqueItems' are about the container, whose other fields stay usable.
  const bad = new Set(ajvErrors.filter((e) => e.keyword !== 'required' && e.keyword !== 'uniqueItems').map((e) => e.instancePath));
  const header = (typedCopy(value, SCHEMA, '', bad) ?? {}) as EthicsHeader;

  const wired = nodeAt(root, ['invariants_wired']);
  let invariantsInsertAt: HeaderResult['invariantsInsertAt'];
  if (wired?.type === 'array') {
    const last = wired.children?.[wired.children.length - 1];
    invariantsInsertAt = last ? { offset: map(last.offset + last.length), prefix: ', ' } : { offset: map(wired.offset + 1), prefix: '' };
  }
  return { diagnostics: sortDiagnostics(out), header, locate, invariantsInsertAt };
}

/** Builds a diagnostic with the code's severity from the one table. */
function diagnostic(code: Code, message: string, at: Range, extras?: { related?: RelatedInfo[]; fixes?: Fix[] }): Diagnostic {
  return {
    code,
    severity: CODES[code].severity,
    message,
    start: at.start,
    end: at.end,
    ...(extras?.related?.length ? { related: extras.related } : {}),
    ...(extras?.fixes?.length ? { fixes: extras.fixes } : {}),
  };
}

// ---- JSON tree helpers ----------------------------------------------------------------------------------------------

function hasOwn(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/** A property node's key, or undefined for a property the parser could not complete. */
function keyOf(property: JsonNode): string | undefined {
  const k = property.children?.[0];
  return k?.type === 'string' ? String(k.value) : undefined;
}

/** The value node at `segs`, following the first occurrence of each key (the one the checker reads). */
function nodeAt(root: JsonNode | undefined, segs: Segs): JsonNode | undefined {
  let n = root;
  for (const seg of segs) {
    if (!n) return undefined;
    if (n.type === 'object') n = n.children?.find((p) => keyOf(p) === String(seg))?.children?.[1];
    else if (n.type === 'array' && /^\d+$/.test(String(seg))) n = n.children?.[Number(seg)];
    else return undefined;
  }
  return n;
}

/** The segments of an ajv instancePath (a JSON Pointer: `/a/b`, with `~1` for '/' and `~0` for '~'). */
function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function pointerEscape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The JavaScript value of a node. Unlike jsonc-parser's getNodeValue, the first of repeated keys wins (as AMP-H009
 * says), and keys such as `__proto__` become own properties instead of touching the prototype.
 */
function jsonValue(n: JsonNode): unknown {
  switch (n.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const p of n.children ?? []) {
        const key = keyOf(p);
        const v = p.children?.[1];
        if (key === undefined || !v || hasOwn(o, key)) continue;
        Object.defineProperty(o, key, { value: jsonValue(v), enumerable: true, writable: true, configurable: true });
      }
      return o;
    }
    case 'array':
      return (n.children ?? []).map(jsonValue);
    default:
      return n.value;
  }
}

/** Calls `visit` for every object in the tree, extensions included, with its path. */
function forEachObject(n: JsonNode, segs: Segs, visit: (n: JsonNode, segs: Segs) => void): void {
  if (n.type === 'object') {
    visit(n, segs);
    for (const p of n.children ?? []) {
      const key = keyOf(p);
      const v = p.children?.[1];
      if (key !== undefined && v) forEachObject(v, [...segs, key], visit);
    }
  } else if (n.type === 'array') (n.children ?? []).forEach((item, i) => forEachObject(item, [...segs, i], visit));
}

/**
 * Walks the JSON tree along the schema: `onObject` for each object the schema describes with properties, `onArray`
 * for each array it describes. Fields the schema does not know are not entered.
 */
function walkSchema(
  n: JsonNode,
  s: SchemaNode,
  segs: Segs,
  onObject: (n: JsonNode, segs: Segs, s: SchemaNode) => void,
  onArray: (n: JsonNode, segs: Segs, s: SchemaNode) => void,
): void {
  if (n.type === 'object' && s.properties) {
    onObject(n, segs, s);
    const done = new Set<string>();
    for (const p of n.children ?? []) {
      const key = keyOf(p);
      const v = p.children?.[1];
      if (key === undefined || !v || done.has(key) || !hasOwn(s.properties, key)) continue;
      done.add(key);
      walkSchema(v, s.properties[key], [...segs, key], onObject, onArray);
    }
  } else if (n.type === 'array' && s.items) {
    onArray(n, segs, s);
    (n.children ?? []).forEach((item, i) => walkSchema(item, s.items!, [...segs, i], onObject, onArray));
  }
}

/** The schema-shaped part of `value` that has no error at or inside it (see {@link EthicsHeader}). */
function typedCopy(value: unknown, s: SchemaNode, pointer: string, bad: ReadonlySet<string>): unknown {
  if (bad.has(pointer)) return undefined;
  if (s.type === 'object') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const out: Record<string, unknown> = {};
    for (const [k, sub] of Object.entries(s.properties ?? {})) {
      if (!hasOwn(value, k)) continue;
      const v = typedCopy((value as Record<string, unknown>)[k], sub, `${pointer}/${pointerEscape(k)}`, bad);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  if (s.type === 'array') {
    if (!Array.isArray(value)) return undefined;
    const items: unknown[] = [];
    value.forEach((item, i) => {
      const v = s.items ? typedCopy(item, s.items, `${pointer}/${i}`, bad) : item;
      if (v !== undefined && !(s.uniqueItems && items.includes(v))) items.push(v);
    });
    return items;
  }
  return value;
}

// ---- fixes ----------------------------------------------------------------------------------------------------------

/**
 * Deletes `node` (a property or an array item) with the separator before it: from the end of the previous sibling
 * to the end of the node. Both ends lie inside JSON text, so in a header the edit joins at most `//` lines into one
 * `//` line and stays valid. The first sibling is deleted with the comma after it instead.
 */
function removal(node: JsonNode, siblings: readonly JsonNode[], range: (s: number, e: number) => Range): { start: number; end: number; newText: string } {
  const i = siblings.indexOf(node);
  const end = node.offset + node.length;
  if (i > 0) {
    const prev = siblings[i - 1];
    return { ...range(prev.offset + prev.length, end), newText: '' };
  }
  const next = siblings[i + 1];
  return { ...range(node.offset, next ? next.offset : end), newText: '' };
}

/** Inserts `"name": value` into an object, on the line of its last field (or of its `{`), so `//` lines stay intact. */
function insertField(obj: JsonNode, name: string, value: string, range: (s: number, e: number) => Range): Fix {
  const props = obj.children ?? [];
  const last = props[props.length - 1];
  const field = `${JSON.stringify(name)}: ${value}`;
  const at = last ? last.offset + last.length : obj.offset + 1;
  return { title: `Add ${field}`, edits: [{ ...range(at, at), newText: last ? `, ${field}` : ` ${field} ` }] };
}

/** A replacement for a value that only has the wrong JSON type: "3000" → 3000, "true" → true, 0.1 → "0.1", "x" → ["x"]. */
function conversionFix(node: JsonNode, expected: string): { title: string; text: string } | undefined {
  const v: unknown = node.value;
  let text: string | undefined;
  if (expected === 'boolean' && node.type === 'string' && /^(true|false)$/i.test(String(v))) text = String(v).toLowerCase();
  else if ((expected === 'number' || expected === 'integer') && node.type === 'string') {
    const s = String(v).trim();
    const num = Number(s);
    if (s !== '' && Number.isFinite(num) && (expected === 'number' || Number.isInteger(num))) text = JSON.stringify(num);
  } else if (expected === 'string' && (node.type === 'number' || node.type === 'boolean')) text = JSON.stringify(String(v));
  else if (expected === 'array' && node.type === 'string') text = `[${JSON.stringify(v)}]`;
  return text === undefined ? undefined : { title: `Replace with ${text}`, text };
}

/** The fix for a missing comma: insert it after the value before the token the parser stopped at. */
function parseErrorFixes(e: ParseError, json: string, range: (s: number, e: number) => Range): Fix[] | undefined {
  if (printParseErrorCode(e.error) !== 'CommaExpected') return undefined;
  const scanner = createScanner(json, true);
  let prevEnd: number | undefined;
  for (let t = scanner.scan(); t !== SyntaxKind.EOF && scanner.getTokenOffset() < e.offset; t = scanner.scan())
    prevEnd = scanner.getTokenOffset() + scanner.getTokenLength();
  if (prevEnd === undefined) return undefined;
  return [{ title: "Insert ','", edits: [{ ...range(prevEnd, prevEnd), newText: ',' }] }];
}

// ---- messages -------------------------------------------------------------------------------------------------------

/** A parse error in words, quoting the offending text when it is short. */
function parseErrorMessage(e: ParseError, json: string, where: string): string {
  const found = json.slice(e.offset, e.offset + e.length);
  const quoted = found.length > 0 && found.length <= 40 && !/[\r\n]/.test(found) ? ` '${found}'` : '';
  const base = ((): string => {
    switch (printParseErrorCode(e.error)) {
      case 'InvalidSymbol':
        return `unexpected${quoted || ' character'}`;
      case 'InvalidNumberFormat':
      case 'UnexpectedEndOfNumber':
        return `malformed number${quoted}`;
      case 'PropertyNameExpected':
        return `expected a field name in double quotes${quoted ? `, found${quoted}` : ''}`;
      case 'ValueExpected':
        return `expected a value${quoted ? `, found${quoted}` : ''}`;
      case 'ColonExpected':
        return `expected ':' after the field name${quoted ? `, found${quoted}` : ''}`;
      case 'CommaExpected':
        return `expected ',' between entries${quoted ? `, before${quoted}` : ''}`;
      case 'CloseBraceExpected':
        return `expected '}' to close the object${quoted ? `, found${quoted}` : ''}`;
      case 'CloseBracketExpected':
        return `expected ']' to close the array${quoted ? `, found${quoted}` : ''}`;
      case 'EndOfFileExpected':
        return `unexpected${quoted || ' text'} after the end of the JSON object`;
      case 'InvalidCommentToken':
      case 'UnexpectedEndOfComment':
        return 'unterminated block comment';
      case 'UnexpectedEndOfString':
        return 'unterminated string: a JSON string ends on the line it starts';
      case 'InvalidUnicode':
        return 'invalid \\u escape in a string';
      case 'InvalidEscapeCharacter':
        return 'invalid escape in a string';
      case 'InvalidCharacter':
        return 'invalid character in a string (control characters must be escaped)';
      default:
        return 'syntax error';
    }
  })();
  return `${capitalize(where)}'s JSON: ${base}`;
}

/** "the header", "answerable_to" or "governance_stack": where a field lives, for messages. */
function placeName(segs: Segs, where: string): string {
  return segs.length === 0 ? where : segs.join('.');
}

function describeType(t: string): string {
  switch (t) {
    case 'boolean':
      return 'a boolean (true or false)';
    case 'integer':
      return 'a whole number';
    case 'object':
      return 'a JSON object { … }';
    case 'array':
      return 'an array [ … ]';
    default:
      return `a ${t}`;
  }
}

function describeNode(n: JsonNode): string {
  switch (n.type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'null':
      return 'null';
    default:
      return `a ${n.type}`;
  }
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The closest invariant name: by spelling first, then by words, since people recall an invariant by its idea rather
 * than its exact name (CHAPEL_VETO for INDEPENDENT_VETO_CHAPEL). A word match must be unambiguous.
 */
function suggestInvariant(word: string): string | undefined {
  const bySpelling = suggest(word, INVARIANT_NAMES);
  if (bySpelling) return bySpelling;
  const parts = word.toUpperCase().split(/[^A-Z0-9]+/).filter(Boolean);
  if (parts.length === 0) return undefined;
  const hits = INVARIANT_NAMES.filter((n) => parts.every((p) => n.split('_').includes(p)));
  return hits.length === 1 ? hits[0] : undefined;
}

/** Widens a range so that it never splits a surrogate pair (editors count UTF-16 units, users see characters). */
function clampRange(text: string, r: Range): Range {
  const isHigh = (i: number) => i >= 0 && i < text.length && (text.charCodeAt(i) & 0xfc00) === 0xd800;
  const isLow = (i: number) => i >= 0 && i < text.length && (text.charCodeAt(i) & 0xfc00) === 0xdc00;
  let { start, end } = r;
  start = Math.max(0, Math.min(start, text.length));
  end = Math.max(start, Math.min(end, text.length));
  if (isLow(start) && isHigh(start - 1)) start--;
  if (isLow(end) && isHigh(end - 1)) end++;
  return { start, end };
}
