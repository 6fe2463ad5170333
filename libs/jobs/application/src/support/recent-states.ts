/**
 * The state and version of the streams this process wrote last, least recently used first out.
 * Only a hint: the append's version check decides whether it is still current.
 */
export class RecentStates<S> {
  private readonly entries = new Map<string, { state: S; version: number }>();

  constructor(private readonly capacity: number) {}

  /** Takes the entry out: it goes back only with the state after a successful append. */
  take(streamId: string): { state: S; version: number } | undefined {
    const entry = this.entries.get(streamId);
    if (entry !== undefined) this.entries.delete(streamId);
    return entry;
  }

  remember(streamId: string, state: S, version: number): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, { state, version });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
