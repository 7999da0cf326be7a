import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A worker's polls of one activity are written at most this often, by this process and by all. */
export const POLL_RECORD_INTERVAL_SECONDS = 5;
/** A worker that has not polled an activity for this long is removed from its rows. */
const FORGOTTEN_AFTER_SECONDS = 24 * 3600;
/** Beyond this many remembered pollers, the ones not written within the interval are forgotten. */
const MAX_REMEMBERED_POLLERS = 10_000;

/**
 * Records that a worker polls an activity (`activity_pollers`), for `Execution.waitingOn`'s count
 * of workers polling. Throttled here and in the UPSERT, so a busy worker costs one write per
 * interval; a failed write is logged and never fails the poll.
 */
@Injectable()
export class ActivityPollersRecorder {
  private readonly logger = new Logger(ActivityPollersRecorder.name);
  /** When each activity and worker was last written by this process (epoch ms). */
  private readonly written = new Map<string, number>();

  constructor(private readonly dataSource: DataSource) {}

  async record(activity: string, workerName: string | null | undefined): Promise<void> {
    const worker = workerName ?? '';
    const key = JSON.stringify([activity, worker]);
    const now = Date.now();
    if (now - (this.written.get(key) ?? 0) < POLL_RECORD_INTERVAL_SECONDS * 1000) return;
    this.forgetOld(now);
    this.written.set(key, now);
    try {
      await this.dataSource.query(
        // The activity's workers gone for a day leave with it: the table stays as small as the fleet.
        `WITH gone AS (
           DELETE FROM activity_pollers
            WHERE activity = $1 AND worker_name <> $2 AND last_poll_at < now() - $4 * interval '1 second')
         INSERT INTO activity_pollers (activity, worker_name) VALUES ($1, $2)
         ON CONFLICT (activity, worker_name) DO UPDATE SET last_poll_at = now()
          WHERE activity_pollers.last_poll_at < now() - $3 * interval '1 second'`,
        [activity, worker, POLL_RECORD_INTERVAL_SECONDS, FORGOTTEN_AFTER_SECONDS],
      );
    } catch (error) {
      this.written.delete(key);
      this.logger.warn(
        `Recording a poll of ${activity} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private forgetOld(now: number): void {
    if (this.written.size < MAX_REMEMBERED_POLLERS) return;
    for (const [key, at] of this.written)
      if (now - at >= POLL_RECORD_INTERVAL_SECONDS * 1000) this.written.delete(key);
  }
}
