import type { PendingKey } from './notification-rule.js';

/** Any SQL client with pg's `query` shape (a pool or a client); the library needs no driver of its own. */
export interface SqlQueryable {
  query<R extends Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/**
 * What the notifier last told each thing's devices: the pending list as of its last published
 * notifications (table `mqtt_notified_pending`). Written only after the broker acknowledged them.
 */
export class NotifiedPendingStore {
  constructor(private readonly db: SqlQueryable) {}

  /** The last notified list of each given thing; things never notified (or with nothing pending) are absent. */
  async load(thingNames: readonly string[]): Promise<Map<string, PendingKey[]>> {
    const { rows } = await this.db.query<{ thing_name: string; pending: PendingKey[] }>(
      'SELECT thing_name, pending FROM mqtt_notified_pending WHERE thing_name = ANY($1::text[])',
      [thingNames],
    );
    return new Map(rows.map((row) => [row.thing_name, row.pending]));
  }

  async save(thingName: string, pending: readonly PendingKey[]): Promise<void> {
    if (pending.length === 0) {
      await this.db.query('DELETE FROM mqtt_notified_pending WHERE thing_name = $1', [thingName]);
      return;
    }
    await this.db.query(
      `INSERT INTO mqtt_notified_pending (thing_name, pending, notified_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (thing_name) DO UPDATE SET pending = EXCLUDED.pending, notified_at = EXCLUDED.notified_at`,
      [thingName, JSON.stringify(pending.map(({ jobId, executionNumber }) => ({ jobId, executionNumber })))],
    );
  }
}
