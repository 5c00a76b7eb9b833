// The debugger feature: runs AMP debug sessions. The adapter runs inline in the extension host by default (the same
// session class as dist/debug-adapter.js, without a process of its own); `"debugAdapter": "executable"` in a launch
// configuration starts dist/debug-adapter.js instead. The configuration provider fills in what F5 on an .amp file
// needs and refuses clearly when there is no .amp file to debug. While an AMP session is paused on a governed run, the
// commands AMP: Trip Veto Fuse, AMP: Reset Veto Fuse and AMP: Record Restorative Event speak for the protected channel
// (the adapter's `amp/veto` and `amp/restore` requests); a debug adapter tracker keeps the context keys their `when`
// clauses read. docs/debugging.md is the user guide.

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
/** The protected channel's commands (package.json `contributes.commands`). */
export const TRIP_VETO_COMMAND = 'amp.debug.tripVeto';
export const RESET_VETO_COMMAND = 'amp.debug.resetVeto';
export const RESTORE_COMMAND = 'amp.debug.recordRestorative';
/** Context keys: the active AMP session is paused; the run it shows is governed (it has a veto fuse and scars). */
export const PAUSED_CONTEXT = 'amp.debug.paused';
export const GOVERNED_CONTEXT = 'amp.debug.governed';

const LANGUAGE_ID = 'amp';

export function activateDebugger(context: vscode.ExtensionContext): FeatureHandle | void {
  const pauses = new PauseTracker();
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new ConfigurationProvider()),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new AdapterFactory(context.extensionPath)),
    vscode.commands.registerCommand(PICK_RUN_COMMAND, pickRun),
    vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, { createDebugAdapterTracker: (session) => pauses.tracker(session) }),
    vscode.debug.onDidChangeActiveDebugSession(() => pauses.publish()),
    vscode.commands.registerCommand(TRIP_VETO_COMMAND, () => setVeto(pauses, 'tripped')),
    vscode.commands.registerCommand(RESET_VETO_COMMAND, () => setVeto(pauses, 'ok')),
    vscode.commands.registerCommand(RESTORE_COMMAND, () => recordRestorative(pauses)),
  );
  pauses.publish();
}

// ---- the protected channel ----------------------------------------------------------------------------------------

/** What the extension knows of a session: whether it is paused, on which thread, and the governance it last showed. */
interface SessionView {
  paused: boolean;
  threadId?: number;
  governed: boolean;
  scars: { id: number; resolved: boolean; note?: string }[];
}

/** Requests after which the adapter moves the run (it says `stopped` again when it pauses). */
const MOVING = new Set(['continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'goto', 'amp/goToStep']);

/** Follows every AMP session's DAP traffic to keep the context keys of the protected channel's commands. */
class PauseTracker {
  private readonly sessions = new Map<string, SessionView>();

  tracker(session: vscode.DebugSession): vscode.DebugAdapterTracker {
    const view: SessionView = { paused: false, governed: false, scars: [] };
    this.sessions.set(session.id, view);
    const changed = () => this.publish();
    return {
      onWillReceiveMessage: (m: { type?: string; command?: string }) => {
        if (m.type === 'request' && m.command && MOVING.has(m.command) && view.paused) {
          view.paused = false;
          changed();
        }
      },
      onDidSendMessage: (m: { type?: string; event?: string; command?: string; success?: boolean; body?: Record<string, unknown> }) => {
        if (m.type === 'event') {
          if (m.event === 'stopped') {
            view.paused = true;
            view.threadId = typeof m.body?.threadId === 'number' ? m.body.threadId : view.threadId;
          } else if (m.event === 'continued' || m.event === 'terminated' || m.event === 'exited') view.paused = false;
          else if (m.event === 'amp/runState') this.runState(view, m.body);
          else return;
          changed();
        } else if (m.type === 'response' && m.command === 'amp/runState' && m.success) {
          this.runState(view, m.body);
          changed();
        }
      },
      onWillStopSession: () => {
        this.sessions.delete(session.id);
        changed();
      },
    };
  }

  private runState(view: SessionView, body: Record<string, unknown> | undefined): void {
    const g = body?.governance as { scars?: { id: number; resolved: boolean; note?: string }[] } | undefined;
    view.governed = g !== undefined;
    view.scars = Array.isArray(g?.scars) ? g.scars : [];
  }

  /** The active AMP session and what is known of it. */
  active(): { session: vscode.DebugSession; view: SessionView } | undefined {
    const session = vscode.debug.activeDebugSession;
    const view = session && session.type === DEBUG_TYPE ? this.sessions.get(session.id) : undefined;
    return session && view ? { session, view } : undefined;
  }

  publish(): void {
    const a = this.active();
    void vscode.commands.executeCommand('setContext', PAUSED_CONTEXT, a?.view.paused ?? false);
    void vscode.commands.executeCommand('setContext', GOVERNED_CONTEXT, a?.view.governed ?? false);
  }
}

function pausedSession(pauses: PauseTracker): { session: vscode.DebugSession; view: SessionView } | undefined {
  const a = pauses.active();
  if (!a || !a.view.paused) {
    void vscode.window.showErrorMessage('AMP: pause an AMP debug session first: the protected channel acts at a pause.');
    return undefined;
  }
  return a;
}

async function protectedRequest(a: { session: vscode.DebugSession; view: SessionView }, command: string, args: Record<string, unknown>): Promise<void> {
  try {
    const body = (await a.session.customRequest(command, { ...args, ...(a.view.threadId !== undefined ? { threadId: a.view.threadId } : {}) })) as { messages?: string[] } | undefined;
    const said = body?.messages?.length ? body.messages.join('; ') : 'done';
    void vscode.window.showInformationMessage(`AMP: ${said.replace(/^governance: /, '')}`);
  } catch (e) {
    void vscode.window.showErrorMessage(`AMP: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function setVeto(pauses: PauseTracker, state: 'tripped' | 'ok'): Promise<void> {
  const a = pausedSession(pauses);
  if (a) await protectedRequest(a, 'amp/veto', { state });
}

async function recordRestorative(pauses: PauseTracker): Promise<void> {
  const a = pausedSession(pauses);
  if (!a) return;
  const open = a.view.scars.filter((s) => !s.resolved);
  let scar: number | undefined;
  if (open.length > 1) {
    const picked = await vscode.window.showQuickPick(
      open.map((s) => ({ label: `scar-${s.id}`, description: s.note ?? '', id: s.id })),
      { placeHolder: 'Which scar did the restorative process resolve?' },
    );
    if (!picked) return;
    scar = picked.id;
  } else if (open.length === 1) scar = open[0].id;
  const note = await vscode.window.showInputBox({ prompt: 'What restorative process was completed?', value: 'restorative process completed', ignoreFocusOut: true });
  if (note === undefined) return;
  await protectedRequest(a, 'amp/restore', { note, ...(scar !== undefined ? { scar } : {}) });
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
