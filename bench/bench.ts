/**
 * `npm run bench`: the pg-boss ceiling, then Stepgraph on three workflows at 1, 100 and 1,000
 * executions in flight, then a memory run; prints a table and writes docs/performance.md. Then
 * live subscriptions, and the budgets of the service's limits (printed only).
 *
 * Options (or environment):
 *   --quick (BENCH_QUICK=1)        a tenth of the work and a 5,000-execution memory run; a smoke test,
 *                                  so docs/performance.md is left alone unless --docs is given
 *   --runs N (BENCH_RUNS)          measure every scenario N times and report medians (default 1)
 *   --only a,b                     scenarios among ceiling, pass, task, map, memory, subscriptions,
 *                                  limits (default all; subscriptions: bench/subscriptions.bench.ts,
 *                                  limits: bench/limits.scenario.ts)
 *   --concurrency 1,100            in-flight levels (default 1,100,1000)
 *   --docs / --no-docs             write docs/performance.md or not
 * Engine knobs (ENGINE_*, EXECUTION_MAX_TRANSITIONS) are passed through from the environment.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createBenchDatabase, describeMachine, type BenchDatabase } from './bench.database.js';
import type { ScenarioResult } from './bench.metrics.js';
import { markdownReport, terminalTable } from './bench.report.js';
import { summarize } from './bench.summary.js';
import { checkTargets } from './bench.targets.js';
import { MAP_FANOUT, MEMORY_WORKFLOW, PASS_CHAIN, TASK_CHAIN, type Workflow } from './bench.workflows.js';
import { Ceiling } from './ceiling.scenario.js';
import { BenchEngine } from './engine.scenario.js';
import { checkLimitTargets, runLimitsBench } from './limits.scenario.js';
import { runMemory, type MemoryResult } from './memory.scenario.js';
import { mergePerformanceDoc } from './performance.doc.js';
import {
  QUICK_SUBSCRIPTION_SCENARIOS,
  runSubscriptionBench,
  SUBSCRIPTION_SCENARIOS,
  type SubscriptionResult,
} from './subscriptions.bench.js';
import { checkSubscriptionTargets, subscriptionSection, subscriptionTable } from './subscriptions.report.js';

const CEILING_NAME = 'pg-boss chain (ceiling)';
const CHAIN_STEPS = 10;
const QUICK_DIVISOR = 10;
const MEMORY_EXECUTIONS = 100_000;
const QUICK_MEMORY_EXECUTIONS = 5_000;
const MEMORY_CONCURRENCY = 100;

/** Executions (or chains) to run per in-flight level: enough for a few seconds of steady state. */
const TOTALS: Record<string, Record<number, number>> = {
  ceiling: { 1: 100, 100: 1_000, 1000: 3_000 },
  pass: { 1: 1_000, 100: 5_000, 1000: 10_000 },
  task: { 1: 100, 100: 1_000, 1000: 3_000 },
  map: { 1: 3, 100: 200, 1000: 1_000 },
};

const WORKFLOWS: Record<string, Workflow> = { pass: PASS_CHAIN, task: TASK_CHAIN, map: MAP_FANOUT };

interface Options {
  readonly quick: boolean;
  readonly runs: number;
  readonly only: ReadonlySet<string>;
  readonly concurrency: readonly number[];
  readonly docs: boolean;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      runs: { type: 'string' },
      only: { type: 'string' },
      concurrency: { type: 'string' },
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
    only: new Set(list(values.only, 'ceiling,pass,task,map,memory,subscriptions,limits')),
    concurrency: list(values.concurrency, '1,100,1000').map(Number),
    docs: values['no-docs'] ? false : (values.docs ?? !quick),
  };
}

function total(options: Options, scenario: string, concurrency: number): number {
  const planned = TOTALS[scenario]?.[concurrency] ?? concurrency * 3;
  return options.quick ? Math.max(1, Math.ceil(planned / QUICK_DIVISOR)) : planned;
}

function progress(result: ScenarioResult): void {
  process.stdout.write(
    `  ${result.scenario} @ ${result.concurrency}: ${Math.round(result.transitionsPerSecond)} transitions/s\n`,
  );
}

async function measureCeiling(
  database: BenchDatabase,
  options: Options,
  batchSize: number,
): Promise<ScenarioResult[]> {
  const ceiling = await Ceiling.start(database, { steps: CHAIN_STEPS, batchSize });
  const results: ScenarioResult[] = [];
  try {
    for (const concurrency of options.concurrency) {
      const result = await ceiling.measure(database, {
        concurrency,
        total: total(options, 'ceiling', concurrency),
      });
      progress(result);
      results.push(result);
    }
  } finally {
    await ceiling.stop();
  }
  return results;
}

async function measureEngine(
  engine: BenchEngine,
  database: BenchDatabase,
  options: Options,
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const [key, workflow] of Object.entries(WORKFLOWS)) {
    if (!options.only.has(key)) continue;
    for (const concurrency of options.concurrency) {
      const result = await engine.measure(database, workflow, {
        concurrency,
        total: total(options, key, concurrency),
      });
      progress(result);
      results.push(result);
    }
  }
  return results;
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
      for (let run = 1; run <= opts.runs; run += 1) {
        process.stdout.write(`Run ${run} of ${opts.runs}\n`);
        if (opts.only.has('ceiling'))
          results.push(...(await measureCeiling(database, opts, engine.settings.concurrency)));
        results.push(...(await measureEngine(engine, database, opts)));
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
    // After the engine stopped: the service under test runs its own engine on the same database.
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
      const measures = await runLimitsBench(database, (line) => process.stdout.write(`${line}\n`));
      for (const check of checkLimitTargets(measures)) {
        process.stdout.write(`${check.met ? 'MET    ' : 'NOT MET'}  ${check.target}: ${check.measured}\n`);
      }
    }
    const summaries = summarize(results);
    const targets = checkTargets(
      summaries,
      { pass: PASS_CHAIN.name, task: TASK_CHAIN.name, ceiling: CEILING_NAME },
      memory,
    );
    process.stdout.write(`\n${terminalTable(summaries, CEILING_NAME)}\n\n`);
    for (const check of targets) {
      process.stdout.write(`${check.met ? 'MET    ' : 'NOT MET'}  ${check.target}: ${check.measured}\n`);
    }
    if (memory) {
      process.stdout.write(
        `Memory: heap ${memory.heapSlopeMbPer10k.toFixed(2)} MB / RSS ${memory.rssSlopeMbPer10k.toFixed(2)} MB per 10,000 executions after warm-up\n`,
      );
    }
    const engineRan = results.length > 0 || memory !== undefined;
    if (opts.docs && (engineRan || subscriptions)) {
      const date = new Date().toISOString().slice(0, 10);
      const markdown = markdownReport({
        machine,
        summaries,
        ceilingName: CEILING_NAME,
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
          subscriptions: subscriptions && subscriptionSection(subscriptions, run),
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
