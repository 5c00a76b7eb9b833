// Rules for conscience (placeholder while the rules land).

import type { Rule } from './context';

export const conscienceRules: readonly Rule[] = [];
