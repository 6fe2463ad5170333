import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { CreateJobCommand, DescribeJobExecutionCommand as DescribeExecutionCp, IoTClient } from '@aws-sdk/client-iot';
import {
  DescribeJobExecutionCommand,
  GetPendingJobExecutionsCommand,
  IoTJobsDataPlaneClient,
  StartNextPendingJobExecutionCommand,
  UpdateJobExecutionCommand,
} from '@aws-sdk/client-iot-jobs-data-plane';
import { OPERATOR, REGION, sdkError, startServiceUnderTest, thingArn, uniqueName, type ServiceUnderTest } from '#testing';
import { signedFetch } from './support/signed-fetch.js';

/**
 * Every request is authenticated with SigV4 and authorised for its plane and thing; a refused
 * request is a 403 with an AWS error name and leaves the event store untouched.
 */
describe('authentication and authorisation', () => {
  let sut: ServiceUnderTest;
  const thingA = uniqueName('thing-a');
  const thingB = uniqueName('thing-b');

  before(async () => {
    sut = await startServiceUnderTest({ devices: [{ name: 'device-a', thingNames: [thingA] }] });
  });
  after(() => sut.stop());

  const eventCount = async () => (await sut.sql.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n as number;

  async function expectRefused(response: Response, errorType: string, message?: RegExp): Promise<void> {
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('x-amzn-errortype'), errorType);
    assert.ok(response.headers.get('x-amzn-requestid'));
    const body = (await response.json()) as { message: string };
    if (message) assert.match(body.message, message);
  }

  const createJobBody = (thingName: string) => JSON.stringify({ targets: [thingArn(thingName)], document: '{"op":"x"}' });

  it('refuses unsigned, malformed, unknown-key and wrong-secret requests and changes nothing', async () => {
    const before = await eventCount();
    const url = `${sut.service.url}/jobs/${uniqueName('job')}`;
    const put = { method: 'PUT', body: createJobBody(uniqueName('other-thing')) };
    await expectRefused(await fetch(url, { ...put, headers: { 'content-type': 'application/json' } }), 'MissingAuthenticationTokenException');
    await expectRefused(
      await fetch(url, { ...put, headers: { 'content-type': 'application/json', authorization: 'AWS4-HMAC-SHA256 Credential=oops' } }),
      'IncompleteSignatureException',
    );
    await expectRefused(
      await signedFetch(url, put, { credentials: { accessKeyId: 'AKIDNOBODY', secretAccessKey: 'nobody-secret-0123456789' } }),
      'UnrecognizedClientException',
    );
    const wrongSecret = new IoTClient({
      region: REGION,
      endpoint: sut.service.url,
      maxAttempts: 1,
      credentials: { ...OPERATOR, secretAccessKey: 'not-the-operator-secret' },
    });
    try {
      const error = await sdkError(wrongSecret.send(new CreateJobCommand({ jobId: uniqueName('job'), targets: [thingArn(thingA)], document: '{}' })));
      assert.equal(error.name, 'InvalidSignatureException');
      assert.equal(error.$metadata.httpStatusCode, 403);
    } finally {
      wrongSecret.destroy();
    }
    assert.equal(await eventCount(), before);
  });

  it("refuses a tampered body, the other plane's signing scope and an expired signature", async () => {
    const before = await eventCount();
    const url = `${sut.service.url}/jobs/${uniqueName('job')}`;
    const put = { method: 'PUT', body: createJobBody(uniqueName('other-thing')) };
    const tampered = await signedFetch(url, put, {
      tamper: (request) => {
        request.body = createJobBody(uniqueName('victim'));
      },
    });
    await expectRefused(tampered, 'InvalidSignatureException', /x-amz-content-sha256/);
    await expectRefused(await signedFetch(url, put, { service: 'iot-jobs-data' }), 'InvalidSignatureException', /scoped to correct service: 'iot'/);
    const dataPlaneAsIot = await signedFetch(`${sut.service.url}/data-plane/things/${thingA}/jobs`, {}, { service: 'iot' });
    await expectRefused(dataPlaneAsIot, 'InvalidSignatureException', /'iot-jobs-data'/);
    const expired = await signedFetch(url, put, { signedAt: new Date(Date.now() - 16 * 60 * 1000) });
    await expectRefused(expired, 'InvalidSignatureException', /^Signature expired/);
    assert.equal(await eventCount(), before);
    const genuine = await signedFetch(url, put);
    assert.equal(genuine.status, 200, 'the same request, untouched, is accepted');
  });

  it('keeps a device off the control plane', async () => {
    const device = sut.devices['device-a']!;
    const cp = new IoTClient({ region: REGION, endpoint: sut.service.url, maxAttempts: 1, credentials: device.credentials });
    try {
      const error = await sdkError(cp.send(new CreateJobCommand({ jobId: uniqueName('job'), targets: [thingArn(thingA)], document: '{}' })));
      assert.equal(error.name, 'AccessDeniedException');
      assert.equal(error.$metadata.httpStatusCode, 403);
    } finally {
      cp.destroy();
    }
  });

  it('lets a device act only for its own thing, and records it as the actor', async () => {
    const jobId = uniqueName('job');
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(thingA), thingArn(thingB)], document: '{"op":"x"}' }));
    const device: IoTJobsDataPlaneClient = sut.devices['device-a']!.client;
    const before = await eventCount();
    const refusals = await Promise.all([
      sdkError(device.send(new StartNextPendingJobExecutionCommand({ thingName: thingB }))),
      sdkError(device.send(new UpdateJobExecutionCommand({ thingName: thingB, jobId, status: 'IN_PROGRESS' }))),
      sdkError(device.send(new DescribeJobExecutionCommand({ thingName: thingB, jobId }))),
      sdkError(device.send(new GetPendingJobExecutionsCommand({ thingName: thingB }))),
    ]);
    for (const error of refusals) {
      assert.equal(error.name, 'AccessDeniedException');
      assert.equal(error.$metadata.httpStatusCode, 403);
    }
    assert.equal(await eventCount(), before, 'nothing changed for thing B');
    const stillQueued = await sut.cp.send(new DescribeExecutionCp({ jobId, thingName: thingB }));
    assert.equal(stillQueued.execution?.status, 'QUEUED');

    const started = await device.send(new StartNextPendingJobExecutionCommand({ thingName: thingA }));
    assert.equal(started.execution?.status, 'IN_PROGRESS');
    const { rows } = await sut.sql.query(`SELECT data->>'actor' AS actor FROM es_events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1`, [
      `job-execution/${jobId}/${thingA}`,
    ]);
    assert.equal(rows[0].actor, 'device-a');
  });
});
