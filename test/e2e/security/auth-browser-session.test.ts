import { request } from 'node:http';
import { bootApp, type BootedApp } from '../../support/app.js';
import { graphqlAs, login, TEST_ADMIN } from '../../support/auth.js';

const ME = '{ me { email role } }';
const SESSION = '/api/v1/auth/session';
const CSRF = { 'x-stepgraph-csrf': '1' };

interface BrowserSession {
  accessToken: string;
  accessTokenExpiresAt: string;
  user: { email: string; role: string };
}

/** The refresh cookie's value and attributes from a response's Set-Cookie. */
function refreshCookieOf(response: Response): { value: string; attributes: string[] } {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('stepgraph_refresh='));
  if (!cookie) throw new Error(`no refresh cookie in ${JSON.stringify(response.headers.getSetCookie())}`);
  const [pair, ...attributes] = cookie.split(';').map((part) => part.trim());
  return { value: pair!.slice('stepgraph_refresh='.length), attributes };
}

describe('the browser session: refresh token in an HttpOnly cookie, CSRF header required', () => {
  let booted: BootedApp;

  const signIn = (headers: Record<string, string> = CSRF) =>
    fetch(`${booted.url}${SESSION}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ email: TEST_ADMIN.email, password: TEST_ADMIN.password }),
    });
  const refresh = (cookie: string | undefined, headers: Record<string, string> = CSRF) =>
    fetch(`${booted.url}${SESSION}/refresh`, {
      method: 'POST',
      headers: { ...headers, ...(cookie === undefined ? {} : { cookie: `stepgraph_refresh=${cookie}` }) },
    });
  const signOut = (cookie: string, headers: Record<string, string> = CSRF) =>
    fetch(`${booted.url}${SESSION}`, {
      method: 'DELETE',
      headers: { ...headers, cookie: `stepgraph_refresh=${cookie}` },
    });

  beforeAll(async () => {
    booted = await bootApp();
  });

  afterAll(async () => {
    await booted.close();
  });

  it('signs in with the access token in the body and the refresh token only in an HttpOnly, SameSite=Strict cookie scoped to the session routes', async () => {
    const response = await signIn();
    expect(response.status).toBe(200);
    const body = (await response.json()) as BrowserSession & { refreshToken?: string };
    expect(body.refreshToken).toBeUndefined();
    expect(body.user).toMatchObject({ email: TEST_ADMIN.email, role: 'admin' });
    expect((await graphqlAs(booted.url, body.accessToken, ME)).data!.me).toMatchObject({ role: 'admin' });
    const { value, attributes } = refreshCookieOf(response);
    expect(value).toMatch(/^[\w-]{40,}$/);
    expect(attributes).toEqual(
      expect.arrayContaining(['HttpOnly', 'SameSite=Strict', `Path=${SESSION}`, 'Max-Age=2592000']),
    );
    // Loopback over plain HTTP (a developer's npm start): not Secure, or the browser would drop it.
    expect(attributes).not.toContain('Secure');
  });

  it('marks the cookie Secure when the site is not loopback', async () => {
    // fetch may not set Host: a plain request, as a proxy in front of Stepgraph would send it.
    const setCookie = await new Promise<string[]>((resolve, reject) => {
      const sent = request(
        `${booted.url}${SESSION}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', host: 'stepgraph.example.com', ...CSRF },
        },
        (response) => {
          response.resume();
          resolve(response.headers['set-cookie'] ?? []);
        },
      );
      sent.on('error', reject);
      sent.end(JSON.stringify({ email: TEST_ADMIN.email, password: TEST_ADMIN.password }));
    });
    expect(setCookie).toEqual([expect.stringMatching(/^stepgraph_refresh=[\w-]+;.*; Secure$/)]);
  });

  it('refuses sign-in, refresh and sign-out without the CSRF header (a cross-site form or link cannot set it)', async () => {
    const good = refreshCookieOf(await signIn()).value;
    const refused = [await signIn({}), await refresh(good, {}), await signOut(good, {})];
    for (const response of refused) {
      expect(response.status).toBe(403);
      expect(((await response.json()) as { code: string }).code).toBe('FORBIDDEN');
      expect(response.headers.getSetCookie()).toEqual([]);
    }
    // The refused sign-out revoked nothing: the cookie still refreshes.
    expect((await refresh(good)).status).toBe(200);
  });

  it('refreshes from the cookie alone, rotating it, and a reused cookie revokes the session', async () => {
    const first = refreshCookieOf(await signIn()).value;
    const rotated = await refresh(first);
    expect(rotated.status).toBe(200);
    const session = (await rotated.json()) as BrowserSession;
    const second = refreshCookieOf(rotated).value;
    expect(second).not.toBe(first);
    expect((await graphqlAs(booted.url, session.accessToken, ME)).data!.me).toMatchObject({
      email: TEST_ADMIN.email,
    });
    const reuse = await refresh(first);
    expect(reuse.status).toBe(401);
    // The refused cookie is cleared, and the session it belonged to is gone with its access tokens.
    expect(refreshCookieOf(reuse)).toMatchObject({
      value: '',
      attributes: expect.arrayContaining(['Max-Age=0']),
    });
    expect((await refresh(second)).status).toBe(401);
    expect((await graphqlAs(booted.url, session.accessToken, ME)).errors![0]!.extensions!.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('answers 401 to a refresh without a cookie', async () => {
    const response = await refresh(undefined);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
  });

  it('signs out: revokes the session (cookie and access token) and clears the cookie', async () => {
    const signedIn = await signIn();
    const { accessToken } = (await signedIn.json()) as BrowserSession;
    const cookie = refreshCookieOf(signedIn).value;
    const out = await signOut(cookie);
    expect(out.status).toBe(204);
    expect(refreshCookieOf(out)).toMatchObject({
      value: '',
      attributes: expect.arrayContaining(['Max-Age=0']),
    });
    expect((await refresh(cookie)).status).toBe(401);
    expect((await graphqlAs(booted.url, accessToken, ME)).errors![0]!.extensions!.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('leaves the JSON-body refresh of API clients as it was', async () => {
    const pair = await login(booted.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const response = await fetch(`${booted.url}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: pair.refreshToken }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { refreshToken: string }).refreshToken).toEqual(expect.any(String));
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});
