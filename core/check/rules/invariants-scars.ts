// Invariant 5 (scars are durable; forgiveness is bounded): scars are resolved only by a restorative event and kernels
// are never edited from agent code (AMP-G009), triggers and kernels are valid (AMP-G012), and scars can fade (AMP-G013).

import type { TextEdit } from '../../diagnostics';
import { argsOf, nameOfValue, numberOf, properties, type Name, type Property } from '../../syntax/ast';
import { childNode, childNodes, isNode, type Node } from '../../syntax/tree';
import { didYouMean, suggest } from '../../util/suggest';
import type { Rule, RuleContext } from './context';
import { eventHandlers, inAgents, isProtectedChannel, keywordOnly, keywordSpan, lineIndent, newlineOf, RESTORATIVE_EVENT, show } from './invariants-common';

/** Scar triggers (seed 002, invariant 5) and their parameters. `from` takes a channel; the others numbers above 0. */
export const SCAR_TRIGGERS: Readonly<Record<string, readonly string[]>> = {
  E_ext_spike: ['above'],
  beta1_lap_excursion: ['min', 'max'],
  incident_report: ['from'],
};

/** Forgiveness kernels (the seed's "e.g., Gamma vs. Weibull") and their parameters, all numbers above 0. */
export const FORGIVENESS_KERNELS: Readonly<Record<string, readonly string[]>> = {
  gamma: ['shape', 'scale'],
  weibull: ['shape', 'scale'],
};

/** The kernel the AMP-G013 fix adds: a gamma curve with a mode at 30 steps, a placeholder to tune. */
export const PLACEHOLDER_KERNEL = 'forgiveness gamma(shape: 2, scale: 30)';

/** A valid `trigger …` or `forgiveness …` entry: its name and parameters (numbers, or a channel name for `from`). */
export interface ScarEntry {
  readonly kind: 'trigger' | 'forgiveness';
  readonly name: string;
  readonly params: Readonly<Record<string, number | string>>;
  readonly node: Node;
}

/** The valid triggers and kernels of every `scars` block, in source order; invalid entries are left out (AMP-G012). */
export function readScars(tree: Node, source: string): ScarEntry[] {
  const out: ScarEntry[] = [];
  for (const p of scarProperties(tree, source)) {
    const e = readEntry(p, source);
    if (e && e.problems.length === 0) out.push({ kind: p.key.text as ScarEntry['kind'], name: e.name.text, params: e.params, node: p.node });
  }
  return out;
}

function scarProperties(tree: Node, source: string): Property[] {
  const out: Property[] = [];
  for (const decl of childNodes(tree, 'ScarsDecl')) {
    const block = childNode(decl, 'PropertyBlock');
    if (block) out.push(...properties(block, source));
  }
  return out;
}

interface EntryReading {
  readonly call: Node;
  readonly name: Name;
  readonly params: Record<string, number | string>;
  readonly problems: { message: string; at: { start: number; end: number }; fix?: { title: string; edits: TextEdit[] } }[];
}

/** Reads a trigger or kernel call and lists what is wrong with it; undefined when the entry is not even a call or name. */
function readEntry(p: Property, source: string, isProtected: (channel: string) => boolean = () => true): EntryReading | undefined {
  const catalog = p.key.text === 'trigger' ? SCAR_TRIGGERS : p.key.text === 'forgiveness' ? FORGIVENESS_KERNELS : undefined;
  const call = p.values.length === 1 ? p.values[0] : undefined;
  const name = nameOfValue(call, source);
  if (!catalog || !call || !name) return undefined;
  const what = p.key.text === 'trigger' ? 'trigger' : 'forgiveness kernel';
  const problems: EntryReading['problems'] = [];
  const params: Record<string, number | string> = {};
  const expected = catalog[name.text];
  if (!expected) {
    const hint = suggest(name.text, Object.keys(catalog));
    problems.push({
      message: `Unknown ${what} '${name.text}'${didYouMean(hint)}; the ${what}s are ${Object.keys(catalog).join(', ')}`,
      at: name,
      fix: hint ? { title: `Change to '${hint}'`, edits: [{ start: name.start, end: name.end, newText: hint }] } : undefined,
    });
    return { call, name, params, problems };
  }
  const signature = `${name.text}(${expected.map((k) => `${k}: …`).join(', ')})`;
  const list = childNode(call, 'ArgList');
  for (const arg of list ? argsOf(list, source) : []) {
    const key = arg.name?.text;
    if (!key) {
      problems.push({ message: `Parameters are named: ${signature}`, at: arg.node });
      continue;
    }
    if (!expected.includes(key)) {
      const hint = suggest(key, expected);
      problems.push({
        message: `Unknown parameter '${key}' of ${name.text}${didYouMean(hint)}; expected ${signature}`,
        at: arg.name!,
        fix: hint ? { title: `Change to '${hint}'`, edits: [{ start: arg.name!.start, end: arg.name!.end, newText: hint }] } : undefined,
      });
      continue;
    }
    if (key in params) {
      problems.push({ message: `'${key}' is given twice; the first one counts`, at: arg.node });
      continue;
    }
    const at = arg.value ?? arg.node;
    if (key === 'from') {
      const channel = nameOfValue(arg.value, source)?.text;
      if (!channel) problems.push({ message: `'from' names a protected channel, e.g. incident_report(from: steward)`, at });
      else if (!isProtected(channel)) problems.push({ message: `Incident reports come from a protected channel (seed 002: "manual incident reports from Symbios"); '${channel}' is not one`, at });
      params[key] = channel ?? '';
      continue;
    }
    const v = numberOf(arg.value, source);
    params[key] = v;
    if (!(v > 0)) problems.push({ message: `${name.text}'s '${key}' must be a number above 0; got '${source.slice(at.start, at.end)}'`, at });
  }
  const missing = expected.filter((k) => !(k in params));
  if (missing.length) problems.push({ message: `${name.text} is missing ${missing.map((k) => `'${k}'`).join(' and ')}: ${signature}`, at: call });
  const { min, max } = params;
  if (name.text === 'beta1_lap_excursion' && typeof min === 'number' && typeof max === 'number' && min > 0 && max > 0 && !(min < max))
    problems.push({ message: `The β₁_lap corridor needs min below max; got min ${show(min)} and max ${show(max)}`, at: call });
  return { call, name, params, problems };
}

/** AMP-G012: unknown triggers or kernels, missing or non-positive parameters, a corridor whose min is not below its max. */
export const scarEntries: Rule = (ctx) => {
  const { source, governance } = ctx;
  for (const p of scarProperties(ctx.model.tree, source)) {
    if (p.key.text !== 'trigger' && p.key.text !== 'forgiveness') {
      const hint = suggest(p.key.text, ['trigger', 'forgiveness']);
      ctx.report('AMP-G012', `Unknown scars entry '${p.key.text}'${didYouMean(hint)}; a scars block holds 'trigger …' and 'forgiveness …' entries`, p.key, {
        fixes: hint ? [{ title: `Change to '${hint}'`, edits: [{ start: p.key.start, end: p.key.end, newText: hint }] }] : undefined,
      });
      continue;
    }
    const example = p.key.text === 'trigger' ? 'trigger E_ext_spike(above: 0.5)' : PLACEHOLDER_KERNEL;
    const reading = readEntry(p, source, (c) => isProtectedChannel(c, governance));
    if (!reading) {
      const at = p.values.length ? { start: p.values[0].start, end: p.values[p.values.length - 1].end } : p.key;
      ctx.report('AMP-G012', `'${p.key.text}' takes one ${p.key.text === 'trigger' ? 'trigger' : 'kernel'}, e.g. ${example}`, at);
      continue;
    }
    for (const problem of reading.problems) ctx.report('AMP-G012', problem.message, problem.at, { fixes: problem.fix ? [problem.fix] : undefined });
  }
};

/** The edit that adds {@link PLACEHOLDER_KERNEL}: last in the first scars block, or in a new block at the end of the file. */
function addKernelEdit(source: string, decl: Node | undefined): TextEdit | undefined {
  const nl = newlineOf(source);
  if (!decl) {
    const lead = source === '' || source.endsWith('\n') || source.endsWith('\r') ? '' : nl;
    return { start: source.length, end: source.length, newText: `${lead}${nl}scars {${nl}  ${PLACEHOLDER_KERNEL}${nl}}${nl}` };
  }
  const block = childNode(decl, 'PropertyBlock');
  const close = block?.children.find((c) => !isNode(c) && c.kind === 'RBrace');
  if (!block || !close) return undefined;
  const members = childNodes(block);
  const last = members[members.length - 1];
  if (last && /[\n\r]/.test(source.slice(block.start, last.start)))
    return { start: last.end, end: last.end, newText: `${nl}${lineIndent(source, last.start)}${PLACEHOLDER_KERNEL}` };
  return { start: close.start, end: close.start, newText: `${source[close.start - 1] === ' ' ? '' : ' '}${PLACEHOLDER_KERNEL} ` };
}

/** AMP-G013: scars declared or recorded, and no forgiveness kernel says how they fade. */
export const scarsNeedKernel: Rule = (ctx) => {
  const { source, model } = ctx;
  const decls = childNodes(model.tree, 'ScarsDecl');
  const props = scarProperties(model.tree, source);
  if (props.some((p) => p.key.text === 'forgiveness')) return;
  const scarStmt = inAgents(model, 'ScarStmt')[0];
  if (!decls.length && !scarStmt) return;
  const at = decls.length ? keywordOnly(decls[0]) : keywordSpan(scarStmt);
  const edit = addKernelEdit(source, decls[0]);
  ctx.report(
    'AMP-G013',
    `${decls.length ? 'Scars are declared' : 'This records a scar'} but no forgiveness kernel says how scars fade: a scar may fade in colour, never vanish, and only along a kernel fixed at constitution time (seed 002, invariant 5); add e.g. ${PLACEHOLDER_KERNEL}`,
    at,
    { fixes: edit ? [{ title: `Add ${PLACEHOLDER_KERNEL}`, edits: [edit] }] : undefined },
  );
};

/** AMP-G009: `resolve scar` outside `on event restorative_process_completed`, and `forgiveness …` in agent code. */
export const scarsDurable: Rule = (ctx) => {
  const { model } = ctx;
  const restorative = new Set(eventHandlers(model).filter((e) => e.event === RESTORATIVE_EVENT).map((e) => e.node));
  for (const n of model.index.inAgents('ResolveStmt')) {
    const h = model.index.placeOf(n).handler;
    if (h && restorative.has(h)) continue;
    {
      {
        ctx.report(
          'AMP-G009',
          `UNRESOLVED_SCAR flips only through an explicit restorative event: 'resolve scar' belongs in 'on event ${RESTORATIVE_EVENT} { … }', where a completed restorative process triggers it (seed 002, invariant 5: the agent cannot make scars vanish)`,
          keywordSpan(n),
        );
      }
    }
  }
  for (const stmt of inAgents(model, 'ForgivenessStmt')) forgivenessEdited(ctx, stmt);
};

function forgivenessEdited(ctx: RuleContext, stmt: Node): void {
  ctx.report(
    'AMP-G009',
    "Forgiveness kernels are fixed at constitution time in the 'scars' block; agent code cannot edit how scars decay (seed 002, invariant 5: scars fade only along the declared kernel)",
    keywordSpan(stmt),
  );
}
