import { Inject, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { isDatabaseUnavailable } from '../common/database-errors.js';
import {
  UNHANDLED_ERROR_REPORTER,
  type ErrorSource,
  type UnhandledErrorReporter,
} from '../common/unhandled-errors.js';

/**
 * Work an engine process does every interval (the sweeper, history retention): started with the
 * application, one run at a time in this process (a call while one runs gets that run), its
 * result reported and its failure reported as an unhandled error rather than thrown from a timer
 * (the database away only logged: that is its state, not a fault here), and shutdown waiting for
 * the run in flight.
 */
export abstract class PeriodicRun<R> implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<R> | undefined;
  // A property, so that subclasses need not pass it on.
  @Inject(UNHANDLED_ERROR_REPORTER) private readonly errors!: UnhandledErrorReporter;

  constructor(
    /** What a failure while the database is away is logged as: `<name> failed: …`. */
    private readonly name: string,
    private readonly intervalMs: number,
    /** What its other failures are reported as. */
    private readonly source: ErrorSource,
  ) {}

  /** One run; the lock or rule that keeps other processes out is the subclass's. */
  protected abstract runOnce(): Promise<R>;

  /** Logs what a timed run did. */
  protected abstract report(result: R): void;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.runLogged(), this.intervalMs).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Runs once now, or joins the run under way. */
  run(): Promise<R> {
    this.running ??= this.runOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runLogged(): Promise<void> {
    try {
      this.report(await this.run());
    } catch (error) {
      if (isDatabaseUnavailable(error)) this.logger.warn(`${this.name} failed: ${(error as Error).message}`);
      else this.errors.reportError(error, { source: this.source });
    }
  }
}
