import './typescript-require.cjs';
import { TEMPLATE_DATABASE_VARIABLE } from './database-server.js';
import { startTestPostgres, startTestRedis } from './harness.processes.js';
import { HARNESS, type Harness } from './harness.state.js';
import { EMBEDDED_POSTGRES_FOLDER_VARIABLE } from './kept-databases.js';
import { SERVICE_BUILD_VARIABLE, serviceBuildFolder } from './service.js';
import { createTemplateDatabase } from './template-database.js';

/**
 * Runs once before all test files. Without DATABASE_URL (a fresh machine), an embedded PostgreSQL
 * starts for the run and DATABASE_URL points at it; CI sets DATABASE_URL and this starts nothing.
 * Either way the run's migrated template database is created there (template-database.ts) and
 * announced as STEPGRAPH_TEST_TEMPLATE_DATABASE, and the folder of the run's service build, which
 * the first file that needs it builds (service.ts), as STEPGRAPH_TEST_SERVICE_BUILD. Without REDIS_URL, a `redis-server` on the PATH
 * is started and announced as STEPGRAPH_TEST_REDIS_URL. The workers Jest forks afterwards inherit
 * these variables.
 */
export default async function globalSetup(): Promise<void> {
  const serviceBuild = serviceBuildFolder();
  const harness: Harness = { folders: [], removals: [serviceBuild, `${serviceBuild}.lock`] };
  (globalThis as Record<symbol, unknown>)[HARNESS] = harness;
  if (!process.env.DATABASE_URL) {
    const postgres = await startTestPostgres();
    harness.folders.push(postgres.folder);
    harness.postgres = postgres.process;
    process.env.DATABASE_URL = postgres.process.value;
    process.env[EMBEDDED_POSTGRES_FOLDER_VARIABLE] = postgres.folder;
  }
  harness.templateDatabase = await createTemplateDatabase(process.env.DATABASE_URL);
  process.env[TEMPLATE_DATABASE_VARIABLE] = harness.templateDatabase;
  process.env[SERVICE_BUILD_VARIABLE] = serviceBuild;
  if (!process.env.REDIS_URL) {
    harness.redis = await startTestRedis();
    if (harness.redis) process.env.STEPGRAPH_TEST_REDIS_URL = harness.redis.value;
  }
}
