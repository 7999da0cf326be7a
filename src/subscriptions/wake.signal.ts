/**
 * A latch between whoever learns that there may be something new (a notification, a catch-up
 * tick) and the one feed that reads it. A wake that comes while nobody waits is kept, so that a
 * notification arriving during a read is never lost; several wakes before a wait count as one.
 */
export class WakeSignal {
  private pending = false;
  private waiter: (() => void) | undefined;

  /** Records a wake and releases the waiter, if there is one. */
  set(): void {
    this.pending = true;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  /** Forgets the wakes so far: called when a read starts, since that read sees what they announced. */
  clear(): void {
    this.pending = false;
  }

  /** Resolves at once if a wake is pending (consuming it), else at the next wake. */
  wait(): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiter = () => {
        this.pending = false;
        resolve();
      };
    });
  }
}
