import type { DynamicModule } from '@nestjs/common';
import type pg from 'pg';
import { databaseProbe, ObservabilityModule, ServiceMetrics, withTimeout, type MetricsAccess, type ReadinessProbe } from '#observability';
import { jobTopics, type Admin, type Kafka } from '#messaging';
import type { HistoryProjector } from './history-projector.js';

export interface HistoryObservabilityOptions {
  pool: pg.Pool;
  kafka: Kafka;
  projector: HistoryProjector;
  groupId: string;
  topicPrefix?: string;
  metricsAccess?: MetricsAccess;
}

export interface HistoryObservability {
  metrics: ServiceMetrics;
  /** Routes: /health/live, /health/ready (database, consumer joined), /metrics. */
  module: DynamicModule;
  close(): Promise<void>;
}

/** The projection's name on `iot_jobs_projection_position`. */
export const HISTORY_PROJECTION = 'audit_history';

/**
 * Health and metrics of the history consumer. Lag and position are read at scrape time: the
 * group's committed offsets against the topics' high watermarks (what Kafka itself would report),
 * and the highest global position written to audit_history.
 */
export function setUpHistoryObservability(options: HistoryObservabilityOptions): HistoryObservability {
  const metrics = new ServiceMetrics();
  const admin = options.kafka.admin();
  let adminConnected: Promise<void> | undefined;
  const connectedAdmin = async (): Promise<Admin> => {
    adminConnected ??= admin.connect().catch((error: unknown) => {
      adminConnected = undefined; // try again at the next scrape
      throw error;
    });
    await adminConnected;
    return admin;
  };
  metrics.refreshBeforeScrape(async () => {
    const lag = await withTimeout(groupLag(await connectedAdmin(), options.groupId, options.topicPrefix), 3_000, 'Kafka did not report offsets');
    metrics.consumer.lag(options.groupId, lag);
  });
  metrics.refreshBeforeScrape(async () => {
    const { rows } = await options.pool.query<{ position: string | null }>(
      `SELECT max(global_position)::text AS position FROM ${HISTORY_PROJECTION}`,
    );
    metrics.projections.position(HISTORY_PROJECTION, Number(rows[0]?.position ?? 0));
  });
  return {
    metrics,
    module: ObservabilityModule.register({
      metrics,
      readiness: [databaseProbe(options.pool), consumerJoinedProbe(options.projector)],
      ...(options.metricsAccess === undefined ? {} : { metricsAccess: options.metricsAccess }),
    }),
    async close() {
      if (adminConnected) await admin.disconnect().catch(() => undefined);
    },
  };
}

/** Ready only while the consumer is a member of its group (it has partitions to consume). */
export function consumerJoinedProbe(projector: Pick<HistoryProjector, 'membership'>): ReadinessProbe {
  return {
    name: 'kafka-consumer',
    async probe() {
      const membership = projector.membership();
      if (!membership.joined) throw new Error(`consumer is not in group ${membership.groupId} (${membership.state})`);
      return { groupId: membership.groupId, memberId: membership.memberId };
    },
  };
}

/** Messages on the history's topics the group has not committed yet. */
async function groupLag(admin: Admin, groupId: string, topicPrefix?: string): Promise<number> {
  const topics = jobTopics(topicPrefix);
  const names = [topics.jobExecutions, topics.jobs];
  const committed = await admin.fetchOffsets({ groupId, topics: names });
  let lag = 0;
  for (const topic of names) {
    const ends = await admin.fetchTopicOffsets(topic);
    const done = committed.find((c) => c.topic === topic)?.partitions ?? [];
    for (const end of ends) {
      const offset = Number(done.find((p) => p.partition === end.partition)?.offset ?? -1);
      // -1: nothing committed yet, so everything from the log start is still to do.
      lag += Number(end.high) - (offset >= 0 ? offset : Number(end.low));
    }
  }
  return lag;
}
