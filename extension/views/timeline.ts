// The run timeline's data and geometry, computed in the extension so the webview only draws: C_L4 over cycles with the
// zone bands and the commit/rollback markers (from `stability.history`), the root budget remaining over steps (the
// adapter's `budgetHistory`, or derived from the events: minted by root asks less every cost paid), and markers for
// scars, refused acts, forced replies and failed expectations; the current step and cycle highlighted. Coordinates are
// pixels of an SVG of the given width; a click's x maps back to a step with stepAtX.

import type { EventJson, ZoneId } from './protocol';
import type { RunModel } from './run-store';
import { num, plural } from './tree-node';
import { ZONE_STYLES, zoneFor } from './zones';

export type StepMarkerKind = 'scar' | 'refused' | 'forced' | 'failed';
export type CycleMarkerKind = 'commit' | 'rollback' | 'rejected' | 'confirmed' | 'zone';

export interface TimelineData {
  readonly run: string;
  readonly threadId: number;
  readonly currentStep: number;
  /** The last step known (states recorded after the current one included: they can be gone to). */
  readonly lastStep: number;
  /** Root budget remaining after each step where it changed, in step order. */
  readonly budget: readonly { readonly step: number; readonly remaining: number }[];
  readonly stepMarkers: readonly { readonly step: number; readonly kind: StepMarkerKind; readonly label: string }[];
  readonly cl4: readonly { readonly cycle: number; readonly cl4: number; readonly zone: ZoneId; readonly marker?: CycleMarkerKind; readonly step?: number }[];
  readonly currentCycle?: number;
}

const CYCLE_MARKERS: readonly string[] = ['commit', 'rollback', 'rejected', 'confirmed', 'zone'];

/** The root budget remaining after each step, from events: what root asks minted less every cost paid so far. */
export function budgetFromEvents(events: readonly EventJson[]): { step: number; remaining: number }[] {
  const out: { step: number; remaining: number }[] = [];
  let minted = 0;
  let spent = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.kind === 'ask' && e.frame === 0 && typeof e.transfer === 'number') minted += e.transfer;
    if (typeof e.cost === 'number') spent += e.cost;
    const lastOfStep = i === events.length - 1 || events[i + 1].step !== e.step;
    // The series starts with the first root budget (a self-modification run never has one).
    if (!lastOfStep || (minted === 0 && out.length === 0)) continue;
    const remaining = minted - spent;
    if (out.length === 0 || out[out.length - 1].remaining !== remaining) out.push({ step: e.step, remaining });
  }
  return out;
}

function stepMarkers(run: RunModel): TimelineData['stepMarkers'] {
  const out: { step: number; kind: StepMarkerKind; label: string }[] = [];
  const g = run.state.governance;
  if (g) {
    for (const s of g.scars) if (s.step !== undefined) out.push({ step: s.step, kind: 'scar', label: `scar #${s.id} (${s.trigger})` });
    for (const r of g.refusedActs) out.push({ step: r.step, kind: 'refused', label: `refused act: ${r.reason}` });
  }
  for (const e of run.events) {
    if (!g && e.kind === 'scar') out.push({ step: e.step, kind: 'scar', label: `scar: ${(e.message as { preview?: string } | undefined)?.preview ?? ''}` });
    else if (!g && e.kind === 'act' && e.allowed === false) out.push({ step: e.step, kind: 'refused', label: `refused act${typeof e.reason === 'string' ? `: ${e.reason}` : ''}` });
    else if (e.kind === 'reply' && e.forced) out.push({ step: e.step, kind: 'forced', label: `forced reply: activation ${e.frame} ran out of budget` });
    else if (e.kind === 'expect' && e.passed === false) out.push({ step: e.step, kind: 'failed', label: `expectation failed${typeof e.reason === 'string' ? `: ${e.reason}` : ''}` });
  }
  return out.sort((a, b) => a.step - b.step);
}

/** What the timeline shows of a run. */
export function timelineData(run: RunModel): TimelineData {
  const s = run.state;
  const events = run.events;
  const budget = s.budgetHistory ? [...s.budgetHistory].sort((a, b) => a.step - b.step) : budgetFromEvents(events);
  const lastEvent = events.length ? events[events.length - 1].step : 0;
  const lastStep = Math.max(s.step, lastEvent, budget.length ? budget[budget.length - 1].step : 0);
  const st = s.stability;
  return {
    run: run.run,
    threadId: run.threadId,
    currentStep: s.step,
    lastStep,
    budget,
    stepMarkers: stepMarkers(run),
    cl4: (st?.history ?? []).map((h) => ({
      cycle: h.cycle,
      cl4: h.cl4,
      zone: zoneFor(h.cl4, h.zone).id,
      ...(h.marker && CYCLE_MARKERS.includes(h.marker) ? { marker: h.marker as CycleMarkerKind } : {}),
      ...(h.step !== undefined ? { step: h.step } : {}),
    })),
    ...(st ? { currentCycle: st.cycle } : {}),
  };
}

// ---- geometry ----------------------------------------------------------------------------------------------------------

export interface Tick {
  readonly at: number;
  readonly label: string;
}

export interface Mark {
  readonly x: number;
  readonly y: number;
  readonly kind: string;
  readonly label: string;
  /** An SVG path drawing the marker's shape around (x, y). */
  readonly d: string;
  readonly step?: number;
}

export interface Panel {
  readonly id: 'cl4' | 'budget';
  readonly title: string;
  /** The plot area. */
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly xLabel: string;
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
  readonly bands: readonly { readonly y: number; readonly h: number; readonly zone: ZoneId; readonly label: string; readonly cssVar: string }[];
  /** The series as an SVG path ('' when there is none). */
  readonly path: string;
  /** Points drawn and clickable (C_L4 per cycle; budget points only when few). */
  readonly points: readonly { readonly x: number; readonly y: number; readonly label: string; readonly zone?: ZoneId; readonly step?: number }[];
  readonly marks: readonly Mark[];
  /** The current step (budget) or cycle (C_L4). */
  readonly current?: { readonly x: number; readonly y?: number; readonly label: string };
  /** The x domain: steps or cycles. */
  readonly from: number;
  readonly to: number;
  /** Why the panel has no series. */
  readonly empty?: string;
}

export interface LayoutSummary {
  readonly run: string;
  readonly currentStep: number;
  readonly lastStep: number;
  readonly budgetPoints: number;
  readonly cl4Points: number;
  readonly markers: Readonly<Record<string, number>>;
  readonly bands: number;
}

export interface TimelineLayout {
  readonly width: number;
  readonly height: number;
  readonly panels: readonly Panel[];
  readonly summary: LayoutSummary;
  /** A sentence for screen readers. */
  readonly description: string;
}

export const MARGIN = { left: 56, right: 18, top: 30, bottom: 34 } as const;
export const PANEL_HEIGHT = 190;
export const MIN_WIDTH = 320;
/** Markers drawn per panel at most (the summary still counts every one). */
export const MAX_MARKS = 600;
/** Points drawn as dots (and clickable one by one) at most; past this the line alone is drawn. */
export const MAX_DOTS = 200;

/** Round tick values (1, 2 or 5 × 10ᵏ apart) covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

/** The smallest round number ≥ v (so the y axis ends on a tick). */
export function niceMax(v: number): number {
  if (v <= 0) return 1;
  const ticks = niceTicks(0, v, 4);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : v;
  return Math.ceil(v / step - 1e-9) * step;
}

function markPath(kind: string, x: number, y: number, r = 5): string {
  const f = (n: number) => Number(n.toFixed(1));
  switch (kind) {
    case 'scar':
    case 'zone':
      return `M${f(x - r)} ${f(y)}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;
    case 'refused':
    case 'rejected':
      return `M${f(x - r)} ${f(y - r)}L${f(x + r)} ${f(y + r)}M${f(x + r)} ${f(y - r)}L${f(x - r)} ${f(y + r)}`;
    case 'forced':
    case 'rollback':
      return `M${f(x - r)} ${f(y - r)}L${f(x + r)} ${f(y - r)}L${f(x)} ${f(y + r)}Z`;
    case 'commit':
    case 'confirmed':
      return `M${f(x)} ${f(y - r)}L${f(x + r)} ${f(y + r)}L${f(x - r)} ${f(y + r)}Z`;
    default:
      return `M${f(x)} ${f(y - r)}L${f(x + r)} ${f(y)}L${f(x)} ${f(y + r)}L${f(x - r)} ${f(y)}Z`;
  }
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** The step under an x coordinate of the budget panel (clamped to its domain). */
export function stepAtX(panel: Pick<Panel, 'x' | 'w' | 'from' | 'to'>, x: number): number {
  const t = panel.w > 0 ? (x - panel.x) / panel.w : 0;
  const step = Math.round(panel.from + t * (panel.to - panel.from));
  return Math.min(panel.to, Math.max(panel.from, step));
}

function budgetPanel(d: TimelineData, top: number, width: number): Panel {
  const x0 = MARGIN.left;
  const w = width - MARGIN.left - MARGIN.right;
  const y0 = top + MARGIN.top;
  const h = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const from = 0;
  const to = Math.max(1, d.lastStep);
  const max = niceMax(Math.max(0, ...d.budget.map((p) => p.remaining)));
  const xs = (step: number) => r1(x0 + ((step - from) / (to - from)) * w);
  const ys = (v: number) => r1(y0 + h - (Math.max(0, Math.min(max, v)) / max) * h);
  let path = '';
  if (d.budget.length) {
    // A step function: the value holds until the next change. Changes within one pixel column keep their envelope.
    const b = d.budget;
    const parts: string[] = [`M${xs(b[0].step)} ${ys(b[0].remaining)}`];
    let i = 1;
    while (i < b.length) {
      const column = Math.floor(xs(b[i].step));
      let lo = b[i - 1].remaining;
      let hi = lo;
      let j = i;
      for (; j < b.length && Math.floor(xs(b[j].step)) === column; j++) {
        lo = Math.min(lo, b[j].remaining);
        hi = Math.max(hi, b[j].remaining);
      }
      parts.push(`H${xs(b[i].step)}`);
      if (j - i > 1) parts.push(`V${ys(hi)}V${ys(lo)}`);
      parts.push(`V${ys(b[j - 1].remaining)}`);
      i = j;
    }
    parts.push(`H${xs(to)}`);
    path = parts.join('');
  }
  const valueAt = (step: number): number | undefined => {
    let v: number | undefined;
    for (const p of d.budget) {
      if (p.step > step) break;
      v = p.remaining;
    }
    return v;
  };
  const rowY = y0 + 7;
  const marks = d.stepMarkers.slice(0, MAX_MARKS).map((m) => ({ x: xs(m.step), y: rowY, kind: m.kind, label: `step ${m.step}: ${m.label}`, d: markPath(m.kind, xs(m.step), rowY, 4.5), step: m.step }));
  const points = d.budget.length <= MAX_DOTS ? d.budget.map((p) => ({ x: xs(p.step), y: ys(p.remaining), label: `step ${p.step}: ${p.remaining} remaining`, step: p.step })) : [];
  const cur = valueAt(d.currentStep);
  return {
    id: 'budget',
    title: 'Root budget remaining',
    x: x0,
    y: y0,
    w,
    h,
    xLabel: 'step',
    xTicks: niceTicks(from, to, Math.max(2, Math.floor(w / 80))).filter((t) => Number.isInteger(t)).map((t) => ({ at: xs(t), label: String(t) })),
    yTicks: niceTicks(0, max, 4).map((t) => ({ at: ys(t), label: num(t) })),
    bands: [],
    path,
    points,
    marks,
    current: { x: xs(d.currentStep), ...(cur !== undefined ? { y: ys(cur) } : {}), label: `step ${d.currentStep}${cur !== undefined ? `: ${cur} remaining` : ''}` },
    from,
    to,
    ...(d.budget.length === 0 ? { empty: 'No budget yet: the run has not asked its root question.' } : {}),
  };
}

function cl4Panel(d: TimelineData, top: number, width: number): Panel {
  const x0 = MARGIN.left;
  const w = width - MARGIN.left - MARGIN.right;
  const y0 = top + MARGIN.top;
  const h = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const cycles = d.cl4.map((p) => p.cycle);
  const from = cycles.length ? Math.min(...cycles) : 0;
  const to = cycles.length ? Math.max(from + 1, Math.max(...cycles)) : 1;
  const xs = (c: number) => r1(x0 + ((c - from) / (to - from)) * w);
  const ys = (v: number) => r1(y0 + h - Math.max(0, Math.min(1, v)) * h);
  const bands = ZONE_STYLES.map((z) => ({ y: ys(z.max), h: r1(ys(z.min) - ys(z.max)), zone: z.id, label: z.name, cssVar: z.cssVar }));
  const path = d.cl4.map((p, i) => `${i ? 'L' : 'M'}${xs(p.cycle)} ${ys(p.cl4)}`).join('');
  const points = d.cl4.length <= MAX_DOTS
    ? d.cl4.map((p) => ({ x: xs(p.cycle), y: ys(p.cl4), label: `cycle ${p.cycle}: C_L4 ${num(p.cl4)} (${zoneFor(p.cl4, p.zone).name})${p.step !== undefined ? `, step ${p.step}` : ''}`, zone: p.zone, ...(p.step !== undefined ? { step: p.step } : {}) }))
    : [];
  const marks = d.cl4
    .filter((p) => p.marker)
    .slice(0, MAX_MARKS)
    .map((p) => ({ x: xs(p.cycle), y: ys(p.cl4) - 10, kind: p.marker!, label: `cycle ${p.cycle}: ${p.marker}`, d: markPath(p.marker!, xs(p.cycle), ys(p.cl4) - 10, 4.5), ...(p.step !== undefined ? { step: p.step } : {}) }));
  const current = d.currentCycle !== undefined ? d.cl4.find((p) => p.cycle === d.currentCycle) : undefined;
  return {
    id: 'cl4',
    title: 'C_L4 over cycles',
    x: x0,
    y: y0,
    w,
    h,
    xLabel: 'cycle',
    xTicks: niceTicks(from, to, Math.max(2, Math.floor(w / 80))).filter((t) => Number.isInteger(t)).map((t) => ({ at: xs(t), label: String(t) })),
    yTicks: [0, 0.3, 0.5, 0.8, 1].map((t) => ({ at: ys(t), label: String(t) })),
    bands,
    path,
    points,
    marks,
    ...(d.currentCycle !== undefined ? { current: { x: xs(d.currentCycle), ...(current ? { y: ys(current.cl4) } : {}), label: `cycle ${d.currentCycle}${current ? `: C_L4 ${num(current.cl4)}` : ''}` } } : {}),
    from,
    to,
    ...(d.cl4.length === 0 ? { empty: 'No C_L4 history yet.' } : {}),
  };
}

/** The timeline's geometry at a width (pixels). The C_L4 panel is drawn only for runs with a stability history. */
export function layoutTimeline(d: TimelineData, width: number): TimelineLayout {
  const wd = Math.max(MIN_WIDTH, Math.floor(Number.isFinite(width) ? width : MIN_WIDTH));
  const panels: Panel[] = [];
  const stability = d.cl4.length > 0 || d.currentCycle !== undefined;
  if (stability) panels.push(cl4Panel(d, 0, wd));
  // A self-modification run has cycles and no budget: its chart is C_L4 alone.
  if (!stability || d.budget.length > 0 || d.stepMarkers.length > 0) panels.push(budgetPanel(d, panels.length * PANEL_HEIGHT, wd));
  const markers: Record<string, number> = {};
  for (const m of d.stepMarkers) markers[m.kind] = (markers[m.kind] ?? 0) + 1;
  for (const p of d.cl4) if (p.marker) markers[p.marker] = (markers[p.marker] ?? 0) + 1;
  const budgetNow = [...d.budget].reverse().find((p) => p.step <= d.currentStep)?.remaining;
  const now = d.cl4.find((p) => p.cycle === d.currentCycle);
  const description = [
    `Run "${d.run}" at step ${d.currentStep} of ${d.lastStep}.`,
    budgetNow !== undefined ? `Root budget remaining: ${budgetNow}.` : stability ? '' : 'No root budget yet.',
    now ? `C_L4 ${num(now.cl4)} (${zoneFor(now.cl4, now.zone).name}) at cycle ${now.cycle}.` : '',
    Object.entries(markers).map(([k, n]) => plural(n, k === 'refused' ? 'refused act' : k === 'failed' ? 'failed expectation' : k === 'forced' ? 'forced reply' : k)).join(', '),
  ].filter(Boolean).join(' ');
  return {
    width: wd,
    height: panels.length * PANEL_HEIGHT,
    panels,
    summary: {
      run: d.run,
      currentStep: d.currentStep,
      lastStep: d.lastStep,
      budgetPoints: d.budget.length,
      cl4Points: d.cl4.length,
      markers,
      bands: panels.find((p) => p.id === 'cl4')?.bands.length ?? 0,
    },
    description,
  };
}

// ---- messages between the extension and the webview ---------------------------------------------------------------------

/** What the webview reports after drawing: what it actually put in the page. */
export interface RenderedSummary {
  readonly panels: readonly string[];
  readonly currentStep: number | null;
  readonly budgetPath: boolean;
  readonly cl4Points: number;
  readonly bands: number;
  readonly markers: Readonly<Record<string, number>>;
}

export type FromWebview =
  | { readonly type: 'ready'; readonly width: number }
  | { readonly type: 'resize'; readonly width: number }
  | { readonly type: 'goToStep'; readonly step: number }
  | { readonly type: 'rendered'; readonly summary: RenderedSummary };

export type ToWebview = { readonly type: 'layout'; readonly layout: TimelineLayout } | { readonly type: 'empty'; readonly message: string };

/** Checks a message from the webview; undefined for anything malformed. */
export function parseWebviewMessage(raw: unknown): FromWebview | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  const width = typeof m.width === 'number' && Number.isFinite(m.width) && m.width >= 0 ? m.width : undefined;
  switch (m.type) {
    case 'ready':
    case 'resize':
      return width === undefined ? undefined : { type: m.type, width };
    case 'goToStep':
      return typeof m.step === 'number' && Number.isInteger(m.step) && m.step >= 0 ? { type: 'goToStep', step: m.step } : undefined;
    case 'rendered': {
      const s = m.summary as Record<string, unknown> | undefined;
      if (typeof s !== 'object' || s === null || !Array.isArray(s.panels)) return undefined;
      const markers: Record<string, number> = {};
      if (typeof s.markers === 'object' && s.markers !== null) for (const [k, v] of Object.entries(s.markers)) if (typeof v === 'number') markers[k] = v;
      return {
        type: 'rendered',
        summary: {
          panels: s.panels.filter((p): p is string => typeof p === 'string'),
          currentStep: typeof s.currentStep === 'number' ? s.currentStep : null,
          budgetPath: s.budgetPath === true,
          cl4Points: typeof s.cl4Points === 'number' ? s.cl4Points : 0,
          bands: typeof s.bands === 'number' ? s.bands : 0,
          markers,
        },
      };
    }
    default:
      return undefined;
  }
}
