// `npm run bench`: simulated cycles per second of a self-modification run (the sample's selfmod declaration with the
// agent's own strategy evolution and skill growth on), without history and with every state kept for stepping back.
// Prints JSON lines {name, value, unit}.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkDocument } from '../core/check/index';
import { readSelfmod } from '../core/check/rules/selfmod';
import { childNodes } from '../core/syntax/tree';
import { prepareSimulation, run } from '../core/selfmod/index';
import { emit, median } from './figures';

const path = join(__dirname, '..', 'samples', 'self-modification.amp');
const text = readFileSync(path, 'utf8');
const { tree } = checkDocument({ path, text });
const decl = readSelfmod(childNodes(tree, 'SelfmodDecl')[0], text);

/** Median cycles per second over `reps` runs of `cycles` cycles, after one warm-up run. */
function rate(cycles: number, reps: number, keepStates: boolean): { perSecond: number; transitions: number } {
  const sim = prepareSimulation(decl, { cycles }).simulation!;
  run(sim, { keepStates, keepEvents: false });
  const rates: number[] = [];
  let transitions = 0;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const r = run(sim, { keepStates, keepEvents: false });
    const ms = performance.now() - t0;
    transitions = r.transitions;
    rates.push(cycles / (ms / 1000));
  }
  return { perSecond: median(rates), transitions };
}

const plain = rate(200_000, 5, false);
emit('selfmod cycles per second (no history)', plain.perSecond, 'cycles/s');
emit('selfmod transitions per 200,000 cycles', plain.transitions, 'transitions');
const kept = rate(50_000, 3, true);
emit('selfmod cycles per second (every state kept)', kept.perSecond, 'cycles/s');
