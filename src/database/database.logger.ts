import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { withoutTextSecrets } from '../common/log-secrets.js';

/**
 * Sends TypeORM's messages to the application logger. Query parameters are never logged: they
 * carry workflow inputs, password hashes and tokens.
 */
export class DatabaseLogger implements TypeOrmLogger {
  private readonly logger = new Logger('Database');

  constructor(private readonly options: { readonly logQueries: boolean } = { logQueries: false }) {}

  logQuery(query: string): void {
    if (this.options.logQueries) this.logger.debug(query);
  }

  /**
   * A debug line only: the error reaches the query's caller, which handles it (a unique violation
   * becomes a 409) or lets it become an unhandled error, reported once where it is caught
   * (src/observability/error-reports). The server's message may quote a secret: it is scrubbed.
   */
  logQueryError(error: string | Error, query: string): void {
    this.logger.debug(
      withoutTextSecrets(`${error instanceof Error ? error.message : error} in query: ${query}`),
    );
  }

  logQuerySlow(timeMs: number, query: string): void {
    this.logger.warn(`Slow query (${timeMs} ms): ${query}`);
  }

  /** With `synchronize` off, only migration runs build schema: "Migration X has been executed". */
  logSchemaBuild(message: string): void {
    this.logger.log(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.log(String(message));
  }
}
