/**
 * The database goes away under running engines (docs/testing.md R3), on a PostgreSQL cluster of this
 * test's own: first every backend of the database is terminated (`pg_terminate_backend`), then the
 * cluster is crashed (immediate shutdown) and started again a few seconds later. Meanwhile the
 * engine processes stay up (no crash loop) and answer 503 on `/health`, and an API process answers
 * REST with a 503 problem (`Retry-After`), GraphQL with SERVICE_UNAVAILABLE and graphql-ws with
 * close code 1013, never with a driver message; afterwards the API answers as before, every
 * execution finishes as it should, nothing is stuck, and the checker holds.
 */
import pg from 'pg';
import { TRY_AGAIN_LATER_CLOSE_CODE } from '../../src/graphql/graphql-ws.options.js';
import { bootApp, type BootedApp } from '../support/app.js';
import { startCommandSide, type CommandSide } from '../support/engine-commands.js';
import { checkExecutions } from '../support/engine-checker.js';
import { EngineFleet, FAST_RECOVERY_ENV } from '../support/engine-processes.js';
import { startHttpSink, type HttpSink } from '../support/http-sink.js';
import { startMixedExecutions } from '../support/mixed-workflow.js';
import { openGraphqlSocket } from '../support/graphql-ws-client.js';
import { startRestartablePostgres, type RestartablePostgres } from '../support/restartable-postgres.js';
import { waitFor } from '../support/wait.js';

jest.setTimeout(150_000);

const EXECUTIONS = 40;
const ENGINES = 2;
const ENGINE_CONCURRENCY = 8;
const DATABASE = 'stepgraph';
/** Faults injected: the backends terminated, then the crash and restart. */
const FAULTS = 2;

let postgres: RestartablePostgres;
let side: CommandSide;
let sink: HttpSink;
let fleet: EngineFleet;
let api: BootedApp;
let databaseUrl: string;

const DATABASE_DOWN = 'The database is unavailable; try again shortly.';
/** A query that reads the database once its caller is authenticated, which reads it too. */
const STATE_MACHINES_QUERY = '{ stateMachines(first: 1) { totalCount } }';

beforeAll(async () => {
  postgres = await startRestartablePostgres();
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  const url = new URL(postgres.url);
  url.pathname = `/${DATABASE}`;
  databaseUrl = url.toString();
  const env = { ...FAST_RECOVERY_ENV, ENGINE_CONCURRENCY: String(ENGINE_CONCURRENCY) };
  side = await startCommandSide(databaseUrl, env);
  sink = await startHttpSink();
  fleet = new EngineFleet({ databaseUrl, env });
  api = await bootApp({ DATABASE_URL: databaseUrl, STEPGRAPH_ROLE: 'api' });
});

afterAll(async () => {
  await api?.close();
  await fleet?.stopAll();
  await side?.close().catch(() => undefined);
  await sink?.close();
  await postgres?.remove();
});

async function healthStatus(url: string): Promise<number | undefined> {
  return fetch(url, { signal: AbortSignal.timeout(5000) }).then(
    (response) => response.status,
    () => undefined,
  );
}

async function terminateBackends(): Promise<number> {
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ terminated: boolean }>(
      'SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE datname = $1',
      [DATABASE],
    );
    return rows.filter((row) => row.terminated).length;
  } finally {
    await client.end();
  }
}

/** REST and GraphQL calls of the API, each as the client sees it. */
async function restStateMachines(): Promise<Response> {
  return api.fetch(`${api.url}/api/v1/state-machines?first=1`, { signal: AbortSignal.timeout(10_000) });
}

interface GraphqlAnswer {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly body: { data?: unknown; errors?: unknown[] };
}

async function graphqlStateMachines(): Promise<GraphqlAnswer> {
  const response = await api.fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: STATE_MACHINES_QUERY }),
    signal: AbortSignal.timeout(10_000),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as GraphqlAnswer['body'],
  };
}

async function expectApiUnavailable(): Promise<void> {
  const rest = await restStateMachines();
  expect(rest.status).toBe(503);
  expect(rest.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  expect(rest.headers.get('retry-after')).toBe('5');
  expect(await rest.json()).toMatchObject({
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    detail: DATABASE_DOWN,
  });

  const graphql = await graphqlStateMachines();
  expect(graphql).toMatchObject({ status: 503, retryAfter: '5' });
  expect(graphql.body.errors).toEqual([
    {
      message: DATABASE_DOWN,
      extensions: { code: 'SERVICE_UNAVAILABLE', retryAfter: 5, requestId: expect.any(String) },
    },
  ]);

  const socket = openGraphqlSocket(api.url, { token: api.adminToken });
  expect(await socket.closed()).toEqual({ code: TRY_AGAIN_LATER_CLOSE_CODE, reason: DATABASE_DOWN });
}

async function expectApiAnswers(): Promise<void> {
  // The first request after the restart may still meet a connection of the old server: wait it out.
  await waitFor(async () => ((await restStateMachines()).status === 200 ? true : undefined), {
    timeoutMs: 30_000,
    what: 'the API to answer REST again',
  });
  const graphql = await graphqlStateMachines();
  expect(graphql.body).toEqual({ data: { stateMachines: { totalCount: expect.any(Number) } } });
  const socket = openGraphqlSocket(api.url, { token: api.adminToken });
  await socket.connected();
  await socket.close();
}

describe('PostgreSQL restarted and its backends terminated under running engines (R3)', () => {
  it('keeps the engines up, answers 503 meanwhile (API included), and leaves nothing stuck afterwards', async () => {
    const engines = await fleet.startMany(ENGINES);
    const { expected, sideEffectKeys } = await startMixedExecutions(side, sink.origin, {
      count: EXECUTIONS,
      prefix: 'outage',
    });

    expect(await terminateBackends()).toBeGreaterThan(0);
    await postgres.crash();
    for (const engine of engines) {
      // Each probe may take its checks' 1.5 s timeouts, and a loaded machine slows the engines'
      // answers further (seen in CI): the same generous deadline as for the way back.
      await waitFor(async () => ((await healthStatus(engine.healthUrl)) === 503 ? true : undefined), {
        timeoutMs: 30_000,
        what: `${engine.name} to report the database down`,
      });
    }
    await expectApiUnavailable();
    await postgres.start();

    for (const engine of engines) {
      await waitFor(async () => ((await healthStatus(engine.healthUrl)) === 200 ? true : undefined), {
        timeoutMs: 30_000,
        what: `${engine.name} to report the database back`,
      });
    }
    await expectApiAnswers();
    await side.allEnded([...expected.keys()], 60_000);
    expect(engines.filter((engine) => engine.exited)).toEqual([]);
    const report = await checkExecutions(side.dataSource, {
      executions: expected,
      sideEffects: {
        deliveries: sink.deliveries,
        expectedKeys: sideEffectKeys,
        faults: FAULTS,
        inFlightPerFault: ENGINES * ENGINE_CONCURRENCY,
      },
    });
    expect(report.violations).toEqual([]);
  });
});
