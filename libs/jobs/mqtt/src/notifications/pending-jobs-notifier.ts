import type { JobExecutionView } from '#jobs/application';
import { notifyNextTopic, notifyTopic } from '../topics.js';
import { notifyNextPayload, notifyPayload } from './notification-payloads.js';
import { inPendingOrder, notificationsFor, type PendingKey } from './notification-rule.js';
import type { NotifiedPendingStore } from './notified-pending-store.js';

/** An event as the subscription hands it over; only execution events matter here. */
export interface ChangeEvent {
  type: string;
  data: Record<string, unknown>;
}

/** The read model's view of a thing's pending executions (the JobsReadModel port satisfies it). */
export interface PendingExecutionsSource {
  /** QUEUED and IN_PROGRESS executions of the thing, in queueing order. */
  pendingExecutions(thingName: string): Promise<JobExecutionView[]>;
  findJobDocument(jobId: string): Promise<string | undefined>;
}

export interface NotificationPublisher {
  /** Resolves once the broker has the message (QoS 1); rejects otherwise. */
  publishNotification(topic: string, payload: object): Promise<void>;
}

const EXECUTION_EVENT = /^JobExecution[A-Z]/;
/** Things handled at once within a batch: enough to overlap round trips, few enough for the pool. */
const THINGS_IN_PARALLEL = 8;

/**
 * Pushes `notify` and `notify-next` to the things whose pending jobs changed, whatever changed them
 * (a device, an operator, a cancel sweep, a timer, a retry). It is driven by the event store's
 * checkpointed subscription and compares each affected thing's CURRENT pending list from the read
 * model with the list it last notified; so it is idempotent: handling a batch again publishes
 * again only what was never acknowledged. A failed publish fails the batch, which is then retried.
 */
export class PendingJobsNotifier {
  readonly name = 'mqtt-jobs-notifications';

  constructor(
    private readonly pending: PendingExecutionsSource,
    private readonly notified: NotifiedPendingStore,
    private readonly publisher: NotificationPublisher,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async handle(events: readonly ChangeEvent[]): Promise<void> {
    const things = thingsChangedBy(events);
    for (let i = 0; i < things.length; i += THINGS_IN_PARALLEL) {
      const group = things.slice(i, i + THINGS_IN_PARALLEL);
      const previous = await this.notified.load(group);
      await Promise.all(group.map((thing) => this.notifyThing(thing, previous.get(thing) ?? [])));
    }
  }

  private async notifyThing(thingName: string, previous: readonly PendingKey[]): Promise<void> {
    const current = inPendingOrder(await this.pending.pendingExecutions(thingName));
    const decision = notificationsFor(previous, current);
    if (!decision.notify && !decision.notifyNext) return;
    const now = this.clock();
    // notify before notify-next, as AWS orders them.
    if (decision.notify) await this.publisher.publishNotification(notifyTopic(thingName), notifyPayload(current, now));
    if (decision.notifyNext) {
      const front = current[0];
      const jobDocument = front && (await this.pending.findJobDocument(front.jobId));
      await this.publisher.publishNotification(notifyNextTopic(thingName), notifyNextPayload(front, jobDocument, now));
    }
    await this.notified.save(thingName, current);
  }
}

/** Each thing named by an execution event of the batch, once, in order of first appearance. */
export function thingsChangedBy(events: readonly ChangeEvent[]): string[] {
  const things = new Set<string>();
  for (const event of events) {
    const thingName = event.data['thingName'];
    if (EXECUTION_EVENT.test(event.type) && typeof thingName === 'string') things.add(thingName);
  }
  return [...things];
}
