import 'reflect-metadata';
import { Logger, type INestApplication } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { assertDatabaseServerAvailable } from './database/database.server.js';
import { runMigrations } from './migrations.command.js';
import { reportProcessErrors } from './observability/error-reports/process-errors.js';
import { startTracing, type Tracing } from './observability/tracing/tracing.sdk.js';

/** A graceful shutdown still running after this long is cut short with exit code 1. */
const SHUTDOWN_DEADLINE_MS = 10_000;

const logger = new Logger('Stepgraph');

async function readConfig(): Promise<AppConfig> {
  try {
    const config = loadConfig(process.env);
    await assertDatabaseServerAvailable(config);
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // No logger exists yet: the message itself lists every problem.
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/**
 * SIGTERM or SIGINT: stop taking requests, let in-flight requests and jobs finish, close the
 * pools, stop the embedded database, export the spans still buffered, exit 0. Installed before
 * boot, so a signal during boot also stops what already started.
 */
function stopOnSignal(app: Promise<INestApplication>, tracing: Tracing | undefined): () => boolean {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received, shutting down`);
    setTimeout(() => {
      logger.error(`Shutdown did not finish within ${SHUTDOWN_DEADLINE_MS} ms; exiting`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    try {
      await (await app).close();
      // A collector that is down loses the last spans, not the clean exit.
      await tracing
        ?.shutdown()
        .catch((error: unknown) =>
          logger.warn(`Exporting the last spans failed: ${(error as Error).message}`),
        );
      logger.log('Stopped');
      process.exit(0);
    } catch (error) {
      logger.error(`Shutdown failed: ${(error as Error).message}`, (error as Error).stack);
      process.exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(signal));
  return () => stopping;
}

async function main(): Promise<void> {
  const config = await readConfig();
  if (config.role === 'migrate') {
    // No signal handler: a migrate step stopped half-way must exit non-zero, never 0 ("done").
    await runMigrations(config);
    process.exit(0);
  }
  // Before the app: the engine asks at every transition whether spans are recorded.
  const tracing = startTracing();
  const app = createApp(config);
  const stopping = stopOnSignal(app, tracing);
  reportProcessErrors(app, { stopping });
  const booted = await app;
  if (stopping()) return;
  await booted.listen(config.port, config.host);
  logger.log(`Stepgraph (${config.role}) listening on http://${config.host}:${config.port}`);
}

main().catch((error: unknown) => {
  // A refusal to run as configured is a message for the operator, not a crash: no stack.
  if (error instanceof ConfigError) logger.error(error.message);
  else logger.error(`Boot failed: ${(error as Error).message}`, (error as Error).stack);
  // The embedded database, if one started, is stopped by its exit hook.
  process.exit(1);
});
