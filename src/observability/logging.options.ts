import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { Params } from 'nestjs-pino';
import { destination, stdSerializers } from 'pino';
import type { Options } from 'pino-http';
import { requestIdOf } from '../common/request-id.js';
import type { AppConfig } from '../config/config.js';
import { HEALTH_PATH } from './health.constants.js';
import { censoredLogLine, requestLogFields } from '../common/log-secrets.js';
import { METRICS_PATH } from './metrics.controller.js';

/**
 * One structured logger (pino) for Nest, TypeORM, pg-boss and HTTP access logs: JSON lines in
 * production, pretty lines in a development terminal. Health probes and metrics scrapes are not access-logged.
 */
/** Polled by machines every few seconds: access lines for them would drown the rest. */
const UNLOGGED_PATHS = new Set([`/${HEALTH_PATH}`, `/${METRICS_PATH}`]);

export function loggerParams(config: AppConfig, stdoutIsTerminal = Boolean(process.stdout.isTTY)): Params {
  const pretty = config.nodeEnv === 'development' && stdoutIsTerminal;
  const options: Options = {
    level: config.logLevel,
    // Secrets: see log-secrets.ts. No path redaction: it searched every request's logger.
    serializers: { req: requestLogFields, res: stdSerializers.res, err: stdSerializers.err },
    wrapSerializers: false,
    hooks: { streamWrite: censoredLogLine },
    autoLogging: { ignore: (req) => UNLOGGED_PATHS.has(req.url?.split('?')[0] ?? '') },
    // The same id the error responses and GraphQL report, whichever middleware runs first.
    genReqId: requestIdOf,
    mixin: traceFields,
  };
  if (pretty)
    return { pinoHttp: { ...options, transport: { target: 'pino-pretty', options: { singleLine: true } } } };
  // Synchronous writes: pino's default stdout stream writes asynchronously, and the flush at
  // process.exit writes what is buffered while an earlier write may still be in flight, so the
  // last lines of a shutdown could reach the log out of order.
  return { pinoHttp: [options, destination({ dest: 1, sync: true })] };
}

/**
 * `trace_id` and `span_id` of the span active where a line is logged (docs/tracing.md): a line
 * written while the engine works on an execution carries the execution's trace. Nothing without one.
 */
export function traceFields(): Record<string, string> {
  const context = trace.getActiveSpan()?.spanContext();
  if (!context || !isSpanContextValid(context)) return {};
  return { trace_id: context.traceId, span_id: context.spanId };
}
