import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type pg from 'pg';
import { EventSubscription, type StoredEvent } from '#event-store';
import { HEADERS, jobTopics, toKafkaMessage, type ContractContext, type JobTopics, type TopicMessage } from '../contracts/job-events.contract.js';
import { ensureJobTopics } from '../contracts/ensure-job-topics.js';
import { KafkaPublisher, type OutgoingMessage } from '../publisher.js';

export interface OutboxRelayOptions {
  pool: pg.Pool;
  kafka: Kafka;
  context: ContractContext;
  /** Topic prefix (see jobTopics); default 'iot-jobs'. */
  topicPrefix?: string;
  /** Partitions for topics the relay creates; existing topics are left alone. */
  numPartitions?: number;
  /** Checkpoint name; instances with the same name share one position and one lease. */
  name?: string;
  owner?: string;
  batchSize?: number;
  leaseMs?: number;
  pollIntervalMs?: number;
  retryBackoffMs?: { initial: number; max: number };
  onError?: (error: unknown) => void;
  /** Called after Kafka acknowledged a batch (and before the checkpoint moves). */
  onPublished?: (events: readonly StoredEvent[]) => void;
}

/**
 * The events table is the outbox: this relay reads it in commit order through a leased
 * EventSubscription (one active instance; others wait and take over), publishes each batch with
 * the idempotent, acks=all producer, and lets the subscription move the checkpoint only once the
 * whole batch is acknowledged. A failed send is retried with backoff, never skipped; a crash
 * between ack and checkpoint re-sends the batch (at-least-once, consumers deduplicate by event id).
 */
export class OutboxRelay {
  readonly topics: JobTopics;
  /** This instance's lease owner id; also stamped on every record it publishes (x-relay-owner). */
  readonly owner: string;
  /** The checkpoint (es_checkpoints.subscription) holding the relay's position and lease. */
  readonly checkpointName: string;
  private readonly subscription: EventSubscription;
  private publisher: KafkaPublisher | undefined;
  private topicsReady = false;

  constructor(private readonly options: OutboxRelayOptions) {
    this.topics = jobTopics(options.topicPrefix);
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID()}`;
    this.checkpointName = options.name ?? `kafka-relay:${this.topics.jobExecutions}`;
    this.subscription = new EventSubscription({
      pool: options.pool,
      name: this.checkpointName,
      owner: this.owner,
      handle: (events) => this.publish(events),
      batchSize: options.batchSize ?? 100,
      leaseMs: options.leaseMs,
      pollIntervalMs: options.pollIntervalMs ?? 500,
      retryBackoffMs: options.retryBackoffMs ?? { initial: 200, max: 5_000 },
      onError: options.onError,
    });
  }

  /** Whether this instance holds the lease and is the one publishing. */
  get active(): boolean {
    return this.subscription.active;
  }

  start(): Promise<void> {
    return this.subscription.start();
  }

  async stop(): Promise<void> {
    await this.subscription.stop();
    await this.dropPublisher();
  }

  private async publish(events: StoredEvent[]): Promise<void> {
    const records = events
      .map((event) => toKafkaMessage(event, this.topics, this.options.context))
      .filter((record): record is TopicMessage => record !== undefined)
      .map((record) => stampOwner(record, this.owner));
    try {
      const publisher = await this.connectedPublisher();
      // One send per run of same-topic records keeps the commit order across both topics.
      for (const run of runsByTopic(records)) await publisher.send(run.topic, run.messages);
    } catch (error) {
      // A producer that saw a broker failure starts afresh next time (new producer id); any record
      // it did write is delivered twice, which consumers absorb by event id.
      await this.dropPublisher();
      throw error;
    }
    this.options.onPublished?.(events);
  }

  private async connectedPublisher(): Promise<KafkaPublisher> {
    if (!this.topicsReady) {
      await ensureJobTopics(this.options.kafka, this.options.topicPrefix, this.options.numPartitions);
      this.topicsReady = true;
    }
    if (this.publisher === undefined) {
      const publisher = new KafkaPublisher(this.options.kafka, { ackTimeoutMs: 10_000, retries: 2 });
      await publisher.connect();
      this.publisher = publisher;
    }
    return this.publisher;
  }

  private async dropPublisher(): Promise<void> {
    const publisher = this.publisher;
    this.publisher = undefined;
    await publisher?.disconnect().catch(() => undefined);
  }
}

function stampOwner(record: TopicMessage, owner: string): TopicMessage {
  return { ...record, message: { ...record.message, headers: { ...record.message.headers, [HEADERS.relayOwner]: owner } } };
}

function runsByTopic(records: readonly TopicMessage[]): Array<{ topic: string; messages: OutgoingMessage[] }> {
  const runs: Array<{ topic: string; messages: OutgoingMessage[] }> = [];
  for (const { topic, message } of records) {
    const last = runs.at(-1);
    if (last?.topic === topic) last.messages.push(message);
    else runs.push({ topic, messages: [message] });
  }
  return runs;
}
