import type pg from 'pg';
import { migrateEventStore } from '#event-store';
import { pollUntil } from '#testing';

/**
 * A test that must crash the service between a commit and the reaction to it holds the reaction's
 * lease itself (before the service starts, so no batch can slip through), kills the service, and
 * hands the lease back for the next process.
 */
export async function holdReactionLease(sql: pg.Pool, databaseUrl: string, subscription: string): Promise<void> {
  await migrateEventStore(databaseUrl, []);
  await sql.query(
    `INSERT INTO es_checkpoints (subscription, owner, lease_until) VALUES ($1, 'test-holds-the-lease', now() + interval '1 hour')
     ON CONFLICT (subscription) DO UPDATE SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until`,
    [subscription],
  );
}

export async function releaseReactionLease(sql: pg.Pool, subscription: string): Promise<void> {
  await sql.query(`UPDATE es_checkpoints SET owner = NULL, lease_until = NULL WHERE subscription = $1`, [subscription]);
}

/** Waits until the subscription has seen the whole log: nothing more is coming, so counts are final. */
export async function untilCaughtUp(sql: pg.Pool, subscription: string): Promise<void> {
  await pollUntil(
    async () => {
      const { rows } = await sql.query<{ caught_up: boolean }>(
        `SELECT (c.checkpoint_txid, c.checkpoint_gp) >= (e.transaction_id, e.global_position) AS caught_up
           FROM es_checkpoints c,
                (SELECT transaction_id, global_position FROM es_events ORDER BY transaction_id DESC, global_position DESC LIMIT 1) e
          WHERE c.subscription = $1`,
        [subscription],
      );
      return rows[0]?.caught_up ? true : undefined;
    },
    { description: `${subscription} caught up with the log` },
  );
}
