/**
 * JSONPath-mode Choice Rules: their types, their evaluation, the operator names the validator
 * checks, and ASL timestamps. JSONata-mode `Condition`s are evaluated with JSONata, not here.
 */
export type {
  AndExpression,
  ChoiceExpression,
  ChoiceRule,
  ComparisonOperator,
  DataTestExpression,
  NotExpression,
  OrExpression,
  PathComparisonOperator,
  Relation,
  TopLevelChoiceRule,
  TypeTestOperator,
  ValueComparisonOperator,
} from './choice-rule.types.js';
export { evaluateChoiceRule, selectChoice } from './choice-rule.evaluator.js';
export { COMPARISON_OPERATORS } from './comparison-operator.table.js';
export { parseTimestamp, parseTimestampNanos } from './timestamp.parser.js';
