import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Session = typeof import('../src/session/session');

const USER = { id: 'u1', email: 'ada@example.com', role: 'viewer' };

function answer(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function sessionBody(token: string, lifetimeMs = 900_000) {
  return {
    accessToken: token,
    accessTokenExpiresAt: new Date(Date.now() + lifetimeMs).toISOString(),
    user: USER,
  };
}

describe('the in-memory session', () => {
  let session: Session;
  let fetchMock: ReturnType<typeof vi.fn>;

  beforeEach(async () => {
    vi.resetModules();
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    session = await import('../src/session/session');
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('signs in with the CSRF header and keeps only the access token, in memory', async () => {
    fetchMock.mockResolvedValueOnce(answer(200, sessionBody('access-1')));
    await session.signIn('ada@example.com', 'secret');
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/auth/session');
    expect(init).toMatchObject({
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'x-stepgraph-csrf': '1' },
    });
    expect(session.currentSession()).toMatchObject({ accessToken: 'access-1', user: USER });
  });

  it('runs one refresh for callers asking at the same time: a refresh token works once', async () => {
    let release: (response: Response) => void = () => undefined;
    fetchMock.mockReturnValueOnce(new Promise<Response>((resolve) => (release = resolve)));
    const both = Promise.all([session.resumeSession(), session.resumeSession(), session.freshAccessToken()]);
    release(answer(200, sessionBody('access-2')));
    const [a, b, token] = await both;
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/v1/auth/session/refresh');
    expect(a).toBe(b);
    expect(token).toBe('access-2');
  });

  it('answers no session when the cookie is refused, and tells the listeners', async () => {
    fetchMock.mockResolvedValueOnce(answer(200, sessionBody('access-3')));
    await session.signIn('ada@example.com', 'secret');
    const seen: unknown[] = [];
    session.onSessionChange((current) => seen.push(current));
    fetchMock.mockResolvedValueOnce(answer(401, { code: 'UNAUTHENTICATED', detail: 'No session: sign in' }));
    expect(await session.resumeSession()).toBeNull();
    expect(session.currentSession()).toBeNull();
    expect(seen).toEqual([null]);
  });

  it('refreshes before the access token expires, and not before it must', async () => {
    fetchMock.mockResolvedValueOnce(answer(200, sessionBody('long', 900_000)));
    await session.signIn('ada@example.com', 'secret');
    expect(await session.freshAccessToken()).toBe('long');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    fetchMock.mockResolvedValueOnce(answer(200, sessionBody('short', 30_000)));
    await session.resumeSession();
    fetchMock.mockResolvedValueOnce(answer(200, sessionBody('renewed')));
    // 30 s left of a 30 s life is more than a third of it: still good.
    expect(await session.freshAccessToken()).toBe('short');
    vi.useFakeTimers({ now: Date.now() + 25_000, toFake: ['Date'] });
    try {
      expect(await session.freshAccessToken()).toBe('renewed');
    } finally {
      vi.useRealTimers();
    }
  });

  it('signs out with the CSRF header and forgets the session even if the server cannot be reached', async () => {
    fetchMock.mockResolvedValueOnce(answer(200, sessionBody('access-4')));
    await session.signIn('ada@example.com', 'secret');
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await expect(session.signOut()).rejects.toThrow('Failed to fetch');
    expect(fetchMock.mock.calls[1]).toEqual([
      '/api/v1/auth/session',
      expect.objectContaining({ method: 'DELETE', headers: { 'x-stepgraph-csrf': '1' } }),
    ]);
    expect(session.currentSession()).toBeNull();
  });

  it('lets operators, editors and admins act, not viewers', () => {
    expect(
      ['admin', 'editor', 'operator', 'viewer'].map((role) => session.mayOperate({ ...USER, role } as never)),
    ).toEqual([true, true, true, false]);
  });
});
