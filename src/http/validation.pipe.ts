import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { AppError, type ErrorDetail } from '../common/app-error.js';
import { JSON_VALUE_RULE, jsonValueProperties } from '../common/json-value.decorator.js';
import { jsonNestingDepth, jsonValueProblem } from '../common/json-value.js';

/**
 * The deepest nesting of objects and arrays in a DTO, the DTO itself being level 1. Our DTOs nest
 * a few levels; arbitrary JSON belongs in `@JsonValue()` fields, which are checked apart.
 * class-transformer copies every property recursively before the whitelist refuses unknown ones,
 * so without this limit a deep value in any property of a body overflows the stack (a 500).
 */
export const MAX_DTO_DEPTH = 32;

/** `input.items[2].name` from class-validator's tree of nested errors. */
function diagnosticsOf(errors: readonly ValidationError[], parentPath = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const path = !parentPath
      ? error.property
      : /^\d+$/.test(error.property)
        ? `${parentPath}[${error.property}]`
        : `${parentPath}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...diagnosticsOf(error.children ?? [], path)];
  });
}

/** Turns class-validator's findings into one BAD_USER_INPUT AppError listing every problem. */
export function validationFailure(errors: readonly ValidationError[]): AppError {
  const details = diagnosticsOf(errors);
  return AppError.badUserInput(`Invalid input: ${details.map((detail) => detail.message).join('; ')}`, {
    details,
  });
}

/** A property of the DTO with the object or array it holds, kept out of class-transformer's way. */
type LiftedValue = readonly [property: string, value: object];

/** The DTO as sent, with each `@JsonValue()` object or array swapped for an empty one. */
interface LiftedDto {
  readonly rest: unknown;
  readonly lifted: readonly LiftedValue[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Sets an own data property: assigning would call the `__proto__` setter for that key. */
function defineOwn(target: object, property: string, value: unknown): void {
  Object.defineProperty(target, property, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Copies `dto` (a shallow copy: the caller's object is left alone), taking out the objects and
 * arrays of `properties`. Each leaves an empty one of its kind behind, so that the other rules of
 * the property (`@IsDefined()`, `@IsObject()`) still see what kind of value was sent. Scalars stay:
 * nothing strips or copies them.
 */
function liftJsonValues(dto: unknown, properties: readonly string[]): LiftedDto {
  if (properties.length === 0 || !isRecord(dto)) return { rest: dto, lifted: [] };
  const rest = {};
  const lifted: LiftedValue[] = [];
  for (const [property, value] of Object.entries(dto)) {
    const isLifted = properties.includes(property) && typeof value === 'object' && value !== null;
    if (isLifted) lifted.push([property, value]);
    defineOwn(rest, property, isLifted ? (Array.isArray(value) ? [] : {}) : value);
  }
  return { rest, lifted };
}

function failedRule(property: string, message: string): ValidationError {
  return { property, constraints: { [JSON_VALUE_RULE]: `${property} ${message}` }, children: [] };
}

/** `@JsonValue()` objects and arrays that are not JSON, or nested too deeply. */
function jsonValueErrors(lifted: readonly LiftedValue[]): ValidationError[] {
  return lifted.flatMap(([property, value]) => {
    const problem = jsonValueProblem(value);
    return problem === undefined ? [] : [failedRule(property, problem)];
  });
}

/** The properties of the DTO (or the whole argument, when it is no object) nested too deeply. */
function tooDeepErrors(rest: unknown, metadata: ArgumentMetadata): ValidationError[] {
  if (jsonNestingDepth(rest, MAX_DTO_DEPTH) <= MAX_DTO_DEPTH) return [];
  const message = `nests objects and arrays more than ${MAX_DTO_DEPTH} levels deep`;
  if (!isRecord(rest)) return [failedRule(metadata.data ?? metadata.type, message)];
  return Object.entries(rest)
    .filter(([, value]) => jsonNestingDepth(value, MAX_DTO_DEPTH - 1) > MAX_DTO_DEPTH - 1)
    .map(([property]) => failedRule(property, message));
}

/**
 * Nest's ValidationPipe, except for `@JsonValue()` properties: their objects and arrays are lifted
 * out before it strips prototype keys, copies through class-transformer and validates, and put
 * back on the resulting instance as they came, as own properties. A `__proto__` key that
 * JSON.parse made stays an inert own property; nothing here assigns through it.
 */
class JsonValueValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (!metadata.metatype || !this.toValidate(metadata)) return super.transform(value, metadata);
    const dto = liftJsonValues(value, jsonValueProperties(metadata.metatype));
    const errors = [...jsonValueErrors(dto.lifted), ...tooDeepErrors(dto.rest, metadata)];
    if (errors.length > 0) throw validationFailure(errors);
    const instance: unknown = await super.transform(dto.rest, metadata);
    if (typeof instance === 'object' && instance !== null) {
      for (const [property, json] of dto.lifted) defineOwn(instance, property, json);
    }
    return instance;
  }
}

/**
 * The global pipe for REST bodies, queries and params and for GraphQL arguments. Unknown
 * properties are refused rather than silently dropped, so every DTO field needs a class-validator
 * decorator (`@IsOptional()`, `@IsObject()`, `@Allow()`...), or it is reported as not allowed.
 * Fields of arbitrary client JSON need `@JsonValue()` as well, or they lose keys named
 * `constructor`, `prototype` and `__proto__`.
 */
export function createValidationPipe(): ValidationPipe {
  return new JsonValueValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailure(errors),
  });
}
