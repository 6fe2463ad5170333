import type pg from 'pg';
import {
  ContractViolation,
  decodeJobEventMessage,
  decodeJobTemplateEventMessage,
  decodeRegistryEventMessage,
  ensureJobTopics,
  jobTopics,
  KafkaSubscriber,
  type Kafka,
  type KafkaMessage,
} from '#messaging';
import type { HistoryPayload } from './audit-row.js';
import { HistoryWriter, type GapReport, type RecordOutcome } from './history-writer.js';

export type MembershipState = 'starting' | 'joined' | 'rebalancing' | 'crashed' | 'stopped';

export interface HistoryProjectorOptions {
  kafka: Kafka;
  pool: pg.Pool;
  groupId: string;
  topicPrefix?: string;
  log: { warn(message: string): void; error(message: string): void };
  /** Observes every projected delivery (tests and metrics). */
  onRecorded?: (eventId: string, outcome: RecordOutcome) => void;
}

/**
 * The consumer group that feeds audit_history. Offsets are committed only after the row is
 * written (KafkaJS resolves an offset when eachMessage returns), so a crash redelivers, and the
 * writer's inbox turns the redelivery into a no-op.
 */
export class HistoryProjector {
  private readonly subscriber: KafkaSubscriber;
  private readonly writer: HistoryWriter;
  private readonly thingsTopic: string;
  private readonly jobTemplatesTopic: string;
  private state: MembershipState = 'starting';
  private memberId: string | undefined;

  constructor(private readonly options: HistoryProjectorOptions) {
    const topics = jobTopics(options.topicPrefix);
    this.thingsTopic = topics.things;
    this.jobTemplatesTopic = topics.jobTemplates;
    this.subscriber = new KafkaSubscriber(options.kafka, {
      groupId: options.groupId,
      topics: [topics.jobExecutions, topics.jobs, topics.things, topics.jobTemplates],
      fromBeginning: true,
      maxWaitTimeMs: 500,
      allowAutoTopicCreation: false,
    });
    this.writer = new HistoryWriter(options.pool, (gap) => this.reportGap(gap));
    this.trackMembership();
  }

  /** Whether this member is in its group now (readiness), as KafkaJS's events last told. */
  membership(): { joined: boolean; state: MembershipState; groupId: string; memberId?: string } {
    return { joined: this.state === 'joined', state: this.state, groupId: this.options.groupId, memberId: this.memberId };
  }

  private trackMembership(): void {
    const { consumer } = this.subscriber;
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      this.state = 'joined';
      this.memberId = event.payload.memberId;
    });
    consumer.on(consumer.events.REBALANCING, () => (this.state = 'rebalancing'));
    consumer.on(consumer.events.CRASH, () => (this.state = 'crashed'));
    consumer.on(consumer.events.STOP, () => (this.state = 'stopped'));
    consumer.on(consumer.events.DISCONNECT, () => (this.state = 'stopped'));
  }

  async start(): Promise<void> {
    await ensureJobTopics(this.options.kafka, this.options.topicPrefix);
    await this.subscriber.connect();
    await this.subscriber.run({ eachMessage: ({ topic, message }) => this.project(topic, message) });
  }

  joined(): Promise<void> {
    return this.subscriber.joined();
  }

  stop(): Promise<void> {
    return this.subscriber.disconnect();
  }

  /** Job, registry (the things topic) and job-template events go into the same table, the same way. */
  private async project(topic: string, message: KafkaMessage): Promise<void> {
    let decoded: { payload: HistoryPayload };
    try {
      decoded = this.decode(topic, message);
    } catch (error) {
      // A foreign or malformed record can never become valid; blocking the partition on it would
      // stop the whole history, so it is logged and passed over.
      if (error instanceof ContractViolation || error instanceof SyntaxError) {
        this.options.log.error(`skipping offset ${message.offset}: ${error.message}`);
        return;
      }
      throw error;
    }
    const outcome = await this.writer.record(decoded.payload);
    this.options.onRecorded?.(decoded.payload.eventId, outcome);
  }

  private decode(topic: string, message: KafkaMessage): { payload: HistoryPayload } {
    if (topic === this.thingsTopic) return decodeRegistryEventMessage(message);
    if (topic === this.jobTemplatesTopic) return decodeJobTemplateEventMessage(message);
    return decodeJobEventMessage(message);
  }

  private reportGap(gap: GapReport): void {
    this.options.log.warn(`gap in ${gap.streamId}: last applied version ${gap.lastApplied}, received ${gap.received} (event ${gap.eventId})`);
  }
}
