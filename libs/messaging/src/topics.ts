import type { Admin, Kafka } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  /** Default 1 (a single broker); production clusters should pass their own. */
  replicationFactor?: number;
  /** Topic-level configs, e.g. { 'cleanup.policy': 'compact' }. */
  configEntries?: Record<string, string>;
}

/**
 * Creates the topics that do not exist yet and waits until they have leaders. Existing topics are
 * left as they are: adding partitions would move keys to other partitions and break per-key order.
 * Returns the names of the topics it created.
 */
export async function ensureTopics(admin: Admin, specs: readonly TopicSpec[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.topic));
  if (missing.length === 0) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((spec) => ({
      topic: spec.topic,
      numPartitions: spec.numPartitions,
      replicationFactor: spec.replicationFactor ?? 1,
      configEntries: Object.entries(spec.configEntries ?? {}).map(([name, value]) => ({ name, value })),
    })),
  });
  return missing.map((spec) => spec.topic);
}

/** Runs work with a connected admin client and always disconnects it. */
export async function withAdmin<T>(kafka: Kafka, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}
