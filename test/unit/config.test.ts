import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('loadConfig', () => {
  it('defaults to one process on port 3000 with an embedded database and in-process pub/sub', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      role: 'all',
      runsApi: true,
      runsEngine: true,
      databaseUrl: undefined,
    });
    expect(config.redisUrl).toBeUndefined();
  });

  it('treats blank variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).databaseUrl).toBeUndefined();
  });

  it('lists every problem in one error', () => {
    const attempt = () =>
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        STEPGRAPH_ROLE: 'boss',
        NODE_ENV: 'production',
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'DATABASE_URL', 'STEPGRAPH_ROLE', 'JWT_SECRET'])
        expect(problems).toContain(name);
    }
  });

  it('splits roles between API and engine processes', () => {
    expect(loadConfig({ STEPGRAPH_ROLE: 'api' })).toMatchObject({ runsApi: true, runsEngine: false });
    expect(loadConfig({ STEPGRAPH_ROLE: 'worker' })).toMatchObject({ runsApi: false, runsEngine: true });
    expect(loadConfig({ STEPGRAPH_ROLE: 'migrate' })).toMatchObject({ runsApi: false, runsEngine: false });
  });

  it('needs no JWT_SECRET in production for the migrate role, which signs nothing', () => {
    expect(loadConfig({ NODE_ENV: 'production', STEPGRAPH_ROLE: 'migrate' }).role).toBe('migrate');
    expect(() => loadConfig({ NODE_ENV: 'production', STEPGRAPH_ROLE: 'worker' })).toThrow(/JWT_SECRET/);
  });

  it('migrates at boot unless MIGRATE_ON_BOOT=false, and refuses anything but true or false', () => {
    expect(loadConfig({}).migrateOnBoot).toBe(true);
    expect(loadConfig({ MIGRATE_ON_BOOT: 'false' }).migrateOnBoot).toBe(false);
    expect(() => loadConfig({ MIGRATE_ON_BOOT: 'no' })).toThrow(/MIGRATE_ON_BOOT must be true or false/);
  });

  it('requires the admin email and password together', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@example.com' })).toThrow(/ADMIN_PASSWORD/);
  });

  it('gives the HTTP task and the engine AWS-like defaults', () => {
    expect(loadConfig({})).toMatchObject({
      httpTask: { allowList: [], timeoutMs: 60_000, maxResponseBytes: 262_144 },
      engine: { concurrency: 8, maxExecutionTransitions: 25_000 },
    });
  });

  it('reads the HTTP task allow-list as comma-separated entries', () => {
    const config = loadConfig({ HTTP_TASK_ALLOW_LIST: ' 127.0.0.1, 10.0.0.0/8 ,,api.internal ' });
    expect(config.httpTask.allowList).toEqual(['127.0.0.1', '10.0.0.0/8', 'api.internal']);
  });

  it('reads the HTTP task limits and the engine settings', () => {
    const config = loadConfig({
      HTTP_TASK_TIMEOUT_SECONDS: '2.5',
      HTTP_TASK_MAX_RESPONSE_BYTES: '4096',
      ENGINE_CONCURRENCY: '32',
      EXECUTION_MAX_TRANSITIONS: '100',
    });
    expect(config.httpTask).toMatchObject({ timeoutMs: 2500, maxResponseBytes: 4096 });
    expect(config.engine).toMatchObject({
      concurrency: 32,
      maxExecutionTransitions: 100,
      jobLeaseSeconds: 60,
      testCrashPoint: undefined,
    });
  });

  it('reads how often engines sweep, default a minute, refusing 0', () => {
    expect(loadConfig({}).engine.sweepIntervalSeconds).toBe(60);
    expect(loadConfig({ ENGINE_SWEEP_INTERVAL_SECONDS: '5' }).engine.sweepIntervalSeconds).toBe(5);
    expect(() => loadConfig({ ENGINE_SWEEP_INTERVAL_SECONDS: '0' })).toThrow(/ENGINE_SWEEP_INTERVAL_SECONDS/);
  });

  it('reads how many days ended executions are kept, default 90, 0 for ever, refusing anything else', () => {
    expect(loadConfig({}).engine.historyRetentionDays).toBe(90);
    expect(loadConfig({ HISTORY_RETENTION_DAYS: '0' }).engine.historyRetentionDays).toBe(0);
    expect(loadConfig({ HISTORY_RETENTION_DAYS: '7' }).engine.historyRetentionDays).toBe(7);
    for (const value of ['-1', '1.5', 'forever', '36501'])
      expect(() => loadConfig({ HISTORY_RETENTION_DAYS: value })).toThrow(/HISTORY_RETENTION_DAYS/);
  });

  it('reads the database statement timeout in milliseconds, default a minute', () => {
    expect(loadConfig({}).databaseStatementTimeoutMs).toBe(60_000);
    expect(loadConfig({ DATABASE_STATEMENT_TIMEOUT_SECONDS: '3' }).databaseStatementTimeoutMs).toBe(3000);
    expect(() => loadConfig({ DATABASE_STATEMENT_TIMEOUT_SECONDS: '0' })).toThrow(
      /DATABASE_STATEMENT_TIMEOUT_SECONDS/,
    );
  });

  it('reads how often subscriptions catch up from PostgreSQL, default every 3 seconds', () => {
    expect(loadConfig({}).subscriptions).toEqual({ catchUpIntervalMs: 3000 });
    expect(loadConfig({ SUBSCRIPTION_CATCH_UP_INTERVAL_MS: '3600000' }).subscriptions).toEqual({
      catchUpIntervalMs: 3_600_000,
    });
    for (const value of ['0', '99', '3600001', 'soon'])
      expect(() => loadConfig({ SUBSCRIPTION_CATCH_UP_INTERVAL_MS: value })).toThrow(
        /SUBSCRIPTION_CATCH_UP_INTERVAL_MS/,
      );
  });

  it('reads the public URL without a trailing slash, and the webhook settings with their defaults', () => {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: 'https://stepgraph.example/' }).publicUrl).toBe(
      'https://stepgraph.example',
    );
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://stepgraph.example' })).toThrow(/PUBLIC_URL/);
    expect(loadConfig({}).webhooks).toEqual({
      secretKey: undefined,
      maxBodyBytes: 262_144,
      perHookPerMinute: 600,
    });
    expect(() => loadConfig({ WEBHOOK_SECRET_KEY: 'short' })).toThrow(
      /WEBHOOK_SECRET_KEY must be at least 32/,
    );
    expect(() => loadConfig({ WEBHOOK_MAX_BODY_BYTES: '100' })).toThrow(/WEBHOOK_MAX_BODY_BYTES/);
  });

  it('reads the region and account of the AWS endpoint, us-east-1 and 123456789012 by default', () => {
    expect(loadConfig({}).aws).toEqual({ region: 'us-east-1', accountId: '123456789012' });
    expect(loadConfig({ AWS_REGION: 'eu-west-1', AWS_ACCOUNT_ID: '000011112222' }).aws).toEqual({
      region: 'eu-west-1',
      accountId: '000011112222',
    });
    expect(() => loadConfig({ AWS_REGION: 'Moon' })).toThrow(/AWS_REGION/);
    expect(() => loadConfig({ AWS_ACCOUNT_ID: '123' })).toThrow(/AWS_ACCOUNT_ID must be 12 digits/);
  });

  it('reads how many transition jobs the engine advances per transaction, default 16', () => {
    expect(loadConfig({}).engine.batchSize).toBe(16);
    expect(loadConfig({ ENGINE_BATCH_SIZE: '1' }).engine.batchSize).toBe(1);
    expect(() => loadConfig({ ENGINE_BATCH_SIZE: '0' })).toThrow(/ENGINE_BATCH_SIZE/);
    expect(() => loadConfig({ ENGINE_BATCH_SIZE: '1001' })).toThrow(/ENGINE_BATCH_SIZE/);
  });

  it('reads the expression budgets, with defaults', () => {
    expect(loadConfig({}).expressions).toEqual({
      jsonataInlineSteps: 10_000,
      timeoutMs: 10_000,
      maxResultBytes: 1024 * 1024,
      jsonPathSteps: 100_000,
    });
    const set = {
      JSONATA_INLINE_STEPS: '500',
      EXPRESSION_TIMEOUT_MS: '2000',
      EXPRESSION_MAX_RESULT_BYTES: '300000',
      JSONPATH_MAX_STEPS: '5000',
    };
    expect(loadConfig(set).expressions).toEqual({
      jsonataInlineSteps: 500,
      timeoutMs: 2000,
      maxResultBytes: 300_000,
      jsonPathSteps: 5000,
    });
    expect(() => loadConfig({ JSONATA_INLINE_STEPS: '0' })).toThrow(/JSONATA_INLINE_STEPS/);
    expect(() => loadConfig({ EXPRESSION_TIMEOUT_MS: '50' })).toThrow(/EXPRESSION_TIMEOUT_MS/);
    // Below the payload quota, a result budget would fail payloads AWS accepts.
    expect(() => loadConfig({ EXPRESSION_MAX_RESULT_BYTES: '1000' })).toThrow(/EXPRESSION_MAX_RESULT_BYTES/);
    expect(() => loadConfig({ JSONPATH_MAX_STEPS: 'many' })).toThrow(/JSONPATH_MAX_STEPS/);
  });

  it('keeps the expression time budget well inside the job lease and the statement timeout', () => {
    expect(loadConfig({ ENGINE_JOB_LEASE_SECONDS: '2' }).expressions.timeoutMs).toBe(500);
    expect(loadConfig({ DATABASE_STATEMENT_TIMEOUT_SECONDS: '20' }).expressions.timeoutMs).toBe(5000);
    expect(() => loadConfig({ EXPRESSION_TIMEOUT_MS: '20000' })).toThrow(
      /EXPRESSION_TIMEOUT_MS must be at most a quarter of ENGINE_JOB_LEASE_SECONDS[\s\S]*DATABASE_STATEMENT_TIMEOUT_SECONDS/,
    );
    expect(
      loadConfig({
        EXPRESSION_TIMEOUT_MS: '20000',
        ENGINE_JOB_LEASE_SECONDS: '120',
        DATABASE_STATEMENT_TIMEOUT_SECONDS: '80',
      }).expressions.timeoutMs,
    ).toBe(20_000);
  });

  it('reads the job lease, and refuses a test crash point in production', () => {
    expect(loadConfig({ ENGINE_JOB_LEASE_SECONDS: '3' }).engine.jobLeaseSeconds).toBe(3);
    expect(() => loadConfig({ ENGINE_JOB_LEASE_SECONDS: '0' })).toThrow(/ENGINE_JOB_LEASE_SECONDS/);
    const crashing = { ENGINE_TEST_CRASH_POINT: 'http-task-before-commit' };
    expect(loadConfig(crashing).engine.testCrashPoint).toBe('http-task-before-commit');
    expect(() => loadConfig({ ...crashing, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toThrow(
      /ENGINE_TEST_CRASH_POINT is for tests only/,
    );
    expect(() => loadConfig({ ENGINE_TEST_CRASH_POINT: 'anywhere' })).toThrow(/ENGINE_TEST_CRASH_POINT/);
  });

  it('refuses engine settings out of range', () => {
    expect(() => loadConfig({ ENGINE_CONCURRENCY: '0', EXECUTION_MAX_TRANSITIONS: 'many' })).toThrow(
      /ENGINE_CONCURRENCY[\s\S]*EXECUTION_MAX_TRANSITIONS/,
    );
  });

  it('gives the security settings safe defaults', () => {
    expect(loadConfig({})).toMatchObject({
      auth: { accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 2_592_000 },
      graphqlIntrospection: true,
      rateLimits: {
        perIpPerMinute: 600,
        authPerAccountPerMinute: 10,
        authPerIpPerMinute: 30,
        socketsPerIp: 50,
      },
      trustProxyHops: 0,
    });
  });

  it('turns introspection off in production unless GRAPHQL_INTROSPECTION=true', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig(production).graphqlIntrospection).toBe(false);
    expect(loadConfig({ ...production, GRAPHQL_INTROSPECTION: 'true' }).graphqlIntrospection).toBe(true);
    expect(loadConfig({ GRAPHQL_INTROSPECTION: 'false' }).graphqlIntrospection).toBe(false);
  });

  it('refuses security settings that make no sense', () => {
    const attempt = () =>
      loadConfig({
        GRAPHQL_INTROSPECTION: 'yes',
        ACCESS_TOKEN_TTL_SECONDS: '0',
        RATE_LIMIT_PER_MINUTE: '-1',
      });
    for (const name of [
      'GRAPHQL_INTROSPECTION must be true or false',
      'ACCESS_TOKEN_TTL_SECONDS',
      'RATE_LIMIT_PER_MINUTE',
    ]) {
      expect(attempt).toThrow(name);
    }
    expect(() => loadConfig({ JWT_SECRET: 'too short' })).toThrow(
      /JWT_SECRET must be at least 32 characters/,
    );
  });
});
