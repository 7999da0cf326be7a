/**
 * Signing in from tests: REST login, users of each role and API keys, made through the public API
 * as an admin would, so that tests exercise the same paths clients do.
 */

/** What `POST /api/v1/auth/login` and `/refresh` answer. */
export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly user: { readonly id: string; readonly email: string; readonly role: string };
}

/** The first admin every booted app starts with (ADMIN_EMAIL / ADMIN_PASSWORD). */
export const TEST_ADMIN = { email: 'admin@stepgraph.test', password: 'admin-password-for-tests' } as const;

/** The password of every user {@link createUser} makes. */
export const TEST_PASSWORD = 'a-password-for-tests';

/** Signs in over REST; rejects with the problem body when it fails. */
export async function login(baseUrl: string, email: string, password: string): Promise<TokenPair> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = await response.json();
  if (response.status !== 200) throw new Error(`login failed (${response.status}): ${JSON.stringify(body)}`);
  return body as TokenPair;
}

/** POSTs a GraphQL document (untyped) with a bearer token; answers the JSON body. */
export async function graphqlAs(
  baseUrl: string,
  token: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ query, variables }),
  });
  return response.json() as never;
}

async function expectData(
  baseUrl: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const body = await graphqlAs(baseUrl, token, query, variables);
  if (body.errors?.length || !body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Creates a user with `role` as the admin and signs them in. */
export async function createUser(
  baseUrl: string,
  adminToken: string,
  role: 'admin' | 'editor' | 'operator' | 'viewer',
  email = `${role}-${Math.random().toString(36).slice(2, 10)}@stepgraph.test`,
): Promise<TokenPair> {
  await expectData(
    baseUrl,
    adminToken,
    'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }',
    { input: { email, password: TEST_PASSWORD, role } },
  );
  return login(baseUrl, email, TEST_PASSWORD);
}

/** An API key as createApiKey shows it, once: its bearer form, its access key pair and its id. */
export interface CreatedTestApiKey {
  readonly key: string;
  readonly id: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** Creates an API key with `role` as the admin; answers the key, its access key pair and its id. */
export async function createApiKey(
  baseUrl: string,
  adminToken: string,
  role: 'admin' | 'editor' | 'operator' | 'viewer' | 'worker',
): Promise<CreatedTestApiKey> {
  const data = await expectData(
    baseUrl,
    adminToken,
    'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { key accessKeyId secretAccessKey apiKey { id } } }',
    { input: { name: `${role} key`, role } },
  );
  const created = data.createApiKey as {
    key: string;
    accessKeyId: string;
    secretAccessKey: string;
    apiKey: { id: string };
  };
  return {
    key: created.key,
    id: created.apiKey.id,
    accessKeyId: created.accessKeyId,
    secretAccessKey: created.secretAccessKey,
  };
}
