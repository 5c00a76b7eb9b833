// Draws the language server's state (status.ts) as a language status item: it shows in the `{}` language indicator of
// the status bar while an .amp file or a manifest is active, and can be pinned to the status bar by the user.

import * as vscode from 'vscode';
import { STATUS_ITEM_ID } from './ids';
import { DOCUMENT_SELECTOR } from './server-options';
import { StatusPresenter, type StatusSeverity, type StatusView } from './status';

const SEVERITY: Readonly<Record<StatusSeverity, vscode.LanguageStatusSeverity>> = {
  information: vscode.LanguageStatusSeverity.Information,
  warning: vscode.LanguageStatusSeverity.Warning,
  error: vscode.LanguageStatusSeverity.Error,
};

/** Creates the item and the presenter that keeps it up to date; disposing removes both. */
export function createStatusItem(): { readonly presenter: StatusPresenter; dispose(): void } {
  const item = vscode.languages.createLanguageStatusItem(STATUS_ITEM_ID, [...DOCUMENT_SELECTOR]);
  item.name = 'AMP Language Server';
  const draw = (view: StatusView) => {
    item.text = view.text;
    item.detail = view.detail;
    item.busy = view.busy;
    item.severity = SEVERITY[view.severity];
    item.command = { title: view.command.title, command: view.command.command };
    item.accessibilityInformation = { label: `${view.text}. ${view.detail}` };
  };
  const presenter = new StatusPresenter(draw);
  presenter.refresh();
  return {
    presenter,
    dispose: () => {
      presenter.dispose();
      item.dispose();
    },
  };
}
