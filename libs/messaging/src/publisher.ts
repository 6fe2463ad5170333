import kafkajs from 'kafkajs';
import type { Kafka, Producer, RecordMetadata } from 'kafkajs';

const { Partitioners } = kafkajs;

export interface OutgoingMessage {
  /** Messages with the same key land on the same partition, in the order sent. */
  key: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string | Buffer>;
}

export interface PublisherOptions {
  /** How long the broker may take to gather all in-sync acks, in ms (KafkaJS default 30000). */
  ackTimeoutMs?: number;
  /**
   * Off by default: topics are created deliberately with ensureTopics, so a typo in a topic name
   * fails loudly instead of creating a stray topic.
   */
  allowAutoTopicCreation?: boolean;
  /** How often KafkaJS retries a failed request before send rejects (KafkaJS default 5). */
  retries?: number;
}

/** Acknowledged by every in-sync replica (acks=all). */
const ALL_IN_SYNC_REPLICAS = -1;

/**
 * An idempotent producer: the broker drops duplicates caused by retries, and with one request in
 * flight a retried batch can never overtake a later one, so per-key order holds. Calls are taken
 * one after another: KafkaJS numbers a batch when it builds the request, so overlapping sends on
 * an idempotent producer can reach the broker out of sequence (OUT_OF_ORDER_SEQUENCE_NUMBER).
 */
export class KafkaPublisher {
  private readonly producer: Producer;
  /** Settles when the latest call has settled, whatever its outcome: the next call starts then. */
  private previous: Promise<unknown> = Promise.resolve();

  constructor(
    kafka: Kafka,
    private readonly options: PublisherOptions = {},
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: options.allowAutoTopicCreation ?? false,
      ...(options.retries === undefined ? {} : { retry: { retries: options.retries } }),
      // Java-compatible murmur2 partitioning, named explicitly so KafkaJS does not warn about it.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  /** Resolves once every message is acknowledged by all in-sync replicas; rejects otherwise. */
  async send(topic: string, messages: readonly OutgoingMessage[]): Promise<RecordMetadata[]> {
    if (messages.length === 0) return [];
    return this.oneAtATime(() =>
      this.producer.send({
        topic,
        messages: messages.map(({ key, value, headers }) => ({ key, value, headers })),
        acks: ALL_IN_SYNC_REPLICAS,
        timeout: this.options.ackTimeoutMs,
      }),
    );
  }

  /**
   * Sends messages for several topics in one call, with the same acks and timeout as `send`. Order
   * holds per partition (so per key); across topics KafkaJS may write partitions in any order.
   * Resolves once every message is acknowledged by all in-sync replicas; rejects otherwise.
   */
  async sendBatch(topicMessages: ReadonlyArray<{ topic: string; messages: readonly OutgoingMessage[] }>): Promise<RecordMetadata[]> {
    const nonEmpty = topicMessages.filter((entry) => entry.messages.length > 0);
    if (nonEmpty.length === 0) return [];
    return this.oneAtATime(() =>
      this.producer.sendBatch({
        // KafkaJS only reads key/value/headers; the arrays are passed as they are, without a copy.
        topicMessages: nonEmpty.map(({ topic, messages }) => ({ topic, messages: messages as OutgoingMessage[] })),
        acks: ALL_IN_SYNC_REPLICAS,
        timeout: this.options.ackTimeoutMs,
      }),
    );
  }

  private oneAtATime<T>(send: () => Promise<T>): Promise<T> {
    const result = this.previous.then(send, send);
    this.previous = result.catch(() => undefined);
    return result;
  }
}
