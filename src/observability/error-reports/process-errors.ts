import { Logger, type INestApplication } from '@nestjs/common';
import { isDatabaseUnavailable } from '../../common/database-errors.js';
import { withoutTextSecrets } from '../../common/log-secrets.js';
import { ErrorReports } from './error-reports.service.js';

export interface ProcessErrorOptions {
  /** Whether the process is shutting down. */
  readonly stopping: () => boolean;
  /** Where the events come from and how the process ends: `process` but in tests. */
  readonly target?: {
    on(event: string, listener: (error: unknown) => void): unknown;
    exit(code: number): unknown;
  };
}

const logger = new Logger('Process');

/**
 * An uncaught exception or unhandled rejection is reported once (log line, metric, Sentry) and
 * ends the process with exit code 1, as Node would have, once the report has been sent (a
 * bounded wait): what the process holds after it is unknown. Before the application has booted
 * there is nothing to count or send with: the log line alone.
 *
 * Once stopping, a database connection that ends with an `error` event nobody listens for is
 * expected, not a crash: the database may be stopping at the same moment (a compose stack going
 * down together), and pg-boss's LISTEN client drops its listeners before it ends. The shutdown goes
 * on and still closes what is left.
 */
export function reportProcessErrors(app: Promise<INestApplication>, options: ProcessErrorOptions): void {
  const target = options.target ?? process;
  let reports: ErrorReports | undefined;
  app.then((booted) => (reports = booted.get(ErrorReports))).catch(() => undefined);
  const crash = (error: unknown) => {
    if (options.stopping() && isDatabaseUnavailable(error)) {
      logger.log(`A database connection ended while stopping: ${(error as Error).message}`);
      return;
    }
    if (reports) reports.reportError(error, { source: 'process' });
    else logger.error(withoutTextSecrets(`Uncaught error: ${String(error)}`));
    void (reports?.flush() ?? Promise.resolve()).finally(() => target.exit(1));
  };
  target.on('uncaughtException', crash);
  target.on('unhandledRejection', crash);
}
