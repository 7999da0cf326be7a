/**
 * Fields shared by several state types, named exactly as the Amazon States Language spells them.
 * Each state type's own file composes these into its interface.
 */
import type { Json, JsonObject } from '../json.js';
import type { State } from './state.js';

/** The two query languages a definition or a single state may use. */
export type QueryLanguage = 'JSONPath' | 'JSONata';

/** The query language of a state when neither it nor the definition names one. */
export const DEFAULT_QUERY_LANGUAGE: QueryLanguage = 'JSONPath';

/** A payload template (JSONPath `Parameters`, `ResultSelector`, `ItemSelector`, `Assign`), or a JSONata template. */
export type PayloadTemplate = JsonObject;

/** Fields every state has. */
export interface CommonFields {
  readonly Comment?: string;
  readonly QueryLanguage?: QueryLanguage;
}

/** A state that moves on by `Next` or stops the run by `End`. */
export interface TransitionFields {
  readonly Next?: string;
  readonly End?: boolean;
}

/** JSONPath input and output filtering. `null` discards (input becomes `{}`). */
export interface InputOutputPathFields {
  readonly InputPath?: string | null;
  readonly OutputPath?: string | null;
}

/** Where a state's result lands in its input (JSONPath). `null` keeps the input unchanged. */
export interface ResultFields {
  readonly ResultPath?: string | null;
  readonly ResultSelector?: PayloadTemplate;
}

/** Variables assigned when the state completes, and the JSONata `Output` of the state. */
export interface AssignOutputFields {
  readonly Assign?: JsonObject;
  /** JSONata only: the state's output, a template or a `{% %}` expression. */
  readonly Output?: Json;
}

/** How a Retrier backs off between attempts. */
export type JitterStrategy = 'FULL' | 'NONE';

/** One entry of a state's `Retry` array. */
export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: JitterStrategy;
  readonly Comment?: string;
}

/** One entry of a state's `Catch` array. */
export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  /** JSONPath: where the error output `{ Error, Cause }` lands in the state input. */
  readonly ResultPath?: string | null;
  readonly Assign?: JsonObject;
  /** JSONata: the output when this Catcher applies; `$states.errorOutput` holds the error. */
  readonly Output?: Json;
  readonly Comment?: string;
}

/** Error handling of Task, Parallel and Map. */
export interface ErrorHandlingFields {
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
}

/** A set of states with an entry point: the state machine itself, a Parallel branch, a Map processor. */
export interface StatesBlock {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, State>>;
  readonly QueryLanguage?: QueryLanguage;
  readonly Comment?: string;
}
