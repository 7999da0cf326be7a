/**
 * Huge definitions (docs/testing.md R14): 10,000 states, 100 levels of nesting, more than 1 MiB. Each is
 * accepted or refused as it should be, over REST and GraphQL. How long that takes, and that the
 * application's event loop never stalls meanwhile (validation runs on a worker thread), are
 * wall-clock budgets: `npm run bench -- --only limits` measures them (bench/limits.scenario.ts).
 */
import {
  nestedDefinition,
  overOneMebibyte,
  tenThousandStates as chainedStates,
} from '../asl/validate/validate-test-kit.js';
import { bootApp, type BootedApp } from '../support/app.js';

jest.setTimeout(120_000);

/** 10,000 states (see the kit); `comment` tells two versions apart, `next` may name missing states. */
function tenThousandStates(comment = 'v1', next?: (index: number) => string) {
  return { Comment: comment, ...chainedStates(next) };
}

let booted: BootedApp;
let api: string;

beforeAll(async () => {
  booted = await bootApp({ STEPGRAPH_ROLE: 'api' });
  api = `${booted.url}/api/v1/state-machines`;
});

afterAll(async () => {
  await booted?.close();
});

/** The fields of the REST answers (a machine, a validation, a problem) that the tests look at. */
interface RestAnswer {
  readonly status: number;
  readonly json: {
    readonly id?: string;
    readonly version?: number;
    readonly code?: string;
    readonly errors?: readonly { path: string; message: string }[];
  };
}

/** A GraphQL answer: each mutation or query answers an object. */
interface GraphqlAnswer {
  readonly data?: Record<string, { readonly id?: string } | null>;
  readonly errors?: readonly unknown[];
}

/** A REST call whose body was serialized beforehand, so that the test adds no stall of its own. */
async function rest(url: string, method: string, body: string): Promise<RestAnswer> {
  const response = await booted.fetch(url, { method, headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, json: (await response.json()) as RestAnswer['json'] };
}

function graphqlBody(query: string, variables: Record<string, unknown>): string {
  return JSON.stringify({ query, variables });
}

async function graphql(body: string): Promise<GraphqlAnswer> {
  return (await rest(`${booted.url}/graphql`, 'POST', body)).json as GraphqlAnswer;
}

const CREATE = `mutation ($input: CreateStateMachineInput!) { createStateMachine(input: $input) { id version } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateStateMachineInput!) {
  updateStateMachine(id: $id, input: $input) { id version }
}`;
const VALIDATE = `query ($definition: JSON!) { validateDefinition(definition: $definition) { valid } }`;

describe('a definition of 10,000 states', () => {
  const first = tenThousandStates('v1');
  const second = tenThousandStates('v2');

  it('is created, updated and validated over REST', async () => {
    expect(JSON.stringify(first).length).toBeGreaterThan(900_000);
    const create = JSON.stringify({ name: 'huge-rest', definition: first });
    const update = JSON.stringify({ definition: JSON.stringify(second) });
    const validate = JSON.stringify({ definition: first });
    const created = await rest(api, 'POST', create);
    const updated = await rest(`${api}/${created.json.id!}`, 'PUT', update);
    const validated = await rest(`${api}/validate`, 'POST', validate);
    expect(created).toMatchObject({ status: 201, json: { version: 1 } });
    expect(updated).toMatchObject({ status: 200, json: { version: 2 } });
    expect(validated).toEqual({ status: 200, json: { valid: true, diagnostics: [] } });
  });

  it('is created, updated and validated over GraphQL', async () => {
    const create = graphqlBody(CREATE, { input: { name: 'huge-graphql', definition: first } });
    const validate = graphqlBody(VALIDATE, { definition: JSON.stringify(first) });
    const created = await graphql(create);
    const id = created.data?.createStateMachine?.id;
    const updated = await graphql(graphqlBody(UPDATE, { id, input: { definition: second } }));
    const validated = await graphql(validate);
    expect(created).toEqual({ data: { createStateMachine: { id: expect.any(String), version: 1 } } });
    expect(updated).toEqual({ data: { updateStateMachine: { id: expect.any(String), version: 2 } } });
    expect(validated).toEqual({ data: { validateDefinition: { valid: true } } });
  });

  it('is refused with every one of its faults when each state names a missing one', async () => {
    const broken = JSON.stringify({ name: 'huge-broken', definition: tenThousandStates('v1', () => 'Nope') });
    const result = await rest(api, 'POST', broken);
    expect(result.status).toBe(400);
    expect(result.json.code).toBe('BAD_USER_INPUT');
    const missing = (result.json.errors ?? []).filter(({ message }) =>
      message.includes('"Nope" names no state'),
    );
    expect(missing.length).toBeGreaterThanOrEqual(9_999);
  });
});

describe('a definition nested 100 levels deep', () => {
  it('is created over REST and GraphQL', async () => {
    const definition = nestedDefinition(100);
    const viaRest = JSON.stringify({ name: 'deep-rest', definition });
    const viaGraphql = graphqlBody(CREATE, { input: { name: 'deep-graphql', definition } });
    expect(await rest(api, 'POST', viaRest)).toMatchObject({ status: 201, json: { version: 1 } });
    expect(await graphql(viaGraphql)).toEqual({
      data: { createStateMachine: { id: expect.any(String), version: 1 } },
    });
  });
});

describe('a definition over 1 MiB', () => {
  const tooLarge = /^is \d+ bytes of JSON, over the limit of 1048576 bytes \(1 MiB\)/;

  it('is refused over REST and GraphQL, measured rather than parsed', async () => {
    const definition = overOneMebibyte();
    const viaRest = JSON.stringify({ name: 'too-large', definition });
    const viaGraphql = graphqlBody(CREATE, {
      input: { name: 'too-large', definition: JSON.stringify(definition) },
    });
    const result = { rest: await rest(api, 'POST', viaRest), graphql: await graphql(viaGraphql) };
    expect(result.rest.status).toBe(400);
    expect(result.rest.json.errors).toEqual([{ path: '$', message: expect.stringMatching(tooLarge) }]);
    expect(result.graphql.errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({
          code: 'BAD_USER_INPUT',
          details: [{ path: '$', message: expect.stringMatching(tooLarge) }],
        }),
      }),
    ]);
  });
});
