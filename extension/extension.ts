// The extension's entry point (bundled to dist/extension.js): activate() starts each feature of FEATURES, and
// deactivate() waits for the features that must shut something down.

import * as vscode from 'vscode';
import { activateDebugger } from './debug';
import type { Feature, FeatureHandle } from './feature';
import { CONTEXT_KEYS } from './ids';
import { activateLanguageServer } from './language-server';
import { activateRunCodeLens } from './views/codelens';
import { activateRunViews } from './views/index';
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

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  handles = [];
  for (const feature of FEATURES) {
    try {
      const handle = await feature.activate(context);
      if (handle) handles.push(handle);
    } catch (e) {
      void vscode.window.showErrorMessage(`AMP: could not start ${feature.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  // Shows the extension's commands in the palette (package.json `menus.commandPalette`).
  await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.active, true);
}

export async function deactivate(): Promise<void> {
  const stopping = handles.map((h) => h.deactivate?.());
  handles = [];
  await Promise.allSettled(stopping);
}
