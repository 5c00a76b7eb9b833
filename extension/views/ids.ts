// The names the run views, the timeline, the CodeLens and the test controller share with package.json: view ids,
// commands, context keys, the webview type and the output channel. Pure (no `vscode`), so unit tests check
// package.json against them.

/** The activity-bar container (package.json `contributes.viewsContainers.activitybar`). */
export const VIEW_CONTAINER = 'amp';

/** The tree views inside the container, in the order they appear. */
export const VIEWS = {
  messageTree: 'amp.messageTree',
  budgets: 'amp.budgets',
  stability: 'amp.stability',
  scars: 'amp.scars',
  conscience: 'amp.conscience',
} as const;

export type ViewKey = keyof typeof VIEWS;

/**
 * The same five views in the Run and Debug container, shown only during AMP sessions: VS Code brings that container
 * forward at every stop (`debug.openDebug`), so the views are there while stepping too.
 */
export const DEBUG_VIEWS: Readonly<Record<ViewKey, string>> = {
  messageTree: 'amp.debug.messageTree',
  budgets: 'amp.debug.budgets',
  stability: 'amp.debug.stability',
  scars: 'amp.debug.scars',
  conscience: 'amp.debug.conscience',
};

/** The container VS Code's Run and Debug views live in. */
export const DEBUG_CONTAINER = 'debug';

/** Commands the views, the CodeLens and the test controller contribute and register. */
export const VIEW_COMMANDS = {
  /** Opens the run timeline webview. */
  showTimeline: 'amp.views.showTimeline',
  /** Moves the debugger to a step (asks for it when no step is given). */
  goToStep: 'amp.views.goToStep',
  /** Fetches the whole run state again from the debug adapter. */
  refresh: 'amp.views.refresh',
  /** Starts debugging the active .amp file (the views' welcome button). */
  debugActiveFile: 'amp.views.debugActiveFile',
  /** Reveals a range of the debugged program in the editor (tree items run it on selection). */
  reveal: 'amp.views.reveal',
  /** The views' current data as plain JSON (for the end-to-end tests; hidden from the palette). */
  snapshot: 'amp.views.snapshot',
  /** Runs one `run` block without debugging (the CodeLens "Run"). */
  runRun: 'amp.runRun',
  /** Debugs one `run` block (the CodeLens "Debug"). */
  debugRun: 'amp.debugRun',
} as const;

/** Commands that only make sense with arguments or for tests: never listed in the Command Palette. */
export const HIDDEN_COMMANDS: readonly string[] = [VIEW_COMMANDS.reveal, VIEW_COMMANDS.snapshot];

/** Context keys the views set, for `when` clauses in package.json. */
export const VIEW_CONTEXT = {
  /** True while the views show the run state of a debug session. */
  hasRun: 'amp.views.hasRun',
  /** True when the run state shown has the optional `stability`, `governance` or `conscience` part. */
  hasStability: 'amp.views.hasStability',
  hasGovernance: 'amp.views.hasGovernance',
  hasConscience: 'amp.views.hasConscience',
} as const;

/** The folder, under the extension's own, of the timeline page's files and the activity-bar icon. */
export const MEDIA_FOLDER: readonly string[] = ['extension', 'views', 'media'];

/** The files of MEDIA_FOLDER: the timeline page's script and styles, and the icon of the container and the panel. */
export const MEDIA = { script: 'timeline.js', style: 'timeline.css', icon: 'amp-activity.svg' } as const;

/** Every file the views load from the extension's folder at run time (so the VSIX must hold them), relative to it. */
export const MEDIA_FILES: readonly string[] = Object.values(MEDIA).map((f) => [...MEDIA_FOLDER, f].join('/'));

/** The webview panel type of the run timeline. */
export const TIMELINE_VIEW_TYPE = 'amp.timeline';

/** The output channel the views, the CodeLens and the test controller log to. */
export const LOG_CHANNEL_NAME = 'AMP';

/** The id of the test controller (VS Code's Test Explorer). */
export const TEST_CONTROLLER_ID = 'amp';

/** The debug type the views follow (package.json `contributes.debuggers[0].type`). */
export const AMP_DEBUG_TYPE = 'amp';
