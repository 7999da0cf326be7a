import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { bootApp, type BootedApp } from '../support/app.js';
import { createUser, TEST_ADMIN, TEST_PASSWORD } from '../support/auth.js';
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
import { restClient, type RestClient } from './executions.fixtures.js';

/** A person approves: the task waits for a token its Parameters pass on, then the output decides. */
const APPROVAL = {
  StartAt: 'Approve',
  States: {
    Approve: {
      Type: 'Task',
      Resource: 'builtin:callback.waitForTaskToken',
      Parameters: { 'order.$': '$.order', 'token.$': '$$.Task.Token' },
      Next: 'Route',
    },
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.approved', BooleanEquals: true, Next: 'Shipped' }],
      Default: 'Rejected',
    },
    Shipped: { Type: 'Succeed' },
    Rejected: { Type: 'Fail', Error: 'Rejected' },
  },
};

/** The same approval, its Parameters without the token: the page has it from the API alone. */
const SILENT_APPROVAL = {
  ...APPROVAL,
  States: {
    ...APPROVAL.States,
    Approve: { ...APPROVAL.States.Approve, Parameters: { 'order.$': '$.order' } },
  },
};

/** Loops of two Pass and Choice states: 4 events a turn, 4 × 6,249 + 6 = 25,002 events in all. */
const TURNS = 6_249;
const LONG_HISTORY = {
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Result: 0, ResultPath: '$.i', Next: 'Step' },
    Step: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'More' },
    More: {
      Type: 'Choice',
      Choices: [{ Variable: '$.i', NumericLessThan: TURNS, Next: 'Step' }],
      Default: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};
const LONG_HISTORY_EVENTS = 4 * TURNS + 6;

jest.setTimeout(180_000);

describeInChromium('the execution page: the event table and its actions, in Chromium', () => {
  let booted: BootedApp;
  let rest: RestClient;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  const start = async (machine: string, name: string, input: unknown = {}): Promise<string> => {
    const response = await rest.post(`/state-machines/${machine}/executions`, { name, input });
    expect(response.status).toBeLessThan(300);
    return ((await response.json()) as { id: string }).id;
  };
  const execution = async (id: string) =>
    (await (await rest.get(`/executions/${id}`)).json()) as {
      status: string;
      input: unknown;
      version: number;
      paused: boolean;
    };
  const statusBadge = (status: string) => page.locator('h1 .status-badge', { hasText: status });
  const renderedRows = () => page.locator('.event-rows tbody tr[data-seq]').count();
  /** The long history's execution, started first: the engine writes its 25,002 events while the other tests run. */
  let longHistoryId: string;

  beforeAll(async () => {
    buildConsole();
    booted = await bootApp();
    rest = restClient(booted);
    for (const [name, definition] of [
      ['approval', APPROVAL],
      ['silent-approval', SILENT_APPROVAL],
      ['long-history', LONG_HISTORY],
    ] as const) {
      expect((await rest.post('/state-machines', { name, definition })).status).toBe(201);
    }
    longHistoryId = await start('long-history', 'long-1');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    page = await context.newPage();
    await signIn(page, booted.url, TEST_ADMIN.email, TEST_ADMIN.password);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await booted?.close();
  });

  it('refuses bad JSON in Send success, then sends good JSON and the execution succeeds live', async () => {
    const id = await start('approval', 'approve-1', { order: 'A-17' });
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.postData()?.includes('sendTaskSuccess'))
        sent.push(request.url());
    });
    await page.goto(`${booted.url}/executions/${id}`);
    const task = page.locator('[data-waiting-task="Approve"]');
    await task.waitFor(DEADLINE);
    await task.getByLabel('Output').fill('{approved: true}');
    await task.getByRole('button', { name: 'Send success' }).click();
    await task.getByRole('alert').filter({ hasText: 'Not valid JSON' }).waitFor(DEADLINE);
    expect(sent).toEqual([]);
    await task.getByLabel('Output').fill('{"approved": true}');
    await task.getByRole('button', { name: 'Send success' }).click();
    await statusBadge('SUCCEEDED').waitFor(DEADLINE);
    await page.locator('[data-state="Shipped"][data-status="SUCCEEDED"]').waitFor(DEADLINE);
    expect(sent).toHaveLength(1);
    expect((await execution(id)).status).toBe('SUCCEEDED');
    // Nothing waits any more: the answer forms go (the waiting tasks are a query of their own).
    await page
      .locator('[data-waiting-task]')
      .first()
      .waitFor({ ...DEADLINE, state: 'detached' });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('answers a task whose Parameters do not pass its token: the token comes from the API', async () => {
    const id = await start('silent-approval', 'silent-1', { order: 'S-1' });
    await page.goto(`${booted.url}/executions/${id}`);
    const task = page.locator('[data-waiting-task="Approve"]');
    await task.waitFor(DEADLINE);
    await task.getByLabel('Output').fill('{"approved": true}');
    await task.getByRole('button', { name: 'Send success' }).click();
    await statusBadge('SUCCEEDED').waitFor(DEADLINE);
    expect((await execution(id)).status).toBe('SUCCEEDED');
    await page
      .locator('[data-waiting-task]')
      .first()
      .waitFor({ ...DEADLINE, state: 'detached' });
  });

  it('sends a failure with its error and cause: the execution fails live, then a redrive from the page succeeds', async () => {
    const id = await start('approval', 'approve-2', { order: 'B-2' });
    await page.goto(`${booted.url}/executions/${id}`);
    const task = page.locator('[data-waiting-task="Approve"]');
    await task.waitFor(DEADLINE);
    expect(await seriousViolations(page)).toEqual([]);
    await task.getByLabel('Error').fill('Refused');
    await task.getByLabel('Cause').fill('the order is over budget');
    await task.getByRole('button', { name: 'Send failure' }).click();
    await statusBadge('FAILED').waitFor(DEADLINE);
    await page.getByText('the order is over budget').first().waitFor(DEADLINE);

    await page.getByRole('button', { name: 'Redrive' }).click();
    await statusBadge('RUNNING').waitFor(DEADLINE);
    const again = page.locator('[data-waiting-task="Approve"]');
    await again.waitFor(DEADLINE);
    await again.getByLabel('Output').fill('{"approved": true}');
    await again.getByRole('button', { name: 'Send success' }).click();
    await statusBadge('SUCCEEDED').waitFor(DEADLINE);
    expect((await execution(id)).status).toBe('SUCCEEDED');
  });

  it('pauses from the page with a "Paused by" badge, seen live in a second tab: an answer waits, and Resume finishes the execution live', async () => {
    const id = await start('approval', 'approve-pause', { order: 'P-1' });
    // A second tab on the same execution learns of the pause and the resume from executionUpdated.
    const watcher = await context.newPage();
    await watcher.goto(`${booted.url}/executions/${id}`);
    await watcher.locator('[data-waiting-task="Approve"]').waitFor(DEADLINE);
    await page.goto(`${booted.url}/executions/${id}`);
    const task = page.locator('[data-waiting-task="Approve"]');
    await task.waitFor(DEADLINE);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.locator('h1 .paused-badge', { hasText: `Paused by ${TEST_ADMIN.email}` }).waitFor(DEADLINE);
    expect(await seriousViolations(page)).toEqual([]);
    await watcher.locator('h1 .paused-badge', { hasText: `Paused by ${TEST_ADMIN.email}` }).waitFor(DEADLINE);
    await watcher.getByRole('button', { name: 'Resume' }).waitFor(DEADLINE);
    await watcher.locator('.waiting-on [data-wait-kind="PAUSED"]').waitFor(DEADLINE);

    await task.getByLabel('Output').fill('{"approved": true}');
    await task.getByRole('button', { name: 'Send success' }).click();
    // The answer is taken (the task no longer waits) but the execution does not move on.
    await waitFor(async () => {
      const open = (await (await rest.get(`/executions/${id}/waiting-tasks`)).json()) as unknown[];
      return open.length === 0 ? true : undefined;
    });
    expect(await execution(id)).toMatchObject({ status: 'RUNNING', paused: true });

    await page.getByRole('button', { name: 'Resume' }).click();
    await statusBadge('SUCCEEDED').waitFor(DEADLINE);
    expect(await page.locator('h1 .paused-badge').count()).toBe(0);
    expect((await execution(id)).status).toBe('SUCCEEDED');
    await watcher.locator('h1 .status-badge', { hasText: 'SUCCEEDED' }).waitFor(DEADLINE);
    expect(await watcher.locator('h1 .paused-badge').count()).toBe(0);
    await watcher.close();
  });

  it('starts again: a new execution of the same version with the same input, opened at once', async () => {
    const id = await start('approval', 'approve-3', { order: 'C-3', note: 'same input' });
    await page.goto(`${booted.url}/executions/${id}`);
    await page.locator('[data-waiting-task="Approve"]').waitFor(DEADLINE);
    await page.getByRole('button', { name: 'Start again' }).click();
    await page.waitForURL(
      (url) => url.pathname.startsWith('/executions/') && !url.pathname.endsWith(id),
      DEADLINE,
    );
    const newId = new URL(page.url()).pathname.split('/').at(-1)!;
    await page.locator('[data-waiting-task="Approve"]').waitFor(DEADLINE);
    const [before, after] = [await execution(id), await execution(newId)];
    expect(after.input).toEqual({ order: 'C-3', note: 'same input' });
    expect(after.version).toBe(before.version);
    expect(after.status).toBe('RUNNING');
  });

  it('opens a 25,000-event history at its first rows and reads the last ones when scrolled to the end, holding a few rows only', async () => {
    const id = longHistoryId;
    await waitFor(async () => ((await execution(id)).status === 'SUCCEEDED' ? true : undefined), {
      timeoutMs: 150_000,
      intervalMs: 500,
      what: 'the long history to end',
    });
    await page.goto(`${booted.url}/executions/${id}`);
    await page.getByText(`${LONG_HISTORY_EVENTS} events`, { exact: true }).waitFor(DEADLINE);
    await page.locator('[data-seq="1"]', { hasText: 'ExecutionStarted' }).waitFor(DEADLINE);
    expect(await renderedRows()).toBeLessThan(200);

    const viewport = page.getByRole('region', { name: 'Events, scrollable' });
    await viewport.evaluate((element) => (element.scrollTop = element.scrollHeight));
    await page
      .locator(`[data-seq="${LONG_HISTORY_EVENTS}"]`, { hasText: 'ExecutionSucceeded' })
      .waitFor(DEADLINE);
    expect(await renderedRows()).toBeLessThan(200);
    // Half way: the rows there are read too, without reading what lies between.
    await viewport.evaluate((element) => (element.scrollTop = element.scrollHeight / 2));
    await page.locator('[data-seq="12500"]', { hasText: /StateEntered|StateExited/ }).waitFor(DEADLINE);

    await page.getByLabel('Event type').selectOption('SucceedStateEntered');
    await page
      .locator(`[data-seq="${LONG_HISTORY_EVENTS - 2}"]`, { hasText: 'SucceedStateEntered' })
      .waitFor({ timeout: 60_000 });
    expect(await renderedRows()).toBe(1);
    await page.getByText(`1 matching of ${LONG_HISTORY_EVENTS} events`, { exact: false }).waitFor(DEADLINE);

    await page.getByLabel('Event type').selectOption('');
    await page.getByLabel('Search details').fill('"i":6249');
    await page.locator(`[data-seq]`, { hasText: '"i":6249' }).first().waitFor({ timeout: 60_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Search details').fill('');
    await page.locator('[data-seq="1"]').waitFor(DEADLINE);
    await page.getByRole('heading', { name: 'Events' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'console-execution-events.png'), fullPage: true });
  });

  it('shows a viewer neither Start again, Pause nor the answers to a waiting task', async () => {
    const id = await start('approval', 'approve-4', { order: 'D-4' });
    const viewer = await createUser(booted.url, booted.adminToken, 'viewer');
    const viewerContext = await browser.newContext();
    try {
      const viewerPage = await viewerContext.newPage();
      await signIn(viewerPage, booted.url, viewer.user.email, TEST_PASSWORD);
      await viewerPage.goto(`${booted.url}/executions/${id}`);
      await viewerPage.locator('[data-state="Approve"][data-status="RUNNING"]').waitFor(DEADLINE);
      await viewerPage.locator('[data-seq="1"]').waitFor(DEADLINE);
      for (const name of ['Start again', 'Send success', 'Send failure', 'Pause', 'Resume'])
        expect(await viewerPage.getByRole('button', { name }).count()).toBe(0);
    } finally {
      await viewerContext.close();
    }
  });
});
