// Invariants 1 and 2 in agent code: the red boundary and the veto fuse belong to the governance layer, so agent code
// never reads or writes their names (AMP-G004).

import type { Name } from '../../syntax/ast';
import { RESERVED_GOVERNANCE_NAMES, type ReferenceRole, type SymbolKind } from '../model';
import type { Rule, RuleContext } from './context';

/** The reserved names that are the veto fuse and its channel (invariant 2); the others are E_ext constants (invariant 1). */
export const VETO_FUSE_NAMES: readonly string[] = ['veto_fuse_status', 'veto_fuse', 'veto_channel'];

/** What a reserved name stands for, in the seed's words. */
export function describeReservedName(name: string): string {
  return VETO_FUSE_NAMES.includes(name)
    ? `'${name}' is the veto fuse, which only a protected channel may trip or read (seed 002, invariant 2)`
    : `'${name}' is the red boundary, a constitutional constant bound at constitution time (seed 002, invariant 1)`;
}

const BINDING_VERBS: Partial<Record<SymbolKind, string>> = {
  hole: 'bind it as a template hole',
  let: 'bind it with let',
  instance: 'bind it with let',
  message: 'declare a message with its name',
  agent: 'declare an agent with its name',
};

const USE_VERBS: Record<ReferenceRole, string> = {
  pointer: 'read it through a pointer',
  'view-target': 'view it',
  'ask-target': 'ask it',
  'consent-machine': 'move it',
};

function report(ctx: RuleContext, name: Name, verb: string): void {
  ctx.report('AMP-G004', `${describeReservedName(name.text)}: agent code may not ${verb}; the governance layer checks it for you`, name);
}

/** AMP-G004: a reserved governance name used as a pointer, binding, hole, view or ask target, or declared name. */
export const reservedNames: Rule = (ctx) => {
  for (const s of ctx.model.symbols) {
    const verb = BINDING_VERBS[s.kind];
    if (s.decl && verb && RESERVED_GOVERNANCE_NAMES.has(s.name)) report(ctx, s.decl, verb);
  }
  for (const r of ctx.model.references) if (RESERVED_GOVERNANCE_NAMES.has(r.name.text)) report(ctx, r.name, USE_VERBS[r.role]);
};
