import { DataSource } from 'typeorm';
import { executionFilterOf, type ExecutionFilterRequest } from '../../src/executions/execution-filter.js';
import { executionFilterSql } from '../../src/executions/execution-filter.sql.js';
import { bootApp, type BootedApp } from '../support/app.js';
import {
  ExecutionsDocument,
  type ExecutionsFilter,
  type ExecutionsQuery,
  StartExecutionDocument,
  UpdateStateMachineDocument,
} from '../support/generated/graphql.js';
import type { GraphqlClient } from '../support/graphql-client.js';
import {
  awaitStatus,
  createMachine,
  errorOf,
  problemOf,
  restClient,
  type RestClient,
} from './executions.fixtures.js';

// Executions run on the engine's workers: more than Jest's default 5 s.
jest.setTimeout(60_000);

/** Ends FAILED with the error and cause its input names, or SUCCEEDED when the input has none. */
const FAIL_AS_TOLD = {
  StartAt: 'Told',
  States: {
    Told: {
      Type: 'Choice',
      Choices: [{ Variable: '$.error', IsPresent: true, Next: 'Fail' }],
      Default: 'Done',
    },
    Fail: { Type: 'Fail', ErrorPath: '$.error', CausePath: '$.cause' },
    Done: { Type: 'Pass', End: true },
  },
};

/** The executions of this test, by name, with the input each starts with. */
const INPUTS: Record<string, Record<string, unknown>> = {
  'c42-big': { customerId: 'c-42', order: { total: 12.5, lines: 3 }, vip: true, tags: null },
  'c42-small': { customerId: 'c-42', order: { total: 3 }, vip: false, tags: ['a'] },
  'c7-big': { customerId: 'c-7', order: { total: 12.5 }, vip: true, 'odd key': 'x' },
  'c42-timeout': {
    customerId: 'c-42',
    error: 'States.Timeout',
    cause: 'The Payment TIMED OUT after 30s (100% of budget)',
  },
  'c7-failed': { customerId: 'c-7', error: 'States.TaskFailed', cause: 'card declined' },
  'c42-failed': { customerId: 'c-42', error: 'States.TaskFailed', cause: 'Gateway timed out' },
};

interface RestPage {
  items: { id: string; name: string }[];
  nextCursor: string | null;
  totalCount: number;
}

describe('searching executions by error, cause, input and version', () => {
  let booted: BootedApp;
  let client: GraphqlClient;
  let rest: RestClient;
  let machineId: string;

  beforeAll(async () => {
    booted = await bootApp();
    client = booted.client;
    rest = restClient(booted);
    machineId = await createMachine(client, 'search', FAIL_AS_TOLD);
    for (const [name, input] of Object.entries(INPUTS)) {
      const { startExecution } = await client.expectData(StartExecutionDocument, {
        input: { stateMachineId: machineId, name, input },
      });
      await awaitStatus(client, startExecution.id);
    }
  });

  afterAll(async () => {
    await booted?.close();
  });

  /** The names of the machine's executions the GraphQL filter selects, sorted. */
  async function names(filter: Omit<ExecutionsFilter, 'stateMachineId'>): Promise<string[]> {
    const { executions } = await client.expectData(ExecutionsDocument, {
      filter: { stateMachineId: machineId, ...filter },
      first: 100,
    });
    expect(executions.totalCount).toBe(executions.edges.length);
    return executions.edges.map((edge) => edge.node.name).sort();
  }

  /** The same through `GET /api/v1/executions`. */
  async function restNames(query: Record<string, string>): Promise<string[]> {
    const params = new URLSearchParams({ stateMachineId: machineId, first: '100', ...query });
    const response = await rest.get(`/executions?${params}`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as RestPage;
    expect(page.totalCount).toBe(page.items.length);
    return page.items.map((item) => item.name).sort();
  }

  it('matches the error name exactly', async () => {
    expect(await names({ errorName: 'States.TaskFailed' })).toEqual(['c42-failed', 'c7-failed']);
    expect(await names({ errorName: 'States.Timeout' })).toEqual(['c42-timeout']);
    expect(await names({ errorName: 'States' })).toEqual([]);
    expect(await restNames({ errorName: 'States.TaskFailed' })).toEqual(['c42-failed', 'c7-failed']);
  });

  it('matches text in the cause ignoring case, with % and _ taken literally', async () => {
    expect(await names({ causeContains: 'timed out' })).toEqual(['c42-failed', 'c42-timeout']);
    expect(await names({ causeContains: '100%' })).toEqual(['c42-timeout']);
    expect(await names({ causeContains: '1_0' })).toEqual([]);
    expect(await restNames({ causeContains: 'DECLINED' })).toEqual(['c7-failed']);
  });

  it('matches a string, a nested number, a boolean and null in the input', async () => {
    expect(await names({ input: '$.customerId == "c-42"' })).toEqual([
      'c42-big',
      'c42-failed',
      'c42-small',
      'c42-timeout',
    ]);
    expect(await names({ input: '$.order.total == 12.5' })).toEqual(['c42-big', 'c7-big']);
    // Numbers compare as numbers, and bracketed names are the same path.
    expect(await names({ input: '$[\'order\']["total"] == 12.50' })).toEqual(['c42-big', 'c7-big']);
    expect(await names({ input: '$.vip == true' })).toEqual(['c42-big', 'c7-big']);
    expect(await names({ input: '$.vip == false' })).toEqual(['c42-small']);
    expect(await names({ input: '$.tags == null' })).toEqual(['c42-big']);
    expect(await names({ input: '$[\'odd key\'] == "x"' })).toEqual(['c7-big']);
    expect(await restNames({ input: '$.order.total == 3' })).toEqual(['c42-small']);
  });

  it('matches an object or an array in the input as a whole, not a part of it', async () => {
    expect(await names({ input: '$.order == {"total": 3}' })).toEqual(['c42-small']);
    expect(await names({ input: '$.order == {"total": 12.5}' })).toEqual(['c7-big']);
    expect(await names({ input: '$.tags == ["a"]' })).toEqual(['c42-small']);
    expect(await names({ input: '$.tags == "a"' })).toEqual([]);
  });

  it('combines the new filters with each other and with status and name prefix', async () => {
    expect(await names({ input: '$.customerId == "c-42"', status: 'FAILED', causeContains: 'time' })).toEqual(
      ['c42-failed', 'c42-timeout'],
    );
    expect(
      await names({ input: '$.customerId == "c-42"', errorName: 'States.TaskFailed', namePrefix: 'c42' }),
    ).toEqual(['c42-failed']);
    expect(await names({ input: '$.customerId == "c-7"', status: 'SUCCEEDED' })).toEqual(['c7-big']);
    expect(
      await restNames({ input: '$.customerId == "c-42"', status: 'SUCCEEDED', namePrefix: 'c42-b' }),
    ).toEqual(['c42-big']);
  });

  it('pages a filtered list without losing the filter', async () => {
    const filter = { stateMachineId: machineId, input: '$.customerId == "c-42"' };
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const { executions }: ExecutionsQuery = await client.expectData(ExecutionsDocument, {
        filter,
        first: 1,
        after,
      });
      expect(executions.totalCount).toBe(4);
      seen.push(...executions.edges.map((edge) => edge.node.name));
      after = executions.pageInfo.hasNextPage ? executions.pageInfo.endCursor! : null;
    } while (after !== null);
    expect(seen.sort()).toEqual(['c42-big', 'c42-failed', 'c42-small', 'c42-timeout']);

    const restSeen: string[] = [];
    let cursor: string | null = null;
    do {
      const params = new URLSearchParams({ ...filter, errorName: 'States.TaskFailed', first: '1' });
      if (cursor) params.set('after', cursor);
      const page = (await (await rest.get(`/executions?${params}`)).json()) as RestPage;
      expect(page.totalCount).toBe(1);
      restSeen.push(...page.items.map((item) => item.name));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(restSeen).toEqual(['c42-failed']);
  });

  it('narrows to a version of the machine', async () => {
    const versioned = await createMachine(client, 'search-versions', FAIL_AS_TOLD);
    await client.expectData(UpdateStateMachineDocument, {
      id: versioned,
      input: { definition: { ...FAIL_AS_TOLD, Comment: 'v2' } },
    });
    for (const [name, version] of [
      ['on-1', 1],
      ['on-2', 2],
    ] as const) {
      await client.expectData(StartExecutionDocument, {
        input: { stateMachineId: versioned, name, version, input: {} },
      });
    }
    const { executions } = await client.expectData(ExecutionsDocument, {
      filter: { stateMachineId: versioned, version: 1 },
    });
    expect(executions.edges.map((edge) => edge.node.name)).toEqual(['on-1']);
    const page = (await (
      await rest.get(`/executions?stateMachineId=${versioned}&version=2`)
    ).json()) as RestPage;
    expect(page.items.map((item) => item.name)).toEqual(['on-2']);
  });

  describe('refuses filters that cannot be, saying what is wrong', () => {
    const BAD_CONDITIONS: [string, RegExp][] = [
      ['$.a[0] == 1', /array indexes/],
      ['$..a == 1', /recursive descent/],
      ['$.a = 1', /expected == after the path/],
      ['$.a == {bad', /not JSON/],
      ['$.a[*] == 1', /wildcards/],
      ['$[?(@.a)] == 1', /filter expressions/],
      ['a == 1', /must start with \$/],
      ['$ == 1', /segment after \$/],
      ["$['a == 1", /not closed/],
    ];

    it.each(BAD_CONDITIONS)('the input condition %s, over GraphQL', async (condition, problem) => {
      const error = errorOf(
        await client.request(ExecutionsDocument, { filter: { stateMachineId: machineId, input: condition } }),
      );
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(problem);
      // Every refusal shows the form that would be accepted.
      expect(JSON.stringify(error.extensions)).toContain('$.customerId == \\"c-42\\"');
    });

    it.each(BAD_CONDITIONS)('the input condition %s, over REST', async (condition, problem) => {
      const response = await rest.get(`/executions?input=${encodeURIComponent(condition)}`);
      const body = await problemOf(response, 400);
      expect(body.code).toBe('BAD_USER_INPUT');
      expect(body.detail).toMatch(problem);
      expect(body.errors).toEqual([
        { path: 'input', message: expect.stringContaining("or ['name'] segments") },
      ]);
    });

    it('a cause text under 3 or over 200 characters, and a version without its machine', async () => {
      for (const filter of [
        { causeContains: 'ab' },
        { causeContains: 'x'.repeat(201) },
        { version: 1 },
        { version: 0 },
      ]) {
        const error = errorOf(await client.request(ExecutionsDocument, { filter }));
        expect(error.extensions?.code).toBe('BAD_USER_INPUT');
        expect(JSON.stringify(error)).toMatch(Object.keys(filter)[0]!);
        const query = new URLSearchParams(
          Object.entries(filter).map(([k, v]): [string, string] => [k, String(v)]),
        );
        const problem = await problemOf(await rest.get(`/executions?${query}`), 400);
        expect(JSON.stringify(problem)).toMatch(Object.keys(filter)[0]!);
      }
    });
  });

  describe('is served by indexes', () => {
    /** The plan of the count a list runs for `request`, with sequential scans ruled out. */
    async function planOf(request: ExecutionFilterRequest): Promise<string> {
      const where = executionFilterSql(executionFilterOf(request));
      return booted.app.get(DataSource).transaction(async (manager) => {
        // Few rows make a sequential scan the cheapest plan; ruling it out shows an index can serve.
        await manager.query('SET LOCAL enable_seqscan = off');
        const rows: { 'QUERY PLAN': unknown }[] = await manager.query(
          `EXPLAIN (FORMAT JSON) SELECT count(*) FROM executions e ${where}`,
          where.params,
        );
        return JSON.stringify(rows[0]!['QUERY PLAN']);
      });
    }

    /**
     * Whether the plan uses the index `name` of `executions` on one of its partitions
     * (migrations/1795322200000-HistoryPartitions.ts): each partition has its own copy of it.
     */
    async function servedBy(plan: string, name: string): Promise<boolean> {
      const rows: { name: string }[] = await booted.app
        .get(DataSource)
        .query('SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = $1::regclass', [
          name,
        ]);
      expect(rows.length).toBeGreaterThan(0);
      return rows.some((row) => plan.includes(`"Index Name":"${row.name}"`));
    }

    it('the input condition by the GIN index, the error by its btree, the cause by trigrams', async () => {
      expect(await servedBy(await planOf({ input: '$.order.total == 12.5' }), 'executions_input_idx')).toBe(
        true,
      );
      expect(
        await servedBy(await planOf({ errorName: 'States.TaskFailed' }), 'executions_error_started_at_idx'),
      ).toBe(true);
      expect(await servedBy(await planOf({ causeContains: 'timed out' }), 'executions_cause_trgm_idx')).toBe(
        true,
      );
      expect(
        await servedBy(
          await planOf({ stateMachineId: machineId, version: 1 }),
          'executions_version_started_at_idx',
        ),
      ).toBe(true);
    });
  });
});
