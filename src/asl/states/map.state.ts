/**
 * The inline Map state, as the spec defines it and as it runs: each attempt starts one child run
 * per item (at most `MaxConcurrency` at once, the driver's concern); when all succeed their
 * outputs, in item order, are the state's result. A failed iteration fails the state with the
 * iteration's own error.
 */
import type { Json, JsonObject } from '../json.js';
import { completeWithResult, effectiveInput } from '../step/data-flow.js';
import type { StateStep } from '../step/state-step.js';
import type { StepSession } from '../step/step-session.js';
import { childRun } from './child-runs.js';
import { iterationInput, mapItems, mapMaxConcurrency } from './map.items.js';
import type {
  AssignOutputFields,
  CommonFields,
  ErrorHandlingFields,
  InputOutputPathFields,
  ResultFields,
  StatesBlock,
  TransitionFields,
} from './state-fields.js';

/** How the item processor runs; Stepgraph runs `INLINE` only. */
export interface ProcessorConfig {
  readonly Mode?: 'INLINE' | 'DISTRIBUTED';
  readonly ExecutionType?: string;
}

/** The states run per item. */
export interface ItemProcessor extends StatesBlock {
  readonly ProcessorConfig?: ProcessorConfig;
}

/** A Map state. */
export interface MapState
  extends
    CommonFields,
    TransitionFields,
    InputOutputPathFields,
    ResultFields,
    AssignOutputFields,
    ErrorHandlingFields {
  readonly Type: 'Map';
  readonly ItemProcessor?: ItemProcessor;
  /** The older name of `ItemProcessor`. */
  readonly Iterator?: StatesBlock;
  /** JSONPath: where the items are in the effective input (default `$`). */
  readonly ItemsPath?: string;
  /** JSONata: the items, an array template or a `{% %}` expression (default: the input). */
  readonly Items?: Json;
  /** Each iteration's input; `$$.Map.Item` (JSONPath) or `$states.context.Map.Item` (JSONata) is the item. */
  readonly ItemSelector?: Json;
  /** The older name of `ItemSelector` (JSONPath). */
  readonly Parameters?: JsonObject;
  /** 0 (the default) runs every iteration at once. JSONata allows a `{% %}` expression. */
  readonly MaxConcurrency?: number | string;
  readonly MaxConcurrencyPath?: string;
}

/** Completes a Map state with its iterations' outputs. */
export async function mapSucceeded(
  session: StepSession,
  state: MapState,
  outputs: readonly Json[],
): Promise<StateStep> {
  session.emit('MapStateSucceeded', {}, session.run.stateName);
  return { kind: 'next', ...(await completeWithResult(session, state, [...outputs])) };
}

/** Starts one attempt of a Map state: forks an iteration per item. */
export async function attemptMap(session: StepSession, state: MapState): Promise<StateStep> {
  const input = effectiveInput(session, state);
  const maxConcurrency = await mapMaxConcurrency(session, state, input);
  const items = await mapItems(session, state, input);
  const inputs: Json[] = [];
  for (const [index, item] of items.entries())
    inputs.push(await iterationInput(session, state, input, item, index));
  session.emit('MapStateStarted', { length: items.length }, session.run.stateName);
  if (inputs.length === 0) return mapSucceeded(session, state, []);
  const processor = state.ItemProcessor ?? state.Iterator;
  const startAt = processor?.StartAt ?? '';
  const children = inputs.map((childInput, index) =>
    childRun(session, { state: session.run.stateName, iteration: index }, startAt, childInput),
  );
  return {
    kind: 'block',
    waiting: { kind: 'children', count: children.length },
    effect: { kind: 'fork', children, maxConcurrency },
  };
}
