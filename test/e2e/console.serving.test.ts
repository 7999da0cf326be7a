import { bootApp, type BootedApp } from '../support/app.js';
import { buildConsole } from '../support/console-build.js';

const PAGES = [
  '/',
  '/executions',
  '/executions/7d0c4f4e-2b3f-4f53-9c1e-0a8f6f1f2b11',
  '/state-machines',
  '/state-machines/orders',
  '/schedules',
  '/schedules/0b6a3c1e-7d59-4c8f-9a1e-3f2b4c5d6e7f',
  '/webhooks',
  '/admin/users',
  '/admin/api-keys',
  '/admin/audit',
  '/graphiql',
];

describe('the web console served at /', () => {
  let app: BootedApp;
  let index: string;

  beforeAll(async () => {
    buildConsole();
    app = await bootApp();
    index = await (await fetch(`${app.url}/`)).text();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it.each(PAGES)('answers %s with the console page, so every page opens from its URL', async (path) => {
    const response = await fetch(`${app.url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toBe(index);
  });

  it('serves a page that loads its script and styles from this origin only', async () => {
    const scripts = [...index.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
    const styles = [...index.matchAll(/<link[^>]*href="([^"]+\.css)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBe(1);
    expect(index).not.toMatch(/<script(?![^>]*src=)[^>]*>/);
    for (const asset of [...scripts, ...styles]) {
      expect(asset).toMatch(/^\/assets\//);
      const response = await fetch(`${app.url}${asset}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toContain('immutable');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('sends a Content-Security-Policy without inline scripts that forbids framing, and nosniff', async () => {
    const response = await fetch(`${app.url}/executions`);
    const csp = response.headers.get('content-security-policy') ?? '';
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(csp).not.toContain('unsafe-inline');
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('allows inline styles on /graphiql alone (its editor needs them), never inline scripts', async () => {
    const policyOf = async (path: string) =>
      new Map(
        ((await fetch(`${app.url}${path}`)).headers.get('content-security-policy') ?? '')
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([name, ...values]) => [name, values]),
      );
    const graphiql = await policyOf('/graphiql');
    expect(graphiql.get('script-src')).toEqual(["'self'"]);
    expect(graphiql.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(graphiql.get('worker-src')).toEqual(["'self'"]);
    expect(graphiql.get('frame-ancestors')).toEqual(["'none'"]);
    expect((await policyOf('/admin/audit')).get('style-src')).toEqual(["'self'"]);
  });

  it('never shadows the API, its docs, health, metrics or hooks', async () => {
    expect((await fetch(`${app.url}/health`)).headers.get('content-type')).toMatch(/json/);
    expect((await fetch(`${app.url}/metrics`)).headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await fetch(`${app.url}/api/v1/executions`)).status).toBe(401);
    expect((await fetch(`${app.url}/api/v1/nothing-here`)).headers.get('content-type')).toMatch(
      /problem\+json/,
    );
    const hooks = await fetch(`${app.url}/hooks/anything`);
    expect(hooks.status).toBe(404);
    expect(await hooks.text()).not.toBe(index);
    const graphql = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ apiVersion }' }),
    });
    expect(await graphql.json()).toEqual({ data: { apiVersion: 'v1' } });
  });

  it('leaves POST / to the AWS Step Functions API, which refuses JSON that is not its protocol', async () => {
    const response = await fetch(`${app.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(415);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(await response.text()).not.toBe(index);
  });

  it('answers unknown paths without the page', async () => {
    for (const [method, path] of [
      ['PUT', '/executions'],
      ['GET', '/executions/a/b'],
      ['GET', '/nowhere'],
      ['GET', '/assets/missing.js'],
    ] as const) {
      const response = await fetch(`${app.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(method === 'GET' ? {} : { body: '{}' }),
      });
      expect([method, path, response.status]).toEqual([method, path, 404]);
      expect(await response.text()).not.toBe(index);
    }
  });
});
