// The standalone debug adapter (bundled to dist/debug-adapter.js): `node dist/debug-adapter.js` speaks DAP over stdin
// and stdout, for VS Code's executable mode and any other DAP client (docs/debugging.md §Other clients);
// `--server=PORT` serves one session per connection on that port instead.

import { createServer } from 'node:net';
import { AmpDebugSession } from './session';

// Standard output carries the protocol: anything logged goes to standard error instead.
console.log = console.info = console.debug = (...args: unknown[]) => console.error(...args);

const failAt = Number(process.env.AMP_DEBUG_ADAPTER_FAIL_AT_STEP);
const options = Number.isInteger(failAt) && failAt > 0 ? { failAtStep: failAt } : {};
const port = process.argv.map((a) => /^--server=(\d{1,5})$/.exec(a)?.[1]).find((p) => p !== undefined);

if (port !== undefined) {
  createServer((socket) => {
    const session = new AmpDebugSession(options);
    session.setRunAsServer(true);
    session.start(socket, socket);
  }).listen(Number(port), () => console.error(`AMP debug adapter: waiting for DAP connections on port ${port}`));
} else {
  const session = new AmpDebugSession(options);
  // An exception nobody caught (in the runtime or the adapter) ends the session with a message, never a silent hang.
  process.on('uncaughtException', (e) => {
    try {
      session.crash(e);
    } finally {
      setTimeout(() => process.exit(2), 200);
    }
  });
  process.on('SIGTERM', () => session.shutdown());
  session.start(process.stdin, process.stdout);
}
