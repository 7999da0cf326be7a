import type { ErrorDetail } from '../common/app-error.js';
import { jsonataProblem } from '../asl/index.js';

/** A hook's name: as a schedule's, letters, digits, `_`, `.`, `-` (the table checks it too). */
export const WEBHOOK_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
export const MAX_WEBHOOK_DESCRIPTION_LENGTH = 1024;
export const MAX_INPUT_TRANSFORM_LENGTH = 16_384;
/** An HTTP header name of letters, digits and `-`. */
export const IDEMPOTENCY_HEADER_PATTERN = /^[A-Za-z0-9-]{1,64}$/;
export const DEFAULT_IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** The longest idempotency key kept; a longer one is refused. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
/** How long a rotated-out secret may keep verifying: a week at most. */
export const MAX_ROTATION_OVERLAP_SECONDS = 7 * 24 * 3600;

/** What a create or update sets, as the rules see it. */
export interface WebhookFields {
  readonly name?: string;
  readonly description?: string | null;
  readonly inputTransform?: string | null;
  readonly idempotencyHeader?: string;
}

/** Every problem with the fields given, each as `{ path, message }`. */
export function webhookFieldProblems(fields: WebhookFields): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (fields.name !== undefined && !WEBHOOK_NAME_PATTERN.test(fields.name))
    problems.push({ path: 'name', message: 'must be 1 to 64 ASCII letters, digits, "_", "." or "-"' });
  if (fields.description && fields.description.length > MAX_WEBHOOK_DESCRIPTION_LENGTH)
    problems.push({
      path: 'description',
      message: `must be at most ${MAX_WEBHOOK_DESCRIPTION_LENGTH} characters`,
    });
  if (fields.idempotencyHeader !== undefined && !IDEMPOTENCY_HEADER_PATTERN.test(fields.idempotencyHeader))
    problems.push({
      path: 'idempotencyHeader',
      message: 'must be an HTTP header name: 1 to 64 ASCII letters, digits and "-"',
    });
  const transform = fields.inputTransform;
  if (transform !== undefined && transform !== null) {
    const problem =
      transform.trim().length === 0 || transform.length > MAX_INPUT_TRANSFORM_LENGTH
        ? `must be 1 to ${MAX_INPUT_TRANSFORM_LENGTH} characters`
        : jsonataProblem(transform);
    if (problem)
      problems.push({
        path: 'inputTransform',
        message: problem.startsWith('must') ? problem : `is not a valid JSONata expression: ${problem}`,
      });
  }
  return problems;
}
