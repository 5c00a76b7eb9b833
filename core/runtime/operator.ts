// The protected channel in the hands of a person at a pause: the debug adapter's commands that trip or reset the veto
// fuse and record a restorative event. The channel (`operator`, origin `debugger`) is opened here for one operation,
// used at once and never stored, as the governance layer does for a run's `steward` events; agent code never reaches
// these functions. Each returns the governance state after the operation and the notes that record it, and
// `amendMachineState` writes them into a machine state (as `governance` events of the step shown), so the change is
// part of the run's history like any step's.

import { completeRestorative, openProtectedChannel, ProtectedChannel, setVetoFuse, type FuseStatus, type GovEvent, type Outcome } from '../governance/index';
import { governedStateOf, type GovernedState } from './governed';
import type { HookNote } from './hooks';
import type { EventList, MachineState, RuntimeEvent } from './state';

/** The name of the protected channel the debugger's commands speak through. */
export const OPERATOR_CHANNEL = 'operator';

/** What a command did: the layer's state after it, the notes recording it, and whether it was refused (and why). */
export interface OperatorResult {
  readonly state: GovernedState;
  readonly notes: readonly HookNote[];
  readonly ok: boolean;
  readonly reason?: string;
}

function noteOf(e: GovEvent): HookNote {
  const { type, ...rest } = e as GovEvent & Record<string, unknown>;
  return { name: type, detail: JSON.parse(JSON.stringify(rest)) as Record<string, unknown> };
}

function result(s: GovernedState, o: Outcome, extra: readonly HookNote[] = []): OperatorResult {
  let reason: string | undefined;
  if (!o.ok) for (const e of o.events) if (typeof (e as { reason?: unknown }).reason === 'string') reason = (e as { reason: string }).reason;
  return {
    state: Object.freeze({ ...s, gov: o.state }),
    notes: [...extra, ...o.events.map(noteOf)],
    ok: o.ok,
    ...(o.ok ? {} : { reason: reason ?? 'refused by the governance layer' }),
  };
}

function channel(s: GovernedState): ProtectedChannel | { readonly error: string } {
  return openProtectedChannel(OPERATOR_CHANNEL, 'debugger', s.gov.constitution.answerableTo);
}

function refused(s: GovernedState, operation: string, reason: string): OperatorResult {
  return { state: s, notes: [{ name: 'protected-refused', detail: { operation, reason } }], ok: false, reason };
}

/** Sets the veto fuse through the protected channel (`ok`, `strained` or `tripped`). */
export function operatorVeto(s: GovernedState, to: FuseStatus): OperatorResult {
  const ch = channel(s);
  if (!(ch instanceof ProtectedChannel)) return refused(s, `set the veto fuse to ${to}`, ch.error);
  return result(s, setVetoFuse(s.gov, ch, to, `debugger: veto fuse set to ${to}`));
}

/**
 * Records a restorative process completed, through the protected channel: it resolves the scar `scar` (an id such as
 * `scar-2`, or its number) or, without one, the latest unresolved scar. `note` names the process. `atlasStep` is the
 * step the resolution is recorded at (the run's step base plus its step), from which the scar fades by the kernel.
 */
export function operatorRestore(s: GovernedState, options: { readonly note: string; readonly scar?: string | number; readonly atlasStep: number }): OperatorResult {
  const ch = channel(s);
  if (!(ch instanceof ProtectedChannel)) return refused(s, 'complete a restorative process', ch.error);
  let which: string | undefined;
  if (options.scar !== undefined) which = typeof options.scar === 'number' || /^[0-9]+$/.test(options.scar) ? `scar-${options.scar}` : options.scar;
  else {
    for (let i = s.gov.scars.length - 1; i >= 0 && which === undefined; i--) if (s.gov.scars[i].resolvedAtStep === undefined) which = s.gov.scars[i].id;
    if (which === undefined) {
      const reason = s.gov.scars.length ? 'every scar in the Atlas is already resolved' : 'the Atlas has no scars';
      return { state: s, notes: [{ name: 'scar-refused', detail: { reason } }], ok: false, reason };
    }
  }
  const process = options.note.trim() || 'restorative process recorded in the debugger';
  const completed: HookNote = { name: 'restorative-completed', detail: { process, channel: ch.name, step: options.atlasStep } };
  const o = completeRestorative(s.gov, ch, which, process, options.atlasStep);
  if (!o.ok) return result(s, o);
  const restorations = Object.freeze([...s.restorations, Object.freeze({ text: process, channel: ch.name, step: options.atlasStep })]);
  const r = result(s, o, [completed]);
  return { ...r, state: Object.freeze({ ...r.state, restorations }) };
}

/**
 * A machine state with the governance layer's state replaced and `notes` appended to its event log as `governance`
 * events of the step it shows (the acting frame: the top one). Everything else is shared with `state`.
 */
export function amendMachineState(state: MachineState, governance: GovernedState, notes: readonly HookNote[]): MachineState {
  let events: EventList | undefined = state.events;
  for (const n of notes) {
    const event: RuntimeEvent = Object.freeze({ step: state.step, kind: 'governance' as const, frame: state.top.id, name: n.name, detail: Object.freeze({ ...n.detail }) });
    events = Object.freeze({ event, next: events });
  }
  return Object.freeze({ ...state, governance, events, eventCount: state.eventCount + notes.length });
}

/** The governance layer's state of a machine state, for the commands (undefined when the run is not governed by seed 002's layer). */
export function operatorStateOf(state: MachineState): GovernedState | undefined {
  return governedStateOf(state);
}
