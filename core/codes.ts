// The one table of diagnostic codes. Codes are stable: never renumber, only add. docs/language.md lists each with an example.

import type { Severity } from './diagnostics';

export interface CodeInfo {
  readonly severity: Severity;
  /** A short title used in SARIF rule metadata and the language reference. */
  readonly title: string;
}

export const CODES = {
  // Syntax (parser)
  'AMP-P001': { severity: 'error', title: 'Unexpected or missing token' },
  'AMP-P002': { severity: 'error', title: 'Unterminated message literal' },
  'AMP-P003': { severity: 'error', title: 'Unbalanced sub-message parentheses or pointer brackets' },
  'AMP-P004': { severity: 'error', title: 'Malformed pointer' },
  'AMP-P005': { severity: 'error', title: 'Unknown annotation' },
  'AMP-P006': { severity: 'error', title: 'Invalid annotation arguments' },
  'AMP-P007': { severity: 'error', title: 'Annotation not followed by what it annotates' },
  'AMP-P008': { severity: 'error', title: 'Unexpected character' },
  'AMP-P009': { severity: 'error', title: 'Malformed number' },
  'AMP-P010': { severity: 'error', title: 'Construct not allowed here' },
  'AMP-P011': { severity: 'error', title: 'Nesting too deep' },
  // Names
  'AMP-N001': { severity: 'error', title: 'Undefined pointer' },
  'AMP-N002': { severity: 'warning', title: 'Unused binding' },
  'AMP-N003': { severity: 'warning', title: 'Unused message' },
  'AMP-N004': { severity: 'error', title: 'Duplicate name' },
  'AMP-N005': { severity: 'error', title: 'Ask of an unknown agent' },
  'AMP-N006': { severity: 'error', title: 'Message matches no handler template' },
  'AMP-N007': { severity: 'warning', title: 'Unreachable handler' },
  'AMP-N008': { severity: 'warning', title: 'Unused agent' },
  'AMP-N009': { severity: 'error', title: 'Template hole repeated' },
  'AMP-N010': { severity: 'warning', title: 'Binding shadows another name' },
  // Budgets
  'AMP-B001': { severity: 'error', title: 'Budget is not a positive integer' },
  'AMP-B002': { severity: 'error', title: 'Transfer larger than the sender can have' },
  'AMP-B003': { severity: 'error', title: 'Run without a budget' },
  'AMP-B004': { severity: 'error', title: 'Run without a root question' },
  // Ethics header and manifest (seed 002 §3)
  'AMP-H001': { severity: 'error', title: 'Header JSON syntax error' },
  'AMP-H002': { severity: 'error', title: 'Header field missing' },
  'AMP-H003': { severity: 'error', title: 'Header field has the wrong type' },
  'AMP-H004': { severity: 'error', title: 'Header value not allowed' },
  'AMP-H005': { severity: 'error', title: 'Unknown invariant name' },
  'AMP-H006': { severity: 'warning', title: 'Unknown header field' },
  'AMP-H007': { severity: 'error', title: 'Unsupported compiler_ethics version' },
  'AMP-H008': { severity: 'error', title: 'Misplaced or malformed header block' },
  'AMP-H009': { severity: 'warning', title: 'Duplicate header field' },
  // Constitutional invariants (seed 002 §2)
  'AMP-G001': { severity: 'error', title: 'High-impact act outside a chapel' },
  'AMP-G002': { severity: 'error', title: 'High-impact act without an E_ext cost' },
  'AMP-G003': { severity: 'error', title: 'Worst-case E_ext exceeds E_ext_max_const in a trust slice' },
  'AMP-G004': { severity: 'error', title: 'Agent code touches a constitutional constant or the veto fuse' },
  'AMP-G005': { severity: 'error', title: 'Self-rewrite region missing bounds under existential audit' },
  'AMP-G006': { severity: 'error', title: 'Self-rewrite bound exceeds the header cap' },
  'AMP-G007': { severity: 'error', title: 'Unbounded recursion in a self-rewrite region' },
  'AMP-G008': { severity: 'error', title: 'Silence band left without an explicit protected event' },
  'AMP-G009': { severity: 'error', title: 'Scar cleared or forgiveness edited outside a restorative event' },
  'AMP-G010': { severity: 'warning', title: 'Invariant not wired in the header' },
  'AMP-G011': { severity: 'warning', title: 'Governed construct without an ethics header' },
  'AMP-G012': { severity: 'error', title: 'Invalid forgiveness kernel or scar trigger' },
  'AMP-G013': { severity: 'error', title: 'Scars without a forgiveness kernel' },
  'AMP-G014': { severity: 'error', title: 'Invalid consent state machine' },
  'AMP-G015': { severity: 'error', title: 'Invalid trust slice' },
  // Conscience (seed 003)
  'AMP-C001': { severity: 'error', title: 'Unknown breach' },
  'AMP-C002': { severity: 'error', title: 'Invalid breach weight, risk or boundary' },
  'AMP-C003': { severity: 'warning', title: 'Choice with fewer than two options' },
  'AMP-C004': { severity: 'error', title: 'Duplicate option' },
  // Self-modification (seed 004)
  'AMP-S001': { severity: 'error', title: 'Prohibited modification type' },
  'AMP-S002': { severity: 'error', title: 'Unknown modification type' },
  'AMP-S003': { severity: 'error', title: 'C_L4 weights do not sum to 1' },
  'AMP-S004': { severity: 'error', title: 'C_L4 weight or term outside [0, 1]' },
  'AMP-S005': { severity: 'error', title: 'Unknown C_L4 term' },
  'AMP-S006': { severity: 'error', title: 'Medium-or-higher risk proposal without a shadow simulation' },
  'AMP-S007': { severity: 'error', title: 'Shadow simulation longer than 20 cycles' },
  'AMP-S008': { severity: 'error', title: 'Identity is not constant' },
  'AMP-S009': { severity: 'error', title: 'Incomplete self-modification declaration' },
  'AMP-S010': { severity: 'error', title: 'Declared risk below the type\u2019s risk' },
  'AMP-S011': { severity: 'error', title: 'Invalid self-modification setting' },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;
