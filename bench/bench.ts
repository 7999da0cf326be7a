/**
 * `npm run bench`: Stepgraph and its peers in one sitting, on one PostgreSQL server, at 1, 100 and
 * 1,000 executions in flight: Stepgraph's Task, HTTP Task, Pass and Map workflows beside a ten-step DBOS
 * Transact workflow, a ten-job pg-boss chain worked as pg-boss recommends, and pgbench's commit rate
 * (one INSERT and one UPDATE per transaction). The runs are interleaved (every system at a level,
 * then the next level, then the next run) and medians reported, each Stepgraph figure as a ratio to
 * each peer. Then a memory run, the API's own cost beside a bare Apollo server (bench/api.scenario.ts),
 * live subscriptions, the budgets of the service's limits (printed only) and history retention
 * beside a DELETE of the same rows (bench/retention.scenario.ts). Prints a table and
 * writes docs/performance.md.
 *
 * Options (or environment):
 *   --quick (BENCH_QUICK=1)        a tenth of the work, 2 s of pgbench per level, a 5,000-execution
 *                                  memory run and 1.5 s per API figure; a smoke test, so docs/performance.md is left alone
 *                                  unless --docs is given
 *   --runs N (BENCH_RUNS)          measure every scenario N times, interleaved, and report medians
 *                                  (default 1)
 *   --only a,b                     scenarios among task, http, pass, map (Stepgraph), dbos, pgboss, pgbench
 *                                  (peers), memory, api, subscriptions, limits, retention (default all;
 *                                  api: bench/api.scenario.ts, subscriptions: bench/subscriptions.bench.ts,
 *                                  limits: bench/limits.scenario.ts, retention: bench/retention.scenario.ts)
 *   --concurrency 1,100            in-flight levels (default 1,100,1000)
 *   --json FILE                    also write every figure (medians) as JSON:
 *                                  { machine, results: [{ system, workflow, inFlight, stepsPerSecond,
 *                                  executionsPerSecond, stepGapMs: {p50, p99}, executionMs: {p50, p99} }] }
 *                                  (pgbench's commits/s in executionsPerSecond; null where a figure
 *                                  does not apply), then the API's rows: { system: stepgraph |
 *                                  apollo-bare, workflow: api-query | api-start, inFlight,
 *                                  requestsPerSecond, latencyMs: {p50, p99} }
 *   --docs / --no-docs             write docs/performance.md or not
 * Engine knobs (ENGINE_*, EXECUTION_MAX_TRANSITIONS) are passed through from the environment;
 * PGBENCH names the pgbench binary (default /usr/bin/pgbench; skipped with a note when absent).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { runApiBench, type ApiResult } from './api.scenario.js';
import {
  createBenchDatabase,
  describeMachine,
  type BenchDatabase,
  type MachineDescription,
} from './bench.database.js';
import type { ScenarioResult } from './bench.metrics.js';
import { apiSection, apiTable, markdownReport, terminalTable } from './bench.report.js';
import { summarize, type Summary } from './bench.summary.js';
import { checkApiTargets, checkTargets, type TargetCheck } from './bench.targets.js';
import {
  httpChain,
  MAP_FANOUT,
  MEMORY_WORKFLOW,
  PASS_CHAIN,
  TASK_CHAIN,
  type Workflow,
} from './bench.workflows.js';
import { DbosChain } from './dbos.scenario.js';
import { BenchEngine } from './engine.scenario.js';
import { HttpSink } from './http-sink.js';
import { checkLimitTargets, runLimitsBench } from './limits.scenario.js';
import { runMemory, type MemoryResult } from './memory.scenario.js';
import { mergePerformanceDoc } from './performance.doc.js';
import { findPgbench, Pgbench } from './pgbench.scenario.js';
import { retentionSection, runRetentionBench, type RetentionResult } from './retention.scenario.js';
import { PgBossChain } from './pgboss.scenario.js';
import {
  QUICK_SUBSCRIPTION_SCENARIOS,
  runSubscriptionBench,
  SUBSCRIPTION_SCENARIOS,
  type SubscriptionResult,
} from './subscriptions.bench.js';
import { checkSubscriptionTargets, subscriptionSection, subscriptionTable } from './subscriptions.report.js';

const CHAIN_STEPS = 10;
const QUICK_DIVISOR = 10;
const MEMORY_EXECUTIONS = 100_000;
const QUICK_MEMORY_EXECUTIONS = 5_000;
const MEMORY_CONCURRENCY = 100;
const PGBENCH_SECONDS = 10;
const QUICK_PGBENCH_SECONDS = 2;
/** History events in each week the retention scenario removes (issue 13: 1,000,000). */
const RETENTION_EVENTS = 1_000_000;

/** Executions (or chains) to run per in-flight level: enough for a few seconds of steady state. */
const TOTALS: Record<string, Record<number, number>> = {
  pgboss: { 1: 100, 100: 1_000, 1000: 3_000 },
  dbos: { 1: 100, 100: 1_000, 1000: 3_000 },
  pass: { 1: 1_000, 100: 5_000, 1000: 10_000 },
  task: { 1: 100, 100: 1_000, 1000: 3_000 },
  http: { 1: 100, 100: 1_000, 1000: 3_000 },
  map: { 1: 3, 100: 200, 1000: 1_000 },
};

const WORKFLOWS: Record<string, Workflow> = { task: TASK_CHAIN, pass: PASS_CHAIN, map: MAP_FANOUT };
/** The table's order: a workflow's rows together, Stepgraph first, then its peers. */
const WORKFLOW_ORDER = ['task-chain', 'http-chain', 'pass-chain', 'commit', 'map-fanout'];
const SYSTEM_ORDER = ['stepgraph', 'dbos', 'pgboss', 'pgbench'];

interface Options {
  readonly quick: boolean;
  readonly runs: number;
  readonly only: ReadonlySet<string>;
  readonly concurrency: readonly number[];
  readonly json: string | undefined;
  readonly docs: boolean;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      runs: { type: 'string' },
      only: { type: 'string' },
      concurrency: { type: 'string' },
      json: { type: 'string' },
      docs: { type: 'boolean' },
      'no-docs': { type: 'boolean' },
    },
  });
  const quick = values.quick ?? ['1', 'true'].includes(process.env.BENCH_QUICK ?? '');
  const list = (value: string | undefined, fallback: string) =>
    (value ?? fallback).split(',').filter(Boolean);
  return {
    quick,
    runs: Math.max(1, Number(values.runs ?? process.env.BENCH_RUNS ?? 1)),
    only: new Set(
      list(values.only, 'task,http,pass,map,dbos,pgboss,pgbench,memory,api,subscriptions,limits,retention'),
    ),
    concurrency: list(values.concurrency, '1,100,1000').map(Number),
    json: values.json,
    docs: values['no-docs'] ? false : (values.docs ?? !quick),
  };
}

function total(options: Options, scenario: string, concurrency: number): number {
  const planned = TOTALS[scenario]?.[concurrency] ?? concurrency * 3;
  return options.quick ? Math.max(1, Math.ceil(planned / QUICK_DIVISOR)) : planned;
}

function progress(result: ScenarioResult): void {
  process.stdout.write(
    `  ${result.scenario} @ ${result.concurrency}: ${Math.round(result.transitionsPerSecond)} steps/s, ${Math.round(result.executionsPerSecond)} executions/s\n`,
  );
}

/** The peers this sitting runs, started once and measured between Stepgraph's scenarios. */
interface Peers {
  readonly pgboss?: PgBossChain;
  readonly dbos?: DbosChain;
  readonly pgbench?: Pgbench;
  /** The HTTP chain's endpoint; not a peer, but started and stopped with them. */
  readonly httpSink?: HttpSink;
}

async function startPeers(database: BenchDatabase, opts: Options): Promise<Peers> {
  const pgboss = opts.only.has('pgboss')
    ? await PgBossChain.start(database, { steps: CHAIN_STEPS })
    : undefined;
  const dbos = opts.only.has('dbos') ? await DbosChain.start(database, { steps: CHAIN_STEPS }) : undefined;
  let pgbench: Pgbench | undefined;
  if (opts.only.has('pgbench')) {
    const binary = findPgbench();
    if (binary) pgbench = await Pgbench.start(database, binary);
    else process.stdout.write('pgbench not found (set PGBENCH to its path): its commit rate is skipped\n');
  }
  const httpSink = opts.only.has('http') ? await HttpSink.start() : undefined;
  return { pgboss, dbos, pgbench, httpSink };
}

async function stopPeers(peers: Peers): Promise<void> {
  await peers.pgboss?.stop();
  await peers.dbos?.stop();
  await peers.pgbench?.stop();
  await peers.httpSink?.stop();
}

/** One run: at each level, every system in turn, so that all of them share the machine's moods. */
async function measureRun(
  engine: BenchEngine,
  peers: Peers,
  database: BenchDatabase,
  opts: Options,
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  const record = (result: ScenarioResult) => {
    progress(result);
    results.push(result);
  };
  for (const concurrency of opts.concurrency) {
    for (const [key, workflow] of Object.entries(WORKFLOWS)) {
      if (!opts.only.has(key)) continue;
      record(await engine.measure(database, workflow, { concurrency, total: total(opts, key, concurrency) }));
      if (key !== 'task') continue;
      if (peers.dbos)
        record(await peers.dbos.measure(database, { concurrency, total: total(opts, 'dbos', concurrency) }));
      if (peers.pgboss)
        record(
          await peers.pgboss.measure(database, { concurrency, total: total(opts, 'pgboss', concurrency) }),
        );
    }
    if (peers.httpSink) {
      const workflow = httpChain(peers.httpSink.origin);
      record(
        await engine.measure(database, workflow, { concurrency, total: total(opts, 'http', concurrency) }),
      );
    }
    if (peers.pgbench) {
      const seconds = opts.quick ? QUICK_PGBENCH_SECONDS : PGBENCH_SECONDS;
      record(await peers.pgbench.measure(database, { concurrency, seconds }));
    }
  }
  return results;
}

function tableOrder(summaries: readonly Summary[]): Summary[] {
  const rank = (order: readonly string[], value: string) => {
    const index = order.indexOf(value);
    return index < 0 ? order.length : index;
  };
  return [...summaries].sort(
    (a, b) =>
      rank(WORKFLOW_ORDER, a.workflow) - rank(WORKFLOW_ORDER, b.workflow) ||
      a.concurrency - b.concurrency ||
      rank(SYSTEM_ORDER, a.system) - rank(SYSTEM_ORDER, b.system),
  );
}

/**
 * The sitting's figures in the shape other tools read; null where a figure does not apply. The
 * API's rows are already in their JSON shape (ApiResult).
 */
function jsonReport(
  machine: MachineDescription,
  summaries: readonly Summary[],
  api: readonly ApiResult[],
): string {
  const engine = summaries.map((s) => ({
    system: s.system,
    workflow: s.workflow,
    inFlight: s.concurrency,
    stepsPerSecond: s.transitionsPerSecond,
    executionsPerSecond: s.executionsPerSecond,
    stepGapMs: { p50: s.stepGapMs?.p50 ?? null, p99: s.stepGapMs?.p99 ?? null },
    executionMs: { p50: s.startToFinishMs.p50, p99: s.startToFinishMs.p99 },
  }));
  return `${JSON.stringify({ machine, results: [...engine, ...api] }, null, 2)}\n`;
}

async function main(): Promise<void> {
  const opts = options();
  const loadAtStart = loadavg()[0] ?? 0;
  const database = await createBenchDatabase();
  process.stdout.write(`Bench database ${database.name}${opts.quick ? ' (quick run)' : ''}\n`);
  try {
    const machine = await describeMachine(database, loadAtStart);
    const engine = await BenchEngine.start(database);
    const results: ScenarioResult[] = [];
    let memory: MemoryResult | undefined;
    try {
      const peers = await startPeers(database, opts);
      try {
        for (let run = 1; run <= opts.runs; run += 1) {
          process.stdout.write(`Run ${run} of ${opts.runs}\n`);
          results.push(...(await measureRun(engine, peers, database, opts)));
        }
      } finally {
        await stopPeers(peers);
      }
      if (opts.only.has('memory')) {
        const executions = opts.quick ? QUICK_MEMORY_EXECUTIONS : MEMORY_EXECUTIONS;
        process.stdout.write(`Memory: ${executions} executions\n`);
        memory = await runMemory(engine, MEMORY_WORKFLOW, {
          total: executions,
          concurrency: MEMORY_CONCURRENCY,
        });
      }
    } finally {
      await engine.stop();
    }
    // After the engine stopped: the services under test run their own engines on the same server.
    let api: ApiResult[] = [];
    let apiTargets: TargetCheck[] = [];
    if (opts.only.has('api')) {
      process.stdout.write("The API's own cost\n");
      api = await runApiBench(database, { runs: opts.runs, quick: opts.quick }, (line) =>
        process.stdout.write(`${line}\n`),
      );
      apiTargets = checkApiTargets(api);
      process.stdout.write(`\n${apiTable(api)}\n`);
      for (const check of apiTargets) {
        process.stdout.write(`${check.met ? 'MET    ' : 'NOT MET'}  ${check.target}: ${check.measured}\n`);
      }
    }
    let subscriptions: SubscriptionResult[] | undefined;
    if (opts.only.has('subscriptions')) {
      process.stdout.write('Live subscriptions\n');
      subscriptions = await runSubscriptionBench(
        database,
        opts.quick ? QUICK_SUBSCRIPTION_SCENARIOS : SUBSCRIPTION_SCENARIOS,
        (line) => process.stdout.write(`${line}\n`),
      );
      process.stdout.write(`\n${subscriptionTable(subscriptions)}\n`);
      for (const check of checkSubscriptionTargets(subscriptions)) {
        process.stdout.write(`${check.met ? 'MET    ' : 'NOT MET'}  ${check.target}: ${check.measured}\n`);
      }
    }
    if (opts.only.has('limits')) {
      process.stdout.write('Limits: huge definitions, hostile clients\n');
      // A database of its own: the live subscriptions' service already seeded its admin in this one.
      const limitsDatabase = await database.sibling('limits');
      const measures = await runLimitsBench(limitsDatabase, (line) =>
        process.stdout.write(`${line}\n`),
      ).finally(() => limitsDatabase.drop());
      for (const check of checkLimitTargets(measures)) {
        process.stdout.write(`${check.met ? 'MET    ' : 'NOT MET'}  ${check.target}: ${check.measured}\n`);
      }
    }
    let retention: RetentionResult | undefined;
    if (opts.only.has('retention')) {
      const events = opts.quick ? RETENTION_EVENTS / QUICK_DIVISOR : RETENTION_EVENTS;
      process.stdout.write(
        `History retention: a week of ${events} events dropped, another deleted, under load\n`,
      );
      const retentionDatabase = await database.sibling('retention');
      retention = await runRetentionBench(retentionDatabase, { events }, (line) =>
        process.stdout.write(`${line}\n`),
      ).finally(() => retentionDatabase.drop());
    }
    const summaries = tableOrder(summarize(results));
    const targets = checkTargets(summaries, memory);
    if (summaries.length > 0) process.stdout.write(`\n${terminalTable(summaries)}\n\n`);
    for (const check of targets) {
      process.stdout.write(`${check.met ? 'MET    ' : 'NOT MET'}  ${check.target}: ${check.measured}\n`);
    }
    if (memory) {
      process.stdout.write(
        `Memory: heap ${memory.heapSlopeMbPer10k.toFixed(2)} MB / RSS ${memory.rssSlopeMbPer10k.toFixed(2)} MB per 10,000 executions after warm-up\n`,
      );
    }
    if (opts.json) {
      await writeFile(opts.json, jsonReport(machine, summaries, api));
      process.stdout.write(`Wrote ${opts.json}\n`);
    }
    const engineRan = results.length > 0 || memory !== undefined;
    if (opts.docs && (engineRan || api.length > 0 || subscriptions || retention)) {
      const date = new Date().toISOString().slice(0, 10);
      const markdown = markdownReport({
        machine,
        summaries,
        targets,
        memory,
        runs: opts.runs,
        quick: opts.quick,
        engineSettings: engine.describeSettings(),
        date,
      });
      const file = new URL('../docs/performance.md', import.meta.url);
      const existing = await readFile(file, 'utf8').catch(() => undefined);
      const cpuList = cpus();
      const run = {
        date,
        quick: opts.quick,
        cores: cpuList.length,
        cpu: cpuList[0]?.model ?? 'unknown',
        loadAtStart,
      };
      await writeFile(
        file,
        mergePerformanceDoc(existing, {
          engine: engineRan ? markdown : undefined,
          api: api.length > 0 ? apiSection(api, apiTargets, { ...run, runs: opts.runs }) : undefined,
          subscriptions: subscriptions && subscriptionSection(subscriptions, run),
          retention: retention && retentionSection(retention, run),
        }),
      );
      process.stdout.write('Wrote docs/performance.md\n');
    }
  } finally {
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
