/**
 * Which request fields of a task carry credentials. Shared by the history (TaskScheduled must not
 * record them, docs/testing.md S16) and the HTTP Task's error causes (src/engine/tasks/http).
 */

/** Field names whose values are treated as secrets: `Authorization`, `X-Api-Key`, `client_secret`… */
const SENSITIVE_NAME = /auth|token|key|secret|passw|pwd|cookie|session|signature|credential/i;

/** What replaces a secret wherever Stepgraph would otherwise record it. */
export const REDACTED = '[REDACTED]';

/** Whether a header, query parameter or body field of this name carries a secret. */
export function isSensitiveName(name: string): boolean {
  return SENSITIVE_NAME.test(name);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function maskEntries(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [name, isSensitiveName(name) ? REDACTED : value]),
  );
}

/**
 * An HTTP Task's effective parameters as history may show them: the values of `Headers` and
 * `QueryParameters` entries with sensitive names, and the whole `Authentication` block, masked.
 * The task itself still receives the real values.
 */
export function maskHttpTaskParameters<T>(parameters: T): T {
  if (!isObject(parameters)) return parameters;
  const masked: Record<string, unknown> = { ...parameters };
  for (const field of ['Headers', 'QueryParameters']) {
    const fields = masked[field];
    if (isObject(fields)) masked[field] = maskEntries(fields);
  }
  if ('Authentication' in masked) masked.Authentication = REDACTED;
  return masked as T;
}
