import type { Params } from 'nestjs-pino';
import { requestIdOf } from '../common/request-id.js';
import type { AppConfig } from '../config/config.js';
import { HEALTH_PATH } from './health.constants.js';
import { METRICS_PATH } from './metrics.controller.js';

/** Keys whose values never reach a log line, wherever they appear (headers, bodies, context). */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'taskToken',
  'apiKey',
  'secret',
  'jwtSecret',
];
/** Depth searched for secret keys: `req.headers.authorization` sits three levels down. */
const SECRET_KEY_MAX_DEPTH = 4;

/** pino redaction paths for every secret key at every depth up to {@link SECRET_KEY_MAX_DEPTH}. */
function secretPaths(): string[] {
  const segment = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`);
  return Array.from({ length: SECRET_KEY_MAX_DEPTH }, (_, depth) => Array(depth).fill('*').join('.')).flatMap(
    (parents) => SECRET_KEYS.map((key) => (parents + segment(key)).replace(/^\./, '')),
  );
}

/**
 * One structured logger (pino) for Nest, TypeORM, pg-boss and HTTP access logs: JSON lines in
 * production, pretty lines in a development terminal. Health probes and metrics scrapes are not access-logged.
 */
/** Polled by machines every few seconds: access lines for them would drown the rest. */
const UNLOGGED_PATHS = new Set([`/${HEALTH_PATH}`, `/${METRICS_PATH}`]);

export function loggerParams(config: AppConfig, stdoutIsTerminal = Boolean(process.stdout.isTTY)): Params {
  const pretty = config.nodeEnv === 'development' && stdoutIsTerminal;
  return {
    pinoHttp: {
      level: config.logLevel,
      redact: { paths: secretPaths(), censor: '[redacted]' },
      transport: pretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
      autoLogging: { ignore: (req) => UNLOGGED_PATHS.has(req.url?.split('?')[0] ?? '') },
      // The same id the error responses and GraphQL report, whichever middleware runs first.
      genReqId: requestIdOf,
    },
  };
}
