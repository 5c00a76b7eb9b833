// The views' reading of the debug adapter's run state: bodies are checked (malformed ones refused with a reason,
// malformed optional parts dropped with a note), merged as the adapter sends them (what is new since the last event),
// and completed with the request when an event left something out; the follower shows the active AMP session's run
// and clears it when the session ends.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, describe, it } from 'node:test';
import { EXPAND_REQUEST as ADAPTER_EXPAND, GO_TO_STEP_REQUEST as ADAPTER_GO_TO, RUN_STATE_EVENT as ADAPTER_EVENT, RUN_STATE_REQUEST as ADAPTER_REQUEST } from '../../debug-adapter/session';
import { RUN_STATE_VERSION } from '../../debug-adapter/run-state';
import { RunFollower } from '../../extension/views/follower';
import { EXPAND_REQUEST, GO_TO_STEP_REQUEST, parseMessage, parseRunState, RUN_STATE_EVENT, RUN_STATE_REQUEST, SUPPORTED_VERSION, type RunState } from '../../extension/views/protocol';
import { eventsUpTo, liveIds, SessionRuns, ThreadRun } from '../../extension/views/run-store';
import { InlineDap, lineIn, tempSpec, LIST_MINIMUM as MIN, LIST_MINIMUM_QUESTION as XS, LIST_MINIMUM_TEXT as MIN_TEXT } from './views-support';


let dap: InlineDap | undefined;
afterEach(async () => {
  await dap?.close().catch(() => undefined);
  dap = undefined;
});

function sameAsFull(merged: ThreadRun, full: RunState): void {
  assert.deepEqual([...merged.activations.values()].sort((a, b) => a.id - b.id), [...full.activations.items].sort((a, b) => a.id - b.id));
  assert.deepEqual(merged.events, full.events.items);
  assert.deepEqual([...merged.children.entries()].map(([p, ids]) => [p, [...ids]]).sort((a, b) => (a[0] as number) - (b[0] as number)), groupByParent(full));
}

function groupByParent(full: RunState): [number, number[]][] {
  const out = new Map<number, number[]>();
  for (const a of [...full.activations.items].sort((x, y) => x.id - y.id)) {
    if (!out.has(a.parent)) out.set(a.parent, []);
    out.get(a.parent)!.push(a.id);
  }
  return [...out.entries()].sort((a, b) => a[0] - b[0]);
}

describe('the run state protocol', () => {
  it('names the event and requests as the debug adapter does, at its version', () => {
    assert.deepEqual([RUN_STATE_EVENT, RUN_STATE_REQUEST, GO_TO_STEP_REQUEST, EXPAND_REQUEST], [ADAPTER_EVENT, ADAPTER_REQUEST, ADAPTER_GO_TO, ADAPTER_EXPAND]);
    assert.equal(SUPPORTED_VERSION, RUN_STATE_VERSION);
  });

  it('accepts what the adapter sends at every stop of a run', async () => {
    dap = new InlineDap();
    await dap.launch({ program: MIN, run: XS, stopOnEntry: true });
    let state = await dap.runState();
    for (let i = 0; i < 12; i++) {
      assert.equal(state.version, 1);
      state = await dap.move('stepIn');
    }
    assert.ok(state.step >= 12);
  });

  it('refuses bodies without the fields the views rely on, saying which', () => {
    const good = { version: 1, threadId: 1, run: 'r', step: 0, status: 'running', frames: [], budget: { root: 0, returned: 0, held: 0, spent: 0 }, activations: { reset: true, items: [] }, events: { from: 0, total: 0, items: [] }, truncated: false };
    assert.ok('state' in parseRunState(good));
    const cases: [unknown, RegExp][] = [
      [null, /not an object/],
      [[], /not an object/],
      [{ ...good, version: 2 }, /version 2; these views read version 1/],
      [{ ...good, threadId: 'one' }, /'threadId' is not a whole number/],
      [{ ...good, step: -1 }, /'step'/],
      [{ ...good, budget: { root: 1 } }, /'budget' lacks/],
      [{ ...good, activations: { items: [] } }, /'activations' is not/],
      [{ ...good, events: { from: 0, items: [] } }, /'events' is not/],
      [{ ...good, truncated: 'no' }, /'truncated'/],
      [{ ...good, activations: { reset: true, items: [{ id: 1 }] } }, /activation #0 lacks/],
      [{ ...good, events: { from: 0, total: 1, items: [{ index: 0, kind: 'ask' }] } }, /event #0 lacks/],
      [{ ...good, frames: [{ activation: 0 }] }, /frame #0 lacks/],
    ];
    for (const [body, message] of cases) {
      const r = parseRunState(body);
      assert.ok('error' in r, JSON.stringify(body));
      assert.match(r.error, message);
    }
    // Several problems are named together.
    const both = parseRunState({ ...good, run: 3, status: 4 });
    assert.ok('error' in both && /'run' is not text; 'status' is not text/.test(both.error));
  });

  it('keeps well-formed optional parts and drops malformed ones with a note', () => {
    const base = { version: 1, threadId: 1, run: 'r', step: 4, status: 'running', frames: [], budget: { root: 0, returned: 0, held: 0, spent: 0 }, activations: { reset: true, items: [] }, events: { from: 0, total: 0, items: [] }, truncated: false };
    const at = { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } };
    const r = parseRunState({
      ...base,
      governance: { vetoFuse: 'ok', scars: [{ id: 1, trigger: 'E_ext_spike', step: 3, resolved: false, weight: 0.5, forgiveness: 0.5, at }, { trigger: 'no id' }], refusedActs: 'none', consent: [] },
      conscience: { decisions: [{ prompt: 'p', options: [{ label: 'a', ledger: { '0': 1, x: 'no' }, breaches: [{ id: 'lying', level: 0, weight: 1 }] }], winner: 5 }] },
      stability: { cl4: 0.2, cycle: 3, terms: { V_id: 0.1, bad: 'x' }, weights: {}, zone: 'nowhere', history: [{ cycle: 0, cl4: 0.1, zone: 'optimal', marker: 'commit' }, { cycle: 'one' }] },
      budgetHistory: [{ step: 1, remaining: 5 }, { step: 'x' }],
    });
    assert.ok('state' in r);
    const s = r.state;
    assert.deepEqual(s.governance?.scars.map((x) => [x.id, x.trigger, x.weight, x.at?.start.line]), [[1, 'E_ext_spike', 0.5, 2]]);
    assert.deepEqual(s.governance?.refusedActs, []);
    assert.equal(s.conscience?.decisions[0].winner, -1, 'a winner outside the options is none');
    assert.deepEqual(s.conscience?.decisions[0].options[0].ledger, { '0': 1 });
    assert.deepEqual(s.stability?.terms, { V_id: 0.1 });
    assert.equal(s.stability?.zone, undefined, 'an unknown zone is left for the catalog to decide');
    assert.deepEqual(s.stability?.history, [{ cycle: 0, cl4: 0.1, zone: 'optimal', marker: 'commit' }]);
    assert.deepEqual(s.budgetHistory, [{ step: 1, remaining: 5 }]);
    assert.deepEqual(r.notes, [
      "1 malformed item of 'governance.scars' ignored",
      "'governance.refusedActs' is not a list; it is ignored",
      "1 malformed item of 'stability.history' ignored",
      "1 malformed item of 'budgetHistory' ignored",
    ]);
    const dropped = parseRunState({ ...base, stability: { cycle: 1 }, governance: 'yes' });
    assert.ok('state' in dropped);
    assert.equal(dropped.state.stability, undefined);
    assert.equal(dropped.state.governance, undefined);
    assert.deepEqual(dropped.notes, ["'governance' is malformed; it is ignored", "'stability' is malformed; it is ignored"]);
  });

  it('reads amp/expand answers and refuses malformed ones', () => {
    assert.deepEqual(parseMessage({ ref: 'm1', kind: 'message', text: 'a [1]', preview: 'a (b)', pointers: [{ label: '[1]', ref: 'm2', kind: 'message', preview: 'b' }, { label: 2 }] }), {
      ref: 'm1',
      kind: 'message',
      text: 'a [1]',
      preview: 'a (b)',
      pointers: [{ label: '[1]', ref: 'm2', kind: 'message', preview: 'b' }],
    });
    assert.equal(parseMessage({ ref: 'm1' }), undefined);
    assert.equal(parseMessage('m1'), undefined);
  });
});

describe('merging run states', () => {
  it('event by event gives what the request gives, at every stop, forwards and back', async () => {
    dap = new InlineDap();
    await dap.launch({ program: MIN, run: XS, stopOnEntry: true });
    const runs = new SessionRuns();
    assert.equal(runs.apply(await dap.runState()), undefined);
    const moves = ['stepIn', 'stepIn', 'next', 'next', 'stepIn', 'stepBack', 'stepBack', 'next', 'stepOut', 'stepIn', 'stepIn'] as const;
    for (const m of moves) {
      const body = await dap.move(m);
      assert.equal(runs.apply(body), undefined, `${m} left nothing out`);
      const full = (await dap.request('amp/runState', { threadId: 1 })).body as RunState;
      sameAsFull(runs.current!, full);
      assert.equal(runs.current!.step, full.step);
    }
  });

  it('shows the state at the step after stepping back: later activations and events are kept but not yet started', async () => {
    dap = new InlineDap();
    await dap.launch({ program: MIN, run: XS }, [lineIn(MIN_TEXT, 'let smaller = ask Compare')]);
    const runs = new SessionRuns();
    runs.apply(await dap.runState());
    const ahead = runs.apply(await dap.move('next'));
    assert.equal(ahead, undefined);
    const t = runs.current!;
    const known = t.activations.size;
    runs.apply(await dap.move('stepBack'));
    assert.equal(t.activations.size, known, 'stepping back sends nothing new and forgets nothing');
    const later = [...t.activations.values()].filter((a) => a.startStep > t.step);
    assert.ok(later.length > 0, 'the ask to Compare happened after the step shown');
    assert.ok(eventsUpTo(t).length < t.events.length);
    assert.ok(eventsUpTo(t).every((e) => e.step <= t.step));
    assert.deepEqual([...liveIds(t)].sort(), t.state.frames.filter((f) => f.kind !== 'run').map((f) => f.activation).sort());
  });

  it('asks for what a truncated event left out, and the follower fetches it before the views see the run', async () => {
    const cells = Array.from({ length: 300 }, (_, i) => `message l${i} = "the list with first element (${i}) and remaining elements [${i + 1 < 300 ? `l${i + 1}` : 'empty'}]"`);
    const spec = tempSpec(`message empty = "the empty list"
${cells.join('\n')}
agent Last {
  on "what is the last element of [list]?" {
    view list as "the list with first element [head] and remaining elements [rest]" else {
      reply "there is none"
    }
    view rest as "the list with first element [_a] and remaining elements [_b]" else {
      reply "[head]"
    }
    let last = ask Last "what is the last element of [rest]?"
    let again = ask Last "what is the last element of [rest]?"
    reply "[last] and [again]"
  }
}
run "long" {
  ask Last "what is the last element of [l0]?" budget 100000
}
`);
    try {
      dap = new InlineDap();
      const src = readFileSync(spec.path, 'utf8');
      const session = dap.asSession('long');
      const follower = new RunFollower({ debugType: 'amp' });
      follower.started(session);
      await dap.request('initialize', { adapterID: 'amp', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
      const launched = dap.request('launch', { program: spec.path });
      await dap.next('initialized');
      await dap.request('setBreakpoints', { source: { path: spec.path }, breakpoints: [{ line: lineIn(src, 'reply "[last] and [again]"'), condition: 'step > 5000', hitCondition: '1' }] });
      await dap.request('configurationDone');
      await launched;
      await dap.next('stopped');
      const event = await dap.next('amp/runState');
      const body = event.body as RunState;
      assert.equal(body.truncated, true);
      let changes = 0;
      follower.onDidChange(() => changes++);
      await follower.received(session, 'amp/runState', body);
      assert.equal(changes, 1);
      assert.deepEqual(session.requests.map((r) => r.command), ['amp/runState']);
      assert.deepEqual(session.requests[0].args, { threadId: 1, eventsFrom: 0 });
      const run = follower.run!;
      assert.equal(run.events.length, body.events.total);
      assert.ok(run.activations.size > 900, `${run.activations.size} activations`);
      // The next stop sends only what its step added, and the merged run stays whole.
      await dap.request('stepIn', { threadId: 1 });
      await dap.next('stopped');
      await follower.received(session, 'amp/runState', (await dap.next('amp/runState')).body);
      assert.equal(session.requests.length, 1, 'no fetch for an event that left nothing out');
      const full = (await dap.request('amp/runState', { threadId: 1 })).body as RunState;
      sameAsFull(run, full);
    } finally {
      spec.remove();
    }
  });

  it('reports a gap in the events and merges an overlapping request in place', () => {
    const body = (step: number, from: number, items: { index: number; step: number }[], total = from + items.length): RunState =>
      ({
        version: 1, threadId: 1, run: 'r', step, position: step, recorded: step + 1, status: 'running', costModel: 'seed', meta: false, waiting: null, frames: [],
        budget: { root: 0, returned: 0, held: 0, spent: 0 }, activations: { reset: false, items: [] },
        events: { from, total, items: items.map((e) => ({ ...e, kind: 'view', frame: 0 })) }, truncated: false,
      }) as unknown as RunState;
    const t = new ThreadRun(1);
    assert.equal(t.apply(body(1, 0, [{ index: 0, step: 1 }])), undefined);
    assert.deepEqual(t.apply(body(3, 2, [{ index: 2, step: 3 }])), { threadId: 1, eventsFrom: 1 }, 'event 1 never arrived');
    assert.equal(t.events.length, 1);
    assert.equal(t.apply(body(3, 0, [{ index: 0, step: 1 }, { index: 1, step: 2 }, { index: 2, step: 3 }])), undefined);
    assert.deepEqual(t.events.map((e) => e.index), [0, 1, 2]);
  });

  it('joins a partial C_L4 history to the one held, by cycle, and asks for what a gap left out', () => {
    const body = (history: { cycle: number; cl4: number }[], historyFrom?: number) => {
      const parsed = parseRunState({
        version: 1, threadId: 2, run: 'tutor', step: 9, position: 9, recorded: 10, status: 'running', costModel: 'seed', meta: false, waiting: null,
        frames: [{ activation: 0, kind: 'run', agent: 'selfmod "tutor"', label: 'tutor', budget: 0, allotted: 0, spent: 0, delegated: 0 }],
        budget: { root: 0, returned: 0, held: 0, spent: 0 }, activations: { reset: false, items: [] }, events: { from: 0, total: 0, items: [] }, truncated: false,
        stability: { cycle: history.at(-1)?.cycle ?? 0, cl4: 0.1, terms: {}, weights: {}, history, ...(historyFrom !== undefined ? { historyFrom } : {}) },
      });
      assert.ok('state' in parsed);
      return parsed.state;
    };
    const t = new ThreadRun(2);
    assert.equal(t.apply(body([{ cycle: 0, cl4: 0.1 }, { cycle: 1, cl4: 0.2 }, { cycle: 2, cl4: 0.3 }])), undefined);
    // The last point sent again (its marker changed) and two new ones.
    assert.equal(t.apply(body([{ cycle: 2, cl4: 0.35 }, { cycle: 3, cl4: 0.4 }, { cycle: 4, cl4: 0.5 }], 2)), undefined);
    assert.deepEqual(t.state.stability?.history.map((h) => [h.cycle, h.cl4]), [[0, 0.1], [1, 0.2], [2, 0.35], [3, 0.4], [4, 0.5]]);
    assert.equal(t.state.stability?.historyFrom, undefined, 'the state shown holds the whole history');
    const fresh = new ThreadRun(2);
    assert.deepEqual(fresh.apply(body([{ cycle: 7, cl4: 0.1 }], 7)), { threadId: 2, eventsFrom: 0 }, 'the points before 7 never arrived');
  });

  it('keeps children in start order when an activation arrives late', () => {
    const t = new ThreadRun(1);
    const act = (id: number, parent: number) => ({ id, parent, agent: 'A', kind: 'handler', startStep: id, allotted: 1 });
    const body = (items: ReturnType<typeof act>[], reset = false) =>
      ({ version: 1, threadId: 1, run: 'r', step: 9, position: 9, recorded: 10, status: 'running', costModel: 'seed', meta: false, waiting: null, frames: [], budget: { root: 0, returned: 0, held: 0, spent: 0 }, activations: { reset, items }, events: { from: 0, total: 0, items: [] }, truncated: false }) as unknown as RunState;
    t.apply(body([act(1, 0), act(3, 0)]));
    t.apply(body([act(2, 0), act(4, 1)]));
    assert.deepEqual(t.children.get(0), [1, 2, 3]);
    assert.deepEqual(t.children.get(1), [4]);
    t.apply(body([act(5, 0)], true));
    assert.deepEqual([...t.activations.keys()], [5], 'reset replaces what was known');
    assert.deepEqual(t.children.get(0), [5]);
  });
});

describe('the follower', () => {
  it('follows AMP sessions only, shows the active one, and clears when it ends', async () => {
    dap = new InlineDap();
    const follower = new RunFollower({ debugType: 'amp' });
    const amp = dap.asSession('a');
    const other = { id: 'n', type: 'node', name: 'node', configuration: {}, customRequest: async () => undefined };
    follower.started(other);
    follower.started(amp);
    await dap.launch({ program: MIN, run: XS, stopOnEntry: true });
    const body = (await dap.next('amp/runState')).body;
    // (Read through a function: the assertions below would otherwise narrow the property's type for good.)
    const shown = () => follower.run;
    await follower.received(other, 'amp/runState', body);
    assert.equal(shown(), undefined, 'a session of another type is ignored');
    await follower.received(amp, 'something/else', body);
    assert.equal(shown(), undefined);
    await follower.received(amp, 'amp/runState', body);
    assert.equal(follower.session?.id, 'a');
    assert.equal(shown()?.run, XS);
    const before = follower.revision;
    follower.activeChanged(other);
    assert.equal(follower.session?.id, 'a', 'another kind of session leaves the views as they are');
    follower.terminated(other);
    assert.equal(follower.revision, before);
    follower.terminated(amp);
    assert.equal(follower.session, undefined);
    assert.equal(shown(), undefined);
    // VS Code may still name the ended session active, or deliver a late event: it stays gone.
    follower.activeChanged(amp);
    await follower.received(amp, 'amp/runState', body);
    assert.equal(follower.session, undefined);
    assert.ok(follower.revision > before);
  });

  it('fetches the state of a session that began before it (the views started mid-run), and logs malformed events', async () => {
    dap = new InlineDap();
    const logged: string[] = [];
    const follower = new RunFollower({ debugType: 'amp', log: (l) => logged.push(l) });
    await dap.launch({ program: MIN, run: XS, stopOnEntry: true });
    await dap.next('amp/runState');
    const session = dap.asSession('late');
    await follower.adopt(session);
    assert.equal(follower.run?.step, 0);
    assert.deepEqual(session.requests.map((r) => r.command), ['amp/runState']);
    await follower.received(session, 'amp/runState', { version: 7 });
    assert.match(logged.join('\n'), /ignored an amp\/runState event of "session late": the run state has version 7/);
    assert.equal(follower.run?.step, 0, 'a malformed event changes nothing');
  });

  it('never asks a session it saw start before its first stop, and ignores runs without debugging', async () => {
    dap = new InlineDap();
    const follower = new RunFollower({ debugType: 'amp' });
    const session = dap.asSession('early');
    // VS Code may tell of the active session before it tells of its start.
    follower.activeChanged(session);
    follower.started(session);
    assert.equal(follower.needsFetch, false);
    assert.deepEqual(session.requests, [], 'the adapter would refuse: the session has not started yet');
    const run = { ...dap.asSession('run', { noDebug: true }) };
    follower.started(run);
    follower.activeChanged(run);
    assert.equal(follower.session?.id, 'early', 'a run without debugging never stops: the views stay on the debug session');
    assert.deepEqual(run.requests, []);
  });

  it('expands messages and moves the run to a step through the adapter', async () => {
    dap = new InlineDap();
    const follower = new RunFollower({ debugType: 'amp' });
    const session = dap.asSession();
    follower.started(session);
    await dap.launch({ program: MIN, run: XS }, [lineIn(MIN_TEXT, 'let smaller = ask Compare')]);
    await follower.received(session, 'amp/runState', (await dap.next('amp/runState')).body);
    const first = follower.run!.activations.get(1)!;
    const opened = await follower.expand(first.question!.pointers[0].ref);
    assert.equal(opened?.text, 'the list with first element [1] and remaining elements [2]');
    assert.equal(await follower.expand('m999999'), undefined);
    await follower.goToStep(2);
    await dap.next('stopped');
    await follower.received(session, 'amp/runState', (await dap.next('amp/runState')).body);
    assert.equal(follower.run?.step, 2);
    assert.equal(follower.run?.state.reason, 'goto');
    await assert.rejects(follower.goToStep(-1), /there is no step -1/);
  });
});
