/**
 * The subscribers of the subscription bench: real graphql-ws clients (`createClient` over `ws`),
 * one WebSocket each, in the bench process. Each subscription records the seq of every event it
 * receives and when it arrived.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** The subscription fields the bench compares: one event per message, or a list per read. */
export type SubscriptionField = 'executionEvents' | 'executionEventBatches';

/** What a dashboard would ask for: the event without its (possibly large) details. */
const subscription = (field: SubscriptionField) => `subscription ($executionId: ID!, $afterSeq: Int) {
  ${field}(executionId: $executionId, afterSeq: $afterSeq) { seq type timestamp stateName }
}`;

type EventsData = { executionEvents?: { seq: number }; executionEventBatches?: { seq: number }[] };

/** Sockets opened at once: a thousand handshakes at the same instant would only measure the accept queue. */
const OPEN_BATCH = 100;

/** One subscription of the fleet, as it stands. */
export interface Subscriber {
  readonly executionId: string;
  readonly afterSeq: number;
  readonly seqs: number[];
  /** When each event arrived, `performance.timeOrigin + performance.now()`. */
  readonly arrivals: number[];
  completed: boolean;
  error: string | undefined;
}

const now = () => performance.timeOrigin + performance.now();

/** `count` graphql-ws connections to the service, each authenticated with `token`. */
export class ClientFleet {
  readonly subscribers: Subscriber[] = [];

  private constructor(private readonly clients: readonly Client[]) {}

  static async open(baseUrl: string, token: string, count: number): Promise<ClientFleet> {
    const clients: Client[] = [];
    for (let start = 0; start < count; start += OPEN_BATCH) {
      const batch = Array.from({ length: Math.min(OPEN_BATCH, count - start) }, () =>
        connect(baseUrl, token),
      );
      clients.push(...(await Promise.all(batch)));
    }
    return new ClientFleet(clients);
  }

  get size(): number {
    return this.clients.length;
  }

  /** Subscribes on client `index` to the events of `executionId` after `afterSeq`, through `field`. */
  subscribe(
    index: number,
    executionId: string,
    afterSeq: number,
    field: SubscriptionField = 'executionEvents',
  ): Subscriber {
    const subscriber: Subscriber = {
      executionId,
      afterSeq,
      seqs: [],
      arrivals: [],
      completed: false,
      error: undefined,
    };
    this.subscribers.push(subscriber);
    this.clients[index]!.subscribe<EventsData>(
      { query: subscription(field), variables: { executionId, afterSeq } },
      {
        next: (result) => {
          const events = result.data?.executionEventBatches ?? result.data?.executionEvents;
          if (events === undefined) subscriber.error = JSON.stringify(result.errors);
          else {
            const at = now();
            for (const { seq } of Array.isArray(events) ? events : [events]) {
              subscriber.seqs.push(seq);
              subscriber.arrivals.push(at);
            }
          }
        },
        error: (error) => {
          subscriber.error = error instanceof Error ? error.message : JSON.stringify(error);
        },
        complete: () => {
          subscriber.completed = true;
        },
      },
    );
    return subscriber;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.dispose()));
  }
}

function connect(baseUrl: string, token: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = createClient({
      url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: reject,
    });
    client.on('connected', () => resolve(client));
    client.on('closed', (event) => reject(new Error(`a socket closed: ${JSON.stringify(event)}`)));
  });
}
