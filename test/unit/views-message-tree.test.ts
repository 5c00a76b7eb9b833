// The Message Tree built from real run states: the run, its root question and every activation under its asker, with
// statuses (asking, waiting, waiting for the human, replied, forced reply, error reply), pointers that open through
// amp/expand, and handlers to reveal; a tree of 10,000 activations builds only what is opened.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { RunFollower } from '../../extension/views/follower';
import { activationStatus, messageChildren, messageTree, pointerNode, STATUS_ICONS } from '../../extension/views/message-tree';
import { SessionRuns } from '../../extension/views/run-store';
import { PAGE_SIZE, snapshotNodes, type ViewNode } from '../../extension/views/tree-node';
import { handRun, InlineDap, lineIn, ROOT, tempSpec, LIST_MINIMUM as MIN, LIST_MINIMUM_QUESTION as XS, LIST_MINIMUM_TEXT as MIN_TEXT } from './views-support';


let dap: InlineDap | undefined;
afterEach(async () => {
  await dap?.close().catch(() => undefined);
  dap = undefined;
});

async function stopAt(program: string, run: string | undefined, line?: number, extra: Record<string, unknown> = {}): Promise<SessionRuns> {
  dap = new InlineDap();
  await dap.launch({ program, ...(run ? { run } : {}), ...extra }, line ? [line] : []);
  const runs = new SessionRuns();
  runs.apply(await dap.runState());
  return runs;
}

const open = (n: ViewNode) => n.children?.() ?? [];

describe('the Message Tree', () => {
  it('shows the run, its root question and the activations under their askers at a breakpoint', async () => {
    const runs = await stopAt(MIN, XS, lineIn(MIN_TEXT, 'let smaller = ask Compare'));
    const run = runs.current!;
    const content = messageTree(run);
    assert.equal(content.message, undefined);
    const [root] = content.nodes;
    assert.equal(root.label, `run "${XS}"`);
    assert.equal(root.description, 'step 10 · breakpoint');
    assert.equal(root.expanded, true);
    assert.equal(root.reveal?.start.line, lineIn(MIN_TEXT, `run "${XS}"`) - 1, 'the run node reveals the run block');
    const [first] = open(root);
    assert.equal(first.label, 'Min: what is the smallest element of [1]?');
    assert.equal(first.description, 'waiting for Min');
    assert.deepEqual(first.icon, STATUS_ICONS.waiting);
    assert.equal(first.expanded, true, 'activations on the stack open at first');
    assert.equal(first.reveal?.start.line, lineIn(MIN_TEXT, 'on "what is the smallest element of [list]?"') - 1, 'selecting it reveals the handler');
    const kids = open(first);
    // Pointer previews are the adapter's (80 characters); opening the pointer gives the rest.
    assert.deepEqual(kids.map((k) => k.label), ['[1] the list with first element (7) and remaining elements (the list with first elem…', 'Min: what is the smallest element of [1]?']);
    assert.equal(kids[0].expandRef !== undefined, true, 'a pointer to a message with sub-messages opens through amp/expand');
    const second = kids[1];
    assert.equal(second.description, 'asking · budget 92 of 97');
    assert.deepEqual(second.icon, STATUS_ICONS.asking);
    const third = open(second).find((n) => n.label.startsWith('Min'))!;
    assert.equal(third.description, 'replied "5"');
    assert.deepEqual(third.icon, STATUS_ICONS.replied);
    assert.equal(third.expanded, false, 'finished activations start closed');
    assert.deepEqual(open(third).map((n) => n.label), ['[1] the list with first element (5) and remaining elements (the empty list)', 'reply: 5']);
    assert.match(third.tooltip ?? '', /activation 3 \(handler\)[\s\S]*replied at step 10[\s\S]*budget: 94 allotted, 2 used by it and the agents it asked, 92 returned/);
    // The snapshot (what the end-to-end tests read) follows the same nodes.
    const snap = snapshotNodes(content.nodes);
    assert.equal(snap[0].children?.[0].children?.[1].children?.[1].description, 'replied "5"');
  });

  it('follows the run: a step in adds Compare answered at once, a step back removes it again', async () => {
    const runs = await stopAt(MIN, XS, lineIn(MIN_TEXT, 'let smaller = ask Compare'));
    const labels = () => {
      const run = runs.current!;
      const out: string[] = [];
      const walk = (ns: readonly ViewNode[], depth: number) => {
        for (const n of ns) {
          if (!n.label.startsWith('Min') && !n.label.startsWith('Compare') && !n.label.startsWith('run')) continue;
          out.push(`${'  '.repeat(depth)}${n.label.split(':')[0]} — ${n.description}`);
          walk(open(n), depth + 1);
        }
      };
      walk(messageTree(run).nodes, 0);
      return out;
    };
    const at10 = labels();
    runs.apply(await dap!.move('stepIn'));
    assert.deepEqual(labels(), [`run "${XS}" — step 11 · step`, '  Min — waiting for Min', '    Min — asking · budget 91 of 97', '      Min — replied "5"', '      Compare — replied "3"']);
    runs.apply(await dap!.move('stepBack'));
    assert.deepEqual(labels().slice(1), at10.slice(1));
    assert.equal(labels()[0], `run "${XS}" — step 10 · breakpoint`, 'stepping back onto the breakpoint stops there');
  });

  it('opens pointers one level at a time with amp/expand', async () => {
    dap = new InlineDap();
    const follower = new RunFollower({ debugType: 'amp' });
    const session = dap.asSession();
    follower.started(session);
    await dap.launch({ program: MIN, run: XS }, [lineIn(MIN_TEXT, 'let smaller = ask Compare')]);
    await follower.received(session, 'amp/runState', (await dap.next('amp/runState')).body);
    const [root] = messageTree(follower.run).nodes;
    const pointer = open(open(root)[0])[0];
    const level1 = messageChildren(pointer.id, (await follower.expand(pointer.expandRef!))!);
    assert.deepEqual(level1.map((n) => [n.label, n.expandRef !== undefined]), [
      ['text: the list with first element [1] and remaining elements [2]', false],
      ['[1] 7', false],
      ['[2] the list with first element (3) and remaining elements (the list with first elem…', true],
    ]);
    const level2 = messageChildren(level1[2].id, (await follower.expand(level1[2].expandRef!))!);
    assert.deepEqual(level2.map((n) => n.label), ['text: the list with first element [1] and remaining elements [2]', '[1] 3', '[2] the list with first element (5) and remaining elements (the empty list)']);
    assert.equal(new Set([...level1, ...level2].map((n) => n.id)).size, 6, 'ids stay unique down the tree');
    // A message without pointers is its text.
    assert.deepEqual(messageChildren('x', { ref: 'm1', kind: 'message', text: 'the empty list', preview: 'the empty list', pointers: [] }).map((n) => n.label), ['the empty list']);
    assert.equal(pointerNode('x', { label: '[1]', ref: 'a1', kind: 'agent', preview: '@Min' }, 0).expandRef, undefined, 'agents do not open');
  });

  it('marks the human waiting for an answer', async () => {
    const text = readFileSync(join(ROOT, 'test/protocol/dap/fixtures/human.amp'), 'utf8');
    const spec = tempSpec(text);
    try {
      const runs = await stopAt(spec.path, undefined);
      const run = runs.current!;
      assert.equal(run.state.reason, 'input');
      const ask = open(open(messageTree(run).nodes[0])[0]).find((n) => n.label.startsWith('human'))!;
      assert.equal(ask.description, 'waiting for your answer');
      assert.deepEqual(ask.icon, STATUS_ICONS.input);
      assert.equal(ask.reveal?.start.line, lineIn(text, 'ask human') - 1, 'the human has no handler: the ask is revealed');
    } finally {
      spec.remove();
    }
  });

  it('marks forced replies and error replies', async () => {
    const spec = tempSpec(`${MIN_TEXT}
agent Asker {
  on "go" {
    let x = ask Compare "which is smaller, (apple) or (pear)?"
    reply "[x]"
  }
}
run "too poor" {
  ask Min "what is the smallest element of [xs]?" budget 3
}
run "compare fruit" {
  ask Asker "go" budget 5
}
`);
    try {
      const poor = await stopAt(spec.path, 'too poor', undefined, { stopAtEnd: true });
      const poorRun = poor.current!;
      assert.equal(poorRun.state.reason, 'end');
      const statuses = [...poorRun.activations.values()].map((a) => activationStatus(a, poorRun));
      assert.ok(statuses.includes('forced'), statuses.join());
      const forced = [...poorRun.activations.values()].find((a) => a.forced)!;
      const node = (function find(ns: readonly ViewNode[]): ViewNode | undefined {
        for (const n of ns) {
          if (n.id.endsWith(`/a${forced.id}`)) return n;
          const hit = find(open(n));
          if (hit) return hit;
        }
        return undefined;
      })(messageTree(poorRun).nodes)!;
      assert.match(node.description ?? '', /^forced reply: ran out of budget \(needed 1 to [\w ]+\)$/);
      assert.deepEqual(node.icon, STATUS_ICONS.forced);
      await dap!.close();
      const fruit = await stopAt(spec.path, 'compare fruit', undefined, { stopAtEnd: true });
      const asker = open(messageTree(fruit.current!).nodes[0])[0];
      assert.deepEqual(asker.icon, STATUS_ICONS.error);
      assert.equal(asker.description, 'error reply "error: Compare: "apple" is not a number"');
      const compare = open(asker).find((n) => n.label.startsWith('Compare'))!;
      assert.deepEqual(compare.icon, STATUS_ICONS.error);
    } finally {
      spec.remove();
    }
  });

  it('has nothing before a run is shown, and says so while the root question is not asked yet', async () => {
    assert.deepEqual(messageTree(undefined), { nodes: [] });
    const runs = await stopAt(MIN, XS, undefined, { stopOnEntry: true });
    const content = messageTree(runs.current!);
    assert.equal(content.message, 'Step 0: the run has not asked its root question yet.');
    assert.deepEqual(open(content.nodes[0]), []);
  });

  it('builds only what is opened of a 10,000-activation tree, a page at a time', () => {
    const activations = Array.from({ length: 10_000 }, (_, i) => ({
      id: i + 1,
      // 100 root questions, each with 99 children.
      parent: i % 100 === 0 ? 0 : i - (i % 100) + 1,
      agent: 'Worker',
      kind: 'handler',
      startStep: i + 1,
      endStep: i + 2,
      allotted: 10,
      returned: 9,
      spent: 1,
      question: { ref: `m${i}`, kind: 'message' as const, text: `item ${i}`, preview: `item ${i}`, pointers: [] },
      reply: { ref: `r${i}`, kind: 'message' as const, text: 'done', preview: 'done', pointers: [] },
    }));
    const run = handRun({ activations, step: 20_001 });
    let built = 0;
    const count = (ns: readonly ViewNode[]) => {
      built += ns.length;
      return ns;
    };
    const [root] = count(messageTree(run).nodes);
    const roots = count(open(root));
    assert.equal(roots.length, 100, '100 root questions fit one level');
    const children = count(open(roots[0]));
    assert.equal(children.length, 99 + 1, 'its 99 asks and its reply');
    assert.equal(built, 1 + 100 + 100);
    // A flat list longer than a page is split into pages built when opened.
    const flat = handRun({ activations: activations.map((a) => ({ ...a, parent: 0 })), step: 20_001 });
    const pages = open(messageTree(flat).nodes[0]);
    assert.equal(pages.length, 10_000 / PAGE_SIZE);
    assert.deepEqual([pages[0].label, pages[49].label], ['[0 … 199]', '[9800 … 9999]']);
    const page = open(pages[49]);
    assert.equal(page.length, PAGE_SIZE);
    assert.equal(page[0].label, 'Worker: item 9800');
  });
});
