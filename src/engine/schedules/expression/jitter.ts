import { createHash } from 'node:crypto';

/**
 * Deterministic delay in [0, jitterSeconds*1000) from the schedule id and the fire time: every
 * process computes the same delay for the same fire, so spreading load needs no coordination.
 */
export function jitterMs(scheduleId: string, fireTimeMs: number, jitterSeconds: number): number {
  const spanMs = Math.floor(jitterSeconds * 1000);
  if (!(spanMs > 0)) return 0;
  const digest = createHash('sha256').update(`${scheduleId}@${fireTimeMs}`).digest();
  return digest.readUInt32BE(0) % spanMs;
}
