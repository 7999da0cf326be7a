/**
 * History retention under load (issue 13; docs/retention.md): two old weeks of 1,000,000 history
 * events each (bulk SQL, test/support/old-history.ts) in a database of their own, and a small
 * workload starting executions (a three-state Pass chain, whole in its start transaction, which
 * writes `executions`, `execution_names`, `execution_events` and `runs`) without a pause. Then one
 * week goes the way retention removes it (detach + drop of its partitions) and the other the way a
 * table without partitions would have to (DELETE of the same rows, one transaction), each while the
 * workload runs. Reported per phase: how long it took, the workload's start latencies (p50, p99,
 * max) beside the quiet phase before, the most sessions seen waiting for a lock (pg_locks sampled
 * every 20 ms) and the dead rows left behind.
 */
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module.js';
import { loadConfig } from '../src/config/config.js';
import { HistoryRetention } from '../src/engine/retention/history-retention.js';
import { ExecutionCommands } from '../src/engine/start/execution.commands.js';
import { createWeek, insertOldExecutions, weekStart } from '../test/support/old-history.js';
import type { BenchDatabase } from './bench.database.js';

const EVENTS_PER_EXECUTION = 100;
const QUIET_MS = 3000;
const SAMPLE_MS = 20;
const WORKLOAD_CLIENTS = 4;
const PASS_CHAIN = {
  StartAt: 'A',
  States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'C' }, C: { Type: 'Pass', End: true } },
};

/** One phase: the quiet one, the drop, the DELETE. */
export interface RetentionPhase {
  readonly name: 'quiet' | 'drop' | 'delete';
  readonly ms: number;
  readonly starts: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly maxLockWaiters: number;
  /** Dead tuples the removal left in the tables (not counted for a dropped table: it is gone). */
  readonly deadRows: number;
}

export interface RetentionResult {
  readonly events: number;
  readonly phases: readonly RetentionPhase[];
}

export async function runRetentionBench(
  database: BenchDatabase,
  opts: { readonly events: number },
  log: (line: string) => void,
): Promise<RetentionResult> {
  const config = loadConfig({
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'error',
    DATABASE_URL: database.url,
    STEPGRAPH_ROLE: 'worker',
    ENGINE_SWEEP_INTERVAL_SECONDS: '86400',
    HISTORY_RETENTION_DAYS: '30',
  });
  Logger.overrideLogger(['error']);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  await app.init();
  try {
    const dataSource = app.get(DataSource);
    const commands = app.get(ExecutionCommands, { strict: false });
    const retention = app.get(HistoryRetention, { strict: false });
    const oldMachine = await createMachine(dataSource, {
      StartAt: 'P',
      States: { P: { Type: 'Pass', End: true } },
    });
    const workMachine = await createMachine(dataSource, PASS_CHAIN);
    const executions = Math.ceil(opts.events / EVENTS_PER_EXECUTION);
    const stoppedAt = new Date(Date.now() - 60 * 86_400_000);
    const dropped = await weekStart(dataSource, 12);
    const deleted = await weekStart(dataSource, 11);
    for (const day of [dropped, deleted]) {
      log(`  building a week of ${executions} executions, ${executions * EVENTS_PER_EXECUTION} events`);
      await createWeek(dataSource, day);
      for (let done = 0; done < executions; done += 10_000)
        await insertOldExecutions(
          dataSource,
          { stateMachineId: oldMachine, day, stoppedAt, events: EVENTS_PER_EXECUTION },
          Math.min(10_000, executions - done),
        );
    }
    await dataSource.query('VACUUM ANALYZE');

    let latencies: number[] = [];
    let running = true;
    const clients = Array.from({ length: WORKLOAD_CLIENTS }, async () => {
      while (running) {
        const started = performance.now();
        await commands.start({ stateMachineId: workMachine, input: {} });
        latencies.push(performance.now() - started);
      }
    });
    const phase = async (
      name: RetentionPhase['name'],
      work: () => Promise<unknown>,
      deadRows: () => Promise<number>,
    ): Promise<RetentionPhase> => {
      latencies = [];
      let maxLockWaiters = 0;
      let sampling = false;
      const sampler = setInterval(() => {
        if (sampling) return;
        sampling = true;
        void database.admin
          .query<{ n: number }>(
            'SELECT count(DISTINCT pid)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE NOT l.granted AND d.datname = $1',
            [database.name],
          )
          .then((result) => (maxLockWaiters = Math.max(maxLockWaiters, result.rows[0]?.n ?? 0)))
          .catch(() => undefined)
          .finally(() => (sampling = false));
      }, SAMPLE_MS);
      const started = performance.now();
      await work();
      const ms = performance.now() - started;
      clearInterval(sampler);
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
      const result = {
        name,
        ms,
        starts: sorted.length,
        latencyMs: { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 },
        maxLockWaiters,
        deadRows: await deadRows(),
      };
      log(
        `  ${name}: ${ms.toFixed(0)} ms, ${result.starts} starts, latency p50 ${result.latencyMs.p50.toFixed(1)} / p99 ${result.latencyMs.p99.toFixed(1)} / max ${result.latencyMs.max.toFixed(1)} ms, ${maxLockWaiters} lock waiters at most, ${result.deadRows} dead rows`,
      );
      return result;
    };
    const deadIn = (day: number) => async () => {
      await dataSource.query('SELECT pg_stat_force_next_flush()').catch(() => undefined);
      const suffix = new Date(day * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
      const [row] = await dataSource.query<{ n: string }[]>(
        `SELECT coalesce(sum(n_dead_tup), 0)::text AS n FROM pg_stat_user_tables WHERE relname LIKE $1`,
        [`%_w${suffix}`],
      );
      return Number(row?.n ?? 0);
    };
    const phases: RetentionPhase[] = [];
    phases.push(
      await phase(
        'quiet',
        () => new Promise((resolve) => setTimeout(resolve, QUIET_MS)),
        async () => 0,
      ),
    );
    // The DELETE first: retention drops every expired week, this one too once it is empty.
    phases.push(
      await phase(
        'delete',
        () =>
          dataSource.transaction(async (manager) => {
            const range = [deleted, deleted + 7];
            const where = 'history_day >= $1 AND history_day < $2';
            await manager.query(`DELETE FROM execution_events WHERE ${where}`, range);
            await manager.query(`DELETE FROM tasks WHERE ${where}`, range);
            await manager.query(`DELETE FROM runs WHERE ${where}`, range);
            await manager.query(`DELETE FROM execution_names WHERE ${where}`, range);
            await manager.query(`DELETE FROM executions WHERE ${where}`, range);
          }),
        deadIn(deleted),
      ),
    );
    phases.push(await phase('drop', () => retention.run(), deadIn(dropped)));
    running = false;
    await Promise.all(clients);
    return { events: executions * EVENTS_PER_EXECUTION, phases };
  } finally {
    await app.close();
  }
}

async function createMachine(dataSource: DataSource, definition: object): Promise<string> {
  const id = randomUUID();
  await dataSource.transaction(async (manager) => {
    await manager.query('INSERT INTO state_machines (id, name) VALUES ($1, $2)', [
      id,
      `retention-${id.slice(0, 8)}`,
    ]);
    await manager.query(
      'INSERT INTO state_machine_versions (state_machine_id, version, definition, definition_sha256) VALUES ($1, 1, $2, $3)',
      [id, JSON.stringify(definition), createHash('sha256').update(JSON.stringify(definition)).digest('hex')],
    );
  });
  return id;
}

/** The markdown section of docs/performance.md. */
export function retentionSection(
  result: RetentionResult,
  run: {
    readonly date: string;
    readonly cores: number;
    readonly cpu: string;
    readonly loadAtStart: number;
  },
): string {
  const row = (p: RetentionPhase) =>
    `| ${p.name === 'quiet' ? 'nothing (before)' : p.name === 'drop' ? 'retention: detach + drop the week' : 'DELETE of the same rows'} | ${p.name === 'quiet' ? '–' : `${(p.ms / 1000).toFixed(2)} s`} | ${p.starts} | ${p.latencyMs.p50.toFixed(1)} | ${p.latencyMs.p99.toFixed(1)} | ${p.latencyMs.max.toFixed(1)} | ${p.maxLockWaiters} | ${p.name === 'quiet' ? '–' : p.deadRows} |`;
  return `## History retention (${run.date})

Removing a week of ${result.events.toLocaleString('en-US')} history events while ${WORKLOAD_CLIENTS} clients start executions
(a three-state Pass chain, whole in its start transaction) without a pause; ${run.cores} cores (${run.cpu}), load
${run.loadAtStart.toFixed(1)} at the start. Latencies are the workload's starts during the phase;
lock waiters: the most sessions of the bench database seen waiting for a lock (pg_locks every ${SAMPLE_MS} ms);
dead rows: left in the week's tables for VACUUM (bench/retention.scenario.ts, docs/retention.md). The DELETE is
one transaction over the week's rows (what retention without partitions would do); the drop is one retention run,
which also drops the two other expired weeks then empty (the legacy one and the week the DELETE emptied).

| removal | took | starts | p50 ms | p99 ms | max ms | lock waiters | dead rows |
| --- | --- | --- | --- | --- | --- | --- | --- |
${result.phases.map(row).join('\n')}`;
}
