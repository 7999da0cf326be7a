import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { PubSubEngine } from 'graphql-subscriptions';
import { ExecutionCommands } from '../engine/start/execution.commands.js';
import { activityScheduledTopic } from '../notifications/execution.topics.js';
import { PUB_SUB } from '../notifications/pub-sub.token.js';
import { ActivityPollersRecorder } from './activity-pollers.recorder.js';
import { activityNameOf } from './activity.names.js';
import type { ActivityTask } from './models/activity-task.model.js';

/** The longest a poll waits for a task, in seconds (AWS's GetActivityTask waits up to 60 s). */
export const MAX_ACTIVITY_POLL_SECONDS = 60;

/**
 * How long a waiting poll sleeps between two attempts when no notification arrives. Notifications
 * are best-effort (docs/design.md §3 rule 7): one can be lost while Redis is down, or arrive before the
 * subscription is active. This bounds the delay they can add; it is not the usual wake-up.
 */
export const ACTIVITY_POLL_RECHECK_MS = 1000;

export interface ActivityPollOptions {
  /** Recorded with the task (ActivityStarted's workerName). */
  readonly workerName?: string | null;
  /** How long to wait for a task, 0 to {@link MAX_ACTIVITY_POLL_SECONDS}; default the maximum. */
  readonly waitSeconds?: number | null;
  /** Aborted when the client goes away: the poll ends with null. */
  readonly signal?: AbortSignal;
}

/** Wakes one waiter; a ring while nobody waits is kept for the next wait, so none is lost. */
class Doorbell {
  private rung = false;
  private wake: (() => void) | undefined;

  ring(): void {
    this.rung = true;
    this.wake?.();
  }

  /** Resolves on a ring (or one rung meanwhile), after `timeoutMs`, or when `signal` aborts. */
  async wait(timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (!this.rung && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          this.wake = undefined;
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        signal.addEventListener('abort', done, { once: true });
        this.wake = done;
      });
    }
    this.rung = false;
  }
}

/**
 * The long poll of activity workers (AWS's GetActivityTask): leases the oldest scheduled task of
 * an activity, or waits for one to be scheduled, up to a minute. It sleeps on the engine's
 * "activity task scheduled" notification, so a task reaches a waiting worker at once, from any
 * engine process (through Redis); a periodic re-check covers lost notifications.
 */
@Injectable()
export class ActivityPollService implements OnModuleDestroy {
  private readonly logger = new Logger(ActivityPollService.name);
  /** Ends every waiting poll at shutdown: the HTTP server would otherwise wait for them. */
  private readonly shutdown = new AbortController();

  constructor(
    private readonly commands: ExecutionCommands,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    private readonly pollers: ActivityPollersRecorder,
  ) {}

  /**
   * Waiting polls answer "no task" at once. This must happen in the first shutdown hook, before
   * Apollo's drain closes the HTTP server, which gives open requests 10 s and then cuts them off:
   * Nest destroys the modules nearest the root first, and ActivitiesModule (imported by AppModule)
   * is nearer than GraphQLModule (imported by GraphqlApiModule), whose onModuleDestroy drains.
   */
  onModuleDestroy(): void {
    this.shutdown.abort();
  }

  /** A task of the activity (NAME, `activity:NAME` or its ARN), or null when none came in time. */
  async poll(activity: string, options: ActivityPollOptions = {}): Promise<ActivityTask | null> {
    const name = activityNameOf(activity);
    const waitSeconds = Math.min(options.waitSeconds ?? MAX_ACTIVITY_POLL_SECONDS, MAX_ACTIVITY_POLL_SECONDS);
    const deadline = Date.now() + waitSeconds * 1000;
    const signal = AbortSignal.any(
      options.signal ? [this.shutdown.signal, options.signal] : [this.shutdown.signal],
    );
    const doorbell = new Doorbell();
    // Subscribed before the first attempt, so a task scheduled right after it still rings.
    const unsubscribe = this.subscribe(name, () => doorbell.ring());
    try {
      for (;;) {
        if (signal.aborted) return null;
        // Each attempt, throttled: a worker waiting in a long poll keeps counting as polling.
        await this.pollers.record(name, options.workerName);
        const task = await this.commands.leaseActivityTask(name, options.workerName ?? undefined);
        if (task) return task;
        const remainingMs = deadline - Date.now();
        if (remainingMs <= 0) return null;
        await doorbell.wait(Math.min(remainingMs, ACTIVITY_POLL_RECHECK_MS), signal);
      }
    } finally {
      unsubscribe();
    }
  }

  /**
   * Listens to the activity's topic without waiting for the subscription: with Redis down it
   * would wait for Redis, and the re-check keeps the poll working meanwhile.
   */
  private subscribe(activity: string, onMessage: () => void): () => void {
    const topic = activityScheduledTopic(activity).name;
    const warn = (action: string) => (error: unknown) => {
      this.logger.warn(
        `${action} ${topic} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    };
    const subscribed = this.pubSub.subscribe(topic, onMessage, {}).catch(warn('Subscribing to'));
    return () => {
      subscribed
        .then((id) => {
          if (id !== undefined) this.pubSub.unsubscribe(id);
        })
        .catch(warn('Unsubscribing from'));
    };
  }
}
