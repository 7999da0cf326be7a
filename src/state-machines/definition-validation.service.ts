import { availableParallelism } from 'node:os';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { MAX_DEFINITION_BYTES } from '../asl/validate/index.js';
import { DefinitionValidationPool } from './definition-validation.pool.js';
import { checkDefinition, type DefinitionCheck, type DefinitionPurpose } from './state-machine.definition.js';

/**
 * Definitions up to this many characters of JSON are checked on the event loop: at most about
 * 10 ms even when every state holds JSONata, less than a round trip to a worker costs on a busy
 * machine. Larger ones go to a worker thread.
 */
export const INLINE_CHECK_MAX_CHARS = 4096;

/** Long enough for a 1 MiB definition on a loaded machine (about 1 s) and a worker's start. */
const CHECK_TIMEOUT_MS = 15_000;
/** Definitions waiting for a worker at most: beyond, the caller is asked to come back. */
const MAX_QUEUED_CHECKS = 16;

/**
 * Validates definitions without stalling the event loop (docs/testing.md R14): small ones in place, large
 * ones on a pool of one or two worker threads (one core stays for the event loop), terminated when
 * the application shuts down.
 */
@Injectable()
export class DefinitionValidationService implements OnApplicationShutdown {
  private readonly pool = new DefinitionValidationPool({
    maxWorkers: Math.min(2, Math.max(1, availableParallelism() - 1)),
    maxQueued: MAX_QUEUED_CHECKS,
    timeoutMs: CHECK_TIMEOUT_MS,
  });

  /**
   * Checks a definition as a client sent it (an object, or JSON text of one). A definition that
   * takes too long to check is refused with a diagnostic. Rejects with SERVICE_UNAVAILABLE when
   * too many wait or the application is shutting down, and with INTERNAL_SERVER_ERROR when a
   * worker dies.
   */
  async check(input: unknown, purpose: DefinitionPurpose): Promise<DefinitionCheck> {
    const text = jsonTextOf(input);
    // Text that cannot be JSON, or too long to be a definition, is refused at once, without a worker.
    if (text === undefined || text.length <= INLINE_CHECK_MAX_CHARS || text.length > MAX_DEFINITION_BYTES) {
      return checkDefinition(text ?? input, purpose);
    }
    return this.pool.check(text, purpose);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }
}

/**
 * The JSON text of a definition, which is what a worker receives (a string crosses threads far
 * faster than an object graph), or undefined when it has none (a cycle, a value nested too deeply
 * to serialize, `undefined`): the validator then says why.
 */
function jsonTextOf(input: unknown): string | undefined {
  if (typeof input === 'string') return input;
  try {
    return JSON.stringify(input) as string | undefined;
  } catch {
    return undefined;
  }
}
