/**
 * Traces (docs/tracing.md): with an OTLP endpoint configured, one execution of a machine with a
 * Parallel, a Retry and an HTTP Task is one trace (a root span, a span per state, the failed
 * attempt, the HTTP calls), its start is a span of the caller's trace, the HTTP target receives
 * the trace context, and the audit row and log lines carry the trace id. Both OTLP/HTTP
 * encodings are exported and decoded by a real receiver.
 */
import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { print } from 'graphql';
import { DataSource } from 'typeorm';
import { traceFields } from '../../src/observability/logging.options.js';
import { activeTraceId } from '../../src/observability/trace-id.js';
import { startTracing, type Tracing } from '../../src/observability/tracing/tracing.sdk.js';
import { bootApp, type BootedApp } from '../support/app.js';
import { startHttpServer, type TestHttpServer } from '../support/http-task.servers.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver.js';
import { waitFor } from '../support/wait.js';
import {
  ExecutionWaitingTaskTraceDocument,
  GetActivityTaskDocument,
  RedriveExecutionDocument,
  SendTaskSuccessDocument,
  StartExecutionDocument,
} from '../support/generated/graphql.js';
import {
  activityDefinition,
  awaitStatus,
  CALLBACK_DEFINITION,
  FAIL_ONCE_DEFINITION,
  createMachine,
  restClient,
} from './executions.fixtures.js';

jest.setTimeout(60_000);

const OTEL_VARIABLES = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
  'OTEL_SERVICE_NAME',
  'OTEL_TRACES_SAMPLER',
] as const;

const CALLER_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';

let receiver: OtlpReceiver;
let tracing: Tracing | undefined;
let booted: BootedApp;
let target: TestHttpServer;

/** Starts the SDK in this process (where the app runs) with `variables` as the environment sets them. */
function traceWith(variables: Partial<Record<(typeof OTEL_VARIABLES)[number], string>>): void {
  for (const name of OTEL_VARIABLES) delete process.env[name];
  Object.assign(process.env, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, ...variables });
  tracing = startTracing(process.env);
}

async function stopTracing(): Promise<void> {
  await tracing?.shutdown();
  tracing = undefined;
}

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  // Fails the first call with 503, answers every later one.
  target = await startHttpServer((request, response) => {
    const first = target.requests.indexOf(request) === 0;
    response.writeHead(first ? 503 : 200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ first }));
  });
  booted = await bootApp({ HTTP_TASK_ALLOW_LIST: '127.0.0.1' });
});

afterAll(async () => {
  await stopTracing();
  for (const name of OTEL_VARIABLES) delete process.env[name];
  await booted?.close();
  await target?.close();
  await receiver?.close();
});

/** The trace columns of an execution's row. */
async function traceColumns(executionId: string): Promise<{ traceparent: string; trace_link: string }> {
  const [row] = await booted.app
    .get(DataSource)
    .query<{ traceparent: string; trace_link: string }[]>(
      'SELECT traceparent, trace_link FROM executions WHERE id = $1',
      [executionId],
    );
  return row!;
}

/** Exports what is buffered until the receiver has the span `name` of trace `traceId`. */
async function spanNamed(traceId: string, name: string): Promise<ReceivedSpan> {
  return waitFor(
    async () => {
      await tracing?.flush();
      return receiver.spans.find((span) => span.traceId === traceId && span.name === name);
    },
    { what: `span "${name}" of trace ${traceId}`, timeoutMs: 20_000 },
  );
}

function only(spans: readonly ReceivedSpan[], name: string): ReceivedSpan {
  const named = spans.filter((span) => span.name === name);
  expect(named.map((span) => span.name)).toEqual([name]);
  return named[0]!;
}

describe('traces over OTLP/HTTP', () => {
  afterEach(stopTracing);

  it('records one execution with a Parallel, a Retry and an HTTP Task as one trace (http/protobuf)', async () => {
    traceWith({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' });
    const machine = await createMachine(booted.client, 'traced', {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Call',
              States: {
                Call: {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::http:invoke',
                  Parameters: {
                    ApiEndpoint: `${target.origin}/orders?key=not-for-traces`,
                    Method: 'POST',
                    RequestBody: { order: 7 },
                  },
                  Retry: [
                    { ErrorEquals: ['States.Http.StatusCode.503'], IntervalSeconds: 1, MaxAttempts: 2 },
                  ],
                  End: true,
                },
              },
            },
            { StartAt: 'Note', States: { Note: { Type: 'Pass', End: true } } },
          ],
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    });
    const response = await fetch(`${booted.url}/api/v1/state-machines/${machine}/executions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${booted.adminToken}`,
        'content-type': 'application/json',
        traceparent: `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01`,
      },
      body: JSON.stringify({ input: { order: 7 } }),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect((await awaitStatus(booted.client, id)).status).toBe('SUCCEEDED');

    const columns = await traceColumns(id);
    const [, traceId, rootSpanId] = columns.traceparent.split('-');
    expect(traceId).not.toBe(CALLER_TRACE_ID);
    const root = await spanNamed(traceId!, 'execution traced');
    const spans = receiver.spans.filter((span) => span.traceId === traceId);

    // The root: the persisted id, no parent, linked to the start, which is a span of the caller's trace.
    expect(root).toMatchObject({ spanId: rootSpanId, parentSpanId: '', serviceName: 'stepgraph' });
    expect(root.attributes).toMatchObject({
      'stepgraph.execution.id': id,
      'stepgraph.state_machine.name': 'traced',
      'stepgraph.execution.status': 'SUCCEEDED',
    });
    const start = await spanNamed(CALLER_TRACE_ID, 'start execution');
    expect(start.parentSpanId).toBe(CALLER_SPAN_ID);
    expect(start.links).toEqual([{ traceId, spanId: rootSpanId }]);
    expect(root.links).toEqual([{ traceId: CALLER_TRACE_ID, spanId: start.spanId }]);
    expect(columns.trace_link).toBe(`00-${CALLER_TRACE_ID}-${start.spanId}-01`);

    // A span per state entered, branches under their Parallel's.
    const fan = only(spans, 'state Fan');
    const call = only(spans, 'state Call');
    const note = only(spans, 'state Note');
    const done = only(spans, 'state Done');
    expect(fan).toMatchObject({ parentSpanId: rootSpanId, statusCode: 0 });
    expect(fan.attributes).toMatchObject({
      'stepgraph.state.name': 'Fan',
      'stepgraph.state.type': 'Parallel',
    });
    expect(call.parentSpanId).toBe(fan.spanId);
    expect(note.parentSpanId).toBe(fan.spanId);
    expect(done.parentSpanId).toBe(rootSpanId);
    expect(call.attributes).toMatchObject({
      'stepgraph.state.name': 'Call',
      'stepgraph.state.type': 'Task',
      'stepgraph.state.retry_count': 1,
    });
    expect(note.attributes).toMatchObject({
      'stepgraph.state.type': 'Pass',
      'stepgraph.state.retry_count': 0,
    });
    expect(done.attributes).toMatchObject({ 'stepgraph.state.type': 'Succeed' });
    expect(call.startMs).toBeLessThanOrEqual(call.endMs);
    expect(root.startMs).toBeLessThanOrEqual(fan.startMs);
    expect(root.endMs).toBeGreaterThanOrEqual(done.endMs);

    // The failed attempt, under its state, with its error.
    const attempt = only(spans, 'attempt Call');
    expect(attempt).toMatchObject({ parentSpanId: call.spanId, statusCode: 2 });
    expect(attempt.attributes).toMatchObject({
      'stepgraph.error': 'States.Http.StatusCode.503',
      'stepgraph.state.retry_count': 0,
    });

    // The two calls: client spans under the state, no query string; the target saw their context.
    const calls = spans.filter((span) => span.name === 'HTTP POST');
    expect(calls).toHaveLength(2);
    for (const client of calls) {
      expect(client).toMatchObject({ parentSpanId: call.spanId, kind: 3 });
      expect(client.attributes['url.full']).toBe(`${target.origin}/orders`);
    }
    expect(calls.map((client) => client.attributes['http.response.status_code']).sort()).toEqual([200, 503]);
    expect(calls.find((client) => client.attributes['http.response.status_code'] === 503)?.statusCode).toBe(
      2,
    );
    expect(target.requests.map((request) => request.headers.traceparent).sort()).toEqual(
      calls.map((client) => `00-${traceId}-${client.spanId}-01`).sort(),
    );

    // Nothing else in the trace, and no secret of the call in any span.
    expect(spans).toHaveLength(1 + 4 + 1 + 2);
    expect(JSON.stringify(receiver.spans)).not.toContain('not-for-traces');

    // The audit row of the start carries the execution's trace id.
    const audited = await booted.app
      .get(DataSource)
      .query<{ trace_id: string }[]>(`SELECT trace_id FROM audit_log WHERE $1 = ANY(target_ids)`, [id]);
    expect(audited.map((row) => row.trace_id)).toEqual([traceId]);
  });

  it('exports http/json under OTEL_SERVICE_NAME, and a log line carries the active trace', async () => {
    traceWith({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: 'stepgraph-json' });
    const machine = await createMachine(booted.client, 'json-traced', {
      StartAt: 'Only',
      States: { Only: { Type: 'Pass', End: true } },
    });
    const started = await restClient(booted).post(`/state-machines/${machine}/executions`, {});
    const { id } = (await started.json()) as { id: string };
    await awaitStatus(booted.client, id);
    const [, traceId, rootSpanId] = (await traceColumns(id)).traceparent.split('-');
    const root = await spanNamed(traceId!, 'execution json-traced');
    expect(root).toMatchObject({ spanId: rootSpanId, serviceName: 'stepgraph-json' });
    expect(
      only(
        receiver.spans.filter((span) => span.traceId === traceId),
        'state Only',
      ).parentSpanId,
    ).toBe(rootSpanId);
    expect(receiver.contentTypes.at(-1)).toMatch(/^application\/json/);

    const active = { traceId: traceId!, spanId: rootSpanId!, traceFlags: TraceFlags.SAMPLED };
    context.with(trace.setSpanContext(ROOT_CONTEXT, active), () => {
      expect(activeTraceId()).toBe(traceId);
      expect(traceFields()).toEqual({ trace_id: traceId, span_id: rootSpanId });
    });
    expect(traceFields()).toEqual({});
  });

  it("records a GraphQL start as a span of the caller's trace too", async () => {
    traceWith({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' });
    const machine = await createMachine(booted.client, 'graphql-traced', {
      StartAt: 'Only',
      States: { Only: { Type: 'Pass', End: true } },
    });
    const callerTraceId = 'ab'.repeat(16);
    const response = await fetch(`${booted.url}/graphql`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${booted.adminToken}`,
        'content-type': 'application/json',
        traceparent: `00-${callerTraceId}-${CALLER_SPAN_ID}-01`,
      },
      body: JSON.stringify({
        query: print(StartExecutionDocument),
        variables: { input: { stateMachineId: machine } },
      }),
    });
    const { data } = (await response.json()) as { data: { startExecution: { id: string } } };
    await awaitStatus(booted.client, data.startExecution.id);
    const [, traceId, rootSpanId] = (await traceColumns(data.startExecution.id)).traceparent.split('-');
    const start = await spanNamed(callerTraceId, 'start execution');
    expect(start).toMatchObject({ parentSpanId: CALLER_SPAN_ID, links: [{ traceId, spanId: rootSpanId }] });
    expect((await spanNamed(traceId!, 'execution graphql-traced')).links).toEqual([
      { traceId: callerTraceId, spanId: start.spanId },
    ]);
  });

  it('marks the state that failed and the execution with its error', async () => {
    traceWith({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' });
    const machine = await createMachine(booted.client, 'traced-failure', {
      StartAt: 'Boom',
      States: {
        Boom: {
          Type: 'Task',
          Resource: 'builtin:fail',
          Parameters: { error: 'Oops', cause: 'bad order' },
          End: true,
        },
      },
    });
    const started = await restClient(booted).post(`/state-machines/${machine}/executions`, {});
    const { id } = (await started.json()) as { id: string };
    expect((await awaitStatus(booted.client, id)).status).toBe('FAILED');
    const [, traceId] = (await traceColumns(id)).traceparent.split('-');
    const root = await spanNamed(traceId!, 'execution traced-failure');
    expect(root.statusCode).toBe(2);
    expect(root.attributes).toMatchObject({
      'stepgraph.execution.status': 'FAILED',
      'stepgraph.error': 'Oops',
    });
    const boom = only(
      receiver.spans.filter((span) => span.traceId === traceId),
      'state Boom',
    );
    expect(boom).toMatchObject({ statusCode: 2, statusMessage: 'Oops', parentSpanId: root.spanId });
    expect(boom.attributes).toMatchObject({
      'stepgraph.state.type': 'Task',
      'stepgraph.error': 'Oops',
      'stepgraph.cause': 'bad order',
      'stepgraph.state.retry_count': 0,
    });
  });

  it('continues the trace on a redrive, with a span of its own under the root span', async () => {
    traceWith({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' });
    const machine = await createMachine(booted.client, 'traced-redrive', FAIL_ONCE_DEFINITION);
    const started = await restClient(booted).post(`/state-machines/${machine}/executions`, {
      input: { order: 1 },
    });
    const { id } = (await started.json()) as { id: string };
    expect((await awaitStatus(booted.client, id)).status).toBe('FAILED');
    await booted.client.expectData(RedriveExecutionDocument, { id });
    expect((await awaitStatus(booted.client, id)).status).toBe('SUCCEEDED');
    const [, traceId, rootSpanId] = (await traceColumns(id)).traceparent.split('-');
    const redrive = await spanNamed(traceId!, 'redrive traced-redrive');
    const root = await spanNamed(traceId!, 'execution traced-redrive');
    expect(root).toMatchObject({ spanId: rootSpanId, statusCode: 2 });
    expect(redrive).toMatchObject({ parentSpanId: rootSpanId, statusCode: 0 });
    expect(redrive.attributes).toMatchObject({
      'stepgraph.execution.status': 'SUCCEEDED',
      'stepgraph.execution.redrive_count': 1,
    });
    const flaky = receiver.spans.filter((span) => span.traceId === traceId && span.name === 'state Flaky');
    expect(flaky.map((span) => span.statusCode).sort()).toEqual([0, 2]);
  });

  it('samples once per execution: an unsampled one exports nothing and says so in its traceparent', async () => {
    traceWith({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_TRACES_SAMPLER: 'always_off' });
    const machine = await createMachine(booted.client, 'unsampled', {
      StartAt: 'Only',
      States: { Only: { Type: 'Pass', End: true } },
    });
    const started = await restClient(booted).post(`/state-machines/${machine}/executions`, {});
    const { id } = (await started.json()) as { id: string };
    expect((await awaitStatus(booted.client, id)).status).toBe('SUCCEEDED');
    const { traceparent } = await traceColumns(id);
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    await tracing?.flush();
    expect(receiver.spans.filter((span) => span.traceId === traceparent.split('-')[1])).toEqual([]);
  });

  it("hands an activity worker the traceparent of the task's state", async () => {
    traceWith({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    const machine = await createMachine(
      booted.client,
      'traced-activity',
      activityDefinition('activity:traced'),
    );
    const started = await restClient(booted).post(`/state-machines/${machine}/executions`, {});
    const { id } = (await started.json()) as { id: string };
    const { getActivityTask: task } = await booted.client.expectData(GetActivityTaskDocument, {
      activity: 'traced',
      waitSeconds: 10,
    });
    expect(task?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await booted.client.expectData(SendTaskSuccessDocument, { taskToken: task!.taskToken, output: {} });
    expect((await awaitStatus(booted.client, id)).status).toBe('SUCCEEDED');
    const [, traceId, rootSpanId] = (await traceColumns(id)).traceparent.split('-');
    await spanNamed(traceId!, 'execution traced-activity');
    const work = only(
      receiver.spans.filter((span) => span.traceId === traceId),
      'state Work',
    );
    // The worker's parent is the state's span, exactly as it is exported.
    expect(task!.traceparent).toBe(`00-${traceId}-${work.spanId}-01`);
    expect(work.parentSpanId).toBe(rootSpanId);
  });

  it('shows a .waitForTaskToken task with the traceparent of its state', async () => {
    traceWith({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    const machine = await createMachine(booted.client, 'traced-callback', CALLBACK_DEFINITION);
    const started = await restClient(booted).post(`/state-machines/${machine}/executions`, {
      input: { order: 1 },
    });
    const { id } = (await started.json()) as { id: string };
    const waiting = await waitFor(
      async () =>
        (await booted.client.expectData(ExecutionWaitingTaskTraceDocument, { id })).execution
          ?.waitingTasks[0],
      { what: 'the waiting task' },
    );
    await booted.client.expectData(SendTaskSuccessDocument, { taskToken: waiting.taskToken, output: {} });
    expect((await awaitStatus(booted.client, id)).status).toBe('SUCCEEDED');
    const [, traceId] = (await traceColumns(id)).traceparent.split('-');
    await spanNamed(traceId!, 'execution traced-callback');
    const approve = only(
      receiver.spans.filter((span) => span.traceId === traceId),
      'state Approve',
    );
    expect(waiting.traceparent).toBe(`00-${traceId}-${approve.spanId}-01`);
  });

  it('records nothing and keeps no trace context when no endpoint is configured', async () => {
    const exported = receiver.spans.length;
    const machine = await createMachine(booted.client, 'untraced', {
      StartAt: 'Only',
      States: { Only: { Type: 'Pass', End: true } },
    });
    const started = await restClient(booted).post(`/state-machines/${machine}/executions`, {});
    const { id } = (await started.json()) as { id: string };
    expect((await awaitStatus(booted.client, id)).status).toBe('SUCCEEDED');
    expect(startTracing({})).toBeUndefined();
    expect(await traceColumns(id)).toEqual({ traceparent: null, trace_link: null });
    expect(receiver.spans).toHaveLength(exported);
  });
});
