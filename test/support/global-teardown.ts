import './typescript-require.cjs';
import { rm } from 'node:fs/promises';
import { HARNESS, type Harness } from './harness.state.js';
import { keptDatabases, keptFolderNotice } from './kept-databases.js';
import { dropTemplateDatabase } from './template-database.js';

/**
 * Drops the run's template database and removes the service build, stops what global-setup
 * started and removes its temporary folders, except an embedded PostgreSQL folder that holds the database of a failed test file:
 * that one is kept, and said where.
 */
export default async function globalTeardown(): Promise<void> {
  const harness = (globalThis as Record<symbol, Harness | undefined>)[HARNESS];
  if (!harness) return;
  if (harness.templateDatabase && process.env.DATABASE_URL)
    await dropTemplateDatabase(process.env.DATABASE_URL, harness.templateDatabase);
  await Promise.all([
    harness.postgres?.stop(),
    harness.redis?.stop(),
    ...(harness.removals ?? []).map((path) => rm(path, { recursive: true, force: true })),
  ]);
  await Promise.all(
    harness.folders.map(async (folder) => {
      const kept = await keptDatabases(folder);
      if (kept.length > 0) console.log(`\n${keptFolderNotice(folder, kept)}`);
      else await rm(folder, { recursive: true, force: true });
    }),
  );
}
