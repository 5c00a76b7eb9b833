// The conscience calculator (seed 003) for the runtime and the debugger: decide a `choose`, explain the decision.

export { Decimal } from './decimal';
export {
  DEFAULT_WEIGHT, choiceInputOf, compareTotals, decide, renderDecision,
  type Amount, type BreachInput, type ChoiceInput, type Comparison, type ConscienceDecision, type LedgerEntry, type OptionInput, type OptionLedger, type Share,
} from './calculator';
