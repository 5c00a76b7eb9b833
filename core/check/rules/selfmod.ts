// Rules for selfmod (placeholder while the rules land).

import type { Rule } from './context';

export const selfmodRules: readonly Rule[] = [];
