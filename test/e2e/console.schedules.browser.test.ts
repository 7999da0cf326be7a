import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { bootApp, type BootedApp } from '../support/app.js';
import { createUser, TEST_PASSWORD } from '../support/auth.js';
import {
  DEADLINE,
  describeInChromium,
  launchChromium,
  SCREENSHOTS,
  seriousViolations,
  signIn,
} from '../support/browser.js';
import { buildConsole } from '../support/console-build.js';
import { restClient } from './executions.fixtures.js';
import { PASS_DEFINITION } from './schedules.fixtures.js';

// A browser step waits for up to DEADLINE; a test makes several.
jest.setTimeout(120_000);

describeInChromium('the schedule pages of the web console in Chromium', () => {
  let booted: BootedApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  /** Script errors; a failed load (the session probe before sign-in, the favicon) is no fault of the page. */
  const scriptErrors = () => pageErrors.filter((error) => !error.startsWith('Failed to load resource'));

  beforeAll(async () => {
    buildConsole();
    booted = await bootApp();
    expect(
      (await restClient(booted).post('/state-machines', { name: 'nightly-job', definition: PASS_DEFINITION }))
        .status,
    ).toBe(201);
    browser = await launchChromium();
    const editor = await createUser(booted.url, booted.adminToken, 'editor');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await signIn(page, booted.url, editor.user.email, TEST_PASSWORD);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await booted?.close();
  });

  it('creates a schedule, shows its next fire times, triggers it and follows the fire to its execution', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schedules' }).click();
    await page.getByRole('heading', { name: 'Schedules', exact: true }).waitFor(DEADLINE);
    await page.getByText('No schedules yet.').waitFor(DEADLINE);

    const form = page.getByRole('form', { name: 'Create a schedule' });
    await form.getByRole('option', { name: 'nightly-job' }).waitFor({ ...DEADLINE, state: 'attached' });
    await form.getByLabel('Name', { exact: true }).fill('hourly-report');
    await form.getByLabel('State machine').selectOption({ label: 'nightly-job' });
    await form.getByLabel('Expression').fill('rate(1 hour)');
    await form.getByLabel('Time zone').fill('Europe/Berlin');
    await form.getByLabel('Input').fill('{ "report": "hourly" }');
    await form.getByRole('button', { name: 'Create schedule' }).click();

    await page.getByRole('heading', { name: 'hourly-report' }).waitFor(DEADLINE);
    expect(new URL(page.url()).pathname).toMatch(/^\/schedules\/[0-9a-f-]{36}$/);
    const times = page.locator('ol.fire-times time');
    await times.first().waitFor(DEADLINE);
    const instants = (
      await times.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('datetime')!))
    ).map(Date.parse);
    expect(instants).toHaveLength(10);
    expect(instants.slice(1).map((time, index) => time - instants[index]!)).toEqual(Array(9).fill(3600_000));
    await page.getByText('No fire yet.').waitFor(DEADLINE);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Trigger now' }).click();
    const fire = page.locator('table.fires tbody tr').first();
    await fire.getByText('TRIGGERED').waitFor(DEADLINE);
    expect(await fire.textContent()).toContain('STARTED');
    await page.screenshot({ path: join(SCREENSHOTS, 'console-schedule.png'), fullPage: true });

    const execution = fire.getByRole('link', { name: /^trigger-/ });
    const name = await execution.textContent();
    await execution.click();
    await page.getByRole('heading', { name: name! }).waitFor(DEADLINE);
    expect(new URL(page.url()).pathname).toMatch(/^\/executions\/[0-9a-f-]{36}$/);
    expect(scriptErrors()).toEqual([]);
  });

  it("lists the schedule from its machine's page, pauses it and deletes it", async () => {
    await page.goto(`${booted.url}/state-machines/nightly-job`);
    await page.getByRole('link', { name: 'Its schedules' }).click();
    await page.getByRole('heading', { name: 'Schedules', exact: true }).waitFor(DEADLINE);
    expect(new URL(page.url()).searchParams.get('stateMachineId')).toMatch(/^[0-9a-f-]{36}$/);
    const row = page.locator('tr[data-schedule="hourly-report"]');
    await row.waitFor(DEADLINE);
    expect(await row.textContent()).toContain('rate(1 hour)');
    expect(await row.textContent()).toContain('Europe/Berlin');
    expect(await row.textContent()).toContain('SKIP');

    await row.getByRole('link', { name: 'hourly-report' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor(DEADLINE);
    expect(await page.locator('dd[data-enabled]').textContent()).toBe('Paused');

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Delete for good' }).click();
    await page.getByText('No schedules yet.').waitFor(DEADLINE);
    expect(scriptErrors()).toEqual([]);
  });
});
