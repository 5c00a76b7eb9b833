// Entry point of the AMP language server (bundled to dist/server.js). The transport comes from the command line:
// `--stdio` for editors that start it themselves (Neovim, Helix, Emacs), `--node-ipc` when VS Code's client starts it.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { describe } from './documents';
import { SERVER_INFO, startServer } from './server';

const TRANSPORTS = ['--stdio', '--node-ipc', '--pipe', '--socket'];

const USAGE = `Usage: node dist/server.js --stdio | --node-ipc | --pipe=<name> | --socket=<port>

The AMP language server speaks the Language Server Protocol over the chosen transport.
  --stdio       stdin and stdout (Neovim, Helix, Emacs and most editors)
  --node-ipc    Node's IPC channel (VS Code's client starts it this way)
  --version     print the version and exit
See docs/language-server.md for editor set-ups and settings.
`;

function main(argv: readonly string[]): void {
  if (argv.includes('--version')) {
    process.stdout.write(`${SERVER_INFO.name} ${SERVER_INFO.version}\n`);
    return;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  if (!argv.some((a) => TRANSPORTS.some((t) => a === t || a.startsWith(`${t}=`)))) {
    process.stderr.write(`amp language server: no transport given.\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const connection = createConnection(ProposedFeatures.all);
  // Nothing that escapes a handler may take the server down: it is logged and serving goes on.
  process.on('uncaughtException', (e) => connection.console.error(`Uncaught exception: ${describe(e)}`));
  process.on('unhandledRejection', (e) => connection.console.error(`Unhandled rejection: ${describe(e)}`));
  startServer(connection);
  connection.listen();
}

main(process.argv.slice(2));
