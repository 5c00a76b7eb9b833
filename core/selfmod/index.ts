// The self-modification simulator (seed 004) for the runtime, the CLI and the debugger.

export * from './evolution';
export * from './prng';
export * from './simulator';
export * from './stability';
export * from './types';
