// `npm run bench`: appends per second to an Atlas of Scars log with write + fsync per record (in a temporary folder),
// and verification speed of the resulting log. Prints JSON lines {name, value, unit}.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { verifyScarLog } from '../core/governance/scars-log';
import { ScarLog } from '../io/scar-log';
import { emit } from './figures';

const APPENDS = 2000;
const dir = mkdtempSync(join(tmpdir(), 'amp-scars-bench-'));
try {
  const path = join(dir, 'atlas.jsonl');
  const log = ScarLog.open(path);
  const t0 = performance.now();
  for (let i = 0; i < APPENDS; i++) {
    log.append({ kind: 'scar', scar: `scar-${i + 1}`, trigger: 'E_ext_spike', description: `E_ext rose above the soft threshold (${i})`, step: i, detail: { E_ext: '0.6', above: 0.5 } });
  }
  const ms = performance.now() - t0;
  emit('scar appends per second (write + fsync each)', APPENDS / (ms / 1000), 'appends/s');
  const text = readFileSync(path, 'utf8');
  const t1 = performance.now();
  const report = verifyScarLog(text);
  const vms = performance.now() - t1;
  if (!report.ok || report.records.length !== APPENDS) throw new Error('the benchmark log does not verify');
  emit('scar log verification', APPENDS / (vms / 1000), 'records/s');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
