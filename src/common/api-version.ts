/** The version of the API contract: the REST prefix `/api/v1`, GraphQL's `apiVersion`, OpenAPI's info. */
export const API_VERSION = 'v1';
