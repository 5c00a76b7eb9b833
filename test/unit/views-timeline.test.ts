// The run timeline: its series come from the run (the root budget remaining agrees with the adapter's figures at every
// stop), its geometry maps steps to pixels and back, draws zone bands and markers where they belong and keeps long
// runs to a path a page can draw; the page has a strict policy; and the page script itself, run against a small
// stand-in for the DOM, draws the layout, reports what it drew and turns clicks and keys into "go to step".

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { runInNewContext } from 'node:vm';
import { SessionRuns } from '../../extension/views/run-store';
import {
  budgetFromEvents, layoutTimeline, MARGIN, MAX_DOTS, niceMax, niceTicks, PANEL_HEIGHT, parseWebviewMessage, stepAtX, timelineData, type TimelineData, type TimelineLayout,
} from '../../extension/views/timeline';
import { contentSecurityPolicy, makeNonce, timelineHtml } from '../../extension/views/timeline-html';
import { handRun, InlineDap, ROOT, SAMPLES } from './views-support';

let dap: InlineDap | undefined;
afterEach(async () => {
  await dap?.close().catch(() => undefined);
  dap = undefined;
});

const data = (over: Partial<TimelineData> = {}): TimelineData => ({
  run: 'r',
  threadId: 1,
  currentStep: 5,
  lastStep: 10,
  budget: [
    { step: 1, remaining: 100 },
    { step: 3, remaining: 98 },
    { step: 7, remaining: 95 },
  ],
  stepMarkers: [],
  cl4: [],
  ...over,
});

describe('the timeline’s series', () => {
  for (const [file, run, costModel] of [
    ['list-minimum.amp', 'the smallest of 7, 3 and 5', 'seed'],
    ['sort.amp', 'sort 7, 3, 5', 'seed'],
    ['sort.amp', 'sort 7, 3, 5', 'alba'],
  ] as const) {
    it(`root budget remaining = returned + held at every stop of ${file} "${run}" (${costModel})`, async () => {
      dap = new InlineDap();
      await dap.launch({ program: join(SAMPLES, file), run, costModel, stopOnEntry: true, stopAtEnd: true });
      const runs = new SessionRuns();
      runs.apply(await dap.runState());
      let checked = 0;
      while (runs.current!.state.status === 'running') {
        runs.apply(await dap.move('stepIn', { granularity: 'instruction' }));
        const t = runs.current!;
        const series = budgetFromEvents(t.events);
        const now = [...series].reverse().find((p) => p.step <= t.step);
        const b = t.state.budget;
        assert.equal(now?.remaining ?? 0, b.returned + b.held, `step ${t.step}`);
        checked++;
      }
      assert.ok(checked > 5);
      // Stepped back to the start, the whole known series is still there to click on.
      const r = await dap.request('amp/goToStep', { threadId: 1, step: 1 });
      assert.ok(r.success);
      await dap.next('stopped');
      runs.apply(await dap.runState());
      const d = timelineData(runs.current!);
      assert.equal(d.currentStep, 1);
      assert.ok(d.lastStep > 5);
      assert.equal(d.budget.at(-1)?.remaining, runs.current!.state.budget.root - (runs.current!.events.reduce((n, e) => n + (typeof e.cost === 'number' ? e.cost : 0), 0)));
    });
  }

  it('marks scars, refused acts, forced replies and failed expectations at their steps', async () => {
    const run = handRun({
      step: 4,
      activations: [],
      extra: {
        events: {
          from: 0,
          total: 5,
          items: [
            { index: 0, step: 1, kind: 'ask', frame: 0, transfer: 10, cost: 0 },
            { index: 1, step: 2, kind: 'scar', frame: 1, message: { ref: 'm1', preview: 'too much' } },
            { index: 2, step: 3, kind: 'act', frame: 1, allowed: false, reason: 'over the cap' },
            { index: 3, step: 4, kind: 'reply', frame: 1, to: 0, cost: 0, returned: 0, forced: { op: 'view', needed: 1 } },
            { index: 4, step: 5, kind: 'expect', frame: 0, passed: false, reason: 'the reply is "x"' },
          ],
        },
      },
    });
    const d = timelineData(run);
    assert.deepEqual(d.stepMarkers.map((m) => [m.step, m.kind, m.label]), [
      [2, 'scar', 'scar: too much'],
      [3, 'refused', 'refused act: over the cap'],
      [4, 'forced', 'forced reply: activation 1 ran out of budget'],
      [5, 'failed', 'expectation failed: the reply is "x"'],
    ]);
    // With a governance part, its scars and refused acts are the markers (the events are not counted twice).
    const governed = handRun({
      step: 4,
      activations: [],
      extra: {
        events: run.state.events,
        governance: { consent: [], scars: [{ id: 7, trigger: 'incident_report', step: 2, resolved: false, weight: 1, forgiveness: 0 }], refusedActs: [{ step: 3, reason: 'fuse tripped' }] },
      },
    });
    assert.deepEqual(timelineData(governed).stepMarkers.map((m) => m.label), ['scar #7 (incident_report)', 'refused act: fuse tripped', 'forced reply: activation 1 ran out of budget', 'expectation failed: the reply is "x"']);
    // The adapter's budget history, when sent, is the series.
    const told = handRun({ step: 2, activations: [], extra: { budgetHistory: [{ step: 2, remaining: 4 }, { step: 1, remaining: 5 }] } });
    assert.deepEqual(timelineData(told).budget, [{ step: 1, remaining: 5 }, { step: 2, remaining: 4 }]);
  });

  it('takes C_L4 over cycles from the stability history, zones and markers included', () => {
    const run = handRun({
      step: 3,
      activations: [],
      extra: {
        stability: {
          cycle: 2, cl4: 0.55, terms: {}, weights: {},
          history: [{ cycle: 0, cl4: 0.2, zone: 'optimal' }, { cycle: 1, cl4: 0.35, marker: 'commit', step: 40 }, { cycle: 2, cl4: 0.55, marker: 'nonsense' }],
        },
      },
    });
    const d = timelineData(run);
    assert.deepEqual(d.cl4, [{ cycle: 0, cl4: 0.2, zone: 'optimal' }, { cycle: 1, cl4: 0.35, zone: 'growth', marker: 'commit', step: 40 }, { cycle: 2, cl4: 0.55, zone: 'caution' }]);
    assert.equal(d.currentCycle, 2);
  });
});

describe('the timeline’s geometry', () => {
  it('maps steps to x across the plot and back, for every step', () => {
    const layout = layoutTimeline(data(), 640);
    const [budget] = layout.panels;
    assert.equal(layout.panels.length, 1, 'no C_L4 panel without a stability history');
    assert.deepEqual([budget.x, budget.x + budget.w], [MARGIN.left, 640 - MARGIN.right]);
    assert.deepEqual([budget.from, budget.to], [0, 10]);
    for (let s = 0; s <= 10; s++) {
      const x = budget.x + (s / 10) * budget.w;
      assert.equal(stepAtX(budget, x), s);
      assert.equal(stepAtX(budget, x + (budget.w / 10) * 0.4), s, 'the nearest step');
    }
    assert.equal(stepAtX(budget, -50), 0, 'clamped');
    assert.equal(stepAtX(budget, 5000), 10);
    assert.equal(budget.current?.x, Math.round((budget.x + budget.w / 2) * 10) / 10);
    assert.equal(budget.current?.label, 'step 5: 98 remaining');
  });

  it('draws the budget as a step function from its first value to the last step, on a rounded scale', () => {
    const layout = layoutTimeline(data(), 640);
    const b = layout.panels[0];
    const x = (s: number) => Math.round((b.x + (s / 10) * b.w) * 10) / 10;
    const y = (v: number) => Math.round((b.y + b.h - (v / 100) * b.h) * 10) / 10;
    assert.equal(b.path, `M${x(1)} ${y(100)}H${x(3)}V${y(98)}H${x(7)}V${y(95)}H${x(10)}`);
    assert.deepEqual(b.yTicks.map((t) => t.label), ['0', '20', '40', '60', '80', '100']);
    assert.deepEqual(b.points.map((p) => p.step), [1, 3, 7], 'few points are drawn as clickable dots');
    assert.equal(layout.height, PANEL_HEIGHT);
    assert.match(layout.description, /^Run "r" at step 5 of 10\. Root budget remaining: 98\.$/);
  });

  it('keeps a long run’s path to about two commands per pixel column, with the envelope of each column', () => {
    const budget = Array.from({ length: 100_000 }, (_, i) => ({ step: i + 1, remaining: 100_000 - i - (i % 2 ? 50 : 0) }));
    const layout = layoutTimeline(data({ budget, lastStep: 100_000, currentStep: 50_000 }), 800);
    const b = layout.panels[0];
    const commands = b.path.match(/[MHV]/g)!.length;
    assert.ok(commands < b.w * 5, `${commands} path commands for ${b.w} px`);
    assert.equal(b.points.length, 0, `past ${MAX_DOTS} points the line alone is drawn`);
    // Every y the series reaches lies within the drawn path's range.
    const ys = [...b.path.matchAll(/V([\d.]+)/g)].map((m) => Number(m[1]));
    assert.ok(Math.min(...ys) <= b.y + 1 && Math.max(...ys) >= b.y + b.h * 0.49);
    assert.equal(layout.summary.budgetPoints, 100_000);
  });

  it('draws zone bands from Optimal at the bottom to Critical at the top, C_L4 points and markers', () => {
    const d = data({
      cl4: [{ cycle: 0, cl4: 0.1, zone: 'optimal' }, { cycle: 5, cl4: 0.6, zone: 'caution', marker: 'commit', step: 8 }, { cycle: 10, cl4: 0.9, zone: 'critical', marker: 'rollback' }],
      currentCycle: 5,
      stepMarkers: [{ step: 4, kind: 'scar', label: 'scar #1' }],
    });
    const layout = layoutTimeline(d, 500);
    assert.deepEqual(layout.panels.map((p) => p.id), ['cl4', 'budget']);
    const [cl4, budget] = layout.panels;
    assert.equal(budget.y, PANEL_HEIGHT + MARGIN.top, 'the budget panel sits below');
    const band = Object.fromEntries(cl4.bands.map((b) => [b.zone, b]));
    assert.equal(band.optimal.y + band.optimal.h, cl4.y + cl4.h);
    assert.equal(band.critical.y, cl4.y);
    assert.equal(Math.round(band.growth.h * 10), Math.round(cl4.h * 2));
    assert.equal(band.caution.cssVar, '--vscode-charts-yellow');
    assert.deepEqual(cl4.points.map((p) => [p.zone, p.step]), [['optimal', undefined], ['caution', 8], ['critical', undefined]]);
    assert.deepEqual(cl4.marks.map((m) => [m.kind, m.step]), [['commit', 8], ['rollback', undefined]]);
    assert.equal(cl4.current?.x, cl4.x + cl4.w / 2);
    assert.deepEqual(budget.marks.map((m) => [m.kind, m.step, m.x]), [['scar', 4, Math.round((budget.x + 0.4 * budget.w) * 10) / 10]]);
    assert.deepEqual(layout.summary.markers, { scar: 1, commit: 1, rollback: 1 });
    assert.equal(layout.summary.bands, 4);
    assert.match(layout.description, /C_L4 0\.6 \(Caution\) at cycle 5\. 1 scar, 1 commit, 1 rollback$/);
  });

  it('draws a self-modification run as C_L4 alone, its points going to the steps they name', () => {
    const layout = layoutTimeline(data({ budget: [], cl4: [{ cycle: 0, cl4: 0.1, zone: 'optimal', step: 0 }, { cycle: 1, cl4: 0.2, zone: 'optimal', step: 3 }], currentCycle: 1 }), 600);
    assert.deepEqual(layout.panels.map((p) => p.id), ['cl4']);
    assert.equal(layout.height, PANEL_HEIGHT);
    assert.deepEqual(layout.panels[0].points.map((p) => p.step), [0, 3]);
  });

  it('picks round ticks and a round top', () => {
    assert.deepEqual(niceTicks(0, 10, 5), [0, 2, 4, 6, 8, 10]);
    assert.deepEqual(niceTicks(0, 1, 4), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(niceTicks(3, 3), [3]);
    assert.deepEqual([niceMax(0), niceMax(97), niceMax(100), niceMax(101), niceMax(0.37)], [1, 100, 100, 120, 0.4]);
    assert.equal(layoutTimeline(data(), 10).width, 320, 'narrower than 320 px is drawn at 320');
    assert.equal(layoutTimeline(data({ budget: [] }), 600).panels[0].empty, 'No budget yet: the run has not asked its root question.');
  });
});

describe('the timeline page', () => {
  it('allows nothing but its own script (by nonce) and styles, and names no remote resource', () => {
    const csp = contentSecurityPolicy('vscode-webview://abc', 'N0nce');
    assert.equal(csp, "default-src 'none'; style-src vscode-webview://abc; img-src vscode-webview://abc data:; font-src vscode-webview://abc; script-src 'nonce-N0nce'; base-uri 'none'; form-action 'none'");
    const html = timelineHtml({ cspSource: 'vscode-webview://abc', nonce: 'N0nce', scriptUri: 'vscode-webview://abc/timeline.js', styleUri: 'vscode-webview://abc/timeline.css' });
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    assert.deepEqual([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]), ['<script nonce="N0nce" src="vscode-webview://abc/timeline.js">']);
    assert.doesNotMatch(html, /https?:\/\//);
    for (const file of ['timeline.js', 'timeline.css']) {
      const text = readFileSync(join(ROOT, 'extension/views/media', file), 'utf8');
      assert.doesNotMatch(text.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, ''), /https?:\/\/|@import|url\(/, `${file} loads nothing remote`);
    }
    const nonce = makeNonce(() => new Uint8Array(16).fill(251));
    assert.match(nonce, /^[A-Za-z0-9_-]{22}$/);
  });

  it('accepts only well-formed messages from the page', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready', width: 480 }), { type: 'ready', width: 480 });
    assert.deepEqual(parseWebviewMessage({ type: 'goToStep', step: 12 }), { type: 'goToStep', step: 12 });
    for (const bad of [null, 'goToStep', { type: 'goToStep', step: -1 }, { type: 'goToStep', step: 1.5 }, { type: 'resize' }, { type: 'eval', code: 'x' }, { type: 'rendered', summary: {} }]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
    assert.deepEqual(parseWebviewMessage({ type: 'rendered', summary: { panels: ['budget', 3], currentStep: 4, budgetPath: true, markers: { scar: 2, x: 'y' } } }), {
      type: 'rendered',
      summary: { panels: ['budget'], currentStep: 4, budgetPath: true, cl4Points: 0, bands: 0, markers: { scar: 2 } },
    });
  });
});

// ---- the page script, against a stand-in DOM ------------------------------------------------------------------------

class FakeElement {
  readonly children: FakeElement[] = [];
  readonly attributes = new Map<string, string>();
  readonly listeners = new Map<string, ((e: unknown) => void)[]>();
  parent: FakeElement | undefined;
  private text = '';
  clientWidth = 0;
  constructor(readonly tagName: string) {}
  setAttribute(k: string, v: string) {
    this.attributes.set(k, v);
  }
  getAttribute(k: string) {
    return this.attributes.get(k) ?? null;
  }
  appendChild(c: FakeElement) {
    c.parent = this;
    this.children.push(c);
    return c;
  }
  set textContent(v: string) {
    this.text = v;
    if (v === '') this.children.length = 0;
  }
  get textContent() {
    return this.text;
  }
  addEventListener(type: string, fn: (e: unknown) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  dispatch(type: string, e: unknown) {
    for (const fn of this.listeners.get(type) ?? []) fn(e);
  }
  getBoundingClientRect() {
    return { left: 10, top: 0 };
  }
  private all(): FakeElement[] {
    return this.children.flatMap((c) => [c, ...c.all()]);
  }
  private classes(): string[] {
    return (this.attributes.get('class') ?? '').split(/\s+/);
  }
  /** Selectors of the form `.a`, `.a .b`. */
  querySelectorAll(selector: string): FakeElement[] {
    const parts = selector.trim().split(/\s+/).map((p) => p.replace(/^\./, ''));
    const matches = (el: FakeElement, i: number): boolean => {
      if (!el.classes().includes(parts[i])) return false;
      if (i === 0) return true;
      for (let p = el.parent; p; p = p.parent) if (matches(p, i - 1)) return true;
      return false;
    };
    const found = this.all().filter((el) => matches(el, parts.length - 1));
    return Object.assign(found, { forEach: Array.prototype.forEach }) as FakeElement[];
  }
  querySelector(selector: string) {
    return this.querySelectorAll(selector)[0] ?? null;
  }
}

function loadPage(state?: unknown) {
  const charts = new FakeElement('div');
  charts.clientWidth = 640;
  const status = new FakeElement('p');
  const posted: Record<string, unknown>[] = [];
  let saved = state;
  const messageListeners: ((e: { data: unknown }) => void)[] = [];
  const context = {
    // Messages and state cross as copies (structured clone in a real webview), which also gives them this realm's prototypes.
    acquireVsCodeApi: () => ({ postMessage: (m: unknown) => posted.push(JSON.parse(JSON.stringify(m))), getState: () => saved, setState: (s: unknown) => void (saved = JSON.parse(JSON.stringify(s))) }),
    document: { getElementById: (id: string) => (id === 'charts' ? charts : status), createElementNS: (_ns: string, name: string) => new FakeElement(name), body: { clientWidth: 640 } },
    window: { addEventListener: (type: string, fn: (e: { data: unknown }) => void) => void (type === 'message' && messageListeners.push(fn)) },
    ResizeObserver: class {
      observe() {}
    },
    requestAnimationFrame: (fn: () => void) => fn(),
    Math,
    Number,
    String,
    Array,
    Object,
  };
  runInNewContext(readFileSync(join(ROOT, 'extension/views/media/timeline.js'), 'utf8'), context);
  return { charts, status, posted, send: (data: unknown) => messageListeners.forEach((l) => l({ data })), state: () => saved };
}

describe('the timeline page script', () => {
  const layout: TimelineLayout = layoutTimeline(
    data({
      cl4: [{ cycle: 0, cl4: 0.1, zone: 'optimal' }, { cycle: 1, cl4: 0.2, zone: 'optimal', marker: 'commit', step: 9 }],
      currentCycle: 1,
      stepMarkers: [{ step: 2, kind: 'scar', label: 'scar' }, { step: 6, kind: 'refused', label: 'refused' }],
    }),
    640,
  );

  it('says it is ready with its width, draws a layout and reports what it drew', () => {
    const page = loadPage();
    assert.deepEqual(page.posted[0], { type: 'ready', width: 640 });
    page.send({ type: 'layout', layout });
    const rendered = page.posted.at(-1)!;
    assert.equal(rendered.type, 'rendered');
    assert.deepEqual(parseWebviewMessage(rendered), {
      type: 'rendered',
      summary: { panels: ['cl4', 'budget'], currentStep: 5, budgetPath: true, cl4Points: 2, bands: 4, markers: { commit: 1, scar: 1, refused: 1 } },
    });
    assert.equal(page.status.textContent, layout.description);
    assert.deepEqual((page.state() as { layout: TimelineLayout }).layout, JSON.parse(JSON.stringify(layout)), 'the layout is kept for when the page comes back');
  });

  it('goes to the step under a click, a clicked marker or point, and the step chosen with the keys', () => {
    const page = loadPage();
    page.send({ type: 'layout', layout });
    const budget = layout.panels[1];
    const hit = page.charts.querySelector('.hit')!;
    // The svg's left edge is at 10 px in the page (getBoundingClientRect above).
    hit.dispatch('click', { clientX: 10 + budget.x + budget.w * 0.7 });
    assert.deepEqual(page.posted.at(-1), { type: 'goToStep', step: 7 });
    page.charts.querySelectorAll('.mark').find((m) => m.getAttribute('data-kind') === 'commit')!.dispatch('click', {});
    assert.deepEqual(page.posted.at(-1), { type: 'goToStep', step: 9 });
    const panel = page.charts.querySelector('.panel-budget')!;
    assert.equal(panel.getAttribute('role'), 'slider');
    assert.equal(panel.getAttribute('tabindex'), '0');
    const key = (k: string, shiftKey = false) => panel.dispatch('keydown', { key: k, shiftKey, preventDefault() {} });
    key('ArrowLeft');
    key('ArrowLeft');
    assert.equal(panel.getAttribute('aria-valuenow'), '5', 'the cursor starts from the last click');
    key('Enter');
    assert.deepEqual(page.posted.at(-1), { type: 'goToStep', step: 5 });
    key('End');
    key('ArrowRight', true);
    key('Enter');
    assert.deepEqual(page.posted.at(-1), { type: 'goToStep', step: 10 }, 'clamped to the last step');
    key('Home');
    key('Enter');
    assert.deepEqual(page.posted.at(-1), { type: 'goToStep', step: 0 });
  });

  it('draws the saved layout at once when it comes back, and clears for an empty state', () => {
    const page = loadPage({ layout });
    assert.equal(page.posted[0].type, 'rendered', 'drawn before the extension answers');
    assert.deepEqual(page.posted[1], { type: 'ready', width: 640 });
    page.send({ type: 'empty', message: 'No AMP run is being debugged.' });
    assert.equal(page.status.textContent, 'No AMP run is being debugged.');
    assert.equal(page.charts.children.length, 0);
    assert.deepEqual((page.posted.at(-1) as { summary: unknown }).summary, { panels: [], currentStep: null, budgetPath: false, cl4Points: 0, bands: 0, markers: {} });
  });
});
