import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { reachCrashPoint } from '../engine.crash-point.js';
import type { QueueDefinition } from './queue.definition.js';
import { JOB_DRAIN_TIMEOUT_MS, QueueService } from './queue.service.js';

/**
 * A job its transaction enqueued as the durable fallback of work this process carries out itself
 * once that transaction commits: it is due only after its lease (`startAfter`), as a job a worker
 * had fetched would be handed over only once its lease expired.
 */
export interface AfterCommitJob {
  readonly queue: QueueDefinition<object>;
  /** The fallback job's id. */
  readonly id: string;
  readonly data: object;
}

/**
 * Work of an HTTP Task or a nested start, carried out by the process that committed its
 * scheduling, right after the commit, instead of waiting for a worker to fetch its job
 * (docs/architecture.md, "A step"). The job stays in the queue, delayed by its lease, as the
 * durable fallback: if this process dies before or during the work, the job comes due and a
 * worker does it. The work is fenced as any job's is (the attempt must still be open, under the
 * execution's lock), so whichever of the two runs second changes nothing. Once the work is done
 * the fallback is deleted; if it failed, a due-now copy hands it to the queue's retries at once.
 */
@Injectable()
export class AfterCommitJobs implements BeforeApplicationShutdown {
  private readonly logger = new Logger(AfterCommitJobs.name);
  private readonly handlers = new Map<string, (data: object) => Promise<void>>();
  private readonly running = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    private readonly queue: QueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Registers how this process carries out a job of `queue` itself (its queue worker's work). */
  handle<T extends object>(queue: QueueDefinition<T>, handler: (data: T) => Promise<void>): void {
    this.handlers.set(queue.name, handler as (data: object) => Promise<void>);
  }

  /** Whether a transaction of this process may leave a job of `queue` to {@link carryOut}. */
  runsHere(queue: QueueDefinition<object>): boolean {
    return !this.stopping && this.handlers.has(queue.name);
  }

  /** Starts the work of jobs whose transaction just committed; returns at once. */
  carryOut(jobs: readonly AfterCommitJob[]): void {
    for (const job of jobs) {
      reachCrashPoint(this.config, 'task-after-commit');
      const running = this.run(job).finally(() => this.running.delete(running));
      this.running.add(running);
    }
  }

  /** Lets work in flight settle its fallback jobs before the queue's pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, JOB_DRAIN_TIMEOUT_MS);
    });
    await Promise.race([Promise.all(this.running), timeout]);
    clearTimeout(timer);
  }

  private async run(job: AfterCommitJob): Promise<void> {
    const handler = this.handlers.get(job.queue.name);
    if (!handler) return;
    let handedOver = true;
    try {
      await handler(job.data);
    } catch (error) {
      this.logger.warn(
        `${job.queue.name} job ${job.id} failed after its commit, handed to its queue: ${(error as Error).message}`,
      );
      handedOver = await this.settle(() => this.queue.send(job.queue, job.data));
    }
    if (handedOver) await this.settle(() => this.queue.deleteJob(job.queue, job.id));
  }

  /** False when a settling step failed: the delayed fallback then does (or finds done) the work. */
  private async settle(step: () => Promise<unknown>): Promise<boolean> {
    try {
      await step();
      return true;
    } catch (error) {
      this.logger.warn(`A job left to its lease: ${(error as Error).message}`);
      return false;
    }
  }
}
