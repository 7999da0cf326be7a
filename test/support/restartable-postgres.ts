/**
 * A PostgreSQL cluster of the test's own (embedded, in a temporary folder, durable) that the test
 * may crash and start again on the same port, as `pg_ctl restart -m immediate` would (docs/testing.md R3).
 * Never the machine's shared server: other test files and other work use that one.
 */
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startBackgroundProcess, type BackgroundProcess } from './background-process.js';
import { waitFor } from './wait.js';

const ROOT = resolve(__dirname, '../..');
const POSTGRES_READY_TIMEOUT_MS = 60_000;

export interface RestartablePostgres {
  /** The maintenance database's URL; the port stays the same across restarts. */
  readonly url: string;
  /** Immediate shutdown (SIGQUIT to the postmaster): no checkpoint, every session cut at once. */
  crash(): Promise<void>;
  /**
   * Fast shutdown (SIGINT to the postmaster), as `docker stop` gives the official image: every
   * session is ended with 57P01 (admin shutdown), then the server exits.
   */
  shutDownFast(): Promise<void>;
  /** Starts the cluster again on its folder and port; it recovers from the crash first. */
  start(): Promise<void>;
  /** Stops the cluster and removes its folder. */
  remove(): Promise<void>;
}

export async function startRestartablePostgres(): Promise<RestartablePostgres> {
  const parent = await mkdtemp(join(tmpdir(), 'stepgraph-restartable-'));
  // Run as root, the server runs as the `postgres` OS user, which must be able to enter the folder.
  await chmod(parent, 0o755);
  const folder = join(parent, 'postgres');
  let server: BackgroundProcess<string> | undefined = await launch(folder, '0');
  const url = server.value;
  const port = new URL(url).port;
  const stopPostmaster = async (signal: NodeJS.Signals) => {
    const pidLine = (await readFile(join(folder, 'postmaster.pid'), 'utf8')).split('\n')[0] ?? '';
    const pid = Number.parseInt(pidLine, 10);
    process.kill(pid, signal);
    await waitFor(() => (isAlive(pid) ? undefined : true), { what: 'the postmaster to exit' });
    // Its launcher has nothing left to stop.
    server?.child.kill('SIGKILL');
    server = undefined;
  };
  return {
    url,
    crash: () => stopPostmaster('SIGQUIT'),
    shutDownFast: () => stopPostmaster('SIGINT'),
    async start() {
      server = await launch(folder, port);
      if (server.value !== url) throw new Error(`The cluster came back as ${server.value}, not ${url}`);
    },
    async remove() {
      await server?.stop();
      await rm(parent, { recursive: true, force: true });
    },
  };
}

function launch(folder: string, port: string): Promise<BackgroundProcess<string>> {
  return startBackgroundProcess({
    command: process.execPath,
    args: [
      '--import',
      './scripts/typescript-loader.mjs',
      'test/support/embedded-postgres.process.ts',
      folder,
      port,
      'durable',
    ],
    spawnOptions: { cwd: ROOT },
    ready: (line) => (line.startsWith('{"url"') ? (JSON.parse(line) as { url: string }).url : undefined),
    timeoutMs: POSTGRES_READY_TIMEOUT_MS,
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
