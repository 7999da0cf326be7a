import { parseResource } from '../asl/resources.js';
import { AppError } from '../common/app-error.js';

/** The longest activity reference accepted: AWS's limit for an activity ARN. */
export const MAX_ACTIVITY_REFERENCE_LENGTH = 256;

/**
 * The activity name a worker polls for, from the forms a Task's `Resource` may use: `NAME`,
 * `activity:NAME` or `arn:aws:states:REGION:ACCOUNT:activity:NAME`. The engine files activity
 * tasks under NAME, whichever form the definition used.
 */
export function activityNameOf(reference: string): string {
  const qualified = /^(activity|arn):/.test(reference) ? reference : `activity:${reference}`;
  const resource = parseResource(qualified);
  if (resource?.kind === 'activity' && resource.pattern === 'request-response') return resource.name;
  const message =
    'must be an activity name (1 to 80 characters without whitespace or special characters), ' +
    'activity:NAME or arn:aws:states:REGION:ACCOUNT:activity:NAME';
  throw AppError.badUserInput(`activity ${message}`, { details: [{ path: 'activity', message }] });
}
