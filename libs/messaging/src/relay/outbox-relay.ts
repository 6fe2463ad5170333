import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type pg from 'pg';
import { EventSubscription, type StoredEvent } from '#event-store';
import { HEADERS, jobTopics, toKafkaMessage, type ContractContext, type JobTopics } from '../contracts/job-events.contract.js';
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
 * whole batch is acknowledged; that write runs while the next batch is sent. A failed send is
 * retried with backoff, never skipped; a crash re-sends the batches acknowledged but not yet
 * checkpointed, at most four (at-least-once, consumers deduplicate by event id).
 */
export class OutboxRelay {
  readonly topics: JobTopics;
  /** This instance's lease owner id; also stamped on every record it publishes (x-relay-owner). */
  readonly owner: string;
  /** The checkpoint (es_checkpoints.subscription) holding the relay's position and lease. */
  readonly checkpointName: string;
  private readonly subscription: EventSubscription<TopicBatch[]>;
  private publisher: KafkaPublisher | undefined;
  private topicsReady = false;
  private readonly ownerHeader: Readonly<Record<string, string>>;

  constructor(private readonly options: OutboxRelayOptions) {
    this.topics = jobTopics(options.topicPrefix);
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID()}`;
    this.ownerHeader = { [HEADERS.relayOwner]: this.owner };
    this.checkpointName = options.name ?? `kafka-relay:${this.topics.jobExecutions}`;
    this.subscription = new EventSubscription<TopicBatch[]>({
      pool: options.pool,
      name: this.checkpointName,
      owner: this.owner,
      // Built when the batch is read, i.e. for a read-ahead batch while the one before is still
      // waiting for its acks: the records are ready to send as soon as the send before is acknowledged.
      prepare: (events) => this.recordsByTopic(events),
      handle: (events, _tx, records) => this.publish(events, records),
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

  private async publish(events: StoredEvent[], records: TopicBatch[]): Promise<void> {
    try {
      const publisher = await this.connectedPublisher();
      // One call for both topics: every record of a key goes to one topic and one partition, so
      // per-key order holds; no order across partitions (let alone topics) is promised to consumers.
      await publisher.sendBatch(records);
    } catch (error) {
      // A producer that saw a broker failure starts afresh next time (new producer id); any record
      // it did write is delivered twice, which consumers absorb by event id.
      await this.dropPublisher();
      throw error;
    }
    this.options.onPublished?.(events);
  }

  /** The batch's records grouped by topic, in commit order within each topic, stamped with this relay's owner id. */
  private recordsByTopic(events: readonly StoredEvent[]): TopicBatch[] {
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const event of events) {
      const record = toKafkaMessage(event, this.topics, this.options.context, this.ownerHeader);
      if (record === undefined) continue;
      const messages = byTopic.get(record.topic);
      if (messages === undefined) byTopic.set(record.topic, [record.message]);
      else messages.push(record.message);
    }
    return Array.from(byTopic, ([topic, messages]) => ({ topic, messages }));
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

/** The records of one batch for one topic, as KafkaPublisher.sendBatch takes them. */
interface TopicBatch {
  topic: string;
  messages: OutgoingMessage[];
}
