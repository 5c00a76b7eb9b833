// The words of AMP explained for hovers and completion: keywords with their syntax, settings, consent states,
// governance events, channels and steward events, after docs/language.md; plus small markdown helpers.

import { CONSENT_STATES, PROTECTED_CHANNELS, SILENCE_BANDS } from '../check/rules/invariants-common';

/** A word explained: the syntax it belongs to and one paragraph on what it does. */
export interface WordDoc {
  readonly syntax: string;
  readonly doc: string;
}

/** A fenced code block that no backtick run inside `code` can close early. */
export function fence(lang: string, code: string): string {
  let ticks = '```';
  while (code.includes(ticks)) ticks += '`';
  return `${ticks}${lang}\n${code}\n${ticks}`;
}

/** Inline code that survives backticks inside `code`. */
export function inlineCode(code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((r) => r.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = code.startsWith('`') || code.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${code}${pad}${ticks}`;
}

/** A markdown list, cut after `max` items with a line saying how many more. */
export function listLines(items: readonly string[], max = 12): string {
  const shown = items.slice(0, max).map((i) => `- ${i}`);
  if (items.length > max) shown.push(`- … ${items.length - max} more`);
  return shown.join('\n');
}

/** The first line of a text, with ` …` when there is more. */
export function firstLine(s: string): string {
  const line = s.split(/\r\n|\n|\r/)[0];
  return line.length < s.length ? `${line} …` : line;
}

/** A word's hover: its syntax as an AMP code block, then the paragraph. */
export function wordMarkdown(w: WordDoc): string {
  return `${fence('amp', w.syntax)}\n\n${w.doc}`;
}

/** Keywords that start top-level items. */
export const ITEM_DOCS: Readonly<Record<string, WordDoc>> = {
  message: {
    syntax: 'message NAME = "text with [pointers] and (sub-messages)"',
    doc: 'Declares a top-level message (seed 000): text with pointers `[x]` to other messages and sub-messages `( … )` written in place. Messages are immutable and visible in the whole file, before and after their declaration.',
  },
  agent: {
    syntax: 'agent NAME {\n  on "template with [holes]" { … }\n}\nagent NAME replays "transcript.jsonl"',
    doc: 'Declares an agent: it answers the messages its handlers’ templates match, the first matching handler in the file answering. An agent is immutable; asking it a question makes a new agent A′ that remembers the exchange (`let r, A2 = ask …`). A replay agent answers from a recorded transcript instead.',
  },
  run: {
    syntax: 'run "name" {\n  ask AGENT "…" budget N\n  expect reply "…"\n}',
    doc: 'A run asks root questions and checks their replies: what `amp run` executes, the debugger launches and a test runner shows. Each root ask states its budget (AMP-B003); a run allows only `let`, `ask`, `expect` and `steward`.',
  },
  consent: {
    syntax: 'consent NAME {\n  initial LISTEN\n  LISTEN -> CONSENT_GIVEN on explicit_consent from steward\n}',
    doc: 'Declares a consent machine, seed 002’s consent field as a finite-state machine over LISTEN, ABSTAIN, SUSPEND, CONSENT_GIVEN and DISSENT. LISTEN and ABSTAIN are silence bands: leaving them for consent or dissent needs an explicit event from a protected channel (invariant 4, AMP-G008).',
  },
  scars: {
    syntax: 'scars {\n  trigger incident_report(from: steward)\n  forgiveness gamma(shape: 2, scale: 30)\n}',
    doc: 'Declares, at constitution time, what creates a scar in the Atlas of Scars and how scars fade (seed 002, invariant 5). Scars are durable: only a restorative process resolves one, and it then fades along the forgiveness kernel, never erased.',
  },
  trust_slice: {
    syntax: 'trust_slice { window N }',
    doc: 'The trust slice: seed 002’s frozen witness window, in steps of the run. Within any `window` consecutive steps the E_ext spent outside chapels must stay within `E_ext_max_const`. Without a window the whole run is one slice. One per file (AMP-G015).',
  },
  conscience: {
    syntax: 'conscience {\n  weight "breach_id" n\n}',
    doc: 'Sets the conscience weight of breaches for the whole file (seed 003). A `@breach(…, weight: w)` overrides it; a breach weighted nowhere weighs 1.',
  },
  selfmod: {
    syntax: 'selfmod NAME {\n  identity "…"\n  weights { … }\n  initial { … }\n  config { seed N  cycles N  epsilon x }\n  proposal NAME: TYPE { … }\n}',
    doc: 'Declares a bounded self-modification run of a Level 4 agent (seed 004): its constant identity, the C_L4 weights and initial terms, the simulator’s configuration and the modifications it proposes. The simulator runs it deterministically through the 7-step protocol.',
  },
};

/** Keywords that start statements (and the words that continue them). */
export const STATEMENT_DOCS: Readonly<Record<string, WordDoc>> = {
  let: {
    syntax: 'let r = ask AGENT "…"\nlet r, A2 = ask AGENT "…"\nlet r = "…"\nlet me = reflect',
    doc: 'Binds a name for the statements after it: the reply to an ask (and with a second name, the new agent A′ that remembers the exchange), a message composed here (no cost), or a pointer to this agent as it is now.',
  },
  ask: {
    syntax: 'ask AGENT "message" budget N',
    doc: 'Spawn and send (seed 000): puts the question to AGENT and waits for the reply. Sending costs 1 and transfers budget: `budget N` transfers N; without it, everything the sender has left after paying for the send. The recipient’s unused budget comes back with its reply. The message must match one of the agent’s templates (AMP-N006).',
  },
  view: {
    syntax: 'view p\nview p as "template [with] [holes]" else {\n  reply "…"\n}',
    doc: 'Looks at the message `p` points to (costs 1). With `as`, matches it against the template and binds the holes for the statements after the view; when it does not match, the `else` block runs instead. AMP has no `if`: agents decide by viewing.',
  },
  reply: {
    syntax: 'reply "…"',
    doc: 'Answers the question and ends the handler; the unused budget goes back to the asker. A handler that ends without a reply replies with an error.',
  },
  reflect: {
    syntax: 'let me = reflect',
    doc: 'A pointer to this agent as it is now: an immutable snapshot that may be passed along in messages (`[me]`). Costs nothing in the default cost model.',
  },
  act: {
    syntax: '@E_ext_cost(x) @hazard(level)\nact "…"',
    doc: 'An external action in the world, what the governance layer bounds (seed 002). Its `@E_ext_cost` counts against `E_ext_max_const` in the trust slice unless it runs in a chapel; high and existential hazard acts must run in a chapel (AMP-G001) and state a cost (AMP-G002).',
  },
  chapel: {
    syntax: 'chapel {\n  @E_ext_cost(0.3) @hazard(high)\n  act "…"\n}',
    doc: 'A chapel of hesitation (seed 002, invariant 2): records the intent, pauses `min_pause_ms_const`, checks the veto fuse, and aborts the act when a protected channel has tripped it. Acts inside chapels go through the protected veto path and do not count against the red boundary.',
  },
  choose: {
    syntax: 'choose "prompt" {\n  @breach("id")\n  option "…" { … }\n  option "…" { … }\n}',
    doc: 'Takes the option with the least conscience weight (seed 003): options compare by their total weight at lexical level 1, and only on a tie by level 0; level −1 breaches never count; a tie goes to the first option. At least two options (AMP-C003), each with its own label (AMP-C004).',
  },
  option: {
    syntax: '@breach("id", weight: w, risk: p, level1: q)\noption "label" { … }',
    doc: 'One alternative of a `choose`. The breaches annotated on it, and on the statements its path surely runs, make up its conscience ledger.',
  },
  scar: {
    syntax: 'scar "what happened"',
    doc: 'Records a scar in the Atlas of Scars, an append-only, hash-chained log (seed 002, invariant 5). Every new scar is unresolved until a restorative process completes.',
  },
  resolve: {
    syntax: 'on event restorative_process_completed {\n  resolve scar\n}',
    doc: 'Resolves the scar the restorative process names (or, with a message, the scar so described); from then on it fades along the forgiveness kernel and is never erased. Legal only in `on event restorative_process_completed` (AMP-G009).',
  },
  forgiveness: {
    syntax: 'scars {\n  forgiveness gamma(shape: 2, scale: 30)\n}',
    doc: 'The forgiveness kernel that says how resolved scars fade: `gamma(shape: k, scale: θ)` or `weibull(shape: k, scale: λ)`, scales in steps. Fixed at constitution time in the `scars` block; agent code may not set it (AMP-G009).',
  },
  expect: {
    syntax: 'expect reply "…"\nexpect error "…"',
    doc: 'Checks the reply to the run’s latest root ask. Replies compare as message trees: a pointer stands for the message it points to, and spacing does not count. `expect error` passes when the ask ended in an error (containing the given text, if any).',
  },
  steward: {
    syntax: 'steward veto(tripped)\nsteward consent(MACHINE, explicit_consent)\nsteward incident("…")\nsteward restore("…")',
    doc: 'Scripts the protected channel `steward` at this point of the run: trip, strain or reset the veto fuse, deliver an explicit consent or dissent, report an incident, or complete a restorative process.',
  },
  budget: {
    syntax: 'ask AGENT "…" budget N',
    doc: 'The budget an ask transfers: a positive whole number of operations (AMP-B001). Viewing and sending each cost 1; the unused part comes back with the reply. A root ask of a run must state it (AMP-B003).',
  },
  as: {
    syntax: 'view p as "template"',
    doc: 'Matches the viewed message against a template and binds its holes for the statements after the view.',
  },
  else: {
    syntax: 'view p as "template" else { … }',
    doc: 'Runs when the viewed message does not match the template; it should end with a `reply`. Names bound inside are not visible after it.',
  },
  on: {
    syntax: 'on "template with [holes]" { … }\non event EVENT { … }',
    doc: 'A handler: answers every message its template matches, binding the template’s holes. A hole matches one pointer, one sub-message or a non-empty run of text. `on event` handlers run when the governance layer delivers an event; they see only top-level names.',
  },
  event: {
    syntax: 'on event restorative_process_completed { … }',
    doc: 'An event handler: runs when the governance layer delivers the event (restorative_process_completed, explicit_consent, explicit_dissent, incident_report) rather than a question.',
  },
  replays: {
    syntax: 'agent NAME replays "sessions/transcript.jsonl"',
    doc: 'A replay agent answers from a recorded JSON Lines transcript (one exchange per line, path relative to the .amp file), giving the recorded replies in order. Any message may be asked of it.',
  },
  proposal: {
    syntax: 'proposal NAME: TYPE {\n  risk medium\n  scope "…"\n  benefit 0.05\n  shadow 12\n  effect { M_s: 0.04 }\n}',
    doc: 'A modification the agent proposes (seed 004). Its type comes from the taxonomy and sets its intrinsic risk; the 7-step protocol (proposal, pre-validation, shadow simulation, stability validation, commit, monitoring, confirmation) decides whether it is kept.',
  },
};

/** Settings inside governance and self-modification blocks, by the block they belong to. */
export const SETTING_DOCS: Readonly<Record<'selfmod' | 'config' | 'proposal' | 'consent' | 'trust_slice' | 'conscience' | 'scars', Readonly<Record<string, WordDoc>>>> = {
  selfmod: {
    identity: { syntax: 'identity "agent-id"', doc: 'The agent’s identity id, a compile-time constant: declared exactly once (AMP-S008, AMP-S009), and no proposal may set it.' },
    weights: {
      syntax: 'weights { V_id: 0.15, H_bel: 0.15, F_mut: 0.10, sigma_con: 0.10, E_v: 0.20, G_c: 0.15, M_s: 0.15 }',
      doc: 'The C_L4 weights wᵢ of the seven terms, each in [0, 1] (AMP-S004), summing to 1 (AMP-S003); terms left out weigh 0. Default: the seed’s weights.',
    },
    initial: { syntax: 'initial { V_id: 0.05, E_v: 0.30 }', doc: 'The initial term values Xᵢ(0), each in [0, 1]; terms left out start at 0. C_L4(0) = Σ wᵢ Xᵢ(0) decides the starting zone.' },
    config: { syntax: 'config { seed 42  cycles 120  epsilon 0.02 }', doc: 'The simulator’s configuration: `seed` (required, so runs are deterministic: AMP-S009), `cycles` and `epsilon`.' },
    proposal: STATEMENT_DOCS.proposal,
  },
  config: {
    seed: { syntax: 'seed 42', doc: 'The simulator’s random seed, an integer: the same seed replays the same run. Required (AMP-S009).' },
    cycles: { syntax: 'cycles 120', doc: 'How many cycles the simulator runs, a positive integer.' },
    epsilon: { syntax: 'epsilon 0.02', doc: 'ε in (0, 1), the rollback tolerance of step 6: a committed change is rolled back when C_L4 rises above the baseline + ε while it is monitored.' },
  },
  proposal: {
    risk: { syntax: 'risk low | medium | high | critical', doc: 'The proposal’s risk. It may raise the type’s intrinsic risk, never lower it (AMP-S010); medium and above needs a shadow simulation (AMP-S006).' },
    scope: { syntax: 'scope "what it touches"', doc: 'What the modification touches, in words.' },
    benefit: { syntax: 'benefit 0.05', doc: 'The expected benefit of the modification, a number.' },
    shadow: { syntax: 'shadow 12', doc: 'A ShadowAgent simulation of N cycles (at most 20: AMP-S007), in an isolated sandbox with no real actions; required from medium risk (AMP-S006).' },
    effect: { syntax: 'effect { M_s: 0.04, sigma_con: -0.01 }', doc: 'The deltas the change applies to the C_L4 terms when committed.' },
  },
  consent: {
    initial: { syntax: 'initial LISTEN', doc: 'The state the machine starts in, usually LISTEN: silence until someone speaks. Exactly one (AMP-G014).' },
  },
  trust_slice: {
    window: { syntax: 'trust_slice { window 16 }', doc: 'The trust slice window, a positive whole number of steps (AMP-G015): within any `window` consecutive steps the E_ext spent outside chapels stays within `E_ext_max_const`.' },
  },
  conscience: {
    weight: { syntax: 'weight "breach_id" n', doc: 'The conscience weight of a breach for the whole file, a number above 0 (AMP-C002). An annotation’s `weight:` overrides it.' },
  },
  scars: {
    trigger: {
      syntax: 'trigger E_ext_spike(above: 0.5)\ntrigger beta1_lap_excursion(min: 0.1, max: 0.6)\ntrigger incident_report(from: steward)',
      doc: 'What creates a scar: the E_ext spent in the trust slice rising above a level, β₁_lap leaving its corridor, or a protected channel reporting an incident.',
    },
    forgiveness: {
      syntax: 'forgiveness gamma(shape: 2, scale: 30)\nforgiveness weibull(shape: 1.5, scale: 40)',
      doc: 'How a resolved scar fades: its weight decays along a gamma or Weibull kernel, scales in steps; all parameters above 0 (AMP-G012). A file with scars needs one (AMP-G013).',
    },
  },
};

/** The consent states (seed 002 §1.3). */
export const STATE_DOCS: Readonly<Record<(typeof CONSENT_STATES)[number], string>> = {
  LISTEN: 'Silence band: nothing has been said yet. Leaving it for CONSENT_GIVEN or DISSENT needs `explicit_consent` / `explicit_dissent` from a protected channel (invariant 4).',
  ABSTAIN: 'Silence band: the person has chosen not to take part. Silence is never converted into consent or dissent; leaving it for either needs an explicit event from a protected channel (invariant 4).',
  SUSPEND: 'Consent is suspended: nothing may proceed on it until the machine moves on.',
  CONSENT_GIVEN: 'Explicit consent was given by a protected channel. Agent code can never move a machine here (AMP-G008).',
  DISSENT: 'Explicit dissent was given by a protected channel. Agent code can never move a machine here (AMP-G008).',
};

/** The governance events an `on event` handler or a transition may name. */
export const EVENT_DOCS: Readonly<Record<string, string>> = {
  restorative_process_completed: 'A restorative process for a scar has completed (`steward restore("…")`): the one place `resolve scar` is allowed (invariant 5).',
  explicit_consent: 'An explicit, attested consent from a protected channel: what a transition out of a silence band into CONSENT_GIVEN must name (invariant 4).',
  explicit_dissent: 'An explicit, attested dissent from a protected channel: what a transition out of a silence band into DISSENT must name (invariant 4).',
  incident_report: 'A protected channel reported an incident (`steward incident("…")`); a `trigger incident_report(from: …)` records a scar.',
};

/** The steward events of a run. */
export const STEWARD_EVENT_DOCS: Readonly<Record<string, WordDoc>> = {
  veto: { syntax: 'steward veto(tripped | strained | ok)', doc: '`tripped` trips the veto fuse: chapels abort their acts and the ask ends in an error; `strained` marks it strained (shown, no effect); `ok` resets it.' },
  consent: { syntax: 'steward consent(MACHINE, explicit_consent | explicit_dissent)', doc: 'Delivers an explicit consent or dissent to a consent machine from the protected channel `steward`.' },
  incident: { syntax: 'steward incident("…")', doc: 'Files an incident report; a scars block with `trigger incident_report(from: steward)` records a scar.' },
  restore: { syntax: 'steward restore("scar")', doc: 'Completes a restorative process for the named scar: `on event restorative_process_completed` handlers run.' },
};

/** Veto fuse states, as the header's `veto_fuse_status` and `steward veto(…)` write them. */
export const VETO_STATES: Readonly<Record<string, string>> = {
  ok: 'The fuse is intact: chapels let their acts through after the pause.',
  strained: 'The fuse is strained: shown to the governance HUD, no effect on acts.',
  tripped: 'The fuse is tripped: every chapel aborts its act and the ask ends in an error.',
};

/** What a channel name means in `from CHANNEL`. */
export function channelDoc(name: string, answerableTo: readonly string[]): string {
  if (name === 'agent') return '`agent` is never a protected channel: the agent cannot vouch for itself (invariant 4).';
  if ((PROTECTED_CHANNELS as readonly string[]).includes(name)) return `\`${name}\` is a protected channel: it can give explicit consent or dissent, report incidents and trip the veto fuse.`;
  if (answerableTo.includes(name)) return `\`${name}\` is a protected channel because the header’s \`answerable_to\` names it.`;
  return `\`${name}\` is not a protected channel: the protected ones are ${[...PROTECTED_CHANNELS, ...answerableTo].map((c) => `\`${c}\``).join(', ')}.`;
}

/** Whether a consent state is a silence band. */
export function isSilenceBand(state: string): boolean {
  return SILENCE_BANDS.includes(state);
}
