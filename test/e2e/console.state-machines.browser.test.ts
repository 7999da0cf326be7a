import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { bootApp, type BootedApp } from '../support/app.js';
import { createUser, graphqlAs, TEST_PASSWORD } from '../support/auth.js';
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
import { waitFor } from '../support/wait.js';
import { restClient } from './executions.fixtures.js';

/** A Pass then an echo Task: it succeeds on any input. */
const GREETER = {
  StartAt: 'Hello',
  States: {
    Hello: { Type: 'Pass', Result: 'hello', ResultPath: '$.greeting', Next: 'Echo' },
    Echo: { Type: 'Task', Resource: 'builtin:echo', End: true },
  },
};
/** The same, but Hello goes to a state that does not exist: `validateDefinition` finds it. */
const DANGLING = {
  StartAt: 'Hello',
  States: { Hello: { Type: 'Pass', Next: 'Nowhere' } },
};
/** Version 2 of the greeter: Echo is gone. */
const GREETER_V2 = { StartAt: 'Hello', States: { Hello: { Type: 'Pass', Result: 'hi', End: true } } };

// A browser step waits for up to DEADLINE; a test makes several.
jest.setTimeout(120_000);

describeInChromium('the state-machine pages of the web console in Chromium', () => {
  let booted: BootedApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  /** The GraphQL operations the page sent, by operation name, over HTTP or its socket. */
  const sent: string[] = [];

  const countOf = (target: Page, machine: string, status: string) =>
    target.locator(`tr[data-machine="${machine}"] td[data-count="${status}"]`);

  beforeAll(async () => {
    buildConsole();
    booted = await bootApp();
    // Another machine, so that the list and its search have something to leave out.
    const rest = restClient(booted);
    expect((await rest.post('/state-machines', { name: 'orders', definition: GREETER })).status).toBe(201);
    expect((await rest.post('/state-machines/orders/executions', { name: 'o-1' })).status).toBe(201);
    browser = await launchChromium();
    const editor = await createUser(booted.url, booted.adminToken, 'editor');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    page.on('websocket', (socket) =>
      socket.on('framesent', ({ payload }) => {
        const message = JSON.parse(String(payload)) as { type: string; payload?: { query: string } };
        const operation = /^\s*subscription\s+(\w+)/.exec(message.payload?.query ?? '');
        if (message.type === 'subscribe' && operation) sent.push(operation[1]!);
      }),
    );
    page.on('request', (request) => {
      const body = request.url().endsWith('/graphql') ? request.postData() : null;
      const operation = body ? /^\s*(?:query|mutation)\s+(\w+)/.exec(JSON.parse(body).query as string) : null;
      if (operation) sent.push(operation[1]!);
    });
    await signIn(page, booted.url, editor.user.email, TEST_PASSWORD);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await booted?.close();
  });

  it('validates a pasted definition live, each fault at its JSON path, and creates the machine from an uploaded one once valid', async () => {
    await page.goto(`${booted.url}/state-machines`);
    await page.getByRole('link', { name: 'orders', exact: true }).waitFor(DEADLINE);
    await page.getByLabel('Name', { exact: true }).fill('greeter');
    const definition = page.getByRole('textbox', { name: 'Definition' });
    const faults = page.getByRole('list', { name: 'Faults in the definition' });

    await definition.fill('{ "StartAt": ');
    await faults.getByText('Not valid JSON').waitFor(DEADLINE);
    expect(sent).not.toContain('ValidateDefinition');

    await definition.fill(JSON.stringify(DANGLING, null, 2));
    const dangling = faults.locator('li', { hasText: '$.States.Hello.Next' });
    await dangling.waitFor(DEADLINE);
    expect(await dangling.textContent()).toContain('Nowhere');
    // The fault's place in the editor: its button selects the member at that path.
    await dangling
      .getByRole('button', { name: /^Select \$\.States\.Hello\.Next in the definition \(line 6\)$/ })
      .click();
    expect(
      await definition.evaluate((area: { value: string; selectionStart: number; selectionEnd: number }) =>
        area.value.slice(area.selectionStart, area.selectionEnd),
      ),
    ).toBe('"Next": "Nowhere"');
    expect(sent).toContain('ValidateDefinition');
    expect(await page.getByRole('button', { name: 'Create' }).isDisabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-state-machines.png'), fullPage: true });

    await page.getByLabel('Upload a definition file').setInputFiles({
      name: 'greeter.asl.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(GREETER, null, 2)),
    });
    await page.getByText('The definition is valid.').waitFor(DEADLINE);
    expect(JSON.parse(await definition.inputValue())).toEqual(GREETER);
    expect(await faults.count()).toBe(0);
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'greeter' }).waitFor(DEADLINE);
    expect(new URL(page.url()).pathname).toBe('/state-machines/greeter');
  });

  it('lists the new machine, found by a search of its name, with its executions counted by status', async () => {
    await page.goto(`${booted.url}/state-machines`);
    const orders = page.getByRole('link', { name: 'orders', exact: true });
    await orders.waitFor(DEADLINE);
    await page.getByLabel('Name contains').fill('greet');
    await page.getByRole('button', { name: 'Search' }).click();
    // The unfiltered list already shows greeter: the search's answer is the one without orders.
    await orders.waitFor({ ...DEADLINE, state: 'detached' });
    expect(new URL(page.url()).search).toBe('?name=greet');
    await page.getByRole('link', { name: 'greeter', exact: true }).waitFor(DEADLINE);
    await countOf(page, 'greeter', 'SUCCEEDED').getByText('0').waitFor(DEADLINE);

    await page.goto(`${booted.url}/state-machines?name=ord`);
    await countOf(page, 'orders', 'SUCCEEDED').getByText('1').waitFor(DEADLINE);
    expect(await countOf(page, 'orders', 'FAILED').textContent()).toBe('0');
  });

  it("shows a machine's graph by version and the diff of two versions", async () => {
    const machine = await graphqlAs(
      booted.url,
      booted.adminToken,
      '{ stateMachine(name: "greeter") { id } }',
    );
    const { id } = (machine.data as { stateMachine: { id: string } }).stateMachine;
    const updated = await graphqlAs(
      booted.url,
      booted.adminToken,
      'mutation ($id: ID!, $input: UpdateStateMachineInput!) { updateStateMachine(id: $id, input: $input) { version } }',
      { id, input: { definition: GREETER_V2 } },
    );
    expect(updated.data).toEqual({ updateStateMachine: { version: 2 } });

    await page.goto(`${booted.url}/state-machines/greeter`);
    await nodeOf(page, 'Hello', 'NOT_STARTED').waitFor(DEADLINE);
    expect(await page.locator('[data-state="Echo"]').count()).toBe(0);
    await page.getByLabel('Version', { exact: true }).selectOption('1');
    await nodeOf(page, 'Echo', 'NOT_STARTED').waitFor(DEADLINE);

    const diff = page.getByLabel('Definition of version 1 against version 2');
    await diff.locator('.diff-removed', { hasText: '"Echo": {' }).waitFor(DEADLINE);
    await diff.locator('.diff-added', { hasText: '"Result": "hi"' }).waitFor(DEADLINE);
    expect(await diff.locator('.diff-same', { hasText: '"StartAt": "Hello"' }).count()).toBe(1);
  });

  it('refuses bad JSON input without sending it, then starts an execution and lands on it as it succeeds', async () => {
    await page.goto(`${booted.url}/state-machines/greeter`);
    await page.getByRole('button', { name: 'Start execution' }).click();
    const input = page.getByLabel('Input');
    await input.fill('{ "who": world }');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Not valid JSON' }).waitFor(DEADLINE);
    expect(await page.getByRole('alert').textContent()).toContain('The input was not sent.');
    expect(sent).not.toContain('StartExecution');

    await input.fill('{ "who": "world" }');
    await page.getByLabel('Name (optional)').fill('first-run');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('heading', { name: /first-run/ }).waitFor(DEADLINE);
    expect(new URL(page.url()).pathname).toMatch(/^\/executions\/[0-9a-f-]{36}$/);
    await nodeOf(page, 'Hello', 'SUCCEEDED').waitFor(DEADLINE);
    await page.locator('.status-badge', { hasText: 'SUCCEEDED' }).first().waitFor(DEADLINE);
    expect(sent.filter((operation) => operation === 'StartExecution')).toHaveLength(1);
    // The input went as the JSON typed, read as an object (not as a string of it).
    const id = new URL(page.url()).pathname.split('/').pop();
    const started = await graphqlAs(
      booted.url,
      booted.adminToken,
      'query ($id: ID!) { execution(id: $id) { input } }',
      {
        id,
      },
    );
    expect(started.data).toEqual({ execution: { input: { who: 'world' } } });

    const subscribedBefore = sent.filter((operation) => operation === 'ExecutionsChanged').length;
    await page.goto(`${booted.url}/state-machines/greeter`);
    await page.getByRole('link', { name: 'first-run' }).waitFor(DEADLINE);
    await nodeOf(page, 'Hello', 'NOT_STARTED').waitFor(DEADLINE);
    // The machine's executions are live: one started elsewhere (once the page follows the machine,
    // since `executionsChanged` sends changes from then on) joins the list without a reload.
    await waitFor(
      () =>
        sent.filter((operation) => operation === 'ExecutionsChanged').length > subscribedBefore
          ? true
          : undefined,
      { timeoutMs: DEADLINE.timeout, what: 'the executionsChanged subscription' },
    );
    await page.evaluate('window.notReloaded = true');
    const response = await restClient(booted).post('/state-machines/greeter/executions', {
      name: 'second-run',
    });
    expect(response.status).toBe(201);
    await page.getByRole('link', { name: 'second-run' }).waitFor(DEADLINE);
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-state-machine.png'), fullPage: true });
  });

  it('shows a viewer neither Create nor Start execution, and an operator only Start execution', async () => {
    for (const role of ['viewer', 'operator'] as const) {
      const user = await createUser(booted.url, booted.adminToken, role);
      const context = await browser.newContext();
      try {
        const target = await context.newPage();
        await signIn(target, booted.url, user.user.email, TEST_PASSWORD);
        await target.goto(`${booted.url}/state-machines`);
        await target.getByRole('link', { name: 'greeter', exact: true }).waitFor(DEADLINE);
        expect(await target.getByRole('button', { name: 'Create' }).count()).toBe(0);
        expect(await target.getByRole('textbox', { name: 'Definition' }).count()).toBe(0);
        expect(await seriousViolations(target)).toEqual([]);
        await target.getByRole('link', { name: 'greeter', exact: true }).click();
        await nodeOf(target, 'Hello', 'NOT_STARTED').waitFor(DEADLINE);
        expect(await target.getByRole('button', { name: 'Start execution' }).count()).toBe(
          role === 'operator' ? 1 : 0,
        );
        expect(await seriousViolations(target)).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  it('shows an unknown machine as an error in words', async () => {
    await page.goto(`${booted.url}/state-machines/no-such-machine`);
    await page.getByRole('alert').filter({ hasText: 'NOT_FOUND' }).waitFor(DEADLINE);
  });

  it('threw nothing and broke no rule of the Content-Security-Policy on these pages', () => {
    // Opening the console signed out tries the session cookie first (401), and the missing machine
    // answers 404: Chromium logs both as errors.
    expect(pageErrors.filter((error) => !/status of (401|404)/.test(error))).toEqual([]);
  });
});
