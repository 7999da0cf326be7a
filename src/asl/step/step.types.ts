/**
 * The contract between the interpreter and whatever drives it (the durable engine, the in-memory
 * driver): a run's persistent state, the outcomes that advance it, and the single effect each step
 * asks the driver to carry out. Everything here is plain JSON so the engine can store it as jsonb.
 */
import type { ExecutionContext } from '../context-object.js';
import type { EvaluationBudget } from '../evaluation-budget.js';
import type { HistoryEvent } from '../events.js';
import type { JsonataEvaluation } from '../jsonata/jsonata-expression.js';
import type { Json } from '../json.js';
import type { TaskResource } from '../resources.js';

/** One level of nesting: a Parallel branch or a Map iteration, by the name of its state. */
export type RunPathSegment =
  | { readonly state: string; readonly branch: number }
  | { readonly state: string; readonly iteration: number };

/** What a run is blocked on between steps. */
export type Waiting =
  /** A task attempt; a result must carry this token to be accepted. */
  | { readonly kind: 'task'; readonly token: string }
  /** A Wait state's time or a retry's backoff. */
  | { readonly kind: 'timer'; readonly purpose: 'wait' | 'retry'; readonly dueAt: number }
  /** Parallel branches or Map iterations. */
  | { readonly kind: 'children'; readonly count: number }
  /** Nothing: the step stopped at the inline-transition cap and continues on the next call. */
  | { readonly kind: 'continue' };

/**
 * A run: the root of an execution, one Parallel branch or one Map iteration. The driver stores it
 * between steps and hands it back unchanged.
 */
export interface RunState {
  /** Enclosing branches and iterations, outermost first; empty for the root run. */
  readonly path: readonly RunPathSegment[];
  /** The current state. */
  readonly stateName: string;
  /** The current state's raw input. */
  readonly input: Json;
  /** The workflow variables this run sees: inherited from enclosing runs plus its own. */
  readonly variables: Readonly<Record<string, Json>>;
  /** Id of the current state's Entered event (0 before the run has entered a state). */
  readonly enteredEventId: number;
  /** ISO-8601 time the current state was entered (`$$.State.EnteredTime`). */
  readonly enteredTime: string;
  /** Id of this run's latest event: the `previousEventId` of its next one. */
  readonly lastEventId: number;
  /** Retries made so far for the current state entry, per Retrier index. */
  readonly retryCounts: readonly number[];
  /** What the run waits for; `null` when it is ready to be started. */
  readonly waiting: Waiting | null;
}

/** What happened to a run since its last step. */
export type Outcome =
  /** Begin the run (records ExecutionStarted or MapIterationStarted) and enter its first state. */
  | { readonly kind: 'start' }
  /** Resume a run that stopped at the inline-transition cap. */
  | { readonly kind: 'continue' }
  | { readonly kind: 'task-succeeded'; readonly output: Json }
  /** Also `States.Timeout` and `States.HeartbeatTimeout`, which the driver decides. */
  | { readonly kind: 'task-failed'; readonly error: string; readonly cause?: string }
  /** An activity worker picked the task up (records ActivityStarted; the run keeps waiting). */
  | { readonly kind: 'task-started'; readonly workerName?: string }
  | { readonly kind: 'timer-fired' }
  /** Every child run succeeded; outputs in branch or item order. */
  | { readonly kind: 'children-succeeded'; readonly outputs: readonly Json[] }
  /** A child run failed (the driver cancels its siblings with `abortRun`). */
  | { readonly kind: 'child-failed'; readonly error?: string; readonly cause?: string }
  /**
   * Redrive a run that failed or was stopped, from the {@link StepResult.endedRun} the driver kept.
   * The root run records ExecutionRedriven. `state` enters the run's state afresh (a new attempt,
   * retry counts reset); `children` resumes a Parallel or Map state waiting for its children, whose
   * unsuccessful ones the driver redrives while the successful ones keep their outputs (AWS's
   * redrive of inline Map and Parallel states).
   */
  | { readonly kind: 'redrive'; readonly resume: 'state' | 'children' };

/** A task the driver must run. */
export interface TaskRequest {
  readonly stateName: string;
  /** The `Resource` string as written. */
  readonly resourceArn: string;
  readonly resource: TaskResource;
  /** The effective input: `Parameters` (JSONPath) or `Arguments` (JSONata) after evaluation. */
  readonly input: Json;
  /** Identifies this attempt; for `.waitForTaskToken` it is also `$$.Task.Token`. */
  readonly token: string;
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
  /** Retries of this state entry before this attempt (`$$.State.RetryCount`). */
  readonly retryCount: number;
}

/** The one thing a step asks the driver to do. */
export type Effect =
  | { readonly kind: 'run-task'; readonly task: TaskRequest }
  | { readonly kind: 'start-timer'; readonly purpose: 'wait' | 'retry'; readonly dueAt: number }
  /** Start child runs (each with `{ kind: 'start' }`); `maxConcurrency` 0 means no limit. */
  | { readonly kind: 'fork'; readonly children: readonly RunState[]; readonly maxConcurrency: number }
  /** Call `step` again with `{ kind: 'continue' }` (the inline-transition cap was reached). */
  | { readonly kind: 'continue' }
  /** Nothing to do; the run keeps waiting. */
  | { readonly kind: 'none' }
  | { readonly kind: 'run-succeeded'; readonly output: Json }
  | { readonly kind: 'run-failed'; readonly error?: string; readonly cause?: string };

/** States entered per step, by default, before the step hands back a `continue` effect. */
export const DEFAULT_MAX_INLINE_TRANSITIONS = 500;
/** States an execution may enter, by default, before it fails (docs/testing.md R13: a loop with no exit). */
export const DEFAULT_MAX_EXECUTION_TRANSITIONS = 25_000;

/** Everything impure a step needs, passed in by the driver. */
export interface StepEnv {
  /** Epoch milliseconds (the engine passes PostgreSQL's `now()`). */
  readonly now: number;
  /** Uniform randomness in [0, 1). */
  readonly random: () => number;
  /** Makes a fresh task token. */
  readonly newTaskToken: () => string;
  /** The id the first event of this step gets; the rest follow contiguously. */
  readonly nextEventId: number;
  readonly context: ExecutionContext;
  /** States entered per step before it stops with a `continue` effect. */
  readonly maxInlineTransitions?: number;
  /** States entered in the whole execution before this step. */
  readonly executionTransitions?: number;
  /** States an execution may enter in total before it fails with `States.Runtime`. */
  readonly maxExecutionTransitions?: number;
  /** Region recorded in TaskScheduled events. */
  readonly region?: string;
  /** How much work each expression may do (see evaluation-budget.ts); unset: the defaults. */
  readonly budget?: EvaluationBudget;
  /**
   * Where a JSONata evaluation that used up its inline steps goes on, under a larger budget (the
   * engine: a worker thread). Unset: it fails with `States.QueryEvaluationError`. A step that used
   * it stops before entering another state, with a `continue` effect.
   */
  readonly offloadJsonata?: (evaluation: JsonataEvaluation) => Promise<Json>;
}

/** What a step returns. */
export interface StepResult {
  /** The updated run, or `null` when the run ended. */
  readonly run: RunState | null;
  /** Events to append, ids from `env.nextEventId` on. */
  readonly events: readonly HistoryEvent[];
  readonly effect: Effect;
  /** States entered during this step. */
  readonly transitions: number;
  /**
   * The run as it stood when it ended (set when `run` is null): the state it failed, succeeded or
   * was stopped in, with that state's input and the variables it saw. A driver keeps it to redrive
   * the run later.
   */
  readonly endedRun?: RunState;
  /**
   * Set when an expression of this step went to {@link StepEnv.offloadJsonata}: the step may have
   * taken up to that budget, and a driver holding a transaction should let it end soon.
   */
  readonly offloaded?: true;
}
