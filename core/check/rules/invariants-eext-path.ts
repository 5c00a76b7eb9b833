// Worst-case E_ext paths: the costly acts outside chapels a run can perform, in order, and the most any trust slice
// can spend along them. The analysis in invariants-eext.ts builds the paths; this file is their algebra.
//
// A path is a rope: a leaf holds one event, an inner node the concatenation of two paths, shared, never copied. Each
// path carries what the analysis compares branches by (its plain total and, for a trust slice window W, the W largest
// costs it holds, counting repeats), merged in O(W) when two paths are joined; the events themselves are visited in
// order only to find where a reported run crosses the boundary. So a handler reached from many places costs one path,
// and a chain of handlers each asking the next twice (which doubles the path at every link) stays linear.

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

/** A cost and how many times it can be spent (Infinity for an act on a cycle). */
interface Repeat {
  readonly value: number;
  readonly count: number;
}

/** A worst-case execution path, reduced to what E_ext cares about: the costly acts outside chapels, in order. */
export interface EExtPath {
  /** The plain sum of the costs (Infinity when a cycle repeats a costly act). */
  readonly total: number;
  /** How many events the path holds (a count: repeated sub-paths are shared, so it can far exceed what is stored). */
  readonly length: number;
  /** The trust slice window the path was built for; {@link EExtPath.top} holds that many costs at most. */
  readonly window: number | undefined;
  /** The `window` largest costs on the path, counting repeats, largest first (empty without a window). */
  readonly top: readonly Repeat[];
  /** A leaf's event. */
  readonly event?: PathEvent;
  /** An inner node's halves: `left` then `right`. */
  readonly left?: EExtPath;
  readonly right?: EExtPath;
}

/** How many events, in order, {@link scanPath} looks at to find where a path crosses a limit. */
export const MAX_PATH_EVENTS = 4096;

/** The path that spends nothing. */
export const EMPTY_PATH: EExtPath = { total: 0, length: 0, window: undefined, top: [] };

/** A path of one event, for a trust slice of `window` steps (the whole run when undefined). */
export function eventPath(event: PathEvent, window: number | undefined): EExtPath {
  const cost = event.act.cost;
  const cycle = event.kind === 'cycle';
  const top = window !== undefined && cost > 0 ? [{ value: cost, count: cycle ? Infinity : 1 }] : [];
  return { total: cycle ? Infinity : cost, length: 1, window, top: keepLargest(top, window), event };
}

/** `a` then `b`. Both halves are shared, not copied; the summary is merged from theirs. */
export function concatPaths(a: EExtPath, b: EExtPath): EExtPath {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const window = a.window ?? b.window;
  return { total: a.total + b.total, length: a.length + b.length, window, top: mergeTop(a.top, b.top, window), left: a, right: b };
}

/** The most a trust slice of `window` steps can spend along a path (the path's total without a window). */
export function worstSlice(path: EExtPath, window: number | undefined): number {
  if (window === undefined) return path.total;
  if (path.length > 0 && path.window !== window) return sliceSum(events(path, Infinity), window);
  let sum = 0;
  for (const r of path.top) sum += r.value * r.count;
  return sum;
}

/**
 * Scans a path as the running worst slice grows: `worst` is the most any trust slice of `window` steps can spend
 * along it (the whole path when there is no window); `crossing` is the first event, among the first
 * {@link MAX_PATH_EVENTS}, after which that exceeds `limit`.
 */
export function scanPath(path: EExtPath, window: number | undefined, limit?: number): { worst: number; crossing?: PathEvent } {
  const worst = worstSlice(path, window);
  if (limit === undefined || !(worst > limit + EPSILON)) return { worst };
  const slice = new SliceSum(window);
  for (const e of events(path, MAX_PATH_EVENTS)) {
    slice.add(e.act.cost, e.kind === 'cycle' ? Infinity : 1);
    if (slice.sum > limit + EPSILON) return { worst, crossing: e };
  }
  return { worst };
}

/** The first `max` events of a path, in order. */
export function events(path: EExtPath, max: number): PathEvent[] {
  const out: PathEvent[] = [];
  const stack: EExtPath[] = [path];
  while (stack.length && out.length < max) {
    const p = stack.pop()!;
    if (p.event) out.push(p.event);
    else if (p.left && p.right) stack.push(p.right, p.left);
  }
  return out;
}

function sliceSum(es: readonly PathEvent[], window: number | undefined): number {
  const slice = new SliceSum(window);
  for (const e of es) slice.add(e.act.cost, e.kind === 'cycle' ? Infinity : 1);
  return slice.sum;
}

/** The `window` largest of two largest-first lists, largest first. */
function mergeTop(a: readonly Repeat[], b: readonly Repeat[], window: number | undefined): readonly Repeat[] {
  if (window === undefined || !b.length) return a;
  if (!a.length) return b;
  const out: Repeat[] = [];
  let i = 0;
  let j = 0;
  let room = window;
  while (room > 0 && (i < a.length || j < b.length)) {
    const r = j >= b.length || (i < a.length && a[i].value >= b[j].value) ? a[i++] : b[j++];
    const n = Math.min(r.count, room);
    out.push(n === r.count ? r : { value: r.value, count: n });
    room -= n;
  }
  return out;
}

function keepLargest(top: Repeat[], window: number | undefined): Repeat[] {
  if (window === undefined) return [];
  return top.map((r) => (r.count > window ? { value: r.value, count: window } : r));
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
