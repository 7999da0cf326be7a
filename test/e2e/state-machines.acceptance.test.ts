/**
 * Issue 2, point 9 and its Acceptance: every class of bad definition is refused over GraphQL
 * (BAD_USER_INPUT) and REST (400 problem+json), with a diagnostic that names the offending path,
 * and nothing is stored. Names are unique (CONFLICT / 409), also when creates race.
 */
import { CreateStateMachineDocument, UpdateStateMachineDocument } from '../support/generated/graphql.js';
import { MAX_DEFINITION_DEPTH } from '../../src/state-machines/state-machine.definition.js';
import { bootApp, type BootedApp } from '../support/app.js';
import type { GraphqlClient } from '../support/graphql-client.js';
import { passDefinition, problemOf, storedRows } from './state-machines.fixtures.js';

const MIB = 1024 * 1024;

/** `[[[...]]]`, `depth` arrays deep. */
function nestedArrays(depth: number): unknown {
  let value: unknown = [];
  for (let level = 1; level < depth; level += 1) value = [value];
  return value;
}

interface BadDefinition {
  readonly fault: string;
  readonly definition: unknown;
  /** The path a diagnostic must name. */
  readonly path: string;
  /** Part of its message, where the path alone does not tell the fault. */
  readonly message?: string;
}

const pass = { Type: 'Pass', End: true };
const brokenNext = { StartAt: 'X', States: { X: { Type: 'Pass', Next: 'Nowhere' } } };

const BAD_DEFINITIONS: BadDefinition[] = [
  { fault: 'a Next that names no state', definition: brokenNext, path: '$.States.X.Next' },
  {
    fault: 'a Default that names no state',
    definition: {
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'D' }], Default: 'Nowhere' },
        D: pass,
      },
    },
    path: '$.States.C.Default',
  },
  {
    fault: 'an unreachable state',
    definition: { StartAt: 'A', States: { A: pass, Orphan: pass } },
    path: '$.States.Orphan',
  },
  {
    fault: 'no terminal state',
    definition: { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } } },
    path: '$.States',
  },
  {
    fault: 'a Choice with no rules',
    definition: { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [], Default: 'D' }, D: pass } },
    path: '$.States.C.Choices',
  },
  {
    fault: 'a Resource Stepgraph does not run',
    definition: {
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', End: true },
      },
    },
    path: '$.States.T.Resource',
  },
  {
    fault: 'invalid JSONPath syntax',
    definition: { StartAt: 'A', States: { A: { ...pass, InputPath: '$.items[(' } } },
    path: '$.States.A.InputPath',
  },
  {
    fault: 'invalid JSONata syntax',
    definition: {
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: { A: { Type: 'Pass', Output: '{% $states.input.a + %}', End: true } },
    },
    path: '$.States.A.Output',
  },
  {
    fault: 'a Next that names no state inside a Parallel branch',
    definition: { StartAt: 'P', States: { P: { Type: 'Parallel', End: true, Branches: [brokenNext] } } },
    path: '$.States.P.Branches[0].States.X.Next',
  },
  {
    fault: 'invalid JSONPath inside a Parallel branch',
    definition: {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [passDefinition(), { StartAt: 'Y', States: { Y: { ...pass, OutputPath: '$..[' } } }],
        },
      },
    },
    path: '$.States.P.Branches[1].States.Y.OutputPath',
  },
  {
    fault: 'a Next that names no state inside a Map processor',
    definition: { StartAt: 'M', States: { M: { Type: 'Map', End: true, ItemProcessor: brokenNext } } },
    path: '$.States.M.ItemProcessor.States.X.Next',
  },
  {
    fault: 'an unsupported Resource inside a Map processor',
    definition: {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          End: true,
          ItemProcessor: {
            StartAt: 'T',
            States: { T: { Type: 'Task', Resource: 'lambda:nope', End: true } },
          },
        },
      },
    },
    path: '$.States.M.ItemProcessor.States.T.Resource',
  },
  {
    fault: 'a definition over 1 MiB',
    definition: passDefinition('x'.repeat(MIB + 1024)),
    path: '$',
    message: 'over the limit of 1048576 bytes',
  },
  {
    fault: 'a definition over 1 MiB sent as a string',
    definition: JSON.stringify(passDefinition('x'.repeat(MIB + 1024))),
    path: '$',
    message: 'over the limit of 1048576 bytes',
  },
  {
    fault: `a definition nested deeper than ${MAX_DEFINITION_DEPTH} levels`,
    definition: passDefinition(nestedArrays(MAX_DEFINITION_DEPTH)),
    // The validation pipe refuses it, naming the field, before the service sees it.
    path: 'definition',
    message: `more than ${MAX_DEFINITION_DEPTH} levels deep`,
  },
  { fault: 'a string that is not JSON', definition: '{"StartAt": ', path: '$' },
  { fault: 'a number', definition: 42, path: '$' },
  { fault: 'an array', definition: [passDefinition()], path: '$' },
];

describe('refusing bad state machines', () => {
  let booted: BootedApp;
  /** A REST request with a JSON body, as the admin. */
  const sendJson = (url: string, method: string, body: unknown) =>
    booted.fetch(url, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  let client: GraphqlClient;
  let api: string;
  let existingId: string;

  beforeAll(async () => {
    booted = await bootApp();
    client = booted.client;
    api = `${booted.url}/api/v1/state-machines`;
    const existing = await client.expectData(CreateStateMachineDocument, {
      input: { name: 'existing', definition: passDefinition() },
    });
    existingId = existing.createStateMachine.id;
  });

  afterAll(async () => {
    await booted?.close();
  });

  describe.each(BAD_DEFINITIONS)('$fault', ({ definition, path, message }) => {
    const diagnostic = { path, message: message ? expect.stringContaining(message) : expect.any(String) };

    it(`is refused by createStateMachine with BAD_USER_INPUT naming ${path}, storing nothing`, async () => {
      const before = await storedRows(booted);
      const result = await client.request(CreateStateMachineDocument, { input: { name: 'bad', definition } });
      expect(result.data).toBeNull();
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]!.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        details: expect.arrayContaining([diagnostic]),
      });
      expect(await storedRows(booted)).toEqual(before);
    });

    it(`is refused by updateStateMachine with BAD_USER_INPUT, adding no version`, async () => {
      const before = await storedRows(booted);
      const result = await client.request(UpdateStateMachineDocument, {
        id: existingId,
        input: { definition },
      });
      expect(result.errors![0]!.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        details: expect.arrayContaining([diagnostic]),
      });
      expect(await storedRows(booted)).toEqual(before);
    });

    it(`is refused by POST and PUT with a 400 problem naming ${path} in errors, storing nothing`, async () => {
      const before = await storedRows(booted);
      for (const response of [
        await sendJson(api, 'POST', { name: 'bad', definition }),
        await sendJson(`${api}/${existingId}`, 'PUT', { definition }),
      ]) {
        expect(response.status).toBe(400);
        const problem = await problemOf(response);
        expect(problem.code).toBe('BAD_USER_INPUT');
        expect(problem.errors).toEqual(expect.arrayContaining([diagnostic]));
      }
      expect(await storedRows(booted)).toEqual(before);
    });
  });

  it('refuses a null definition: as missing when creating, as not an object when updating', async () => {
    const before = await storedRows(booted);
    const created = await client.request(CreateStateMachineDocument, {
      input: { name: 'bad', definition: null },
    });
    // graphql-js refuses null for `JSON!` before any resolver runs.
    expect(created.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const posted = await sendJson(api, 'POST', { name: 'bad', definition: null });
    expect((await problemOf(posted)).errors).toEqual([{ path: 'definition', message: expect.any(String) }]);

    const updated = await client.request(UpdateStateMachineDocument, {
      id: existingId,
      input: { definition: null },
    });
    expect(updated.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: [{ path: '$', message: 'must be a JSON object with StartAt and States, not null' }],
    });
    const put = await sendJson(`${api}/${existingId}`, 'PUT', { definition: null });
    expect(put.status).toBe(400);
    expect((await problemOf(put)).errors).toEqual([
      { path: '$', message: expect.stringContaining('not null') },
    ]);
    expect(await storedRows(booted)).toEqual(before);
  });

  it.each([
    ['an empty name', '', 'is 0 characters long'],
    ['a name of 81 characters', 'n'.repeat(81), 'is 81 characters long'],
    ['a name with a space', 'two words', 'contains " "'],
    ['a name with a non-ASCII letter', 'caf\u00e9', 'contains "\u00e9"'],
  ])('refuses %s, storing nothing', async (_case, name, message) => {
    const before = await storedRows(booted);
    const result = await client.request(CreateStateMachineDocument, {
      input: { name, definition: passDefinition() },
    });
    expect(result.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: [{ path: 'name', message: expect.stringContaining(message) }],
    });
    const response = await sendJson(api, 'POST', { name, definition: passDefinition() });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([
      { path: 'name', message: expect.stringContaining(message) },
    ]);
    expect(await storedRows(booted)).toEqual(before);
  });

  it('reports every problem at once: the name, the description and the definition', async () => {
    const result = await client.request(CreateStateMachineDocument, {
      input: { name: 'bad name', description: 'd'.repeat(1025), definition: brokenNext },
    });
    const paths = (result.errors![0]!.extensions!.details as { path: string }[]).map((detail) => detail.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'description', '$.States.X.Next']));
  });

  it('refuses a taken name with CONFLICT over GraphQL and 409 over REST', async () => {
    const before = await storedRows(booted);
    const result = await client.request(CreateStateMachineDocument, {
      input: { name: 'existing', definition: passDefinition('other') },
    });
    expect(result.errors![0]!).toMatchObject({
      message: expect.stringContaining('"existing" already exists'),
      extensions: { code: 'CONFLICT' },
    });
    const response = await sendJson(api, 'POST', { name: 'existing', definition: passDefinition('other') });
    expect(response.status).toBe(409);
    expect(await problemOf(response)).toMatchObject({ code: 'CONFLICT' });
    expect(await storedRows(booted)).toEqual(before);
  });

  it('lets exactly one of racing creates with one name win, over GraphQL and REST at once', async () => {
    const before = await storedRows(booted);
    const input = { name: 'contested', definition: passDefinition() };
    const outcomes = await Promise.all([
      ...Array.from({ length: 4 }, async () => {
        const result = await client.request(CreateStateMachineDocument, { input });
        return result.errors ? String(result.errors[0]!.extensions!.code) : 'CREATED';
      }),
      ...Array.from({ length: 4 }, async () => {
        const response = await sendJson(api, 'POST', input);
        return response.status === 201 ? 'CREATED' : (await problemOf(response)).code;
      }),
    ]);
    expect(outcomes.filter((outcome) => outcome === 'CREATED')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'CONFLICT')).toHaveLength(7);
    expect(await storedRows(booted)).toEqual({
      machines: before.machines + 1,
      versions: before.versions + 1,
    });
  });
});
