// Entry point of the `amp` command (bundled to dist/cli.js): parses the arguments, dispatches to a subcommand, and
// turns every failure into a one-line message and an exit code (0 clean, 1 errors found, 2 usage or I/O problems).

import { version } from '../package.json';
import { CliError, parseArgs, usage } from './args';
import { runCheck } from './check-command';
import { runRun, stdinLineReader } from './run-command';
import { runScars } from './scars-command';

/** What main needs from the process, so it can be driven from tests without spawning. */
export interface Io {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdoutIsTTY: boolean;
  writeOut(text: string): void;
  writeErr(text: string): void;
  /** One line of standard input, or null at its end (`amp run` answers the `human` agent with it). */
  readLine?(): string | null;
}

/** Runs one `amp` invocation and returns its exit code. Never throws: internal errors become exit code 2. */
export function main(argv: readonly string[], io: Io): number {
  try {
    const invocation = parseArgs(argv);
    switch (invocation.kind) {
      case 'help':
        io.writeOut(usage(invocation.command) + '\n');
        return 0;
      case 'version':
        io.writeOut(version + '\n');
        return 0;
      case 'check': {
        // Colour is for people at a terminal; pipes, files and NO_COLOR (https://no-color.org) get plain text.
        const color = invocation.options.color && io.stdoutIsTTY && !io.env.NO_COLOR;
        const { output, exitCode } = runCheck(invocation.options, { cwd: io.cwd, color, version });
        io.writeOut(output);
        return exitCode;
      }
      case 'run': {
        const color = invocation.options.color && io.stdoutIsTTY && !io.env.NO_COLOR;
        const { output, exitCode } = runRun(invocation.options, { cwd: io.cwd, color, version, readLine: io.readLine && (() => io.readLine!()), writeErr: (t) => io.writeErr(t) });
        io.writeOut(output);
        return exitCode;
      }
      case 'scars': {
        const { output, exitCode } = runScars(invocation.argv, { cwd: io.cwd });
        io.writeOut(output);
        return exitCode;
      }
    }
  } catch (e) {
    return fail(e, io);
  }
}

/** Reports a failure on stderr as one line: the message of a CliError, or an internal error without its stack. */
function fail(e: unknown, io: Io): number {
  if (e instanceof CliError) {
    io.writeErr(e.message + '\n');
    return e.exitCode;
  }
  const message = e instanceof Error ? e.message : String(e);
  io.writeErr(`amp: internal error: ${message.split('\n')[0]}\n`);
  return 2;
}

function start(): void {
  const io: Io = {
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
    readLine: stdinLineReader(),
  };
  // A reader that stops early (`amp check … | head`) closes the pipe; that is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.exit(fail(e, io));
  });
  // Anything that escapes synchronously is caught in main; this catches what escapes asynchronously.
  process.on('uncaughtException', (e) => process.exit(fail(e, io)));
  // exitCode rather than exit(): exiting at once could cut off output still being flushed to a pipe.
  process.exitCode = main(process.argv.slice(2), io);
}

// Started only when run as a program, so tests can import main() and drive it with a fake Io.
if (require.main === module) start();
