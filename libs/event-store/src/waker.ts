/**
 * A wait that can be cut short. A wake-up that arrives while nobody waits is remembered, so the
 * next wait returns at once: a notification that lands mid-batch is not lost.
 */
export class Waker {
  private pending = false;
  private interrupt: (() => void) | undefined;

  wake(): void {
    if (this.interrupt !== undefined) this.interrupt();
    else this.pending = true;
  }

  /** Resolves true when woken, false when `ms` passed without a wake-up. */
  wait(ms: number): Promise<boolean> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const finish = (woken: boolean) => {
        clearTimeout(timer);
        this.interrupt = undefined;
        resolve(woken);
      };
      const timer = setTimeout(() => finish(false), ms);
      this.interrupt = () => finish(true);
    });
  }
}
