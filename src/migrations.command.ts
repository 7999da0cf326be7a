import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';

/**
 * `STEPGRAPH_ROLE=migrate`: boots the modules that migrate (AppModule.forRoot), which apply
 * Stepgraph's pending migrations under their advisory lock and install or upgrade pg-boss's schema,
 * then stops them. No port is opened and no job is worked: a deploy runs this once, to completion,
 * before it starts or replaces the serving processes.
 */
export async function runMigrations(config: AppConfig): Promise<void> {
  const context = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  context.useLogger(context.get(Logger));
  new NestLogger('Migrations').log('The database is migrated for this version');
  await context.close();
}
