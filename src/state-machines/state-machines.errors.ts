import { AppError, type ErrorDetail } from '../common/app-error.js';
import { MAX_NAME_LENGTH } from './state-machine.rules.js';

/** Names the machine a client asked for, unless what it sent is too long to echo back. */
function shown(idOrName: string): string {
  return idOrName.length <= MAX_NAME_LENGTH ? ` "${idOrName}"` : '';
}

/** "Not found": also for a malformed id, which can name no machine. */
export function stateMachineNotFound(idOrName: string): AppError {
  return AppError.notFound(`State machine${shown(idOrName)} not found`);
}

export function versionNotFound(name: string, version: number, latest: number): AppError {
  return AppError.notFound(
    `State machine "${name}" has no version ${version}: its versions are 1 to ${latest}`,
  );
}

export function nameTaken(name: string, cause: unknown): AppError {
  return AppError.conflict(`A state machine named "${name}" already exists: choose another name`, { cause });
}

/** One BAD_USER_INPUT error that lists every problem; its message names the first. */
export function invalidStateMachine(details: readonly ErrorDetail[]): AppError {
  const [first] = details;
  const more = details.length > 1 ? ` (and ${details.length - 1} more, see details)` : '';
  return AppError.badUserInput(`Invalid state machine: ${first?.path} ${first?.message}${more}`, { details });
}
