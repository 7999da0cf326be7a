import { readFile } from 'node:fs/promises';
import { GRAPHQL_SDL_FILE_END, GRAPHQL_SDL_FILE_HEADER, GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { ApiVersionDocument } from '../support/generated/graphql.js';
import { bootApp, type BootedApp } from '../support/app.js';
import { createGraphqlClient } from '../support/graphql-client.js';
import { openGraphqlSocket } from '../support/graphql-ws-client.js';

describe('the API of the booted application', () => {
  let booted: BootedApp;

  beforeAll(async () => {
    booted = await bootApp();
  });

  afterAll(async () => {
    await booted.close();
  });

  it('answers GraphQL queries at /graphql', async () => {
    expect(await createGraphqlClient(booted.url).expectData(ApiVersionDocument)).toEqual({
      apiVersion: 'v1',
    });
  });

  it('serves exactly the schema committed in schema.gql, so no resolver was left out of it', async () => {
    const committed = await readFile(new URL('../../schema.gql', import.meta.url), 'utf8');
    const served = printSchema(lexicographicSortSchema(booted.app.get(GraphQLSchemaHost).schema));
    expect(committed).toBe(GRAPHQL_SDL_FILE_HEADER + served + GRAPHQL_SDL_FILE_END);
  });

  it('opens Apollo Sandbox for a browser', async () => {
    const response = await fetch(`${booted.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await response.text()).toContain('embeddable-sandbox');
  });

  it('accepts graphql-ws connections on /graphql', async () => {
    const socket = openGraphqlSocket(booted.url, { token: booted.adminToken });
    try {
      await expect(socket.connected()).resolves.toBeUndefined();
    } finally {
      await socket.close();
    }
  });

  it('answers an unknown REST route with a problem+json 404', async () => {
    const response = await fetch(`${booted.url}/api/v1/no-such-thing`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await response.json()).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      instance: '/api/v1/no-such-thing',
    });
  });

  it('serves OpenAPI 3 at /api/docs-json and Swagger UI at /api/docs', async () => {
    const document = (await (await fetch(`${booted.url}/api/docs-json`)).json()) as { openapi: string };
    expect(document.openapi).toMatch(/^3\./);
    const ui = await fetch(`${booted.url}/api/docs`);
    expect(ui.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('keeps /health outside the /api/v1 prefix', async () => {
    expect((await fetch(`${booted.url}/health`)).status).toBe(200);
    expect((await fetch(`${booted.url}/api/v1/health`)).status).toBe(404);
  });
});
