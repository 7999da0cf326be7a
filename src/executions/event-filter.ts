import { HISTORY_EVENT_TYPES } from '../asl/index.js';
import { AppError } from '../common/app-error.js';

const KNOWN_TYPES: ReadonlySet<string> = new Set(HISTORY_EVENT_TYPES);

/** Which events of a history to read, as the client asked for them. */
export interface EventFilterRequest {
  readonly types?: readonly string[] | null;
  readonly search?: string | null;
}

/** The filter checked and ready for SQL: known types only, the search as an ILIKE pattern. */
export interface EventFilter {
  readonly types?: readonly string[];
  /** `%text%` with the text's `\`, `%` and `_` escaped (ESCAPE '\'), so they match themselves. */
  readonly pattern?: string;
}

/** Checks the requested types against the interpreter's (BAD_USER_INPUT naming an unknown one). */
export function eventFilterOf(request: EventFilterRequest): EventFilter {
  const unknown = request.types?.find((type) => !KNOWN_TYPES.has(type));
  if (unknown !== undefined) {
    throw AppError.badUserInput(`Unknown event type "${unknown}"`, {
      details: [{ path: 'types', message: `not one of ${HISTORY_EVENT_TYPES.join(', ')}` }],
    });
  }
  return {
    types: request.types ? [...new Set(request.types)] : undefined,
    pattern: request.search ? `%${request.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined,
  };
}
