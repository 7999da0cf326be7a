import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { PubSubEngine } from 'graphql-subscriptions';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { onPubSubReconnect } from '../notifications/pub-sub.factory.js';
import { PUB_SUB } from '../notifications/pub-sub.token.js';
import type { Topic } from '../notifications/pub-sub.topic.js';
import { SUBSCRIBE_WAIT_MS } from './subscriptions.constants.js';

/**
 * Called with each notification of a topic, and with `undefined` when PostgreSQL should be read
 * anyway: on each catch-up tick, once the pub/sub subscription is confirmed, after a reconnection.
 */
export type TopicListener<TPayload> = (notice: TPayload | undefined) => void;

interface Watch {
  readonly listeners: Set<TopicListener<unknown>>;
  /** The pub/sub subscription id, once confirmed; undefined if subscribing failed. */
  readonly subscription: Promise<number | undefined>;
  readonly timer: NodeJS.Timeout;
}

/** Resolves once `promise` settled or `timeoutMs` passed, whichever comes first. */
async function atMost(promise: Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}

/**
 * The topics this process listens to for its subscribers: one pub/sub subscription and one
 * catch-up timer per topic (SUBSCRIPTION_CATCH_UP_INTERVAL_MS), however many subscribers share it,
 * dropped with the last of them.
 */
@Injectable()
export class TopicWatches implements OnModuleDestroy {
  private readonly logger = new Logger(TopicWatches.name);
  private readonly watches = new Map<string, Watch>();
  private readonly stopReconnectHook: () => void;
  private readonly catchUpIntervalMs: number;

  constructor(
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'subscriptions'>,
  ) {
    this.catchUpIntervalMs = config.subscriptions.catchUpIntervalMs;
    this.stopReconnectHook = onPubSubReconnect(pubSub, () => this.catchUpAll());
  }

  /**
   * Calls `listener` with the topic's notifications until the returned function is called. Resolves
   * once the pub/sub subscription is confirmed, so that a read made afterwards cannot fall in a gap
   * before the first notification; after {@link SUBSCRIBE_WAIT_MS} at most, since Redis may be down.
   */
  async watch<TPayload>(topic: Topic<TPayload>, listener: TopicListener<TPayload>): Promise<() => void> {
    const watch = this.watches.get(topic.name) ?? this.open(topic.name);
    const entry = listener as TopicListener<unknown>;
    watch.listeners.add(entry);
    await atMost(watch.subscription, SUBSCRIBE_WAIT_MS);
    let watching = true;
    return () => {
      if (!watching) return;
      watching = false;
      this.leave(topic.name, watch, entry);
    };
  }

  onModuleDestroy(): void {
    this.stopReconnectHook();
    for (const [name, watch] of this.watches) {
      watch.listeners.clear();
      this.leave(name, watch, undefined);
    }
  }

  private open(name: string): Watch {
    const listeners = new Set<TopicListener<unknown>>();
    const dispatch = (notice: unknown) => this.dispatch(name, listeners, notice);
    const subscription = this.pubSub.subscribe(name, dispatch, {}).then(
      (id) => {
        // Anything committed before the broker confirmed the subscription was announced to nobody.
        dispatch(undefined);
        return id;
      },
      (error: unknown) => {
        this.logger.warn(`Subscribing to ${name} failed; catching up from PostgreSQL only: ${String(error)}`);
        return undefined;
      },
    );
    const timer = setInterval(() => dispatch(undefined), this.catchUpIntervalMs);
    timer.unref();
    const watch: Watch = { listeners, subscription, timer };
    this.watches.set(name, watch);
    return watch;
  }

  private leave(name: string, watch: Watch, listener: TopicListener<unknown> | undefined): void {
    if (listener) watch.listeners.delete(listener);
    if (watch.listeners.size > 0 || this.watches.get(name) !== watch) return;
    this.watches.delete(name);
    clearInterval(watch.timer);
    // Hazard: RedisPubSub loses track of an id unsubscribed before its SUBSCRIBE was confirmed.
    void watch.subscription.then((id) => {
      if (id !== undefined) this.pubSub.unsubscribe(id);
    });
  }

  private catchUpAll(): void {
    for (const [name, watch] of this.watches) this.dispatch(name, watch.listeners, undefined);
  }

  /** A listener that throws must not keep the others from their notification. */
  private dispatch(name: string, listeners: ReadonlySet<TopicListener<unknown>>, notice: unknown): void {
    for (const listener of [...listeners]) {
      try {
        listener(notice);
      } catch (error) {
        this.logger.error(
          `A listener of ${name} failed: ${(error as Error).message}`,
          (error as Error).stack,
        );
      }
    }
  }
}
