import { Logger, type LoggerService } from '@nestjs/common';
import { context, trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { ErrorEvent } from '@sentry/node';
import { loadConfig } from '../../src/config/config.js';
import type { ErrorSource, UnhandledErrorMetrics } from '../../src/common/unhandled-errors.js';
import { failingStateOf, withFailingState } from '../../src/common/unhandled-errors.js';
import { ErrorReports } from '../../src/observability/error-reports/error-reports.service.js';
import { scrubbedEvent } from '../../src/observability/error-reports/sentry.client.js';

/** What the application logger received, call by call. */
function capturedLogs(): {
  readonly errors: unknown[][];
  readonly others: unknown[][];
  logger: LoggerService;
} {
  const errors: unknown[][] = [];
  const others: unknown[][] = [];
  const other = (...args: unknown[]) => void others.push(args);
  return {
    errors,
    others,
    logger: {
      error: (...args: unknown[]) => void errors.push(args),
      log: other,
      warn: other,
      debug: other,
      verbose: other,
    },
  };
}

describe('error reports', () => {
  const provider = new NodeTracerProvider();

  beforeAll(() => provider.register());

  afterAll(async () => {
    Logger.overrideLogger(false);
    trace.disable();
    context.disable();
    await provider.shutdown();
  });

  it('logs an error once with its source, execution, state and the active trace id, and counts it', () => {
    const logs = capturedLogs();
    Logger.overrideLogger(logs.logger);
    const counted: ErrorSource[] = [];
    const metrics: UnhandledErrorMetrics = { unhandledError: (source) => void counted.push(source) };
    const reports = new ErrorReports(loadConfig({ NODE_ENV: 'test' }), metrics);
    const error = new Error('boom at postgres://app:s3cret@db/x', { cause: new Error('the cause') });

    const traceId = trace.getTracer('test').startActiveSpan('job', (span) => {
      reports.reportError(error, { source: 'transition_job', executionId: 'exec-1', stateName: 'Charge' });
      span.end();
      return span.spanContext().traceId;
    });

    expect(counted).toEqual(['transition_job']);
    expect(logs.others).toEqual([]);
    expect(logs.errors).toHaveLength(1);
    const [fields] = logs.errors[0] as [Record<string, unknown>];
    expect(fields).toMatchObject({
      msg: 'Unhandled error (transition_job): boom at postgres://app:[redacted]@db/x',
      source: 'transition_job',
      executionId: 'exec-1',
      stateName: 'Charge',
      traceId,
      err: {
        type: 'Error',
        message: 'boom at postgres://app:[redacted]@db/x',
        stack: expect.stringContaining('caused by: Error: the cause'),
      },
    });
    expect(JSON.stringify(fields)).not.toContain('s3cret');
  });

  it('leaves the trace id out when no span is active, logs before counting, and never throws', () => {
    const logs = capturedLogs();
    Logger.overrideLogger(logs.logger);
    const failing: UnhandledErrorMetrics = {
      unhandledError: () => {
        throw new Error('metrics gone');
      },
    };
    const reports = new ErrorReports(loadConfig({ NODE_ENV: 'test' }), failing);
    expect(() => reports.reportError('a string thrown', { source: 'process' })).not.toThrow();
    // Logged before the count that failed.
    expect(logs.errors).toHaveLength(1);
    const withoutMetrics = new ErrorReports(loadConfig({ NODE_ENV: 'test' }));
    withoutMetrics.reportError('a string thrown', { source: 'process' });
    const [fields] = logs.errors.at(-1) as [Record<string, unknown>];
    expect(fields).toMatchObject({ source: 'process', err: { type: 'string', message: 'a string thrown' } });
    expect(fields.traceId).toBeUndefined();
  });

  it('remembers the innermost state an error was thrown in', async () => {
    const error = new Error('inner');
    const thrown = withFailingState('Outer', () => withFailingState('Inner', () => Promise.reject(error)));
    await expect(thrown).rejects.toBe(error);
    expect(failingStateOf(error)).toBe('Inner');
    expect(failingStateOf(new Error('other'))).toBeUndefined();
    expect(failingStateOf('not an object')).toBeUndefined();
    expect(await withFailingState('Fine', () => Promise.resolve(42))).toBe(42);
  });

  it('sends Sentry no request data, breadcrumbs or secrets', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    const event = {
      type: undefined,
      exception: { values: [{ type: 'Error', value: `refused token ${jwt} for redis://:r3dis@cache:6379` }] },
      request: {
        method: 'POST',
        url: 'http://api.test/graphql?access_token=t0p&page=2',
        headers: { authorization: `Bearer ${jwt}`, cookie: 'session=c00kie' },
        cookies: { session: 'c00kie' },
        data: '{"password":"b0dy"}',
      },
      breadcrumbs: [{ message: 'login with sgk_k3y' }],
      extra: { apiKey: 'sgk_k3y', note: 'fine' },
      tags: { source: 'http', request_id: 'req-1' },
    } as ErrorEvent;

    const scrubbed = scrubbedEvent(event);

    expect(scrubbed).toMatchObject({
      exception: {
        values: [{ type: 'Error', value: 'refused token [redacted] for redis://:[redacted]@cache:6379' }],
      },
      request: { method: 'POST', url: 'http://api.test/graphql?access_token=[redacted]&page=2' },
      extra: { apiKey: '[redacted]', note: 'fine' },
      tags: { source: 'http', request_id: 'req-1' },
    });
    expect(scrubbed?.request).toEqual({
      method: 'POST',
      url: 'http://api.test/graphql?access_token=[redacted]&page=2',
    });
    expect(scrubbed?.breadcrumbs).toBeUndefined();
    expect(JSON.stringify(scrubbed)).not.toMatch(/c2lnbmF0dXJl|r3dis|c00kie|b0dy|k3y|t0p/);
  });
});
