/**
 * The context object (`$$` in JSONPath, `$states.context` in JSONata): facts about the execution,
 * the current state and, while a Map state builds an iteration's input, the current item.
 */
import type { Json, JsonObject } from './json.js';

/** What the engine knows about the execution; the interpreter only reads it. */
export interface ExecutionContext {
  readonly Execution: {
    readonly Id: string;
    readonly Name: string;
    readonly Input: Json;
    /** ISO-8601 start time. */
    readonly StartTime: string;
    readonly RoleArn?: string;
    readonly RedriveCount?: number;
  };
  readonly StateMachine: { readonly Id: string; readonly Name: string };
}

/** The per-state part of the context object. */
export interface StateContext {
  readonly name: string;
  /** ISO-8601 time the state was entered. */
  readonly enteredTime: string;
  readonly retryCount: number;
  /** `$$.Task.Token`, present for `.waitForTaskToken` tasks only. */
  readonly taskToken?: string;
  /** `$$.Map.Item`, present only while a Map state evaluates `ItemSelector`. */
  readonly mapItem?: { readonly index: number; readonly value: Json };
}

/** `$$.Map.Item.Source` of an item read from the state's input. */
export const MAP_ITEM_SOURCE = 'STATE_DATA';

/** Builds the context object a state's expressions see. */
export function contextObject(execution: ExecutionContext, state: StateContext): JsonObject {
  const context: JsonObject = {
    Execution: {
      Id: execution.Execution.Id,
      Input: execution.Execution.Input,
      Name: execution.Execution.Name,
      RoleArn: execution.Execution.RoleArn ?? '',
      StartTime: execution.Execution.StartTime,
      RedriveCount: execution.Execution.RedriveCount ?? 0,
    },
    State: { EnteredTime: state.enteredTime, Name: state.name, RetryCount: state.retryCount },
    StateMachine: { Id: execution.StateMachine.Id, Name: execution.StateMachine.Name },
  };
  if (state.taskToken !== undefined) context.Task = { Token: state.taskToken };
  // `Source` says where the item came from; an inline Map's items always come from the state's
  // input, which the developer guide's Context object page names `STATE_DATA`.
  if (state.mapItem)
    context.Map = {
      Item: { Index: state.mapItem.index, Value: state.mapItem.value, Source: MAP_ITEM_SOURCE },
    };
  return context;
}
