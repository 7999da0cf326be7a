import { SFNClient } from '@aws-sdk/client-sfn';
import { bootApp, type BootedApp } from './app.js';

/**
 * The unmodified AWS SDK client pointed at a booted app. The SDK signs every request with
 * Signature Version 4 (its credentials here are placeholders); a middleware placed right after
 * its signer then replaces `Authorization` with `Bearer <token>`, which the endpoint accepts
 * beside signatures. Anything else the SDK sends (headers, body, target) is left as it made it.
 */
type Middleware = Parameters<SFNClient['middlewareStack']['addRelativeTo']>[0];
type Handler = (args: { request: { headers: Record<string, string> } }) => Promise<unknown>;

/** Puts `Authorization: Bearer <token>` on the signed request. */
function bearerAuthorization(token: string): Middleware {
  const middleware = (next: Handler): Handler => {
    return async (args) => {
      args.request.headers.authorization = `Bearer ${token}`;
      return next(args);
    };
  };
  // The SDK's middleware types are generic over every client; this one only touches headers.
  return middleware as unknown as Middleware;
}

export function awsClient(url: string, bearerToken: string): SFNClient {
  const client = new SFNClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDPLACEHOLDER', secretAccessKey: 'placeholder-secret' },
    // Errors are what the tests look at: one attempt each, no retries of throttling.
    maxAttempts: 1,
  });
  client.middlewareStack.addRelativeTo(bearerAuthorization(bearerToken), {
    name: 'stepgraphBearerAuthorization',
    relation: 'after',
    toMiddleware: 'httpSigningMiddleware',
  });
  return client;
}

/** A booted app and the SDK signed in as its admin. */
export interface AwsApp {
  readonly booted: BootedApp;
  readonly sfn: SFNClient;
}

/** For a test file's `describe`: the app booted before its tests and closed after them. */
export function useAwsApp(env: Record<string, string | undefined> = {}): AwsApp {
  const app = {} as { booted: BootedApp; sfn: SFNClient };
  beforeAll(async () => {
    app.booted = await bootApp(env);
    app.sfn = awsClient(app.booted.url, app.booted.adminToken);
  });
  afterAll(async () => {
    app.sfn?.destroy();
    await app.booted?.close();
  });
  return app;
}

/** What the SDK raised for `promise`, to check its class and fields. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

/** A raw call of the AWS endpoint, for what the SDK would never send. */
export async function awsRaw(
  url: string,
  init: { target?: string; body?: string; contentType?: string; token?: string },
): Promise<{ status: number; contentType: string | null; body: Record<string, unknown> }> {
  const headers: Record<string, string> = {
    'content-type': init.contentType ?? 'application/x-amz-json-1.0',
    ...(init.target !== undefined && { 'x-amz-target': init.target }),
    ...(init.token !== undefined && { authorization: `Bearer ${init.token}` }),
  };
  const response = await fetch(`${url}/`, { method: 'POST', headers, body: init.body ?? '{}' });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}
