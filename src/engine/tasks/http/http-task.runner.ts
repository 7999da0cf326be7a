import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { SpanContext } from '@opentelemetry/api';
import { DataSource } from 'typeorm';
import { StatesError, type Json } from '../../../asl/index.js';
import { APP_CONFIG, type AppConfig } from '../../../config/config.js';
import type { TaskEnding } from '../task.attempts.js';
import { invokeHttpTask } from './http-task.js';

/** Redirects an HTTP Task follows at most; each hop passes the outbound guard again. */
export const HTTP_TASK_MAX_REDIRECTS = 5;
/** How often in-flight calls check that their attempt is still open (stopped executions abort them). */
const LIVENESS_INTERVAL_MS = 1000;

/** A call cut short by the engine's shutdown: not a failure, its job is handed back for a retry. */
export class EngineShutdownAbort extends Error {
  constructor() {
    super('The engine is shutting down');
    this.name = 'EngineShutdownAbort';
  }
}

/**
 * Runs HTTP Tasks with the operator's limits (config) and aborts a call in flight once its attempt
 * is closed — its execution stopped, its state timed out — so that a stopped execution stops
 * talking to the outside (docs/testing.md R11). One query per second covers every call in flight.
 */
@Injectable()
export class HttpTaskRunner implements OnModuleDestroy {
  private readonly inFlight = new Map<string, AbortController>();
  private timer: NodeJS.Timeout | undefined;
  private shuttingDown = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Calls the endpoint; undefined when the attempt was closed meanwhile (the result would be
   * dropped). A call cut short by shutdown throws, so that its job is retried by another worker.
   */
  async call(token: string, parameters: Json, parentSpan?: SpanContext): Promise<TaskEnding | undefined> {
    const controller = new AbortController();
    this.watch(token, controller);
    try {
      const result = await invokeHttpTask(parameters, {
        ...this.config.httpTask,
        maxRedirects: HTTP_TASK_MAX_REDIRECTS,
        signal: controller.signal,
        ...(parentSpan ? { parentSpan } : {}),
      });
      return { kind: 'succeeded', output: JSON.parse(JSON.stringify(result)) as Json };
    } catch (error) {
      if (controller.signal.aborted && !this.shuttingDown) return undefined;
      if (error instanceof StatesError) return { kind: 'failed', error: error.name, cause: error.cause };
      throw error;
    } finally {
      this.unwatch(token);
    }
  }

  onModuleDestroy(): void {
    this.shuttingDown = true;
    for (const controller of this.inFlight.values()) controller.abort(new EngineShutdownAbort());
    this.inFlight.clear();
    clearInterval(this.timer);
  }

  private watch(token: string, controller: AbortController): void {
    this.inFlight.set(token, controller);
    this.timer ??= setInterval(() => void this.abortClosed(), LIVENESS_INTERVAL_MS).unref();
  }

  private unwatch(token: string): void {
    this.inFlight.delete(token);
    if (this.inFlight.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private async abortClosed(): Promise<void> {
    const tokens = [...this.inFlight.keys()];
    if (tokens.length === 0) return;
    try {
      const closed = await this.dataSource.query<{ token: string }[]>(
        "SELECT token FROM tasks WHERE token = ANY($1) AND status NOT IN ('SCHEDULED', 'STARTED')",
        [tokens],
      );
      for (const { token } of closed)
        this.inFlight.get(token)?.abort(new Error('The task attempt was closed'));
    } catch {
      // The database is unreachable: calls keep going, and their results are checked on apply anyway.
    }
  }
}
