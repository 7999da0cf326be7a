import type { ErrorDetail } from '../common/app-error.js';
import { isUuid } from '../common/identifiers.js';

/** The longest state machine name, in characters (AWS's limit). */
export const MAX_NAME_LENGTH = 80;

/** AWS's rule for state machine names: 1 to 80 ASCII letters, digits, `-` and `_` (for OpenAPI). */
export const NAME_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;

/** The longest description, in characters (Unicode code points, as PostgreSQL's `char_length`). */
export const MAX_DESCRIPTION_LENGTH = 1024;

/**
 * What is wrong with a name for a new state machine. A name shaped like a UUID is refused: the
 * engine and the API take "a state machine id or name" in one field (`StateMachineArn`,
 * `findVersion`), and such a name could be read as another machine's id.
 */
export function nameProblems(name: string): ErrorDetail[] {
  const problem = nameFormatProblem(name);
  if (problem !== undefined) return [{ path: 'name', message: problem }];
  if (isUuid(name)) {
    return [
      { path: 'name', message: 'must not have the form of a UUID: it would read as a state machine id' },
    ];
  }
  return [];
}

function nameFormatProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
    return `is ${name.length} characters long: a name has 1 to ${MAX_NAME_LENGTH} characters`;
  }
  const other = /[^A-Za-z0-9_-]/u.exec(name);
  return other
    ? `contains ${JSON.stringify(other[0])}: a name has only ASCII letters, digits, "-" and "_"`
    : undefined;
}

/** What is wrong with a description (null clears it). */
export function descriptionProblems(description: string | null): ErrorDetail[] {
  if (description === null) return [];
  const length = [...description].length;
  return length > MAX_DESCRIPTION_LENGTH
    ? [
        {
          path: 'description',
          message: `is ${length} characters long, over the limit of ${MAX_DESCRIPTION_LENGTH}`,
        },
      ]
    : [];
}
