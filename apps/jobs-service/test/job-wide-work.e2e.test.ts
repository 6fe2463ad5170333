import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { CancelJobCommand, CreateJobCommand, DeleteJobCommand, DescribeJobCommand } from '@aws-sdk/client-iot';
import { StartNextPendingJobExecutionCommand, UpdateJobExecutionCommand } from '@aws-sdk/client-iot-jobs-data-plane';
import { pollUntil } from '#testing';
import { OPERATOR, startServiceUnderTest, thingArn, type ServiceUnderTest } from '#testing';

const EXECUTIONS = 10_000;
const DEVICES = 50;
/**
 * How long a sweep of the 10,000 executions may take before the test gives up: a liveness bound,
 * far above a quiet machine's 10–30 s, because three test files share two cores in CI (a sweep
 * once took over 60 s there). How fast the sweep goes is benchmark 7's figure.
 */
const SWEEP_DEADLINE_MS = 180_000;
/** How often each device reports progress: 50 devices make 1,000 updates a second together. */
const REPORT_INTERVAL_MS = 50;

/**
 * CancelJob and DeleteJob on a 10,000-execution job while 50 devices keep updating their own
 * executions (docs/aws-behaviour.md §6.4, §6.5, §7.4, §7.5): the operator's request answers at
 * once, the executions follow in the background, and no device update that was acknowledged is
 * lost — each device either succeeds or gets the 409 (or 404) of its own execution.
 */
describe('job-wide work on a busy fleet', () => {
  let sut: ServiceUnderTest;
  before(async () => {
    const operator = { ...OPERATOR, role: 'operator', throttle: { ratePerSecond: 100_000, burst: 100_000 } };
    sut = await startServiceUnderTest({ env: { AUTH_PRINCIPALS: JSON.stringify([operator]), JOB_WIDE_WORK_EXECUTIONS_PER_SECOND: '5000' } });
  });
  after(() => sut.stop());

  const things = (jobId: string) => Array.from({ length: EXECUTIONS }, (_, i) => `${jobId}-thing-${i}`);

  /** A device that keeps reporting progress on its execution until the service refuses it. */
  function device(jobId: string, thingName: string) {
    let acknowledged = 0;
    let stopped = false;
    let refusal: string | undefined;
    const done = (async () => {
      await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName }));
      while (!stopped) {
        try {
          await sut.dp.send(
            new UpdateJobExecutionCommand({ jobId, thingName, status: 'IN_PROGRESS', statusDetails: { step: String(acknowledged + 1) } }),
          );
          acknowledged += 1;
          // The device's reporting interval (load shape, not synchronisation).
          await delay(REPORT_INTERVAL_MS);
        } catch (error) {
          refusal = (error as Error).name;
          return;
        }
      }
    })();
    return {
      get acknowledged() {
        return acknowledged;
      },
      get refusal() {
        return refusal;
      },
      async stop() {
        stopped = true;
        await done;
      },
    };
  }

  async function busyJob(jobId: string) {
    const targets = things(jobId);
    await sut.cp.send(new CreateJobCommand({ jobId, targets: targets.map(thingArn), document: '{}' }));
    const devices = targets.slice(0, DEVICES).map((thingName) => ({ thingName, device: device(jobId, thingName) }));
    // Every device is busy before the operator acts.
    await pollUntil(() => (devices.every(({ device }) => device.acknowledged >= 2) ? true : undefined), { description: 'the devices to be busy' });
    return devices;
  }

  const statuses = async (jobId: string) => {
    const { rows } = await sut.sql.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM job_execution_view WHERE job_id = $1 AND is_latest GROUP BY status`,
      [jobId],
    );
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  };
  const updatesStored = async (jobId: string, thingName: string) =>
    (
      await sut.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM es_events WHERE stream_id = $1 AND event_type = 'JobExecutionUpdated'`, [
        `job-execution/${jobId}/${thingName}`,
      ])
    ).rows[0]!.n;

  /**
   * The answer does not wait for the executions: when it arrives, some are still untouched (the
   * sweep of 10,000 at 5,000 a second takes two seconds at least). How fast it answers is a figure
   * of the benchmarks (BENCHMARKS.md, benchmark 7), not of this test.
   */
  async function answersBeforeTheSweepEnds(answer: Promise<unknown>, jobId: string, untouched: string): Promise<void> {
    await answer;
    const left = (await statuses(jobId))[untouched] ?? 0;
    assert.ok(left > 0, `the answer came after the sweep: no ${untouched} execution was left`);
  }

  it('CancelJob answers at once, without and then with force; every execution it cancels ends CANCELED once', async () => {
    const jobId = 'busy-cancel';
    const devices = await busyJob(jobId);

    await answersBeforeTheSweepEnds(sut.cp.send(new CancelJobCommand({ jobId, reasonCode: 'STOP', comment: 'bad firmware' })), jobId, 'QUEUED');
    const described = (await sut.cp.send(new DescribeJobCommand({ jobId }))).job!;
    assert.deepEqual([described.status, described.isConcurrent], ['CANCELED', true]);
    await pollUntil(async () => ((await statuses(jobId)).CANCELED === EXECUTIONS - DEVICES ? true : undefined), {
      timeoutMs: SWEEP_DEADLINE_MS,
      description: 'every QUEUED execution canceled',
    });
    assert.deepEqual(await statuses(jobId), { CANCELED: EXECUTIONS - DEVICES, IN_PROGRESS: DEVICES }, 'IN_PROGRESS left alone without force');
    await pollUntil(async () => ((await sut.cp.send(new DescribeJobCommand({ jobId }))).job?.isConcurrent === false ? true : undefined), {
      description: 'isConcurrent false once the sweep is done',
    });
    assert.ok(
      devices.every(({ device }) => device.refusal === undefined),
      'the devices kept working through a plain cancel',
    );

    await sut.cp.send(new CancelJobCommand({ jobId, force: true }));
    await pollUntil(async () => ((await statuses(jobId)).CANCELED === EXECUTIONS ? true : undefined), {
      timeoutMs: SWEEP_DEADLINE_MS,
      description: 'the IN_PROGRESS executions force-canceled',
    });
    // Each device learns it at its next report.
    await pollUntil(() => (devices.every(({ device }) => device.refusal !== undefined) ? true : undefined), {
      description: 'every device refused',
    });
    for (const { thingName, device } of devices) {
      await device.stop();
      assert.equal(device.refusal, 'InvalidStateTransitionException', `${thingName} is told its own execution was canceled`);
      assert.equal(await updatesStored(jobId, thingName), device.acknowledged, `every acknowledged update of ${thingName} is stored`);
    }
    const { rows } = await sut.sql.query<{ n: number; streams: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT stream_id)::int AS streams FROM es_events WHERE event_type = 'JobExecutionCanceled' AND stream_id LIKE $1`,
      [`job-execution/${jobId}/%`],
    );
    assert.deepEqual(rows[0], { n: EXECUTIONS, streams: EXECUTIONS }, 'each execution canceled exactly once');
  });

  it('DeleteJob answers at once, shows DELETION_IN_PROGRESS, deletes every execution, then the job', async () => {
    const jobId = 'busy-delete';
    const devices = await busyJob(jobId);
    await answersBeforeTheSweepEnds(sut.cp.send(new DeleteJobCommand({ jobId, force: true })), jobId, 'QUEUED');
    const described = (await sut.cp.send(new DescribeJobCommand({ jobId }))).job!;
    assert.deepEqual([described.status, described.isConcurrent], ['DELETION_IN_PROGRESS', true]);
    await pollUntil(
      async () => {
        const error = await sut.cp.send(new DescribeJobCommand({ jobId })).then(
          () => undefined,
          (e: Error) => e,
        );
        return error?.name === 'ResourceNotFoundException' ? true : undefined;
      },
      { timeoutMs: SWEEP_DEADLINE_MS, description: 'the job deleted' },
    );
    assert.deepEqual(await statuses(jobId), {}, 'no execution is left');
    await pollUntil(() => (devices.every(({ device }) => device.refusal !== undefined) ? true : undefined), {
      description: 'every device refused',
    });
    for (const { thingName, device } of devices) {
      await device.stop();
      assert.ok(
        device.refusal === 'ResourceNotFoundException' || device.refusal === 'InvalidStateTransitionException',
        `${thingName} got ${device.refusal}`,
      );
      assert.equal(await updatesStored(jobId, thingName), device.acknowledged, `every acknowledged update of ${thingName} is stored`);
    }
  });
});
