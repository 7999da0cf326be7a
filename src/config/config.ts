import {
  crossVariableProblems,
  DEFAULT_EXPRESSION_TIMEOUT_MS,
  environmentSchema,
  EXPRESSION_TIMEOUT_SHARE,
  type CrashPoint,
  type Environment,
} from './config.schema.js';

export type { CrashPoint } from './config.schema.js';

/** The one typed configuration object. Nothing else in src/ reads process.env. */
export interface AppConfig {
  readonly nodeEnv: Environment['NODE_ENV'];
  readonly isProduction: boolean;
  readonly port: number;
  readonly host: string;
  /** Unset: an embedded PostgreSQL is started under `dataDir`. */
  readonly databaseUrl: string | undefined;
  /**
   * How long a statement may run, and a transaction stay idle between statements, before the
   * server ends it; a client that hears nothing back for about as long drops its connection.
   */
  readonly databaseStatementTimeoutMs: number;
  /** Unset: pub/sub stays in this process. */
  readonly redisUrl: string | undefined;
  readonly role: Environment['STEPGRAPH_ROLE'];
  /** Whether this process serves GraphQL and REST. */
  readonly runsApi: boolean;
  /** Whether this process consumes engine jobs. */
  readonly runsEngine: boolean;
  /**
   * Whether a process that serves (every role but `migrate`) applies pending migrations at boot, or
   * refuses to start while one is pending because a deploy step runs them (`STEPGRAPH_ROLE=migrate`).
   */
  readonly migrateOnBoot: boolean;
  readonly logLevel: Environment['LOG_LEVEL'];
  /** Where local state lives: the embedded database, the generated JWT secret. */
  readonly dataDir: string;
  /** Unset outside production: a secret is generated once and kept under `dataDir`. */
  readonly jwtSecret: string | undefined;
  readonly admin: { readonly email: string; readonly password: string } | undefined;
  readonly auth: AuthConfig;
  /** Introspection and "did you mean" suggestions: on outside production unless GRAPHQL_INTROSPECTION says otherwise. */
  readonly graphqlIntrospection: boolean;
  readonly rateLimits: RateLimitConfig;
  /**
   * How many reverse proxies in front of Stepgraph append to X-Forwarded-For. 0: the client address
   * is the socket's, and X-Forwarded-For is ignored (a client could forge it).
   */
  readonly trustProxyHops: number;
  readonly httpTask: HttpTaskConfig;
  readonly engine: EngineConfig;
  readonly expressions: ExpressionConfig;
  readonly subscriptions: SubscriptionConfig;
  /** Where clients reach this service (`https://stepgraph.example.com`), for absolute URLs it hands out. */
  readonly publicUrl: string | undefined;
  readonly webhooks: WebhookConfig;
  readonly aws: AwsConfig;
  /** Unset: unhandled errors are logged and counted, and sent nowhere. */
  readonly sentry: SentryConfig | undefined;
}

/** Where unhandled errors are sent (src/observability/error-reports), when SENTRY_DSN is set. */
export interface SentryConfig {
  readonly dsn: string;
  /** SENTRY_ENVIRONMENT, else NODE_ENV. */
  readonly environment: string;
  /** SENTRY_RELEASE, else Sentry's guess from a CI's commit variable (GITHUB_SHA and the like), if any. */
  readonly release: string | undefined;
}

/** What the AWS Step Functions endpoint (src/aws) writes into the ARNs it hands out and reads. */
export interface AwsConfig {
  readonly region: string;
  readonly accountId: string;
}

/** How `/hooks/<id>` takes calls (src/webhooks). */
export interface WebhookConfig {
  /**
   * The key that encrypts hook secrets at rest. Unset: derived from the JWT secret, which rotating
   * JWT_SECRET then changes (every hook needs a new secret).
   */
  readonly secretKey: string | undefined;
  /** Bytes of a call's body at most: larger ones get 413. */
  readonly maxBodyBytes: number;
  /** Calls per minute one hook takes, from everyone together: more get 429. */
  readonly perHookPerMinute: number;
}

/** How the API keeps its GraphQL subscribers up to date. */
export interface SubscriptionConfig {
  /**
   * How often each watched topic is read again from PostgreSQL even without a notification, in
   * milliseconds. Notifications are best-effort (docs/design.md §3 rule 7): a lost last notification
   * or a Redis outage would otherwise leave a subscriber waiting forever. PostgreSQL is the truth,
   * so every subscriber receives everything within about this long, Redis or not.
   */
  readonly catchUpIntervalMs: number;
}

/** How much work one expression may do before its state fails (src/asl/evaluation-budget.ts). */
export interface ExpressionConfig {
  /** JSONata evaluation steps on the event loop before the expression moves to a worker thread. */
  readonly jsonataInlineSteps: number;
  /** Wall-clock milliseconds a JSONata expression may take on a worker thread, its wait included. */
  readonly timeoutMs: number;
  /** UTF-8 bytes of one JSONata, JSONPath or intrinsic result's JSON text. */
  readonly maxResultBytes: number;
  /** Nodes one JSONPath query may visit. */
  readonly jsonPathSteps: number;
}

/** How the engine runs `arn:aws:states:::http:invoke` tasks. */
export interface HttpTaskConfig {
  /** Hosts and CIDRs reachable even though they are private, loopback or link-local. */
  readonly allowList: readonly string[];
  /** Whole-call timeout in milliseconds. */
  readonly timeoutMs: number;
  /** Response body cap in bytes. */
  readonly maxResponseBytes: number;
}

/** How an engine process works its queues. */
export interface EngineConfig {
  /**
   * Transactions an engine process runs at once on the transition queue, and HTTP Task calls at
   * once on theirs; each holds a database connection while it runs.
   */
  readonly concurrency: number;
  /** Transition jobs advanced together in one transaction (1: one transaction per job). */
  readonly batchSize: number;
  /** States one execution may enter before it fails with `States.Runtime` (docs/testing.md R13). */
  readonly maxExecutionTransitions: number;
  /**
   * How long a worker holds a transition job before pg-boss hands it to another one (an HTTP
   * Task's job: its call's timeout plus this), and how often engine processes look for such
   * expired jobs: a killed worker's step runs again within about twice this. The process that
   * enqueues a job sets its lease, so every process of a deployment should share this setting.
   */
  readonly jobLeaseSeconds: number;
  /**
   * How often the scheduler of an engine process looks for due schedules (docs/triggers.md,
   * "Firing"); a fire's execution starts at most about this long after its time.
   */
  readonly schedulerIntervalMs: number;
  /**
   * How often one engine process (an advisory lock) sweeps: re-arms overdue work whose job was lost
   * and repairs or fails executions that nothing keeps alive (docs/design.md §3 rule 6).
   */
  readonly sweepIntervalSeconds: number;
  /**
   * Days an ended execution and its history are kept after it ended; 0 keeps them forever. One
   * engine process applies it every sweep interval by dropping whole weeks (docs/retention.md).
   */
  readonly historyRetentionDays: number;
  /** Test-only: where this process kills itself (docs/testing.md R2); never set in production. */
  readonly testCrashPoint: CrashPoint | undefined;
}

export interface AuthConfig {
  /** Lifetime of an access JWT. */
  readonly accessTokenTtlSeconds: number;
  /** Lifetime of a refresh token; each refresh issues a new one with a fresh lifetime. */
  readonly refreshTokenTtlSeconds: number;
}

export interface RateLimitConfig {
  /** Requests per minute from one client address, every route and GraphQL operation together. */
  readonly perIpPerMinute: number;
  /** Login and refresh attempts per minute for one account (email or refresh-token session). */
  readonly authPerAccountPerMinute: number;
  /** Login and refresh attempts per minute from one client address. */
  readonly authPerIpPerMinute: number;
  /** Open graphql-ws sockets from one client address. */
  readonly socketsPerIp: number;
}

/** Raised at boot when the environment is invalid; its message lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Injection token for the AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');

const MS_PER_SECOND = 1000;

/** A comma-separated list, entries trimmed, empty entries dropped. */
function listOf(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

function withoutBlanks(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
}

/** Validates an environment and builds the AppConfig, or throws one ConfigError naming every problem. */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const raw = withoutBlanks(env);
  const parsed = environmentSchema.safeParse(raw);
  const problems = [
    ...(parsed.error?.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`) ??
      []),
    ...crossVariableProblems(raw),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    nodeEnv: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseStatementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_SECONDS * MS_PER_SECOND,
    redisUrl: e.REDIS_URL,
    role: e.STEPGRAPH_ROLE,
    runsApi: e.STEPGRAPH_ROLE === 'all' || e.STEPGRAPH_ROLE === 'api',
    runsEngine: e.STEPGRAPH_ROLE === 'all' || e.STEPGRAPH_ROLE === 'worker',
    migrateOnBoot: e.MIGRATE_ON_BOOT,
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    jwtSecret: e.JWT_SECRET,
    admin:
      e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD } : undefined,
    auth: {
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
    },
    graphqlIntrospection: e.GRAPHQL_INTROSPECTION ?? e.NODE_ENV !== 'production',
    rateLimits: {
      perIpPerMinute: e.RATE_LIMIT_PER_MINUTE,
      authPerAccountPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
      authPerIpPerMinute: e.AUTH_RATE_LIMIT_PER_IP_PER_MINUTE,
      socketsPerIp: e.WS_MAX_CONNECTIONS_PER_IP,
    },
    trustProxyHops: e.TRUST_PROXY_HOPS,
    httpTask: {
      allowList: listOf(e.HTTP_TASK_ALLOW_LIST),
      timeoutMs: Math.round(e.HTTP_TASK_TIMEOUT_SECONDS * MS_PER_SECOND),
      maxResponseBytes: e.HTTP_TASK_MAX_RESPONSE_BYTES,
    },
    engine: {
      concurrency: e.ENGINE_CONCURRENCY,
      batchSize: e.ENGINE_BATCH_SIZE,
      maxExecutionTransitions: e.EXECUTION_MAX_TRANSITIONS,
      jobLeaseSeconds: e.ENGINE_JOB_LEASE_SECONDS,
      schedulerIntervalMs: e.SCHEDULER_INTERVAL_MS,
      sweepIntervalSeconds: e.ENGINE_SWEEP_INTERVAL_SECONDS,
      historyRetentionDays: e.HISTORY_RETENTION_DAYS,
      testCrashPoint: e.ENGINE_TEST_CRASH_POINT,
    },
    expressions: {
      jsonataInlineSteps: e.JSONATA_INLINE_STEPS,
      timeoutMs:
        e.EXPRESSION_TIMEOUT_MS ??
        Math.min(
          DEFAULT_EXPRESSION_TIMEOUT_MS,
          Math.floor(
            (Math.min(e.ENGINE_JOB_LEASE_SECONDS, e.DATABASE_STATEMENT_TIMEOUT_SECONDS) * MS_PER_SECOND) /
              EXPRESSION_TIMEOUT_SHARE,
          ),
        ),
      maxResultBytes: e.EXPRESSION_MAX_RESULT_BYTES,
      jsonPathSteps: e.JSONPATH_MAX_STEPS,
    },
    subscriptions: { catchUpIntervalMs: e.SUBSCRIPTION_CATCH_UP_INTERVAL_MS },
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    webhooks: {
      secretKey: e.WEBHOOK_SECRET_KEY,
      maxBodyBytes: e.WEBHOOK_MAX_BODY_BYTES,
      perHookPerMinute: e.WEBHOOK_RATE_LIMIT_PER_MINUTE,
    },
    aws: { region: e.AWS_REGION, accountId: e.AWS_ACCOUNT_ID },
    sentry: e.SENTRY_DSN
      ? { dsn: e.SENTRY_DSN, environment: e.SENTRY_ENVIRONMENT ?? e.NODE_ENV, release: e.SENTRY_RELEASE }
      : undefined,
  };
}
