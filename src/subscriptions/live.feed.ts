import { Logger } from '@nestjs/common';
import { WakeSignal } from './wake.signal.js';

/** What one read of a feed found, and what the feed does next. */
export interface Pull<T> {
  readonly items: readonly T[];
  /** `more`: read again at once; `wait`: read again once woken; `end`: complete after these items. */
  readonly next: 'more' | 'wait' | 'end';
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

const logger = new Logger('Subscriptions');

/**
 * One subscriber's stream, as the AsyncIterator a subscription resolver returns. It reads
 * PostgreSQL (`pull`) when it is woken, and only as fast as the client consumes: nothing is read
 * ahead of what graphql-ws asks for. `return()` ends it at once, even while it waits for a wake
 * (an async generator would stay suspended until the next wake, holding its watch).
 *
 * graphql-js calls `next()` one at a time; concurrent calls are not supported.
 */
export abstract class LiveFeed<T> implements AsyncIterableIterator<T> {
  private readonly buffer: T[] = [];
  /** What the latest read found, as the read returned it. */
  private lastRead: readonly T[] = [];
  private readonly signal = new WakeSignal();
  private after: Pull<T>['next'] = 'more';
  private closed = false;
  private unwatch: (() => void) | undefined;

  /** Named in logs. */
  protected abstract readonly description: string;

  /** Reads what is new since the previous pull. */
  protected abstract pull(): Promise<Pull<T>>;

  /** Keeps the function that stops the feed's watch, called when the feed ends. */
  protected watching(unwatch: () => void): void {
    if (this.closed) unwatch();
    else this.unwatch = unwatch;
  }

  /** There may be something new: the next wait ends (or the next read happens) at once. */
  protected wake(): void {
    this.signal.set();
  }

  next(): Promise<IteratorResult<T>> {
    const filled = this.filled();
    if (filled === true) return Promise.resolve({ done: false, value: this.buffer.shift() as T });
    return filled.then((ok) => (ok ? { done: false, value: this.buffer.shift() as T } : DONE));
  }

  /**
   * The same stream a read at a time: everything the next read found (never nothing), as one
   * array. Callers that read together are handed the array of their shared read itself (see
   * SharedReads), so their results can be shared too. Not to be mixed with `next()`.
   */
  async nextBatch(): Promise<IteratorResult<readonly T[]>> {
    if (!(await this.filled())) return DONE;
    const batch = this.buffer.length === this.lastRead.length ? this.lastRead : this.buffer.slice();
    this.buffer.length = 0;
    return { done: false, value: batch };
  }

  /** {@link nextBatch} as an iterator, ended and closed with the feed. */
  batches(): AsyncIterableIterator<readonly T[]> {
    const batches: AsyncIterableIterator<readonly T[]> = {
      next: () => this.nextBatch(),
      return: async () => {
        this.close();
        return DONE;
      },
      throw: async (error?: unknown) => {
        this.close();
        throw error;
      },
      [Symbol.asyncIterator]: () => batches,
    };
    return batches;
  }

  /** True once something is buffered; false once the feed is over (and then closed). */
  private filled(): true | Promise<boolean> {
    if (this.buffer.length > 0 && !this.closed) return true;
    return this.fill();
  }

  private async fill(): Promise<boolean> {
    while (!this.closed) {
      if (this.buffer.length > 0) return true;
      if (this.after === 'end') break;
      if (this.after === 'wait') await this.signal.wait();
      if (this.closed) break;
      await this.read();
    }
    this.close();
    return false;
  }

  async return(): Promise<IteratorResult<T>> {
    this.close();
    return DONE;
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    this.close();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private async read(): Promise<void> {
    // Wakes from now on announce what this read may not see: they must lead to another read.
    this.signal.clear();
    try {
      const pulled = await this.pull();
      this.lastRead = pulled.items;
      this.buffer.push(...pulled.items);
      this.after = pulled.next;
    } catch (error) {
      // A database outage: keep the subscription, try again at the next wake (a catch-up tick at the latest).
      logger.warn(
        `Reading ${this.description} failed; retrying at the next wake: ${(error as Error).message}`,
      );
      this.signal.clear();
      this.after = 'wait';
    }
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.buffer.length = 0;
    this.signal.set();
    this.unwatch?.();
    this.unwatch = undefined;
  }
}
