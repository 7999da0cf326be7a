/**
 * A running task's heartbeats: every third of its HeartbeatSeconds, so that one lost heartbeat
 * still leaves time for the next. A task without HeartbeatSeconds is still probed now and then:
 * the answer is how a worker learns that the task timed out or its execution stopped.
 */
import type { Connection } from './api-client.js';
import { StepgraphApiError } from './errors.js';
import { sendTaskHeartbeat } from './task-api.js';

/** How often a task without HeartbeatSeconds asks whether it is still open. */
const PROBE_INTERVAL_MS = 20_000;

export interface Heartbeats {
  /** Sends one now; never rejects. */
  beat(): Promise<void>;
  stop(): void;
}

export interface HeartbeatOptions {
  readonly heartbeatSeconds: number | null;
  /** The server refused a heartbeat: the task is closed. Called once. */
  readonly onClosed: () => void;
  /** A heartbeat failed otherwise (the next one tries again). */
  readonly onError: (error: unknown) => void;
}

export function startHeartbeats(
  connection: Connection,
  taskToken: string,
  options: HeartbeatOptions,
): Heartbeats {
  const intervalMs = options.heartbeatSeconds ? (options.heartbeatSeconds * 1000) / 3 : PROBE_INTERVAL_MS;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const beat = async (): Promise<void> => {
    if (stopped) return;
    try {
      await sendTaskHeartbeat(connection, taskToken);
    } catch (error) {
      if (stopped) return;
      // CONFLICT: timed out, stopped or answered. NOT_FOUND: the token is gone with its execution.
      if (error instanceof StepgraphApiError && (error.code === 'CONFLICT' || error.code === 'NOT_FOUND')) {
        stop();
        options.onClosed();
      } else {
        options.onError(error);
      }
    }
  };
  const schedule = () => {
    timer = setTimeout(() => {
      void beat().then(() => {
        if (!stopped) schedule();
      });
    }, intervalMs);
  };
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
  };
  schedule();
  return { beat, stop };
}
