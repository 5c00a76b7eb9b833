// The session class as the extension runs it inline (vscode.DebugAdapterInlineImplementation): messages go in through
// handleMessage and come out through onDidSendMessage, in the same process, with no stdio; ending the session must
// not end the process it runs in (the extension host).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { AmpDebugSession } from '../../../debug-adapter/session';
import { fixture, lineOf, ROOT } from './helpers';

class InlineClient {
  readonly session = new AmpDebugSession({ cwd: ROOT });
  private seq = 1;
  private readonly pending = new Map<number, (r: DebugProtocol.Response) => void>();
  readonly events: DebugProtocol.Event[] = [];
  private readonly waiting: { name: string; resolve: (e: DebugProtocol.Event) => void }[] = [];

  constructor() {
    this.session.onDidSendMessage((m) => {
      const msg = m as DebugProtocol.ProtocolMessage;
      if (msg.type === 'response') {
        const r = msg as DebugProtocol.Response;
        this.pending.get(r.request_seq)?.(r);
        this.pending.delete(r.request_seq);
      } else if (msg.type === 'event') {
        const e = msg as DebugProtocol.Event;
        const w = this.waiting.findIndex((x) => x.name === e.event);
        if (w >= 0) this.waiting.splice(w, 1)[0].resolve(e);
        else this.events.push(e);
      }
    });
  }

  request(command: string, args: object = {}): Promise<DebugProtocol.Response> {
    const seq = this.seq++;
    return new Promise((resolve) => {
      this.pending.set(seq, resolve);
      this.session.handleMessage({ type: 'request', seq, command, arguments: args } as DebugProtocol.Request);
    });
  }

  event(name: string): Promise<DebugProtocol.Event> {
    const i = this.events.findIndex((e) => e.event === name);
    if (i >= 0) return Promise.resolve(this.events.splice(i, 1)[0]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no '${name}' event`)), 5000);
      this.waiting.push({ name, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  }
}

describe('the inline session', () => {
  it('debugs a run through handleMessage and onDidSendMessage, and disconnecting leaves the process running', async () => {
    const c = new InlineClient();
    const MIN = fixture('list-minimum.amp');
    assert.equal((await c.request('initialize', { adapterID: 'amp', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' })).success, true);
    // A relative program is found from the folder the extension gives the session (the workspace folder).
    assert.equal((await c.request('launch', { program: 'test/protocol/dap/fixtures/list-minimum.amp', run: 'the smallest of 7, 3 and 5', stopOnEntry: true })).success, true);
    await c.event('initialized');
    await c.request('configurationDone');
    assert.equal(((await c.event('stopped')) as DebugProtocol.StoppedEvent).body.reason, 'entry');
    await c.request('stepIn', { threadId: 1 });
    await c.event('stopped');
    const stack = (await c.request('stackTrace', { threadId: 1 })) as DebugProtocol.StackTraceResponse;
    assert.equal(stack.body.stackFrames[0].line, lineOf(MIN, 'view list as'));
    assert.equal(stack.body.stackFrames[0].source?.path, MIN);
    const done = await c.request('disconnect', {});
    assert.equal(done.success, true);
    // The base class exits its process a moment after a disconnect when it runs standalone; inline, the process (here,
    // the test runner) and the session are still there to answer.
    await new Promise((r) => setTimeout(r, 250));
    const threads = (await c.request('threads')) as DebugProtocol.ThreadsResponse;
    assert.deepEqual(threads.body.threads.map((t) => t.id), [1]);
  });
});
