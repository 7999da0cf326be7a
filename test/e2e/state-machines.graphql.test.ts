import {
  CreateStateMachineDocument,
  DeleteStateMachineDocument,
  StateMachineByIdDocument,
  StateMachineByNameDocument,
  StateMachinesDocument,
  StateMachineVersionsDocument,
  UpdateStateMachineDocument,
  ValidateDefinitionDocument,
} from '../support/generated/graphql.js';
import { bootApp, type BootedApp } from '../support/app.js';
import type { GraphqlClient, GraphqlResult } from '../support/graphql-client.js';
import { passDefinition, reorderedPassDefinitionText, storedRows } from './state-machines.fixtures.js';

/** The one error of a failed GraphQL result. */
function errorOf(result: GraphqlResult<unknown>) {
  expect(result.errors).toHaveLength(1);
  return result.errors![0]!;
}

describe('state machines over GraphQL', () => {
  let booted: BootedApp;
  let client: GraphqlClient;

  beforeAll(async () => {
    booted = await bootApp();
    client = booted.client;
  });

  afterAll(async () => {
    await booted?.close();
  });

  const create = async (name: string, definition: unknown = passDefinition(), description?: string) =>
    (await client.expectData(CreateStateMachineDocument, { input: { name, definition, description } }))
      .createStateMachine;

  it('creates a state machine as version 1 and reads it back by id and by name', async () => {
    const created = await create('hello-world', passDefinition('hi'), 'Says hi');
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'hello-world',
      description: 'Says hi',
      definition: passDefinition('hi'),
      version: 1,
      createdAt: expect.any(String),
      updatedAt: created.createdAt,
    });
    const byId = await client.expectData(StateMachineByIdDocument, { id: created.id });
    const byName = await client.expectData(StateMachineByNameDocument, { name: 'hello-world' });
    expect(byId.stateMachine).toEqual(created);
    expect(byName.stateMachine).toEqual(created);
  });

  it('accepts a definition sent as a JSON string and stores it as an object', async () => {
    const created = await create('from-text', JSON.stringify(passDefinition('text')));
    expect(created.definition).toEqual(passDefinition('text'));
  });

  it('versions changes: identical definitions add none, descriptions add none, new definitions add one', async () => {
    const { id, updatedAt } = await create('evolving', passDefinition('one'));
    const update = (input: { definition?: unknown; description?: string | null }) =>
      client.expectData(UpdateStateMachineDocument, { id, input }).then((data) => data.updateStateMachine);

    const identical = await update({ definition: reorderedPassDefinitionText('one') });
    expect(identical).toMatchObject({ version: 1, updatedAt });

    const described = await update({ description: 'Now documented' });
    expect(described).toMatchObject({
      version: 1,
      description: 'Now documented',
      definition: passDefinition('one'),
    });
    expect(Date.parse(described.updatedAt)).toBeGreaterThan(Date.parse(updatedAt));

    const changed = await update({ definition: passDefinition('two') });
    expect(changed).toMatchObject({
      version: 2,
      description: 'Now documented',
      definition: passDefinition('two'),
    });

    const cleared = await update({ description: null });
    expect(cleared).toMatchObject({ version: 2, description: null });
  });

  it('lists the versions of a machine newest first, page by page', async () => {
    const { id } = await create('three-versions', passDefinition(1));
    for (const result of [2, 3]) {
      await client.expectData(UpdateStateMachineDocument, {
        id,
        input: { definition: passDefinition(result) },
      });
    }
    const first = await client.expectData(StateMachineVersionsDocument, { id, first: 2 });
    const versions = first.stateMachine.versions;
    expect(versions.totalCount).toBe(3);
    expect(versions.pageInfo.hasNextPage).toBe(true);
    expect(versions.edges.map((edge) => edge.node.version)).toEqual([3, 2]);
    expect(versions.edges[0]!.node).toEqual({
      stateMachineId: id,
      version: 3,
      definition: passDefinition(3),
      createdAt: expect.any(String),
    });

    const rest = await client.expectData(StateMachineVersionsDocument, {
      id,
      first: 2,
      after: versions.pageInfo.endCursor,
    });
    expect(rest.stateMachine.versions.edges.map((edge) => edge.node.version)).toEqual([1]);
    expect(rest.stateMachine.versions.pageInfo.hasNextPage).toBe(false);
  });

  it('lists machines in name order with cursor pages, a total count and a name filter', async () => {
    const names = ['list-c', 'list-a', 'list-e', 'list-b', 'list-d'];
    for (const name of names) await create(name);
    const filter = { nameContains: 'LIST-' };

    const seen: string[] = [];
    let after: string | null | undefined;
    for (let page = 0; page < 3; page += 1) {
      const { stateMachines } = await client.expectData(StateMachinesDocument, { first: 2, after, filter });
      expect(stateMachines.totalCount).toBe(5);
      seen.push(...stateMachines.edges.map((edge) => edge.node.name));
      expect(stateMachines.pageInfo.hasNextPage).toBe(page < 2);
      after = stateMachines.pageInfo.endCursor;
    }
    expect(seen).toEqual([...names].sort());

    const none = await client.expectData(StateMachinesDocument, { filter: { nameContains: 'no-such' } });
    expect(none.stateMachines).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
      totalCount: 0,
    });
  });

  it('refuses a cursor it did not issue', async () => {
    const result = await client.request(StateMachinesDocument, { after: 'not-a-cursor' });
    expect(errorOf(result).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('deletes a machine: it is gone by id and name, and its name can be used again', async () => {
    const { id } = await create('short-lived');
    const deleted = await client.expectData(DeleteStateMachineDocument, { id });
    expect(deleted.deleteStateMachine).toEqual({ id, name: 'short-lived' });

    const byId = await client.request(StateMachineByIdDocument, { id });
    expect(errorOf(byId).extensions).toMatchObject({ code: 'NOT_FOUND' });
    const byName = await client.request(StateMachineByNameDocument, { name: 'short-lived' });
    expect(errorOf(byName).extensions).toMatchObject({ code: 'NOT_FOUND' });
    const again = await client.request(DeleteStateMachineDocument, { id });
    expect(errorOf(again).extensions).toMatchObject({ code: 'NOT_FOUND' });

    const reborn = await create('short-lived');
    expect(reborn.id).not.toBe(id);
    expect(reborn.version).toBe(1);
  });

  it('answers NOT_FOUND for an id that is no UUID, and BAD_USER_INPUT for both id and name', async () => {
    const malformed = await client.request(StateMachineByIdDocument, { id: 'not-a-uuid' });
    expect(errorOf(malformed).extensions).toMatchObject({ code: 'NOT_FOUND' });
    const update = await client.request(UpdateStateMachineDocument, {
      id: 'not-a-uuid',
      input: { description: 'x' },
    });
    expect(errorOf(update).extensions).toMatchObject({ code: 'NOT_FOUND' });

    const both = await booted.fetch(`${booted.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ stateMachine(id: "x", name: "y") { id } }' }),
    });
    const body = (await both.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses an update that asks for nothing, and stores nothing', async () => {
    const { id } = await create('unchanged');
    const before = await storedRows(booted);
    const result = await client.request(UpdateStateMachineDocument, { id, input: {} });
    expect(errorOf(result).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: [{ path: 'input', message: 'give a definition, a description, or both' }],
    });
    expect(await storedRows(booted)).toEqual(before);
  });

  it('validates a definition without storing it', async () => {
    const before = await storedRows(booted);
    const valid = await client.expectData(ValidateDefinitionDocument, { definition: passDefinition() });
    expect(valid.validateDefinition).toEqual({ valid: true, diagnostics: [] });

    const invalid = await client.expectData(ValidateDefinitionDocument, {
      definition: { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } },
    });
    expect(invalid.validateDefinition.valid).toBe(false);
    expect(invalid.validateDefinition.diagnostics).toContainEqual({
      path: '$.States.A.Next',
      message: expect.stringContaining('names no state'),
    });
    expect(await storedRows(booted)).toEqual(before);
  });
});
