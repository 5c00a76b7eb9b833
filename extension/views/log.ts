// The "AMP" output channel the run views, the CodeLens and the test controller log to: one channel for the whole
// extension's run-time features, created by the first feature that needs it.

import * as vscode from 'vscode';
import { LOG_CHANNEL_NAME } from './ids';

let channel: vscode.LogOutputChannel | undefined;

export function ampLog(context: vscode.ExtensionContext): vscode.LogOutputChannel {
  if (!channel) {
    const created = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
    channel = created;
    context.subscriptions.push(created, { dispose: () => void (channel === created && (channel = undefined)) });
  }
  return channel;
}
