import { join } from 'node:path';
import type { AppConfig } from '../config/config.js';
import {
  loadEmbeddedPostgres,
  startEmbeddedPostgres,
  type EmbeddedPostgresOptions,
  type LauncherLogger,
} from './embedded-postgres.launcher.js';

/** Injection token for the {@link DatabaseServer} of this process. */
export const DATABASE_SERVER = Symbol('DATABASE_SERVER');

/** The database that the embedded cluster serves Stepgraph from. */
export const EMBEDDED_DATABASE_NAME = 'stepgraph';

/** Tried first for the embedded cluster: beside, not on, a PostgreSQL the machine may already run. */
export const EMBEDDED_POSTGRES_PORT = 5433;

/** The PostgreSQL this process talks to: the configured one, or an embedded one it started. */
export interface DatabaseServer {
  readonly url: string;
  readonly embedded: boolean;
  /** Stops the embedded cluster; a no-op for a configured server, which is not ours to stop. */
  stop(): Promise<void>;
}

/**
 * `DATABASE_URL` when set; otherwise an embedded cluster under `<DATA_DIR>/postgres` serving the
 * `stepgraph` database, so a fresh machine needs nothing but Node. `detached`: see
 * {@link EmbeddedPostgresOptions.detached}.
 */
export async function openDatabaseServer(
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>,
  logger: LauncherLogger,
  options: Pick<EmbeddedPostgresOptions, 'detached'> = {},
): Promise<DatabaseServer> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, stop: async () => undefined };
  const cluster = await startEmbeddedPostgres({
    dataDirectory: join(config.dataDir, 'postgres'),
    preferredPort: EMBEDDED_POSTGRES_PORT,
    detached: options.detached,
    logger,
  });
  try {
    await cluster.ensureDatabase(EMBEDDED_DATABASE_NAME);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return { url: cluster.urlFor(EMBEDDED_DATABASE_NAME), embedded: true, stop: () => cluster.stop() };
}

/**
 * Throws the ConfigError of {@link openDatabaseServer}'s one unfixable-at-runtime case (no
 * `DATABASE_URL` and no `embedded-postgres` package, as in the production image) before anything
 * boots, so that it reaches the operator as one line instead of inside a framework's stack trace.
 */
export async function assertDatabaseServerAvailable(config: Pick<AppConfig, 'databaseUrl'>): Promise<void> {
  if (!config.databaseUrl) await loadEmbeddedPostgres();
}
