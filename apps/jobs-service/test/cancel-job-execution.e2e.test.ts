import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { CancelJobExecutionCommand, CreateJobCommand, DescribeJobExecutionCommand } from '@aws-sdk/client-iot';
import { StartNextPendingJobExecutionCommand, UpdateJobExecutionCommand } from '@aws-sdk/client-iot-jobs-data-plane';
import { sdkError, startServiceUnderTest, thingArn, uniqueName, type ServiceUnderTest } from '#testing';

/** CancelJobExecution exactly as the AWS API reference documents it, through the official SDK. */
describe('CancelJobExecution', () => {
  let sut: ServiceUnderTest;
  before(async () => {
    sut = await startServiceUnderTest();
  });
  after(() => sut.stop());

  async function queuedExecution(): Promise<{ jobId: string; thingName: string }> {
    const jobId = uniqueName('job');
    const thingName = uniqueName('thing');
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(thingName)], document: '{"op":"reboot"}' }));
    return { jobId, thingName };
  }

  async function inProgressExecution(): Promise<{ jobId: string; thingName: string }> {
    const key = await queuedExecution();
    await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName: key.thingName }));
    return key;
  }

  const describeExecution = async (key: { jobId: string; thingName: string }) => (await sut.cp.send(new DescribeJobExecutionCommand(key))).execution!;

  async function canceledEvents(key: { jobId: string; thingName: string }): Promise<number> {
    const { rows } = await sut.sql.query(`SELECT count(*)::int AS n FROM es_events WHERE stream_id = $1 AND event_type = 'JobExecutionCanceled'`, [
      `job-execution/${key.jobId}/${key.thingName}`,
    ]);
    return rows[0].n;
  }

  it('cancels a QUEUED execution without force: 200, CANCELED, version bumped, not force-canceled', async () => {
    const key = await queuedExecution();
    const response = await sut.cp.send(new CancelJobExecutionCommand(key));
    assert.equal(response.$metadata.httpStatusCode, 200);
    assert.match(response.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
    const execution = await describeExecution(key);
    assert.equal(execution.status, 'CANCELED');
    assert.equal(execution.versionNumber, 2);
    assert.equal(execution.forceCanceled, false);
    assert.ok(execution.lastUpdatedAt instanceof Date);
    assert.equal(await canceledEvents(key), 1);
  });

  it('cancels a QUEUED execution with force', async () => {
    const key = await queuedExecution();
    await sut.cp.send(new CancelJobExecutionCommand({ ...key, force: true }));
    assert.equal((await describeExecution(key)).status, 'CANCELED');
  });

  it('refuses an IN_PROGRESS execution without force and changes nothing', async () => {
    const key = await inProgressExecution();
    const error = await sdkError(sut.cp.send(new CancelJobExecutionCommand({ ...key, force: false })));
    assert.equal(error.name, 'InvalidStateTransitionException');
    assert.equal(error.$metadata.httpStatusCode, 409);
    const execution = await describeExecution(key);
    assert.equal(execution.status, 'IN_PROGRESS');
    assert.equal(execution.versionNumber, 2);
    assert.equal(await canceledEvents(key), 0);
  });

  it('force-cancels an IN_PROGRESS execution, after which the device can no longer update it', async () => {
    const key = await inProgressExecution();
    await sut.cp.send(new CancelJobExecutionCommand({ ...key, force: true }));
    const execution = await describeExecution(key);
    assert.equal(execution.status, 'CANCELED');
    assert.equal(execution.forceCanceled, true);
    const error = await sdkError(sut.dp.send(new UpdateJobExecutionCommand({ ...key, status: 'SUCCEEDED' })));
    assert.equal(error.name, 'InvalidStateTransitionException');
    assert.equal(error.$metadata.httpStatusCode, 409);
    assert.equal((await describeExecution(key)).status, 'CANCELED');
  });

  it('refuses every terminal execution', async () => {
    for (const status of ['SUCCEEDED', 'FAILED', 'REJECTED'] as const) {
      const key = await inProgressExecution();
      await sut.dp.send(new UpdateJobExecutionCommand({ ...key, status }));
      for (const force of [false, true]) {
        const error = await sdkError(sut.cp.send(new CancelJobExecutionCommand({ ...key, force })));
        assert.equal(error.name, 'InvalidStateTransitionException', `${status} force=${force}`);
      }
      assert.equal((await describeExecution(key)).status, status);
    }
    const canceled = await queuedExecution();
    await sut.cp.send(new CancelJobExecutionCommand(canceled));
    const again = await sdkError(sut.cp.send(new CancelJobExecutionCommand(canceled)));
    assert.equal(again.name, 'InvalidStateTransitionException');
    assert.equal(await canceledEvents(canceled), 1);
  });

  it('answers VersionConflictException when expectedVersion is stale, and accepts the current one', async () => {
    const key = await queuedExecution();
    const stale = await sdkError(sut.cp.send(new CancelJobExecutionCommand({ ...key, expectedVersion: 7 })));
    assert.equal(stale.name, 'VersionConflictException');
    assert.equal(stale.$metadata.httpStatusCode, 409);
    assert.equal((await describeExecution(key)).status, 'QUEUED');
    await sut.cp.send(new CancelJobExecutionCommand({ ...key, expectedVersion: 1 }));
    assert.equal((await describeExecution(key)).status, 'CANCELED');
  });

  it('replaces statusDetails when given and keeps them when absent', async () => {
    const replaced = await inProgressExecution();
    await sut.dp.send(new UpdateJobExecutionCommand({ ...replaced, status: 'IN_PROGRESS', statusDetails: { step: '1', old: 'x' } }));
    await sut.cp.send(new CancelJobExecutionCommand({ ...replaced, force: true, statusDetails: { reason: 'operator' } }));
    assert.deepEqual((await describeExecution(replaced)).statusDetails?.detailsMap, { reason: 'operator' });

    const kept = await inProgressExecution();
    await sut.dp.send(new UpdateJobExecutionCommand({ ...kept, status: 'IN_PROGRESS', statusDetails: { step: '2' } }));
    await sut.cp.send(new CancelJobExecutionCommand({ ...kept, force: true }));
    assert.deepEqual((await describeExecution(kept)).statusDetails?.detailsMap, { step: '2' });
  });

  it('rejects invalid input with InvalidRequestException and changes nothing', async () => {
    const key = await queuedExecution();
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']));
    const cases: Array<[string, Record<string, unknown>]> = [
      ['11 pairs', { ...key, statusDetails: eleven }],
      ['bad key', { ...key, statusDetails: { 'bad key!': 'v' } }],
      ['empty value', { ...key, statusDetails: { k: '' } }],
      ['control character', { ...key, statusDetails: { k: 'line\nbreak' } }],
      ['over-long value', { ...key, statusDetails: { k: 'x'.repeat(1025) } }],
      ['over-long jobId', { ...key, jobId: 'j'.repeat(65) }],
      ['over-long thingName', { ...key, thingName: 't'.repeat(129) }],
      ['bad jobId', { ...key, jobId: 'job.1' }],
      ['negative expectedVersion', { ...key, expectedVersion: -1 }],
    ];
    for (const [label, input] of cases) {
      const error = await sdkError(sut.cp.send(new CancelJobExecutionCommand(input as never)));
      assert.equal(error.name, 'InvalidRequestException', label);
      assert.equal(error.$metadata.httpStatusCode, 400, label);
    }
    const tenPairs = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v']));
    await sut.cp.send(new CancelJobExecutionCommand({ ...key, statusDetails: tenPairs }));
    const execution = await describeExecution(key);
    assert.equal(execution.versionNumber, 2, 'only the valid request changed the execution');
  });

  it('answers ResourceNotFoundException for an unknown job or thing', async () => {
    const key = await queuedExecution();
    for (const input of [
      { ...key, jobId: 'no-such-job' },
      { ...key, thingName: 'no-such-thing' },
    ]) {
      const error = await sdkError(sut.cp.send(new CancelJobExecutionCommand(input)));
      assert.equal(error.name, 'ResourceNotFoundException');
      assert.equal(error.$metadata.httpStatusCode, 404);
    }
  });

  it('lets exactly one of 20 concurrent cancels win; the rest get 409 and one event is stored', async () => {
    const key = await queuedExecution();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => sut.cp.send(new CancelJobExecutionCommand({ ...key, expectedVersion: 1 }))),
    );
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(fulfilled.length, 1);
    assert.equal(rejected.length, 19);
    for (const { reason } of rejected) {
      assert.equal(reason.$metadata.httpStatusCode, 409);
      assert.ok(['VersionConflictException', 'InvalidStateTransitionException'].includes(reason.name), reason.name);
    }
    assert.equal(await canceledEvents(key), 1);
  });

  it('lets exactly one of 20 concurrent cancels without expectedVersion win', async () => {
    const key = await queuedExecution();
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => sut.cp.send(new CancelJobExecutionCommand(key))));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal(r.reason.name, 'InvalidStateTransitionException');
    assert.equal(await canceledEvents(key), 1);
  });
});
