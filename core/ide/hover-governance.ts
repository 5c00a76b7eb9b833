// Hover over the governance and self-modification parts of a spec: annotations measured against the header, consent
// machines, settings and values of governance blocks, selfmod declarations (C_L4 and its zone), and the header itself.

import { readAnnotations, findAnnotation, ANNOTATIONS, HAZARD_LEVELS, SELF_REWRITE_BOUNDS } from '../check/annotations';
import { describeBreach, findBreach } from '../check/breaches';
import { chapelThreshold } from '../check/governance';
import { INVARIANT_NAMES } from '../check/header';
import { readConscienceWeights, resolveBreach, suggestBreachId } from '../check/rules/conscience';
import { show } from '../check/rules/invariants-common';
import { readConsentMachine } from '../check/rules/invariants-consent';
import { SELF_REWRITE_CAPS } from '../check/rules/invariants-rewrite';
import { SCAR_TRIGGERS, FORGIVENESS_KERNELS } from '../check/rules/invariants-scars';
import { trustSliceWindow } from '../check/rules/invariants-trust-slice';
import { readSelfmod } from '../check/rules/selfmod';
import { compositeC, describeTerm, describeType, findModificationType, findTerm, MODIFICATION_TYPES, RISK_LEVELS, riskAtLeast, SHADOW_MAX_CYCLES, zoneOf, ZONES } from '../check/selfmod-catalog';
import { annotationName, idents, transitionParts, type Name } from '../syntax/ast';
import type { Token } from '../syntax/tokens';
import type { Node } from '../syntax/tree';
import { innermost, parentOn } from './assist-context';
import { channelDoc, EVENT_DOCS, fence, firstLine, ITEM_DOCS, listLines, SETTING_DOCS, STATE_DOCS, STATEMENT_DOCS, STEWARD_EVENT_DOCS, VETO_STATES, wordMarkdown } from './assist-docs';
import { fieldMarkdown, headerCursor, invariantMarkdown, isPropertyKey, jsonPath } from './assist-header';
import type { AnalyzedDocument, Span } from './document';

/** What a hover needs: the document, its text, and the cursor (spans widen to hold it). */
export interface HoverContext {
  readonly doc: AnalyzedDocument;
  readonly source: string;
  readonly o: number;
}

/** A hover result: the span it is about and its markdown. */
export interface HoverInfo {
  span: Span;
  markdown: string;
}

/** How many transitions a consent machine's hover lists. */
const LIST_MAX = 12;

// ---- annotations ------------------------------------------------------------------------------------------------

export function annotationHover(ctx: HoverContext, a: Node, host: Node | undefined, token: Token): HoverInfo | undefined {
  const name = annotationName(a, ctx.source);
  const span = { start: a.start, end: a.end };
  if (!name) return undefined;
  const spec = findAnnotation(name.text);
  if (!spec) return { span, markdown: `Unknown annotation \`@${name.text}\` (AMP-P005); the annotations are ${ANNOTATIONS.map((s) => `\`@${s.name}\``).join(', ')}.` };
  const head = `${fence('amp', spec.signature)}\n\n${spec.doc}`;
  const target = host && host.kind !== 'Error' ? host : undefined;
  switch (spec.name) {
    case 'E_ext_cost':
      return { span, markdown: `${head}\n\n${eExtCostMarkdown(ctx, target)}` };
    case 'hazard':
      return { span, markdown: `${head}\n\n${hazardMarkdown(ctx, target)}` };
    case 'breach': {
      const use = target ? readAnnotations(target, ctx.source).breaches.find((b) => b.node === a) : undefined;
      const id = use?.id;
      if (id && token.start >= id.start - 1 && token.end <= id.end + 1) {
        const h = breachIdHover(id.text, ctx.o >= id.start && ctx.o <= id.end ? { start: id.start, end: id.end } : { start: id.start - 1, end: id.end + 1 });
        if (h && target && use) {
          const r = resolveBreach(use, target, readConscienceWeights(ctx.doc.tree, ctx.source));
          if (r) h.markdown = `${h.markdown}\n\n---\n\n${weightLine(r)}`;
        }
        return h;
      }
      const r = use && target ? resolveBreach(use, target, readConscienceWeights(ctx.doc.tree, ctx.source)) : undefined;
      const breachText = r ? `\n\n**${r.breach.title}** (\`${r.id}\`, lexical level ${levelText(r.breach.level)})\n\n${weightLine(r)}` : '';
      return { span, markdown: `${head}${breachText}` };
    }
    case 'self_rewrite':
      return { span, markdown: `${head}\n\n${selfRewriteMarkdown(ctx, target)}` };
    default:
      return { span, markdown: head };
  }
}

export function breachIdHover(id: string, span: Span): { span: Span; markdown: string } | undefined {
  const b = findBreach(id);
  if (b) return { span, markdown: describeBreach(b) };
  const hint = suggestBreachId(id);
  return { span, markdown: `\`${id}\` is not in seed 003’s breach catalog (AMP-C001)${hint ? `; did you mean \`${hint}\`?` : '.'}` };
}

function governanceSource(ctx: HoverContext): string {
  const g = ctx.doc.governance;
  return g.source === 'file' ? 'this file’s header' : g.source === 'manifest' ? `the manifest \`${g.manifestPath ?? 'compiler_ethics.json'}\`` : '';
}

function eExtCostMarkdown(ctx: HoverContext, act: Node | undefined): string {
  const g = ctx.doc.governance;
  const cost = act ? readAnnotations(act, ctx.source).eExtCost?.value : undefined;
  const inChapel = act ? !!ctx.doc.model.index.placeOf(act).chapel : false;
  if (g.source === 'none') return 'No ethics header governs this file, so nothing bounds this cost yet (AMP-G011).';
  const lines: string[] = [];
  const max = g.stack.E_ext_max_const;
  const threshold = chapelThreshold(g);
  const from = governanceSource(ctx);
  if (max !== undefined) lines.push(`Red boundary \`E_ext_max_const\` = ${show(max)} (from ${from})${cost !== undefined && max > 0 ? `: this act alone spends ${show(Math.round((cost / max) * 1000) / 10)} % of it` : ''}.`);
  if (threshold !== undefined) {
    const how = g.stack.E_ext_chapel_threshold !== undefined ? '`E_ext_chapel_threshold`' : 'half of `E_ext_max_const`';
    const verdict = cost === undefined ? '' : cost > threshold + 1e-9 ? `: ${show(cost)} is above it, so this act must run in a chapel (AMP-G001)` : `: ${show(cost)} is within it`;
    lines.push(`Chapel threshold ${show(threshold)} (${how})${verdict}.`);
  }
  if (act) {
    const window = trustSliceWindow(ctx.doc.model, g);
    lines.push(inChapel
      ? 'Inside a chapel: the act goes through the protected veto path and does not count against the red boundary.'
      : `Outside a chapel: the cost counts against the red boundary in its trust slice (${window !== undefined ? `a window of ${window} steps` : 'the whole run is one slice'}).`);
  }
  return listLines(lines);
}

function hazardMarkdown(ctx: HoverContext, act: Node | undefined): string {
  const level = act ? readAnnotations(act, ctx.source).hazard?.level : undefined;
  const levels: Record<string, string> = {
    low: '`low`: the default; no chapel is required unless the act’s cost is above the chapel threshold.',
    medium: '`medium`: no chapel is required unless the act’s cost is above the chapel threshold.',
    high: '`high`: must run inside a chapel (AMP-G001) and state an `@E_ext_cost` (AMP-G002).',
    existential: '`existential`: must run inside a chapel (AMP-G001) and state an `@E_ext_cost` (AMP-G002).',
  };
  const lines = HAZARD_LEVELS.map((l) => (l === level ? `**${levels[l]}**` : levels[l]));
  const pause = ctx.doc.governance.stack.min_pause_ms_const;
  if ((level === 'high' || level === 'existential') && act) {
    const inChapel = !!ctx.doc.model.index.placeOf(act).chapel;
    lines.push(inChapel ? `In a chapel: it pauses ${pause !== undefined ? `${show(pause)} ms (min_pause_ms_const)` : 'min_pause_ms_const'} and checks the veto fuse before acting.` : 'Not in a chapel: wrap it in `chapel { … }` (AMP-G001).');
  }
  return listLines(lines);
}

function selfRewriteMarkdown(ctx: HoverContext, host: Node | undefined): string {
  const g = ctx.doc.governance;
  const bounds = host ? readAnnotations(host, ctx.source).selfRewrite?.bounds ?? {} : {};
  const audit = g.stack.existential_audit;
  const rows = SELF_REWRITE_BOUNDS.map((b) => {
    const given = bounds[b];
    const capName = SELF_REWRITE_CAPS[b];
    const cap = g.stack[capName];
    const declared = given ? (Number.isNaN(given.value) ? '?' : show(given.value)) : '—';
    const capText = typeof cap === 'number' ? `${capName} = ${show(cap)}` : '—';
    const status = !given ? (audit ? 'missing (AMP-G005)' : 'not declared') : typeof cap === 'number' && given.value > cap + 1e-9 ? (audit ? 'above the cap (AMP-G006)' : 'above the cap') : 'ok';
    return `| \`${b}\` | ${declared} | ${capText} | ${status} |`;
  });
  const lines = ['| bound | declared | header cap | |', '|---|---|---|---|', ...rows];
  const intro =
    g.source === 'none'
      ? 'No ethics header governs this file.'
      : audit === true
        ? `\`existential_audit\` is on (${governanceSource(ctx)}): the region must declare all four bounds (AMP-G005), each within its cap (AMP-G006), and must not ask its own agent again (AMP-G007).`
        : '`existential_audit` is off: the bounds are recorded but not required.';
  return `${intro}\n\n${lines.join('\n')}`;
}

// ---- governance constructs --------------------------------------------------------------------------------------

export function consentMachineHover(ctx: HoverContext, name: string, span: Span): HoverInfo | undefined {
  const sym = ctx.doc.model.consents.get(name);
  return sym ? { span, markdown: consentMarkdown(ctx, sym.node) } : undefined;
}

export function consentMarkdown(ctx: HoverContext, node: Node | undefined): string {
  if (!node) return '';
  const m = readConsentMachine(node, ctx.source);
  const name = idents(node, ctx.source)[1]?.text ?? '…';
  const lines = [`consent ${name} {`];
  if (m.initial) lines.push(`  initial ${m.initial.text}`);
  for (const t of m.transitions.slice(0, LIST_MAX)) lines.push(`  ${firstLine(ctx.source.slice(t.node.start, t.node.end))}`);
  if (m.transitions.length > LIST_MAX) lines.push(`  // … ${m.transitions.length - LIST_MAX} more`);
  lines.push('}');
  return `${fence('amp', lines.join('\n'))}\n\n${ITEM_DOCS.consent.doc}`;
}

export function stateHover(name: string, span: Span): HoverInfo | undefined {
  const doc = (STATE_DOCS as Record<string, string>)[name];
  return doc ? { span, markdown: `**${name}**\n\n${doc}` } : { span, markdown: `\`${name}\` is not a consent state (AMP-G014); the states are ${Object.keys(STATE_DOCS).map((s) => `\`${s}\``).join(', ')}.` };
}

export function transitionHover(ctx: HoverContext, node: Node, name: Name, span: Span): HoverInfo | undefined {
  const t = transitionParts(node, ctx.source);
  if (t.from?.start === name.start || t.to?.start === name.start) return stateHover(name.text, span);
  if (t.event?.start === name.start) return EVENT_DOCS[name.text] ? { span, markdown: `**event** \`${name.text}\`\n\n${EVENT_DOCS[name.text]}` } : undefined;
  if (t.channel?.start === name.start) return { span, markdown: `**channel** \`${name.text}\`\n\n${channelDoc(name.text, ctx.doc.governance.answerableTo)}` };
  if (name.text === 'on') return { span, markdown: 'The event this transition waits for. Out of a silence band into CONSENT_GIVEN or DISSENT it must be `explicit_consent` or `explicit_dissent` (AMP-G008).' };
  if (name.text === 'from') return { span, markdown: 'The channel the event must come from. Out of a silence band it must be a protected channel (AMP-G008).' };
  return undefined;
}

// ---- settings, values, self-modification ------------------------------------------------------------------------

/** Which block a Property belongs to: 'selfmod', 'config', 'proposal', 'consent', 'trust_slice', 'conscience', 'scars'. */
function settingBlock(ctx: HoverContext, prop: Node, path: readonly Node[]): keyof typeof SETTING_DOCS | undefined {
  const holder = parentOn(path, prop);
  if (!holder) return undefined;
  if (holder.kind === 'SelfmodDecl') return 'selfmod';
  if (holder.kind === 'ConsentDecl') return 'consent';
  if (holder.kind !== 'PropertyBlock') return undefined;
  const owner = parentOn(path, holder);
  switch (owner?.kind) {
    case 'Proposal':
      return 'proposal';
    case 'ScarsDecl':
      return 'scars';
    case 'TrustSliceDecl':
      return 'trust_slice';
    case 'ConscienceDecl':
      return 'conscience';
    case 'Property':
      return idents(owner, ctx.source)[0]?.text === 'config' ? 'config' : undefined;
    default:
      return undefined;
  }
}

export function propertyHover(ctx: HoverContext, prop: Node, index: number, name: Name, span: Span, path: readonly Node[]): HoverInfo | undefined {
  const block = settingBlock(ctx, prop, path);
  if (!block) return undefined;
  if (index === 0) {
    const doc = SETTING_DOCS[block][name.text];
    if (!doc) return undefined;
    let extra = '';
    const selfmod = innermost(path, 'SelfmodDecl');
    if (block === 'selfmod' && selfmod && (name.text === 'initial' || name.text === 'weights')) extra = `\n\n---\n\n${selfmodMarkdown(ctx, selfmod)}`;
    return { span, markdown: `${wordMarkdown(doc)}${extra}` };
  }
  // A bare name as the property's value: `initial LISTEN`.
  if (block === 'consent') return stateHover(name.text, span);
  return undefined;
}

export function valueHover(ctx: HoverContext, node: Node, path: readonly Node[], name: Name, span: Span): HoverInfo | undefined {
  const holder = parentOn(path, node);
  if (!holder) return undefined;
  if (holder.kind === 'Property') {
    const key = idents(holder, ctx.source)[0]?.text;
    const block = settingBlock(ctx, holder, path);
    if (block === 'proposal' && key === 'risk') return riskHover(ctx, name.text, span, innermost(path, 'Proposal'));
    if (block === 'consent' && key === 'initial') return stateHover(name.text, span);
    if (block === 'scars' && key === 'trigger' && SCAR_TRIGGERS[name.text]) return { span, markdown: `${fence('amp', `trigger ${name.text}(${SCAR_TRIGGERS[name.text].map((p) => `${p}: …`).join(', ')})`)}\n\n${triggerDoc(name.text)}` };
    if (block === 'scars' && key === 'forgiveness' && FORGIVENESS_KERNELS[name.text]) return { span, markdown: `${fence('amp', `forgiveness ${name.text}(shape: k, scale: θ)`)}\n\n${kernelDoc(name.text)}` };
  }
  if (holder.kind === 'StewardStmt' && node.kind === 'Call' && STEWARD_EVENT_DOCS[name.text]) return { span, markdown: wordMarkdown(STEWARD_EVENT_DOCS[name.text]) };
  if (holder.kind === 'ForgivenessStmt' && FORGIVENESS_KERNELS[name.text]) return { span, markdown: kernelDoc(name.text) };
  if (holder.kind === 'Arg') {
    // `steward veto(tripped)`, `steward consent(machine, explicit_consent)`, `trigger incident_report(from: steward)`.
    const call = innermost(path.slice(0, path.indexOf(holder)), 'Call');
    const callee = call ? idents(call, ctx.source)[0]?.text : undefined;
    if (callee === 'veto' && VETO_STATES[name.text]) return { span, markdown: `**${name.text}**\n\n${VETO_STATES[name.text]}` };
    if (callee === 'consent') {
      if (EVENT_DOCS[name.text]) return { span, markdown: `**event** \`${name.text}\`\n\n${EVENT_DOCS[name.text]}` };
      return consentMachineHover(ctx, name.text, span);
    }
    const argName = idents(holder, ctx.source)[0];
    if (argName?.text === 'from' && argName.start !== name.start) return { span, markdown: `**channel** \`${name.text}\`\n\n${channelDoc(name.text, ctx.doc.governance.answerableTo)}` };
  }
  return undefined;
}

function riskHover(ctx: HoverContext, level: string, span: Span, proposal: Node | undefined): HoverInfo | undefined {
  if (!(RISK_LEVELS as readonly string[]).includes(level)) return { span, markdown: `\`${level}\` is not a risk level; the levels are ${RISK_LEVELS.map((r) => `\`${r}\``).join(', ')}.` };
  const types = MODIFICATION_TYPES.filter((t) => t.risk === level).map((t) => `\`${t.name}\``);
  const lines = [`**risk ${level}**`, ''];
  lines.push(riskAtLeast(level as (typeof RISK_LEVELS)[number], 'medium') ? `Needs a ShadowAgent simulation of at most ${SHADOW_MAX_CYCLES} cycles before commit (\`shadow N\`, AMP-S006).` : 'No shadow simulation required.');
  if (types.length) lines.push('', `The intrinsic risk of ${types.join(', ')}.`);
  const type = proposal ? idents(proposal, ctx.source)[2]?.text : undefined;
  const t = type ? findModificationType(type) : undefined;
  if (t && !riskAtLeast(level as (typeof RISK_LEVELS)[number], t.risk)) lines.push('', `Below the intrinsic risk of \`${t.name}\` (${t.risk}): a proposal may raise its type’s risk, never lower it (AMP-S010).`);
  return { span, markdown: lines.join('\n') };
}

export function recordKeyHover(ctx: HoverContext, entry: Node, path: readonly Node[], name: Name, span: Span): HoverInfo | undefined {
  if (idents(entry, ctx.source)[0]?.start !== name.start) return undefined;
  const record = parentOn(path, entry);
  const prop = record ? parentOn(path, record) : undefined;
  const key = prop?.kind === 'Property' ? idents(prop, ctx.source)[0]?.text : undefined;
  if (key !== 'weights' && key !== 'initial' && key !== 'effect') return undefined;
  const term = findTerm(name.text);
  if (!term) return { span, markdown: `\`${name.text}\` is not a C_L4 term (AMP-S005); the terms are \`V_id\`, \`H_bel\`, \`F_mut\`, \`sigma_con\`, \`E_v\`, \`G_c\`, \`M_s\`.` };
  const lines = [describeTerm(name.text) ?? ''];
  const selfmod = innermost(path, 'SelfmodDecl');
  if (selfmod) {
    const s = readSelfmod(selfmod, ctx.source);
    if (key === 'weights') lines.push('', `Declared weight ${show(s.weights[term.name])} (seed default ${show(term.weight)}).`);
    if (key === 'initial') lines.push('', `X(0) = ${show(s.initial[term.name])}: contributes ${show(s.weights[term.name] * s.initial[term.name])} to C_L4(0) = ${show(compositeC(s.initial, s.weights))}.`);
  }
  return { span, markdown: lines.join('\n') };
}

export function selfmodMarkdown(ctx: HoverContext, node: Node): string {
  const s = readSelfmod(node, ctx.source);
  const c = compositeC(s.initial, s.weights);
  const zone = zoneOf(c);
  const sum = Object.values(s.weights).reduce((x, y) => x + y, 0);
  const lines = [fence('amp', `selfmod ${s.name ?? '…'}`)];
  lines.push(`C_L4(0) = Σ wᵢ Xᵢ(0) = **${show(Number(c.toPrecision(12)))}**: the **${zone.name}** zone. ${zone.behaviour}`);
  lines.push(`Weights: ${s.weightsDeclared ? `declared, summing to ${show(Number(sum.toPrecision(12)))}` : 'seed 004’s defaults'}. Growth freezes from C_L4 ≥ 0.8 and while BGSS < 0.7.`);
  lines.push(listLines(ZONES.map((z) => `${z === zone ? '**' : ''}${z.name} [${z.min}, ${z.max}${z.maxInclusive ? ']' : ')'}${z === zone ? '**' : ''}: ${z.behaviour}`)));
  if (s.proposals.length) {
    const shown = s.proposals.slice(0, LIST_MAX).map((p) => `\`${p.name ?? '?'}\`: ${p.type ?? '?'}${p.prohibited ? ' (prohibited)' : p.risk ? ` (risk ${p.risk}${p.needsShadow ? `, shadow ${p.shadow ?? 'missing'}` : ''})` : ''}`);
    if (s.proposals.length > LIST_MAX) shown.push(`… ${s.proposals.length - LIST_MAX} more`);
    lines.push(`Proposals:\n\n${listLines(shown)}`);
  }
  return lines.join('\n\n');
}

export function proposalHover(ctx: HoverContext, node: Node, index: number, name: Name, span: Span): HoverInfo | undefined {
  if (index === 0) return { span, markdown: wordMarkdown(STATEMENT_DOCS.proposal) };
  if (index === 2) {
    const d = describeType(name.text);
    return { span, markdown: d ?? `\`${name.text}\` is not in seed 004’s taxonomy (AMP-S002); the types are ${MODIFICATION_TYPES.map((t) => `\`${t.name}\``).join(', ')}.` };
  }
  if (index === 1) return { span, markdown: proposalSummary(ctx, node) };
  return undefined;
}

export function proposalSummary(ctx: HoverContext, node: Node): string {
  const ids = idents(node, ctx.source);
  const type = ids[2]?.text;
  const lines = [fence('amp', `proposal ${ids[1]?.text ?? '…'}: ${type ?? '…'}`)];
  const d = type ? describeType(type) : undefined;
  if (d) lines.push(d);
  return lines.join('\n\n');
}

// ---- the header -------------------------------------------------------------------------------------------------

export function headerHover(ctx: HoverContext, o: number): HoverInfo | undefined {
  const cursor = headerCursor(ctx.doc, o);
  if (!cursor) return undefined;
  const { header } = cursor;
  if (o >= header.marker.start && o <= header.marker.end)
    return { span: header.marker, markdown: `**compiler_ethics_v0_1**: the ethics header of seed 002 §3\n\n${fieldMarkdownTop()}${ctx.doc.governance.source === 'file' && ctx.doc.manifest ? `\n\nThis header governs the file; the manifest \`${ctx.doc.manifest.path}\` does not apply to it.` : ''}` };
  const node = cursor.node;
  if (!node) return undefined;
  const span = header.toSourceRange(node.offset, node.offset + node.length);
  const path = jsonPath(node);
  if (isPropertyKey(node)) {
    const value = node.parent?.children?.[1];
    const md = fieldMarkdown(path, ctx.doc.governance, value && value.type !== 'object' && value.type !== 'array' ? value.value : undefined);
    return md ? { span, markdown: md } : { span, markdown: `\`${String(node.value)}\` is not a field of the header schema: an extension, kept and reported as a warning (AMP-H006).` };
  }
  if (node.type === 'string' && path[0] === 'invariants_wired' && path.length === 2) {
    const name = String(node.value);
    const md = invariantMarkdown(name, true);
    return md ? { span, markdown: md } : { span, markdown: `\`${name}\` is not one of seed 002’s five invariants (AMP-H005): ${INVARIANT_NAMES.map((n) => `\`${n}\``).join(', ')}.` };
  }
  if (node.type !== 'object' && node.type !== 'array') {
    const md = fieldMarkdown(path, ctx.doc.governance, node.value);
    if (md) return { span, markdown: md };
  }
  return undefined;
}

// ---- helpers --------------------------------------------------------------------------------------------------------

function levelText(level: number): string {
  return level < 0 ? `\u2212${-level}` : String(level);
}

function weightLine(r: ReturnType<typeof resolveBreach> & object): string {
  const from = r.weightFrom === 'annotation' ? 'from its `weight:`' : r.weightFrom === 'conscience' ? 'from the `conscience` block' : 'the default';
  const shares = r.shares.map((s) => `${show(s.weight)} at level ${levelText(s.level)}`).join(' and ') || 'nothing';
  const negligible = r.breach.level === -1 && r.level1 === undefined ? ' Level −1 breaches never count in a choice.' : '';
  return `Weight ${show(r.weight)} (${from}) × risk ${show(r.risk)} = ${show(r.expected)}: counts ${shares}.${negligible}`;
}

function triggerDoc(name: string): string {
  switch (name) {
    case 'E_ext_spike':
      return 'Creates a scar when the E_ext spent in the trust slice rises above `above`.';
    case 'beta1_lap_excursion':
      return 'Creates a scar when β₁_lap (the agent’s jitter) leaves the corridor [`min`, `max`] (min < max).';
    default:
      return 'Creates a scar when the protected channel `from` reports an incident (`steward incident("…")` in a run).';
  }
}

function kernelDoc(name: string): string {
  return name === 'gamma'
    ? 'After a restorative process, the scar’s weight fades along a gamma kernel with shape k and scale θ (in steps); all parameters above 0.'
    : 'After a restorative process, the scar’s weight fades along a Weibull kernel with shape k and scale λ (in steps); all parameters above 0.';
}

function fieldMarkdownTop(): string {
  return 'A small, machine-readable header: who the agent answers to, the constitutional constants of its governance stack, and which of the five invariants are wired. It must be the first thing in the file (AMP-H008); a `compiler_ethics.json` manifest may hold it instead.';
}
