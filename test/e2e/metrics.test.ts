import { bootApp, type BootedApp } from '../support/app.js';
import { StartExecutionDocument } from '../support/generated/graphql.js';
import { waitFor } from '../support/wait.js';
import { awaitStatus, createMachine, ECHO_DEFINITION, ECHO_HISTORY } from './executions.fixtures.js';

jest.setTimeout(30_000);

/** The value of one sample line (`name{labels} value`) of a Prometheus scrape, if present. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let booted: BootedApp;

  beforeAll(async () => {
    booted = await bootApp();
  });

  afterAll(async () => {
    await booted?.close();
  });

  const scrape = async () => {
    const response = await fetch(`${booted.url}/metrics`);
    return { response, text: await response.text() };
  };

  it('serves Prometheus text at the root, without credentials, with process metrics', async () => {
    const { response, text } = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect((await fetch(`${booted.url}/api/v1/metrics`)).status).toBe(404);
  });

  it('counts executions started and ended by status and state machine, and history events', async () => {
    const series = {
      startedEcho: 'stepgraph_executions_started_total{machine="metrics-echo"}',
      startedFail: 'stepgraph_executions_started_total{machine="metrics-fail"}',
      succeeded: 'stepgraph_executions_ended_total{status="SUCCEEDED",machine="metrics-echo"}',
      failed: 'stepgraph_executions_ended_total{status="FAILED",machine="metrics-fail"}',
      events: 'stepgraph_history_events_total',
    };
    const { text: before } = await scrape();
    const was = (name: keyof typeof series) => sample(before, series[name]) ?? 0;

    await createMachine(booted.client, 'metrics-echo', ECHO_DEFINITION);
    // Fails inside the transaction that starts it: started and ended in one commit.
    await createMachine(booted.client, 'metrics-fail', {
      StartAt: 'Boom',
      States: { Boom: { Type: 'Fail', Error: 'Boom' } },
    });
    const ids: string[] = [];
    for (const [machine, input] of [
      ['metrics-echo', { order: 1 }],
      ['metrics-fail', {}],
    ] as const) {
      const data = await booted.client.expectData(StartExecutionDocument, {
        input: { stateMachineName: machine, input },
      });
      ids.push(data.startExecution.id);
    }
    const ended = await Promise.all(ids.map((id) => awaitStatus(booted.client, id)));
    expect(ended.map((execution) => execution.status)).toEqual(['SUCCEEDED', 'FAILED']);

    // Counted just after the commit that made the status visible: await the count.
    const after = await waitFor(
      async () => {
        const { text } = await scrape();
        const counted =
          sample(text, series.succeeded) === was('succeeded') + 1 &&
          sample(text, series.failed) === was('failed') + 1;
        return counted ? text : undefined;
      },
      { what: 'both ended executions to be counted' },
    );
    expect(sample(after, series.startedEcho)).toBe(was('startedEcho') + 1);
    expect(sample(after, series.startedFail)).toBe(was('startedFail') + 1);
    // ECHO_HISTORY has 9 events and the failing run 3.
    expect(sample(after, series.events)).toBe(was('events') + ECHO_HISTORY.length + 3);
  });

  it('reports the engine queues by job state', async () => {
    const { text } = await scrape();
    expect(text).toMatch(/^stepgraph_queue_jobs\{queue="stepgraph\.transition",state="ready"\} \d+$/m);
    expect(text).not.toContain('queue="__pgboss__');
  });
});
