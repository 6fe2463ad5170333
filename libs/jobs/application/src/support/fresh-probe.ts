/**
 * Answers "ask(key)" with a probe that started after the caller asked, while concurrent callers
 * share probes: per key at most one probe runs and one waits to start after it. A caller that asks
 * while a probe runs never gets that probe's (possibly stale) answer, but the next one's, which
 * also answers everyone else who asked in the meantime.
 *
 * A probe starts one event-loop turn after it is first asked for: database replies arrive in
 * bursts handled in one turn, so the callers of one burst share a probe instead of the first one
 * starting it alone.
 *
 * Used after a commit ("is any execution of this job still pending?"): a burst of endings of one
 * job then costs one or two probes instead of one each, and every ending is still seen by a probe
 * that started after it committed.
 */
export class FreshProbe<T> {
  private readonly running = new Map<string, Promise<T>>();
  /** The probe that starts next for the key; everyone asking before it starts shares it. */
  private readonly queued = new Map<string, Promise<T>>();

  constructor(private readonly probe: (key: string) => Promise<T>) {}

  ask(key: string): Promise<T> {
    const queued = this.queued.get(key);
    if (queued !== undefined) return queued;
    const running = this.running.get(key);
    const startable = running === undefined ? nextTurn() : running.then(nextTurn, nextTurn);
    const next = startable.then(() => this.start(key));
    this.queued.set(key, next);
    return next;
  }

  private start(key: string): Promise<T> {
    this.queued.delete(key);
    const probe = this.probe(key).finally(() => {
      if (this.running.get(key) === probe) this.running.delete(key);
    });
    this.running.set(key, probe);
    return probe;
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
