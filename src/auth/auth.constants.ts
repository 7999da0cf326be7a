/** Injection token of the resolved JWT secret (see resolveJwtSecret). */
export const JWT_SECRET = Symbol('JWT_SECRET');

/** `iss` of every access token; tokens from anywhere else are refused. */
export const TOKEN_ISSUER = 'stepgraph';

/** `aud` of every access token: this API. */
export const TOKEN_AUDIENCE = 'stepgraph-api';

/** The one signing algorithm: `alg: none` and every other algorithm are refused. */
export const TOKEN_ALGORITHM = 'HS256';

/** Mutations whose service writes its own audit rows, in the transaction of the change. */
export const SELF_AUDITED_MUTATIONS: ReadonlySet<string> = new Set(['login', 'refreshToken', 'logout']);
