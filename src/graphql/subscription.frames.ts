import type { Socket } from 'node:net';
import type { ExecutionResult, FormattedExecutionResult } from 'graphql';
import type { Extra } from 'graphql-ws/use/ws';
import type WebSocket from 'ws';

/**
 * What `onNext` returns in place of a result whose frame is already serialised: graphql-ws frames
 * it as `{"id":…,"type":"next","payload":{}}`, which the socket's writer swaps for the real frame.
 */
const PLACEHOLDER: FormattedExecutionResult = Object.freeze({});

type SendCallback = (error?: Error) => void;
type Send = (data: unknown, optionsOrCallback?: object | SendCallback, callback?: SendCallback) => void;

/**
 * The `next` frames of graphql-ws subscriptions, serialised once per shared result and written a
 * burst at a time (docs/performance.md, "Live subscriptions": per-message writes and serialising were
 * where the fan-out's time went).
 *
 * graphql-ws (6.x) has no hook that takes a serialised message: `onNext` may only replace the
 * result, which it then stringifies with the id, and its `ws` adapter writes each message on its own
 * and waits for the write. So `onNext` hands graphql-ws a placeholder result, whose frame is known
 * in advance, and the socket's `send` writes the real frame instead: the payload text of a result
 * shared by a group of subscribers (sharedResultsSubscribe) is built once, and each subscriber's
 * frame is its own id spliced in front of it. graphql-ws still sends every message itself, in its
 * order, so `complete`, `error` and closing keep their protocol. No `jsonMessageReplacer` is set;
 * with one, graphql-ws's frames would no longer be plain `JSON.stringify`.
 *
 * The socket's TCP connection is corked from its first frame until the end of the event-loop turn:
 * the events of a commit, read and handed to every subscriber in one turn, leave in one write per
 * socket instead of one per event per subscription. While less than the socket's high-water mark
 * is waiting, a frame counts as written at once, so graphql-ws goes on to the next event of the
 * burst; beyond it, graphql-ws waits for the write as before, so a slow reader still holds back
 * its own subscriptions and nothing piles up in memory.
 */
export class SubscriptionFrames {
  /** Dropped with the result, once every subscriber of its group has been sent it. */
  private readonly payloads = new WeakMap<ExecutionResult, string>();
  private readonly writers = new WeakMap<WebSocket, SocketWriter>();

  /** What `onNext` returns for a result sent as it is (no errors to format): see the class. */
  next(extra: Extra, id: string, result: ExecutionResult): FormattedExecutionResult {
    let payload = this.payloads.get(result);
    if (payload === undefined) this.payloads.set(result, (payload = JSON.stringify(result)));
    this.writer(extra).expect(id, payload);
    return PLACEHOLDER;
  }

  private writer(extra: Extra): SocketWriter {
    let writer = this.writers.get(extra.socket);
    if (!writer)
      this.writers.set(extra.socket, (writer = new SocketWriter(extra.socket, extra.request.socket)));
    return writer;
  }
}

/** One socket's `send`, with the frames it expects swapped in and its writes batched per turn. */
class SocketWriter {
  /** The placeholder frame graphql-ws is about to send, and the frame to send instead. */
  private readonly frames = new Map<string, string>();
  private corked = false;

  constructor(
    socket: WebSocket,
    /** The upgrade request's connection: the one `ws` writes its frames to. */
    private readonly connection: Socket,
  ) {
    const send = socket.send.bind(socket) as Send;
    (socket as { send: Send }).send = (data, optionsOrCallback, callback) =>
      this.send(send, data, optionsOrCallback, callback);
  }

  expect(id: string, payload: string): void {
    const prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
    this.frames.set(`${prefix}{}}`, `${prefix}${payload}}`);
  }

  private send(
    send: Send,
    data: unknown,
    optionsOrCallback?: object | SendCallback,
    callback?: SendCallback,
  ) {
    const done = typeof optionsOrCallback === 'function' ? (optionsOrCallback as SendCallback) : callback;
    const options = typeof optionsOrCallback === 'function' ? {} : (optionsOrCallback ?? {});
    let frame = data;
    if (typeof data === 'string' && this.frames.size > 0) {
      const expected = this.frames.get(data);
      if (expected !== undefined) {
        this.frames.delete(data);
        frame = expected;
      }
    }
    this.cork();
    if (this.connection.writableLength >= this.connection.writableHighWaterMark) {
      send(frame, options, done);
      return;
    }
    send(frame, options);
    done?.();
  }

  private cork(): void {
    if (this.corked) return;
    this.corked = true;
    this.connection.cork();
    setImmediate(() => {
      this.corked = false;
      this.connection.uncork();
    });
  }
}
