import type { Consumer, EachBatchHandler, EachMessageHandler, Kafka } from 'kafkajs';

export interface SubscriberOptions {
  groupId: string;
  topics: string[];
  /** Where a group with no committed offset starts: the oldest message (true) or new ones only. */
  fromBeginning?: boolean;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Longest a fetch waits for data; lower means faster hand-over in tests. */
  maxWaitTimeMs?: number;
  allowAutoTopicCreation?: boolean;
}

export type SubscriberHandlers = { eachMessage: EachMessageHandler } | { eachBatch: EachBatchHandler; eachBatchAutoResolve?: boolean };

export interface RunOptions {
  autoCommit?: boolean;
  /** Partitions handled at once; per-partition order is kept either way. */
  partitionsConsumedConcurrently?: number;
}

/** A consumer-group member: KafkaJS's eachMessage / eachBatch passed straight through. */
export class KafkaSubscriber {
  /** The underlying consumer, for events, pause/resume, seek and manual commits. */
  readonly consumer: Consumer;
  private readonly joinedOnce: Promise<void>;

  constructor(
    kafka: Kafka,
    private readonly options: SubscriberOptions,
  ) {
    if (options.topics.length === 0) throw new Error('KafkaSubscriber: at least one topic is required');
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs,
      heartbeatInterval: options.heartbeatIntervalMs,
      maxWaitTimeInMs: options.maxWaitTimeMs,
      allowAutoTopicCreation: options.allowAutoTopicCreation ?? false,
    });
    this.joinedOnce = new Promise((resolve) => {
      const remove = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        remove();
        resolve();
      });
    });
  }

  connect(): Promise<void> {
    return this.consumer.connect();
  }

  disconnect(): Promise<void> {
    return this.consumer.disconnect();
  }

  /** Subscribes and starts consuming; returns once the consumer runs, not when it stops. */
  async run(handlers: SubscriberHandlers, runOptions: RunOptions = {}): Promise<void> {
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? false });
    await this.consumer.run({ ...runOptions, ...handlers });
  }

  /** Resolves when this member has first joined its group and received partitions. */
  joined(): Promise<void> {
    return this.joinedOnce;
  }
}
