// The server's life: the command line (no transport → usage, exit code 2), initialize with the capabilities each kind
// of client gets, the registrations after initialized, the amp/status notification, and how it exits.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import { describe, test } from 'node:test';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES } from '../../../core/ide/semantic-tokens';
import { LspClient, PULL_CLIENT, PUSH_CLIENT, SERVER } from './client';

describe('command line', () => {
  test('without a transport the server prints its usage and exits with code 2', () => {
    const r = spawnSync(process.execPath, [SERVER], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no transport given/);
    assert.match(r.stderr, /--stdio/);
  });

  test('--node-ipc serves over the IPC channel (as VS Code starts it)', async () => {
    const proc = spawn(process.execPath, [SERVER, '--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const conn = createMessageConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc));
    conn.listen();
    try {
      const init = await conn.sendRequest<{ capabilities: { hoverProvider?: boolean } }>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      assert.equal(init.capabilities.hoverProvider, true);
      await conn.sendRequest('shutdown');
      const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
      await conn.sendNotification('exit');
      assert.equal(await exited, 0);
    } finally {
      conn.dispose();
      proc.kill();
    }
  });

  test('--version prints the name and version', () => {
    const r = spawnSync(process.execPath, [SERVER, '--version'], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^amp-language-server \d+\.\d+\.\d+\n$/);
  });
});

describe('initialize', () => {
  test('a client with pull diagnostics gets a diagnostic provider and every feature', async () => {
    const { client, init } = await LspClient.start({ capabilities: PULL_CLIENT });
    try {
      const caps = init.capabilities;
      assert.deepEqual(init.serverInfo?.name, 'amp-language-server');
      assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 }, 'incremental sync');
      assert.deepEqual(caps.diagnosticProvider, { identifier: 'amp', interFileDependencies: true, workspaceDiagnostics: false });
      for (const provider of [
        'hoverProvider', 'definitionProvider', 'referencesProvider', 'documentHighlightProvider', 'foldingRangeProvider',
        'documentFormattingProvider', 'documentRangeFormattingProvider', 'workspaceSymbolProvider', 'inlayHintProvider',
      ]) assert.equal(caps[provider], true, provider);
      assert.deepEqual(caps.renameProvider, { prepareProvider: true });
      assert.deepEqual(caps.documentSymbolProvider, { label: 'AMP' });
      assert.equal(caps.completionProvider.resolveProvider, true);
      assert.deepEqual(caps.completionProvider.triggerCharacters, ['[', '@', '"']);
      assert.deepEqual(caps.signatureHelpProvider.triggerCharacters, ['(', ',', '"']);
      assert.deepEqual(caps.semanticTokensProvider, {
        legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] },
        full: { delta: true },
        range: true,
      });
      // After `initialized`: the configuration section and the manifest (and spec) file watchers are registered.
      const registrations = await client.waitFor('two registrations', () => {
        const regs = client.serverRequests.filter((r) => r.method === 'client/registerCapability');
        const all = regs.flatMap((r) => (r.params as { registrations: { method: string; registerOptions?: unknown }[] }).registrations);
        return all.length >= 2 ? all : undefined;
      });
      const watch = registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
      assert.deepEqual(watch?.registerOptions, { watchers: [{ globPattern: '**/compiler_ethics.json' }, { globPattern: '**/*.amp' }] });
      assert.ok(registrations.some((r) => r.method === 'workspace/didChangeConfiguration'));
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
    }
  });

  test('a client without pull diagnostics gets none, a plain rename provider, and no dynamic registrations', async () => {
    const { client, init } = await LspClient.start({ capabilities: PUSH_CLIENT });
    try {
      assert.equal(init.capabilities.diagnosticProvider, undefined);
      assert.equal(init.capabilities.renameProvider, true);
      // A round trip, so a registration sent after `initialized` would have arrived.
      await client.request('workspace/symbol', { query: 'nothing-matches-this' });
      assert.deepEqual(client.serverRequests.filter((r) => r.method === 'client/registerCapability'), []);
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
    }
  });

  test('a client with no capabilities at all is served with defaults', async () => {
    const { client, init } = await LspClient.start({ capabilities: {} });
    try {
      assert.equal(init.capabilities.hoverProvider, true);
      const uri = 'file:///virtual/bare.amp';
      client.open(uri, 'message a = "[b]"\n');
      const published = await client.nextDiagnostics(uri, 0);
      assert.deepEqual(published.diagnostics.map((d) => d.code).sort(), ['AMP-N001', 'AMP-N003']);
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
    }
  });
});

describe('amp/status', () => {
  test('reports checking, then ready with the number of open documents and the last check time', async () => {
    const { client } = await LspClient.start({ capabilities: PUSH_CLIENT });
    try {
      const uri = 'file:///virtual/status.amp';
      client.open(uri, 'message a = "hello"\n');
      await client.nextDiagnostics(uri, 0);
      const statuses = await client.waitFor('a ready status', () => {
        const all = client.received<{ state: string; documents: number; lastCheckMs: number }>('amp/status');
        return all.some((s) => s.state === 'ready' && s.documents === 1) ? all : undefined;
      });
      assert.ok(statuses.some((s) => s.state === 'checking'), JSON.stringify(statuses));
      const ready = statuses.filter((s) => s.state === 'ready').pop()!;
      assert.equal(ready.documents, 1);
      assert.equal(typeof ready.lastCheckMs, 'number');
      assert.ok(ready.lastCheckMs >= 0);
      client.close(uri);
      await client.waitFor('a status with no documents', () => client.received<{ documents: number }>('amp/status').find((s) => s.documents === 0));
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
    }
  });
});

describe('exit', () => {
  test('exit after shutdown ends the process with code 0', async () => {
    const { client } = await LspClient.start({ capabilities: PUSH_CLIENT });
    try {
      assert.equal(await client.request('shutdown'), null);
      client.notify('exit', undefined);
      assert.deepEqual(await client.exit(), { code: 0, signal: null });
    } finally {
      client.kill();
    }
  });

  test('exit without shutdown ends the process with code 1', async () => {
    const { client } = await LspClient.start({ capabilities: PUSH_CLIENT });
    try {
      client.notify('exit', undefined);
      assert.deepEqual(await client.exit(), { code: 1, signal: null });
    } finally {
      client.kill();
    }
  });

  test('the server exits (code 1, as no shutdown came) when its input closes', async () => {
    const { client } = await LspClient.start({ capabilities: PUSH_CLIENT });
    try {
      client.conn.dispose();
      client.proc.stdin!.end();
      assert.deepEqual(await client.exit(), { code: 1, signal: null });
    } finally {
      client.kill();
    }
  });
});
