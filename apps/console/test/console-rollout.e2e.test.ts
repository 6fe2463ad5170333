import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CreateJobCommand } from '@aws-sdk/client-iot';
import { StartNextPendingJobExecutionCommand, UpdateJobExecutionCommand } from '@aws-sdk/client-iot-jobs-data-plane';
import type { Browser, Page } from 'playwright-core';

import {
  deviceCredentials,
  principalsSetting,
  startHistory,
  startServiceUnderTest,
  testKafkaBrokers,
  thingArn,
  uniqueName,
  uniquePrefix,
  type HistoryUnderTest,
  type ServiceUnderTest,
} from '#testing';
import { assertAccessible, freePort, launchBrowser, newTab, signIn } from './browser.js';

/** The operator who uses the console; the service records their principal name on the events. */
const ALICE = { name: 'alice.ops', accessKeyId: 'AKIDALICEOPERATOR', secretAccessKey: 'alice-operator-secret-0123' };
const DEVICE = 'console-device';

/** Where the README's screenshot is written when UPDATE_CONSOLE_SCREENSHOT=1. */
const README_SCREENSHOT = fileURLToPath(new URL('../../../../docs/console-job-page.png', import.meta.url));
const SCRATCH_SCREENSHOT = fileURLToPath(new URL('../../../console-screenshots/console-job-page.png', import.meta.url));

/**
 * The console against the real service, Kafka and the history consumer: an operator signs in,
 * watches a rollout, force-cancels an execution and sees it in the audit timeline under their
 * name; a second, stale tab is told about the change instead of getting a raw error.
 */
describe('operator console during a rollout', () => {
  const prefix = uniquePrefix('console');
  const jobId = uniqueName('console-job');
  const laterJobId = uniqueName('console-later');
  const thingA = uniqueName('console-a');
  const thingB = uniqueName('console-b');
  let sut: ServiceUnderTest;
  let history: HistoryUnderTest;
  let browser: Browser;
  let consoleUrl: string;

  before(async () => {
    // The console's origin must be known before the history consumer starts (its CORS setting).
    const port = await freePort();
    const serviceOrigin = `http://127.0.0.1:${port}`;
    const devices = [{ name: DEVICE, thingNames: [thingA, thingB] }];
    const principals = [...JSON.parse(principalsSetting(devices)), { ...ALICE, role: 'operator' }];
    // The history API checks the same principals' signatures as the service.
    history = await startHistory(prefix, { CORS_ALLOWED_ORIGINS: serviceOrigin, AUTH_PRINCIPALS: JSON.stringify(principals) });
    sut = await startServiceUnderTest({
      devices,
      kafka: { brokers: testKafkaBrokers(), topicPrefix: prefix },
      env: { PORT: String(port), AUTH_PRINCIPALS: JSON.stringify(principals), HISTORY_API_URL: history.consumer.url },
    });
    consoleUrl = `${sut.service.url}/console/`;
    browser = await launchBrowser();
    await sut.cp.send(
      new CreateJobCommand({
        jobId,
        targets: [thingArn(thingA), thingArn(thingB)],
        document: '{"op":"firmware"}',
        description: 'Firmware 2.1 rollout',
      }),
    );
    const device = sut.devices[DEVICE]!.client;
    await device.send(new StartNextPendingJobExecutionCommand({ thingName: thingA, statusDetails: { step: 'download' } }));
    await device.send(new UpdateJobExecutionCommand({ jobId, thingName: thingA, status: 'IN_PROGRESS', statusDetails: { step: 'flash' } }));
  });
  after(async () => {
    await browser?.close();
    await sut?.stop();
    await history?.stop();
  });

  it('serves the page without credentials under a strict CSP, and its settings without secrets', async () => {
    const page = await fetch(consoleUrl);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'.*frame-ancestors 'none'/);
    assert.match(await page.text(), /<script type="module" src="console\.js">/);
    const settings = await (await fetch(`${consoleUrl}settings.json`)).json();
    assert.deepEqual(settings, { region: 'us-east-1', historyApiUrl: history.consumer.url, eventsPublished: true });
    assert.equal((await fetch(`${consoleUrl}nothing-here.js`)).status, 404);
  });

  it('refuses a wrong secret at sign-in, in words', async () => {
    const { context, page, problems } = await newTab(browser);
    await signIn(page, consoleUrl, { accessKeyId: ALICE.accessKeyId, secretAccessKey: 'not-alices-secret-at-all' });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(
      await alert.innerText(),
      /Sign-in failed: The service did not accept the signature: the secret access key, or the region, does not match/,
    );
    assert.equal(await page.getByRole('heading', { name: 'Sign in' }).count(), 1, 'still on the sign-in page');
    await assertAccessible(page, 'sign-in page with an error');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('refuses a device principal with the 403 explained', async () => {
    const { context, page } = await newTab(browser);
    await signIn(page, consoleUrl, deviceCredentials(DEVICE));
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /not allowed to do this \(403\).*needs an operator principal/s);
    await context.close();
  });

  it('lists the rollout with its progress and shows a job created meanwhile', async () => {
    const { context, page, problems } = await newTab(browser);
    await signIn(page, consoleUrl, ALICE);
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
    const row = page.locator(`tr[data-job-id="${jobId}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /IN_PROGRESS\s+SNAPSHOT/);
    assert.equal(await row.getByRole('img').getAttribute('aria-label'), '0 of 2 finished: 1 in progress, 1 queued');
    // Created through the SDK after the page loaded: the page refreshes itself while jobs run.
    await sut.cp.send(new CreateJobCommand({ jobId: laterJobId, targets: [thingArn(thingB)], document: '{"op":"reboot"}' }));
    await page.locator(`tr[data-job-id="${laterJobId}"]`).waitFor({ timeout: 20_000 });
    await assertAccessible(page, 'jobs page');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("force-cancels an execution, whose timeline gains the cancel under the operator's name; a stale tab is told", async () => {
    const first = await newTab(browser);
    const second = await newTab(browser);
    const executionUrl = `${consoleUrl}#/jobs/${jobId}/things/${thingA}`;
    for (const tab of [first, second]) {
      await signIn(tab.page, executionUrl, ALICE);
      await tab.page.getByRole('heading', { name: `Execution of ${jobId} on ${thingA}` }).waitFor();
      await tab.page.locator('[data-testid="version"]', { hasText: '3' }).waitFor();
      await timelineEntry(tab.page, 'JobExecutionUpdated').waitFor({ timeout: 60_000 });
    }
    await assertAccessible(first.page, 'execution page');

    await cancelWithForce(first.page);
    const done = first.page.locator('[data-outcome="success"]');
    await done.waitFor();
    assert.equal(await done.innerText(), 'Canceled. The execution is now CANCELED.');
    const canceled = timelineEntry(first.page, 'JobExecutionCanceled');
    await canceled.waitFor({ timeout: 60_000 });
    const entry = await canceled.innerText();
    assert.match(entry, /by alice\.ops/);
    assert.match(entry, /IN_PROGRESS\s*→\s*CANCELED/);
    assert.match(entry, /with force/);
    assert.match(entry, /step=flash/);

    // The second tab still shows IN_PROGRESS at version 3: its cancel carries expectedVersion 3.
    assert.equal(await second.page.locator('[data-testid="version"]').innerText(), '3');
    await cancelWithForce(second.page);
    const conflict = second.page.locator('[data-outcome="warning"]');
    await conflict.waitFor();
    assert.match(
      await conflict.innerText(),
      /^Nothing was canceled: this execution changed after the page showed it \(version 3, IN_PROGRESS\)\. It is now CANCELED at version 4\./,
    );
    assert.equal(await second.page.locator('[data-testid="version"]').innerText(), '4');
    assert.equal(await second.page.getByRole('button', { name: 'Cancel execution…' }).count(), 0, 'a canceled execution offers no cancel');
    await assertAccessible(second.page, 'execution page after a version conflict');
    assert.deepEqual([...first.problems, ...second.problems], []);
    await first.context.close();
    await second.context.close();
  });

  it('shows the job with its counters, the statuses over time and the executions, and explains cancel and delete', async () => {
    const { context, page, problems } = await newTab(browser);
    await signIn(page, `${consoleUrl}#/jobs/${jobId}`, ALICE);
    await page.getByRole('heading', { name: `Job ${jobId}` }).waitFor();
    await page.locator(`tr[data-thing-name="${thingA}"]`, { hasText: 'CANCELED' }).waitFor();
    await page.locator(`tr[data-thing-name="${thingB}"]`, { hasText: 'QUEUED' }).waitFor();
    // Replayed from the audit history: one thing still queued, one canceled.
    const chart = page.getByRole('img', { name: /^Things per execution status over time\. Now: 1 QUEUED, 0 IN_PROGRESS, .*, 1 CANCELED\.$/ });
    await chart.waitFor({ timeout: 60_000 });
    await page.locator('.chart canvas').waitFor();

    await page.locator('#execution-status').selectOption('QUEUED');
    await page.locator(`tr[data-thing-name="${thingA}"]`).waitFor({ state: 'detached' });
    assert.equal(await page.locator('tr[data-thing-name]').count(), 1);

    await page.getByRole('button', { name: 'Cancel job…' }).click();
    const dialog = page.getByRole('dialog', { name: `Cancel job ${jobId}?` });
    assert.match(await dialog.innerText(), /1 QUEUED execution will be canceled/);
    assert.match(await dialog.innerText(), /0 IN_PROGRESS executions will be left to finish/);
    await dialog.getByLabel('Force: also cancel IN_PROGRESS executions').check();
    assert.match(await dialog.innerText(), /will be canceled too, although their devices may be in the middle of the work/);
    await assertAccessible(page, 'cancel-job confirmation');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Delete job…' }).click();
    const deletion = page.getByRole('dialog', { name: `Delete job ${jobId}?` });
    assert.match(await deletion.innerText(), /without force only a COMPLETED or CANCELED job can be deleted, so the service will refuse/);
    await deletion.getByRole('button', { name: 'Keep it, go back' }).click();
    await deletion.waitFor({ state: 'detached' });

    await page.locator('#execution-status').selectOption('');
    await page.locator(`tr[data-thing-name="${thingA}"]`).waitFor();
    await assertAccessible(page, 'job page');
    mkdirSync(new URL('../../../console-screenshots/', import.meta.url), { recursive: true });
    const path = process.env.UPDATE_CONSOLE_SCREENSHOT === '1' ? README_SCREENSHOT : SCRATCH_SCREENSHOT;
    const png = await page.screenshot({ path, fullPage: true });
    assert.ok(png.length > 10_000, 'a real screenshot of the job page');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('keeps the executions at full contrast while the page refreshes them in the background', async () => {
    const { context, page, problems } = await newTab(browser);
    await signIn(page, `${consoleUrl}#/jobs/${jobId}`, ALICE);
    const table = page.getByRole('table', { name: 'Executions' });
    await table.locator(`tr[data-thing-name="${thingB}"]`).waitFor();
    // Notes the rows' opacity at every change of the table's attributes, until a refresh of the
    // same query (the job still runs, so the page refreshes every 5 s) has begun and ended.
    // A string: this file is compiled without the DOM's types.
    const seen = (await page.evaluate(`new Promise((resolve) => {
      const table = document.querySelector('table[aria-labelledby="executions-title"]');
      const states = [];
      new MutationObserver(() => {
        states.push({ busy: table.getAttribute('aria-busy'), opacity: getComputedStyle(table.querySelector('tbody')).opacity });
        if (states.some((state) => state.busy === 'true') && states.at(-1).busy === 'false') resolve(states);
      }).observe(table, { attributes: true });
    })`)) as Array<{ busy: string | null; opacity: string }>;
    assert.ok(
      seen.some((state) => state.busy === 'true'),
      'a background refresh was observed',
    );
    assert.deepEqual(
      seen.filter((state) => state.opacity !== '1'),
      [],
      'the rows stayed at full contrast',
    );
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('says in words when the audit history cannot be reached', async () => {
    const { context, page } = await newTab(browser);
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    await signIn(page, `${consoleUrl}#/jobs/${jobId}/things/${thingA}`, ALICE, nowhere);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.equal(
      await alert.innerText(),
      `The timeline could not be loaded. The audit history at ${nowhere} could not be reached. Is the history consumer running there, and does it allow requests from this console's address (CORS)?`,
    );
    await page.locator('[data-testid="version"]', { hasText: '4' }).waitFor();
    await context.close();
  });
});

function timelineEntry(page: Page, eventType: string) {
  return page.locator(`ol.timeline li[data-event-type="${eventType}"]`);
}

async function cancelWithForce(page: Page): Promise<void> {
  await page.getByLabel('Force (needed for an IN_PROGRESS execution)').check();
  await page.getByRole('button', { name: 'Cancel execution…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel this execution?' });
  assert.match(await dialog.innerText(), /is IN_PROGRESS at version 3\. The cancel applies only if it is still at that version/);
  await dialog.getByRole('button', { name: 'Cancel execution with force' }).click();
}
