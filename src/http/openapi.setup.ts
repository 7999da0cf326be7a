import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { API_VERSION } from '../common/api-version.js';
import { ProblemDetails } from './problem-details.js';

/** Swagger UI; the OpenAPI 3 document is at {@link OPENAPI_JSON_PATH}. */
export const OPENAPI_UI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs-json';

/** The name REST controllers use in `@ApiBearerAuth(BEARER_AUTH)`; the scheme applies to all routes. */
export const BEARER_AUTH = 'bearer';

/**
 * Serves the OpenAPI document of every REST controller. Call after the global prefix is set, so
 * that paths read `/api/v1/...`.
 */
export function setupOpenApi(app: INestApplication): void {
  const options = new DocumentBuilder()
    .setTitle('Stepgraph')
    .setDescription(
      'REST facade of the Stepgraph workflow engine. Errors are application/problem+json (RFC 9457); ' +
        'the GraphQL API at /graphql offers the same operations and more.',
    )
    .setVersion(API_VERSION)
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'A JWT access token or an API key.' },
      BEARER_AUTH,
    )
    .addSecurityRequirements(BEARER_AUTH)
    .build();
  const document = SwaggerModule.createDocument(app, options, { extraModels: [ProblemDetails] });
  SwaggerModule.setup(OPENAPI_UI_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    customSiteTitle: 'Stepgraph REST API',
  });
}
