import type { Admin, Kafka } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  /** Default 1 (a single broker); production clusters should pass their own. */
  replicationFactor?: number;
  /** Topic-level configs, e.g. { 'cleanup.policy': 'compact' }. */
  configEntries?: Record<string, string>;
}

/** How long ensureTopics waits for new topics' partitions to have leaders (a busy broker is slow). */
const LEADERS_DEADLINE_MS = 60_000;

/**
 * Creates the topics that do not exist yet and waits until they have leaders. Existing topics are
 * left as they are: adding partitions would move keys to other partitions and break per-key order.
 * Returns the names of the topics it created.
 */
export async function ensureTopics(admin: Admin, specs: readonly TopicSpec[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.topic));
  if (missing.length === 0) return [];
  // kafkajs's own wait for leaders gives up after its few retries; the wait below has a deadline.
  await admin.createTopics({
    waitForLeaders: false,
    topics: missing.map((spec) => ({
      topic: spec.topic,
      numPartitions: spec.numPartitions,
      replicationFactor: spec.replicationFactor ?? 1,
      configEntries: Object.entries(spec.configEntries ?? {}).map(([name, value]) => ({ name, value })),
    })),
  });
  const created = missing.map((spec) => spec.topic);
  await untilLeadersElected(admin, created);
  return created;
}

/**
 * Polls the metadata of `topics` until every partition has a leader. Right after creation the
 * broker may not know a topic yet (UNKNOWN_TOPIC_OR_PARTITION) or have no leader for it; both pass.
 */
async function untilLeadersElected(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + LEADERS_DEADLINE_MS;
  let lastProblem: unknown = 'no metadata yet';
  for (let pauseMs = 50; Date.now() < deadline; pauseMs = Math.min(pauseMs * 2, 1_000)) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const leaderless = metadata.filter((topic) => topic.partitions.length === 0 || topic.partitions.some((partition) => partition.leader < 0));
      if (leaderless.length === 0) return;
      lastProblem = `no leader yet for ${leaderless.map((topic) => topic.name).join(', ')}`;
    } catch (error) {
      if (!(error as { retriable?: boolean }).retriable) throw error;
      lastProblem = error;
    }
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  throw new Error(`Kafka topics ${topics.join(', ')} have no leaders after ${LEADERS_DEADLINE_MS} ms: ${String(lastProblem)}`);
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
