import { produce, setAutoFreeze, original } from 'immer';
class Msg { constructor(readonly id: number, readonly parts: readonly unknown[]) { Object.freeze(this); } }
function mk() {
  const frame = { id: 1, kind: 'handler', pc: 0, budget: 1000000, spent: 0, allotted: 1000000, delegated: 0, slots: [new Msg(1, ['a']), undefined, undefined, undefined, undefined], agent: new Msg(2, []), code: new Msg(3, []), waiting: undefined };
  let stack: any = undefined;
  for (let i = 0; i < 50; i++) stack = { top: { ...frame, id: i }, below: stack, depth: i };
  return { program: new Msg(0, []), step: 0, nextId: 10, stack, events: undefined as any, status: 'running', rootMinted: 1000000, done: undefined, gov: {}, ledger: undefined };
}
for (const freeze of [true, false]) {
  setAutoFreeze(freeze);
  let s: any = mk();
  const N = 300000;
  const states: any[] = [];
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const base = s;
    s = produce(s, (d: any) => {
      d.step++;
      const top = d.stack.top;
      top.pc++;
      top.budget--;
      top.spent++;
      top.slots[1] = new Msg(d.nextId++, ['x', base.stack.top.slots[0]]);
      d.events = { head: { kind: 'view', step: base.step, frame: base.stack.top.id }, tail: base.events };
    });
    if (i % 3 === 0) states.push(s);
  }
  const t1 = performance.now();
  console.log('freeze', freeze, (N / ((t1 - t0) / 1000)).toFixed(0), 'ops/s');
}
// plain mutable
{
  let s: any = mk();
  const N = 3000000;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    s.step++; const top = s.stack.top; top.pc++; top.budget--; top.spent++; top.slots[1] = new Msg(s.nextId++, ['x', top.slots[0]]); s.events = { head: { kind: 'view', step: s.step, frame: top.id }, tail: undefined };
  }
  console.log('mutable', (N / ((performance.now() - t0) / 1000)).toFixed(0));
}
