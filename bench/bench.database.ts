/**
 * The bench's own database: created on the server of DATABASE_URL (or the embedded one when it is
 * unset) and dropped at the end, so a bench run never touches user data.
 */
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { Logger } from '@nestjs/common';
import pg from 'pg';
import { loadConfig } from '../src/config/config.js';
import { openDatabaseServer } from '../src/database/database.server.js';

/** A database created for one bench run. */
export interface BenchDatabase {
  readonly name: string;
  readonly url: string;
  /** Whether the server is the embedded cluster this run started. */
  readonly embedded: boolean;
  /** A connection to the server's maintenance database, for the samplers and the machine report. */
  readonly admin: pg.Client;
  /** Drops the database and stops an embedded server. */
  drop(): Promise<void>;
  /**
   * Another database on the same server, named after this one and `suffix`, for a scenario that
   * needs an empty one (a service seeds its first admin only where there is no user yet). Its
   * `drop` drops that database alone.
   */
  sibling(suffix: string): Promise<BenchDatabase>;
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  Logger.overrideLogger(['error']);
  const server = await openDatabaseServer(loadConfig(process.env), new Logger('EmbeddedPostgres'));
  const name = `stepgraph_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server.url, application_name: 'stepgraph-bench' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  const urlOf = (database: string) => {
    const url = new URL(server.url);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const dropDatabase = (database: string) =>
    admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(database)} WITH (FORCE)`);
  const sibling = async (suffix: string): Promise<BenchDatabase> => {
    const siblingName = `${name}_${suffix}`;
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(siblingName)}`);
    return {
      name: siblingName,
      url: urlOf(siblingName),
      embedded: server.embedded,
      admin,
      drop: async () => void (await dropDatabase(siblingName)),
      sibling,
    };
  };
  return {
    name,
    url: urlOf(name),
    embedded: server.embedded,
    admin,
    async drop() {
      await dropDatabase(name);
      await admin.end();
      await server.stop();
    },
    sibling,
  };
}

/** PostgreSQL settings that decide commit throughput, reported beside the figures. */
const REPORTED_SETTINGS = [
  'shared_buffers',
  'synchronous_commit',
  'fsync',
  'wal_level',
  'max_wal_size',
  'max_connections',
  'work_mem',
];

/** The machine and server the figures were measured on. */
export interface MachineDescription {
  readonly cpu: string;
  readonly cores: number;
  readonly ramGb: number;
  readonly node: string;
  readonly postgres: string;
  readonly settings: Readonly<Record<string, string>>;
  readonly embedded: boolean;
  /** 1-minute load average when the run began: other work on the machine makes the figures noisy. */
  readonly loadAtStart: number;
}

export async function describeMachine(
  database: BenchDatabase,
  loadAtStart: number,
): Promise<MachineDescription> {
  const version = await database.admin.query<{ server_version: string }>('SHOW server_version');
  const settings = await database.admin.query<{ name: string; setting: string; unit: string | null }>(
    'SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name = ANY($1) ORDER BY name',
    [REPORTED_SETTINGS],
  );
  const cpuList = cpus();
  return {
    cpu: cpuList[0]?.model ?? 'unknown',
    cores: cpuList.length,
    ramGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    postgres: version.rows[0]?.server_version ?? 'unknown',
    settings: Object.fromEntries(settings.rows.map((row) => [row.name, row.setting])),
    embedded: database.embedded,
    loadAtStart,
  };
}
