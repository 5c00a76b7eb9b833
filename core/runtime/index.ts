// The meta-execution runtime (seed 000): compile a checked spec, step its runs as a pure state machine over immutable
// states, keep their history for time travel, trace them, and report them. No editor API and no I/O: transcripts,
// human input and traces come in and go out as values and callbacks.

export { compileProgram, type CompileError, type CompileResult } from './compile';
export { ALBA, COST_MODELS, SEED, costModel, type CostModel, type CostModelName } from './cost';
export { History, Timeline, type Stepper } from './history';
export {
  ALLOW, DEFAULT_HOOKS, FIRST_OPTION, PLAIN_GOVERNANCE, type ConscienceCalculator, type Decision, type EventDelivery, type GovernanceLayer, type HookNote, type Update,
  type ChapelBlock, type HookContext, type Ruling, type RuntimeHooks, type Site, type StewardValue,
} from './hooks';
export { DECISION_NOTE, decisionDetail, SEED_CONSCIENCE, type ConscienceState } from './conscience';
export {
  atlasStep, constitutionOf, describeNote, governanceLayer, governedHooks, governedStateOf, RESTORATIVE_EVENT, runManifest, startGovernedState, trustSliceStatusOf,
  type GovernedOptions, type GovernedState, type Restoration,
} from './governed';
export {
  executeSelfmod, selfmodLines, selfmodReportOf, selfmodTargets, type SelfmodFinal, type SelfmodOutcome, type SelfmodReport, type SelfmodRunOptions, type SelfmodRunResult, type SelfmodTarget,
} from './selfmod';
export { amendMachineState, OPERATOR_CHANNEL, operatorRestore, operatorStateOf, operatorVeto, type OperatorResult } from './operator';
export { COMMAND_HELP, parseCommand, parseTyped, renderNumbered, type HumanCommand, type TypedPart } from './human';
export { currentSpan, eventLog, expand, frameViews, ledgerOf, visiblePointers, type Expansion, type FrameView, type LedgerView, type PointerView } from './inspect';
export { budgetViolations, stepBound } from './invariants';
export {
  agentName, awaitingInput, initialState, MAX_FREE_COMMANDS, runFast, step, supplyInput, transition, type HumanRequest, type RuntimeEnv, type StartOptions,
} from './machine';
export { META_ATTEMPTS, STATE_QUESTION } from './meta';
export { AgentDef, Code, META_AGENT, Program, type ChapelAct, type Instr, type Recipe } from './program';
export {
  activationLedgers, reportFromEvents, RUN_ACTIVATION, type ActivationLedger, type DecisionReport, type ExpectReport, type GovernanceNoteReport, type LedgerRow, type RootAskReport,
  type RunReport,
} from './report';
export { executeRun, prepare, type PrepareResult, type RunOptions, type RunResult } from './run';
export type { Span } from './spans';
export { eventsBetween, eventsOf, framesOf, recordsOf, type ActivationRecord, type EventKind, type Frame, type MachineState, type RuntimeEvent, type Status } from './state';
export { compileTemplate, matchTemplate, type Template } from './template';
export {
  readTrace, reportFromTrace, SELFMOD_RECORD_VERSION, TRACE_FORMAT, TRACE_VERSION, TraceWriter, type TraceCycle, type TraceFile, type TraceHeader, type TraceProblem, type TraceRun,
  type TraceSelfmod,
} from './trace';
export { findAnswer, parseTranscript, transcriptLine, type Transcript, type TranscriptEntry, type TranscriptError } from './transcript';
export { agentLabel, AgentValue, canonical, Message, renderText, sameValue, type Part, type Value } from './values';
