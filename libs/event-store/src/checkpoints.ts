import { START_OF_ALL, type GlobalCheckpoint, type Queryable } from './types.js';

/**
 * Positions and leases of subscriptions, one row per subscription in es_checkpoints. The lease
 * keeps a subscription single-active across processes; every checkpoint write is a
 * compare-and-set, so an instance that lost its lease can never move the position.
 */
export class CheckpointStore {
  constructor(private readonly db: Queryable) {}

  /** Takes the lease if nobody holds it, it has expired, or `owner` already holds it. */
  async tryAcquire(subscription: string, owner: string, leaseMs: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `INSERT INTO es_checkpoints (subscription, owner, lease_until)
       VALUES ($1, $2, now() + $3 * interval '1 millisecond')
       ON CONFLICT (subscription) DO UPDATE
          SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until, updated_at = now()
        WHERE es_checkpoints.owner IS NULL
           OR es_checkpoints.owner = EXCLUDED.owner
           OR es_checkpoints.lease_until < now()`,
      [subscription, owner, leaseMs],
    );
    return rowCount === 1;
  }

  /** Extends a lease `owner` still holds; false means it was taken over. */
  async renew(subscription: string, owner: string, leaseMs: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE es_checkpoints SET lease_until = now() + $3 * interval '1 millisecond', updated_at = now()
        WHERE subscription = $1 AND owner = $2`,
      [subscription, owner, leaseMs],
    );
    return rowCount === 1;
  }

  async release(subscription: string, owner: string): Promise<void> {
    await this.db.query(
      `UPDATE es_checkpoints SET owner = NULL, lease_until = NULL, updated_at = now()
        WHERE subscription = $1 AND owner = $2`,
      [subscription, owner],
    );
  }

  async load(subscription: string): Promise<GlobalCheckpoint> {
    const { rows } = await this.db.query<{ txid: string; gp: string }>(
      'SELECT checkpoint_txid::text AS txid, checkpoint_gp AS gp FROM es_checkpoints WHERE subscription = $1',
      [subscription],
    );
    const row = rows[0];
    return row === undefined ? START_OF_ALL : { transactionId: row.txid, globalPosition: row.gp };
  }

  /**
   * Moves the position from `previous` to `next` if `owner` still holds an unexpired lease and
   * nobody moved it meanwhile. Pass a transaction client as `db` to commit the position together
   * with the read-model writes of the batch.
   */
  async store(subscription: string, owner: string, previous: GlobalCheckpoint, next: GlobalCheckpoint, db: Queryable = this.db): Promise<boolean> {
    const { rowCount } = await db.query(
      `UPDATE es_checkpoints
          SET checkpoint_txid = $5::xid8, checkpoint_gp = $6::bigint, updated_at = now()
        WHERE subscription = $1 AND owner = $2 AND lease_until > now()
          AND checkpoint_txid = $3::xid8 AND checkpoint_gp = $4::bigint`,
      [subscription, owner, previous.transactionId, previous.globalPosition, next.transactionId, next.globalPosition],
    );
    return rowCount === 1;
  }
}
