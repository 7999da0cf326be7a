import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isUuid } from './identifiers.js';

/** A DTO property that must have the form of a UUID, by the one rule of {@link isUuid}. */
export function IsUuid(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUuid',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isUuid(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a UUID`,
      },
    },
    options,
  );
}
