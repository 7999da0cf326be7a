/**
 * asl-validator's JSON schemas of the Amazon States Language, compiled once into one Ajv instance.
 *
 * asl-validator's own entry point is not called: it builds and compiles a fresh Ajv on every call
 * (over 100 ms of CPU each time, an event-loop stall per request), its transition checks are
 * quadratic in the number of states, and its state schema tries both query-language variants of
 * every Parallel and Map at every level, which is exponential in nesting depth (20 levels already
 * take seconds). Compiling its schemas once and validating each state against the one variant that
 * matches its Type and query language keeps validation linear and the errors specific.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import baseStateMachineSchema from 'asl-validator/dist/src/schemas/base-state-machine.json' with { type: 'json' };
import choiceSchema from 'asl-validator/dist/src/schemas/choice.json' with { type: 'json' };
import commonSchema from 'asl-validator/dist/src/schemas/common.json' with { type: 'json' };
import errorsSchema from 'asl-validator/dist/src/schemas/errors.json' with { type: 'json' };
import failSchema from 'asl-validator/dist/src/schemas/fail.json' with { type: 'json' };
import jsonataSchema from 'asl-validator/dist/src/schemas/jsonata.json' with { type: 'json' };
import mapSchema from 'asl-validator/dist/src/schemas/map.json' with { type: 'json' };
import parallelSchema from 'asl-validator/dist/src/schemas/parallel.json' with { type: 'json' };
import passSchema from 'asl-validator/dist/src/schemas/pass.json' with { type: 'json' };
import pathsSchema from 'asl-validator/dist/src/schemas/paths.json' with { type: 'json' };
import stateMachineSchema from 'asl-validator/dist/src/schemas/state-machine.json' with { type: 'json' };
import stateSchema from 'asl-validator/dist/src/schemas/state.json' with { type: 'json' };
import succeedSchema from 'asl-validator/dist/src/schemas/succeed.json' with { type: 'json' };
import taskSchema from 'asl-validator/dist/src/schemas/task.json' with { type: 'json' };
import waitSchema from 'asl-validator/dist/src/schemas/wait.json' with { type: 'json' };
import { parseTimestamp } from '../choice/timestamp.parser.js';
import type { QueryLanguage } from '../states/state-fields.js';
import type { StateType } from './definition.scopes.js';

interface SchemaDocument {
  readonly $id: string;
  readonly oneOf?: ReadonlyArray<{
    readonly properties?: { readonly QueryLanguage?: { readonly $ref?: string } };
  }>;
}

const STATE_SCHEMAS: Readonly<Record<StateType, SchemaDocument>> = {
  Pass: passSchema,
  Task: taskSchema,
  Choice: choiceSchema,
  Wait: waitSchema,
  Succeed: succeedSchema,
  Fail: failSchema,
  Parallel: parallelSchema,
  Map: mapSchema,
};

/**
 * asl-validator's own formats. Paths, payload templates and JSONata strings are checked by this
 * module with Stepgraph's rules (variables, `$$`, AWS's JSONata delimiters); resources by
 * `parseResource`. The schema keeps the job of types, ranges and required shapes.
 */
const FORMATS_CHECKED_ELSEWHERE = [
  'asl_path',
  'asl_ref_path',
  'asl_result_path',
  'asl_payload_template',
  'asl_arn',
  'jsonata_string',
  'maybe_jsonata_string',
];

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function instance(): Ajv {
  if (ajv) return ajv;
  ajv = new Ajv({
    schemas: [
      commonSchema,
      pathsSchema,
      jsonataSchema,
      errorsSchema,
      baseStateMachineSchema,
      stateMachineSchema,
      stateSchema,
      ...Object.values(STATE_SCHEMAS),
    ],
    allowUnionTypes: true,
    allErrors: true,
    logger: false,
    // Compiles several times faster; validation stays linear and fast enough for 10,000 states.
    code: { optimize: false },
  });
  for (const format of FORMATS_CHECKED_ELSEWHERE) ajv.addFormat(format, () => true);
  ajv.addFormat('date-time', (value: string) => parseTimestamp(value) !== undefined);
  return ajv;
}

function compiled(ref: string): ValidateFunction {
  let validate = validators.get(ref);
  if (!validate) {
    validate = instance().getSchema(ref);
    if (!validate) throw new Error(`asl-validator has no schema ${ref}`);
    validators.set(ref, validate);
  }
  return validate;
}

/**
 * The schema of one state type in one query language: the `oneOf` variant of the type's schema
 * whose `QueryLanguage` refers to that language's definitions.
 */
export function stateValidator(type: StateType, language: QueryLanguage): ValidateFunction {
  const schema = STATE_SCHEMAS[type];
  const marker = language === 'JSONata' ? 'jsonata.json' : 'paths.json';
  const variant = schema.oneOf?.findIndex((entry) =>
    entry.properties?.QueryLanguage?.$ref?.startsWith(marker),
  );
  return compiled(`${schema.$id}/oneOf/${variant}`);
}

/** The schema of the top-level object of a definition. */
export function machineValidator(): ValidateFunction {
  return compiled(stateMachineSchema.$id);
}
