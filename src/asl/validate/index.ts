/**
 * Validation of Amazon States Language definitions: asl-validator's schema of the language, plus
 * Stepgraph's own checks (transitions, reachability, termination, Choice Rules, JSONPath, intrinsic
 * functions, JSONata, Task resources, and the features Stepgraph refuses rather than mis-run).
 */
export { MAX_DEFINITION_BYTES } from './definition.input.js';
export { validateDefinition } from './definition.validator.js';
export type { Diagnostic, ValidationResult } from './validation.diagnostics.js';
