// Self-modification runs (seed 004) next to the run blocks: every `selfmod` declaration of a checked spec is a run of
// core/selfmod's seeded Level 4 simulator, executed transition by transition (a main cycle, or a protocol step that
// takes no time), reported per proposal (confirmed, rejected at step N and why, rolled back at monitoring cycle N)
// with C_L4, its zone and BGSS at the end. Deterministic: the declaration's seed fixes every draw.

import type { ZoneName } from '../check/selfmod-catalog';
import { readSelfmod, type SelfmodDecl } from '../check/rules/selfmod';
import {
  advance, initialState as simStart, outcomeLines, prepareSimulation, type Origin, type ProposalRecord, type ProposalStatus, type SimConfig, type SimEvent, type SimState,
  type Simulation, type Terms,
} from '../selfmod/index';
import { childNodes } from '../syntax/tree';
import type { Program } from './program';
import { spanOf, type Span } from './spans';

/** A `selfmod` declaration of a program, as a run. */
export interface SelfmodTarget {
  /** Its position among the program's selfmod declarations. */
  readonly index: number;
  readonly name: string;
  /** The declaration's span. */
  readonly at: Span;
  readonly decl: SelfmodDecl;
}

/** The program's `selfmod` declarations, in file order. */
export function selfmodTargets(program: Program): SelfmodTarget[] {
  const source = program.source;
  return childNodes(program.check.tree, 'SelfmodDecl').map((node, index) => {
    const decl = readSelfmod(node, source);
    return { index, name: decl.name ?? `selfmod ${index + 1}`, at: spanOf(node), decl };
  });
}

/** One proposal's fate, as plain data. */
export interface SelfmodOutcome {
  readonly index: number;
  readonly name: string;
  readonly type: string;
  readonly origin: Origin;
  readonly risk: string;
  readonly status: ProposalStatus;
  /** The protocol step it reached or stopped at (1–7). */
  readonly step: number;
  readonly reason?: string;
  readonly cycle?: number;
  /** A rollback's monitoring cycle (1–20). */
  readonly monitorCycle?: number;
  readonly deltaStability?: number;
  readonly identityDrift?: number;
  readonly improvement?: number;
}

/** The readings at the end of a simulation. */
export interface SelfmodFinal {
  readonly cycle: number;
  readonly c: number;
  readonly zone: ZoneName;
  readonly bgss: number;
  readonly frozen?: string;
  readonly terms: Terms;
}

/** What a self-modification run did. Plain data: a trace carries it and reads it back unchanged. */
export interface SelfmodReport {
  readonly name: string;
  readonly at?: Span;
  /** `done` when the simulation ran to its last cycle; `fault` when it could not start (`problems` says why). */
  readonly status: 'done' | 'fault';
  readonly problems: readonly string[];
  readonly seed?: number;
  readonly cycles?: number;
  readonly epsilon?: number;
  /** Transitions taken (main cycles and protocol steps). */
  readonly transitions: number;
  readonly outcomes: readonly SelfmodOutcome[];
  readonly final?: SelfmodFinal;
  /** True when the simulation ran to its end. */
  readonly passed: boolean;
}

export interface SelfmodRunOptions {
  /** Simulator settings over the declaration's (e.g. more cycles). */
  readonly overrides?: Partial<SimConfig>;
  /** Called after every transition with the new state and its number (from 1), e.g. to write a trace. */
  readonly onTransition?: (state: SimState, n: number) => void;
  /** Keep every state (index 0 is the start), for stepping back. */
  readonly keepStates?: boolean;
}

export interface SelfmodRunResult {
  readonly simulation?: Simulation;
  readonly final?: SimState;
  readonly states?: readonly SimState[];
  readonly events: readonly SimEvent[];
  readonly report: SelfmodReport;
}

/** Runs one selfmod declaration to its end. Never throws: a declaration that cannot be simulated is a `fault` report. */
export function executeSelfmod(target: SelfmodTarget, options: SelfmodRunOptions = {}): SelfmodRunResult {
  const { simulation, problems } = prepareSimulation(target.decl, options.overrides);
  if (!simulation) {
    return { events: [], report: { name: target.name, at: target.at, status: 'fault', problems, transitions: 0, outcomes: [], passed: false } };
  }
  let s = simStart(simulation);
  const states: SimState[] | undefined = options.keepStates ? [s] : undefined;
  const events: SimEvent[] = [];
  let n = 0;
  while (!s.done) {
    s = advance(simulation, s);
    n++;
    for (const e of s.events) events.push(e);
    states?.push(s);
    options.onTransition?.(s, n);
  }
  const cfg = simulation.config;
  const report: SelfmodReport = {
    name: target.name,
    at: target.at,
    status: 'done',
    problems,
    seed: cfg.seed,
    cycles: cfg.cycles,
    epsilon: cfg.epsilon,
    transitions: n,
    outcomes: s.proposals.map(outcomeOf),
    final: finalOf(s),
    passed: true,
  };
  return { simulation, final: s, ...(states ? { states } : {}), events, report };
}

/**
 * The report of a simulation as it stands at `state` after `transitions` transitions (a debugger's current state, or
 * the last one): the same shape `executeSelfmod` gives at the end of a run.
 */
export function selfmodReportOf(target: SelfmodTarget, simulation: Simulation, state: SimState, transitions: number): SelfmodReport {
  const cfg = simulation.config;
  return {
    name: target.name,
    at: target.at,
    status: 'done',
    problems: [],
    seed: cfg.seed,
    cycles: cfg.cycles,
    epsilon: cfg.epsilon,
    transitions,
    outcomes: state.proposals.map(outcomeOf),
    final: finalOf(state),
    passed: true,
  };
}

function outcomeOf(p: ProposalRecord): SelfmodOutcome {
  return {
    index: p.index,
    name: p.name,
    type: p.type,
    origin: p.origin,
    risk: p.risk,
    status: p.status,
    step: p.step,
    ...(p.reason !== undefined ? { reason: p.reason } : {}),
    ...(p.cycle !== undefined ? { cycle: p.cycle } : {}),
    ...(p.monitorCycle !== undefined ? { monitorCycle: p.monitorCycle } : {}),
    ...(p.deltaStability !== undefined ? { deltaStability: p.deltaStability } : {}),
    ...(p.identityDrift !== undefined ? { identityDrift: p.identityDrift } : {}),
    ...(p.improvement !== undefined ? { improvement: p.improvement } : {}),
  };
}

function finalOf(s: SimState): SelfmodFinal {
  return { cycle: s.cycle, c: s.c, zone: s.zone, bgss: s.bgss, ...(s.frozen ? { frozen: s.frozen } : {}), terms: { ...s.agent.terms } };
}

/**
 * The report as lines for people: one per proposal (the agent's own proposals tagged with their origin), then C_L4,
 * its zone and BGSS at the end: the same text as core/selfmod's renderOutcomes.
 */
export function selfmodLines(r: SelfmodReport): string[] {
  return outcomeLines(r.outcomes, r.final);
}
