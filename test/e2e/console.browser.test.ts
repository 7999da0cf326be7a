import { join } from 'node:path';
import { errors, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { bootApp, type BootedApp } from '../support/app.js';
import { createUser, login, TEST_ADMIN, TEST_PASSWORD } from '../support/auth.js';
import {
  DEADLINE,
  describeInChromium,
  launchChromium,
  nodeOf,
  SCREENSHOTS,
  seriousViolations,
  signIn,
} from '../support/browser.js';
import { buildConsole } from '../support/console-build.js';
import { callbackToken, restClient, type RestClient } from './executions.fixtures.js';

/**
 * Wait → Task (waiting for a task token the test answers, with a Catcher) → Choice → Parallel of two
 * branches, one of them ending in a Map over the task's `lines`.
 */
const PIPELINE = {
  StartAt: 'Pause',
  States: {
    Pause: { Type: 'Wait', Seconds: 1, Next: 'Approve' },
    Approve: {
      Type: 'Task',
      Resource: 'builtin:callback.waitForTaskToken',
      Parameters: { 'token.$': '$$.Task.Token' },
      Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Rejected' }],
      Next: 'Route',
    },
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.approved', BooleanEquals: true, Next: 'Ship' }],
      Default: 'Rejected',
    },
    Ship: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Pack', States: { Pack: { Type: 'Pass', End: true } } },
        {
          StartAt: 'Invoice',
          States: {
            Invoice: { Type: 'Task', Resource: 'builtin:echo', Next: 'Lines' },
            Lines: {
              Type: 'Map',
              ItemsPath: '$.lines',
              ItemProcessor: { StartAt: 'Line', States: { Line: { Type: 'Pass', End: true } } },
              End: true,
            },
          },
        },
      ],
      End: true,
    },
    Rejected: { Type: 'Fail', Error: 'Rejected' },
  },
};

/** PIPELINE's edges, by the ids the graph model gives them (web/src/graph/graph-model.ts). */
const PIPELINE_EDGES = [
  'Approve->Rejected:catch:Catch States.Timeout',
  'Approve->Route:next',
  'Pause->Approve:next',
  'Route->Rejected:default:Default',
  'Route->Ship:choice:Rule 1',
  'Ship/branch 2/Invoice->Ship/branch 2/Lines:next',
];

/** A Wait long enough to be stopped by hand. */
const LONG_WAIT = { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } } };

// A browser step waits for up to DEADLINE; a test makes several.
jest.setTimeout(120_000);

describeInChromium('the web console in Chromium', () => {
  let booted: BootedApp;
  let rest: RestClient;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  const start = async (machine: string, name: string, input: unknown = {}): Promise<string> => {
    const response = await rest.post(`/state-machines/${machine}/executions`, { name, input });
    expect(response.status).toBeLessThan(300);
    return ((await response.json()) as { id: string }).id;
  };
  /** The ids of the edges the graph draws (a line with a path), sorted. */
  const drawnEdges = (target: Page): Promise<string[]> =>
    target.evaluate(`[...document.querySelectorAll('.react-flow__edge')]
      .filter((edge) => edge.querySelector('.react-flow__edge-path')?.getAttribute('d'))
      .map((edge) => edge.getAttribute('data-id'))
      .sort()`);
  /**
   * Waits (with a deadline) until the graph draws `count` edges; lets the caller's assertion say
   * which are missing if it never does. (A locator: the CSP forbids the eval of waitForFunction.)
   */
  const awaitDrawnEdges = (target: Page, count: number) =>
    target
      .locator('.react-flow__edge-path[d]:not([d=""])')
      .nth(count - 1)
      .waitFor(DEADLINE)
      .catch((error: unknown) => {
        if (!(error instanceof errors.TimeoutError)) throw error;
      });
  /** The order-1 execution of PIPELINE, once the live test has run it. */
  let orderId: string;

  beforeAll(async () => {
    buildConsole();
    booted = await bootApp();
    rest = restClient(booted);
    for (const [name, definition] of [
      ['pipeline', PIPELINE],
      ['long-wait', LONG_WAIT],
    ] as const) {
      expect((await rest.post('/state-machines', { name, definition })).status).toBe(201);
    }
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await booted?.close();
  });

  it('opens on the sign-in page with the CSP header, accessible, with nothing loaded from elsewhere', async () => {
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(booted.url) && !request.url().startsWith('ws://127.0.0.1'))
        foreign.push(request.url());
    });
    const response = await page.goto(booted.url);
    expect(response!.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response!.headers()['content-security-policy']).not.toContain('unsafe-inline');
    await page.getByRole('button', { name: 'Sign in' }).waitFor(DEADLINE);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-sign-in.png') });
    expect(foreign).toEqual([]);
  });

  it('says why a sign-in failed, in words with the code', async () => {
    await page.getByLabel('Email').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Invalid email or password' }).waitFor(DEADLINE);
    expect(await page.getByRole('alert').textContent()).toContain('UNAUTHENTICATED');
  });

  it('signs in to the executions list and keeps no token in localStorage or sessionStorage', async () => {
    await signIn(page, booted.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const stored = await page.evaluate(
      '({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie })',
    );
    expect(stored).toEqual({ local: 0, session: 0, cookie: '' });
  });

  it('keeps the session across a reload (the page refreshes from its HttpOnly cookie)', async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Executions' }).waitFor(DEADLINE);
    await page.getByText(TEST_ADMIN.email).waitFor(DEADLINE);
  });

  it('shows a new execution in the list live, and its graph going green state by state without reloading', async () => {
    await page.goto(`${booted.url}/executions?machine=pipeline`);
    await page.getByText('No executions match.').waitFor(DEADLINE);
    // A reload would lose this mark: it proves every change below arrived live.
    await page.evaluate('window.notReloaded = true');
    const id = await start('pipeline', 'order-1', { approved: true });
    orderId = id;
    await page.getByRole('link', { name: 'order-1' }).click();
    await page.getByRole('heading', { name: /order-1/ }).waitFor(DEADLINE);
    await nodeOf(page, 'Pause', 'SUCCEEDED').waitFor(DEADLINE);
    await nodeOf(page, 'Approve', 'RUNNING').waitFor(DEADLINE);
    for (const state of ['Route', 'Ship', 'Pack', 'Invoice', 'Lines', 'Line']) {
      expect(await page.locator(`[data-state="${state}"]`).getAttribute('data-status')).toBe('NOT_STARTED');
    }
    const token = await callbackToken(booted, id);
    const output = { approved: true, lines: [1, 2, 3] };
    expect((await rest.post('/tasks/success', { taskToken: token, output })).status).toBe(204);
    for (const state of ['Approve', 'Route', 'Pack', 'Invoice', 'Line', 'Lines', 'Ship']) {
      await nodeOf(page, state, 'SUCCEEDED').waitFor(DEADLINE);
    }
    expect(await page.locator('[data-state="Rejected"]').getAttribute('data-status')).toBe('NOT_STARTED');
    await page.locator('.status-badge', { hasText: 'SUCCEEDED' }).first().waitFor(DEADLINE);
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    // The event table renders the rows in view only: the last event is there once scrolled to.
    await page
      .getByRole('region', { name: 'Events, scrollable' })
      .evaluate((element) => (element.scrollTop = element.scrollHeight));
    await page.getByRole('cell', { name: 'ExecutionSucceeded' }).waitFor(DEADLINE);
    // Every way out of a state is drawn, through all the status changes above; Catchers dashed.
    await awaitDrawnEdges(page, PIPELINE_EDGES.length);
    expect(await drawnEdges(page)).toEqual(PIPELINE_EDGES);
    expect(await page.locator('.react-flow__edge-text').allTextContents()).toEqual(
      expect.arrayContaining(['Rule 1', 'Default', 'Catch States.Timeout']),
    );
    const dashes = await page.evaluate(`[...document.querySelectorAll('.react-flow__edge')].map((edge) => [
      edge.getAttribute('data-id'),
      getComputedStyle(edge.querySelector('.react-flow__edge-path')).strokeDasharray,
    ])`);
    for (const [edge, dash] of dashes as [string, string][]) {
      expect([edge, dash !== 'none']).toEqual([edge, edge.includes(':catch:')]);
    }
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-execution.png'), fullPage: true });

    await page.goto(`${booted.url}/executions`);
    await page.getByRole('link', { name: 'order-1' }).waitFor(DEADLINE);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-executions.png') });
  });

  it('draws every edge from the layout alone, even in a browser that never reports the size of a node', async () => {
    const unmeasuredPage = await context.newPage();
    // React Flow measures nodes with a ResizeObserver; this one never reports anything.
    await unmeasuredPage.addInitScript(`
      window.ResizeObserver = class {
        observe() {}
        unobserve() {}
        disconnect() {}
      };
    `);
    try {
      await unmeasuredPage.goto(`${booted.url}/executions/${orderId}`);
      await nodeOf(unmeasuredPage, 'Ship', 'SUCCEEDED').waitFor(DEADLINE);
      await awaitDrawnEdges(unmeasuredPage, PIPELINE_EDGES.length);
      expect(await drawnEdges(unmeasuredPage)).toEqual(PIPELINE_EDGES);
    } finally {
      await unmeasuredPage.close();
    }
  });

  it('shows a lost connection in a banner, then resumes the events after the last seq it saw', async () => {
    const subscribed: Array<{ query: string; afterSeq?: number }> = [];
    const lossPage = await context.newPage();
    // Keep a hand on the page's sockets, to cut them as a network outage would.
    await lossPage.addInitScript(`
      const Native = window.WebSocket;
      window.openSockets = [];
      window.WebSocket = class extends Native {
        constructor(...args) {
          super(...args);
          window.openSockets.push(this);
        }
      };
    `);
    lossPage.on('websocket', (socket) => {
      socket.on('framesent', ({ payload }) => {
        const message = JSON.parse(String(payload)) as {
          type: string;
          payload?: { query: string; variables?: { afterSeq?: number } };
        };
        if (message.type === 'subscribe' && message.payload?.query.includes('executionEventBatches')) {
          subscribed.push({ query: 'executionEventBatches', afterSeq: message.payload.variables?.afterSeq });
        }
      });
    });
    try {
      const id = await start('pipeline', 'order-2', { approved: true });
      await lossPage.goto(`${booted.url}/executions/${id}`);
      await nodeOf(lossPage, 'Approve', 'RUNNING').waitFor(DEADLINE);
      const seen = Number(
        await lossPage.locator('table.events tbody tr').last().locator('td').first().textContent(),
      );
      await lossPage.evaluate('window.openSockets.forEach((socket) => socket.close(4000))');
      await lossPage.getByRole('status').filter({ hasText: 'Live updates lost' }).waitFor(DEADLINE);
      const token = await callbackToken(booted, id);
      const output = { approved: true, lines: [1] };
      expect((await rest.post('/tasks/success', { taskToken: token, output })).status).toBe(204);
      await nodeOf(lossPage, 'Ship', 'SUCCEEDED').waitFor(DEADLINE);
      expect(await lossPage.getByText('Live updates lost').count()).toBe(0);
      expect(subscribed[0]).toEqual({ query: 'executionEventBatches', afterSeq: 0 });
      expect(subscribed.at(-1)!.afterSeq).toBeGreaterThanOrEqual(seen);
      // Every event once, in order, although the subscription started twice.
      const seqs = (await lossPage.locator('table.events tbody tr td:first-child').allTextContents()).map(
        Number,
      );
      expect(seqs).toEqual(seqs.map((_, index) => index + 1));
    } finally {
      await lossPage.close();
    }
  });

  it('keeps the list filter in the URL, so that a view can be shared', async () => {
    await start('long-wait', 'hold-1');
    await page.goto(`${booted.url}/executions?status=SUCCEEDED`);
    await page.getByRole('link', { name: 'order-1' }).waitFor(DEADLINE);
    expect(await page.getByRole('link', { name: 'hold-1' }).count()).toBe(0);
    await page.getByLabel('Name starts with').fill('hold');
    await page.getByLabel('Status').selectOption('');
    await page.getByRole('button', { name: 'Filter' }).click();
    // Choosing "Any" status already lists hold-1 (with order-1); the name filter's answer then
    // removes order-1, so wait for that rather than for hold-1.
    await page.getByRole('link', { name: 'order-1' }).waitFor({ ...DEADLINE, state: 'detached' });
    expect(new URL(page.url()).search).toBe('?name=hold');
    expect(await page.getByRole('link', { name: 'hold-1' }).count()).toBe(1);
  });

  it('searches executions by an input condition and an error name, kept in the URL', async () => {
    await start('long-wait', 'gold-1', { customer: { tier: 'gold' } });
    await start('long-wait', 'basic-1', { customer: { tier: 'basic' } });
    await page.goto(`${booted.url}/executions`);
    await page.getByRole('link', { name: 'basic-1' }).waitFor(DEADLINE);
    await page.getByLabel('Input').fill('$.customer.tier == "gold"');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page
      .getByRole('caption')
      .filter({ hasText: /^1 execution$/ })
      .waitFor(DEADLINE);
    expect(await page.getByRole('link', { name: 'gold-1' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'basic-1' }).count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('input')).toBe('$.customer.tier == "gold"');
    await page.getByLabel('Error name').fill('States.TaskFailed');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('No executions match.').waitFor(DEADLINE);
    await page.getByLabel('Error name').fill('');
    await page.getByLabel('Input').fill('$.customer[0] == 1');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('alert').filter({ hasText: 'array indexes' }).waitFor(DEADLINE);
  });

  it('stops a running execution and redrives it, for a role that may', async () => {
    const id = await start('long-wait', 'hold-2');
    await page.goto(`${booted.url}/executions/${id}`);
    await nodeOf(page, 'Hold', 'RUNNING').waitFor(DEADLINE);
    await page.getByRole('button', { name: 'Stop' }).click();
    await nodeOf(page, 'Hold', 'ABORTED').waitFor(DEADLINE);
    await page.getByRole('button', { name: 'Redrive' }).click();
    await nodeOf(page, 'Hold', 'RUNNING').waitFor(DEADLINE);
    await page.getByRole('button', { name: 'Stop' }).waitFor(DEADLINE);
  });

  it('shows a viewer no Stop or Redrive button', async () => {
    const viewer = await createUser(booted.url, booted.adminToken, 'viewer');
    const viewerContext = await browser.newContext();
    try {
      const viewerPage = await viewerContext.newPage();
      await signIn(viewerPage, booted.url, viewer.user.email, TEST_PASSWORD);
      const id = await start('long-wait', 'hold-3');
      await viewerPage.goto(`${booted.url}/executions/${id}`);
      await nodeOf(viewerPage, 'Hold', 'RUNNING').waitFor(DEADLINE);
      expect(await viewerPage.getByRole('button', { name: 'Stop' }).count()).toBe(0);
      expect(await viewerPage.getByRole('button', { name: 'Redrive' }).count()).toBe(0);
    } finally {
      await viewerContext.close();
    }
  });

  it('shows an unknown execution as an error in words, not a blank page', async () => {
    await page.goto(`${booted.url}/executions/00000000-0000-4000-8000-000000000000`);
    await page.getByRole('alert').filter({ hasText: 'NOT_FOUND' }).waitFor(DEADLINE);
  });

  it('signs out, revoking the session: a reload asks for a sign-in again', async () => {
    await page.goto(`${booted.url}/executions`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor(DEADLINE);
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor(DEADLINE);
  });

  it('broke no rule of the Content-Security-Policy and threw nothing on any page', () => {
    // A failed sign-in and a missing execution answer 401/404, which Chromium logs as errors.
    expect(pageErrors.filter((error) => !/status of (401|404)/.test(error))).toEqual([]);
  });
});

describeInChromium('the web console when access tokens expire', () => {
  let booted: BootedApp;
  let browser: Browser;

  beforeAll(async () => {
    buildConsole();
    // Short-lived access tokens: the server closes a socket when its token expires (4401).
    booted = await bootApp({ ACCESS_TOKEN_TTL_SECONDS: '3' });
    const rest = restClient(booted);
    // It waits for the test's answer: RUNNING for as long as the test needs, with no timer to outwait.
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
    expect((await rest.post('/state-machines', { name: 'hold', definition })).status).toBe(201);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await booted?.close();
  });

  it('keeps the graph live past the expiry of the token its socket opened with', async () => {
    const page = await browser.newPage();
    await page.goto(booted.url);
    await page.getByLabel('Email').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Executions' }).waitFor(DEADLINE);
    // A token of its own: the boot's has outlived its 3 seconds by now.
    const { accessToken } = await login(booted.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const response = await fetch(`${booted.url}/api/v1/state-machines/hold/executions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'past-expiry' }),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const [socket] = await Promise.all([
      page.waitForEvent('websocket', DEADLINE),
      page.goto(`${booted.url}/executions/${id}`),
    ]);
    const reopened = page.waitForEvent('websocket', DEADLINE);
    await page.locator('[data-state="Hold"][data-status="RUNNING"]').waitFor(DEADLINE);
    // The server closes the graph's socket when the token it opened with expires (4401); the page
    // subscribes again on a new socket. Only then does the execution end, and its end arrives live.
    if (!socket.isClosed()) await socket.waitForEvent('close', DEADLINE);
    await reopened;
    // The first token has expired too by now: another of its own.
    const answerer = await login(booted.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const answered = await fetch(`${booted.url}/api/v1/tasks/success`, {
      method: 'POST',
      headers: { authorization: `Bearer ${answerer.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ taskToken: await callbackToken(booted, id), output: {} }),
    });
    expect(answered.status).toBe(204);
    await page.locator('[data-state="Hold"][data-status="SUCCEEDED"]').waitFor(DEADLINE);
    await page.locator('.status-badge', { hasText: 'SUCCEEDED' }).first().waitFor(DEADLINE);
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});
