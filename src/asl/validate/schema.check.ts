/**
 * The schema side of validation: asl-validator's JSON schemas applied to the top-level object and
 * to each state, reported in plain words. Structure, transitions, paths, JSONata and everything the
 * schemas get wrong for modern ASL are checked by the other modules of this folder.
 */
import type { JsonObject } from '../json.js';
import type { DefinitionModel } from './definition.scopes.js';
import { schemaDiagnostics, type SchemaDiagnostic } from './schema.messages.js';
import { machineSchemaInput, schemaInputOf } from './schema.sanitize.js';
import { machineValidator, stateValidator } from './schema.validators.js';

/** Schema diagnostics of a definition whose scopes and states have been collected. */
export function checkSchema(definition: JsonObject, model: DefinitionModel): SchemaDiagnostic[] {
  const diagnostics: SchemaDiagnostic[] = [];
  const machine = machineSchemaInput(definition);
  const validateMachine = machineValidator();
  if (!validateMachine(machine)) {
    diagnostics.push(
      ...schemaDiagnostics(validateMachine.errors ?? [], machine, '$', 'a state machine definition'),
    );
  }
  for (const site of model.states) {
    if (site.type === undefined) continue;
    const input = schemaInputOf(site);
    const validate = stateValidator(site.type, site.queryLanguage);
    if (validate(input)) continue;
    for (const diagnostic of schemaDiagnostics(
      validate.errors ?? [],
      input,
      site.path,
      `a ${site.type} state`,
    )) {
      diagnostics.push(diagnostic);
    }
  }
  return diagnostics;
}
