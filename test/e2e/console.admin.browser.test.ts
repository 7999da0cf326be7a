import { join } from 'node:path';
import type { Browser, BrowserContext, Page, WebSocket } from 'playwright-core';
import { bootApp, type BootedApp } from '../support/app.js';
import { createUser, login, TEST_ADMIN, TEST_PASSWORD } from '../support/auth.js';
import {
  DEADLINE,
  describeInChromium,
  launchChromium,
  SCREENSHOTS,
  seriousViolations,
  signIn,
} from '../support/browser.js';
import { buildConsole } from '../support/console-build.js';
import { waitFor } from '../support/wait.js';
import { callbackToken, restClient, type RestClient } from './executions.fixtures.js';

/** A task that waits for a task token the test answers: its events arrive when the test says. */
const APPROVAL = {
  StartAt: 'Approve',
  States: {
    Approve: {
      Type: 'Task',
      Resource: 'builtin:callback.waitForTaskToken',
      Parameters: { 'token.$': '$$.Task.Token' },
      End: true,
    },
  },
};

jest.setTimeout(120_000);

describeInChromium('the console admin pages and GraphiQL in Chromium', () => {
  let booted: BootedApp;
  let rest: RestClient;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const foreign: string[] = [];
  const failed: string[] = [];

  /** Replaces the operation in GraphiQL's editor (insertText: no auto-closed brackets) and runs it. */
  const runInGraphiql = async (text: string) => {
    const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(text);
    // Monaco closes brackets as they are typed: drop what it added after the cursor.
    await page.keyboard.press('ControlOrMeta+Shift+End');
    await page.keyboard.press('Delete');
    await page.keyboard.press('ControlOrMeta+Enter');
  };
  const response = () => page.locator('.graphiql-response');

  beforeAll(async () => {
    buildConsole();
    booted = await bootApp();
    rest = restClient(booted);
    expect((await rest.post('/state-machines', { name: 'approval', definition: APPROVAL })).status).toBe(201);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    page.on('response', (answer) => {
      if (answer.status() >= 400) failed.push(`${answer.status()} ${new URL(answer.url()).pathname}`);
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(booted.url) && !/^(ws:\/\/127\.0\.0\.1|data:|blob:)/.test(request.url()))
        foreign.push(request.url());
    });
    await signIn(page, booted.url, TEST_ADMIN.email, TEST_ADMIN.password);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await booted?.close();
  });

  it('lets an admin create a user, change their role and disable them', async () => {
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor(DEADLINE);
    await page.getByRole('row', { name: new RegExp(TEST_ADMIN.email) }).waitFor(DEADLINE);
    const form = page.getByRole('form', { name: 'Create a user' });
    await form.getByLabel('Email').fill('dora@stepgraph.test');
    await form.getByLabel('Password').fill(TEST_PASSWORD);
    await form.getByLabel('Role').selectOption('operator');
    await form.getByRole('button', { name: 'Create user' }).click();
    const row = page.locator('tr[data-user="dora@stepgraph.test"]');
    await row.waitFor(DEADLINE);
    expect(await row.getByLabel('Role of dora@stepgraph.test').inputValue()).toBe('operator');

    await row.getByLabel('Role of dora@stepgraph.test').selectOption('editor');
    await row.getByRole('button', { name: 'Disable dora@stepgraph.test' }).click();
    await row.getByRole('button', { name: 'Enable dora@stepgraph.test' }).waitFor(DEADLINE);
    // The server holds the change: a reload shows it.
    await page.reload();
    await row.getByText('Disabled').waitFor(DEADLINE);
    expect(await row.getByLabel('Role of dora@stepgraph.test').inputValue()).toBe('editor');
    // A disabled user cannot sign in.
    const refused = await fetch(`${booted.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'dora@stepgraph.test', password: TEST_PASSWORD }),
    });
    expect(refused.status).toBe(401);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-admin-users.png') });
  });

  it('says why a user could not be created, in words with the code', async () => {
    const form = page.getByRole('form', { name: 'Create a user' });
    await form.getByLabel('Email').fill('dora@stepgraph.test');
    await form.getByLabel('Password').fill(TEST_PASSWORD);
    await form.getByRole('button', { name: 'Create user' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor(DEADLINE);
    expect(await alert.textContent()).toMatch(/[A-Z_]{5,}/);
  });

  it('shows a new API key and its access key pair once, forgets them on reload, and revokes the key', async () => {
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor(DEADLINE);
    const form = page.getByRole('form', { name: 'Create an API key' });
    await form.getByLabel('Name').fill('billing worker');
    await form.getByLabel('Role').selectOption('worker');
    await form.getByRole('button', { name: 'Create API key' }).click();
    // Each value is a textbox; its Copy button's label names it too.
    const shown = (name: string) => page.getByRole('textbox', { name, exact: true });
    const secret = shown('New API key');
    await secret.waitFor(DEADLINE);
    await page.getByText('will not be shown again').waitFor(DEADLINE);
    await page.getByRole('button', { name: 'Copy New API key' }).waitFor(DEADLINE);
    await page.getByRole('button', { name: 'Copy Secret access key' }).waitFor(DEADLINE);
    const key = await secret.inputValue();
    const accessKeyId = await shown('Access key id').inputValue();
    const secretAccessKey = await shown('Secret access key').inputValue();
    expect(accessKeyId).toMatch(/^SGAK[A-Z2-7]{16}$/);
    expect(secretAccessKey).toHaveLength(40);
    await page.locator('tr[data-api-key="billing worker"]').getByText(accessKeyId).waitFor(DEADLINE);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-admin-api-keys.png') });

    // The key works as a bearer token (a worker may read the API version).
    const answer = await fetch(`${booted.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: '{ apiVersion }' }),
    });
    expect(((await answer.json()) as { data?: unknown }).data).toEqual({ apiVersion: 'v1' });

    await page.reload();
    await page.locator('tr[data-api-key="billing worker"]').waitFor(DEADLINE);
    expect(await shown('New API key').count()).toBe(0);
    expect(await page.content()).not.toContain(key);
    expect(await page.content()).not.toContain(secretAccessKey);
    // The access key id is no secret: the list keeps showing it, as AWS's console does.
    await page.locator('tr[data-api-key="billing worker"]').getByText(accessKeyId).waitFor(DEADLINE);

    await page.getByRole('button', { name: 'Revoke billing worker' }).click();
    await page.getByRole('button', { name: 'Confirm revoking billing worker' }).click();
    await page.locator('tr[data-api-key="billing worker"]').waitFor({ state: 'detached', ...DEADLINE });
    const refused = await fetch(`${booted.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: '{ apiVersion }' }),
    });
    expect(refused.status).toBe(401);
  });

  it('shows the audit rows of those acts, newest first, filtered by operation', async () => {
    await page.goto(`${booted.url}/admin/audit`);
    await page.getByRole('heading', { name: 'Audit log' }).waitFor(DEADLINE);
    await page.getByLabel('Operation').fill('revokeApiKey');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('cell', { name: 'revokeApiKey' }).first().waitFor(DEADLINE);
    expect(new URL(page.url()).search).toBe('?operation=revokeApiKey');
    const operations = await page.locator('table.audit tbody tr td:nth-child(3)').allTextContents();
    expect(operations).toEqual(['revokeApiKey']);

    for (const operation of ['createUser', 'updateUser', 'createApiKey']) {
      await page.goto(`${booted.url}/admin/audit?operation=${operation}&outcome=success`);
      await page.getByRole('cell', { name: operation }).first().waitFor(DEADLINE);
      const shown = await page.locator('table.audit tbody tr td:nth-child(3)').allTextContents();
      expect(new Set(shown)).toEqual(new Set([operation]));
    }
    // updateUser twice (the role, then disabled): newest first.
    await page.goto(`${booted.url}/admin/audit?operation=updateUser`);
    await page.getByRole('cell', { name: 'updateUser' }).first().waitFor(DEADLINE);
    const seqs = (await page.locator('table.audit tbody tr td:first-child').allTextContents()).map(Number);
    expect(seqs.length).toBeGreaterThanOrEqual(2);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${booted.url}/admin/audit`);
    await page.locator('table.audit tbody tr').first().waitFor(DEADLINE);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-admin-audit.png') });
  });

  it('filters the audit log by actor and time range on the server, from the form into the URL', async () => {
    const { user } = await login(booted.url, TEST_ADMIN.email, TEST_ADMIN.password);
    await page.goto(`${booted.url}/admin/audit`);
    await page.locator('table.audit tbody tr').first().waitFor(DEADLINE);
    await page.getByLabel('Actor id').fill(user.id);
    await page.getByLabel('Outcome').selectOption('success');
    await page.getByLabel('From').fill('2000-01-01T00:00');
    await page.getByLabel('Before').fill('2000-01-02T00:00');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('No audit rows match.').waitFor(DEADLINE);
    const query = new URL(page.url()).searchParams;
    expect(query.get('actor')).toBe(user.id);
    expect(query.get('outcome')).toBe('success');
    expect(new Date(query.get('since')!).getFullYear()).toBe(2000);

    await page.getByLabel('Before').fill('');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('cell', { name: 'createApiKey' }).first().waitFor(DEADLINE);
    const actors = await page.locator('table.audit tbody tr td:nth-child(5)').allTextContents();
    expect(actors.length).toBeGreaterThan(0);
    expect(actors.every((actor) => actor.includes(user.id))).toBe(true);
    // A shared link opens with its filter in the form.
    await page.goto(`${booted.url}/admin/audit?outcome=denied&until=2000-01-02T00:00:00.000Z`);
    await page.getByText('No audit rows match.').waitFor(DEADLINE);
    expect(await page.getByLabel('Outcome').inputValue()).toBe('denied');
    expect(await page.getByLabel('Before').inputValue()).toMatch(/^2000-01-0[12]T/);
  });

  it('runs { apiVersion } in the bundled GraphiQL with the signed-in user’s token', async () => {
    const answer = await page.goto(`${booted.url}/graphiql`);
    const csp = answer!.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor(DEADLINE);
    await runInGraphiql('{ apiVersion me { email } }');
    await response().filter({ hasText: TEST_ADMIN.email }).waitFor(DEADLINE);
    await response().filter({ hasText: '"v1"' }).waitFor(DEADLINE);
  });

  it('follows a live subscription in GraphiQL over graphql-ws: an event arrives as it happens', async () => {
    const started = await rest.post('/state-machines/approval/executions', { name: 'graphiql-live' });
    const { id } = (await started.json()) as { id: string };
    const token = await callbackToken(booted, id);
    await runInGraphiql(`subscription { executionEvents(executionId: "${id}") { seq type stateName } }`);
    // GraphiQL shows a subscription's latest event: first one of the replayed history.
    await response().filter({ hasText: 'executionEvents' }).waitFor(DEADLINE);
    expect(await response().filter({ hasText: 'ExecutionSucceeded' }).count()).toBe(0);
    expect((await rest.post('/tasks/success', { taskToken: token, output: { ok: true } })).status).toBe(204);
    await response().filter({ hasText: 'ExecutionSucceeded' }).waitFor(DEADLINE);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-graphiql.png') });
  });

  it('shows a viewer no admin link, and "not allowed" in words on an admin URL', async () => {
    const viewer = await createUser(booted.url, booted.adminToken, 'viewer');
    const viewerContext = await browser.newContext();
    try {
      const viewerPage = await viewerContext.newPage();
      await signIn(viewerPage, booted.url, viewer.user.email, TEST_PASSWORD);
      expect(await viewerPage.getByRole('link', { name: 'Admin' }).count()).toBe(0);
      for (const [path, title] of [
        ['/admin/users', 'Users'],
        ['/admin/api-keys', 'API keys'],
        ['/admin/audit', 'Audit log'],
      ] as const) {
        await viewerPage.goto(`${booted.url}${path}`);
        await viewerPage.getByRole('heading', { name: title }).waitFor(DEADLINE);
        await viewerPage.getByRole('alert').filter({ hasText: 'Not allowed' }).waitFor(DEADLINE);
        expect(await viewerPage.getByRole('button').allTextContents()).toEqual(['Sign out']);
        expect(await viewerPage.getByRole('table').count()).toBe(0);
        expect(await seriousViolations(viewerPage)).toEqual([]);
      }
    } finally {
      await viewerContext.close();
    }
  });

  it('loaded nothing from another origin, every file it asked for, broke no CSP rule, threw nothing', () => {
    expect(foreign).toEqual([]);
    // The first visit has no session cookie yet, so its refresh answers 401; nothing else failed.
    expect(failed).toEqual(['401 /api/v1/auth/session/refresh']);
    expect(pageErrors.filter((error) => !error.startsWith('Failed to load resource'))).toEqual([]);
  });
});

describeInChromium('GraphiQL when access tokens expire', () => {
  let booted: BootedApp;
  let browser: Browser;

  beforeAll(async () => {
    buildConsole();
    // Short-lived access tokens: the server closes a socket when its token expires (4401).
    booted = await bootApp({ ACCESS_TOKEN_TTL_SECONDS: '3' });
    // It waits for the test's answer: running for as long as the test needs, with no timer to outwait.
    const definition = {
      StartAt: 'Hold',
      States: {
        Hold: {
          Type: 'Task',
          Resource: 'builtin:callback.waitForTaskToken',
          Parameters: { 'token.$': '$$.Task.Token' },
          End: true,
        },
      },
    };
    expect((await restClient(booted).post('/state-machines', { name: 'hold', definition })).status).toBe(201);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await booted?.close();
  });

  it('keeps a subscription going past the expiry of the token its socket opened with', async () => {
    const page = await browser.newPage();
    /** The sockets that subscribed to the execution's events, in the order they did. */
    const subscribed: WebSocket[] = [];
    page.on('websocket', (socket) =>
      socket.on('framesent', ({ payload }) => {
        if (String(payload).includes('executionEvents') && !subscribed.includes(socket))
          subscribed.push(socket);
      }),
    );
    await page.goto(booted.url);
    await page.getByLabel('Email').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Executions' }).waitFor(DEADLINE);
    await page.goto(`${booted.url}/graphiql`);
    const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await editor.waitFor(DEADLINE);
    // booted.adminToken has expired by now: a token of its own.
    const { accessToken } = await login(booted.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const started = await fetch(`${booted.url}/api/v1/state-machines/hold/executions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ name: 'past-expiry' }),
    });
    expect(started.status).toBe(201);
    const { id } = (await started.json()) as { id: string };
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(`subscription { executionEvents(executionId: "${id}") { seq type } }`);
    await page.keyboard.press('ControlOrMeta+Shift+End');
    await page.keyboard.press('Delete');
    await page.keyboard.press('ControlOrMeta+Enter');
    const response = page.locator('.graphiql-response');
    await response.filter({ hasText: 'executionEvents' }).waitFor(DEADLINE);
    // The server closes the socket when the token it opened with expires (4401); the subscription
    // starts again on a new socket. Only then does the execution end, and its end still arrives.
    await waitFor(() => (subscribed.length >= 2 && subscribed[0].isClosed() ? true : undefined), {
      timeoutMs: DEADLINE.timeout,
      what: 'the subscription to start again on a new socket once its token expired',
    });
    const answerer = await login(booted.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const answered = await fetch(`${booted.url}/api/v1/tasks/success`, {
      method: 'POST',
      headers: { authorization: `Bearer ${answerer.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ taskToken: await callbackToken(booted, id), output: {} }),
    });
    expect(answered.status).toBe(204);
    await response.filter({ hasText: 'ExecutionSucceeded' }).waitFor(DEADLINE);
    expect(await response.filter({ hasText: 'errors' }).count()).toBe(0);
  });
});
