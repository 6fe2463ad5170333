import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { CreateJobCommand, DescribeJobCommand, DescribeJobExecutionCommand } from '@aws-sdk/client-iot';
import { UpdateJobExecutionCommand } from '@aws-sdk/client-iot-jobs-data-plane';
import pg from 'pg';
import { freshDatabase, pollUntil, type TestDatabase } from '#testing';
import { holdReactionLease, releaseReactionLease, untilCaughtUp } from '../support/reaction-lease.js';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';
import { principalsSetting, thingArn } from '#testing';

const REACTION = 'reaction:job-progress';

/**
 * The follow-ups of an execution's end (an automatic retry, a SNAPSHOT job's completion) are
 * reactions to the stored events, not calls made after the commit: a process killed between the
 * device's acknowledged update and the follow-up loses nothing. The test holds the reaction's
 * lease itself, so the first process cannot react at all (the crash is certain to fall in between),
 * kills it with SIGKILL, hands the lease back and starts a new process.
 */
describe('reactions survive a crash between a commit and its follow-up', () => {
  let db: TestDatabase;
  let sql: pg.Pool;
  let service: ServiceProcess | undefined;

  before(async () => {
    db = await freshDatabase('reaction_crash');
    sql = new pg.Pool({ connectionString: db.url, max: 2 });
  });
  after(async () => {
    await service?.kill();
    await sql.end();
    await db.drop();
  });

  const env = () => ({ DATABASE_URL: db.url, AUTH_PRINCIPALS: principalsSetting(), REACTION_LEASE_MS: '2000', REACTION_POLL_INTERVAL_MS: '100' });
  const count = async (streamId: string, type: string) =>
    (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM es_events WHERE stream_id = $1 AND event_type = $2`, [streamId, type])).rows[0]!
      .n;

  it('after SIGKILL and a restart, the retry is queued and the job completed, each exactly once', async () => {
    // Someone else holds the reaction's lease before the service starts: this process cannot react.
    await holdReactionLease(sql, db.url, REACTION);
    service = await startServiceProcess(env());
    const retried = { jobId: 'crash-retry-job', thingName: 'crash-thing-1' };
    const completed = { jobId: 'crash-complete-job', thingName: 'crash-thing-2' };
    await service.cp.send(
      new CreateJobCommand({
        jobId: retried.jobId,
        targets: [thingArn(retried.thingName)],
        document: '{}',
        jobExecutionsRetryConfig: { criteriaList: [{ failureType: 'FAILED', numberOfRetries: 1 }] },
      }),
    );
    await service.cp.send(new CreateJobCommand({ jobId: completed.jobId, targets: [thingArn(completed.thingName)], document: '{}' }));
    await service.dp.send(new UpdateJobExecutionCommand({ ...retried, status: 'FAILED' }));
    await service.dp.send(new UpdateJobExecutionCommand({ ...completed, status: 'SUCCEEDED' }));
    assert.equal((await service.cp.send(new DescribeJobExecutionCommand(retried))).execution?.executionNumber, 1, 'no retry yet');
    assert.equal((await service.cp.send(new DescribeJobCommand({ jobId: completed.jobId }))).job?.status, 'IN_PROGRESS', 'not completed yet');

    await service.kill('SIGKILL');
    await releaseReactionLease(sql, REACTION);
    service = await startServiceProcess(env());

    const retry = await pollUntil(
      async () => {
        const execution = (await service!.cp.send(new DescribeJobExecutionCommand(retried))).execution;
        return execution?.executionNumber === 2 ? execution : undefined;
      },
      { description: 'the retry queued after the restart' },
    );
    assert.equal(retry.status, 'QUEUED');
    await pollUntil(
      async () => ((await service!.cp.send(new DescribeJobCommand({ jobId: completed.jobId }))).job?.status === 'COMPLETED' ? true : undefined),
      {
        description: 'the job completed after the restart',
      },
    );
    // The reaction has seen the whole log: nothing more is coming, so the counts are final.
    await untilCaughtUp(sql, REACTION);
    assert.equal(
      await count(`job-execution/${retried.jobId}/${retried.thingName}`, 'JobExecutionQueued'),
      2,
      'the first attempt and exactly one retry',
    );
    assert.equal(await count(`job/${completed.jobId}`, 'JobCompleted'), 1);
  });
});
