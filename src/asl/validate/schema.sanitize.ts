/**
 * What the schema is shown of each state: a shallow copy without the parts this module checks
 * itself, so that the schema neither repeats those checks nor gets modern ASL wrong.
 *
 * asl-validator's schema rejects valid definitions that AWS runs (AWS is the truth here):
 * - JSONata strings must read `{% expr %}` with single spaces and no line breaks, so multi-line or
 *   unspaced expressions fail; constant `Output` strings, `Condition: true`, and `Assign` arrays
 *   holding `null` or strings are refused; plain strings in JSONata `Error`/`Cause` and in payload
 *   template arrays may not be empty or span lines.
 * So payload templates, `Assign`, `Output`, `Arguments`, `Items` and Choice Rules are checked by
 * this module alone, and JSONata expressions reach the schema as a placeholder it accepts.
 * Nested `States` objects are replaced by a one-state stub: they are validated state by state, which
 * also keeps the schema from walking the same nesting twice per level.
 */
import { jsonataExpressionOf } from '../jsonata/jsonata-expression.js';
import { isJsonObject, type Json, type JsonObject } from '../json.js';
import type { QueryLanguage } from '../states/state-fields.js';
import type { StateSite } from './definition.scopes.js';

/** Fields the schema never sees: checked here, or refused before the schema matters. */
const FIELDS_CHECKED_ELSEWHERE = new Set([
  'Parameters',
  'ResultSelector',
  'ItemSelector',
  'Assign',
  'Arguments',
  'Output',
  'Result',
  'Items',
  'Credentials',
  'ItemReader',
  'ItemBatcher',
  'ResultWriter',
  'ToleratedFailurePercentage',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCount',
  'ToleratedFailureCountPath',
  'Label',
]);
const JSONATA_PLACEHOLDER = '{% 0 %}';
const STRING_PLACEHOLDER = 'text';

function stubScope(language: QueryLanguage): JsonObject {
  return { StartAt: 'Stub', States: { Stub: { Type: 'Succeed', QueryLanguage: language } } };
}

function stubRules(language: QueryLanguage): Json[] {
  return language === 'JSONata'
    ? [{ Condition: JSONATA_PLACEHOLDER, Next: 'Stub' }]
    : [{ Variable: '$', IsPresent: true, Next: 'Stub' }];
}

function withoutFields(value: Json, fields: readonly string[]): Json {
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !fields.includes(key)));
}

/** Replaces the parts of a JSONata state's top-level values that asl-validator mis-models. */
function placeholders(copy: JsonObject): void {
  for (const [key, value] of Object.entries(copy)) {
    if (jsonataExpressionOf(value) !== undefined) {
      copy[key] = JSONATA_PLACEHOLDER;
    } else if ((key === 'Error' || key === 'Cause') && typeof value === 'string') {
      copy[key] = STRING_PLACEHOLDER;
    }
  }
}

/** The copy of a state that the schema validates. */
export function schemaInputOf(site: StateSite): JsonObject {
  const language = site.queryLanguage;
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(site.state)) {
    if (!FIELDS_CHECKED_ELSEWHERE.has(key)) copy[key] = value;
  }
  copy.QueryLanguage = language;
  // asl-validator only admits `"End": true`; AWS also takes `false`, which simply means "not the end".
  if (copy.End === false) delete copy.End;
  // The Resource is checked by parseResource; the schema's own forms (ARNs, `${...}`) do not apply.
  if (copy.Resource !== undefined) copy.Resource = 'resource';
  if (Array.isArray(copy.Choices) && copy.Choices.length > 0) copy.Choices = stubRules(language);
  if (Array.isArray(copy.Branches)) copy.Branches = copy.Branches.map(() => stubScope(language));
  for (const field of ['ItemProcessor', 'Iterator']) {
    if (copy[field] !== undefined) copy[field] = stubScope(language);
  }
  if (Array.isArray(copy.Catch)) {
    copy.Catch = copy.Catch.map((catcher) => withoutFields(catcher, ['Assign', 'Output']));
  }
  if (language === 'JSONata') placeholders(copy);
  return copy;
}

/** The copy of the top-level object that the schema validates: its own fields, no states. */
export function machineSchemaInput(definition: JsonObject): JsonObject {
  const copy = withoutFields(definition, ['QueryLanguage']) as JsonObject;
  if (isJsonObject(copy.States)) copy.States = {};
  return copy;
}
