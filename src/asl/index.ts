/**
 * The Amazon States Language interpreter: pure (no I/O, clock or randomness of its own), driven
 * one step at a time by the durable engine or, for tests and trials, by {@link runInMemory}.
 *
 * - {@link step} advances one run (an execution's root, a Parallel branch, a Map iteration) from an
 *   {@link Outcome} to its next blocking boundary and returns the history events and the one
 *   {@link Effect} the driver must carry out.
 * - {@link initialRun} creates an execution's root run; {@link abortRun} stops a run from outside;
 *   a run that ended unsuccessfully resumes with the `redrive` outcome from its `endedRun`.
 * - {@link runBuiltinTask} describes what the `builtin:*` task resources do.
 */
export type { StateMachineDefinition } from './definition.js';
export type { ExecutionContext } from './context-object.js';
export { HISTORY_EVENT_TYPES, type HistoryEvent, type HistoryEventType } from './events.js';
export type { Json, JsonObject } from './json.js';
export type { State, StateType } from './states/state.js';
export type { ChoiceState, JsonataChoiceRule } from './states/choice.state.js';
export type { FailState } from './states/fail.state.js';
export type { ItemProcessor, MapState, ProcessorConfig } from './states/map.state.js';
export type { ParallelState } from './states/parallel.state.js';
export type { PassState } from './states/pass.state.js';
export type { SucceedState } from './states/succeed.state.js';
export type { TaskState } from './states/task.state.js';
export type { WaitState } from './states/wait.state.js';
export type { Catcher, QueryLanguage, Retrier, StatesBlock } from './states/state-fields.js';
export {
  DEFAULT_MAX_EXECUTION_TRANSITIONS,
  DEFAULT_MAX_INLINE_TRANSITIONS,
  type Effect,
  type Outcome,
  type RunPathSegment,
  type RunState,
  type StepEnv,
  type StepResult,
  type TaskRequest,
  type Waiting,
} from './step/step.types.js';
export { step } from './step/step.js';
export { abortRun, initialRun, type AbortReason } from './step/run-lifecycle.js';
export { blockAt } from './definition.js';
export { MAX_PAYLOAD_BYTES, payloadSizeProblem } from './payload-limits.js';
export { runBuiltinTask, type TaskResult } from './tasks/builtin.js';
export {
  runInMemory,
  seededRandom,
  type InMemoryOptions,
  type InMemoryResult,
  type TaskHandler,
} from './driver/in-memory.js';
export { parseResource, type TaskResource } from './resources.js';
export { QueryEvaluationError, StatesError } from './errors.js';
export {
  DEFAULT_EVALUATION_BUDGET,
  DEFAULT_JSONATA_INLINE_STEPS,
  DEFAULT_JSONPATH_STEPS,
  DEFAULT_MAX_RESULT_BYTES,
  type EvaluationBudget,
} from './evaluation-budget.js';
export {
  evaluateJsonata,
  type JsonataData,
  type JsonataEvaluation,
  type JsonataLimits,
} from './jsonata/jsonata-expression.js';
export { jsonataProblem } from './validate/jsonata.check.js';
