import { RuntimeError } from '../../../src/asl/errors.js';
import { errorOf, run, runRecorded, type RecordedCase } from './intrinsic.fixture.js';

/** Executions recorded on AWS (shared conformance file). */
const recorded: RecordedCase[] = [
  ...[
    {
      id: 'intr-b64-encode',
      expression: 'States.Base64Encode($.FunctionInput)',
      input: {
        FunctionInput: 'Data to encode',
      },
      expected: 'RGF0YSB0byBlbmNvZGU=',
    },
  ],
  ...[
    {
      id: 'intr-b64-decode',
      expression: 'States.Base64Decode($.FunctionInput)',
      input: {
        FunctionInput: 'RGF0YSB0byBlbmNvZGU=',
      },
      expected: 'Data to encode',
    },
  ],
  ...[
    {
      id: 'intr-hash-2',
      expression: 'States.Hash($.FunctionInput.fst, $.FunctionInput.snd)',
      input: {
        FunctionInput: {
          fst: 'input data',
          snd: 'SHA-256',
        },
      },
      expected: 'b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3',
    },
    {
      id: 'intr-hash-4',
      expression: 'States.Hash($.FunctionInput.fst, $.FunctionInput.snd)',
      input: {
        FunctionInput: {
          fst: 'input data',
          snd: 'SHA-512',
        },
      },
      expected:
        '6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4',
    },
  ],
];

/** The variables of var-reference-in-intrinsic-function, recorded on AWS. */
const variables = {
  rawString: 'Hello World',
  encodedString: 'SGVsbG8gV29ybGQ=',
  inputString: 'Hash this string',
};

function expectInvalidArguments(expression: string, detail: string, input: unknown = {}): void {
  const error = errorOf(() => run(expression, { input }));
  expect(error).toBeInstanceOf(RuntimeError);
  expect(error.cause).toBe(
    `The function '${expression}' had the following error: Invalid arguments in ${detail}`,
  );
}

describe('encoding intrinsics on AWS recordings', () => {
  it.each(recorded)('$id: $expression gives what AWS gave', (recordedCase) => {
    expect(runRecorded(recordedCase)).toEqual(recordedCase.expected);
  });

  it('encodes, decodes and hashes variables as AWS did (var-reference-in-intrinsic-function)', () => {
    expect(run('States.Base64Encode($rawString)', { variables })).toBe('SGVsbG8gV29ybGQ=');
    expect(run('States.Base64Decode($encodedString)', { variables })).toBe('Hello World');
    expect(run("States.Hash($inputString, 'SHA-256')", { variables })).toBe(
      '1cac63f39fd68d8c531f27b807610fb3d50f0fc3f186995767fb6316e7200a3e',
    );
  });
});

describe('States.Base64Encode and States.Base64Decode', () => {
  it('encode the UTF-8 bytes of any text, and decode them back', () => {
    expect(run("States.Base64Encode('héllo ✓ 😀')")).toBe('aMOpbGxvIOKckyDwn5iA');
    expect(run("States.Base64Decode('aMOpbGxvIOKckyDwn5iA')")).toBe('héllo ✓ 😀');
    expect(run("States.Base64Encode('')")).toBe('');
  });

  it('decode Base64 without its padding, as Java does', () => {
    expect(run("States.Base64Decode('SGVsbG8gV29ybGQ')")).toBe('Hello World');
  });

  it('accept exactly 10,000 characters', () => {
    expect(run('States.Base64Encode($.s)', { input: { s: 'a'.repeat(10_000) } })).toHaveLength(13_336);
    expect(run('States.Base64Decode($.s)', { input: { s: 'QUFB'.repeat(2_500) } })).toHaveLength(7_500);
  });

  it.each([
    [
      'States.Base64Encode($.long)',
      'States.Base64Encode: argument 1 has 10001 characters; at most 10000 are allowed',
    ],
    [
      'States.Base64Decode($.long)',
      'States.Base64Decode: argument 1 has 10001 characters; at most 10000 are allowed',
    ],
    [
      'States.Base64Encode(42)',
      'States.Base64Encode: argument 1 (the text to encode) must be a string, got the number 42',
    ],
    [
      "States.Base64Decode('not base64!')",
      'States.Base64Decode: argument 1 (the Base64 text) is not valid Base64',
    ],
    ["States.Base64Decode('QUJDR')", 'States.Base64Decode: argument 1 (the Base64 text) is not valid Base64'],
    [
      "States.Base64Decode('QUI=QUI=')",
      'States.Base64Decode: argument 1 (the Base64 text) is not valid Base64',
    ],
    ["States.Base64Decode('QUJD=')", 'States.Base64Decode: argument 1 (the Base64 text) is not valid Base64'],
  ])('fail %s with States.Runtime', (expression, detail) => {
    expectInvalidArguments(expression, detail, { long: 'A'.repeat(10_001) });
  });
});

describe('States.Hash', () => {
  it.each([
    ['MD5', '', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['SHA-1', 'abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['SHA-256', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'SHA-384',
      'abc',
      'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
    ],
    [
      'SHA-512',
      'abc',
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    ],
  ])('hashes with %s (published test vector for %j)', (algorithm, text, digest) => {
    expect(run('States.Hash($.t, $.a)', { input: { t: text, a: algorithm } })).toBe(digest);
  });

  it.each([
    [
      "States.Hash('x', 'sha-256')",
      'argument 2 (the algorithm) must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512, got "sha-256"',
    ],
    [
      "States.Hash('x', 'constructor')",
      'argument 2 (the algorithm) must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512, got "constructor"',
    ],
    ["States.Hash(1, 'MD5')", 'argument 1 (the data to hash) must be a string, got the number 1'],
    [
      "States.Hash($.long, 'MD5')",
      'argument 1 (the data to hash) has 10001 characters; at most 10000 are allowed',
    ],
  ])('fails %s with States.Runtime', (expression, detail) => {
    expectInvalidArguments(expression, `States.Hash: ${detail}`, { long: 'A'.repeat(10_001) });
  });
});
