/**
 * Path of the health endpoint, outside the `/api/v1` prefix: exclude it when setting the prefix.
 */
export const HEALTH_PATH = 'health';

/** How long one dependency may take to answer a health probe. */
export const HEALTH_CHECK_TIMEOUT_MS = 1500;
