/**
 * Turns Ajv's error objects into diagnostics in plain words, at `$.States.X.Field[i]` paths.
 *
 * A failed `oneOf`/`anyOf` makes Ajv report every alternative's complaint plus "must match exactly
 * one schema in oneOf"; this collapses them into the one line that helps: the deeper faults when
 * there are some, else the constraint the value's own type failed, else the types it may have.
 */
import type { ErrorObject } from 'ajv';
import { indexPath, listWords, memberPath, type Diagnostic } from './validation.diagnostics.js';

/** A diagnostic from the schema, with the Ajv keyword that raised it. */
export interface SchemaDiagnostic extends Diagnostic {
  readonly keyword: string;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  null: 'null',
};
const COMPARISONS: Readonly<Record<string, string>> = { '>=': 'at least', '<=': 'at most' };
const ALTERNATIVES = new Set(['oneOf', 'anyOf']);
const TYPE_BLIND = new Set(['type', 'enum', 'const']);

interface Located {
  readonly path: string;
  readonly value: unknown;
}

/** Follows an Ajv instance path (a JSON Pointer) through `root`, building our path notation. */
function locate(root: unknown, basePath: string, pointer: string): Located {
  let path = basePath;
  let value = root;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      path = indexPath(path, Number(segment));
      value = value[Number(segment)];
    } else {
      path = memberPath(path, segment);
      value = (value as Record<string, unknown> | undefined)?.[segment];
    }
  }
  return { path, value };
}

function typeWords(types: readonly string[]): string {
  return listWords([...new Set(types.map((type) => TYPE_WORDS[type] ?? type))], 'or');
}

function typesOf(error: ErrorObject): string[] {
  const { type } = error.params as { type: string | string[] };
  return Array.isArray(type) ? type : String(type).split(',');
}

/** The plain-words message of one error, and the path it is about; `holder` names the validated value. */
function describe(error: ErrorObject, at: Located, holder = 'this object'): SchemaDiagnostic {
  const params = error.params as Record<string, unknown>;
  const diagnostic = (message: string, path = at.path): SchemaDiagnostic => ({
    path,
    message,
    keyword: error.keyword,
  });
  switch (error.keyword) {
    case 'type':
      return diagnostic(`must be ${typeWords(typesOf(error))}`);
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((value) => JSON.stringify(value));
      return diagnostic(
        allowed.length === 1 ? `must be ${allowed[0]}` : `must be one of ${allowed.join(', ')}`,
      );
    }
    case 'required':
      return diagnostic('is required', memberPath(at.path, String(params.missingProperty)));
    case 'additionalProperties':
      return diagnostic(
        `is not a field of ${error.instancePath === '' ? holder : 'this object'}`,
        memberPath(at.path, String(params.additionalProperty)),
      );
    case 'minimum':
    case 'maximum':
      return diagnostic(`must be ${COMPARISONS[String(params.comparison)]} ${String(params.limit)}`);
    case 'minItems': {
      const limit = Number(params.limit);
      return diagnostic(`must have at least ${limit} item${limit === 1 ? '' : 's'}`);
    }
    case 'format':
      return diagnostic(
        params.format === 'date-time'
          ? 'must be an RFC 3339 timestamp such as "2026-01-31T09:30:00Z"'
          : `is not a valid ${String(params.format)}`,
      );
    default:
      return diagnostic(`is not valid: ${error.message ?? error.keyword}`);
  }
}

/** One line for a failed set of alternatives whose complaints are all about the value itself. */
function collapse(
  alternative: ErrorObject,
  complaints: readonly ErrorObject[],
  at: Located,
): SchemaDiagnostic {
  // A complaint other than `type` comes from an alternative whose type the value has: it names the
  // constraint that matters ("must be at least 1" rather than "must be an integer or a string").
  // `enum` and `const` apply whatever the value's type, so they say nothing about that.
  const constraint = complaints.find((error) => !TYPE_BLIND.has(error.keyword));
  if (constraint) return describe(constraint, at);
  const types = complaints.filter((error) => error.keyword === 'type').flatMap(typesOf);
  if (types.length > 0) {
    return { path: at.path, message: `must be ${typeWords(types)}`, keyword: alternative.keyword };
  }
  const [first] = complaints;
  if (first) return describe(first, at);
  // A `oneOf` also fails when the value fits several alternatives at once.
  return {
    path: at.path,
    message: 'fits more than one of the forms this field takes, so its meaning is ambiguous',
    keyword: alternative.keyword,
  };
}

function isWithin(error: ErrorObject, pointer: string): boolean {
  return error.instancePath === pointer || error.instancePath.startsWith(`${pointer}/`);
}

/**
 * The diagnostics of one validated value: `root`, found at `basePath` in the definition and named
 * `holder` in messages ("a state machine definition").
 */
export function schemaDiagnostics(
  errors: readonly ErrorObject[],
  root: unknown,
  basePath: string,
  holder: string,
): SchemaDiagnostic[] {
  const plain = errors.filter((error) => !ALTERNATIVES.has(error.keyword));
  const consumed = new Set<ErrorObject>();
  const diagnostics: SchemaDiagnostic[] = [];
  for (const alternative of errors.filter((error) => ALTERNATIVES.has(error.keyword))) {
    const pointer = alternative.instancePath;
    const inside = plain.filter((error) => isWithin(error, pointer));
    const atSamePath = inside.filter((error) => error.instancePath === pointer);
    for (const error of atSamePath) consumed.add(error);
    // Deeper complaints are reported as they are; those about the value itself collapse into one.
    if (inside.length === atSamePath.length) {
      diagnostics.push(collapse(alternative, atSamePath, locate(root, basePath, pointer)));
    }
  }
  for (const error of plain) {
    if (!consumed.has(error)) {
      diagnostics.push(describe(error, locate(root, basePath, error.instancePath), holder));
    }
  }
  return diagnostics;
}
