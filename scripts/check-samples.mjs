// The main job on the bundled samples: checks every good sample (which must be clean), then shows what the
// deliberately broken samples in samples/diagnostics report. Exits non-zero only if a good sample has a problem.
import { spawnSync } from 'node:child_process';

const cli = ['dist/cli.js', 'check'];
const run = (args) => spawnSync(process.execPath, [...cli, ...args], { stdio: 'inherit' }).status;

console.log('== Checking the samples (these must be clean) ==');
const good = run(['samples', '--exclude', 'samples/diagnostics']);
console.log('\n== The diagnostics samples (these show each mistake on purpose) ==');
run(['samples/diagnostics']);
if (good !== 0) {
  console.error('\nA bundled sample has problems (see above).');
  process.exit(good ?? 1);
}
console.log('\nAll bundled samples are clean.');
