// The debugger feature: runs AMP debug sessions. The adapter runs inline in the extension host by default (the same
// session class as dist/debug-adapter.js, without a process of its own); `"debugAdapter": "executable"` in a launch
// configuration starts dist/debug-adapter.js instead. The configuration provider fills in what F5 on an .amp file
// needs and refuses clearly when there is no .amp file to debug. docs/debugging.md is the user guide.

import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { checkDocument } from '../core/check/index';
import { AmpDebugSession } from '../debug-adapter/session';
import type { FeatureHandle } from './feature';

/** The debug type (package.json `contributes.debuggers[0].type`). */
export const DEBUG_TYPE = 'amp';
/** The command behind `${command:PickRun}` in launch configurations (package.json `debuggers[0].variables`). */
export const PICK_RUN_COMMAND = 'amp.debug.pickRun';
/** The standalone adapter, relative to the extension's folder. */
export const ADAPTER_SCRIPT = join('dist', 'debug-adapter.js');

const LANGUAGE_ID = 'amp';

export function activateDebugger(context: vscode.ExtensionContext): FeatureHandle | void {
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new ConfigurationProvider()),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new AdapterFactory(context.extensionPath)),
    vscode.commands.registerCommand(PICK_RUN_COMMAND, pickRun),
  );
}

/** The active editor's .amp file, if it shows one. */
function activeAmpFile(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc && doc.languageId === LANGUAGE_ID && doc.uri.scheme === 'file' ? doc.uri : undefined;
}

class ConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [{ type: DEBUG_TYPE, request: 'launch', name: 'Debug the active .amp file', program: '${file}', stopOnEntry: true }];
  }

  resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    // F5 without a launch.json: debug the active .amp file.
    if (!config.type && !config.request && !config.name) {
      const file = activeAmpFile();
      if (!file) return refuse('AMP: open an .amp file to debug it, or add an "amp" configuration to launch.json.');
      Object.assign(config, { type: DEBUG_TYPE, request: 'launch', name: `Debug ${basename(file.fsPath)}`, program: file.fsPath, stopOnEntry: true });
    }
    if (config.request !== 'launch') return refuse(`AMP: the debugger only launches runs ("request": "launch"), not "${String(config.request)}".`);
    if (config.program === undefined || config.program === '') {
      const file = activeAmpFile();
      if (!file) return refuse('AMP: there is no .amp file to debug: set "program" in the launch configuration, or open an .amp file and start again.');
      config.program = file.fsPath;
    }
    if (config.cwd === undefined && folder) config.cwd = folder.uri.fsPath;
    return config;
  }

  resolveDebugConfigurationWithSubstitutedVariables(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    // `${file}` may name whatever the active editor shows.
    if (typeof config.program === 'string' && !config.program.toLowerCase().endsWith('.amp')) {
      return refuse(`AMP: "${basename(config.program)}" is not an .amp file. Open the .amp file to debug (or set "program"), then start again.`);
    }
    // `${command:PickRun}` answers '' for "every run".
    if (config.run === '') delete config.run;
    return config;
  }
}

function refuse(message: string): undefined {
  void vscode.window.showErrorMessage(message);
  return undefined;
}

class AdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly extensionPath: string) {}

  createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    if (session.configuration.debugAdapter === 'executable') {
      const script = join(this.extensionPath, ADAPTER_SCRIPT);
      if (!existsSync(script)) throw new Error(`the debug adapter ${script} is missing: build the extension with \`npm run build\``);
      // The extension host's own runtime runs the adapter (Electron as Node where VS Code is Electron).
      return new vscode.DebugAdapterExecutable(process.execPath, [script], { env: { ELECTRON_RUN_AS_NODE: '1' } });
    }
    return new vscode.DebugAdapterInlineImplementation(new AmpDebugSession({ cwd: session.workspaceFolder?.uri.fsPath }));
  }
}

/** Asks which run to debug (for `"run": "${command:PickRun}"`); '' means every run, undefined cancels the launch. */
async function pickRun(config?: { program?: unknown }): Promise<string | undefined> {
  let uri = activeAmpFile();
  if (typeof config?.program === 'string' && config.program.toLowerCase().endsWith('.amp') && !config.program.includes('${')) uri = vscode.Uri.file(config.program);
  if (!uri) {
    void vscode.window.showErrorMessage('AMP: open the .amp file whose run you want to debug.');
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const runs = checkDocument({ path: uri.fsPath, text: doc.getText() }).model.runs.map((r) => r.name);
  if (runs.length === 0) {
    void vscode.window.showErrorMessage(`AMP: ${basename(uri.fsPath)} has no run blocks to debug.`);
    return undefined;
  }
  const all = { label: '$(list-flat) Every run', description: `${runs.length} run${runs.length === 1 ? '' : 's'}, in order`, run: '' };
  const picked = await vscode.window.showQuickPick([all, ...runs.map((r) => ({ label: r, description: '', run: r }))], { placeHolder: `Which run of ${basename(uri.fsPath)}?` });
  return picked?.run;
}
