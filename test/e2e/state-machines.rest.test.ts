import { bootApp, type BootedApp } from '../support/app.js';
import {
  passDefinition,
  problemOf,
  reorderedPassDefinitionText,
  storedRows,
} from './state-machines.fixtures.js';

interface StateMachineBody {
  id: string;
  name: string;
  description: string | null;
  definition: unknown;
  version: number;
  createdAt: string;
  updatedAt: string;
}

interface PageBody<TItem> {
  items: TItem[];
  nextCursor: string | null;
  totalCount: number;
}

describe('state machines over REST', () => {
  let booted: BootedApp;
  /** A REST request with a JSON body, as the admin. */
  function sendAuthorized(url: string, method: string, body: unknown): Promise<Response> {
    return booted.fetch(url, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }
  let api: string;

  beforeAll(async () => {
    booted = await bootApp();
    api = `${booted.url}/api/v1/state-machines`;
  });

  afterAll(async () => {
    await booted?.close();
  });

  const create = async (name: string, definition: unknown = passDefinition(), description?: string) => {
    const response = await sendAuthorized(api, 'POST', { name, definition, description });
    expect(response.status).toBe(201);
    return (await response.json()) as StateMachineBody;
  };

  const update = async (id: string, body: object) => {
    const response = await sendAuthorized(`${api}/${id}`, 'PUT', body);
    expect(response.status).toBe(200);
    return (await response.json()) as StateMachineBody;
  };

  it('creates a state machine with 201 and reads it back by id', async () => {
    const created = await create('rest-hello', passDefinition('hi'), 'Says hi');
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'rest-hello',
      description: 'Says hi',
      definition: passDefinition('hi'),
      version: 1,
      createdAt: expect.any(String),
      updatedAt: created.createdAt,
    });
    const response = await booted.fetch(`${api}/${created.id}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(created);
  });

  it('versions changes made with PUT', async () => {
    const { id } = await create('rest-evolving', passDefinition('one'));
    expect(await update(id, { definition: reorderedPassDefinitionText('one') })).toMatchObject({
      version: 1,
    });
    expect(await update(id, { description: 'Documented' })).toMatchObject({
      version: 1,
      description: 'Documented',
    });
    expect(await update(id, { definition: passDefinition('two') })).toMatchObject({
      version: 2,
      definition: passDefinition('two'),
    });

    const response = await booted.fetch(`${api}/${id}/versions?first=1`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as PageBody<{ version: number; definition: unknown }>;
    expect(page).toMatchObject({ totalCount: 2, nextCursor: expect.any(String) });
    expect(page.items).toEqual([
      { stateMachineId: id, version: 2, definition: passDefinition('two'), createdAt: expect.any(String) },
    ]);
    const next = (await (
      await booted.fetch(`${api}/${id}/versions?first=1&after=${page.nextCursor}`)
    ).json()) as PageBody<{
      version: number;
    }>;
    expect(next.items.map((item) => item.version)).toEqual([1]);
    expect(next.nextCursor).toBeNull();
  });

  it('lists machines in name order with cursor pages, a total count and a name filter', async () => {
    for (const name of ['page-b', 'page-c', 'page-a']) await create(name);
    const first = (await (
      await booted.fetch(`${api}?first=2&nameContains=page-`)
    ).json()) as PageBody<StateMachineBody>;
    expect(first.totalCount).toBe(3);
    expect(first.items.map((item) => item.name)).toEqual(['page-a', 'page-b']);
    expect(first.nextCursor).toEqual(expect.any(String));

    const url = `${api}?first=2&nameContains=page-&after=${encodeURIComponent(first.nextCursor!)}`;
    const second = (await (await booted.fetch(url)).json()) as PageBody<StateMachineBody>;
    expect(second.items.map((item) => item.name)).toEqual(['page-c']);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a page size out of range with a 400 problem', async () => {
    const response = await booted.fetch(`${api}?first=1000`);
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([
      { path: 'first', message: expect.stringContaining('100') },
    ]);
  });

  it('deletes with 204; then the machine answers 404 and its name is free', async () => {
    const { id } = await create('rest-short-lived');
    const deleted = await booted.fetch(`${api}/${id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');

    const gone = await booted.fetch(`${api}/${id}`);
    expect(gone.status).toBe(404);
    expect(await problemOf(gone)).toMatchObject({ code: 'NOT_FOUND' });
    expect((await booted.fetch(`${api}/${id}/versions`)).status).toBe(404);
    expect((await sendAuthorized(`${api}/${id}`, 'PUT', { description: 'x' })).status).toBe(404);
    expect((await booted.fetch(`${api}/${id}`, { method: 'DELETE' })).status).toBe(404);

    const reborn = await create('rest-short-lived');
    expect(reborn.id).not.toBe(id);
  });

  it('answers 404 for an id that is no UUID', async () => {
    const response = await booted.fetch(`${api}/not-a-uuid`);
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('validates a definition with 200 and stores nothing', async () => {
    const before = await storedRows(booted);
    const valid = await sendAuthorized(`${api}/validate`, 'POST', {
      definition: JSON.stringify(passDefinition()),
    });
    expect(valid.status).toBe(200);
    expect(await valid.json()).toEqual({ valid: true, diagnostics: [] });

    const invalid = await sendAuthorized(`${api}/validate`, 'POST', {
      definition: { StartAt: 'A', States: { A: { Type: 'Choice', Choices: [], Default: 'A' } } },
    });
    expect(invalid.status).toBe(200);
    expect(await invalid.json()).toMatchObject({
      valid: false,
      diagnostics: expect.arrayContaining([{ path: '$.States.A.Choices', message: expect.any(String) }]),
    });
    expect(await storedRows(booted)).toEqual(before);
  });

  it('refuses a body property the API does not know, and a missing definition', async () => {
    const unknown = await sendAuthorized(api, 'POST', {
      name: 'extra',
      definition: passDefinition(),
      owner: 'me',
    });
    expect(unknown.status).toBe(400);
    expect((await problemOf(unknown)).errors).toEqual([
      { path: 'owner', message: 'property owner should not exist' },
    ]);

    const missing = await sendAuthorized(api, 'POST', { name: 'no-definition' });
    expect(missing.status).toBe(400);
    expect((await problemOf(missing)).errors).toEqual([{ path: 'definition', message: expect.any(String) }]);
  });

  it('documents every route in the OpenAPI document', async () => {
    const document = (await (await booted.fetch(`${booted.url}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(document.paths['/api/v1/state-machines']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(document.paths['/api/v1/state-machines/{id}']!).sort()).toEqual([
      'delete',
      'get',
      'put',
    ]);
    expect(document.paths['/api/v1/state-machines/{id}/versions']).toHaveProperty('get');
    expect(document.paths['/api/v1/state-machines/validate']).toHaveProperty('post');
  });
});
