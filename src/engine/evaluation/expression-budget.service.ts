import { availableParallelism } from 'node:os';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { StepEnv } from '../../asl/index.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { JsonataEvaluationPool } from './jsonata-evaluation.pool.js';

/**
 * Heap of one JSONata worker thread: room for JSONata's largest range (`[1..10000000]`, some
 * 80 MB) and what an expression builds from it, not for the process's memory to run out.
 */
const WORKER_HEAP_MB = 256;

/**
 * The expression budgets of the engine's steps (EXPRESSION_TIMEOUT_MS and its siblings), and the
 * worker threads that take the JSONata expressions too long for the event loop: every step the
 * engine runs, in a job or inline in a start, gets them through {@link stepEnv}.
 */
@Injectable()
export class ExpressionBudgetService implements OnApplicationShutdown {
  private readonly pool: JsonataEvaluationPool;
  private readonly env: Pick<StepEnv, 'budget' | 'offloadJsonata'>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { jsonataInlineSteps, maxResultBytes, jsonPathSteps, timeoutMs } = config.expressions;
    // One core stays for the event loop, as for definition validation.
    this.pool = new JsonataEvaluationPool({
      maxWorkers: Math.min(2, Math.max(1, availableParallelism() - 1)),
      timeoutMs,
      maxResultBytes,
      maxHeapMb: WORKER_HEAP_MB,
    });
    this.env = {
      budget: { jsonataInlineSteps, maxResultBytes, jsonPathSteps },
      offloadJsonata: (evaluation) => this.pool.evaluate(evaluation),
    };
  }

  /** What a step's environment carries about expressions. */
  stepEnv(): Pick<StepEnv, 'budget' | 'offloadJsonata'> {
    return this.env;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }
}
