import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import {
  AddThingToThingGroupCommand,
  CreateJobCommand,
  CreateThingCommand,
  CreateThingGroupCommand,
  DescribeJobExecutionCommand,
} from '@aws-sdk/client-iot';
import pg from 'pg';
import { freshDatabase, pollUntil, principalsSetting, sdkError, type TestDatabase } from '#testing';
import { holdReactionLease, releaseReactionLease, untilCaughtUp } from '../support/reaction-lease.js';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';

const REACTION = 'reaction:thing-targets';
const groupArn = (name: string) => `arn:aws:iot:us-east-1:123456789012:thinggroup/${name}`;

/**
 * A thing added to a group that a CONTINUOUS job targets gets its execution from a reaction to the
 * stored membership event, not from a call made after the commit. The test holds the reaction's
 * lease itself before the service starts, so the first process cannot react at all: the SIGKILL
 * is certain to fall between AddThingToThingGroup's 200 and the execution. After the lease is
 * handed back, a new process queues the execution, once.
 */
describe('a membership change survives a crash before its CONTINUOUS job reacts', () => {
  let db: TestDatabase;
  let sql: pg.Pool;
  let service: ServiceProcess | undefined;

  before(async () => {
    db = await freshDatabase('membership_crash');
    sql = new pg.Pool({ connectionString: db.url, max: 2 });
  });
  after(async () => {
    await service?.kill();
    await sql.end();
    await db.drop();
  });

  const env = () => ({
    DATABASE_URL: db.url,
    AUTH_PRINCIPALS: principalsSetting(),
    THING_TARGETS: 'registered',
    REACTION_LEASE_MS: '2000',
    REACTION_POLL_INTERVAL_MS: '100',
  });
  const count = async (streamId: string, type: string) =>
    (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM es_events WHERE stream_id = $1 AND event_type = $2`, [streamId, type])).rows[0]!
      .n;

  it('after SIGKILL and a restart, the execution for the added thing exists exactly once', async () => {
    await holdReactionLease(sql, db.url, REACTION);
    service = await startServiceProcess(env());
    const thingName = 'crash-sensor-1';
    const thingGroupName = 'crash-berlin';
    const jobId = 'crash-continuous-job';
    await service.cp.send(new CreateThingCommand({ thingName }));
    await service.cp.send(new CreateThingGroupCommand({ thingGroupName }));
    await service.cp.send(new CreateJobCommand({ jobId, targets: [groupArn(thingGroupName)], document: '{}', targetSelection: 'CONTINUOUS' }));
    const added = await service.cp.send(new AddThingToThingGroupCommand({ thingGroupName, thingName }));
    assert.equal(added.$metadata.httpStatusCode, 200);
    const before = await sdkError(service.cp.send(new DescribeJobExecutionCommand({ jobId, thingName })));
    assert.equal(before.name, 'ResourceNotFoundException', 'no execution before the reaction ran');

    await service.kill('SIGKILL');
    await releaseReactionLease(sql, REACTION);
    service = await startServiceProcess(env());

    const execution = await pollUntil(
      async () => {
        try {
          return (await service!.cp.send(new DescribeJobExecutionCommand({ jobId, thingName }))).execution;
        } catch (error) {
          if ((error as Error).name === 'ResourceNotFoundException') return undefined;
          throw error;
        }
      },
      { description: 'the execution queued after the restart' },
    );
    assert.equal(execution.status, 'QUEUED');
    assert.equal(execution.executionNumber, 1);
    // The reaction has seen the whole log: nothing more is coming, so the count is final.
    await untilCaughtUp(sql, REACTION);
    assert.equal(await count(`job-execution/${jobId}/${thingName}`, 'JobExecutionQueued'), 1, 'exactly one execution');
  });
});
