/**
 * The in-memory driver: runs a whole execution by calling the same `step` function the durable
 * engine calls, with a virtual clock (waits, backoffs and task durations pass instantly), the
 * builtin tasks, custom task handlers, and Parallel/Map children scheduled deterministically within
 * `MaxConcurrency`. For tests and for trying a definition out.
 */
import type { StateMachineDefinition } from '../definition.js';
import type { EvaluationBudget } from '../evaluation-budget.js';
import type { HistoryEvent } from '../events.js';
import type { Json } from '../json.js';
import {
  DEFAULT_MAX_EXECUTION_TRANSITIONS,
  DEFAULT_MAX_INLINE_TRANSITIONS,
  type StepEnv,
} from '../step/step.types.js';
import { InMemoryExecution } from './in-memory.execution.js';
import type { TaskHandler } from './in-memory.tasks.js';

export type { TaskHandler } from './in-memory.tasks.js';

/** Options of {@link runInMemory}. */
export interface InMemoryOptions {
  /** Task handlers by `Resource` string; they take precedence over the builtins. */
  readonly tasks?: Readonly<Record<string, TaskHandler>>;
  /** Virtual epoch milliseconds at which the execution starts. */
  readonly clock?: number;
  /** Randomness in [0, 1); a fixed-seed generator by default, so runs repeat exactly. */
  readonly random?: () => number;
  readonly executionName?: string;
  readonly stateMachineName?: string;
  readonly maxInlineTransitions?: number;
  readonly maxExecutionTransitions?: number;
  /** Expression budgets; unset: the defaults of evaluation-budget.ts. */
  readonly budget?: EvaluationBudget;
  /** See {@link StepEnv.offloadJsonata}; unset: JSONata past its inline steps fails. */
  readonly offloadJsonata?: StepEnv['offloadJsonata'];
}

/** How an in-memory execution ended. */
export interface InMemoryResult {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  readonly output?: Json;
  readonly error?: string;
  readonly cause?: string;
  readonly events: readonly HistoryEvent[];
}

/** Virtual start time when none is given: 2024-01-01T00:00:00Z. */
export const DEFAULT_CLOCK_MS = Date.UTC(2024, 0, 1);
const SEED = 0x5eed;

/** A deterministic generator (mulberry32), the default randomness. */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `definition` on `input` to the end. */
export async function runInMemory(
  definition: StateMachineDefinition,
  input: Json,
  options: InMemoryOptions = {},
): Promise<InMemoryResult> {
  const execution = new InMemoryExecution(definition, input, {
    tasks: options.tasks ?? {},
    clock: options.clock ?? DEFAULT_CLOCK_MS,
    random: options.random ?? seededRandom(SEED),
    executionName: options.executionName ?? 'in-memory',
    stateMachineName: options.stateMachineName ?? 'in-memory',
    maxInlineTransitions: options.maxInlineTransitions ?? DEFAULT_MAX_INLINE_TRANSITIONS,
    maxExecutionTransitions: options.maxExecutionTransitions ?? DEFAULT_MAX_EXECUTION_TRANSITIONS,
    ...(options.budget ? { budget: options.budget } : {}),
    ...(options.offloadJsonata ? { offloadJsonata: options.offloadJsonata } : {}),
  });
  return execution.run();
}
