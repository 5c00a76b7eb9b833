// Worst-case E_ext paths: the costly acts outside chapels a run can perform, in order, and the most any trust slice
// can spend along them. The analysis in invariants-eext.ts builds the paths; this file is their algebra.

import type { Node } from '../../syntax/tree';
import type { AskSite } from '../model';
import { EPSILON } from './invariants-common';

/** An act outside chapels with a positive E_ext cost. */
export interface CostedAct {
  readonly node: Node;
  readonly cost: number;
}

/**
 * One event on a path: an act, or a cycle of asks through which acts can repeat without bound. A cycle carries the
 * costliest act that can repeat (the one that decides every bound) and the ask that closes the cycle.
 */
export type PathEvent = { readonly kind: 'act'; readonly act: CostedAct } | { readonly kind: 'cycle'; readonly act: CostedAct; readonly ask: AskSite };

/** A worst-case execution path, reduced to what E_ext cares about: the costly acts outside chapels, in order. */
export interface EExtPath {
  readonly events: readonly PathEvent[];
  /** The plain sum of the costs (Infinity when a cycle repeats a costly act). */
  readonly total: number;
  /**
   * Events beyond {@link MAX_PATH_EVENTS}, folded into a count, a sum and a largest cost, so a pathological spec (a
   * chain of handlers each asking the next twice doubles the path at every link) stays fast and its bound sound.
   */
  readonly overflow?: { readonly count: number; readonly total: number; readonly max: number; readonly cyclic: boolean };
}

/** How many events a path keeps in order; the rest only count (see {@link EExtPath.overflow}). */
export const MAX_PATH_EVENTS = 4096;

/** The path that spends nothing. */
export const EMPTY_PATH: EExtPath = { events: [], total: 0 };

function eventTotal(e: PathEvent): number {
  return e.kind === 'act' ? e.act.cost : Infinity;
}

/** `a` then `b`: events in order, totals added, and past {@link MAX_PATH_EVENTS} folded into the overflow. */
export function concatPaths(a: EExtPath, b: EExtPath): EExtPath {
  if (!b.events.length && !b.overflow) return a;
  if (!a.events.length && !a.overflow) return b;
  const total = a.total + b.total;
  // Once a path overflows, order past that point is lost: everything after it folds in too.
  const keep = a.overflow ? [] : b.events.slice(0, Math.max(0, MAX_PATH_EVENTS - a.events.length));
  const folded = [...(a.overflow ? b.events : b.events.slice(keep.length))];
  let overflow = a.overflow ?? undefined;
  const fold = (o: NonNullable<EExtPath['overflow']> | undefined) => {
    if (!o) return;
    overflow = overflow
      ? { count: overflow.count + o.count, total: overflow.total + o.total, max: Math.max(overflow.max, o.max), cyclic: overflow.cyclic || o.cyclic }
      : o;
  };
  for (const e of folded) fold({ count: 1, total: eventTotal(e), max: e.act.cost, cyclic: e.kind === 'cycle' });
  fold(b.overflow);
  return { events: [...a.events, ...keep], total, overflow };
}

/**
 * The sum of the `window` largest costs seen so far, counting repeats; with no window, the plain sum. Within a trust
 * slice of W steps at most W acts run (each act is at least one step), so this bounds what any slice can spend.
 */
class SliceSum {
  private readonly top: { value: number; count: number }[] = [];
  private size = 0;
  sum = 0;
  constructor(private readonly window: number | undefined) {}

  add(value: number, count: number): void {
    if (!(value > 0) || !(count > 0)) return;
    if (this.window === undefined) {
      this.sum += value * count;
      return;
    }
    const n = Math.min(count, this.window);
    let i = this.top.findIndex((e) => e.value < value);
    if (i < 0) i = this.top.length;
    this.top.splice(i, 0, { value, count: n });
    this.size += n;
    this.sum += value * n;
    // Keep the window's largest costs only: drop from the cheapest end.
    while (this.size > this.window) {
      const last = this.top[this.top.length - 1];
      const take = Math.min(last.count, this.size - this.window);
      last.count -= take;
      this.size -= take;
      this.sum -= last.value * take;
      if (last.count === 0) this.top.pop();
    }
  }
}

/**
 * Scans a path as the running worst slice grows: `worst` is the most any trust slice of `window` steps can spend
 * along it (the whole path when there is no window); `crossing` is the first event after which that exceeds `limit`.
 */
export function scanPath(path: EExtPath, window: number | undefined, limit?: number): { worst: number; crossing?: PathEvent } {
  if (window === undefined && limit === undefined) return { worst: path.total };
  const slice = new SliceSum(window);
  let crossing: PathEvent | undefined;
  for (const e of path.events) {
    slice.add(e.act.cost, e.kind === 'cycle' ? Infinity : 1);
    if (crossing === undefined && limit !== undefined && slice.sum > limit + EPSILON) crossing = e;
  }
  const o = path.overflow;
  if (o) {
    if (window === undefined) slice.sum += o.cyclic ? Infinity : o.total;
    else slice.add(o.max, o.cyclic ? Infinity : o.count);
  }
  return { worst: slice.sum, crossing };
}
