import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type pg from 'pg';
import { EventSubscription } from '#event-store';
import type { Reaction } from '#jobs/application';

/** How long shutdown waits for reactions to finish their batch before going on without them. */
const STOP_GRACE_MS = 2_000;

export interface ReactionRunnerOptions {
  /** How long a dead instance keeps the others from taking a reaction over. */
  leaseMs: number;
  /** How often to look for new events when no commit notification arrives. */
  pollIntervalMs: number;
  /** The least time between two reads of the log by one reaction (bigger batches, fewer queries under load). */
  minReadIntervalMs?: number;
  batchSize?: number;
}

/**
 * Feeds each reaction the stored events it names, through its own checkpointed subscription
 * (`reaction:<name>` in es_checkpoints): in commit order, at least once, one instance at a time
 * (the lease), resuming after a crash from the last checkpoint. A reaction that throws gets the
 * same batch again after a backoff; one reaction falling behind never holds up another.
 */
export class ReactionRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReactionRunner.name);
  private readonly subscriptions: EventSubscription[];
  /** Aborted on stop, so a long reaction (a job-wide sweep) gives up its batch instead of holding shutdown. */
  private readonly stopping = new AbortController();

  constructor(pool: pg.Pool, reactions: readonly Reaction[], options: ReactionRunnerOptions) {
    const owner = `${hostname()}:${process.pid}:${randomUUID()}`;
    this.subscriptions = reactions.map(
      (reaction) =>
        new EventSubscription({
          pool,
          name: `reaction:${reaction.name}`,
          owner,
          batchSize: options.batchSize ?? 100,
          leaseMs: options.leaseMs,
          pollIntervalMs: options.pollIntervalMs,
          minReadIntervalMs: options.minReadIntervalMs,
          retryBackoffMs: { initial: 200, max: 5_000 },
          // Only the reaction's event types are read with their data; the rest only move the checkpoint.
          eventTypes: [...reaction.eventTypes],
          handle: (events) => reaction.react(events, this.stopping.signal),
          onError: (error) => this.logger.warn(`Reaction ${reaction.name} will retry its batch: ${String(error)}`),
        }),
    );
  }

  onApplicationBootstrap(): Promise<void> {
    return this.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  async start(): Promise<void> {
    await Promise.all(this.subscriptions.map((subscription) => subscription.start()));
  }

  /**
   * Asks every reaction to stop and waits for them a little: a reaction whose batch is stuck (say,
   * on a database lock) must not hold the service's shutdown, and the HTTP listener closes only
   * after this. Abandoning a batch loses nothing: it is delivered again after the restart, or to
   * another instance once this one's lease expires.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    const stopped = Promise.all(this.subscriptions.map((subscription) => subscription.stop()));
    let grace: NodeJS.Timeout | undefined;
    const patience = new Promise<void>((resolve) => {
      grace = setTimeout(resolve, STOP_GRACE_MS);
    });
    await Promise.race([stopped, patience]).finally(() => clearTimeout(grace));
  }
}
