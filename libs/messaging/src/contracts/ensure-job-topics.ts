import type { Kafka } from 'kafkajs';
import { ensureTopics, withAdmin } from '../topics.js';
import { jobTopics, type JobTopics } from './job-events.contract.js';

/** Partitions of the contract topics when this code creates them (keys spread, order per key). */
export const DEFAULT_JOB_TOPIC_PARTITIONS = 3;

/**
 * Creates the contract topics (job executions, jobs, things, job templates) if missing. Producer and consumers both call it, so whichever
 * starts first creates them with the same partition count; existing topics are never changed.
 */
export async function ensureJobTopics(kafka: Kafka, prefix?: string, numPartitions = DEFAULT_JOB_TOPIC_PARTITIONS): Promise<JobTopics> {
  const topics = jobTopics(prefix);
  await withAdmin(kafka, (admin) =>
    ensureTopics(admin, [
      { topic: topics.jobExecutions, numPartitions },
      { topic: topics.jobs, numPartitions },
      { topic: topics.things, numPartitions },
      { topic: topics.jobTemplates, numPartitions },
    ]),
  );
  return topics;
}
