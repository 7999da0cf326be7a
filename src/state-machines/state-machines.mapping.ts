import type { JsonObject } from '../asl/json.js';
import type { StateMachineVersionEntity } from './state-machine-version.entity.js';
import type { StateMachineVersion } from './models/state-machine-version.model.js';
import type { StateMachine } from './models/state-machine.model.js';
import type { MachineWithLatest } from './state-machines.repository.js';

/** The API's view of a machine row joined with its latest version. */
export function stateMachineOf(machine: MachineWithLatest): StateMachine {
  const { latest } = machine;
  return {
    id: machine.id,
    name: machine.name,
    description: machine.description,
    definition: latest.definition as JsonObject,
    version: latest.version,
    createdAt: machine.createdAt,
    updatedAt: machine.updatedAt,
  };
}

/** The API's view of a version row. */
export function stateMachineVersionOf(version: StateMachineVersionEntity): StateMachineVersion {
  return {
    stateMachineId: version.stateMachineId,
    version: version.version,
    definition: version.definition as JsonObject,
    createdAt: version.createdAt,
  };
}
