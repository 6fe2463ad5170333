import { AddThingToThingGroupCommand, CreateThingCommand, CreateThingGroupCommand, type IoTClient } from '@aws-sdk/client-iot';
import pg from 'pg';
import { thingArn } from './population.js';

/** The fleet's things are `<prefix>-000001` … in the group's walk order. */
export const fleetThingName = (prefix: string, i: number) => `${prefix}-${String(i).padStart(6, '0')}`;

/**
 * A static thing group of `count` registered things, stored exactly as the service stores them:
 * the first thing and the group go through the API (so the service writes their stream, events,
 * view and membership rows itself), the others are copies of the first thing's rows made by SQL
 * in one transaction, with their own name, thingId and ARN. Returns the group's ARN and the
 * copy transaction's id (subscriptions are past the copies once their checkpoints are past it).
 */
export async function registerFleet(cp: IoTClient, sql: pg.Pool, groupName: string, prefix: string, count: number) {
  const group = await cp.send(new CreateThingGroupCommand({ thingGroupName: groupName }));
  const first = fleetThingName(prefix, 1);
  await cp.send(new CreateThingCommand({ thingName: first }));
  await cp.send(new AddThingToThingGroupCommand({ thingGroupName: groupName, thingName: first }));
  const client = await sql.connect();
  try {
    await client.query('BEGIN');
    const things = `(SELECT i, $2 || '-' || lpad(i::text, 6, '0') AS name, md5($2 || i)::uuid::text AS id FROM generate_series(2, $3::int) i) t`;
    const params = [`thing/${first}`, prefix, count];
    await client.query(
      `INSERT INTO es_streams (stream_id, stream_type, version)
       SELECT 'thing/' || t.name, s.stream_type, s.version FROM ${things}, es_streams s WHERE s.stream_id = $1`,
      params,
    );
    await client.query(
      `INSERT INTO es_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
       SELECT 'thing/' || t.name, e.stream_version, gen_random_uuid(), e.event_type, e.schema_version,
              e.data || jsonb_build_object('thingName', t.name, 'thingId', t.id)
                || CASE WHEN e.data ? 'thingArn' THEN jsonb_build_object('thingArn', $4 || t.name) ELSE '{}'::jsonb END,
              e.metadata, now()
         FROM ${things}, es_events e WHERE e.stream_id = $1 ORDER BY t.i, e.stream_version`,
      [...params, thingArn('')],
    );
    await client.query(
      `INSERT INTO thing_view (thing_name, thing_id, thing_type_name, attributes, version)
       SELECT t.name, t.id, v.thing_type_name, v.attributes, v.version FROM ${things}, thing_view v WHERE v.thing_name = $1`,
      [first, prefix, count],
    );
    await client.query(
      `INSERT INTO thing_group_membership (group_name, thing_name)
       SELECT m.group_name, t.name FROM ${things}, thing_group_membership m WHERE m.thing_name = $1`,
      [first, prefix, count],
    );
    const { rows } = await client.query<{ txid: string }>('SELECT pg_current_xact_id()::text AS txid');
    await client.query('COMMIT');
    return { groupArn: group.thingGroupArn!, txid: rows[0]!.txid };
  } finally {
    client.release();
  }
}

/**
 * Waits (at most `timeoutMs`) until every running subscription's checkpoint is past transaction
 * `txid`, or no checkpoint moved for 3 s (a subscription may keep its checkpoint while it reads
 * nothing it handles).
 */
export async function untilSubscriptionsPast(sql: pg.Pool, txid: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let unchangedSince = Date.now();
  while (Date.now() < deadline) {
    const { rows } = await sql.query<{ behind: number; positions: string }>(
      `SELECT count(*) FILTER (WHERE checkpoint_txid <= $1::xid8 AND owner IS NOT NULL)::int AS behind,
              coalesce(string_agg(subscription || checkpoint_txid::text || checkpoint_gp, ',' ORDER BY subscription), '') AS positions
         FROM es_checkpoints`,
      [txid],
    );
    if (rows[0]!.behind === 0) return true;
    if (rows[0]!.positions !== last) [last, unchangedSince] = [rows[0]!.positions, Date.now()];
    else if (Date.now() - unchangedSince >= 3_000) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}
