import type { ExecutionResult } from 'graphql';
import type { Extra } from 'graphql-ws/use/ws';
import type WebSocket from 'ws';
import { SubscriptionFrames } from '../../src/graphql/subscription.frames.js';

/** The end of the event-loop turn, when a corked connection is written. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

type Callback = (error?: Error) => void;

/**
 * A `ws` socket and its TCP connection as far as SubscriptionFrames uses them: what `ws` was given
 * to send, and when the connection was corked. A callback given to `send` is kept, for the test
 * to call as the write would.
 */
function fakeSocket(highWaterMark = 1024) {
  const sent: { frame: unknown; callback: Callback | undefined }[] = [];
  const connection = {
    corked: 0,
    writableLength: 0,
    writableHighWaterMark: highWaterMark,
    cork() {
      this.corked += 1;
    },
    uncork() {
      this.corked -= 1;
    },
  };
  const socket = {
    send(frame: unknown, _options: object, callback?: Callback) {
      sent.push({ frame, callback });
      connection.writableLength += String(frame).length;
    },
  };
  const extra = { socket, request: { socket: connection } } as unknown as Extra;
  /** graphql-ws's adapter: `send` with a callback that settles its promise. */
  const graphqlWsSend = (data: string) =>
    new Promise<void>((resolve, reject) =>
      (socket as unknown as WebSocket).send(data, (error?: Error) => (error ? reject(error) : resolve())),
    );
  return { sent, connection, extra, graphqlWsSend };
}

/** graphql-ws's frame of a `next` message whose payload `onNext` replaced. */
const nextFrame = (id: string, payload: unknown) => JSON.stringify({ id, type: 'next', payload });

/** A result that counts how often it was serialised. */
function countedResult(): { result: ExecutionResult; serialised: () => number } {
  let count = 0;
  const event = { toJSON: () => (count += 1) && { seq: 7, type: 'TaskSucceeded' } };
  return {
    result: { data: { executionEvents: event } } as unknown as ExecutionResult,
    serialised: () => count,
  };
}

describe('SubscriptionFrames', () => {
  it('serialises a result shared by a group once, and writes each subscriber its own id with it', async () => {
    const frames = new SubscriptionFrames();
    const [first, second] = [fakeSocket(), fakeSocket()];
    const { result, serialised } = countedResult();
    for (const [socket, id] of [
      [first!, 'a'],
      [second!, 'b'],
      [first!, 'c'],
    ] as const) {
      const payload = frames.next(socket.extra, id, result);
      await socket.graphqlWsSend(nextFrame(id, payload));
    }
    expect(serialised()).toBe(1);
    const payload = '{"data":{"executionEvents":{"seq":7,"type":"TaskSucceeded"}}}';
    expect(first!.sent.map(({ frame }) => frame)).toEqual([
      `{"id":"a","type":"next","payload":${payload}}`,
      `{"id":"c","type":"next","payload":${payload}}`,
    ]);
    expect(second!.sent.map(({ frame }) => frame)).toEqual([`{"id":"b","type":"next","payload":${payload}}`]);
  });

  it('serialises the result of another group (another role) on its own', () => {
    const frames = new SubscriptionFrames();
    const socket = fakeSocket();
    const [admin, viewer] = [countedResult(), countedResult()];
    frames.next(socket.extra, 'a', admin.result);
    frames.next(socket.extra, 'b', viewer.result);
    expect([admin.serialised(), viewer.serialised()]).toEqual([1, 1]);
  });

  it('sends any other message as graphql-ws framed it', async () => {
    const frames = new SubscriptionFrames();
    const socket = fakeSocket();
    frames.next(socket.extra, 'a', countedResult().result);
    const complete = JSON.stringify({ id: 'a', type: 'complete' });
    const otherNext = nextFrame('b', { data: { x: 1 } });
    await socket.graphqlWsSend(complete);
    await socket.graphqlWsSend(otherNext);
    expect(socket.sent.map(({ frame }) => frame)).toEqual([complete, otherNext]);
  });

  it('holds the writes of one turn in the corked connection, each counted as written at once', async () => {
    const frames = new SubscriptionFrames();
    const socket = fakeSocket();
    const { result } = countedResult();
    for (const id of ['a', 'b', 'c'])
      await socket.graphqlWsSend(nextFrame(id, frames.next(socket.extra, id, result)));
    expect(socket.connection.corked).toBe(1);
    expect(socket.sent.every(({ callback }) => callback === undefined)).toBe(true);
    await nextTurn();
    expect(socket.connection.corked).toBe(0);
    await socket.graphqlWsSend(nextFrame('d', frames.next(socket.extra, 'd', result)));
    expect(socket.connection.corked).toBe(1);
  });

  it('makes graphql-ws wait for the write once the high-water mark is reached', async () => {
    const frames = new SubscriptionFrames();
    const socket = fakeSocket(150);
    const { result } = countedResult();
    await socket.graphqlWsSend(nextFrame('a', frames.next(socket.extra, 'a', result)));
    await socket.graphqlWsSend(nextFrame('b', frames.next(socket.extra, 'b', result)));
    let written = false;
    const third = socket
      .graphqlWsSend(nextFrame('c', frames.next(socket.extra, 'c', result)))
      .then(() => (written = true));
    await nextTurn();
    expect(written).toBe(false);
    socket.sent[2]!.callback!();
    await third;
    expect(socket.sent.map(({ callback }) => callback !== undefined)).toEqual([false, false, true]);
  });
});
