import type { Logger } from '@nestjs/common';

/**
 * Work an engine process does every interval (the sweeper, history retention): one run at a time
 * in this process (a call while one runs gets that run), its result reported and its failure
 * logged rather than thrown from a timer, and shutdown waiting for the run in flight.
 */
export class PeriodicRun<R> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<R> | undefined;

  constructor(
    /** What a failure is logged as: `<name> failed: …`. */
    private readonly name: string,
    private readonly logger: Logger,
    private readonly work: () => Promise<R>,
    private readonly report: (result: R) => void,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.runLogged(), intervalMs).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  run(): Promise<R> {
    this.running ??= this.work().finally(() => {
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
