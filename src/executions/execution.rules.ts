/** The longest execution name, in characters (AWS's limit). */
export const MAX_EXECUTION_NAME_LENGTH = 80;

/**
 * AWS's rule for execution names: 1 to 80 characters, none of them whitespace, a control
 * character, `< > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /`.
 */
export const EXECUTION_NAME_PATTERN = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]{1,80}$/u;

/** What a client is told about a name that breaks {@link EXECUTION_NAME_PATTERN}. */
export const EXECUTION_NAME_RULE =
  'name must be 1 to 80 characters without whitespace, control characters or any of < > { } [ ] ? * " # % \\ ^ | ~ ` $ & , ; : /';

/** The longest `error` a client may give when stopping an execution or failing a task (AWS's limit). */
export const MAX_ERROR_LENGTH = 256;

/** The longest `cause` a client may give when stopping an execution or failing a task (AWS's limit). */
export const MAX_CAUSE_LENGTH = 32_768;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether `value` has the form of a UUID. Ids are checked before they reach a query: PostgreSQL
 * refuses a malformed uuid with an error, which must read as "not found", not as a server fault.
 */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
