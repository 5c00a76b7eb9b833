// The extension's entry point (bundled to dist/extension.js): activate() starts each feature of FEATURES, and
// deactivate() waits for the features that must shut something down. activate() measures itself: the total and each
// feature's share go to the "AMP" output channel and to the `activation` part of `amp.views.snapshot` (the end-to-end
// figures read it).

import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { activateDebugger } from './debug';
import type { Feature, FeatureHandle } from './feature';
import { CONTEXT_KEYS } from './ids';
import { activateLanguageServer } from './language-server';
import { activateRunCodeLens } from './views/codelens';
import { activateRunViews } from './views/index';
import { ampLog } from './views/log';
import { snapshots } from './views/snapshot';
import { activateTestController } from './views/test-controller';

/**
 * The features, in activation order. Each one is independent: one that fails to activate is reported and the others
 * still start. The debug adapter factory, the views and the test controller join this list as they land.
 */
const FEATURES: readonly Feature[] = [
  { name: 'the language server', activate: activateLanguageServer },
  { name: 'the debugger', activate: activateDebugger },
  { name: 'the run views', activate: activateRunViews },
  { name: 'the run CodeLens', activate: activateRunCodeLens },
  { name: 'the test controller', activate: activateTestController },
];

let handles: FeatureHandle[] = [];

/** How long activate() took (performance.now() at its start and end), and each feature's share, in milliseconds. */
export interface ActivationFigures {
  readonly activateMs: number;
  readonly features: readonly { readonly name: string; readonly ms: number }[];
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const started = performance.now();
  handles = [];
  const features: { name: string; ms: number }[] = [];
  for (const feature of FEATURES) {
    const t0 = performance.now();
    try {
      const handle = await feature.activate(context);
      if (handle) handles.push(handle);
    } catch (e) {
      void vscode.window.showErrorMessage(`AMP: could not start ${feature.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    features.push({ name: feature.name, ms: round(performance.now() - t0) });
  }
  // Shows the extension's commands in the palette (package.json `menus.commandPalette`).
  await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.active, true);
  const figures: ActivationFigures = { activateMs: round(performance.now() - started), features };
  ampLog(context).info(`activated in ${figures.activateMs} ms (${features.map((f) => `${f.name} ${f.ms} ms`).join(', ')})`);
  context.subscriptions.push({ dispose: snapshots.register('activation', () => figures) });
  snapshots.bump();
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export async function deactivate(): Promise<void> {
  const stopping = handles.map((h) => h.deactivate?.());
  handles = [];
  await Promise.allSettled(stopping);
}
