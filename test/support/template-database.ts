/**
 * A database migrated once per run, which every test file's database is cloned from
 * (`CREATE DATABASE … TEMPLATE`): a copy costs a fraction of running every migration again, file
 * after file. The application still runs its migrations at boot and finds none pending.
 */
import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '../../src/database/database.migrator.js';
import { dataSourceOptions } from '../../src/database/database.options.js';
import { databaseUrl, onServer } from './database-server.js';

/** Creates and migrates the run's template on the server of `serverUrl`; returns its name. */
export async function createTemplateDatabase(serverUrl: string): Promise<string> {
  const name = `stepgraph_test_template_${randomBytes(4).toString('hex')}`;
  await onServer(serverUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  // TypeORM reports each migration through Nest's logger, which would print them all here.
  Logger.overrideLogger(['warn', 'error']);
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl(serverUrl, name))).initialize();
  try {
    await migrateDatabase(dataSource);
  } finally {
    // A template must have no session open while it is copied.
    await dataSource.destroy();
  }
  return name;
}

/** Drops the run's template. */
export async function dropTemplateDatabase(serverUrl: string, name: string): Promise<void> {
  await onServer(serverUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
  );
}
