import { bootApp, type BootedApp } from '../support/app.js';
import { ExecutionEventsNarrowedDocument, StartExecutionDocument } from '../support/generated/graphql.js';
import type { GraphqlClient } from '../support/graphql-client.js';
import {
  awaitStatus,
  createMachine,
  ECHO_DEFINITION,
  ECHO_HISTORY,
  errorOf,
  problemOf,
  restClient,
  type RestClient,
} from './executions.fixtures.js';

// Executions run on the engine's workers: more than Jest's default 5 s.
jest.setTimeout(30_000);

interface Narrowing {
  first?: number;
  after?: string | null;
  afterSeq?: number;
  types?: string[];
  search?: string;
}

/** `Execution.events(afterSeq, types, search)` and `GET /executions/{id}/history` narrowed by the server. */
describe("an execution's history narrowed by the server", () => {
  let booted: BootedApp;
  let client: GraphqlClient;
  let rest: RestClient;
  let id: string;

  beforeAll(async () => {
    booted = await bootApp();
    client = booted.client;
    rest = restClient(booted);
    await createMachine(client, 'echo-narrowed', ECHO_DEFINITION);
    // `note` reaches ExecutionStarted's and PassStateEntered's details only (Prepare drops it).
    const input = { order: 7, note: 'Zebra-77 axb 50x p_q 7%' };
    ({ id } = (
      await client.expectData(StartExecutionDocument, { input: { stateMachineName: 'echo-narrowed', input } })
    ).startExecution);
    await awaitStatus(client, id);
  });

  afterAll(async () => {
    await booted?.close();
  });

  const events = async (narrowing: Narrowing) =>
    (await client.expectData(ExecutionEventsNarrowedDocument, { id, first: 100, ...narrowing })).execution!
      .events;
  const seqsOf = (page: Awaited<ReturnType<typeof events>>) => page.edges.map((edge) => edge.node.seq);
  const seqOf = (type: string) => ECHO_HISTORY.indexOf(type) + 1;

  it('keeps only the types asked for, and counts only them', async () => {
    const page = await events({ types: ['TaskScheduled', 'ExecutionSucceeded'] });
    expect(page.edges.map((edge) => edge.node.type)).toEqual(['TaskScheduled', 'ExecutionSucceeded']);
    expect(page.totalCount).toBe(2);
  });

  it('pages a narrowed history by cursor, the total the same on every page', async () => {
    const types = ['PassStateEntered', 'TaskScheduled', 'ExecutionSucceeded'];
    const seqs: number[] = [];
    let after: string | null | undefined;
    for (;;) {
      const page = await events({ types, first: 2, after });
      expect(page.totalCount).toBe(3);
      seqs.push(...seqsOf(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seqs).toEqual(types.map(seqOf));
  });

  it('finds a value inside the details, case-insensitive', async () => {
    const page = await events({ search: 'zebra-77' });
    expect(page.edges.map((edge) => edge.node.type)).toEqual(['ExecutionStarted', 'PassStateEntered']);
    expect(page.totalCount).toBe(2);
  });

  it('finds JSON inside the JSON texts of the details, as it reads', async () => {
    const page = await events({ search: '"order":7' });
    expect(page.edges.map((edge) => edge.node.type)).toContain('ExecutionStarted');
  });

  it("finds a state's name", async () => {
    const page = await events({ search: 'ECHO' });
    expect(page.edges.every((edge) => edge.node.stateName === 'Echo')).toBe(true);
    expect(page.edges.map((edge) => edge.node.type)).toEqual(
      ECHO_HISTORY.filter((type) => type.startsWith('Task')),
    );
  });

  it('matches % and _ as themselves, not as wildcards', async () => {
    expect((await events({ search: 'p_q 7%' })).totalCount).toBe(2);
    // Unescaped, `a_b` would match `axb` and `50%p` would match `50x p`.
    expect((await events({ search: 'a_b' })).totalCount).toBe(0);
    expect((await events({ search: '50%p' })).totalCount).toBe(0);
  });

  it('starts a page after any seq, with types and search too', async () => {
    const page = await events({ afterSeq: 6, first: 2 });
    expect(seqsOf(page)).toEqual([7, 8]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.totalCount).toBe(ECHO_HISTORY.length);

    const narrowed = await events({
      afterSeq: seqOf('TaskScheduled'),
      types: ['TaskScheduled', 'ExecutionSucceeded'],
    });
    expect(seqsOf(narrowed)).toEqual([seqOf('ExecutionSucceeded')]);
    expect(narrowed.totalCount).toBe(2);
    expect(seqsOf(await events({ afterSeq: ECHO_HISTORY.length }))).toEqual([]);
  });

  it('refuses an unknown type, a negative afterSeq and a search too long with BAD_USER_INPUT', async () => {
    const request = (narrowing: Narrowing) =>
      client.request(ExecutionEventsNarrowedDocument, { id, first: 100, ...narrowing });
    const unknown = errorOf(await request({ types: ['TaskScheduled', 'TaskExploded'] }));
    expect(unknown.extensions?.code).toBe('BAD_USER_INPUT');
    expect(unknown.message).toContain('"TaskExploded"');
    expect(errorOf(await request({ afterSeq: -1 })).extensions?.code).toBe('BAD_USER_INPUT');
    const long = errorOf(await request({ search: 'x'.repeat(201) }));
    expect(long.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(long)).toContain('at most 200 characters');
    expect((await events({ search: 'x'.repeat(200) })).totalCount).toBe(0);
  });

  describe('over REST', () => {
    const history = async (query: string) => {
      const response = await rest.get(`/executions/${id}/history?${query}`);
      expect(response.status).toBe(200);
      return (await response.json()) as { items: { seq: number; type: string }[]; totalCount: number };
    };

    it('takes types repeated or comma-separated, search and afterSeq', async () => {
      const wanted = [seqOf('TaskScheduled'), seqOf('ExecutionSucceeded')];
      for (const query of [
        'types=TaskScheduled,ExecutionSucceeded',
        'types=TaskScheduled&types=ExecutionSucceeded',
      ]) {
        const page = await history(query);
        expect({ seqs: page.items.map((event) => event.seq), total: page.totalCount }).toEqual({
          seqs: wanted,
          total: 2,
        });
      }
      expect((await history('search=ZEBRA')).totalCount).toBe(2);
      expect((await history('afterSeq=7')).items.map((event) => event.seq)).toEqual([8, 9]);
    });

    it('refuses an unknown type with problem+json naming it', async () => {
      const problem = await problemOf(await rest.get(`/executions/${id}/history?types=Nope`), 400);
      expect(problem.code).toBe('BAD_USER_INPUT');
      expect(problem.detail).toContain('"Nope"');
    });

    it('documents the parameters in the OpenAPI document', async () => {
      const document = (await (await fetch(`${booted.url}/api/docs-json`)).json()) as {
        paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
      };
      const parameters = document.paths['/api/v1/executions/{id}/history']?.get?.parameters ?? [];
      expect(parameters.map((parameter) => parameter.name)).toEqual(
        expect.arrayContaining(['afterSeq', 'types', 'search', 'first', 'after']),
      );
    });
  });
});
