import { AppError } from '../common/app-error.js';
import { workerEntry } from '../common/worker-entry.js';
import { WorkerPool } from '../common/worker-pool.js';
import type { DefinitionCheckRequest, DefinitionCheckResponse } from './definition-validation.messages.js';
import type { DefinitionCheck, DefinitionPurpose } from './state-machine.definition.js';

/** How many workers, how long a queue, how long a wait. */
export interface DefinitionValidationPoolOptions {
  /** Worker threads at most, started on demand; each checks one definition at a time. */
  readonly maxWorkers: number;
  /** Definitions waiting for a worker at most; one more is refused as SERVICE_UNAVAILABLE. */
  readonly maxQueued: number;
  /**
   * Both how long a definition may wait for a worker (then SERVICE_UNAVAILABLE) and how long its
   * check may run (then the worker is terminated and the definition refused as too costly).
   */
  readonly timeoutMs: number;
}

const BUSY_MESSAGE = 'The server is busy validating other definitions; try again shortly.';
const STOPPING_MESSAGE = 'The server is shutting down.';

/**
 * A few worker threads that check definitions (docs/testing.md R14): validating 10,000 states takes
 * hundreds of milliseconds of CPU, which on the event loop would stall every other request and
 * subscription of the process. The queue is bounded and every wait has a deadline, so a caller
 * always gets an answer.
 */
export class DefinitionValidationPool {
  private readonly pool: WorkerPool<DefinitionCheckRequest, DefinitionCheckResponse, DefinitionCheck>;

  constructor({ maxWorkers, maxQueued, timeoutMs }: DefinitionValidationPoolOptions) {
    this.pool = new WorkerPool<DefinitionCheckRequest, DefinitionCheckResponse, DefinitionCheck>({
      name: 'definition validation worker',
      entry: workerEntry(import.meta.url, 'definition-validation.worker'),
      maxWorkers,
      queueLimit: { maxQueued, busy: () => AppError.serviceUnavailable(BUSY_MESSAGE) },
      queuedTimeoutMs: timeoutMs,
      runningTimeoutMs: () => timeoutMs,
      answer: (response) => ({ result: response.check }),
      queuedTimeout: () => AppError.serviceUnavailable(BUSY_MESSAGE),
      // A definition too costly to check is the client's to split, not the server's failure.
      runningTimeout: () => ({
        result: {
          diagnostics: [
            {
              path: '$',
              message: `took more than ${timeoutMs / 1000} s to validate: split it into smaller state machines`,
            },
          ],
        },
      }),
      // A check that throws, or a worker that cannot start, fails its job as the server's fault.
      workerDied: (_request, error) => AppError.internal(error),
      closed: () => AppError.serviceUnavailable(STOPPING_MESSAGE),
      closing: () => AppError.serviceUnavailable(STOPPING_MESSAGE),
    });
  }

  /** Checks a definition's JSON text on a worker thread. */
  check(text: string, purpose: DefinitionPurpose): Promise<DefinitionCheck> {
    return this.pool.run((id) => ({ id, text, purpose }));
  }

  /** Terminates the workers; what still waits or runs is refused as SERVICE_UNAVAILABLE. */
  close(): Promise<void> {
    return this.pool.close();
  }
}
