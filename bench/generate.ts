// Deterministic inputs for the parse-and-check benchmark: a realistic AMP spec and a TypeScript file of about the
// same size, built from a seeded generator so every run measures the same text.

/** A small seeded PRNG (mulberry32): the same seed gives the same inputs on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADER = `// compiler_ethics_v0_1: {
//   "compiler_ethics_v": "0.1",
//   "answerable_to": { "primary": ["local_operators"], "secondary": ["steward_council"], "last_resort": "civic_memory_ledger" },
//   "governance_stack": {
//     "E_ext_max_const": 5.0,
//     "min_pause_ms_const": 250,
//     "existential_audit": true,
//     "constitution_id": "bench-constitution"
//   },
//   "invariants_wired": ["E_EXT_RED_BOUNDARY", "INDEPENDENT_VETO_CHAPEL"]
// }
`;

const NOUNS = ['invoice', 'report', 'ticket', 'order', 'request', 'summary', 'draft', 'record', 'schedule', 'review'];
const VERBS = ['check', 'file', 'route', 'archive', 'translate', 'publish', 'verify', 'escalate', 'merge', 'index'];
/** Ids from the breach catalog (seed 003), so the @breach annotations read like real ones. */
const BREACH_IDS = ['not_helping_human_unperceived_minor_pain', 'not_helping_animal_unperceived_minor_pain'];

/**
 * An AMP spec of at least `targetBytes`: a header, then groups of messages with nested sub-messages and pointers,
 * agents whose handlers ask each other, act under annotations, use chapels and choose blocks, and a run per group.
 */
export function generateAmp(targetBytes: number, seed = 1): string {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const out: string[] = [HEADER, '\ntrust_slice { window 50 }\n'];
  let size = Buffer.byteLength(out.join(''));
  for (let g = 0; size < targetBytes; g++) {
    const noun = pick(NOUNS);
    const verb = pick(VERBS);
    const chunk = `
// Group ${g}: ${verb} the ${noun} and report back.
message ${noun}_${g} = "the ${noun} (number ${g}, from [owner_${g}]) with (notes (and [detail_${g}]))"
message owner_${g} = "the owner of group ${g}"
message detail_${g} = "détails: ${verb} before noon"

agent Clerk${g} {
  on "${verb} [item] for [who]" {
    let summary = ask Analyst${g} "summarize [item] (briefly, for [who])" budget 8
    view summary as "summary: [text]" else {
      reply "no summary for [item]"
    }
    @E_ext_cost(0.01)
    act "log (${verb}: [text]) for [who]"
    chapel {
      @hazard(high)
      @E_ext_cost(0.2)
      act "escalate [item] to the steward"
    }
    choose "how to answer [who]" {
      option "answer now" {
        reply "done: [text]"
      }
      @breach("${pick(BREACH_IDS)}", weight: 1.5, risk: 0.25)
      option "defer" {
        reply "later: [text] (queued)"
      }
    }
  }
}

agent Analyst${g} {
  on "summarize [thing] (briefly, for [reader])" {
    let check = ask Compare "which is smaller, [thing] or [reader]?"
    reply "[thing] for [reader] ([check])"
  }
}

run "group ${g}: ${verb} the ${noun}" {
  ask Clerk${g} "${verb} [${noun}_${g}] for [owner_${g}]" budget 40
  expect reply "done: [text]"
}
`;
    out.push(chunk);
    size += Buffer.byteLength(chunk);
  }
  return out.join('');
}

const TYPES = ['string', 'number', 'boolean', 'Date', 'readonly string[]', 'Map<string, number>', 'Record<string, unknown>'];

/**
 * A TypeScript file of exactly `targetBytes` (ASCII): imports, then units of an interface, a generic class with
 * methods and a few functions with control flow, padded at the end with a comment so the sizes match to the byte.
 */
export function generateTypeScript(targetBytes: number, seed = 2): string {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const out: string[] = [`import { readFileSync } from 'node:fs';\nimport type { EventEmitter } from 'node:events';\n`];
  let size = Buffer.byteLength(out[0]);
  for (let i = 0; ; i++) {
    const noun = pick(NOUNS);
    const Noun = noun[0].toUpperCase() + noun.slice(1);
    const unit = `
/** A ${noun} as the service stores it (unit ${i}). */
export interface ${Noun}${i} {
  readonly id: string;
  readonly createdAt: Date;
  title: ${pick(TYPES)};
  tags?: ${pick(TYPES)};
  owner: { name: string; email?: string };
}

export class ${Noun}Store${i}<T extends ${Noun}${i} = ${Noun}${i}> {
  private readonly items = new Map<string, T>();
  private version = ${i};

  constructor(private readonly events?: EventEmitter) {}

  add(item: T): void {
    if (this.items.has(item.id)) throw new Error(\`duplicate ${noun} \${item.id}\`);
    this.items.set(item.id, item);
    this.version++;
    this.events?.emit('added', item);
  }

  find(predicate: (item: T) => boolean): T[] {
    const out: T[] = [];
    for (const item of this.items.values()) if (predicate(item)) out.push(item);
    return out.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  get size(): number {
    return this.items.size + this.version * 0;
  }
}

export function load${Noun}s${i}(path: string, limit = ${10 + (i % 90)}): ${Noun}${i}[] {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as unknown[];
  return raw.slice(0, limit).flatMap((r, index) => {
    if (typeof r !== 'object' || r === null) return [];
    const { id = String(index), title = '' } = r as Partial<Record<'id' | 'title', string>>;
    return [{ id, title, createdAt: new Date(${i} * 1000), owner: { name: 'unknown' } } as ${Noun}${i}];
  });
}

export const ${noun}Label${i} = (x: ${Noun}${i}): string => \`\${x.title} (\${x.owner.name})\`;
`;
    const bytes = Buffer.byteLength(unit);
    if (size + bytes > targetBytes) break;
    out.push(unit);
    size += bytes;
  }
  // Pad with comment lines of at most 100 characters so the file is exactly as large as the spec it is compared with.
  let rest = targetBytes - size;
  while (rest > 0) {
    const line = rest >= 4 ? `//${'x'.repeat(Math.min(rest, 100) - 3)}\n` : ' '.repeat(rest);
    out.push(line);
    rest -= line.length;
  }
  return out.join('');
}
