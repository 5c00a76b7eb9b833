// Rules for invariants (placeholder while the rules land).

import type { Rule } from './context';

export const invariantsRules: readonly Rule[] = [];
