/** A counting semaphore: at most `size` holders at once, waiters served first come, first served. */
export class Slots {
  private used = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly size: number) {}

  /** Takes a slot; false (and none taken) when `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    if (this.used < this.size) {
      this.used += 1;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const grant = () => {
        signal.removeEventListener('abort', cancel);
        resolve(true);
      };
      const cancel = () => {
        this.waiters.splice(this.waiters.indexOf(grant), 1);
        resolve(false);
      };
      this.waiters.push(grant);
      signal.addEventListener('abort', cancel, { once: true });
    });
  }

  /** Gives a slot back, to the longest waiter if any (the count stays taken for it). */
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.used -= 1;
  }
}
