import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
export { freePort } from '#testing';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`; .ci/run installs it when missing). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * A fresh browser context (its own sessionStorage, like a new window). bypassCSP lets the test
 * inject axe-core into pages whose Content-Security-Policy allows only the console's own scripts.
 */
export async function newTab(browser: Browser): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return { context, page, problems };
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Fills and submits the sign-in form as an operator would. */
export async function signIn(page: Page, consoleUrl: string, credentials: Credentials, historyApiUrl?: string): Promise<void> {
  await page.goto(consoleUrl);
  await page.getByLabel('Access key ID').fill(credentials.accessKeyId);
  await page.getByLabel('Secret access key').fill(credentials.secretAccessKey);
  if (historyApiUrl !== undefined) await page.getByLabel('Audit-history API URL (optional)').fill(historyApiUrl);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core in the page and fails on any serious or critical violation, naming them. */
export async function assertAccessible(page: Page, where: string): Promise<void> {
  await page.addScriptTag({ path: axeSource });
  const violations = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => String(n.target)) })))`,
  )) as AxeViolation[];
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(blocking, [], `${where}: accessibility violations\n${JSON.stringify(blocking, null, 2)}`);
}
