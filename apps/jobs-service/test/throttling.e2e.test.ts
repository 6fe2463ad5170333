import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { ListJobsCommand } from '@aws-sdk/client-iot';
import { GetPendingJobExecutionsCommand } from '@aws-sdk/client-iot-jobs-data-plane';
import { sdkError, startServiceUnderTest, uniqueName, type ServiceUnderTest } from '#testing';
import { signedFetch } from './support/signed-fetch.js';

/** A token bucket per principal: the burst passes, then the plane's modeled ThrottlingException. */
describe('throttling', () => {
  let sut: ServiceUnderTest;
  const thing = uniqueName('thing');

  before(async () => {
    // One token every 5 s: the test cannot refill a bucket by being slow.
    sut = await startServiceUnderTest({
      devices: [{ name: 'device-t', thingNames: [thing] }],
      env: { THROTTLE_BURST: '2', THROTTLE_RATE_PER_SECOND: '0.2' },
    });
  });
  after(() => sut.stop());

  it('answers the control plane with 400 ThrottlingException and Retry-After once the burst is spent', async () => {
    await sut.cp.send(new ListJobsCommand({}));
    await sut.cp.send(new ListJobsCommand({}));
    const error = await sdkError(sut.cp.send(new ListJobsCommand({})));
    assert.equal(error.name, 'ThrottlingException');
    assert.equal(error.$metadata.httpStatusCode, 400);
    const raw = await signedFetch(`${sut.service.url}/jobs`);
    assert.equal(raw.status, 400);
    assert.equal(raw.headers.get('x-amzn-errortype'), 'ThrottlingException');
    assert.ok(Number(raw.headers.get('retry-after')) >= 1, `Retry-After ${raw.headers.get('retry-after')}`);
  });

  it("answers the data plane with 429, per principal: one device does not spend another principal's tokens", async () => {
    const device = sut.devices['device-t']!.client;
    await device.send(new GetPendingJobExecutionsCommand({ thingName: thing }));
    await device.send(new GetPendingJobExecutionsCommand({ thingName: thing }));
    const error = await sdkError(device.send(new GetPendingJobExecutionsCommand({ thingName: thing })));
    assert.equal(error.name, 'ThrottlingException');
    assert.equal(error.$metadata.httpStatusCode, 429);
    const raw = await signedFetch(`${sut.service.url}/data-plane/things/${thing}/jobs`, {}, { credentials: sut.devices['device-t']!.credentials });
    assert.equal(raw.status, 429);
    assert.ok(Number(raw.headers.get('retry-after')) >= 1);
  });
});
