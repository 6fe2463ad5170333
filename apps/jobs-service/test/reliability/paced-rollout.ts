import { AddThingToThingGroupCommand, CreateJobCommand, CreateThingCommand, CreateThingGroupCommand, type IoTClient } from '@aws-sdk/client-iot';
import type pg from 'pg';
import { OPERATOR } from '#testing';

/** The rate the reliability tests pace at: 12 targets make one full window and six more after it. */
export const RATE_PER_MINUTE = 6;
export const TARGETS = 12;

/**
 * Service settings for a paced rollout on real time: the rollout timer fires every 200 ms (so the
 * second window starts within a fraction of a second of being due), chunks of two (so a crash can
 * fall between the chunks of one window), reactions poll often and give up a dead lease quickly.
 */
export function pacedRolloutEnv(databaseUrl: string): Record<string, string> {
  const operator = { ...OPERATOR, role: 'operator', throttle: { ratePerSecond: 10_000, burst: 10_000 } };
  return {
    DATABASE_URL: databaseUrl,
    AUTH_PRINCIPALS: JSON.stringify([operator]),
    TIMEOUT_SWEEP_INTERVAL_MS: '200',
    ROLLOUT_CHUNK_SIZE: '2',
    REACTION_LEASE_MS: '2000',
    REACTION_POLL_INTERVAL_MS: '100',
  };
}

/** Registers a group of TARGETS things and creates a job on it paced at RATE_PER_MINUTE. */
export async function createPacedJob(cp: IoTClient, jobId: string): Promise<string[]> {
  const thingGroupName = `${jobId}-group`;
  const group = await cp.send(new CreateThingGroupCommand({ thingGroupName }));
  const things = Array.from({ length: TARGETS }, (_, i) => `${jobId}-thing-${String(i).padStart(2, '0')}`);
  for (const thingName of things) {
    await cp.send(new CreateThingCommand({ thingName }));
    await cp.send(new AddThingToThingGroupCommand({ thingGroupName, thingName }));
  }
  await cp.send(
    new CreateJobCommand({
      jobId,
      targets: [group.thingGroupArn!],
      document: '{}',
      jobExecutionsRolloutConfig: { maximumPerMinute: RATE_PER_MINUTE },
    }),
  );
  return things;
}

export interface QueuedExecutions {
  /** One per JobExecutionQueued event, in the order the service stamped them. */
  events: { thingName: string; at: Date }[];
  /** How many distinct things have an execution of the job in the read model. */
  viewRows: number;
}

/** The job's notifications as stored: the events (with the service's own timestamps) and the view. */
export async function queuedExecutions(sql: pg.Pool, jobId: string): Promise<QueuedExecutions> {
  const { rows } = await sql.query<{ thing_name: string; at: string }>(
    `SELECT data->>'thingName' AS thing_name, data->>'at' AS at FROM es_events
      WHERE event_type = 'JobExecutionQueued' AND stream_id LIKE $1 ORDER BY (data->>'at')::timestamptz, global_position`,
    [`job-execution/${jobId}/%`],
  );
  const view = await sql.query<{ n: number }>(`SELECT count(DISTINCT thing_name)::int AS n FROM job_execution_view WHERE job_id = $1`, [jobId]);
  return { events: rows.map((row) => ({ thingName: row.thing_name, at: new Date(row.at) })), viewRows: view.rows[0]!.n };
}

/** The most notifications any sliding 60 s window holds (the rate's limit, docs/aws-behaviour.md §19.3). */
export function busiestWindow(events: readonly { at: Date }[]): number {
  return Math.max(0, ...events.map((end) => events.filter((event) => event.at.getTime() > end.at.getTime() - 60_000 && event.at <= end.at).length));
}
