import './typescript-require.cjs';
import { rm } from 'node:fs/promises';
import { HARNESS, type Harness } from './harness.state.js';

/** Stops what global-setup started and removes its temporary folders. */
export default async function globalTeardown(): Promise<void> {
  const harness = (globalThis as Record<symbol, Harness | undefined>)[HARNESS];
  if (!harness) return;
  await Promise.all([harness.postgres?.stop(), harness.redis?.stop()]);
  await Promise.all(harness.folders.map((folder) => rm(folder, { recursive: true, force: true })));
}
