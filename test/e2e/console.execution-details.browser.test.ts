import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { bootApp, type BootedApp } from '../support/app.js';
import { TEST_ADMIN } from '../support/auth.js';
import {
  DEADLINE,
  describeInChromium,
  launchChromium,
  SCREENSHOTS,
  seriousViolations,
} from '../support/browser.js';
import { buildConsole } from '../support/console-build.js';
import { restClient, type RestClient } from './executions.fixtures.js';

/**
 * A task that fails twice and succeeds on its third attempt, then a Map of three items whose
 * iterations take different ways through a Choice (item 2 goes to `Two`, the others to `Other`),
 * then a Parallel of two branches.
 */
const RETRY_THEN_MAP = {
  StartAt: 'Flaky',
  States: {
    Flaky: {
      Type: 'Task',
      Resource: 'builtin:flaky',
      Parameters: { failures: 2, 'items.$': '$.items' },
      Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, BackoffRate: 1, MaxAttempts: 3 }],
      Next: 'Each',
    },
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: {
        StartAt: 'Check',
        States: {
          Check: {
            Type: 'Choice',
            Choices: [{ Variable: '$', NumericEquals: 2, Next: 'Two' }],
            Default: 'Other',
          },
          Two: { Type: 'Pass', End: true },
          Other: { Type: 'Pass', End: true },
        },
      },
      Next: 'Ship',
    },
    Ship: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Pack', States: { Pack: { Type: 'Pass', End: true } } },
        { StartAt: 'Post', States: { Post: { Type: 'Pass', End: true } } },
      ],
      End: true,
    },
  },
};
const STATES = ['Flaky', 'Each', 'Check', 'Two', 'Other', 'Ship', 'Pack', 'Post'];

// A browser step waits for up to DEADLINE; a test makes several.
jest.setTimeout(120_000);

describeInChromium("the console's execution details in Chromium", () => {
  let booted: BootedApp;
  let rest: RestClient;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const statusOf = (state: string) => page.locator(`[data-state="${state}"]`).getAttribute('data-status');
  const statusesShown = async () =>
    Object.fromEntries(await Promise.all(STATES.map(async (state) => [state, await statusOf(state)])));
  const details = () => page.getByRole('region', { name: /^State / });
  const field = (name: string) => details().locator(`[data-field="${name}"]`);

  beforeAll(async () => {
    buildConsole();
    booted = await bootApp();
    rest = restClient(booted);
    const created = await rest.post('/state-machines', {
      name: 'retry-then-map',
      definition: RETRY_THEN_MAP,
    });
    expect(created.status).toBe(201);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(booted.url);
    await page.getByLabel('Email').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Executions' }).waitFor(DEADLINE);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await booted?.close();
  });

  let liveStatuses: Record<string, string | null>;

  it("shows a retried task's input, output, attempts and time spent when its node is clicked", async () => {
    const response = await rest.post('/state-machines/retry-then-map/executions', {
      name: 'details-1',
      input: { items: [1, 2, 3] },
    });
    expect(response.status).toBeLessThan(300);
    const { id } = (await response.json()) as { id: string };
    await page.goto(`${booted.url}/executions/${id}`);
    await page.locator('[data-state="Ship"][data-status="SUCCEEDED"]').waitFor(DEADLINE);
    await page.locator('.status-badge', { hasText: 'SUCCEEDED' }).first().waitFor(DEADLINE);
    liveStatuses = await statusesShown();
    expect(liveStatuses).toEqual(Object.fromEntries(STATES.map((state) => [state, 'SUCCEEDED'])));

    await page.locator('[data-state="Flaky"]').click();
    await details().filter({ hasText: 'State Flaky' }).waitFor(DEADLINE);
    expect(await field('attempts').textContent()).toBe('3');
    expect(await field('retries').textContent()).toBe('2');
    expect(await field('runs').textContent()).toBe('1');
    // The last failure before the success is kept, with its error.
    expect(await field('error').textContent()).toBe('States.TaskFailed');
    const input = JSON.parse((await details().locator('dd pre').first().textContent())!) as unknown;
    const output = JSON.parse((await details().locator('dd pre').nth(1).textContent())!) as unknown;
    expect(input).toEqual({ items: [1, 2, 3] });
    expect(output).toEqual({ failures: 2, items: [1, 2, 3] });
    expect(await field('time').textContent()).toMatch(/s$/);
  });

  it("opens a Map from the keyboard, counts its iterations by status, and colours one iteration's states", async () => {
    const each = page.getByRole('navigation', { name: 'States' }).getByRole('button', { name: 'Each' });
    await each.focus();
    await page.keyboard.press('Enter');
    await details().filter({ hasText: 'State Each' }).waitFor(DEADLINE);
    const counts = details().locator('table.iteration-counts');
    expect(await counts.locator('[data-count="SUCCEEDED"]').textContent()).toBe('3');
    expect(await counts.locator('[data-count="FAILED"]').textContent()).toBe('0');
    const iterations = details().getByRole('list', { name: 'Iterations of Each' }).getByRole('button');
    expect(await iterations.allTextContents()).toEqual([
      'Iteration 0: SUCCEEDED',
      'Iteration 1: SUCCEEDED',
      'Iteration 2: SUCCEEDED',
    ]);

    // Item 2 (iteration 1) went to Two alone; item 1 (iteration 0) to Other alone.
    await iterations.nth(1).click();
    await page.locator('[data-state="Other"][data-status="NOT_STARTED"]').waitFor(DEADLINE);
    expect(await statusOf('Two')).toBe('SUCCEEDED');
    expect(await statusOf('Check')).toBe('SUCCEEDED');
    expect(await statusOf('Flaky')).toBe('SUCCEEDED');
    await iterations.nth(0).click();
    await page.locator('[data-state="Two"][data-status="NOT_STARTED"]').waitFor(DEADLINE);
    expect(await statusOf('Other')).toBe('SUCCEEDED');

    // A state inside the chosen iteration shows that iteration's run.
    await page.locator('[data-state="Other"]').click();
    await details().filter({ hasText: 'State Other' }).waitFor(DEADLINE);
    expect(await field('runs').textContent()).toBe('1 (iteration 0)');
    expect(await details().locator('dd pre').first().textContent()).toBe('1');

    await page.getByRole('button', { name: 'All iterations' }).click();
    await page.locator('[data-state="Two"][data-status="SUCCEEDED"]').waitFor(DEADLINE);
    expect(await field('runs').textContent()).toBe('2, the latest shown');
  });

  it("lists a Parallel's branches with their states, each one opening its details", async () => {
    // The container's name: its middle is its branches'.
    await page.locator('[data-state="Ship"] .graph-node-name').click();
    await details().filter({ hasText: 'State Ship' }).waitFor(DEADLINE);
    const second = details().getByRole('list', { name: 'Branch 2 of Ship' });
    expect(await second.getByRole('button').allTextContents()).toEqual(['Post: SUCCEEDED']);
    await details().getByRole('list', { name: 'Branch 1 of Ship' }).getByRole('button').click();
    await details().filter({ hasText: 'State Pack' }).waitFor(DEADLINE);
    expect(await field('runs').textContent()).toBe('1');
  });

  it('draws one timeline bar per state entered', async () => {
    const timeline = page.getByRole('table', { name: /states entered/ });
    // Flaky, Each, Check plus Two or Other in each of three iterations, Ship, Pack and Post.
    expect(await timeline.getByRole('caption').textContent()).toBe('11 states entered');
    expect(await timeline.locator('tbody tr').count()).toBe(11);
    expect(await timeline.locator('.timeline-bar').count()).toBe(11);
    expect(await timeline.locator('[data-timeline-state="Flaky"] th').textContent()).toBe('Flaky');
    // Flaky waited for two retries: its bar is the widest of all.
    const widths = await timeline
      .locator('.timeline-bar')
      .evaluateAll((bars) => bars.map((bar) => bar.getBoundingClientRect().width));
    expect(widths[0]).toBe(Math.max(...widths));
  });

  it('replays the finished execution: nothing started at 0, the live colouring at the end', async () => {
    const replay = page.getByLabel('Replay');
    await replay.focus();
    await page.keyboard.press('Home');
    await page.getByText('Before the first event').waitFor(DEADLINE);
    expect(Object.values(await statusesShown())).toEqual(STATES.map(() => 'NOT_STARTED'));
    // Five events in: the start, then Flaky entered, scheduled, started and failed.
    for (let step = 0; step < 5; step += 1) await page.keyboard.press('ArrowRight');
    await page.getByText(/^Event 5 of \d+: TaskFailed \(Flaky\)$/).waitFor(DEADLINE);
    expect(await statusOf('Flaky')).toBe('FAILED');
    await page.keyboard.press('ArrowRight');
    expect(await statusOf('Flaky')).toBe('RETRYING');

    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('End');
    await page.getByText(/^Event \d+ of \d+: ExecutionSucceeded$/).waitFor(DEADLINE);
    expect(await statusesShown()).toEqual(liveStatuses);

    await page.getByRole('button', { name: 'Flaky' }).click();
    await details().filter({ hasText: 'State Flaky' }).waitFor(DEADLINE);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-execution-details.png'), fullPage: true });
    // The sign-in page's refresh without a cookie (401) and the favicon (404) are expected.
    expect(pageErrors.filter((error) => !/status of (401|404)/.test(error))).toEqual([]);
  });

  it('says what a RUNNING execution waits on: a nested execution, linked, which waits on its timer', async () => {
    const nap = await rest.post('/state-machines', {
      name: 'nap',
      definition: { StartAt: 'Nap', States: { Nap: { Type: 'Wait', Seconds: 3600, End: true } } },
    });
    expect(nap.status).toBe(201);
    const caller = await rest.post('/state-machines', {
      name: 'call-nap',
      definition: {
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.sync',
            Parameters: { StateMachineArn: 'nap', Input: {} },
            End: true,
          },
        },
      },
    });
    expect(caller.status).toBe(201);
    const response = await rest.post('/state-machines/call-nap/executions', { name: 'waits-1', input: {} });
    expect(response.status).toBeLessThan(300);
    const { id } = (await response.json()) as { id: string };
    await page.goto(`${booted.url}/executions/${id}`);
    const waitingOn = page.getByRole('region', { name: 'Waiting on' });
    const child = waitingOn.locator('[data-wait-kind="CHILD_EXECUTION"]');
    await child.waitFor(DEADLINE);
    expect(await child.textContent()).toMatch(
      /^Nested execution Call — `Call` waits for nested execution [\w-]+, RUNNING\./,
    );

    await child.getByRole('link', { name: 'Open the nested execution (RUNNING)' }).click();
    const timer = page.getByRole('region', { name: 'Waiting on' }).locator('[data-wait-kind="TIMER"]');
    await timer.waitFor(DEADLINE);
    expect(await timer.textContent()).toMatch(
      /^Timer Nap — Wait state `Nap` waits until \S+\. since .+ · until .+$/,
    );
    expect(await seriousViolations(page)).toEqual([]);
  });
});
