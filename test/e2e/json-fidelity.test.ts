/**
 * Client JSON reaches the database as sent: the validation pipe leaves `@JsonValue()` fields to
 * the service untouched, so keys that Nest's prototype-key stripping would delete survive, and JSON
 * too deep to handle is refused as bad input rather than crashing the request.
 */
import { print } from 'graphql';
import { CreateStateMachineDocument, StateMachineByIdDocument } from '../support/generated/graphql.js';
import { MAX_JSON_DEPTH } from '../../src/common/json-value.js';
import { bootApp, type BootedApp } from '../support/app.js';

/** The text of a Pass `Result` with keys named after prototype properties, at several depths. */
const PROTO_KEYS_RESULT_TEXT =
  '{"constructor": {"prototype": 1}, "prototype": [{"constructor": 2}], ' +
  '"__proto__": {"polluted": true, "__proto__": [3]}, "ok": 4}';

/**
 * A definition whose Pass `Result` holds those keys as own properties (only JSON.parse makes a
 * `__proto__` key one), freshly parsed each time.
 */
function protoKeysDefinition(): unknown {
  return JSON.parse(
    `{"StartAt": "Only", "States": {"Only": {"Type": "Pass", "End": true, "Result": ${PROTO_KEYS_RESULT_TEXT}}}}`,
  );
}

/** Checks that `definition` is {@link protoKeysDefinition} key for key, prototypes untouched. */
function expectProtoKeysKept(definition: unknown): void {
  expect(definition).toEqual(protoKeysDefinition());
  const result = (definition as { States: { Only: { Result: Record<string, unknown> } } }).States.Only.Result;
  expect(Object.keys(result).sort()).toEqual(['__proto__', 'constructor', 'ok', 'prototype']);
  // Had a `__proto__` key become the prototype, `polluted` would be inherited from it.
  expect(result['polluted']).toBeUndefined();
  expect(Object.keys(result['__proto__'] as object).sort()).toEqual(['__proto__', 'polluted']);
}

/** `"[[[...]]]"`: `depth` arrays nested in one another, as JSON text (JSON.stringify would overflow). */
function nestedArraysText(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

describe('JSON fidelity of state machine definitions', () => {
  let booted: BootedApp;
  let api: string;

  beforeAll(async () => {
    booted = await bootApp();
    api = `${booted.url}/api/v1/state-machines`;
  });

  afterAll(async () => {
    await booted?.close();
  });

  const restRequest = (url: string, method = 'GET', bodyText?: string) =>
    fetch(url, {
      method,
      headers: { authorization: `Bearer ${booted.adminToken}`, 'content-type': 'application/json' },
      body: bodyText,
    });

  it('stores and returns keys named constructor, prototype and __proto__ exactly over GraphQL', async () => {
    const { createStateMachine } = await booted.client.expectData(CreateStateMachineDocument, {
      input: { name: 'graphql-proto-keys', definition: protoKeysDefinition() },
    });
    expectProtoKeysKept(createStateMachine.definition);
    const { stateMachine } = await booted.client.expectData(StateMachineByIdDocument, {
      id: createStateMachine.id,
    });
    expectProtoKeysKept(stateMachine.definition);
  });

  it('stores and returns keys named constructor, prototype and __proto__ exactly over REST', async () => {
    const created = await restRequest(
      api,
      'POST',
      JSON.stringify({ name: 'rest-proto-keys', definition: protoKeysDefinition() }),
    );
    expect(created.status).toBe(201);
    const { id, definition } = (await created.json()) as { id: string; definition: unknown };
    expectProtoKeysKept(definition);
    const read = await restRequest(`${api}/${id}`);
    expectProtoKeysKept(((await read.json()) as { definition: unknown }).definition);
  });

  it('refuses a definition 100,000 levels deep with a 400 naming the field, not a 500', async () => {
    const response = await restRequest(
      api,
      'POST',
      `{"name": "too-deep", "definition": ${nestedArraysText(100_000)}}`,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'BAD_USER_INPUT',
      errors: [
        {
          path: 'definition',
          message: `definition nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`,
        },
      ],
    });
  });

  it('refuses one 100,000 levels deep over GraphQL with BAD_USER_INPUT naming the field', async () => {
    const query = JSON.stringify(print(CreateStateMachineDocument));
    const variables = `{"input": {"name": "too-deep", "definition": ${nestedArraysText(100_000)}}}`;
    const response = await restRequest(
      `${booted.url}/graphql`,
      'POST',
      `{"query": ${query}, "variables": ${variables}}`,
    );
    const { errors } = (await response.json()) as { errors: { extensions: unknown }[] };
    expect(errors).toHaveLength(1);
    expect(errors[0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: [
        { path: 'definition', message: expect.stringContaining(`more than ${MAX_JSON_DEPTH} levels`) },
      ],
    });
  });
});
