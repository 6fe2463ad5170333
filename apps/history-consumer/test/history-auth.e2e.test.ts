import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CancelJobExecutionCommand, CreateJobCommand, IoTClient } from '@aws-sdk/client-iot';
import { pollUntil, signedFetch, testKafkaBrokers } from '#testing';
import {
  AUDITOR,
  HISTORY_DEVICE,
  historyFetch,
  historyPrincipalsSetting,
  startHistory,
  thingArn,
  uniqueName,
  uniquePrefix,
  type HistoryUnderTest,
} from './support.js';
import { deviceCredentials, OPERATOR, REGION, sdkError, startServiceUnderTest, type ServiceUnderTest } from '#testing';

/**
 * The audit history names operators and carries status details: it answers only SigV4-signed
 * reads by operators and auditors, with the jobs service's principals and AWS-shaped 403s.
 */
describe('audit-history API authentication', () => {
  const prefix = uniquePrefix('history-auth');
  const jobId = uniqueName('audited-job');
  const thingName = uniqueName('audited-thing');
  let sut: ServiceUnderTest;
  let history: HistoryUnderTest;
  let thingHistory: string;

  before(async () => {
    sut = await startServiceUnderTest({
      kafka: { brokers: testKafkaBrokers(), topicPrefix: prefix },
      env: { AUTH_PRINCIPALS: historyPrincipalsSetting() },
    });
    history = await startHistory(prefix);
    thingHistory = `${history.consumer.url}/history/things/${thingName}`;
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(thingName)], document: '{"op":"audit-me"}' }));
    await sut.cp.send(new CancelJobExecutionCommand({ jobId, thingName, force: true }));
    await pollUntil(async () => ((await history.get(`/history/things/${thingName}`)).body.events?.length === 2 ? true : undefined), {
      description: 'the queued and canceled events in the history',
    });
  });
  after(async () => {
    await history?.stop();
    await sut?.stop();
  });

  async function expectRefusal(response: Response, name: string): Promise<void> {
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('x-amzn-errortype'), name);
    assert.match(response.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(typeof body['message'], 'string');
    assert.equal(body['events'], undefined, 'a refusal carries no history');
  }

  it('refuses an unsigned read on every history route', async () => {
    for (const path of [
      `/history/things/${thingName}`,
      `/history/jobs/${jobId}`,
      `/history/jobs/${jobId}/things/${thingName}`,
      `/history/jobs/${jobId}/things/${thingName}/state`,
    ]) {
      await expectRefusal(await fetch(`${history.consumer.url}${path}`), 'MissingAuthenticationTokenException');
    }
  });

  it('refuses a wrong secret, an unknown key and a signature for another service', async () => {
    await expectRefusal(await historyFetch(thingHistory, { ...AUDITOR, secretAccessKey: 'not-the-auditor-secret-0' }), 'InvalidSignatureException');
    await expectRefusal(
      await historyFetch(thingHistory, { accessKeyId: 'AKIDNOBODY', secretAccessKey: 'nobody-secret-0123456789' }),
      'UnrecognizedClientException',
    );
    const signedForIot = await signedFetch(thingHistory, {}, { credentials: AUDITOR, region: REGION, service: 'iot' });
    await expectRefusal(signedForIot, 'InvalidSignatureException');
  });

  it('refuses a device, even for its own thing', async () => {
    const device = deviceCredentials(HISTORY_DEVICE.name);
    await expectRefusal(
      await historyFetch(`${history.consumer.url}/history/things/${HISTORY_DEVICE.thingNames[0]}`, device),
      'AccessDeniedException',
    );
    await expectRefusal(await historyFetch(thingHistory, device), 'AccessDeniedException');
  });

  it('lets an auditor and an operator read the full history', async () => {
    for (const credentials of [AUDITOR, OPERATOR]) {
      const response = await historyFetch(thingHistory, credentials);
      assert.equal(response.status, 200);
      const body = (await response.json()) as { events: Array<{ eventType: string }> };
      assert.deepEqual(
        body.events.map((event) => event.eventType),
        ['JobExecutionQueued', 'JobExecutionCanceled'],
      );
    }
  });

  it('keeps the operational routes open', async () => {
    assert.equal((await fetch(`${history.consumer.url}/health/live`)).status, 200);
    assert.equal((await fetch(`${history.consumer.metricsUrl}/metrics`)).status, 200);
  });

  it('does not let an auditor change anything on the jobs service', async () => {
    const auditorClient = new IoTClient({ endpoint: sut.service.url, region: REGION, credentials: { ...AUDITOR }, maxAttempts: 1 });
    const events = async () => Number((await sut.sql.query<{ count: string }>('SELECT count(*) FROM es_events')).rows[0]!.count);
    try {
      const before = await events();
      const error = await sdkError(auditorClient.send(new CancelJobExecutionCommand({ jobId, thingName, force: true })));
      assert.equal(error.name, 'AccessDeniedException');
      assert.equal(error.$metadata.httpStatusCode, 403);
      assert.equal(await events(), before, 'the refused cancel appended nothing');
    } finally {
      auditorClient.destroy();
    }
  });
});

describe('audit-history API with AUTH_MODE=disabled', () => {
  let history: HistoryUnderTest;
  before(async () => {
    history = await startHistory(uniquePrefix('history-open'), { AUTH_MODE: 'disabled', AUTH_PRINCIPALS: '' });
  });
  after(() => history?.stop());

  it('answers unsigned reads, as the service does in that mode', async () => {
    const response = await fetch(`${history.consumer.url}/history/things/${uniqueName('nobody')}`);
    assert.equal(response.status, 200);
    assert.deepEqual(((await response.json()) as { events: unknown[] }).events, []);
  });
});
