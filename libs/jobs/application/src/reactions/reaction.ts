/**
 * A reaction (process manager): work the service does on its own because something happened, such
 * as queueing a retry after a failure or completing a job after its last execution ended.
 *
 * It is fed the stored events of the types it names, in commit order, through the event store's
 * checkpointed subscription (one subscription per reaction, leased so one instance reacts at a
 * time; see the runner in apps/jobs-service). Delivery is at least once: after a crash, or when a
 * batch throws, the events since the last checkpoint come again. So a reaction acts only through
 * the ordinary command path (the deciders make a repeated command a no-op, the version guard makes
 * concurrent instances safe) and keeps nothing in memory that must survive.
 */
export interface ReactionEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly streamId: string;
  readonly streamVersion: number;
}

export interface Reaction {
  /** Names its checkpoint: keep it stable (a new name replays the whole log into the reaction). */
  readonly name: string;
  /** The event types it reacts to; the runner skips the others without a call. */
  readonly eventTypes: ReadonlySet<string>;
  /**
   * Reacts to one batch. Throwing makes the runner retry the batch (with backoff), never skip it.
   * Long work checks `stopping` and gives up when it is aborted (the process is shutting down):
   * the unfinished batch comes again, to this instance after a restart or to another one.
   */
  react(events: readonly ReactionEvent[], stopping: AbortSignal): Promise<void>;
}

/** Injection token of every reaction the jobs use cases define, for the runner to start. */
export const REACTIONS = Symbol('REACTIONS');

/** The actor recorded on changes the service makes on its own. */
export const SERVICE_ACTOR = 'service';
