import { relayLagProbe, type ReadinessProbe, type RelayMetrics } from '#observability';

/** The one method this needs; a pg.Pool satisfies it. */
interface Queryable {
  query<R extends object>(sql: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/**
 * Measures the relay's backlog (events committed after its checkpoint, in the store's commit
 * order) from the database, so it is right whichever process holds the relay lease and stays
 * right while the broker is down and no relay pass completes. Measured on demand: at each
 * metrics scrape and each readiness probe.
 */
export class RelayLagMonitor {
  private current: number | undefined;

  constructor(
    private readonly db: Queryable,
    private readonly checkpointName: string,
  ) {}

  /** Undefined until the relay has created its checkpoint (a fresh start is not lag). */
  get lag(): number | undefined {
    return this.current;
  }

  async measure(): Promise<number | undefined> {
    const { rows } = await this.db.query<{ lag: string }>(
      `SELECT (SELECT count(*) FROM es_events e
                WHERE (e.transaction_id, e.global_position) > (c.checkpoint_txid, c.checkpoint_gp))::text AS lag
         FROM es_checkpoints c WHERE c.subscription = $1`,
      [this.checkpointName],
    );
    this.current = rows[0] === undefined ? undefined : Number(rows[0].lag);
    return this.current;
  }

  /** Keeps the relay lag gauge current: measured again before every scrape. */
  reportTo(metrics: { relay: RelayMetrics; refreshBeforeScrape(refresh: () => Promise<void>): void }): void {
    metrics.refreshBeforeScrape(async () => {
      const lag = await this.measure();
      if (lag !== undefined) metrics.relay.lag(lag);
    });
  }

  /** Readiness fails when the relay is more than `maxLagEvents` behind. */
  readinessProbe(maxLagEvents: number): ReadinessProbe {
    const bounded = relayLagProbe(() => this.current, maxLagEvents);
    return {
      name: bounded.name,
      probe: async () => {
        await this.measure();
        return bounded.probe();
      },
    };
  }
}
