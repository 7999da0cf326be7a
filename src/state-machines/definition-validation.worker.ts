/**
 * The entry point of a definition-validation worker thread (see definition-validation.pool.ts):
 * checks one definition's JSON text per message, away from the event loop that serves requests.
 */
import { parentPort } from 'node:worker_threads';
import type { DefinitionCheckRequest, DefinitionCheckResponse } from './definition-validation.messages.js';
import { checkDefinition } from './state-machine.definition.js';

parentPort?.on('message', ({ id, text, purpose }: DefinitionCheckRequest) => {
  const response: DefinitionCheckResponse = { id, check: checkDefinition(text, purpose) };
  parentPort?.postMessage(response);
});
