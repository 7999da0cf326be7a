import { DataSource } from 'typeorm';
import type { BootedApp } from '../support/app.js';
import { cursorOf } from '../support/schedules.js';

/** A machine that ends at once: a fired schedule's execution SUCCEEDS in its start transaction. */
export const PASS_DEFINITION = { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } };

const HOUR_MS = 3600_000;

/** A whole hour at least a day ahead: a window start no test run reaches. */
export function hoursAhead(hours: number): string {
  return new Date((Math.floor(Date.now() / HOUR_MS) + 24 + hours) * HOUR_MS).toISOString();
}

/** The audit rows of an operation about a target id, oldest first. */
export async function auditRowsOf(
  booted: BootedApp,
  operation: string,
  targetId: string,
): Promise<{ outcome: string; target_ids: string[] }[]> {
  return booted.app
    .get(DataSource)
    .query(
      `SELECT outcome, target_ids FROM audit_log WHERE operation = $1 AND $2 = ANY(target_ids) ORDER BY seq`,
      [operation, targetId],
    );
}

/** The scheduler's cursor of a schedule as stored, in epoch ms. */
export function storedCursor(
  booted: BootedApp,
  id: string,
): Promise<{ nextFireAtMs: number | null; nextDueAtMs: number | null }> {
  return cursorOf(booted.app.get(DataSource), id);
}

export async function scheduleCount(booted: BootedApp): Promise<number> {
  const [row] = await booted.app
    .get(DataSource)
    .query<{ count: number }[]>('SELECT count(*)::int AS count FROM schedules');
  return row!.count;
}
