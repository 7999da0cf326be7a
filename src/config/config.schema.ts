import { z } from 'zod';
import {
  DEFAULT_JSONATA_INLINE_STEPS,
  DEFAULT_JSONPATH_STEPS,
  DEFAULT_MAX_RESULT_BYTES,
  MAX_PAYLOAD_BYTES,
} from '../asl/index.js';

/**
 * Processes share a database; each runs the API, the engine, or both (docs/design.md §2). `migrate`
 * applies the pending migrations and exits: a deploy runs it once, before the processes.
 */
export const ROLES = ['all', 'api', 'worker', 'migrate'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/**
 * Test-only places where an engine process kills itself (ENGINE_TEST_CRASH_POINT), for the
 * reliability tests (docs/testing.md R2). `http-task-before-commit`: after an HTTP Task's call returned,
 * inside the transaction that applies its result, before that transaction commits.
 */
export const CRASH_POINTS = [
  'http-task-before-commit',
  // A transaction that scheduled an HTTP Task or a nested start committed; this process has not
  // begun the work it carries out itself after the commit (the queued job is its fallback).
  'task-after-commit',
  // A client's act (a state machine stored, an execution started…) has made its change inside its
  // transaction and is about to append its audit row there.
  'audited-act-before-record',
  // A client's act succeeded and committed; its answer is not sent yet.
  'audited-act-before-answer',
  // The scheduler has decided fires (rows written, executions started, cursor moved) inside its
  // transaction, which is about to commit.
  'schedule-fire-before-commit',
  // A batch of a bulk operation has stopped or redriven its executions (each committed); the
  // next batch is not enqueued yet and the batch's job not completed.
  'bulk-batch-after-commit',
] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

const url = (protocols: readonly string[]) =>
  z.url({
    protocol: new RegExp(`^(${protocols.join('|')})$`),
    error: `must be a ${protocols.join(' or ')} URL`,
  });

/** How long one JSONata expression may run on a worker thread before its state fails. */
export const DEFAULT_EXPRESSION_TIMEOUT_MS = 10_000;
const DEFAULT_JOB_LEASE_SECONDS = 60;
/** How often a watched subscription topic is read again from PostgreSQL without a notification. */
const DEFAULT_CATCH_UP_INTERVAL_MS = 3000;
const DEFAULT_STATEMENT_TIMEOUT_SECONDS = 60;
/** How often an engine process looks for due schedules: a fire starts at most about this late. */
const DEFAULT_SCHEDULER_INTERVAL_MS = 250;

/** `true` or `false`, nothing else: a typo must not silently mean either. */
const booleanFlag = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .transform((v) => v === 'true');

/**
 * The environment Stepgraph reads, validated once at boot. Empty strings count as unset so that a
 * copied `.env.example` with blank values behaves like no value at all.
 */
export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: url(['postgres', 'postgresql']).optional(),
  REDIS_URL: url(['redis', 'rediss']).optional(),
  STEPGRAPH_ROLE: z.enum(ROLES).default('all'),
  MIGRATE_ON_BOOT: booleanFlag.default(true),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  DATA_DIR: z.string().min(1).default('.data'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ADMIN_EMAIL: z.email('must be an email address').optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(31_536_000).default(2_592_000),
  GRAPHQL_INTROSPECTION: booleanFlag.optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  AUTH_RATE_LIMIT_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  WS_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).default(50),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  HTTP_TASK_ALLOW_LIST: z.string().default(''),
  HTTP_TASK_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(60),
  HTTP_TASK_MAX_RESPONSE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(256 * 1024),
  ENGINE_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  ENGINE_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(16),
  EXECUTION_MAX_TRANSITIONS: z.coerce.number().int().min(1).max(1_000_000).default(25_000),
  DATABASE_STATEMENT_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(DEFAULT_STATEMENT_TIMEOUT_SECONDS),
  ENGINE_JOB_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(DEFAULT_JOB_LEASE_SECONDS),
  ENGINE_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  HISTORY_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(90),
  ENGINE_TEST_CRASH_POINT: z.enum(CRASH_POINTS).optional(),
  SCHEDULER_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(50)
    .max(3_600_000)
    .default(DEFAULT_SCHEDULER_INTERVAL_MS),
  EXPRESSION_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).optional(),
  JSONATA_INLINE_STEPS: z.coerce.number().int().min(1).max(10_000_000).default(DEFAULT_JSONATA_INLINE_STEPS),
  EXPRESSION_MAX_RESULT_BYTES: z.coerce
    .number()
    .int()
    .min(MAX_PAYLOAD_BYTES)
    .max(64 * 1024 * 1024)
    .default(DEFAULT_MAX_RESULT_BYTES),
  SUBSCRIPTION_CATCH_UP_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(3_600_000)
    .default(DEFAULT_CATCH_UP_INTERVAL_MS),
  JSONPATH_MAX_STEPS: z.coerce.number().int().min(1000).max(10_000_000).default(DEFAULT_JSONPATH_STEPS),
  PUBLIC_URL: url(['http', 'https']).optional(),
  WEBHOOK_SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  WEBHOOK_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(256 * 1024),
  WEBHOOK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  AWS_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-[0-9]+$/, 'must be an AWS region name such as us-east-1')
    .default('us-east-1'),
  AWS_ACCOUNT_ID: z
    .string()
    .regex(/^[0-9]{12}$/, 'must be 12 digits')
    .default('123456789012'),
  SENTRY_DSN: url(['http', 'https']).optional(),
  SENTRY_ENVIRONMENT: z.string().min(1).optional(),
  SENTRY_RELEASE: z.string().min(1).optional(),
});

/**
 * Rules that span variables. They are checked on the raw environment so that they are reported
 * together with the per-variable problems, not only once those are fixed.
 */
export function crossVariableProblems(env: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  // The migrate role signs nothing: a deploy job that only migrates needs no signing secret.
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET && env.STEPGRAPH_ROLE !== 'migrate')
    problems.push('JWT_SECRET is required when NODE_ENV=production');
  if (env.NODE_ENV === 'production' && env.ENGINE_TEST_CRASH_POINT)
    problems.push('ENGINE_TEST_CRASH_POINT is for tests only and refused when NODE_ENV=production');
  if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  problems.push(...expressionTimeoutProblems(env));
  return problems;
}

/**
 * A state evaluates a JSONata expression on a worker thread inside the transaction that holds its
 * execution, and may evaluate a few (a field, then its Catcher's): their budget must leave the
 * job's lease and the database's idle-in-transaction timeout far behind. Unset, it is the default
 * or a quarter of the shorter of the two, whichever is less.
 */
export const EXPRESSION_TIMEOUT_SHARE = 4;

function expressionTimeoutProblems(env: Readonly<Record<string, string>>): string[] {
  if (env.EXPRESSION_TIMEOUT_MS === undefined) return [];
  const timeoutMs = Number(env.EXPRESSION_TIMEOUT_MS);
  const limits = [
    ['ENGINE_JOB_LEASE_SECONDS', Number(env.ENGINE_JOB_LEASE_SECONDS ?? DEFAULT_JOB_LEASE_SECONDS)],
    [
      'DATABASE_STATEMENT_TIMEOUT_SECONDS',
      Number(env.DATABASE_STATEMENT_TIMEOUT_SECONDS ?? DEFAULT_STATEMENT_TIMEOUT_SECONDS),
    ],
  ] as const;
  return limits
    .filter(([, seconds]) => timeoutMs * EXPRESSION_TIMEOUT_SHARE > seconds * 1000)
    .map(([name]) => `EXPRESSION_TIMEOUT_MS must be at most a quarter of ${name} (in milliseconds)`);
}

export type Environment = z.infer<typeof environmentSchema>;
