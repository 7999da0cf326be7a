/**
 * The working state of one call to `step`: the run being advanced, the events recorded so far
 * with their ids, and the scopes that the current state's expressions evaluate in.
 */
import { contextObject, type StateContext } from '../context-object.js';
import { blockAt, queryLanguageOf, stateIn, type StateMachineDefinition } from '../definition.js';
import type { HistoryEvent, HistoryEventType } from '../events.js';
import { DEFAULT_EVALUATION_BUDGET, type EvaluationBudget } from '../evaluation-budget.js';
import type { JsonataLimits, JsonataScope } from '../jsonata/jsonata-expression.js';
import type { Json, JsonObject } from '../json.js';
import type { TemplateScope } from '../payload-template.js';
import type { State } from '../states/state.js';
import type { QueryLanguage } from '../states/state-fields.js';
import type { RunState, StepEnv } from './step.types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Extra context object members for one evaluation. */
export type ContextExtras = Pick<StateContext, 'taskToken' | 'mapItem'>;

/** Mutable state of a single step. */
export class StepSession {
  readonly events: HistoryEvent[] = [];
  /** States entered during this step. */
  transitions = 0;
  readonly run: Mutable<RunState>;
  /** Whether an expression of this step went to `env.offloadJsonata`. */
  offloaded = false;
  private readonly budget: EvaluationBudget;
  private readonly jsonataLimits: JsonataLimits;

  constructor(
    readonly definition: StateMachineDefinition,
    run: RunState,
    readonly env: StepEnv,
  ) {
    this.run = { ...run };
    this.budget = env.budget ?? DEFAULT_EVALUATION_BUDGET;
    const offload = env.offloadJsonata;
    this.jsonataLimits = {
      steps: this.budget.jsonataInlineSteps,
      maxResultBytes: this.budget.maxResultBytes,
      ...(offload
        ? {
            offload: (evaluation) => {
              this.offloaded = true;
              return offload(evaluation);
            },
          }
        : {}),
    };
  }

  /** The state the run is in. */
  get state(): State {
    return stateIn(blockAt(this.definition, this.run.path), this.run.stateName);
  }

  /** The current state's query language. */
  get language(): QueryLanguage {
    return queryLanguageOf(this.definition, this.state);
  }

  /** The step's time as ISO-8601. */
  get timestamp(): string {
    return new Date(this.env.now).toISOString();
  }

  /** Records an event for this run and returns its id. */
  emit(type: HistoryEventType, details: JsonObject, stateName?: string): number {
    const id = this.env.nextEventId + this.events.length;
    const event: HistoryEvent = {
      id,
      type,
      timestamp: this.timestamp,
      previousEventId: this.run.lastEventId,
      ...(stateName === undefined ? {} : { stateName }),
      details,
    };
    this.events.push(event);
    this.run.lastEventId = id;
    return id;
  }

  /** The context object as the current state sees it. */
  context(extras: ContextExtras = {}): JsonObject {
    const retryCount = this.run.retryCounts.reduce((sum, count) => sum + count, 0);
    return contextObject(this.env.context, {
      name: this.run.stateName,
      enteredTime: this.run.enteredTime,
      retryCount,
      ...extras,
    });
  }

  /** The scope of JSONPath paths and payload templates, `$` being `data`. */
  pathScope(data: Json, extras: ContextExtras = {}): TemplateScope {
    return {
      data,
      context: this.context(extras),
      variables: this.run.variables,
      random: this.env.random,
      budget: this.budget,
    };
  }

  /** The scope of JSONata expressions. */
  jsonataScope(states: { result?: Json; errorOutput?: Json } = {}, extras: ContextExtras = {}): JsonataScope {
    return {
      input: this.run.input,
      ...states,
      context: this.context(extras),
      variables: this.run.variables,
      now: this.env.now,
      random: this.env.random,
      limits: this.jsonataLimits,
    };
  }
}
