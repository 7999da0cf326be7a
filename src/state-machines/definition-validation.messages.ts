import type { DefinitionCheck, DefinitionPurpose } from './state-machine.definition.js';

/** What the pool sends a validation worker: one definition's JSON text. */
export interface DefinitionCheckRequest {
  readonly id: number;
  readonly text: string;
  readonly purpose: DefinitionPurpose;
}

/** What the worker answers. */
export interface DefinitionCheckResponse {
  readonly id: number;
  readonly check: DefinitionCheck;
}
