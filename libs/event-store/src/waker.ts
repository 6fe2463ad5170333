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

  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.interrupt = undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.interrupt = finish;
    });
  }
}
