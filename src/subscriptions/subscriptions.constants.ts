/** History events read from PostgreSQL at once, while replaying or catching up. */
export const EVENT_PAGE_SIZE = 200;

/**
 * How long opening a subscription waits for the pub/sub subscription to be confirmed before it
 * replays anyway, in milliseconds. While Redis is down a confirmation never comes; the watch then
 * catches up from PostgreSQL, and reads again once the confirmation does come.
 */
export const SUBSCRIBE_WAIT_MS = 1000;

/**
 * Executions started since the previous catch-up read that one catch-up read of an `executionsChanged`
 * channel (one state machine's, or every execution's) picks up.
 */
export const CATCH_UP_STARTS_LIMIT = 500;

/** Executions an `executionsChanged` channel remembers, to drop stale or repeated notifications. */
export const TRACKED_EXECUTIONS_LIMIT = 10_000;
