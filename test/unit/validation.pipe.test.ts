import { OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { AppError } from '../../src/common/app-error.js';
import { JsonValue } from '../../src/common/json-value.decorator.js';
import { MAX_JSON_DEPTH } from '../../src/common/json-value.js';
import { createValidationPipe, MAX_DTO_DEPTH } from '../../src/http/validation.pipe.js';

class Branch {
  @IsString()
  name!: string;
}

class Definition {
  @IsInt()
  @Min(1)
  version!: number;

  @ValidateNested({ each: true })
  @Type(() => Branch)
  branches!: Branch[];
}

/** A DTO with a field of arbitrary client JSON, like a state machine's definition. */
class Machine {
  @IsString()
  name!: string;

  @IsDefined()
  @JsonValue()
  definition!: unknown;

  @IsOptional()
  @JsonValue()
  input?: unknown;
}

/** As StartExecutionBody is made: a mapped type, which must keep the marking. */
class MachineWithoutName extends OmitType(Machine, ['name']) {}

/** `depth` objects nested in one another, built without recursion. */
function nestedObjects(depth: number): unknown {
  let value: unknown = {};
  for (let level = 1; level < depth; level += 1) value = { a: value };
  return value;
}

/** JSON whose keys name the properties that prototype-key stripping deletes, at several depths. */
const PROTO_KEYS_TEXT = JSON.stringify({
  Result: { constructor: 1, prototype: 2, ok: 3 },
  States: [{ constructor: { prototype: { constructor: 'deep' } } }],
}).replace('"ok"', '"__proto__":{"polluted":true},"ok"');

async function machineOf(value: unknown, metatype: new () => object = Machine): Promise<Machine> {
  return (await createValidationPipe().transform(value, { type: 'body', metatype })) as Machine;
}

async function failureOf(value: unknown, metatype: new () => object = Definition): Promise<AppError> {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype });
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('validation passed');
}

describe('the validation pipe', () => {
  it('reports every problem as one BAD_USER_INPUT with a path per diagnostic', async () => {
    const error = await failureOf({ version: 0, branches: [{ name: 'a' }, { name: 7 }] });
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.details).toEqual([
      { path: 'version', message: 'version must not be less than 1' },
      { path: 'branches[1].name', message: 'name must be a string' },
    ]);
    expect(error.message).toBe('Invalid input: version must not be less than 1; name must be a string');
  });

  it('refuses properties the class does not declare', async () => {
    const error = await failureOf({ version: 1, branches: [], role: 'admin' });
    expect(error.details).toEqual([{ path: 'role', message: 'property role should not exist' }]);
  });

  it('returns an instance of the class for valid input', async () => {
    const value = await createValidationPipe().transform(
      { version: 2, branches: [{ name: 'a' }] },
      { type: 'body', metatype: Definition },
    );
    expect(value).toBeInstanceOf(Definition);
    expect(value.branches[0]).toBeInstanceOf(Branch);
  });

  describe('with @JsonValue() fields', () => {
    it('keeps keys named constructor, prototype and __proto__ at every depth, untouched', async () => {
      const body = JSON.parse(`{"name": "m", "definition": ${PROTO_KEYS_TEXT}}`) as Machine;
      const machine = await machineOf(body);
      expect(machine).toBeInstanceOf(Machine);
      expect(machine.definition).toBe(body.definition);
      expect(JSON.stringify(machine.definition)).toBe(PROTO_KEYS_TEXT);
      expect(Object.keys(machine)).toEqual(['name', 'definition']);
    });

    it('leaves a __proto__ key an inert own property that changes no prototype', async () => {
      const body = JSON.parse(
        `{"__proto__": {"definition": "from the prototype"}, "name": "m", "definition": ${PROTO_KEYS_TEXT}}`,
      ) as Record<string, unknown>;
      const machine = await machineOf(body);
      const result = (machine.definition as { Result: object }).Result;
      expect(Object.hasOwn(result, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
      expect(Object.getPrototypeOf(machine.definition)).toBe(Object.prototype);
      expect(Object.getPrototypeOf(machine)).toBe(Machine.prototype);
      expect(Object.hasOwn(machine, '__proto__')).toBe(false);
      expect((Object.prototype as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(Object.keys(body)).toEqual(['__proto__', 'name', 'definition']);
    });

    it('keeps them through a mapped type and on GraphQL input objects without a prototype', async () => {
      const definition = JSON.parse(PROTO_KEYS_TEXT) as unknown;
      const args = Object.assign(Object.create(null) as object, { definition, input: [definition] });
      const machine = await machineOf(args, MachineWithoutName);
      expect(machine).toBeInstanceOf(MachineWithoutName);
      expect(machine.definition).toBe(definition);
      expect(JSON.stringify(machine.input)).toBe(`[${PROTO_KEYS_TEXT}]`);
    });

    it(`accepts JSON nested ${MAX_JSON_DEPTH} levels deep`, async () => {
      const machine = await machineOf({ name: 'm', definition: nestedObjects(MAX_JSON_DEPTH) });
      expect(machine.definition).toEqual(nestedObjects(MAX_JSON_DEPTH));
    });

    it('refuses JSON nested 100,000 levels deep as BAD_USER_INPUT naming the field, not a crash', async () => {
      const error = await failureOf({ name: 'm', definition: nestedObjects(100_000) }, Machine);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.details).toEqual([
        {
          path: 'definition',
          message: `definition nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`,
        },
      ]);
    });

    it('refuses a value JSON cannot hold, saying where it is', async () => {
      const error = await failureOf({ name: 'm', definition: { States: [1, { run: () => 1 }] } }, Machine);
      expect(error.details).toEqual([
        { path: 'definition', message: 'definition is not JSON: it holds a function at $.States[1].run' },
      ]);
    });

    it('still validates and whitelists the other fields, and the presence of the JSON ones', async () => {
      const error = await failureOf({ name: 7, input: { constructor: 1 }, role: 'admin' }, Machine);
      expect(error.details).toEqual([
        { path: 'role', message: 'property role should not exist' },
        { path: 'name', message: 'name must be a string' },
        { path: 'definition', message: 'definition should not be null or undefined' },
      ]);
    });

    it('passes scalars and JSON text through as before', async () => {
      const machine = await machineOf({ name: 'm', definition: '{"constructor": 1}', input: null });
      expect(machine).toEqual(
        Object.assign(new Machine(), { name: 'm', definition: '{"constructor": 1}', input: null }),
      );
    });
  });

  it(`refuses a property nested deeper than ${MAX_DTO_DEPTH} levels as BAD_USER_INPUT, not a crash`, async () => {
    const error = await failureOf({ version: 1, branches: [], extra: nestedObjects(100_000) });
    expect(error.details).toEqual([
      { path: 'extra', message: `extra nests objects and arrays more than ${MAX_DTO_DEPTH} levels deep` },
    ]);
  });
});
