// The simulator's only source of chance: a seeded 32-bit PRNG (mulberry32) whose whole state is one number, so a
// simulation state can hold it, a debugger can step back to it, and the same seed always replays the same run.

/** A PRNG state: an unsigned 32-bit integer. */
export type RngState = number;

/** The state for a seed (any integer; mixed so nearby seeds give unrelated streams). */
export function seedState(seed: number): RngState {
  let h = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** A stream derived from `state` and a label, without drawing from `state` (so forking never shifts the parent stream). */
export function forkState(state: RngState, label: number): RngState {
  return seedState((state ^ Math.imul(label + 1, 0x27d4eb2d)) | 0);
}

/**
 * A cursor over a stream for the duration of one transition: draw from it, then store `state` in the new
 * simulation state. Mutable on purpose (it is local to one pure function call and never shared).
 */
export class Rng {
  constructor(public state: RngState) {}

  /** A uniform number in [0, 1) (mulberry32). */
  next(): number {
    const s = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A standard normal number (Box–Muller, both uniforms drawn each time, so no hidden cached value). */
  gaussian(): number {
    let u = this.next();
    if (u === 0) u = Number.MIN_VALUE;
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
