// A frame as the expression language sees it (expressions.ts Scope): its numbers (budget, depth, step, …), its names
// (agent, handler) and its pointers rendered as `expect reply` compares them. Also the lookup of a pointer's value,
// which the console and the variables share.

import { agentLabel, AgentValue, agentName, canonical, framesOf, renderText, type Frame, type MachineState, type Program, type Value } from '../core/runtime/index';
import type { NumberName, Scope, StringName } from './expressions';

/** Rendering cap for conditions: a pointer compared in a condition is read up to this many characters. */
const CONDITION_TEXT_LIMIT = 20_000;

/** The value bound to a pointer name in a frame: a binding of its handler, a numbered pointer of the human, or a top-level name. */
export function pointerValue(program: Program, f: Frame, name: string): Value | undefined {
  const bare = name.replace(/^\[\s*|\s*\]$/g, '');
  if (f.kind === 'run' || f.kind === 'handler' || f.kind === 'event') {
    // Slots are numbered in binding order; a name bound twice (in two else blocks) is the one that holds a value.
    for (let i = f.code.slotNames.length - 1; i >= 0; i--) if (f.code.slotNames[i] === bare && f.slots[i] !== undefined) return f.slots[i];
  } else if (f.kind === 'human' || f.kind === 'replay') {
    const m = /^[#@]([0-9]+)$/.exec(bare);
    if (m) return f.refs[Number(m[1]) - 1];
  } else if (f.kind === 'meta') {
    const named: Record<string, Value | undefined> = { A: f.target, question: f.root, rest: f.rest, character: f.char, integer: f.int, state: f.state };
    if (bare in named && named[bare]) return named[bare];
  }
  const message = program.messages.get(bare);
  if (message) return message;
  const def = program.agents.get(bare);
  return def ? program.base(def) : undefined;
}

/** The text of a value as conditions compare it. */
export function valueText(v: Value): string {
  return v instanceof AgentValue ? agentLabel(v) : canonical(renderText(v, CONDITION_TEXT_LIMIT));
}

/** A scope over one frame of a state (the top frame by default). */
export function frameScope(state: MachineState, frame: Frame = state.top, depth = frameDepth(state, frame)): Scope {
  return {
    number(name: NumberName): number {
      switch (name) {
        case 'budget':
        case 'held':
          return frame.budget;
        case 'allotted':
          return frame.allotted;
        case 'spent':
          return frame.spent;
        case 'delegated':
          return frame.delegated;
        case 'depth':
          return depth;
        case 'step':
          return state.step;
        case 'turn':
          return frame.agent?.turns ?? 0;
        case 'activation':
          return frame.id;
      }
    },
    string(name: StringName): string {
      if (name === 'agent') return agentName(frame);
      return frame.kind === 'run' || frame.kind === 'handler' || frame.kind === 'event' ? frame.code.label : '';
    },
    pointer(name: string): string | undefined {
      const v = pointerValue(state.program, frame, name);
      return v === undefined ? undefined : valueText(v);
    },
  };
}

/** How many agent activations deep a frame is: the root question is 1, the run itself 0. */
export function frameDepth(state: MachineState, frame: Frame): number {
  if (frame === state.top) return state.depth - 1;
  const frames = framesOf(state);
  const i = frames.indexOf(frame);
  return i < 0 ? 0 : i;
}
