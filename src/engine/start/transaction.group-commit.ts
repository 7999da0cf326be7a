/**
 * Group commit: requests that arrive while earlier ones are being committed wait, and then go
 * together in one transaction. One request alone runs at once, so a quiet system pays no latency
 * for it; a busy one pays one commit and a few round trips for many requests instead of for each
 * (docs/performance.md).
 */

/** How a {@link GroupCommit} runs. */
export interface GroupCommitOptions<Request, Result> {
  /** Batches in flight at once (each holds a database connection). */
  readonly maxInFlight: number;
  /** Requests in one batch at most. */
  readonly maxBatch: number;
  /**
   * Runs a batch in one transaction and returns one result per request, in order; all or nothing.
   * When a batch of several throws, each of its requests runs again alone, so that one bad request
   * fails only its own caller.
   */
  readonly run: (batch: readonly Request[]) => Promise<readonly Result[]>;
}

interface Waiting<Request, Result> {
  readonly request: Request;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommit<Request, Result> {
  private readonly waiting: Waiting<Request, Result>[] = [];
  private inFlight = 0;

  constructor(private readonly options: GroupCommitOptions<Request, Result>) {}

  /** Runs `request` in the next transaction that has room; resolves once it committed. */
  submit(request: Request): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      void this.runBatch(batch).finally(() => {
        this.inFlight -= 1;
        this.next();
      });
    }
  }

  private async runBatch(batch: readonly Waiting<Request, Result>[]): Promise<void> {
    try {
      const results = await this.options.run(batch.map((waiting) => waiting.request));
      batch.forEach((waiting, index) => waiting.resolve(results[index] as Result));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      await Promise.all(batch.map((waiting) => this.runBatch([waiting])));
    }
  }
}
