import type { ClientRequest, IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import WebSocket from 'ws';
import { bootApp, type BootedApp } from '../support/app.js';
import { createApiKey } from '../support/auth.js';
import {
  ExecutionEventBatchesDocument,
  ExecutionEventsDocument,
  type ExecutionEventBatchesSubscription,
  SendTaskSuccessDocument,
  StartExecutionDocument,
} from '../support/generated/graphql.js';
import { openGraphqlSocket, type GraphqlSocket } from '../support/graphql-ws-client.js';
import { waitFor } from '../support/wait.js';
import { CALLBACK_DEFINITION, callbackToken, createMachine } from './executions.fixtures.js';
import {
  completedWithin,
  historyOf,
  record,
  seqRange,
  sleepLoop,
  type Recording,
} from './subscriptions.fixtures.js';

jest.setTimeout(90_000);

/** One WebSocket message as it arrived. */
interface Frame {
  readonly text: string;
}

/** A graphql-ws socket whose raw frames are kept, in order of arrival. */
function recordingSocket(url: string, token: string): { socket: GraphqlSocket; frames: Frame[] } {
  const frames: Frame[] = [];
  class RecordingWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      this.on('message', (data) => frames.push({ text: String(data) }));
    }
  }
  // graphql-ws only constructs it; ClientRequest keeps TypeScript from demanding ws's other overloads.
  const webSocketImpl = RecordingWebSocket as unknown as typeof WebSocket & { prototype: ClientRequest };
  return { socket: openGraphqlSocket(url, { token, webSocketImpl }), frames };
}

interface NextFrame {
  readonly id: string;
  /** The frame from `,"type"` on: everything but the subscription's id. */
  readonly body: string;
  readonly seq: number;
}

/** The `next` frames of a socket; each one's id, byte-exact body and event seq. */
function nextFrames(frames: readonly Frame[]): NextFrame[] {
  return frames.flatMap((frame) => {
    const message = JSON.parse(frame.text) as {
      id?: string;
      type: string;
      payload?: { data?: { executionEvents: { seq: number } } };
    };
    if (message.type !== 'next') return [];
    return [
      {
        id: message.id!,
        body: withoutId(frame),
        seq: message.payload!.data!.executionEvents.seq,
      },
    ];
  });
}

type BatchData = ExecutionEventBatchesSubscription;

/** A frame from `,"type"` on: all but the subscription's id, for frames that have one. */
const withoutId = (frame: Frame) => frame.text.slice(Math.max(0, frame.text.indexOf(',"type"')));

type EventData = { executionEvents: { seq: number; type: string; timestamp: string } };

const seqsOf = (recording: Recording<EventData>) => recording.data().map((data) => data.executionEvents.seq);

describe('fan-out of executionEvents to many subscribers', () => {
  let booted: BootedApp;
  const machines: Record<string, string> = {};

  beforeAll(async () => {
    booted = await bootApp();
    machines.callback = await createMachine(booted.client, 'callback', CALLBACK_DEFINITION);
    machines.sleepy = await createMachine(booted.client, 'sleepy', sleepLoop(400, 0.05));
  });

  afterAll(async () => {
    await booted?.close();
  });

  const start = async (stateMachineId: string) =>
    (
      await booted.client.expectData(StartExecutionDocument, {
        input: { stateMachineId, input: { order: 1 } },
      })
    ).startExecution;

  it('sends the subscribers of one group byte-identical frames, each with its own id, and another role the same events', async () => {
    const viewerKey = (await createApiKey(booted.url, booted.adminToken, 'viewer')).key;
    const execution = await start(machines.callback!);
    const token = await callbackToken(booted, execution.id);
    const sockets = [
      recordingSocket(booted.url, booted.adminToken),
      recordingSocket(booted.url, booted.adminToken),
      recordingSocket(booted.url, viewerKey),
    ];
    await Promise.all(sockets.map(({ socket }) => socket.connected()));
    const recordings = sockets.map(({ socket }) =>
      record(socket, ExecutionEventsDocument, { executionId: execution.id, afterSeq: 0 }),
    );
    const replayed = (await historyOf(booted.client, execution.id)).length;
    await Promise.all(recordings.map((recording) => recording.untilCount(replayed)));
    await booted.client.expectData(SendTaskSuccessDocument, { taskToken: token, output: { approved: true } });
    await Promise.all(recordings.map((recording) => completedWithin(recording)));

    const history = await historyOf(booted.client, execution.id);
    expect(history.length).toBeGreaterThan(replayed);
    for (const recording of recordings) expect(seqsOf(recording)).toEqual(seqRange(1, history.length));
    const [admin, otherAdmin, viewer] = sockets.map(({ frames }) => nextFrames(frames));
    // Each socket's frames carry its own subscription's id (the clients accepted every one)...
    for (const frames of [admin!, otherAdmin!, viewer!]) {
      expect(new Set(frames.map((frame) => frame.id)).size).toBe(1);
      expect(frames.map((frame) => frame.seq)).toEqual(seqRange(1, history.length));
    }
    // ...and, past the id, the very same bytes, whatever the group.
    expect(otherAdmin!.map((frame) => frame.body)).toEqual(admin!.map((frame) => frame.body));
    expect(viewer!.map((frame) => frame.body)).toEqual(admin!.map((frame) => frame.body));
    await Promise.all(sockets.map(({ socket }) => socket.close()));
  });

  it('writes the events of one commit to a socket at once, in seq order, then completes', async () => {
    const execution = await start(machines.callback!);
    const token = await callbackToken(booted, execution.id);
    const connections: Socket[] = [];
    const server = booted.app.getHttpServer() as Server;
    const onUpgrade = (_request: IncomingMessage, connection: Socket) => connections.push(connection);
    server.on('upgrade', onUpgrade);
    const socket = openGraphqlSocket(booted.url, { token: booted.adminToken });
    await socket.connected();
    server.off('upgrade', onUpgrade);
    const recording = record(socket, ExecutionEventsDocument, { executionId: execution.id, afterSeq: 0 });
    const replayed = (await historyOf(booted.client, execution.id)).length;
    await recording.untilCount(replayed);
    // Every write the server's end of the connection makes from now on (Writable's implementer API).
    const [connection] = connections;
    const writes = jest.spyOn(connection!, '_writev');
    const singleWrites = jest.spyOn(connection!, '_write');
    await booted.client.expectData(SendTaskSuccessDocument, { taskToken: token, output: { approved: true } });
    await completedWithin(recording);

    const live = recording
      .data()
      .slice(replayed)
      .map((data) => data.executionEvents);
    expect(live.map((event) => event.seq)).toEqual(seqRange(replayed + 1, replayed + live.length));
    // One commit records its events with one timestamp. Each commit's frames left in one write
    // (one write per frame before), and the completion in at most one more.
    const commits = new Set(live.map((event) => event.timestamp)).size;
    expect(live.length).toBeGreaterThan(commits);
    expect(writes.mock.calls.length + singleWrites.mock.calls.length).toBeLessThanOrEqual(commits + 1);
    await socket.close();
  });

  it('stops sending to a subscriber whose API key is revoked, while the rest of its group goes on', async () => {
    const [revoked, kept] = await Promise.all([
      createApiKey(booted.url, booted.adminToken, 'viewer'),
      createApiKey(booted.url, booted.adminToken, 'viewer'),
    ]);
    const execution = await start(machines.sleepy!);
    const revokedSocket = openGraphqlSocket(booted.url, { token: revoked!.key });
    const keptSocket = openGraphqlSocket(booted.url, { token: kept!.key });
    const variables = { executionId: execution.id, afterSeq: 0 };
    const fromRevoked = record(revokedSocket, ExecutionEventsDocument, variables);
    const fromKept = record(keptSocket, ExecutionEventsDocument, variables);
    await Promise.all([fromRevoked.untilCount(1), fromKept.untilCount(1)]);
    // The generated documents hold no revokeApiKey: it is sent as text.
    const revokedAnswer = await fetch(`${booted.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${booted.adminToken}` },
      body: JSON.stringify({
        query: 'mutation ($id: ID!) { revokeApiKey(id: $id) }',
        variables: { id: revoked!.id },
      }),
    });
    expect(await revokedAnswer.json()).toEqual({ data: { revokeApiKey: true } });

    expect(await revokedSocket.closed(20_000)).toEqual({ code: 4403, reason: 'Access revoked' });
    const sentToRevoked = seqsOf(fromRevoked);
    // The revoked subscriber got an unbroken prefix of the history, without completion...
    expect(sentToRevoked).toEqual(seqRange(1, sentToRevoked.length));
    expect(fromRevoked.isComplete()).toBe(false);
    // ...while the other subscriber of its group (same document, same role) keeps receiving.
    await fromKept.untilCount(sentToRevoked.length + 9, 20_000);
    const sentToKept = seqsOf(fromKept);
    expect(sentToKept).toEqual(seqRange(1, sentToKept.length));
    await keptSocket.close();
  });

  it('validates a document once for many subscriptions, and refuses an invalid one every time', async () => {
    const execution = await start(machines.callback!);
    const socket = openGraphqlSocket(booted.url, { token: booted.adminToken });
    await socket.connected();
    const valid = [1, 2].map(() =>
      socket.subscribe(ExecutionEventsDocument, { executionId: execution.id, afterSeq: 0 }),
    );
    for (const subscription of valid)
      expect((await subscription.next()).data?.executionEvents).toMatchObject({ seq: 1 });
    // A document that fails validation, twice: refused both times.
    const invalid = parse(`subscription { executionEvents(executionId: "${execution.id}") { seq nope } }`);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const refused = socket.subscribe(invalid as TypedDocumentNode<unknown, Record<string, never>>);
      await expect(refused.next()).rejects.toEqual([
        expect.objectContaining({
          message: expect.stringContaining('Cannot query field "nope" on type "ExecutionEvent".'),
          extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }),
        }),
      ]);
    }
    await Promise.all(valid.map((subscription) => subscription.close()));
    await socket.close();
  });

  it('sends executionEventBatches as lists: the whole history in order, each commit in one message, the same bytes to a group', async () => {
    const execution = await start(machines.callback!);
    const token = await callbackToken(booted, execution.id);
    const sockets = [
      recordingSocket(booted.url, booted.adminToken),
      recordingSocket(booted.url, booted.adminToken),
    ];
    await Promise.all(sockets.map(({ socket }) => socket.connected()));
    const recordings = sockets.map(({ socket }) =>
      record(socket, ExecutionEventBatchesDocument, { executionId: execution.id }),
    );
    const eventsOf = (recording: Recording<BatchData>) =>
      recording.data().flatMap((data) => data.executionEventBatches);
    const replayed = (await historyOf(booted.client, execution.id)).length;
    await waitFor(() =>
      recordings.every((recording) => eventsOf(recording).length >= replayed) ? true : undefined,
    );
    const replayMessages = recordings[0]!.received.length;
    await booted.client.expectData(SendTaskSuccessDocument, { taskToken: token, output: { approved: true } });
    await Promise.all(recordings.map((recording) => completedWithin(recording)));

    const history = await historyOf(booted.client, execution.id);
    for (const recording of recordings) {
      expect(eventsOf(recording).map((event) => event.seq)).toEqual(seqRange(1, history.length));
      expect(recording.data().every((data) => data.executionEventBatches.length > 0)).toBe(true);
    }
    // One commit records its events with one timestamp: no commit is split over two messages.
    const live = recordings[0]!.data().slice(replayMessages);
    const messageOf = new Map<string, Set<number>>();
    live.forEach((data, message) => {
      for (const { timestamp } of data.executionEventBatches)
        messageOf.set(timestamp, (messageOf.get(timestamp) ?? new Set()).add(message));
    });
    expect(messageOf.size).toBeGreaterThan(0);
    for (const messages of messageOf.values()) expect(messages.size).toBe(1);
    expect(live.length).toBeLessThan(history.length - replayed);
    const [first, second] = sockets.map(({ frames }) => frames.map(withoutId));
    expect(second).toEqual(first);
    await Promise.all(sockets.map(({ socket }) => socket.close()));
  });
});
