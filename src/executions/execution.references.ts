import { AppError } from '../common/app-error.js';
import { isUuid } from '../common/identifiers.js';

/** A state machine named by its id or by its name. */
export type StateMachineRef = { readonly id: string } | { readonly name: string };

/**
 * The machine of a REST path segment that holds "an id or a name". State machine names never
 * have the form of a UUID (the state machines service refuses such names), so the form decides.
 */
export function stateMachineRefOf(idOrName: string): StateMachineRef {
  return isUuid(idOrName) ? { id: idOrName } : { name: idOrName };
}

/** The machine of GraphQL's `stateMachineId | stateMachineName`: exactly one must be given. */
export function stateMachineRefOfFields(fields: {
  readonly stateMachineId?: string | null;
  readonly stateMachineName?: string | null;
}): StateMachineRef {
  const { stateMachineId: id, stateMachineName: name } = fields;
  if ((id == null) === (name == null)) {
    const message = 'give exactly one of stateMachineId and stateMachineName';
    throw AppError.badUserInput(`Which state machine? ${message}`, {
      details: [{ path: 'stateMachineId', message }],
    });
  }
  return id != null ? { id } : { name: name! };
}

/** How a machine is named in messages. */
export function describeStateMachine(ref: StateMachineRef): string {
  return 'id' in ref ? `State machine ${ref.id}` : `State machine "${ref.name}"`;
}
