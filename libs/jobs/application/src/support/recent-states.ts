/**
 * The state and version of the streams this process wrote last, least recently used first out.
 * Only a hint: the append's version check decides whether it is still current.
 */
export interface RecentState<S> {
  state: S;
  version: number;
  /** What the last append told about the rest of the job (see OTHER_PENDING_EXECUTIONS). */
  otherPending?: number;
}

export class RecentStates<S> {
  private readonly entries = new Map<string, RecentState<S>>();

  constructor(private readonly capacity: number) {}

  /** Takes the entry out: it goes back only with the state after a successful append. */
  take(streamId: string): RecentState<S> | undefined {
    const entry = this.entries.get(streamId);
    if (entry !== undefined) this.entries.delete(streamId);
    return entry;
  }

  /** Looks without taking (and without counting as a use). */
  peek(streamId: string): RecentState<S> | undefined {
    return this.entries.get(streamId);
  }

  remember(streamId: string, entry: RecentState<S>): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
