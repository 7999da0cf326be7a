import { Query, Resolver } from '@nestjs/graphql';
import { API_VERSION } from '../common/api-version.js';

/** The root Query's first field, so the schema is valid before any feature adds its own. */
@Resolver()
export class ApiVersionResolver {
  @Query(() => String, { description: 'The version of the API contract, as in the REST prefix /api/v1.' })
  apiVersion(): string {
    return API_VERSION;
  }
}
