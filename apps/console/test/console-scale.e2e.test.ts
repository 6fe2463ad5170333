import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateJobCommand } from '@aws-sdk/client-iot';
import type { Browser, Page } from 'playwright-core';
import { OPERATOR, startServiceUnderTest, thingArn, uniqueName, type ServiceUnderTest } from '#testing';
import { launchBrowser, newTab, signIn } from './browser.js';

/** The page's document, inside functions that run in the browser (tests compile without the DOM library). */
declare const document: {
  querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }>;
  querySelector(selector: string): unknown;
};

const JOBS = 1_000;
const EXECUTIONS = 10_000;

/**
 * 1,000 jobs and one job with 10,000 executions, on a service without Kafka (as `npm start`
 * runs): the console reads them page by page through the API's nextToken, never all at once.
 */
describe('operator console at rollout scale, without Kafka', () => {
  let sut: ServiceUnderTest;
  let browser: Browser;
  let consoleUrl: string;
  const bigJob = uniqueName('fleet');
  const run = uniqueName('scale');

  before(async () => {
    sut = await startServiceUnderTest({ env: { THROTTLE_RATE_PER_SECOND: '100000', THROTTLE_BURST: '100000' } });
    consoleUrl = `${sut.service.url}/console/`;
    const fleet = Array.from({ length: EXECUTIONS }, (_, i) => thingArn(`${run}-thing-${i}`));
    await sut.cp.send(new CreateJobCommand({ jobId: bigJob, targets: fleet, document: '{"op":"update"}' }));
    let next = 0;
    const worker = async () => {
      while (next < JOBS) {
        const i = next++;
        await sut.cp.send(new CreateJobCommand({ jobId: `${run}-job-${i}`, targets: [thingArn(`${run}-single-${i}`)], document: '{"op":"reboot"}' }));
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await sut?.stop();
  });

  it('pages through 1,001 jobs, 250 at a time', async () => {
    const { context, page, problems } = await newTab(browser);
    await signIn(page, consoleUrl, OPERATOR);
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
    await page.locator('tr[data-job-id]').first().waitFor();
    assert.equal(await page.locator('tr[data-job-id]').count(), 50);
    await page.locator('#jobs-page-size').selectOption('250');
    await rowsSettle(page, 'tr[data-job-id]', 250);
    const seen = new Set(await page.locator('tr[data-job-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-job-id'))));
    for (const expected of [250, 250, 250, 1]) {
      await turnPage(page, 'Jobs', 'tr[data-job-id]', expected);
      for (const id of await page.locator('tr[data-job-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-job-id')))) seen.add(id);
    }
    assert.equal(seen.size, JOBS + 1, 'every job exactly once across the pages');
    assert.ok(await page.getByRole('navigation', { name: 'Jobs pages' }).getByRole('button', { name: 'Next page' }).isDisabled());
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('pages through 10,000 executions and filters them, and says why there is no history', async () => {
    const { context, page, problems } = await newTab(browser);
    await signIn(page, `${consoleUrl}#/jobs/${bigJob}`, OPERATOR);
    await page.getByRole('heading', { name: `Job ${bigJob}` }).waitFor();
    await page
      .getByRole('img', { name: `0 of ${EXECUTIONS} finished: ${EXECUTIONS} queued` })
      .first()
      .waitFor();
    const noHistory = page.getByText(
      'Audit history is not available: this service runs without Kafka (KAFKA_BROKERS is not set), so the history consumer is not running',
    );
    await noHistory.waitFor();
    await page.locator('#executions-page-size').selectOption('250');
    await rowsSettle(page, 'tr[data-thing-name]', 250);
    const firstPage = await page.locator('tr[data-thing-name]').first().getAttribute('data-thing-name');
    await turnPage(page, 'Executions', 'tr[data-thing-name]', 250);
    assert.notEqual(await page.locator('tr[data-thing-name]').first().getAttribute('data-thing-name'), firstPage);
    await page.locator('#execution-status').selectOption('SUCCEEDED');
    await page.getByText('No executions with status SUCCEEDED.').waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });
});

/** Clicks "Next page" of the named table and returns how long until its new rows are shown. */
/** Turns to the next page and waits for its rows (speed is measured by benchmarks, not asserted here). */
async function turnPage(page: Page, label: string, rows: string, expected: number): Promise<void> {
  const before = await page
    .locator(rows)
    .first()
    .getAttribute(rows.includes('job') ? 'data-job-id' : 'data-thing-name');
  await page
    .getByRole('navigation', { name: `${label} pages` })
    .getByRole('button', { name: 'Next page' })
    .click();
  await page.waitForFunction(
    ({ selector, first, attribute, count }) => {
      const found = document.querySelectorAll(selector);
      return found.length === count && found[0]?.getAttribute(attribute) !== first && !document.querySelector('table[aria-busy="true"]');
    },
    { selector: rows, first: before, attribute: rows.includes('job') ? 'data-job-id' : 'data-thing-name', count: expected },
  );
}

async function rowsSettle(page: Page, selector: string, count: number): Promise<void> {
  await page.waitForFunction(({ s, n }) => document.querySelectorAll(s).length === n, { s: selector, n: count });
}
