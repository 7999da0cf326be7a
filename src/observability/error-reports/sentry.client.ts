/**
 * Sending unhandled errors to Sentry (@sentry/node) when SENTRY_DSN is set: errors only. No
 * tracing or profiling (the OpenTelemetry SDK owns traces, so Sentry sets up
 * none of its own), no default integrations (they would capture requests, breadcrumbs and process
 * crashes on their own, a second report of what error-reports.service.ts reports once), no
 * personal or request data.
 * Every event is scrubbed of secrets before it leaves (log-secrets.ts). Sentry's transport sends
 * in the background and drops what it cannot send: a slow or absent Sentry neither throws nor
 * holds up a request or a job.
 */
import type * as SentrySdk from '@sentry/node';
import type { SentryConfig } from '../../config/config.js';
import { withoutSecrets, withoutQuerySecrets } from '../../common/log-secrets.js';

/** How long a shutdown or a crash waits for events still being sent. */
const FLUSH_TIMEOUT_MS = 2000;

/** The tags an event carries, beside the error itself. */
export type SentryTags = Readonly<Record<string, string | undefined>>;

/** The SDK once started; loaded only then, so that a process without SENTRY_DSN never loads it. */
let sentry: typeof SentrySdk | undefined;

/** Starts the Sentry client of this process. */
export async function startSentry(config: SentryConfig): Promise<void> {
  const Sentry = await import('@sentry/node');
  Sentry.init({
    dsn: config.dsn,
    environment: config.environment,
    ...(config.release === undefined ? {} : { release: config.release }),
    // Sentry 11's successor of `skipOpenTelemetrySetup: true`: no tracer provider of its own.
    enableOpenTelemetrySetup: false,
    // Nor module hooks to feed the request integrations this process does not use.
    enableRuntimeChannelInjection: false,
    defaultIntegrations: false,
    // Only the chain of `cause`s: an error's context is what this process tags it with.
    integrations: [Sentry.linkedErrorsIntegration()],
    // Sentry 11's successor of `sendDefaultPii: false`, and stricter: nothing but the error and its tags.
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: false,
      httpBodies: [],
      urlQueryParams: false,
      graphQL: { document: false, variables: false },
      databaseQueryData: false,
      queues: false,
      stackFrameVariables: false,
    },
    maxBreadcrumbs: 0,
    // Periodic envelopes of dropped-event counts: nothing an operator reads.
    sendClientReports: false,
    beforeSend: (event) => scrubbedEvent(event),
  });
  sentry = Sentry;
}

/** Sends `error` with `tags`, in the background; nothing when Sentry is not started. */
export function sendToSentry(error: unknown, tags: SentryTags): void {
  const Sentry = sentry;
  Sentry?.withScope((scope) => {
    for (const [name, value] of Object.entries(tags)) if (value !== undefined) scope.setTag(name, value);
    Sentry.captureException(error);
  });
}

/** Waits (a bounded time) for events still being sent; for a process about to exit. */
export async function flushSentry(): Promise<void> {
  await sentry?.flush(FLUSH_TIMEOUT_MS);
}

/** Sends what is left (a bounded time) and stops the client; for a shutdown. */
export async function stopSentry(): Promise<void> {
  const Sentry = sentry;
  sentry = undefined;
  await Sentry?.close(FLUSH_TIMEOUT_MS);
}

/**
 * An event as it may leave the process: no request body, cookies or headers (an `Authorization`
 * among them), no breadcrumbs, a URL without secret query values, and every other field scrubbed
 * of secret keys and of secrets in text (a connection string's password in a message, a JWT).
 * An event that cannot be scrubbed is dropped rather than sent as it is.
 */
export function scrubbedEvent<E extends SentrySdk.ErrorEvent>(event: E): E | null {
  try {
    const { request, breadcrumbs: _breadcrumbs, ...rest } = event;
    const scrubbed = withoutSecrets(rest) as E;
    if (request)
      scrubbed.request = {
        ...(request.method === undefined ? {} : { method: request.method }),
        ...(request.url === undefined ? {} : { url: withoutSecrets(withoutQuerySecrets(request.url)) }),
      };
    return scrubbed;
  } catch {
    return null;
  }
}
