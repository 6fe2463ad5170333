/**
 * Answers "ask(key)" with a probe that started after the caller asked, while concurrent callers
 * share probes: per key at most one probe runs and one waits to start after it. A caller that asks
 * while a probe runs never gets that probe's (possibly stale) answer, but the next one's, which
 * also answers everyone else who asked in the meantime.
 *
 * Used after a commit ("is any execution of this job still pending?"): a burst of endings of one
 * job then costs about two probes instead of one each, and every ending is still seen by a probe
 * that started after it committed.
 */
export class FreshProbe<T> {
  private readonly running = new Map<string, Promise<T>>();
  private readonly waiting = new Map<string, Promise<T>>();

  constructor(private readonly probe: (key: string) => Promise<T>) {}

  ask(key: string): Promise<T> {
    const waiting = this.waiting.get(key);
    if (waiting !== undefined) return waiting;
    const running = this.running.get(key);
    if (running === undefined) return this.start(key);
    const next = running.then(
      () => this.startWaiting(key),
      () => this.startWaiting(key),
    );
    this.waiting.set(key, next);
    return next;
  }

  private startWaiting(key: string): Promise<T> {
    this.waiting.delete(key);
    return this.start(key);
  }

  private start(key: string): Promise<T> {
    const probe = this.probe(key).finally(() => {
      if (this.running.get(key) === probe) this.running.delete(key);
    });
    this.running.set(key, probe);
    return probe;
  }
}
