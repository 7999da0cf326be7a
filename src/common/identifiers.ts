/** The form of a UUID, any version, either case. */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether `value` has the form of a UUID. Ids are checked before they reach a query: PostgreSQL
 * refuses a malformed uuid with an error, which must read as "not found", not as a server fault.
 */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** The longest name of an execution or an activity, in characters (AWS's limit). */
export const MAX_NAME_LENGTH = 80;

/** AWS's rule for the names of executions and activities. */
const AWS_NAME_PATTERN = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]{1,80}$/u;

/** What is wrong with a name that breaks AWS's rule, to follow the field's name ("name must be ..."). */
export const AWS_NAME_RULE =
  'must be 1 to 80 characters without whitespace, control characters or any of < > { } [ ] ? * " # % \\ ^ | ~ ` $ & , ; : /';

/**
 * Whether `name` may name an execution or an activity: 1 to 80 characters, none of them
 * whitespace, a control character, `< > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /`.
 */
export function isAwsName(name: string): boolean {
  return AWS_NAME_PATTERN.test(name);
}

/**
 * API keys start with this, which tells them apart from JWTs at a glance and in secret scanners (and
 * lets log scrubbing find them).
 */
export const API_KEY_PREFIX = 'sgk_';
