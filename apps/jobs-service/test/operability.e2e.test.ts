import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { CreateJobCommand } from '@aws-sdk/client-iot';
import { StartNextPendingJobExecutionCommand, UpdateJobExecutionCommand } from '@aws-sdk/client-iot-jobs-data-plane';
import { CuttableProxy, metricValue, pollUntil, scrape, type ServiceUnderTest, startServiceUnderTest, thingArn, uniqueName } from '#testing';

const CONFLICTS = 'iot_jobs_event_store_append_conflicts_total';

/** Readiness follows the database, and the conflict counter follows real concurrent writes. */
describe('operability of the service', () => {
  let proxy: CuttableProxy;
  let sut: ServiceUnderTest;

  before(async () => {
    proxy = await CuttableProxy.start({ host: '127.0.0.1', port: 5432 });
    sut = await startServiceUnderTest({
      rewriteDatabaseUrl: proxy.viaProxy,
      env: { DATABASE_CONNECT_TIMEOUT_MS: '1000', DATABASE_POOL_SIZE: '12' },
    });
  });
  after(async () => {
    proxy.switchTo('forward');
    await sut.stop();
    await proxy.stop();
  });

  it('answers 503 on /health/ready naming the database while it is down, and 200 again after', async () => {
    assert.equal((await fetch(`${sut.service.url}/health/ready`)).status, 200);
    proxy.switchTo('refuse');
    const down = await fetch(`${sut.service.url}/health/ready`);
    assert.equal(down.status, 503);
    const body = (await down.json()) as { status: string; error?: Record<string, { status: string }> };
    assert.equal(body.status, 'error');
    assert.equal(body.error?.database?.status, 'down');
    // Liveness does not depend on the database: restarting the process would not help.
    assert.equal((await fetch(`${sut.service.url}/health/live`)).status, 200);
    proxy.switchTo('forward');
    await pollUntil(async () => ((await fetch(`${sut.service.url}/health/ready`)).status === 200 ? true : undefined), {
      description: 'ready again',
      timeoutMs: 10_000,
    });
  });

  it('counts append conflicts when devices update one execution concurrently', async () => {
    const jobId = uniqueName('job');
    const thingName = uniqueName('thing');
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(thingName)], document: '{}' }));
    await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName }));
    const before = metricValue(await scrape(sut.service.url), CONFLICTS) ?? 0;
    // Each burst reads the same stream version and races to append after it; the store refuses
    // all but one per version. Bursts repeat until one of them collides (the first nearly always does).
    let step = 0;
    const after = await pollUntil(
      async () => {
        await Promise.allSettled(
          Array.from({ length: 8 }, () => {
            step += 1;
            return sut.dp.send(new UpdateJobExecutionCommand({ jobId, thingName, status: 'IN_PROGRESS', statusDetails: { step: String(step) } }));
          }),
        );
        const now = metricValue(await scrape(sut.service.url), CONFLICTS) ?? 0;
        return now > before ? now : undefined;
      },
      { description: 'an append conflict to be counted', timeoutMs: 15_000 },
    );
    assert.ok(after > before, `${CONFLICTS}: ${before} → ${after}`);
  });
});
