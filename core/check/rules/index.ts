// The checker's rules, in the order they run. Each rule has one concern and reports through the context.

import { validateAnnotations } from '../annotations';
import { budgetValues, runBudgets, transfers } from './budgets';
import { conscienceRules } from './conscience';
import type { Rule } from './context';
import { invariantsRules } from './invariants';
import { unmatchedAsks, unreachable, unusedNames } from './names';
import { placement, stewardEvents } from './placement';
import { selfmodRules } from './selfmod';

export const RULES: readonly Rule[] = [
  validateAnnotations,
  placement,
  stewardEvents,
  unusedNames,
  unmatchedAsks,
  unreachable,
  budgetValues,
  runBudgets,
  transfers,
  ...invariantsRules,
  ...conscienceRules,
  ...selfmodRules,
];
