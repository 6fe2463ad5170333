import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { CreateJobCommand, ListJobsCommand } from '@aws-sdk/client-iot';
import { GetPendingJobExecutionsCommand } from '@aws-sdk/client-iot-jobs-data-plane';
import { CuttableProxy, pollUntil, sdkError, type ServiceUnderTest, startServiceUnderTest, thingArn, uniqueName } from '#testing';
import { signedFetch } from './support/signed-fetch.js';

const CONNECT_TIMEOUT_MS = 1000;

/** Postgres going away must give fast, retryable 503s, and the service must recover by itself. */
describe('graceful degradation', () => {
  let proxy: CuttableProxy;
  let sut: ServiceUnderTest;

  before(async () => {
    proxy = await CuttableProxy.start({ host: '127.0.0.1', port: 5432 });
    sut = await startServiceUnderTest({
      rewriteDatabaseUrl: proxy.viaProxy,
      env: { DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS) },
    });
  });
  after(async () => {
    proxy.switchTo('forward');
    await sut.stop();
    await proxy.stop();
  });

  async function timedError(call: Promise<unknown>) {
    const started = Date.now();
    const error = await sdkError(call);
    return { error, elapsedMs: Date.now() - started };
  }

  it('answers 503 ServiceUnavailableException fast on both planes while Postgres refuses, then recovers', async () => {
    await sut.cp.send(new CreateJobCommand({ jobId: uniqueName('job'), targets: [thingArn(uniqueName('thing'))], document: '{}' }));
    proxy.switchTo('refuse');
    const control = await timedError(sut.cp.send(new ListJobsCommand({})));
    assert.equal(control.error.name, 'ServiceUnavailableException');
    assert.equal(control.error.$metadata.httpStatusCode, 503);
    assert.ok(control.elapsedMs < CONNECT_TIMEOUT_MS + 1500, `took ${control.elapsedMs} ms`);
    const data = await timedError(sut.dp.send(new GetPendingJobExecutionsCommand({ thingName: uniqueName('thing') })));
    assert.equal(data.error.name, 'ServiceUnavailableException');
    assert.equal(data.error.$metadata.httpStatusCode, 503);

    proxy.switchTo('forward');
    const listed = await pollUntil(() => sut.cp.send(new ListJobsCommand({})), { timeoutMs: 10_000, description: 'ListJobs to succeed again' });
    assert.equal(listed.jobs?.length, 1);
  });

  it('never hangs on a database that accepts connections but does not answer', async () => {
    proxy.switchTo('blackhole');
    // The first call may meet a pooled connection that already saw the cut; the next ones must
    // open a connection, which only the connect timeout ends.
    const attempts = [];
    for (let i = 0; i < 2; i += 1) attempts.push(await timedError(sut.cp.send(new ListJobsCommand({}))));
    for (const stalled of attempts) {
      assert.equal(stalled.error.name, 'ServiceUnavailableException');
      assert.equal(stalled.error.$metadata.httpStatusCode, 503);
      assert.ok(stalled.elapsedMs < CONNECT_TIMEOUT_MS + 1500, `took ${stalled.elapsedMs} ms`);
    }
    assert.ok(
      attempts.some((a) => a.elapsedMs >= CONNECT_TIMEOUT_MS - 100),
      'the connect timeout bounded a stalled connection',
    );
    proxy.switchTo('forward');
    await pollUntil(() => sut.cp.send(new ListJobsCommand({})), { timeoutMs: 10_000, description: 'ListJobs to succeed again' });
  });

  it('refuses a body over the 1 MiB limit with an AWS-shaped 413', async () => {
    const huge = JSON.stringify({ targets: [thingArn('t')], document: 'x'.repeat(1024 * 1024 + 1) });
    const response = await signedFetch(`${sut.service.url}/jobs/${uniqueName('job')}`, { method: 'PUT', body: huge });
    assert.equal(response.status, 413);
    assert.equal(response.headers.get('x-amzn-errortype'), 'InvalidRequestException');
    assert.equal(typeof ((await response.json()) as { message?: unknown }).message, 'string');
  });
});
