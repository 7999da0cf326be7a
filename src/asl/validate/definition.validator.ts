/**
 * `validateDefinition`: the checks of this folder, run in order over one definition.
 */
import type { JsonObject } from '../json.js';
import { checkChoiceRules } from './choice-rules.check.js';
import { readDefinition } from './definition.input.js';
import { collectScopes } from './definition.scopes.js';
import { checkJsonataDataFlow } from './jsonata.check.js';
import { checkJsonPathDataFlow } from './paths.check.js';
import { checkResource } from './resource.check.js';
import { checkSchema } from './schema.check.js';
import type { SchemaDiagnostic } from './schema.messages.js';
import { checkErrorHandlers, checkScopeFields, checkStateFields } from './state-fields.check.js';
import { checkTransitions } from './transitions.check.js';
import {
  DiagnosticList,
  pathAndAncestors,
  type Diagnostic,
  type ValidationResult,
} from './validation.diagnostics.js';

const STATE_CHECKS = [
  checkStateFields,
  checkErrorHandlers,
  checkResource,
  checkChoiceRules,
  checkJsonPathDataFlow,
  checkJsonataDataFlow,
];

/**
 * The schema's diagnostics that add something: not at a path already reported, and no generic
 * "matches no alternative" about a value that holds a reported fault.
 */
function newSchemaFindings(schema: readonly SchemaDiagnostic[], own: readonly Diagnostic[]): Diagnostic[] {
  const ownPaths = new Set(own.map((diagnostic) => diagnostic.path));
  const holdsOwnFault = new Set(own.flatMap((diagnostic) => pathAndAncestors(diagnostic.path)));
  return schema
    .filter(({ path, keyword }) => {
      if (ownPaths.has(path)) return false;
      return !((keyword === 'oneOf' || keyword === 'anyOf') && holdsOwnFault.has(path));
    })
    .map(({ path, message }) => ({ path, message }));
}

function withoutDuplicates(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter(({ path, message }) => {
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function validateObject(definition: JsonObject): Diagnostic[] {
  const own = new DiagnosticList();
  const model = collectScopes(definition, own.report);
  for (const scope of model.scopes) {
    checkScopeFields(scope, own.report);
    checkTransitions(scope, model, own.report);
  }
  for (const site of model.states) {
    for (const check of STATE_CHECKS) check(site, own.report);
  }
  const schema = newSchemaFindings(checkSchema(definition, model), own.items);
  return withoutDuplicates([...own.items, ...schema]);
}

/**
 * Validates an Amazon States Language definition, given as parsed JSON or as JSON text, against the
 * language and against what Stepgraph runs. Never throws: anything that is not a definition yields
 * diagnostics.
 */
export function validateDefinition(definition: unknown): ValidationResult {
  const input = readDefinition(definition);
  const diagnostics = input.ok ? validateObject(input.definition) : [input.diagnostic];
  return { valid: diagnostics.length === 0, diagnostics };
}
