/**
 * The API's own cost: the service started as users start it (a process of its own, role `all`, on a
 * database of its own and a redis-server of the bench's), signed in as its admin, at 1 and 50
 * clients: a trivial authenticated query (`{ apiVersion }`) and `startExecution` of a two-Pass
 * machine, both through GraphQL over HTTP; beside it a bare Apollo Server 5 on Express 5 with one
 * resolver (bench/apollo-bare.server.ts) answering the same query. Interleaved: at each level every
 * system in turn, then the next level, then the next run; medians reported.
 */
import type { BenchDatabase } from './bench.database.js';
import type { Percentiles } from './bench.metrics.js';
import { median } from './bench.summary.js';
import { runLoad, type LoadRequest } from './http.load.js';
import { AdminClient } from './subscriptions.bench.js';
import { startChild, startRedis, startService, type BenchChild } from './subscriptions.processes.js';

export type ApiSystem = 'stepgraph' | 'apollo-bare';
export type ApiWorkflow = 'api-query' | 'api-start';

/** One figure of the API scenario, in the shape of the bench's JSON rows. */
export interface ApiResult {
  readonly system: ApiSystem;
  readonly workflow: ApiWorkflow;
  readonly inFlight: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: Percentiles;
}

export interface ApiBenchOptions {
  readonly runs: number;
  readonly quick: boolean;
  readonly inFlight?: readonly number[];
}

/** The levels: one client alone, and fifty. */
const IN_FLIGHT = [1, 50];
const SECONDS = 5;
const WARM_UP_SECONDS = 1;
const QUICK_SECONDS = 1.5;
const QUICK_WARM_UP_SECONDS = 0.5;

const TWO_PASSES = {
  StartAt: 'First',
  States: { First: { Type: 'Pass', Next: 'Second' }, Second: { Type: 'Pass', End: true } },
};
const QUERY = JSON.stringify({ query: '{ apiVersion }' });
const answered = (field: string) => (body: string) =>
  body.includes(`"${field}":`) && !body.includes('"errors"');

/** The bare Apollo server, on a port it chose. */
async function startApolloBare(): Promise<BenchChild & { url: string }> {
  let port = '';
  const child = await startChild(
    process.execPath,
    ['--import', './scripts/typescript-loader.mjs', 'bench/apollo-bare.server.ts'],
    { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
    (line) => {
      if (!line.startsWith('ready ')) return false;
      port = line.slice('ready '.length);
      return true;
    },
  );
  return { ...child, url: `http://127.0.0.1:${port}/graphql` };
}

/** One median per (system, workflow, level), in the order first measured. */
function medians(results: readonly ApiResult[]): ApiResult[] {
  const groups = new Map<string, ApiResult[]>();
  for (const result of results) {
    const key = `${result.system}/${result.workflow}@${result.inFlight}`;
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  return [...groups.values()].map((runs) => ({
    ...(runs[0] as ApiResult),
    requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
    latencyMs: {
      p50: median(runs.map((r) => r.latencyMs.p50)),
      p99: median(runs.map((r) => r.latencyMs.p99)),
    },
  }));
}

/** Runs the scenario on a sibling of `database`; stops everything it started. */
export async function runApiBench(
  database: BenchDatabase,
  options: ApiBenchOptions,
  progress: (line: string) => void,
): Promise<ApiResult[]> {
  const stops: Array<() => Promise<void>> = [];
  // A database of its own: the service seeds its admin only where there is no user yet.
  const apiDatabase = await database.sibling('api');
  stops.push(() => apiDatabase.drop());
  try {
    const redis = await startRedis();
    stops.unshift(() => redis.stop());
    const service = await startService(apiDatabase.url, redis.url);
    stops.unshift(() => service.stop());
    const bare = await startApolloBare();
    stops.unshift(() => bare.stop());
    const admin = await AdminClient.signIn(service);
    const { createStateMachine } = await admin.request<{ createStateMachine: { id: string } }>(
      'mutation ($input: CreateStateMachineInput!) { createStateMachine(input: $input) { id } }',
      { input: { name: 'bench-two-passes', definition: TWO_PASSES } },
    );
    const authorization = { authorization: `Bearer ${admin.token}` };
    const loads: Array<{ system: ApiSystem; workflow: ApiWorkflow; request: LoadRequest }> = [
      {
        system: 'stepgraph',
        workflow: 'api-query',
        request: {
          url: `${service.url}/graphql`,
          headers: authorization,
          body: QUERY,
          accept: answered('apiVersion'),
        },
      },
      {
        system: 'apollo-bare',
        workflow: 'api-query',
        request: { url: bare.url, headers: {}, body: QUERY, accept: answered('apiVersion') },
      },
      {
        system: 'stepgraph',
        workflow: 'api-start',
        request: {
          url: `${service.url}/graphql`,
          headers: authorization,
          body: JSON.stringify({
            query: 'mutation ($input: StartExecutionInput!) { startExecution(input: $input) { id } }',
            variables: { input: { stateMachineId: createStateMachine.id } },
          }),
          accept: answered('startExecution'),
        },
      },
    ];
    const timing = options.quick
      ? { seconds: QUICK_SECONDS, warmUpSeconds: QUICK_WARM_UP_SECONDS }
      : { seconds: SECONDS, warmUpSeconds: WARM_UP_SECONDS };
    const results: ApiResult[] = [];
    for (let run = 1; run <= options.runs; run += 1) {
      for (const inFlight of options.inFlight ?? IN_FLIGHT) {
        for (const { system, workflow, request } of loads) {
          const load = await runLoad(request, { inFlight, ...timing });
          progress(
            `  ${system} ${workflow} @ ${inFlight}: ${Math.round(load.requestsPerSecond)} requests/s, p50 ${load.latencyMs.p50.toFixed(2)} ms, p99 ${load.latencyMs.p99.toFixed(2)} ms`,
          );
          const { requestsPerSecond, latencyMs } = load;
          results.push({ system, workflow, inFlight, requestsPerSecond, latencyMs });
        }
      }
    }
    return medians(results);
  } finally {
    for (const stop of stops) await stop();
  }
}
