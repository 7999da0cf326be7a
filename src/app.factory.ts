import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';
import { serveConsole } from './console/console.setup.js';
import { mountAwsBodyReader } from './aws/protocol/aws-body.reader.js';
import { mountHttpMetrics } from './http/http.metrics.js';
import { configureHttp } from './http/http.setup.js';
import { mountWebhookBodyReader } from './webhooks/webhook-body.reader.js';

/**
 * Builds the application for one configuration, not yet listening. Production (main.ts) and the
 * e2e harness both boot through here, so tests run exactly what production runs.
 */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), {
    bufferLogs: true,
    // Throw boot errors to the caller, which stops what already started, instead of process.abort().
    abortOnError: false,
    // During shutdown, new requests get 503 and `Connection: close`; in-flight ones complete.
    return503OnClosing: true,
  });
  app.useLogger(app.get(Logger));
  // First: every answer is timed, those of the body readers below included.
  mountHttpMetrics(app);
  // Before the JSON parser of configureHttp: a hook's signature covers its body's raw bytes.
  if (config.runsApi) mountWebhookBodyReader(app, config);
  // Also before it: a Signature Version 4 covers the raw bytes of a `POST /` to the AWS endpoint.
  if (config.runsApi) mountAwsBodyReader(app);
  // Every role: /health and /metrics answer errors as problem+json too.
  configureHttp(app, config);
  // The web console is a face of the API: only processes that serve the API serve it.
  if (config.runsApi) serveConsole(app);
  return app;
}
