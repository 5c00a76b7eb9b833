// `npm run bench`: runs every bench/*.bench.ts (or the ones named on the command line) one after the other, each in
// its own process so one bench's heap never weighs on the next. Each prints JSON lines: {name, value, unit}.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const named = process.argv.slice(2);
const all = readdirSync('bench').filter((f) => f.endsWith('.bench.ts')).sort();
const chosen = named.length ? all.filter((f) => named.some((n) => f.startsWith(n))) : all;
if (chosen.length === 0) {
  console.error(`No bench matches ${named.join(', ')}; benches: ${all.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const file of chosen) {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', `bench/${file}`], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`bench/${file} failed (exit code ${r.status})`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
