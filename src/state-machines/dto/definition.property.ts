import type { ApiPropertyOptions } from '@nestjs/swagger';
import { MAX_DEFINITION_BYTES } from '../../asl/validate/index.js';

/** How every `definition` input is described, in GraphQL and OpenAPI alike. */
export const DEFINITION_DESCRIPTION =
  `The Amazon States Language definition: a JSON object, or a JSON string of one; ` +
  `at most ${MAX_DEFINITION_BYTES} bytes of JSON (1 MiB).`;

/** OpenAPI for a `definition` that may be an object or the JSON text of one. */
export const DEFINITION_API_PROPERTY: ApiPropertyOptions = {
  description: DEFINITION_DESCRIPTION,
  oneOf: [{ type: 'object', additionalProperties: true }, { type: 'string' }],
  example: { StartAt: 'Hello', States: { Hello: { Type: 'Pass', End: true } } },
};
