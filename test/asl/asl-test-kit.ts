/** Small builders shared by the interpreter's tests. */
import { runInMemory, type InMemoryOptions, type InMemoryResult, type Json } from '../../src/asl/index.js';
import type { StateMachineDefinition } from '../../src/asl/index.js';

/** A definition whose states are `states`, starting at the first one. */
export function machine(
  states: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): StateMachineDefinition {
  return {
    StartAt: Object.keys(states)[0] as string,
    States: states,
    ...extra,
  } as unknown as StateMachineDefinition;
}

/** A one-state definition. */
export function single(
  state: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): StateMachineDefinition {
  return machine({ S: state }, extra);
}

/** Runs a definition in memory. */
export function run(
  definition: StateMachineDefinition,
  input: Json = {},
  options?: InMemoryOptions,
): Promise<InMemoryResult> {
  return runInMemory(definition, input, options);
}

/** The event types of a result, in order. */
export function eventTypes(result: InMemoryResult): string[] {
  return result.events.map((event) => event.type);
}

/** A JSON-serialisable summary of how a run ended. */
export function ending(result: InMemoryResult): {
  status: string;
  output?: Json;
  error?: string;
  cause?: string;
} {
  const { status, output, error, cause } = result;
  return JSON.parse(JSON.stringify({ status, output, error, cause })) as ReturnType<typeof ending>;
}
