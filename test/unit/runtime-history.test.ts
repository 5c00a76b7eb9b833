// Time travel and what a debugger reads from a state: the frame stack from the root question to the agent acting
// now, each frame's handler and current statement, the pointers visible in a frame and their one-level expansion,
// the budget ledger and the event log.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { History } from '../../core/runtime/history';
import { currentSpan, eventLog, expand, frameViews, ledgerOf, visiblePointers } from '../../core/runtime/inspect';
import { initialState } from '../../core/runtime/machine';
import { renderText } from '../../core/runtime/values';
import { compile, fixture } from '../fixtures/runtime/harness';

const text = fixture('ledger.amp');
const program = compile(text, 'ledger.amp');
const at = (needle: string) => text.indexOf(needle);

describe('history', () => {
  test('forward, back, goTo, and recorded states reused when stepping forward again', () => {
    const h = new History(initialState(program, 0));
    assert.equal(h.back(), false);
    const n = h.continue();
    assert.equal(h.length, n + 1);
    assert.equal(h.current.status, 'done');
    assert.equal(h.forward(), false);
    const last = h.current;
    assert.equal(h.reverseContinue(), n);
    assert.equal(h.position, 0);
    h.continue();
    assert.equal(h.current, last, 'forward over recorded states gives the very same states');
    assert.equal(h.goTo(3), true);
    assert.equal(h.current.step, 3);
    assert.equal(h.goTo(99), false);
  });

  test('continue and reverse continue stop where a condition holds (a breakpoint on a statement)', () => {
    const h = new History(initialState(program, 0));
    const checkerView = at('view n');
    h.continue((s) => currentSpan(s)?.start === checkerView);
    assert.equal(frameViews(h.current).at(-1)?.agent, 'Checker');
    h.continue();
    h.reverseContinue((s) => currentSpan(s)?.start === checkerView);
    assert.equal(currentSpan(h.current)?.start, checkerView);
  });
});

describe('inspection', () => {
  /** The state where Checker is about to view its argument. */
  function atCheckerView() {
    const h = new History(initialState(program, 0));
    h.continue((s) => currentSpan(s)?.start === at('view n'));
    return h.current;
  }

  test('frames: the run, then each activation down to the one acting now, with handler and statement spans', () => {
    const frames = frameViews(atCheckerView());
    assert.deepEqual(
      frames.map((f) => [f.kind, f.agent, f.label]),
      [
        ['run', 'run "sum"', 'sum'],
        ['handler', 'Summer', 'sum [p]'],
        ['handler', 'Checker', 'check [n]'],
      ],
    );
    assert.equal(frames[1].handler?.start, at('on "sum [p]"'));
    assert.equal(frames[2].handler?.start, at('on "check [n]"'));
    // A waiting frame points at the ask it waits on.
    assert.equal(frames[1].statement?.start, at('let checked = ask Checker'));
    assert.equal(frames[0].statement?.start, at('ask Summer'));
    assert.equal(frames[2].statement?.start, at('view n'));
    assert.deepEqual([frames[1].allotted, frames[1].budget, frames[1].spent, frames[1].delegated], [20, 13, 3, 4]);
    assert.equal(frames[2].instance, '@Checker');
  });

  test('visible pointers are the bindings made so far; messages expand one level at a time', () => {
    const s = atCheckerView();
    assert.deepEqual(
      visiblePointers(s, 1).map((p) => [p.name, renderText(p.value)]),
      [
        ['p', 'the pair (2) and (3)'],
        ['a', '2'],
        ['b', '3'],
        ['total', '5'],
      ],
    );
    const [p] = visiblePointers(s, 1);
    const e = expand(p.value);
    assert.equal(e.text, 'the pair [1] and [2]');
    assert.deepEqual(e.children.map((c) => [c.label, renderText(c.value)]), [['[1]', '2'], ['[2]', '3']]);
    assert.deepEqual(visiblePointers(s).map((v) => v.name), ['n']);
  });

  test('the ledger: live activations and finished ones', () => {
    const l = ledgerOf(atCheckerView());
    assert.equal(l.minted, 20);
    assert.deepEqual(l.live.map((a) => [a.agent, a.allotted, a.spent]), [['Summer', 20, 3], ['Checker', 4, 0]]);
    assert.deepEqual(l.finished.map((r) => [r.agent, r.allotted, r.spent, r.returned]), [['Add', 18, 0, 18]]);
  });

  test('the event log, oldest first', () => {
    const s = atCheckerView();
    assert.deepEqual(eventLog(s).map((e) => e.kind), ['ask', 'view', 'ask', 'reply', 'ask']);
    assert.deepEqual(eventLog(s, 3).map((e) => e.kind), ['reply', 'ask']);
  });
});
