import { AppError, type ErrorDetail } from '../common/app-error.js';

/** Also for an id that is not a UUID: no schedule could have it. */
export function scheduleNotFound(id: string): AppError {
  return AppError.notFound(`Schedule ${id.length <= 64 ? `${id} ` : ''}not found`);
}

export function scheduleNameTaken(name: string, cause: unknown): AppError {
  return AppError.conflict(`A schedule named "${name}" already exists: choose another name`, { cause });
}

/** One BAD_USER_INPUT error that lists every problem; its message names the first. */
export function invalidSchedule(details: readonly ErrorDetail[]): AppError {
  const [first] = details;
  const more = details.length > 1 ? ` (and ${details.length - 1} more, see details)` : '';
  return AppError.badUserInput(`Invalid schedule: ${first?.path} ${first?.message}${more}`, { details });
}
