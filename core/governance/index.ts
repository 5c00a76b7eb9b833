// The run-time governance layer (seed 002) for the runtime and the debugger: constitution, E_ext ledger, chapels,
// veto fuse, consent machines, the Atlas of Scars (records, verification, forgiveness) and the run's manifest.

export * from './constitution';
export * from './consent';
export * from './eext';
export * from './forgiveness';
export * from './protected';
export * from './scars-log';
export * from './state';
export * from './status';
