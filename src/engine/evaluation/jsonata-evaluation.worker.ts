/**
 * The entry point of a JSONata worker thread (see jsonata-evaluation.pool.ts): evaluates one
 * expression per message under a time budget, away from the event loop that serves requests and
 * runs the engine. Randomness (`$random()`, `$uuid()`) is this thread's own, as the engine's is.
 */
import { parentPort } from 'node:worker_threads';
import { evaluateJsonata, StatesError } from '../../asl/index.js';
import type { JsonataEvaluationRequest, JsonataEvaluationResponse } from './jsonata-evaluation.messages.js';

async function answer(request: JsonataEvaluationRequest): Promise<JsonataEvaluationResponse> {
  const { id, evaluation, timeoutMs, since, maxResultBytes } = request;
  try {
    const result = await evaluateJsonata(evaluation.expression, evaluation.field, {
      ...evaluation.scope,
      random: Math.random,
      limits: { steps: Infinity, maxResultBytes, time: { ms: timeoutMs, clock: Date.now, since } },
    });
    return { id, result };
  } catch (error) {
    return { id, failure: error instanceof StatesError ? error.cause : String(error) };
  }
}

parentPort?.on('message', (request: JsonataEvaluationRequest) => {
  void answer(request).then((response) => parentPort?.postMessage(response));
});
