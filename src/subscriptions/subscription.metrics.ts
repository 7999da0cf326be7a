import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { MetricsRegistry } from '../observability/metrics.registry.js';

/** The subscription fields of the API: the one label of the fan-out metrics. */
export type SubscriptionField =
  | 'executionEvents'
  | 'executionEventBatches'
  | 'executionUpdated'
  | 'executionsChanged'
  | 'bulkOperationProgress';

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * Subscription fan-out on `/metrics`: `stepgraph_subscriptions_active{subscription}` (open streams
 * in this process) and `stepgraph_subscription_messages_total{subscription}` (values handed to
 * subscribers), over graphql-ws and HTTP alike.
 */
@Injectable()
export class SubscriptionMetrics {
  private readonly active: Gauge<'subscription'>;
  private readonly messages: Counter<'subscription'>;

  constructor(metrics: MetricsRegistry) {
    this.active = new Gauge({
      name: 'stepgraph_subscriptions_active',
      help: 'Subscriptions open in this process, by subscription field',
      labelNames: ['subscription'] as const,
      registers: [metrics.registry],
    });
    this.messages = new Counter({
      name: 'stepgraph_subscription_messages_total',
      help: 'Values this process handed to subscribers (one message each), by subscription field',
      labelNames: ['subscription'] as const,
      registers: [metrics.registry],
    });
  }

  /**
   * The stream a subscription resolver returns, counted: open from now until it completes, fails
   * or its subscriber leaves (`return`), and each value it yields.
   */
  async track<T>(
    subscription: SubscriptionField,
    opening: Promise<AsyncIterableIterator<T>>,
  ): Promise<AsyncIterableIterator<T>> {
    const stream = await opening;
    const labels = { subscription };
    this.active.inc(labels);
    let open = true;
    const closed = () => {
      if (open) this.active.dec(labels);
      open = false;
    };
    const tracked: AsyncIterableIterator<T> = {
      next: async () => {
        try {
          const result = await stream.next();
          if (result.done) closed();
          else this.messages.inc(labels);
          return result;
        } catch (error) {
          closed();
          throw error;
        }
      },
      return: async () => {
        closed();
        return stream.return ? stream.return() : DONE;
      },
      throw: async (error?: unknown) => {
        closed();
        if (stream.throw) return stream.throw(error);
        throw error;
      },
      [Symbol.asyncIterator]: () => tracked,
    };
    return tracked;
  }
}
