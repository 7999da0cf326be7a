import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { choosePort } from '../../src/database/embedded-postgres.launcher.js';
import { startBackgroundProcess, type BackgroundProcess } from './background-process.js';
import { CLUSTER_FOLDER } from './kept-databases.js';

const ROOT = resolve(__dirname, '../..');
/** initdb on a fresh folder takes about a second; a loaded machine gets more. */
const POSTGRES_READY_TIMEOUT_MS = 60_000;
const REDIS_READY_TIMEOUT_MS = 10_000;

/** An embedded PostgreSQL in a fresh temporary folder; `value.url` is its maintenance database. */
export async function startTestPostgres(): Promise<{ folder: string; process: BackgroundProcess<string> }> {
  const folder = await mkdtemp(join(tmpdir(), 'stepgraph-test-'));
  // Run as root, the server runs as the `postgres` OS user, which must be able to enter the folder.
  await chmod(folder, 0o755);
  const server = await startBackgroundProcess({
    command: process.execPath,
    args: [
      '--import',
      './scripts/typescript-loader.mjs',
      'test/support/embedded-postgres.process.ts',
      join(folder, CLUSTER_FOLDER),
    ],
    spawnOptions: { cwd: ROOT },
    ready: (line) => (line.startsWith('{"url"') ? (JSON.parse(line) as { url: string }).url : undefined),
    timeoutMs: POSTGRES_READY_TIMEOUT_MS,
  });
  return { folder, process: server };
}

/**
 * A throwaway `redis-server` on `preferredPort` (a free one by default; pass the port of one stopped
 * earlier to restart it), or undefined when none is on the PATH.
 */
export async function startTestRedis(preferredPort?: number): Promise<BackgroundProcess<string> | undefined> {
  const port = preferredPort ?? (await choosePort(0));
  try {
    return await startBackgroundProcess({
      command: 'redis-server',
      args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      ready: (line) =>
        line.includes('Ready to accept connections') ? `redis://127.0.0.1:${port}` : undefined,
      timeoutMs: REDIS_READY_TIMEOUT_MS,
    });
  } catch (error) {
    if ((error as Error).message.includes('ENOENT')) return undefined;
    throw error;
  }
}
