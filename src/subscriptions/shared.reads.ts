/** A read in progress, and when (in {@link SharedReads.mark} order) it was sent. */
interface InFlight {
  readonly sentAt: number;
  readonly result: Promise<unknown>;
}

/**
 * Single-flight reads: callers that need the same rows share one query instead of sending one
 * each. This is what keeps the fan-out cheap: a notification wakes every subscriber of an
 * execution in this process at once, and they all ask for the events after the same `seq`.
 *
 * Hazard: a read sent before a notification may miss the rows that notification announced.
 * A caller therefore passes the {@link mark} taken when it was woken, and only joins a read sent
 * after it; an older read still in flight is left to the callers that were already waiting for it.
 */
export class SharedReads {
  private clock = 0;
  private readonly inFlight = new Map<string, InFlight>();

  /** A point in this process's order of wakes and reads. */
  mark(): number {
    this.clock += 1;
    return this.clock;
  }

  /** The result of `query` under `key`, shared with a read of the same key sent after `notBefore`. */
  read<T>(key: string, notBefore: number, query: () => Promise<T>): Promise<T> {
    const current = this.inFlight.get(key);
    if (current && current.sentAt > notBefore) return current.result as Promise<T>;
    const sentAt = this.mark();
    const result = query().finally(() => {
      if (this.inFlight.get(key)?.result === result) this.inFlight.delete(key);
    });
    this.inFlight.set(key, { sentAt, result });
    return result;
  }
}
