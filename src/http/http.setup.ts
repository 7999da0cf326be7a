import { RequestMethod, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { API_VERSION } from '../common/api-version.js';
import type { AppConfig } from '../config/config.js';
import { UNHANDLED_ERROR_REPORTER, type UnhandledErrorReporter } from '../common/unhandled-errors.js';
import { setupOpenApi } from './openapi.setup.js';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { requestIdMiddleware } from './request-id.middleware.js';
import { traceContextMiddleware } from './trace-context.middleware.js';
import { createValidationPipe } from './validation.pipe.js';

/** Every REST route lives under this prefix. */
export const REST_PREFIX = `api/${API_VERSION}`;

/** Routes served at the root, outside {@link REST_PREFIX}: `POST /` is the AWS Step Functions API. */
export const UNPREFIXED_ROUTES = [
  'health',
  'metrics',
  'graphql',
  'hooks/:id',
  { path: '/', method: RequestMethod.POST },
];

/**
 * The largest JSON body accepted, REST and GraphQL alike: a definition may be up to 1 MiB
 * (larger ones are refused with a diagnostic), and its JSON travels inside a request with escaping
 * and other fields. Bigger bodies get a 413 before they are parsed.
 */
export const REQUEST_BODY_LIMIT_BYTES = 1.5 * 1024 * 1024;

/**
 * Applies the HTTP conventions of the API to an Express app: request ids, the body size limit, the
 * caller's trace context, the `/api/v1` prefix, validation, problem+json errors and OpenAPI. Call
 * it once, before `init()` or `listen()`: the prefix and the body parser must be in place before
 * routes are registered.
 */
export function configureHttp(app: INestApplication, config: AppConfig): void {
  const expressApp = app as NestExpressApplication;
  expressApp.use(requestIdMiddleware);
  expressApp.useBodyParser('json', { limit: REQUEST_BODY_LIMIT_BYTES });
  expressApp.use(traceContextMiddleware);
  app.setGlobalPrefix(REST_PREFIX, { exclude: UNPREFIXED_ROUTES });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(
    new ProblemDetailsFilter({
      exposeStack: !config.isProduction,
      errors: app.get<UnhandledErrorReporter>(UNHANDLED_ERROR_REPORTER),
    }),
  );
  setupOpenApi(app);
}
