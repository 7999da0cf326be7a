/**
 * How much work one expression may do: a JSONata expression, a JSONPath query or an intrinsic
 * function call. Any editor can write an expression that loops for minutes or builds gigabytes
 * (`$reduce([1..10000000], ...)`); past its budget the expression fails the state like any other
 * evaluation error, `States.QueryEvaluationError` for JSONata and `States.Runtime` for JSONPath
 * and intrinsics, with a cause that names the budget.
 *
 * JSONata is budgeted in evaluation steps (expression nodes visited, about a million a second, and
 * a result of n items counts n more): the driver's thread spends at most `jsonataInlineSteps` on
 * one expression, then hands it to `JsonataLimits.offload` (the engine: a worker thread with a time
 * budget) or, with nowhere to hand it, fails it. JSONPath and intrinsics have no loops: their work is bounded by their
 * input and result sizes, which these budgets cap on the spot.
 */

/** The budgets a driver may set for the expressions of a step. */
export interface EvaluationBudget {
  /** JSONata evaluation steps one expression may take on the driver's thread. */
  readonly jsonataInlineSteps: number;
  /** UTF-8 bytes of one JSONata, JSONPath or intrinsic result's JSON text. */
  readonly maxResultBytes: number;
  /** Nodes one JSONPath query may visit (each wildcard or recursive descent visits many). */
  readonly jsonPathSteps: number;
}

/**
 * About 10 ms of JSONata on the event loop: a hundred times what a typical expression takes (a
 * filter over a hundred items is some 400 steps), little enough that requests barely notice.
 */
export const DEFAULT_JSONATA_INLINE_STEPS = 10_000;
/** Four times the 256 KiB payload quota, so that an oversized payload still fails as AWS's does. */
export const DEFAULT_MAX_RESULT_BYTES = 1024 * 1024;
/**
 * Half a second at most (jsonpath-plus takes some 5 µs a node on a recursive descent): `$..*` over
 * a full 256 KiB payload of small objects visits under 80,000.
 */
export const DEFAULT_JSONPATH_STEPS = 100_000;

export const DEFAULT_EVALUATION_BUDGET: EvaluationBudget = {
  jsonataInlineSteps: DEFAULT_JSONATA_INLINE_STEPS,
  maxResultBytes: DEFAULT_MAX_RESULT_BYTES,
  jsonPathSteps: DEFAULT_JSONPATH_STEPS,
};

/** The budget of a JSONPath query or intrinsic call. */
export type PathBudget = Pick<EvaluationBudget, 'maxResultBytes' | 'jsonPathSteps'>;

/** Raised inside an evaluator that ran out of budget; the evaluator turns it into its ASL error. */
export class BudgetExceeded extends Error {
  constructor(readonly budget: string) {
    super(`exceeded ${budget}`);
    this.name = 'BudgetExceeded';
  }
}
