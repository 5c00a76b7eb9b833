// The run timeline's page script: draws the layout the extension computed (extension/views/timeline.ts) as SVG, sends
// clicks and keyboard choices back as "go to this step", and reports what it drew. Plain script, no libraries; the
// page's Content-Security-Policy allows only this file, by nonce.
// @ts-check
(function () {
  'use strict';
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const NS = 'http://www.w3.org/2000/svg';
  const charts = /** @type {HTMLElement} */ (document.getElementById('charts'));
  const status = /** @type {HTMLElement} */ (document.getElementById('status'));
  /** @type {{ layout?: any, message?: string, cursor?: number | null }} */
  const saved = vscode.getState() || {};
  let layout = saved.layout;
  let cursor = typeof saved.cursor === 'number' ? saved.cursor : null;
  let lastWidth = 0;

  /** @param {string} name @param {Record<string, string | number>} attrs @param {Element} [parent] */
  function svg(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const k of Object.keys(attrs)) node.setAttribute(k, String(attrs[k]));
    if (parent) parent.appendChild(node);
    return node;
  }

  /** @param {Element} node @param {string} text */
  function tooltip(node, text) {
    const t = document.createElementNS(NS, 'title');
    t.textContent = text;
    node.appendChild(t);
  }

  /** The step under x in a panel's plot area (as stepAtX in timeline.ts). */
  function stepAt(panel, x) {
    const t = panel.w > 0 ? (x - panel.x) / panel.w : 0;
    const step = Math.round(panel.from + t * (panel.to - panel.from));
    return Math.min(panel.to, Math.max(panel.from, step));
  }

  function xOf(panel, step) {
    return panel.x + ((step - panel.from) / Math.max(1, panel.to - panel.from)) * panel.w;
  }

  /** @param {number} step */
  function goTo(step) {
    vscode.postMessage({ type: 'goToStep', step });
  }

  function save() {
    vscode.setState({ layout, cursor });
  }

  function draw() {
    charts.textContent = '';
    if (!layout) return;
    status.textContent = layout.description;
    const root = svg('svg', { width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}`, role: 'group', 'aria-label': 'AMP run timeline' }, charts);
    for (const p of layout.panels) drawPanel(root, p);
    report();
  }

  function drawPanel(root, p) {
    const budget = p.id === 'budget';
    const g = svg('g', { class: `panel panel-${p.id}` }, root);
    const title = svg('text', { class: 'title', x: p.x, y: p.y - 12 }, g);
    title.textContent = p.title;
    for (const b of p.bands) {
      const band = svg('rect', { class: `band zone-${b.zone}`, x: p.x, y: b.y, width: p.w, height: b.h, 'data-zone': b.zone }, g);
      tooltip(band, `${b.label} zone`);
      const label = svg('text', { class: `band-label zone-${b.zone}`, x: p.x + p.w - 4, y: b.y + 12, 'text-anchor': 'end' }, g);
      label.textContent = b.label;
    }
    svg('line', { class: 'axis', x1: p.x, y1: p.y + p.h, x2: p.x + p.w, y2: p.y + p.h }, g);
    svg('line', { class: 'axis', x1: p.x, y1: p.y, x2: p.x, y2: p.y + p.h }, g);
    for (const t of p.xTicks) {
      svg('line', { class: 'tick', x1: t.at, y1: p.y + p.h, x2: t.at, y2: p.y + p.h + 4 }, g);
      const text = svg('text', { class: 'tick-label', x: t.at, y: p.y + p.h + 16, 'text-anchor': 'middle' }, g);
      text.textContent = t.label;
    }
    for (const t of p.yTicks) {
      svg('line', { class: 'grid', x1: p.x, y1: t.at, x2: p.x + p.w, y2: t.at }, g);
      const text = svg('text', { class: 'tick-label', x: p.x - 6, y: t.at + 4, 'text-anchor': 'end' }, g);
      text.textContent = t.label;
    }
    const axisLabel = svg('text', { class: 'axis-label', x: p.x + p.w, y: p.y + p.h + 30, 'text-anchor': 'end' }, g);
    axisLabel.textContent = p.xLabel;
    if (p.empty) {
      const text = svg('text', { class: 'empty', x: p.x + p.w / 2, y: p.y + p.h / 2, 'text-anchor': 'middle' }, g);
      text.textContent = p.empty;
    }
    if (p.path) svg('path', { class: `series series-${p.id}`, d: p.path }, g);
    // The click area of the budget panel: any x is a step.
    if (budget) {
      const hit = svg('rect', { class: 'hit', x: p.x, y: p.y, width: p.w, height: p.h }, g);
      hit.addEventListener('click', (e) => {
        const box = root.getBoundingClientRect();
        const step = stepAt(p, /** @type {MouseEvent} */ (e).clientX - box.left);
        cursor = step;
        save();
        goTo(step);
      });
      tooltip(hit, 'Click to go to that step');
    }
    if (p.current) {
      svg('line', { class: 'current', x1: p.current.x, y1: p.y, x2: p.current.x, y2: p.y + p.h, 'data-step': budget ? layout.summary.currentStep : '' }, g);
      if (p.current.y !== undefined) tooltip(svg('circle', { class: 'current-dot', cx: p.current.x, cy: p.current.y, r: 4 }, g), p.current.label);
    }
    for (const pt of p.points) {
      const dot = svg('circle', { class: `point${pt.zone ? ` zone-${pt.zone}` : ''}${pt.step !== undefined ? ' clickable' : ''}`, cx: pt.x, cy: pt.y, r: budget ? 2.5 : 3.5 }, g);
      tooltip(dot, pt.label);
      if (pt.step !== undefined) dot.addEventListener('click', () => goTo(pt.step));
    }
    for (const m of p.marks) {
      const mark = svg('path', { class: `mark mark-${m.kind}${m.step !== undefined ? ' clickable' : ''}`, d: m.d, 'data-kind': m.kind }, g);
      tooltip(mark, m.label);
      if (m.step !== undefined) mark.addEventListener('click', () => goTo(m.step));
    }
    if (budget) {
      const cursorLine = svg('line', { class: 'cursor', x1: 0, y1: p.y, x2: 0, y2: p.y + p.h, visibility: 'hidden' }, g);
      const setCursor = (/** @type {number | null} */ step) => {
        cursor = step;
        if (step === null) cursorLine.setAttribute('visibility', 'hidden');
        else {
          const x = xOf(p, step);
          cursorLine.setAttribute('x1', String(x));
          cursorLine.setAttribute('x2', String(x));
          cursorLine.setAttribute('visibility', 'visible');
          g.setAttribute('aria-valuenow', String(step));
          g.setAttribute('aria-valuetext', `step ${step}`);
        }
        save();
      };
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'slider');
      g.setAttribute('aria-label', 'Step of the run (Enter goes there)');
      g.setAttribute('aria-valuemin', String(p.from));
      g.setAttribute('aria-valuemax', String(p.to));
      g.setAttribute('aria-valuenow', String(layout.summary.currentStep));
      g.addEventListener('keydown', (e) => {
        const ev = /** @type {KeyboardEvent} */ (e);
        const from = cursor === null ? layout.summary.currentStep : cursor;
        const by = ev.shiftKey ? 10 : 1;
        let next = from;
        if (ev.key === 'ArrowLeft') next = from - by;
        else if (ev.key === 'ArrowRight') next = from + by;
        else if (ev.key === 'Home') next = p.from;
        else if (ev.key === 'End') next = p.to;
        else if (ev.key === 'Enter' || ev.key === ' ') {
          goTo(from);
          ev.preventDefault();
          return;
        } else if (ev.key === 'Escape') {
          setCursor(null);
          return;
        } else return;
        ev.preventDefault();
        setCursor(Math.min(p.to, Math.max(p.from, next)));
      });
      if (cursor !== null && cursor !== layout.summary.currentStep) setCursor(Math.min(p.to, Math.max(p.from, cursor)));
    }
  }

  /** Tells the extension what the page shows now (the end-to-end tests wait for this). */
  function report() {
    const markers = {};
    charts.querySelectorAll('.mark').forEach((m) => {
      const kind = m.getAttribute('data-kind') || '';
      markers[kind] = (markers[kind] || 0) + 1;
    });
    const current = charts.querySelector('.panel-budget .current');
    const path = charts.querySelector('.series-budget');
    vscode.postMessage({
      type: 'rendered',
      summary: {
        panels: Array.from(charts.querySelectorAll('.panel')).map((g) => (g.getAttribute('class') || '').replace(/^panel panel-/, '')),
        currentStep: current ? Number(current.getAttribute('data-step')) : null,
        budgetPath: !!(path && path.getAttribute('d')),
        cl4Points: charts.querySelectorAll('.panel-cl4 .point').length,
        bands: charts.querySelectorAll('.band').length,
        markers,
      },
    });
  }

  function showEmpty(message) {
    layout = undefined;
    cursor = null;
    save();
    charts.textContent = '';
    status.textContent = message;
    vscode.postMessage({ type: 'rendered', summary: { panels: [], currentStep: null, budgetPath: false, cl4Points: 0, bands: 0, markers: {} } });
  }

  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'layout' && msg.layout) {
      if (!layout || layout.summary.currentStep !== msg.layout.summary.currentStep) cursor = null;
      layout = msg.layout;
      save();
      draw();
    } else if (msg.type === 'empty') showEmpty(String(msg.message || ''));
  });

  function width() {
    return Math.floor(charts.clientWidth || document.body.clientWidth || 600);
  }

  let pending = false;
  new ResizeObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const w = width();
      if (Math.abs(w - lastWidth) >= 4) {
        lastWidth = w;
        vscode.postMessage({ type: 'resize', width: w });
      }
    });
  }).observe(charts);

  // A page restored after being hidden draws what it had at once; the extension then sends the latest.
  if (layout) draw();
  lastWidth = width();
  vscode.postMessage({ type: 'ready', width: lastWidth });
})();
