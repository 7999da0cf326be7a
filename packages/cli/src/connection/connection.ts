/**
 * Which server and which credentials a command uses: `--url` / `STEPGRAPH_URL` (default
 * http://localhost:3000), then `--token` / `STEPGRAPH_TOKEN` (an access token or an `sgk_` API
 * key, both sent as `Authorization: Bearer`), else the refresh token `stepgraph login` stored for
 * that URL, exchanged for an access token (and the new refresh token stored, as each works once).
 */
import { createApiClient, type ApiClient } from '../api/graphql-client.js';
import { REFRESH_TOKEN } from '../api/documents.js';
import { CliError } from '../errors.js';
import { loadLogin, saveLogin } from './credentials.store.js';

export const DEFAULT_URL = 'http://localhost:3000';

export interface ConnectionOptions {
  readonly url?: string;
  readonly token?: string;
}

export function serverUrl(options: ConnectionOptions, env: NodeJS.ProcessEnv): string {
  const raw = options.url ?? env.STEPGRAPH_URL ?? DEFAULT_URL;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new CliError(`--url "${raw}" is not a URL: give one such as ${DEFAULT_URL}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new CliError(`--url "${raw}" must be an http:// or https:// URL`);
  }
  return raw.replace(/\/+$/, '');
}

interface RefreshResult {
  refreshToken: { accessToken: string; refreshToken: string; user: { email: string } };
}

async function storedAccessToken(url: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const login = await loadLogin(url, env);
  if (!login) return undefined;
  const anonymous = createApiClient(url, undefined);
  let result: RefreshResult;
  try {
    result = await anonymous.request<RefreshResult>(REFRESH_TOKEN, { refreshToken: login.refreshToken });
  } catch (error) {
    if (error instanceof CliError && /UNAUTHENTICATED/.test(error.message)) {
      throw new CliError(
        `the session stored for ${url} has ended (${error.message}): run \`stepgraph login\` again`,
      );
    }
    throw error;
  }
  await saveLogin(
    url,
    { email: result.refreshToken.user.email, refreshToken: result.refreshToken.refreshToken },
    env,
  );
  return result.refreshToken.accessToken;
}

/** A client for the server the options name, signed in as they say. */
export async function connect(options: ConnectionOptions, env: NodeJS.ProcessEnv): Promise<ApiClient> {
  const url = serverUrl(options, env);
  const token = options.token ?? env.STEPGRAPH_TOKEN ?? (await storedAccessToken(url, env));
  return createApiClient(url, token ? `Bearer ${token}` : undefined);
}
