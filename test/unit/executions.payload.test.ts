import { MAX_PAYLOAD_BYTES } from '../../src/asl/payload-limits.js';
import { AppError } from '../../src/common/app-error.js';
import { readJsonPayload } from '../../src/executions/execution.payload.js';
import { stateMachineRefOf, stateMachineRefOfFields } from '../../src/executions/execution.references.js';
import { isAwsName } from '../../src/common/identifiers.js';

function refusal(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

/** An object whose JSON text, `{"big":"xx…"}`, is exactly `bytes` long. */
const objectOfBytes = (bytes: number) => ({ big: 'x'.repeat(bytes - '{"big":""}'.length) });

describe('readJsonPayload', () => {
  it.each([
    ['an object', { order: 1 }],
    ['an array', [1, 'two']],
    ['a number', 42],
    ['a boolean', false],
    ['null', null],
  ])('takes %s as the payload itself', (_kind, value) => {
    expect(readJsonPayload(value, 'input')).toEqual(value);
  });

  it('reads a string as JSON text, as AWS does', () => {
    expect(readJsonPayload('{"order":1}', 'input')).toEqual({ order: 1 });
    expect(readJsonPayload('"text"', 'input')).toBe('text');
  });

  it('refuses a string that is not JSON text, naming the field', () => {
    const error = refusal(() => readJsonPayload('{order: 1}', 'input'));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/^input is a string that is not JSON text/);
    expect(error.details).toEqual([{ path: 'input', message: expect.stringContaining('not JSON text') }]);
  });

  it('gives the fallback for a field left out, and refuses a required one', () => {
    expect(readJsonPayload(undefined, 'input', {})).toEqual({});
    expect(refusal(() => readJsonPayload(undefined, 'output')).message).toBe('output is required');
  });

  it('accepts exactly 256 KiB of JSON and refuses one byte more', () => {
    expect(readJsonPayload(objectOfBytes(MAX_PAYLOAD_BYTES), 'output')).toEqual(
      objectOfBytes(MAX_PAYLOAD_BYTES),
    );
    const error = refusal(() => readJsonPayload(objectOfBytes(MAX_PAYLOAD_BYTES + 1), 'input'));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe(
      `input is ${MAX_PAYLOAD_BYTES + 1} bytes of JSON, over the limit of ${MAX_PAYLOAD_BYTES} bytes (256 KiB)`,
    );
  });

  it('counts the size of JSON text after parsing it', () => {
    const text = JSON.stringify(objectOfBytes(MAX_PAYLOAD_BYTES + 1));
    expect(refusal(() => readJsonPayload(text, 'input')).code).toBe('BAD_USER_INPUT');
  });
});

describe('state machine references', () => {
  it('reads a UUID-shaped path segment as an id and anything else as a name', () => {
    expect(stateMachineRefOf('0b6a3c1e-7d59-4c8f-9a1e-3f2b4c5d6e7f')).toEqual({
      id: '0b6a3c1e-7d59-4c8f-9a1e-3f2b4c5d6e7f',
    });
    expect(stateMachineRefOf('order-fulfilment')).toEqual({ name: 'order-fulfilment' });
  });

  it('takes exactly one of stateMachineId and stateMachineName', () => {
    expect(stateMachineRefOfFields({ stateMachineId: 'a', stateMachineName: null })).toEqual({ id: 'a' });
    expect(stateMachineRefOfFields({ stateMachineName: 'm' })).toEqual({ name: 'm' });
    for (const fields of [{}, { stateMachineId: 'a', stateMachineName: 'm' }, { stateMachineId: null }]) {
      const error = refusal(() => stateMachineRefOfFields(fields));
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.message).toBe(
        'Which state machine? give exactly one of stateMachineId and stateMachineName',
      );
    }
  });
});

describe('execution names', () => {
  it.each(['order-1234', 'a', 'Bestellung_Ä', '0b6a3c1e-7d59-4c8f-9a1e-3f2b4c5d6e7f', 'x'.repeat(80)])(
    'accepts %s',
    (name) => expect(isAwsName(name)).toBe(true),
  );

  it.each(['', 'has space', 'a/b', 'a:b', 'tab\there', 'x'.repeat(81), 'star*', 'ctl\u0001'])(
    'refuses %j',
    (name) => expect(isAwsName(name)).toBe(false),
  );
});
