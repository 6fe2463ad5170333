import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  EXECUTION_OPERATIONS,
  JOB_OPERATIONS,
  JOB_TEMPLATE_OPERATIONS,
  THING_GROUP_OPERATIONS,
  THING_OPERATIONS,
  type ContractContext,
} from '#messaging';

export const CONTEXT: ContractContext = { source: '//iot-jobs/eu-west-1/210987654321', region: 'eu-west-1', accountId: '210987654321' };

export interface FixtureEvent {
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  /** JSON text of `data`: unlike a JS value it can hold numbers a double cannot (e.g. 3.0, 20 digits). */
  data: string;
  metadata?: unknown;
  /** Postgres timestamptz text; microseconds on purpose, to check how both paths truncate them. */
  occurredAt: string;
}

const versions = new Map<string, number>();

/** `data` as a string is taken as JSON text, verbatim. */
function event(streamId: string, type: string, data: Record<string, unknown> | string, extra: Partial<FixtureEvent> = {}): FixtureEvent {
  const streamVersion = (versions.get(streamId) ?? 0) + 1;
  versions.set(streamId, streamVersion);
  const json = typeof data === 'string' ? data : JSON.stringify(data);
  return { eventId: randomUUID(), streamId, streamVersion, type, data: json, occurredAt: '2026-03-01 12:34:56.789999+00', ...extra };
}

/**
 * Every event type of the contract on all five stream kinds, with optional fields present and absent,
 * plus the shapes the SQL hands to the JS contract. `exact: false` marks those.
 */
export function contractFixtures(): Array<FixtureEvent & { exact: boolean }> {
  const job = 'job/fixture-job';
  const execution = 'job-execution/fixture-job/thing-a';
  const usual: FixtureEvent[] = [
    ...Object.keys(JOB_OPERATIONS).map((type, i) =>
      event(
        job,
        type,
        {
          jobId: 'fixture-job',
          status: i % 2 === 0 ? 'IN_PROGRESS' : 7, // a non-string status reads as null
          ...(i % 2 === 0 ? { at: '2026-02-03T04:05:06.123Z', actor: 'alice' } : {}),
          ...(i === 1 ? { force: true, previousStatus: 'IN_PROGRESS' } : { force: 'yes' }),
        },
        { metadata: { actor: 'from-metadata' } },
      ),
    ),
    ...Object.keys(EXECUTION_OPERATIONS).map((type, i) =>
      event(
        execution,
        type,
        {
          jobId: 'fixture-job',
          thingName: 'thing-a',
          executionNumber: i === 0 ? 1 : 1.0,
          versionNumber: i + 1,
          status: 'QUEUED',
          ...(i % 3 === 0 ? { thingArn: 'arn:aws:iot:us-east-1:1:thing/given' } : {}),
          ...(i % 3 === 1 ? { statusDetails: { step: '2', note: 'ünïcode "quoted"' }, at: 42 } : {}),
          ...(i % 3 === 2 ? { statusDetails: null, force: false, previousStatus: 'QUEUED', actor: 'bob', ratio: 1.5 } : {}),
        },
        i % 2 === 0 ? { metadata: { actor: 'ops' }, occurredAt: `2026-03-0${1 + (i % 9)} 23:59:59.${String(i).repeat(6)}-05` } : {},
      ),
    ),
    event(execution, 'JobExecutionSucceeded', '{"jobId": "fixture-job", "thingName": "thing-a", "executionNumber": 3.0, "versionNumber": 4.50}'),
    event(job, 'SomethingNew', { jobId: 'fixture-job', at: '2026-01-02 03:04:05+02' }),
    event(execution, 'JobCreated', { jobId: 'fixture-job', thingName: 'thing-a', executionNumber: 2, versionNumber: 9 }),
    event('package/outside-the-contract', 'PackageCreated', { jobId: 'not-a-job' }),
    ...registryFixtures(),
    ...jobTemplateFixtures(),
  ];
  const odd: FixtureEvent[] = [
    event(job, 'JobCreated', { jobId: 12345 }),
    event(job, 'toString', { jobId: 'fixture-job' }),
    event(job, 'JobCanceled', '{"jobId": "fixture-job", "tooPrecise": 12345678901234567891}'),
    event(job, 'JobCanceled', '{"jobId": "fixture-job", "tiny": 1e-20}'),
    event(job, 'JobCompleted', { jobId: 'fixture-job' }, { occurredAt: '0500-06-07 08:09:10.5+00' }),
    event(job, 'JobDeleted', { jobId: 'fixture-job' }, { metadata: [] }),
    event(execution, 'JobExecutionUpdated', { jobId: 'fixture-job', thingName: 'thing-a', executionNumber: '1', versionNumber: 20 }),
    event(execution, 'JobExecutionUpdated', { jobId: 'fixture-job', thingName: 'thing-a', executionNumber: 1 }),
    event('job-execution/fixture-job/thing-b', 'JobExecutionQueued', { jobId: 'fixture-job', thingName: 77, executionNumber: 1, versionNumber: 1 }),
    event('thing/thing-c', 'ThingCreated', { thingName: 'thing-c', thingId: 42 }),
    event('thing/thing-c', 'ThingUpdated', { thingId: 'id-c' }),
    event('thing-group/group-b', 'ThingGroupCreated', { thingGroupName: 'group-b', thingGroupId: null }),
    event('thing-group/group-b', 'hasOwnProperty', { thingGroupName: 'group-b', thingGroupId: 'id-b' }),
    event('job-template/tpl-b', 'JobTemplateCreated', { jobTemplateId: 7, at: '2026-01-02T03:04:05.000Z' }),
    event('job-template/tpl-b', 'JobTemplateDeleted', { at: '2026-01-02T03:04:06.000Z' }),
  ];
  return [...usual.map((e) => ({ ...e, exact: true })), ...odd.map((e) => ({ ...e, exact: false }))];
}

/** Every thing and thing-group event type, with actor and time in the data, in the metadata, or absent. */
function registryFixtures(): FixtureEvent[] {
  const thing = { thingName: 'thing-a', thingId: 'id-thing-a' };
  const group = { thingGroupName: 'group-a', thingGroupId: 'id-group-a' };
  const membership = { groupName: 'group-a', groupId: 'id-group-a' };
  return [
    ...Object.keys(THING_OPERATIONS).map((type, i) =>
      event(
        'thing/thing-a',
        type,
        {
          ...thing,
          version: i + 1,
          ...(i % 2 === 0 ? { at: '2026-02-03T04:05:06.123Z', actor: 'carol' } : {}),
          ...(type === 'ThingGroupMembershipChanged' ? { added: [membership], removed: [], groups: [membership] } : {}),
          ...(type === 'ThingDeleted' ? { groups: ['group-a'] } : {}),
        },
        i % 2 === 1 ? { metadata: { actor: 'from-metadata' } } : {},
      ),
    ),
    ...Object.keys(THING_GROUP_OPERATIONS).map((type, i) =>
      event(
        'thing-group/group-a',
        type,
        { ...group, version: i + 1, rootToParentThingGroups: [], ...(i === 0 ? { actor: 'dave', attributes: { floor: '3' } } : {}) },
        { occurredAt: `2026-04-0${1 + i} 10:00:00.123456+02` },
      ),
    ),
    event('thing/thing-a', 'ThingRenamedInTheFuture', { ...thing, at: '2026-01-02 03:04:05+02' }),
  ];
}

/** Every job-template event type, with actor and time in the data, in the metadata, or absent. */
function jobTemplateFixtures(): FixtureEvent[] {
  const template = { jobTemplateId: 'tpl-a' };
  return [
    ...Object.keys(JOB_TEMPLATE_OPERATIONS).map((type, i) =>
      event(
        'job-template/tpl-a',
        type,
        {
          ...template,
          ...(i % 2 === 0 ? { at: '2026-05-06T07:08:09.123Z', actor: 'erin' } : {}),
          ...(type === 'JobTemplateCreated' ? { description: 'fw', document: '{"op":"x"}', tags: [{ key: 'k', value: '' }] } : {}),
          ...(type === 'JobTemplateTagged' ? { tags: [{ key: 'team', value: 'ops' }] } : {}),
          ...(type === 'JobTemplateUntagged' ? { tagKeys: ['team'] } : {}),
        },
        i % 2 === 1 ? { metadata: { actor: 'from-metadata' }, occurredAt: `2026-05-0${1 + i} 10:00:00.123456+02` } : {},
      ),
    ),
    event('job-template/tpl-a', 'JobTemplateRenamedInTheFuture', { ...template, at: '2026-01-02 03:04:05+02' }),
  ];
}

/** Bench-shaped JobExecutionQueued events, enough of them to fill many pages. */
export function queuedFixtures(count: number): FixtureEvent[] {
  return Array.from({ length: count }, (_, i) =>
    event(
      `job-execution/bulk-job/thing-${i}`,
      'JobExecutionQueued',
      {
        jobId: 'bulk-job',
        thingName: `thing-${i}`,
        executionNumber: 1,
        versionNumber: 1,
        status: 'QUEUED',
        actor: 'bench',
      },
      { occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 1.5).toISOString() },
    ),
  );
}

/** Writes the events straight into es_events, with the occurred_at each one asks for. */
export async function insertEvents(db: pg.Pool | pg.PoolClient, events: readonly FixtureEvent[]): Promise<void> {
  await db.query(
    `INSERT INTO es_events (stream_id, stream_version, event_id, event_type, data, metadata, occurred_at)
     SELECT stream_id, stream_version, event_id, event_type, data::jsonb, coalesce(metadata, '{}'), occurred_at
       FROM jsonb_to_recordset($1::jsonb)
         AS e(stream_id text, stream_version bigint, event_id uuid, event_type text, data text, metadata jsonb, occurred_at timestamptz)`,
    [
      JSON.stringify(
        events.map((e) => ({
          stream_id: e.streamId,
          stream_version: e.streamVersion,
          event_id: e.eventId,
          event_type: e.type,
          data: e.data,
          metadata: e.metadata ?? null,
          occurred_at: e.occurredAt,
        })),
      ),
    ],
  );
}
