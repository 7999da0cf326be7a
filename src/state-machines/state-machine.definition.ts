import { createHash } from 'node:crypto';
import { isJsonObject, type JsonObject } from '../asl/json.js';
import { validateDefinition, type Diagnostic } from '../asl/validate/index.js';
import { jsonNestingDepth, MAX_JSON_DEPTH } from '../common/json-value.js';

/**
 * The deepest nesting of objects and arrays a definition may have (AWS sets none that we know of).
 * Deeper JSON is refused before it is hashed or stored: hashing, PostgreSQL's jsonb parser and
 * every later reader walk it recursively, and would run out of stack on it. The same limit as the
 * validation pipe's for every JSON field, so a definition sent as text meets the same rule as one
 * sent as an object.
 */
export const MAX_DEFINITION_DEPTH = MAX_JSON_DEPTH;

/**
 * Why a definition is checked: `validate` reports what validateDefinition finds; `store` also
 * refuses what cannot be stored (too deep) and hashes what can.
 */
export type DefinitionPurpose = 'validate' | 'store';

/** What checking a definition found: plain data, so that a worker thread can send it back. */
export interface DefinitionCheck {
  /** Every fault, each with the JSON path of where it is; empty when the definition is valid. */
  readonly diagnostics: readonly Diagnostic[];
  /** `store` of a valid definition: SHA-256 (hex) of its canonical JSON. */
  readonly sha256?: string;
}

/** A definition that passed validation, ready to store. */
export interface AcceptedDefinition {
  readonly ok: true;
  readonly definition: JsonObject;
  /** SHA-256 (hex) of its canonical JSON: equal for definitions that differ only in key order or spacing. */
  readonly sha256: string;
}

/** A definition that did not: every fault, each with the JSON path of where it is. */
export interface RefusedDefinition {
  readonly ok: false;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Checks a definition as a client sends it: a JSON object, or a JSON string of one (AWS's own API
 * takes a string; GraphQL clients find an object easier). Anything else is refused by the
 * validator with a diagnostic at `$` that says what it got. The costly part of accepting a
 * definition, pure and synchronous: large definitions run it on a worker thread.
 */
export function checkDefinition(input: unknown, purpose: DefinitionPurpose): DefinitionCheck {
  const { valid, diagnostics } = validateDefinition(input);
  if (!valid || purpose === 'validate') return { diagnostics };
  // Valid means a JSON object, or text of one. Parsing the text again costs far less than validating it.
  const definition: unknown = typeof input === 'string' ? JSON.parse(input) : input;
  if (!isJsonObject(definition)) {
    return { diagnostics: [{ path: '$', message: 'must be a JSON object with StartAt and States' }] };
  }
  const depth = jsonNestingDepth(definition, MAX_DEFINITION_DEPTH);
  if (depth > MAX_DEFINITION_DEPTH) {
    const message = `nests objects and arrays more than ${MAX_DEFINITION_DEPTH} levels deep: flatten the data it holds`;
    return { diagnostics: [{ path: '$', message }] };
  }
  return { diagnostics: [], sha256: definitionSha256(definition) };
}

/**
 * The definition to store, from the client's input and the {@link checkDefinition} of it (for
 * `store`): the input object itself, or the object its text holds.
 */
export function acceptedDefinition(
  input: unknown,
  check: DefinitionCheck,
): AcceptedDefinition | RefusedDefinition {
  if (check.diagnostics.length > 0 || check.sha256 === undefined) {
    return { ok: false, diagnostics: check.diagnostics };
  }
  // The check parsed the same text into an object: this cannot fail.
  const definition = (typeof input === 'string' ? JSON.parse(input) : input) as JsonObject;
  return { ok: true, definition, sha256: check.sha256 };
}

/**
 * The definition's JSON with the keys of every object sorted and no whitespace. PostgreSQL's
 * jsonb reorders keys as it likes, so a hash over the text as sent would call two equal
 * definitions different. Recursive: call it on definitions no deeper than MAX_DEFINITION_DEPTH.
 */
function canonicalJson(value: JsonObject): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    isJsonObject(nested)
      ? Object.fromEntries(Object.entries(nested).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : nested,
  );
}

/** SHA-256 (hex) of {@link canonicalJson}. */
function definitionSha256(definition: JsonObject): string {
  return createHash('sha256').update(canonicalJson(definition), 'utf8').digest('hex');
}
