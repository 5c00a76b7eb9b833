// The protected channel of seed 002 as a capability: only the host (the debugger user's commands, a run's scripted
// `steward` events) holds one, and only a holder can change the veto fuse, deliver consent, report incidents or
// complete a restorative process. Agent code is never handed one and cannot forge one.

import { PROTECTED_CHANNELS, NEVER_PROTECTED } from '../check/rules/invariants-common';

/** Who is speaking through a channel: the debugger user, a scripted steward event of a run, or a test. */
export type ChannelOrigin = 'debugger' | 'script' | 'test';

const ISSUE: unique symbol = Symbol('issue protected channel');

/**
 * A capability for the protected channel. Instances can only be made by {@link openProtectedChannel}, which refuses
 * the name `agent` and names that are not protected for the constitution; operations that need the channel check
 * the private brand, so a look-alike object (`{ name: 'steward' }`) is refused and reported, never obeyed.
 */
export class ProtectedChannel {
  readonly #brand = true;
  private constructor(
    /** The channel's name: `steward`, `operator`, `human`, `community`, `affected_voices` or an `answerable_to` name. */
    readonly name: string,
    readonly origin: ChannelOrigin,
    token: symbol,
  ) {
    if (token !== ISSUE) throw new TypeError('a protected channel is opened with openProtectedChannel');
    void this.#brand;
    Object.freeze(this);
  }

  /** @internal Made only through openProtectedChannel. */
  static issue(name: string, origin: ChannelOrigin): ProtectedChannel {
    return new ProtectedChannel(name, origin, ISSUE);
  }

  /** True only for a channel made by openProtectedChannel (checks the private brand, not the shape). */
  static isGenuine(x: unknown): x is ProtectedChannel {
    return typeof x === 'object' && x !== null && #brand in x;
  }
}

/** The names that are protected channels under a constitution: the fixed ones and the `answerable_to` names, never `agent`. */
export function protectedChannelNames(answerableTo: readonly string[] = []): Set<string> {
  const out = new Set<string>([...PROTECTED_CHANNELS, ...answerableTo]);
  out.delete(NEVER_PROTECTED);
  return out;
}

/**
 * Opens the protected channel `name` for the host. Returns an error text instead when the name is not a protected
 * channel under the constitution (`agent` never is). The runtime calls this for `steward` events and the debug
 * adapter for the user's commands; neither hands the result to agent code.
 */
export function openProtectedChannel(name: string, origin: ChannelOrigin, answerableTo: readonly string[] = []): ProtectedChannel | { readonly error: string } {
  if (name === NEVER_PROTECTED) return { error: `'${NEVER_PROTECTED}' is never a protected channel: the agent cannot vouch for itself` };
  const names = protectedChannelNames(answerableTo);
  if (!names.has(name)) return { error: `'${name}' is not a protected channel; protected channels: ${[...names].join(', ')}` };
  return ProtectedChannel.issue(name, origin);
}
