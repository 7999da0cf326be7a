import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describeRequiring } from './requirements.js';

/** Debian's Chromium (`apt-get install -y chromium`), which .ci/run installs when it is missing. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** What the machine lacks to run the browser tests, if anything (test/support/requirements.ts). */
export function missingChromium(): string | undefined {
  return existsSync(CHROMIUM_PATH)
    ? undefined
    : `no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
}

/** The serious and critical accessibility violations axe finds on the page, by rule and target. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}

/** `describe` for a browser test: skipped with a message where Chromium is missing (never in CI). */
export const describeInChromium = describeRequiring(missingChromium());

/** Where the browser tests write the console's screenshots (README, docs/console.md). */
export const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'images');

/** Browser waits: generous on a busy machine, but a deadline all the same. */
export const DEADLINE = { timeout: 30_000 };

/** Signs in through the console's page at `url` and waits for the executions list. */
export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Executions' }).waitFor(DEADLINE);
}

/** A state of the graph in a given status (the documented `data-state` / `data-status` hooks). */
export function nodeOf(page: Page, state: string, status: string) {
  return page.locator(`[data-state="${state}"][data-status="${status}"]`);
}
