import { getMetadataStorage, ValidateBy, type ValidationOptions } from 'class-validator';
import { jsonValueProblem } from './json-value.js';

/** The name of the class-validator rule that {@link JsonValue} registers, and marks its properties by. */
export const JSON_VALUE_RULE = 'isJsonValue';

/**
 * Marks a DTO property that carries arbitrary JSON from the client (a state machine definition,
 * an execution input, a task output) as opaque: the global validation pipe hands its object or
 * array to the service exactly as parsed, instead of through class-transformer and Nest's
 * prototype-key stripping, which would delete keys named `constructor`, `prototype` and
 * `__proto__` at every depth and overflow the stack on deep JSON. The value is only checked to be
 * JSON nested at most MAX_JSON_DEPTH levels deep.
 *
 * Presence stays with the other decorators (`@IsDefined()`, `@IsOptional()`, `@Allow()`): an
 * absent property passes this rule. It applies to the properties of the DTO the pipe receives (a
 * body, an `@Args()` input, an `@ArgsType()`), not to those of DTOs nested in it. Being a
 * class-validator rule, it is inherited by subclasses and by mapped types (`OmitType`, ...).
 */
export function JsonValue(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: JSON_VALUE_RULE,
      validator: {
        validate: (value: unknown) => value === undefined || jsonValueProblem(value) === undefined,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} ${jsonValueProblem(args?.value) ?? 'must be JSON'}`,
      },
    },
    options,
  );
}

/** The properties of each DTO class marked with {@link JsonValue}, looked up once per class. */
const jsonValuePropertiesByClass = new WeakMap<object, readonly string[]>();

/** The properties of `dtoClass` (inherited ones included) marked with {@link JsonValue}. */
export function jsonValueProperties(dtoClass: abstract new (...args: never[]) => unknown): readonly string[] {
  let properties = jsonValuePropertiesByClass.get(dtoClass);
  if (!properties) {
    const rules = getMetadataStorage().getTargetValidationMetadatas(dtoClass, '', true, false);
    properties = [
      ...new Set(rules.filter((rule) => rule.name === JSON_VALUE_RULE).map((rule) => rule.propertyName)),
    ];
    jsonValuePropertiesByClass.set(dtoClass, properties);
  }
  return properties;
}
