// The one test runner (`node scripts/test.mjs [layer…]`): runs the unit, cli, protocol and e2e layers with node's
// built-in runner and ends with one line, `N passed, N failed`; a layer that cannot run counts as one failure.

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Layers in the order they run. `required` layers must exist; the others join once their folder does. */
const LAYERS = [
  { name: 'unit', dir: 'test/unit', required: true },
  { name: 'cli', dir: 'test/cli', required: true },
  { name: 'protocol', dir: 'test/protocol', required: false },
  { name: 'e2e', dir: 'test/e2e', required: false },
];

/** Node 20's `--test` takes no globs, so test files are listed here: every `*.test.ts` under a folder, sorted. */
function testFiles(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...testFiles(path));
    else if (name.endsWith('.test.ts')) out.push(relative('.', path));
  }
  return out;
}

/** Runs one layer; echoes the spec reporter's output and reads its closing counts (`ℹ pass N`, `ℹ fail N`, …). */
function runLayer(files) {
  return new Promise((resolve) => {
    const args = ['--import', 'tsx', '--test', '--test-reporter=spec', ...files];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let output = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk.toString();
    });
    child.on('close', (code, signal) => {
      // Colours (FORCE_COLOR) would hide the counts from the pattern below.
      const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
      const count = (label) => {
        const all = [...plain.matchAll(new RegExp(`^\\S*\\s*${label} (\\d+)\\s*$`, 'gm'))];
        return all.length ? Number(all[all.length - 1][1]) : undefined;
      };
      resolve({ code: code ?? (signal ? 1 : 0), pass: count('pass'), fail: count('fail'), cancelled: count('cancelled') });
    });
  });
}

const requested = process.argv.slice(2);
const unknown = requested.filter((r) => !LAYERS.some((l) => l.name === r));
if (unknown.length) {
  console.error(`Unknown test layer ${unknown.map((u) => `'${u}'`).join(', ')}; layers: ${LAYERS.map((l) => l.name).join(', ')}`);
  process.exit(2);
}

let passed = 0;
let failed = 0;
const problems = [];
for (const layer of LAYERS) {
  const asked = requested.includes(layer.name);
  if (requested.length && !asked) continue;
  if (!existsSync(layer.dir) && !layer.required && !asked) continue;
  const files = testFiles(layer.dir);
  console.log(`\n== ${layer.name}: ${files.length} test file${files.length === 1 ? '' : 's'} in ${layer.dir} ==`);
  if (files.length === 0) {
    // A layer that runs nothing must not look like a layer that passed: it counts as a failure.
    problems.push(`layer '${layer.name}' has no test files in ${layer.dir}`);
    failed++;
    continue;
  }
  const result = await runLayer(files);
  if (result.pass === undefined || result.fail === undefined) {
    problems.push(`layer '${layer.name}': could not read the runner's counts (exit code ${result.code})`);
    failed++;
    continue;
  }
  passed += result.pass;
  failed += result.fail + (result.cancelled ?? 0);
  if (result.code !== 0 && result.fail + (result.cancelled ?? 0) === 0) {
    problems.push(`layer '${layer.name}': the runner exited with code ${result.code} without a failing test`);
    failed++;
  }
}

for (const p of problems) console.error(`error: ${p}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
