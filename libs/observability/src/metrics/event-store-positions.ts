import type { ServiceMetrics } from './service-metrics.js';

/** The one method this needs; a pg.Pool satisfies it. */
export interface Queryable {
  query<R extends object>(sql: string): Promise<{ rows: R[] }>;
}

/**
 * Reads, at scrape time, the store's head and each subscription's checkpoint and backlog, so
 * positions and lag stay truthful for subscriptions running in other processes too. The backlog
 * uses the store's commit order (transaction id, then position), exactly as subscriptions read.
 */
export function reportEventStorePositions(metrics: ServiceMetrics, db: Queryable): void {
  metrics.refreshBeforeScrape(async () => {
    const head = await db.query<{ head: string | null }>('SELECT max(global_position)::text AS head FROM es_events');
    metrics.projections.position('es_events_head', Number(head.rows[0]?.head ?? 0));
    const checkpoints = await db.query<{ subscription: string; position: string; lag: string }>(
      `SELECT c.subscription, c.checkpoint_gp::text AS position,
              (SELECT count(*) FROM es_events e
                WHERE (e.transaction_id, e.global_position) > (c.checkpoint_txid, c.checkpoint_gp))::text AS lag
         FROM es_checkpoints c`,
    );
    for (const row of checkpoints.rows) {
      metrics.projections.position(row.subscription, Number(row.position));
      metrics.subscriptionLagIs(row.subscription, Number(row.lag));
    }
  });
}
