// What a feature of the extension is: a function activate() calls once. It registers what VS Code must dispose in
// `context.subscriptions` and may return a handle whose deactivate() VS Code awaits when the extension stops.

import type * as vscode from 'vscode';

/** Work to finish before the extension host goes away (e.g. stopping a server process cleanly). */
export interface FeatureHandle {
  deactivate?(): Promise<void>;
}

export interface Feature {
  /** Shown in the error message when the feature fails to activate. */
  readonly name: string;
  readonly activate: (context: vscode.ExtensionContext) => FeatureHandle | void | Promise<FeatureHandle | void>;
}
