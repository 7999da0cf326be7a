/**
 * pgbench, a peer: the server's own commit rate for one INSERT and one UPDATE per transaction,
 * the least a transaction that starts and advances an execution must cost. Runs PostgreSQL's
 * `pgbench` on the bench database with a custom script, one client per execution in flight, for a
 * fixed time; every transaction's latency is read from pgbench's log. Clients are capped to the
 * connections the server has free when it starts, less a margin (the engine reaches 1,000 in flight
 * over a pool of a few connections; other work on the server may hold some).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { percentiles, type ScenarioResult } from './bench.metrics.js';
import type { BenchDatabase } from './bench.database.js';

const run = promisify(execFile);
const PGBENCH_CANDIDATES = [process.env.PGBENCH, '/usr/bin/pgbench', '/usr/lib/postgresql/bin/pgbench'];
/** Connections left free for the engine, the peers, the samplers and superusers while pgbench runs. */
const CONNECTIONS_LEFT_FREE = 15;
const TABLE = 'pgbench_commits';
const SCRIPT = `BEGIN;
INSERT INTO ${TABLE} (step) VALUES (0);
UPDATE ${TABLE} SET step = 1 WHERE id = currval('${TABLE}_id_seq');
END;
`;
const MICROSECONDS_PER_MS = 1000;

/** Where pgbench is, or undefined if this machine has none. */
export function findPgbench(): string | undefined {
  return PGBENCH_CANDIDATES.find((path): path is string => path !== undefined && existsSync(path));
}

/** pgbench with its script and table, ready to run at any concurrency. */
export class Pgbench {
  private constructor(
    private readonly binary: string,
    private readonly directory: string,
  ) {}

  static async start(database: BenchDatabase, binary: string): Promise<Pgbench> {
    const directory = await mkdtemp(join(tmpdir(), 'stepgraph-pgbench-'));
    await writeFile(join(directory, 'commit.sql'), SCRIPT);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(`CREATE TABLE ${TABLE} (id bigserial PRIMARY KEY, step int NOT NULL)`);
    await client.end();
    return new Pgbench(binary, directory);
  }

  /** The clients pgbench runs for `concurrency` in flight: as many, or as many as the server has free. */
  private async clients(database: BenchDatabase, concurrency: number): Promise<number> {
    const { rows } = await database.admin.query<{ free: number }>(
      "SELECT current_setting('max_connections')::int - count(*)::int AS free FROM pg_stat_activity",
    );
    return Math.max(1, Math.min(concurrency, (rows[0]?.free ?? 0) - CONNECTIONS_LEFT_FREE));
  }

  /** Runs the script for `seconds` at `concurrency` clients (capped); commits/s and latencies. */
  async measure(
    database: BenchDatabase,
    plan: { readonly concurrency: number; readonly seconds: number },
  ): Promise<ScenarioResult> {
    const clients = await this.clients(database, plan.concurrency);
    const prefix = join(this.directory, `log-${plan.concurrency}-${Date.now()}`);
    const { stdout } = await run(
      this.binary,
      [
        '--no-vacuum',
        `--client=${clients}`,
        `--jobs=${Math.min(clients, cpus().length)}`,
        `--time=${plan.seconds}`,
        `--file=${join(this.directory, 'commit.sql')}`,
        '--log',
        `--log-prefix=${prefix}`,
        database.url,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const tps = /tps = ([\d.]+)/.exec(stdout);
    const committed = /number of transactions actually processed: (\d+)/.exec(stdout);
    if (!tps || !committed) throw new Error(`pgbench printed no rate:\n${stdout}`);
    const latencies = await this.readLatencies(prefix);
    const commits = Number(tps[1]);
    return {
      scenario: `pgbench INSERT+UPDATE (${clients} clients)`,
      system: 'pgbench',
      workflow: 'commit',
      concurrency: plan.concurrency,
      executions: Number(committed[1]),
      transitionsPerSecond: commits,
      executionsPerSecond: commits,
      stepGapMs: undefined,
      startToFinishMs: percentiles(latencies),
      peakRssMb: 0,
      peakConnections: clients,
      processCores: 0,
    };
  }

  async stop(): Promise<void> {
    await rm(this.directory, { recursive: true, force: true });
  }

  /** Each log line is `client transaction latency_us script epoch us`; the files are removed once read. */
  private async readLatencies(prefix: string): Promise<number[]> {
    const base = prefix.slice(this.directory.length + 1);
    const files = (await readdir(this.directory)).filter((name) => name.startsWith(base));
    const latencies: number[] = [];
    for (const name of files) {
      const path = join(this.directory, name);
      for (const line of (await readFile(path, 'utf8')).split('\n')) {
        const latency = Number(line.split(' ')[2]);
        if (line && Number.isFinite(latency)) latencies.push(latency / MICROSECONDS_PER_MS);
      }
      await rm(path);
    }
    return latencies;
  }
}
