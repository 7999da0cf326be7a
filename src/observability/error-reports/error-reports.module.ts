import { Global, Module } from '@nestjs/common';
import { UNHANDLED_ERROR_REPORTER } from '../../common/unhandled-errors.js';
import { ErrorReports } from './error-reports.service.js';

/**
 * Reporting of unhandled errors, in every role. Global: the engine's workers and periodic runs
 * and the API's error filters and GraphQL plugin report through {@link UNHANDLED_ERROR_REPORTER}.
 */
@Global()
@Module({
  providers: [ErrorReports, { provide: UNHANDLED_ERROR_REPORTER, useExisting: ErrorReports }],
  exports: [ErrorReports, UNHANDLED_ERROR_REPORTER],
})
export class ErrorReportsModule {}
