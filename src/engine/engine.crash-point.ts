/**
 * Test-only crash points (docs/testing.md R2): with ENGINE_TEST_CRASH_POINT naming one, an engine process
 * kills itself there, as a power cut would, so that a test can show what survives. Without it
 * (always in production: the config refuses it there) reaching a point does nothing.
 */
import type { AppConfig, CrashPoint } from '../config/config.js';

/** SIGKILLs this process when `point` is the configured crash point; otherwise returns at once. */
export function reachCrashPoint(config: AppConfig, point: CrashPoint): void {
  // SIGKILL, not exit(): no shutdown hook may run, no transaction may be rolled back politely.
  if (config.engine.testCrashPoint === point) process.kill(process.pid, 'SIGKILL');
}
