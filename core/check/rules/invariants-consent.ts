// Invariant 4 (protected silence bands): consent machines leave LISTEN and ABSTAIN only on an explicit event from a
// protected channel, agent code never declares consent (AMP-G008), and the machines themselves are well formed (AMP-G014).

import type { TextEdit } from '../../diagnostics';
import { consentMoveParts, declName, properties, transitionParts, type Name } from '../../syntax/ast';
import { childNodes, isNode, type Node } from '../../syntax/tree';
import { didYouMean, suggest } from '../../util/suggest';
import type { Rule, RuleContext } from './context';
import {
  CONSENT_STATES, EXPLICIT_EVENT_FOR, inAgents, isProtectedChannel, keywordOnly, keywordSpan, lineIndent, newlineOf, SILENCE_BANDS,
} from './invariants-common';

/** One `FROM -> TO on EVENT from CHANNEL` of a consent machine. */
export interface ConsentTransition {
  readonly node: Node;
  readonly from?: Name;
  readonly to?: Name;
  readonly event?: Name;
  readonly channel?: Name;
}

/** A `consent NAME { … }` declaration, read. */
export interface ConsentMachine {
  readonly node: Node;
  readonly name?: Name;
  /** The first `initial STATE` value, when it is a name. */
  readonly initial?: Name;
  readonly transitions: readonly ConsentTransition[];
}

/** Reads a consent machine declaration; parts that are missing are left out. */
export function readConsentMachine(decl: Node, source: string): ConsentMachine {
  const initialProp = properties(decl, source).find((p) => p.key.text === 'initial');
  const v = initialProp?.values[0];
  const initial = v?.kind === 'NameValue' ? { text: source.slice(v.start, v.end), start: v.start, end: v.end } : undefined;
  const transitions = childNodes(decl, 'Transition').map((t) => ({ node: t, ...transitionParts(t, source) }));
  return { node: decl, name: declName(decl, source), initial, transitions };
}

/** True for one of the five consent states. */
export function isConsentState(name: string): boolean {
  return (CONSENT_STATES as readonly string[]).includes(name);
}

/** True when agent code may take the transition: one that waits for no event and names no channel. */
export function agentMayTake(t: ConsentTransition): boolean {
  return !t.event && !t.channel;
}

function renameFix(at: Name, to: string) {
  return [{ title: `Change to '${to}'`, edits: [{ start: at.start, end: at.end, newText: to }] }];
}

function unknownState(ctx: RuleContext, name: Name): void {
  const hint = suggest(name.text, CONSENT_STATES);
  ctx.report('AMP-G014', `Unknown consent state '${name.text}'${didYouMean(hint)}; the states are ${CONSENT_STATES.join(', ')}`, name, {
    fixes: hint ? renameFix(name, hint) : undefined,
  });
}

/** The edit that puts `initial LISTEN` first in a machine, on its own line when the machine spans lines. */
function addInitialEdit(source: string, decl: Node): TextEdit | undefined {
  const open = decl.children.find((c) => !isNode(c) && c.kind === 'LBrace');
  if (!open) return undefined;
  const first = childNodes(decl).find((n) => n.start > open.end);
  if (first && /[\n\r]/.test(source.slice(open.end, first.start))) {
    return { start: first.start, end: first.start, newText: `initial LISTEN${newlineOf(source)}${lineIndent(source, first.start)}` };
  }
  return { start: open.end, end: open.end, newText: ' initial LISTEN' };
}

/** AMP-G008 and AMP-G014 on consent declarations: silence bands, states, `initial`, duplicate transitions. */
export const consentMachines: Rule = (ctx) => {
  const { source, governance } = ctx;
  for (const decl of childNodes(ctx.model.tree, 'ConsentDecl')) {
    const machine = readConsentMachine(decl, source);
    const label = machine.name ? `'${machine.name.text}'` : 'This consent machine';

    let initial: Node | undefined;
    for (const p of properties(decl, source)) {
      if (p.key.text !== 'initial') {
        const hint = suggest(p.key.text, ['initial']);
        ctx.report('AMP-G014', `Unknown consent setting '${p.key.text}'${didYouMean(hint)}; a consent machine holds 'initial STATE' and transitions 'FROM -> TO on EVENT from CHANNEL'`, p.key, {
          fixes: hint ? renameFix(p.key, hint) : undefined,
        });
        continue;
      }
      if (initial) {
        ctx.report('AMP-G014', `${label} has two initial states; a consent field starts in exactly one`, p.node, { related: [{ message: 'the first initial state', start: initial.start, end: initial.end }] });
        continue;
      }
      initial = p.node;
      const v = p.values[0];
      if (p.values.length !== 1 || v.kind !== 'NameValue') ctx.report('AMP-G014', `'initial' takes one consent state: ${CONSENT_STATES.join(', ')}`, p.values.length ? { start: p.values[0].start, end: p.values[p.values.length - 1].end } : p.key);
      else if (!isConsentState(source.slice(v.start, v.end))) unknownState(ctx, { text: source.slice(v.start, v.end), start: v.start, end: v.end });
    }
    if (!initial) {
      const edit = addInitialEdit(source, decl);
      ctx.report('AMP-G014', `${label} has no initial state: declare one, usually 'initial LISTEN' (silence until someone speaks)`, machine.name ?? keywordOnly(decl), {
        fixes: edit ? [{ title: 'Add initial LISTEN', edits: [edit] }] : undefined,
      });
    }

    const seen = new Map<string, ConsentTransition>();
    for (const t of machine.transitions) {
      for (const s of [t.from, t.to]) if (s && !isConsentState(s.text)) unknownState(ctx, s);
      const key = [t.from?.text, t.to?.text, t.event?.text, t.channel?.text].join(' ');
      const first = seen.get(key);
      if (first) ctx.report('AMP-G014', `Duplicate transition ${t.from?.text ?? '?'} -> ${t.to?.text ?? '?'}: the machine already declares it`, t.node, { related: [{ message: 'first declared here', start: first.node.start, end: first.node.end }] });
      else seen.set(key, t);
      checkSilenceBand(ctx, t, (name) => isProtectedChannel(name, governance));
    }
  }
};

/** AMP-G008 on one transition: leaving a silence band for consent or dissent needs the explicit event and a protected channel. */
function checkSilenceBand(ctx: RuleContext, t: ConsentTransition, isProtected: (channel: string) => boolean): void {
  if (!t.from || !t.to || !SILENCE_BANDS.includes(t.from.text)) return;
  const required = EXPLICIT_EVENT_FOR[t.to.text];
  if (!required) return;
  const problems: { what: string; at?: Name }[] = [];
  if (!t.event) problems.push({ what: 'names no event' });
  else if (t.event.text !== required) problems.push({ what: `waits for '${t.event.text}', not ${required}`, at: t.event });
  if (!t.channel) problems.push({ what: 'names no channel' });
  else if (!isProtected(t.channel.text)) problems.push({ what: `comes from '${t.channel.text}', which is not a protected channel`, at: t.channel });
  if (!problems.length) return;
  const channel = t.channel && isProtected(t.channel.text) ? t.channel.text : 'steward';
  const range = problems.length === 1 && problems[0].at ? problems[0].at : t.node;
  ctx.report(
    'AMP-G008',
    `Leaving the silence band ${t.from.text} for ${t.to.text} needs an explicit, attested event from a protected channel ('on ${required} from steward', or another protected channel); this transition ${problems.map((p) => p.what).join(' and ')} (seed 002, invariant 4: silence is never converted into ${t.to.text === 'DISSENT' ? 'dissent' : 'consent'})`,
    range,
    { fixes: [{ title: `Require ${required} from ${channel}`, edits: [{ start: t.to.end, end: t.node.end, newText: ` on ${required} from ${channel}` }] }] },
  );
}

/** AMP-G008 and AMP-G014 on `consent MACHINE -> STATE` in agent code. */
export const consentMoves: Rule = (ctx) => {
  const { source, model } = ctx;
  for (const move of inAgents(model, 'ConsentMove')) {
    const { machine, state } = consentMoveParts(move, source);
    const explicit = state && EXPLICIT_EVENT_FOR[state.text];
    if (state && explicit) {
      ctx.report(
        'AMP-G008',
        `Agent code is never a protected channel: it cannot move ${machine ? `'${machine.text}'` : 'a consent machine'} to ${state.text}; ${state.text === 'DISSENT' ? 'dissent' : 'consent'} arrives only as an explicit event (${explicit}) from a protected channel (seed 002, invariant 4)`,
        keywordSpan(move),
      );
    }
    if (!machine) continue;
    const sym = model.consents.get(machine.text);
    if (!sym?.node) {
      const hint = suggest(machine.text, [...model.consents.keys()]);
      ctx.report('AMP-G014', `Unknown consent machine '${machine.text}'${didYouMean(hint)}`, machine, { fixes: hint ? renameFix(machine, hint) : undefined });
      continue;
    }
    if (!state || explicit) continue;
    if (!isConsentState(state.text)) {
      unknownState(ctx, state);
      continue;
    }
    const declared = readConsentMachine(sym.node, source);
    const into = declared.transitions.filter((t) => t.to?.text === state.text);
    const at = declared.name ?? keywordOnly(sym.node);
    if (!into.length) {
      ctx.report('AMP-G014', `'${machine.text}' declares no transition into ${state.text}, so this move is always refused`, state, {
        related: [{ message: `the consent machine '${machine.text}'`, start: at.start, end: at.end }],
      });
    } else if (!into.some(agentMayTake)) {
      ctx.report('AMP-G014', `Every transition of '${machine.text}' into ${state.text} waits for an event or a channel; agent code may take only transitions with neither, so this move is always refused`, state, {
        related: into.map((t) => ({ message: 'a transition into ' + state.text, start: t.node.start, end: t.node.end })),
      });
    }
  }
};
