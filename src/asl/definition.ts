/**
 * A state machine definition, and how to find the states a run is in: the top level, a Parallel
 * branch or a Map item processor, however deeply nested.
 */
import { RuntimeError } from './errors.js';
import type { State } from './states/state.js';
import { DEFAULT_QUERY_LANGUAGE, type QueryLanguage, type StatesBlock } from './states/state-fields.js';
import type { RunPathSegment } from './step/step.types.js';

/** A whole state machine definition. */
export interface StateMachineDefinition extends StatesBlock {
  readonly Version?: string;
  /** Execution timeout, enforced by the driver. */
  readonly TimeoutSeconds?: number;
}

function nestedBlock(block: StatesBlock, segment: RunPathSegment): StatesBlock {
  const state = block.States[segment.state];
  if (state?.Type === 'Parallel' && 'branch' in segment) {
    const branch = state.Branches[segment.branch];
    if (branch) return branch;
  }
  if (state?.Type === 'Map' && 'iteration' in segment) {
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) return processor;
  }
  throw new RuntimeError(`The run path does not match the definition at state '${segment.state}'.`);
}

/** The block of states a run at `path` moves through. */
export function blockAt(definition: StateMachineDefinition, path: readonly RunPathSegment[]): StatesBlock {
  return path.reduce<StatesBlock>(nestedBlock, definition);
}

/** The state named `name` in `block`. */
export function stateIn(block: StatesBlock, name: string): State {
  const state = block.States[name];
  if (!state) throw new RuntimeError(`The state '${name}' does not exist.`);
  return state;
}

/** The query language a state uses: its own, else the definition's, else JSONPath. */
export function queryLanguageOf(definition: StateMachineDefinition, state: State): QueryLanguage {
  return state.QueryLanguage ?? definition.QueryLanguage ?? DEFAULT_QUERY_LANGUAGE;
}
