// Exception-breakpoint filters: events of a step that stop the run before that step, when their filter is on. Each
// filter reads the events one step records; the table is the one place to add filters (governance, conscience and
// self-modification add theirs here).

import { renderText, type RuntimeEvent } from '../core/runtime/index';

export interface ExceptionHit {
  readonly filter: string;
  /** One line for the stop's description. */
  readonly description: string;
  /** The details shown by exceptionInfo and in the console. */
  readonly details: string;
}

export interface ExceptionFilter {
  readonly filter: string;
  readonly label: string;
  readonly description: string;
  readonly default: boolean;
  /** The hit, if this step's events raise the exception. */
  readonly detect: (events: readonly RuntimeEvent[]) => ExceptionHit | undefined;
}

function first<T>(events: readonly RuntimeEvent[], f: (e: RuntimeEvent) => T | undefined): T | undefined {
  for (const e of events) {
    const r = f(e);
    if (r !== undefined) return r;
  }
  return undefined;
}

export const EXCEPTION_FILTERS: readonly ExceptionFilter[] = [
  {
    filter: 'budgetExhausted',
    label: 'Budget exhausted',
    description: 'Stop before an agent runs out of budget and the runtime forces its error reply.',
    default: false,
    detect: (events) =>
      first(events, (e) => {
        if (e.kind !== 'reply' || !e.forced) return undefined;
        const text = renderText(e.message, 400);
        return { filter: 'budgetExhausted', description: `Budget exhausted: ${text.replace(/^error: /, '')}`, details: `activation ${e.frame} needed ${e.forced.needed} to ${e.forced.op}; the runtime replies for it: ${text}` };
      }),
  },
  {
    filter: 'expectFailed',
    label: 'Expectation failed',
    description: "Stop before a run's `expect` that does not hold.",
    default: true,
    detect: (events) =>
      first(events, (e) => {
        if (e.kind !== 'expect' || e.passed) return undefined;
        const what = e.expect === 'reply' ? `expect reply "${e.expected ?? ''}"` : `expect error${e.expected !== undefined ? ` "${e.expected}"` : ''}`;
        const details = [`${what} does not hold`, e.actual !== undefined ? `actual: ${e.actual}` : undefined, e.reason].filter(Boolean).join('\n');
        return { filter: 'expectFailed', description: `Expectation failed: ${what}${e.actual !== undefined ? `, the reply is "${short(e.actual)}"` : e.reason ? `: ${e.reason}` : ''}`, details };
      }),
  },
  {
    filter: 'malformedReply',
    label: 'Malformed reply',
    description: 'Stop before the meta-executor gives up on a reply it cannot parse.',
    default: false,
    detect: (events) =>
      first(events, (e) => {
        if (e.kind !== 'meta' || !e.reason || e.reason.endsWith('asking again')) return undefined;
        return { filter: 'malformedReply', description: `Malformed reply: ${short(e.reason)}`, details: e.reason };
      }),
  },
  {
    filter: 'errorReply',
    label: 'Error reply',
    description: 'Stop before any agent replies with an error (no handler matches, a handler ends without a reply, a refused act, …).',
    default: false,
    detect: (events) =>
      first(events, (e) => {
        if (e.kind !== 'reply' || !e.error) return undefined;
        const text = renderText(e.message, 400);
        return { filter: 'errorReply', description: `Error reply: ${short(text.replace(/^error: /, ''))}`, details: text };
      }),
  },
];

function short(s: string, max = 160): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}
