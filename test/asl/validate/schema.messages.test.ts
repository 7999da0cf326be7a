import type { ErrorObject } from 'ajv';
import { schemaDiagnostics } from '../../../src/asl/validate/schema.messages.js';

function error(
  keyword: string,
  instancePath: string,
  params: Record<string, unknown> = {},
  message?: string,
): ErrorObject {
  return { keyword, instancePath, params, schemaPath: `#/${keyword}`, message };
}

const root = { Retry: [{ ErrorEquals: ['E'], MaxAttempts: 99 }], 'odd/key': { 'a~b': 1 } };
const messagesOf = (errors: ErrorObject[]) =>
  schemaDiagnostics(errors, root, '$.States.S', 'a Task state').map(({ path, message }) => ({
    path,
    message,
  }));

describe('schema diagnostics', () => {
  it('follow JSON Pointers into arrays and escaped keys', () => {
    expect(messagesOf([error('type', '/odd~1key/a~0b', { type: 'string' })])).toEqual([
      { path: "$.States.S['odd/key']['a~b']", message: 'must be a string' },
    ]);
  });

  it('say what the limits are', () => {
    expect(messagesOf([error('maximum', '/Retry/0/MaxAttempts', { comparison: '<=', limit: 10 })])).toEqual([
      { path: '$.States.S.Retry[0].MaxAttempts', message: 'must be at most 10' },
    ]);
    expect(messagesOf([error('minItems', '/Retry', { limit: 2 })])).toEqual([
      { path: '$.States.S.Retry', message: 'must have at least 2 items' },
    ]);
    expect(
      messagesOf([error('enum', '/Retry/0/JitterStrategy', { allowedValues: ['FULL', 'NONE'] })]),
    ).toEqual([{ path: '$.States.S.Retry[0].JitterStrategy', message: 'must be one of "FULL", "NONE"' }]);
  });

  it('name the holder of an unknown top-level field', () => {
    expect(messagesOf([error('additionalProperties', '', { additionalProperty: 'Foo' })])).toEqual([
      { path: '$.States.S.Foo', message: 'is not a field of a Task state' },
    ]);
    expect(messagesOf([error('additionalProperties', '/Retry/0', { additionalProperty: 'Foo' })])).toEqual([
      { path: '$.States.S.Retry[0].Foo', message: 'is not a field of this object' },
    ]);
  });

  it("fall back on Ajv's words for keywords they do not know", () => {
    expect(messagesOf([error('uniqueItems', '/Retry', {}, 'must NOT have duplicate items')])).toEqual([
      { path: '$.States.S.Retry', message: 'is not valid: must NOT have duplicate items' },
    ]);
    expect(messagesOf([error('format', '/Retry', { format: 'uri' })])).toEqual([
      { path: '$.States.S.Retry', message: 'is not a valid uri' },
    ]);
  });

  it('collapse failed alternatives into the constraint the value missed', () => {
    const errors = [
      error('type', '/Retry/0/MaxAttempts', { type: 'string' }),
      error('minimum', '/Retry/0/MaxAttempts', { comparison: '>=', limit: 100 }),
      error('oneOf', '/Retry/0/MaxAttempts', { passingSchemas: null }),
    ];
    expect(messagesOf(errors)).toEqual([
      { path: '$.States.S.Retry[0].MaxAttempts', message: 'must be at least 100' },
    ]);
  });

  it('collapse failed alternatives into the types allowed', () => {
    const errors = [
      error('type', '/Retry/0/MaxAttempts', { type: 'string' }),
      error('enum', '/Retry/0/MaxAttempts', { allowedValues: ['x'] }),
      error('type', '/Retry/0/MaxAttempts', { type: ['integer', 'null'] }),
      error('anyOf', '/Retry/0/MaxAttempts'),
    ];
    expect(messagesOf(errors)).toEqual([
      { path: '$.States.S.Retry[0].MaxAttempts', message: 'must be a string, an integer or null' },
    ]);
  });

  it('collapse alternatives that only list values', () => {
    const errors = [
      error('enum', '/Retry', { allowedValues: ['A'] }),
      error('oneOf', '/Retry', { passingSchemas: null }),
    ];
    expect(messagesOf(errors)).toEqual([{ path: '$.States.S.Retry', message: 'must be "A"' }]);
  });

  it('report a value that fits several alternatives as ambiguous', () => {
    expect(messagesOf([error('oneOf', '/Retry', { passingSchemas: [0, 1] })])).toEqual([
      {
        path: '$.States.S.Retry',
        message: 'fits more than one of the forms this field takes, so its meaning is ambiguous',
      },
    ]);
  });

  it('report the deeper faults of failed alternatives as they are', () => {
    const errors = [
      error('type', '/Retry', { type: 'object' }),
      error('required', '/Retry/0', { missingProperty: 'ErrorEquals' }),
      error('oneOf', '/Retry', { passingSchemas: null }),
    ];
    expect(messagesOf(errors)).toEqual([{ path: '$.States.S.Retry[0].ErrorEquals', message: 'is required' }]);
  });
});
