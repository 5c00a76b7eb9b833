// Launch configurations the views start (the CodeLens's Run and Debug, the Test Explorer's debug profile, the views'
// welcome button), and where a session's program is, so ranges of its run state open the right file. Pure.

import { AMP_DEBUG_TYPE } from './ids';

export interface LaunchConfig {
  readonly type: string;
  readonly request: 'launch';
  readonly name: string;
  readonly program: string;
  readonly run?: string;
  readonly stopOnEntry?: boolean;
  /** Why the session was started: the test controller reads its own sessions' exit codes. */
  readonly __ampOrigin?: string;
  readonly [key: string]: unknown;
}

export type LaunchMode = 'run' | 'debug';

/**
 * The configuration that runs or debugs one run of a spec (every run when `run` is absent). Debug pauses before the
 * first step, as F5 does, unless told otherwise; Run goes to the end (VS Code starts it with `noDebug`). `origin` marks
 * sessions a feature started, to find them again (the adapter ignores attributes starting with `__`).
 */
export function runConfig(program: string, run: string | undefined, mode: LaunchMode, options: { readonly stopOnEntry?: boolean; readonly origin?: string } = {}): LaunchConfig {
  const file = program.split(/[\\/]/).pop() ?? program;
  return {
    type: AMP_DEBUG_TYPE,
    request: 'launch',
    name: `${mode === 'run' ? 'Run' : 'Debug'} ${run !== undefined ? `"${run}"` : file}`,
    program,
    ...(run !== undefined ? { run } : {}),
    stopOnEntry: options.stopOnEntry ?? mode === 'debug',
    ...(options.origin ? { __ampOrigin: options.origin } : {}),
  };
}

/** The absolute path of a session's program (`program`, relative to `cwd` when relative); undefined when unknown. */
export function programPath(config: { readonly [key: string]: unknown }): string | undefined {
  const program = config.program;
  if (typeof program !== 'string' || program === '' || program.includes('${')) return undefined;
  if (program.startsWith('/') || /^[A-Za-z]:[\\/]/.test(program) || program.startsWith('\\\\')) return program;
  const cwd = typeof config.cwd === 'string' && config.cwd !== '' ? config.cwd : undefined;
  if (!cwd) return undefined;
  const sep = cwd.includes('\\') && !cwd.includes('/') ? '\\' : '/';
  return `${cwd.replace(/[\\/]+$/, '')}${sep}${program.replace(/^\.[\\/]/, '')}`;
}
