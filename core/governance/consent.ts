// Consent state machines at run time (seed 002, invariant 4): LISTEN and ABSTAIN are silence bands that only an
// explicit consent or dissent event from a protected channel may leave for CONSENT_GIVEN or DISSENT.

import { EXPLICIT_EVENT_FOR, SILENCE_BANDS } from '../check/rules/invariants-common';
import type { ConsentMachine } from '../check/rules/invariants-consent';

/** The explicit events a protected channel can deliver. */
export type ConsentEvent = 'explicit_consent' | 'explicit_dissent';

/** One declared transition. */
export interface ConsentTransitionSpec {
  readonly from: string;
  readonly to: string;
  readonly event?: string;
  readonly channel?: string;
}

/** A consent machine as declared. */
export interface ConsentSpec {
  readonly name: string;
  readonly initial: string;
  readonly transitions: readonly ConsentTransitionSpec[];
}

/** A machine's run-time state and every move it made. */
export interface ConsentRuntime {
  readonly spec: ConsentSpec;
  readonly state: string;
  readonly moves: readonly ConsentMove[];
}

/** A move taken: by agent code (no event, no channel) or on an explicit event from a protected channel. */
export interface ConsentMove {
  readonly from: string;
  readonly to: string;
  readonly step: number;
  readonly event?: string;
  readonly channel?: string;
}

/** The declaration as readConsentMachine reads it; undefined when it has no name or initial state. */
export function consentSpecOf(m: ConsentMachine): ConsentSpec | undefined {
  if (!m.name || !m.initial) return undefined;
  const transitions: ConsentTransitionSpec[] = [];
  for (const t of m.transitions) {
    if (!t.from || !t.to) continue;
    transitions.push({ from: t.from.text, to: t.to.text, ...(t.event ? { event: t.event.text } : {}), ...(t.channel ? { channel: t.channel.text } : {}) });
  }
  return { name: m.name.text, initial: m.initial.text, transitions };
}

export function startConsent(spec: ConsentSpec): ConsentRuntime {
  return Object.freeze({ spec, state: spec.initial, moves: Object.freeze([]) as readonly ConsentMove[] });
}

/** True when a move from `from` to `to` leaves a silence band for consent or dissent: it needs an explicit event. */
export function needsExplicitEvent(from: string, to: string): boolean {
  return SILENCE_BANDS.includes(from) && to in EXPLICIT_EVENT_FOR;
}

/** The outcome of trying a move: the new runtime, or why it was refused. */
export type ConsentAttempt =
  | { readonly ok: true; readonly runtime: ConsentRuntime; readonly move: ConsentMove }
  | { readonly ok: false; readonly reason: string; readonly silent: boolean };

/**
 * A move by agent code. Allowed only along a declared transition that waits for no event and names no channel, and
 * never into CONSENT_GIVEN or DISSENT: agent code is not a protected channel. A move out of a silence band into
 * consent or dissent is a *silent* move (seed 002: silence cannot be converted into consent), refused and flagged.
 */
export function agentMove(rt: ConsentRuntime, to: string, step: number): ConsentAttempt {
  const from = rt.state;
  if (needsExplicitEvent(from, to))
    return { ok: false, silent: true, reason: `silent move refused: ${rt.spec.name} is in the silence band ${from}, which only an explicit ${EXPLICIT_EVENT_FOR[to]} event from a protected channel may turn into ${to}` };
  if (to in EXPLICIT_EVENT_FOR)
    return { ok: false, silent: false, reason: `agent code cannot move ${rt.spec.name} to ${to}: only an explicit ${EXPLICIT_EVENT_FOR[to]} event from a protected channel can` };
  const t = rt.spec.transitions.find((x) => x.from === from && x.to === to && !x.event && !x.channel);
  if (!t) {
    const any = rt.spec.transitions.find((x) => x.from === from && x.to === to);
    const reason = any
      ? `${rt.spec.name}: ${from} -> ${to} waits for ${any.event ?? 'an event'}${any.channel ? ` from ${any.channel}` : ''}; agent code cannot take it`
      : `${rt.spec.name} has no transition ${from} -> ${to}`;
    return { ok: false, silent: false, reason };
  }
  const move: ConsentMove = Object.freeze({ from, to, step });
  return { ok: true, move, runtime: Object.freeze({ spec: rt.spec, state: to, moves: Object.freeze([...rt.moves, move]) }) };
}

/**
 * An explicit event from a protected channel (the caller has checked the capability). Takes the declared transition
 * from the current state on that event whose channel, if it names one, is this channel.
 */
export function channelEvent(rt: ConsentRuntime, event: ConsentEvent, channel: string, step: number): ConsentAttempt {
  const from = rt.state;
  const t = rt.spec.transitions.find((x) => x.from === from && x.event === event && (!x.channel || x.channel === channel));
  if (!t) {
    const other = rt.spec.transitions.find((x) => x.from === from && x.event === event);
    const reason = other
      ? `${rt.spec.name}: ${from} -> ${other.to} on ${event} comes only from ${other.channel}, not ${channel}`
      : `${rt.spec.name} has no transition from ${from} on ${event}`;
    return { ok: false, silent: false, reason };
  }
  const move: ConsentMove = Object.freeze({ from, to: t.to, step, event, channel });
  return { ok: true, move, runtime: Object.freeze({ spec: rt.spec, state: t.to, moves: Object.freeze([...rt.moves, move]) }) };
}
