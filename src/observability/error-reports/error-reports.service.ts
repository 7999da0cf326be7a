import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import {
  UNHANDLED_ERROR_METRICS,
  type ErrorReportContext,
  type UnhandledErrorMetrics,
  type UnhandledErrorReporter,
} from '../../common/unhandled-errors.js';
import { withoutTextSecrets } from '../../common/log-secrets.js';
import { activeTraceId } from '../trace-id.js';
import { flushSentry, sendToSentry, startSentry, stopSentry } from './sentry.client.js';

/**
 * The one place an unhandled error is reported (docs/operations.md, "Error reporting"): one log
 * line at level error with its source, execution id, state name, trace id and request id when
 * known, scrubbed of secrets; one count in `stepgraph_errors_total{source}`; and, when SENTRY_DSN
 * is set, one Sentry event with the same fields as tags. Boundaries that catch such an error call
 * this instead of logging it themselves. Reporting never throws.
 */
@Injectable()
export class ErrorReports implements UnhandledErrorReporter, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ErrorReports');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    // Absent only in apps assembled by tests without /metrics.
    @Optional() @Inject(UNHANDLED_ERROR_METRICS) private readonly metrics?: UnhandledErrorMetrics,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.sentry) await startSentry(this.config.sentry);
  }

  async onApplicationShutdown(): Promise<void> {
    await stopSentry();
  }

  reportError(error: unknown, context: ErrorReportContext): void {
    try {
      const fields = {
        source: context.source,
        executionId: context.executionId,
        stateName: context.stateName,
        traceId: activeTraceId(),
        requestId: context.requestId,
      };
      this.logger.error({
        msg: `Unhandled error (${context.source}): ${messageOf(error)}`,
        ...fields,
        err: loggedError(error),
      });
      this.metrics?.unhandledError(context.source);
      sendToSentry(error, {
        source: fields.source,
        execution_id: fields.executionId,
        state_name: fields.stateName,
        trace_id: fields.traceId,
        request_id: fields.requestId,
      });
    } catch {
      // A report that fails (a logger gone at shutdown) must not turn into a second error.
    }
  }

  /** Waits (a bounded time) for reports still being sent; for a process about to exit. */
  flush(): Promise<void> {
    return flushSentry();
  }
}

function messageOf(error: unknown): string {
  return withoutTextSecrets(error instanceof Error ? error.message : String(error));
}

/**
 * The error as its log line shows it: its type, message and stack, scrubbed, and nothing else. An
 * error's own fields (a failed query's parameters, say) may hold secrets. No prototype: pino's
 * serializer then keeps `type` as given.
 */
function loggedError(error: unknown): Record<string, string | undefined> {
  const logged = Object.create(null) as Record<string, string | undefined>;
  logged.type = error instanceof Error ? error.name : typeof error;
  logged.message = messageOf(error);
  logged.stack = error instanceof Error ? withoutTextSecrets(stackWithCauses(error)) : undefined;
  return logged;
}

/** The stack of `error` and of each of its causes, as pino would print an Error's. */
function stackWithCauses(error: Error): string {
  const cause = error.cause;
  const own = error.stack ?? `${error.name}: ${error.message}`;
  return cause instanceof Error ? `${own}\ncaused by: ${stackWithCauses(cause)}` : own;
}
