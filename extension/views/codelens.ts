// The CodeLens feature: "Run" and "Debug" above every `run` block of an .amp file, and the commands behind them. Run
// starts a debug session without debugging (the adapter runs to the end and prints the outcome in the Debug Console,
// where the human can answer); Debug starts one that pauses before the run's first step. Run blocks are found with
// the parser alone and cached per document version, so lenses cost little while typing.

import * as vscode from 'vscode';
import type { FeatureHandle } from '../feature';
import { VIEW_COMMANDS } from './ids';
import { runConfig, type LaunchMode } from './launch';
import { ampLog } from './log';
import { findRunBlocks, runLenses, type RunBlock } from './run-blocks';

class RunCodeLensProvider implements vscode.CodeLensProvider {
  private readonly cache = new Map<string, { version: number; blocks: RunBlock[] }>();

  blocks(doc: vscode.TextDocument): RunBlock[] {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return hit.blocks;
    const blocks = findRunBlocks(doc.getText());
    this.cache.set(key, { version: doc.version, blocks });
    return blocks;
  }

  forget(doc: vscode.TextDocument): void {
    this.cache.delete(doc.uri.toString());
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    return runLenses(this.blocks(doc)).map((l) => {
      const range = new vscode.Range(doc.positionAt(l.offset), doc.positionAt(l.end));
      return new vscode.CodeLens(range, {
        title: l.title,
        tooltip: l.tooltip,
        command: l.command === 'run' ? VIEW_COMMANDS.runRun : VIEW_COMMANDS.debugRun,
        arguments: [doc.uri, l.run],
      });
    });
  }
}

export function activateRunCodeLens(context: vscode.ExtensionContext): FeatureHandle | void {
  const log = ampLog(context);
  const provider = new RunCodeLensProvider();
  const start = async (mode: LaunchMode, uriArg?: unknown, runArg?: unknown): Promise<boolean> => {
    const active = vscode.window.activeTextEditor?.document;
    const uri = uriArg instanceof vscode.Uri ? uriArg : typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : active?.languageId === 'amp' ? active.uri : undefined;
    if (!uri || uri.scheme !== 'file') {
      void vscode.window.showErrorMessage(`AMP: open the .amp file (saved on disk) whose run you want to ${mode}.`);
      return false;
    }
    let run = typeof runArg === 'string' ? runArg : undefined;
    if (run === undefined) {
      const doc = await vscode.workspace.openTextDocument(uri);
      const names = provider.blocks(doc).map((b) => b.name).filter((n) => n !== '');
      if (names.length === 0) {
        void vscode.window.showErrorMessage(`AMP: ${vscode.workspace.asRelativePath(uri)} has no run blocks.`);
        return false;
      }
      const picked = await vscode.window.showQuickPick([{ label: '$(list-flat) Every run', run: undefined as string | undefined }, ...names.map((n) => ({ label: n, run: n as string | undefined }))], {
        title: `AMP: ${mode === 'run' ? 'Run' : 'Debug'} a run of ${vscode.workspace.asRelativePath(uri)}`,
      });
      if (!picked) return false;
      run = picked.run;
    }
    log.info(`${mode === 'run' ? 'running' : 'debugging'} ${run !== undefined ? `run "${run}"` : 'every run'} of ${uri.fsPath}`);
    const ok = await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(uri), runConfig(uri.fsPath, run, mode), { noDebug: mode === 'run' });
    if (!ok) log.warn(`the debug session for ${uri.fsPath} did not start`);
    return ok;
  };
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider({ language: 'amp', scheme: 'file' }, provider),
    vscode.workspace.onDidCloseTextDocument((doc) => provider.forget(doc)),
    vscode.commands.registerCommand(VIEW_COMMANDS.runRun, (uri?: unknown, run?: unknown) => start('run', uri, run)),
    vscode.commands.registerCommand(VIEW_COMMANDS.debugRun, (uri?: unknown, run?: unknown) => start('debug', uri, run)),
  );
}
