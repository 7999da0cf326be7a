import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

/**
 * Work an engine process does every interval (the sweeper, history retention): started with the
 * application, one run at a time in this process (a call while one runs gets that run), its
 * result reported and its failure logged rather than thrown from a timer, and shutdown waiting
 * for the run in flight.
 */
export abstract class PeriodicRun<R> implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<R> | undefined;

  constructor(
    /** What a failure is logged as: `<name> failed: …`. */
    private readonly name: string,
    private readonly intervalMs: number,
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
      this.logger.error(`${this.name} failed: ${(error as Error).message}`, (error as Error).stack);
    }
  }
}
