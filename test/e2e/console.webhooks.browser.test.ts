import { createHmac } from 'node:crypto';
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
  signIn,
} from '../support/browser.js';
import { buildConsole } from '../support/console-build.js';
import { restClient } from './executions.fixtures.js';

jest.setTimeout(120_000);

/** A STEPGRAPH-signed call of `body` to `url` with `secret`. */
function signedCall(url: string, secret: string, body = '{"from":"console test"}'): Promise<Response> {
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stepgraph-signature': `t=${t},v1=${v1}` },
    body,
  });
}

describeInChromium('the console webhooks page in Chromium', () => {
  let booted: BootedApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  /** The secret shown at creation. */
  let firstSecret: string;

  beforeAll(async () => {
    buildConsole();
    booted = await bootApp();
    const definition = { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } };
    expect((await restClient(booted).post('/state-machines', { name: 'deploy', definition })).status).toBe(
      201,
    );
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: booted.url });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, booted.url, TEST_ADMIN.email, TEST_ADMIN.password);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await booted?.close();
  });

  it('creates a hook whose URL and secret, shown once, sign a call that starts an execution', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor(DEADLINE);
    const form = page.getByRole('form', { name: 'Create a webhook' });
    await form.getByLabel('Name').fill('deploys');
    await form.getByLabel('State machine').selectOption({ label: 'deploy' });
    await form.getByRole('button', { name: 'Create webhook' }).click();
    const secretField = page.getByLabel('Secret', { exact: true });
    await secretField.waitFor(DEADLINE);
    await page.getByText('it will not be shown again').waitFor(DEADLINE);
    const url = await page.getByLabel('URL', { exact: true }).inputValue();
    const secret = await secretField.inputValue();
    expect(url).toMatch(new RegExp(`^${booted.url}/hooks/[0-9a-f-]{36}$`));
    expect(secret).toMatch(/^whsec_/);
    firstSecret = secret;
    await page.getByRole('button', { name: 'Copy secret' }).click();
    await page.getByText('Secret copied.').waitFor(DEADLINE);
    await page.locator('tr[data-webhook="deploys"]').waitFor(DEADLINE);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-webhooks.png') });

    expect((await signedCall(url, secret)).status).toBe(202);

    await page.reload();
    await page.locator('tr[data-webhook="deploys"]').waitFor(DEADLINE);
    expect(await page.getByLabel('Secret', { exact: true }).count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
  });

  it('disables and enables, rotates with an overlap in which both secrets verify, and deletes', async () => {
    const row = page.locator('tr[data-webhook="deploys"]');
    const url = `${booted.url}${(await row.locator('code').textContent())!.replace(booted.url, '')}`;
    await row.getByRole('button', { name: 'Disable deploys' }).click();
    await row.locator('td[data-enabled="false"]').waitFor(DEADLINE);
    expect((await signedCall(url, 'whsec_any')).status).toBe(409);
    await row.getByRole('button', { name: 'Enable deploys' }).click();
    await row.locator('td[data-enabled="true"]').waitFor(DEADLINE);

    await row.getByRole('button', { name: 'Rotate the secret of deploys' }).click();
    await row.getByLabel('Old secret valid for (hours)').fill('200');
    await row.getByRole('alert').waitFor(DEADLINE);
    expect(
      await row.getByRole('button', { name: 'Confirm rotating the secret of deploys' }).isDisabled(),
    ).toBe(true);
    await row.getByLabel('Old secret valid for (hours)').fill('1');
    await row.getByRole('button', { name: 'Confirm rotating the secret of deploys' }).click();
    await page.getByRole('heading', { name: /The new secret of/ }).waitFor(DEADLINE);
    await page.getByText('the old secret still verifies until').waitFor(DEADLINE);
    const fresh = await page.getByLabel('Secret', { exact: true }).inputValue();
    expect((await signedCall(url, fresh)).status).toBe(202);
    expect((await signedCall(url, firstSecret)).status).toBe(202);
    expect((await signedCall(url, 'whsec_never-issued')).status).toBe(401);

    await row.getByRole('button', { name: 'Delete deploys' }).click();
    await row.getByRole('button', { name: 'Confirm deleting deploys' }).click();
    await page.getByText('No webhooks yet.').waitFor(DEADLINE);
    expect((await signedCall(url, fresh)).status).toBe(404);
    expect(pageErrors).toEqual([]);
  });
});
