/**
 * docs/testing.md R5: a dedicated redis-server (never the machine's shared one) is
 * stopped in the middle of a run and started again on the same port.
 */
import { spawnSync } from 'node:child_process';
import { bootApp, type BootedApp } from '../support/app.js';
import type { BackgroundProcess } from '../support/background-process.js';
import {
  ExecutionDocument,
  ExecutionEventsDocument,
  ExecutionUpdatedDocument,
  StartExecutionDocument,
} from '../support/generated/graphql.js';
import { openGraphqlSocket, type GraphqlSocket } from '../support/graphql-ws-client.js';
import { startTestRedis } from '../support/harness.processes.js';
import { describeRequiring } from '../support/requirements.js';
import { waitFor } from '../support/wait.js';
import { createMachine, TERMINAL_STATUSES } from './executions.fixtures.js';
import { completedWithin, historyOf, record, seqRange, sleepLoop } from './subscriptions.fixtures.js';

jest.setTimeout(120_000);

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
const describeWithRedisServer = describeRequiring(
  hasRedisServer ? undefined : 'no redis-server on the PATH: this test stops and restarts one of its own',
);

interface Health {
  status: string;
  details: Record<string, { status: string; connection?: string }>;
}

describeWithRedisServer('subscriptions through a Redis outage (docs/testing.md R5)', () => {
  let redis: BackgroundProcess<string> | undefined;
  let booted: BootedApp;
  let socket: GraphqlSocket;

  beforeAll(async () => {
    redis = await startTestRedis();
    booted = await bootApp({ REDIS_URL: redis!.value });
    socket = openGraphqlSocket(booted.url, { token: booted.adminToken });
    await socket.connected();
  });

  afterAll(async () => {
    await socket?.close();
    await booted?.close();
    await redis?.stop();
  });

  const health = async () => (await (await fetch(`${booted.url}/health`)).json()) as Health;
  const healthWhen = (ok: (body: Health) => boolean, what: string) =>
    waitFor(
      async () => {
        const response = await fetch(`${booted.url}/health`);
        const body = (await response.json()) as Health;
        return response.status === 200 && ok(body) ? body : undefined;
      },
      { timeoutMs: 20_000, what },
    );

  it('runs executions to the end while Redis is down, says degraded, and every subscriber gets every event once it is back', async () => {
    const machineId = await createMachine(booted.client, 'through-outage', sleepLoop(16, 0.25));
    const { startExecution: execution } = await booted.client.expectData(StartExecutionDocument, {
      input: { stateMachineId: machineId },
    });
    const subscribers = [0, 3, 10].map((afterSeq) => ({
      afterSeq,
      recording: record(socket, ExecutionEventsDocument, { executionId: execution.id, afterSeq }),
    }));
    const updates = record(socket, ExecutionUpdatedDocument, { id: execution.id });
    await subscribers[0]!.recording.untilCount(12);

    const port = Number(new URL(redis!.value).port);
    await redis!.stop();
    redis = undefined;
    const degraded = await healthWhen((body) => body.status === 'degraded', '/health to say degraded');
    expect(degraded.details.redis).toEqual(
      expect.objectContaining({ status: 'degraded', connection: 'down' }),
    );
    expect(degraded.details.database?.status).toBe('up');

    const ended = await waitFor(
      async () => {
        const current = (await booted.client.expectData(ExecutionDocument, { id: execution.id })).execution;
        return TERMINAL_STATUSES.includes(current.status) ? current : undefined;
      },
      { timeoutMs: 60_000, what: 'the execution to end while Redis is down' },
    );
    expect(ended.status).toBe('SUCCEEDED');
    expect((await health()).status).toBe('degraded');

    redis = await startTestRedis(port);
    await healthWhen((body) => body.status === 'ok', '/health to be ok again');
    await Promise.all([
      ...subscribers.map(({ recording }) => completedWithin(recording)),
      completedWithin(updates),
    ]);
    const history = await historyOf(booted.client, execution.id);
    for (const { afterSeq, recording } of subscribers) {
      expect({ afterSeq, seqs: recording.data().map((data) => data.executionEvents.seq) }).toEqual({
        afterSeq,
        seqs: seqRange(afterSeq + 1, history.length),
      });
    }
    expect(updates.data().map((data) => data.executionUpdated.status)).toEqual(['RUNNING', 'SUCCEEDED']);

    // The socket stayed open through the outage, and live delivery works on it again.
    const { startExecution: after } = await booted.client.expectData(StartExecutionDocument, {
      input: { stateMachineId: machineId },
    });
    const afterOutage = record(socket, ExecutionEventsDocument, { executionId: after.id, afterSeq: 0 });
    await completedWithin(afterOutage);
    expect(afterOutage.data().map((data) => data.executionEvents.seq)).toEqual(
      seqRange(1, (await historyOf(booted.client, after.id)).length),
    );
  });
});
