/**
 * The processes of the subscription bench: a redis-server of its own, the Stepgraph service (one
 * process, role `all`, from source as the tests run it) and the commit probe. Each prints lines
 * that are read here; each is killed by `stop()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { choosePort } from '../src/database/embedded-postgres.launcher.js';

const ROOT = new URL('..', import.meta.url).pathname;
/** Booting from source transpiles every file first. */
const READY_TIMEOUT_MS = 120_000;

/** A child process of the bench. */
export interface BenchChild {
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Calls `onLine` with each line the child prints on stdout and stderr. */
function readLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', onLine);
  }
}

/** Starts `command` and resolves once a line satisfies `ready`; keeps the last lines for errors. */
export function startChild(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  ready: (line: string) => boolean,
  onLine: (line: string) => void = () => undefined,
): Promise<BenchChild> {
  const child = spawn(command, [...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const recent: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${command} was not ready in time:\n${recent.join('\n')}`));
    }, READY_TIMEOUT_MS);
    const onEarlyExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (code ${code}):\n${recent.join('\n')}`));
    };
    child.once('exit', onEarlyExit);
    let isReady = false;
    readLines(child, (line) => {
      onLine(line);
      if (isReady) return;
      recent.push(line);
      if (recent.length > 50) recent.shift();
      if (!ready(line)) return;
      isReady = true;
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      resolve({ child, stop });
    });
  });
}

/** A redis-server on a free port, only for this run; never the machine's shared one. */
export async function startRedis(): Promise<BenchChild & { url: string }> {
  const port = await choosePort(0);
  const redis = await startChild(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    process.env,
    (line) => line.includes('Ready to accept connections'),
  );
  return { ...redis, url: `redis://127.0.0.1:${port}` };
}

/** The service under test, and how to reach it. */
export interface BenchService extends BenchChild {
  readonly url: string;
  readonly admin: { readonly email: string; readonly password: string };
}

/**
 * Stepgraph, role `all`, on the bench database and Redis, tuned to accept the bench's sockets
 * (socket cap, rate limit, token lifetime). Ready once `/health` answers 200: at log level error
 * the service prints nothing when it listens.
 */
export async function startService(databaseUrl: string, redisUrl: string): Promise<BenchService> {
  const port = await choosePort(0);
  const admin = { email: 'bench@stepgraph.test', password: randomBytes(12).toString('hex') };
  const nodeArgs = process.env.BENCH_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', './scripts/typescript-loader.mjs', 'src/main.ts'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'production',
        LOG_LEVEL: 'error',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        STEPGRAPH_ROLE: 'all',
        JWT_SECRET: randomBytes(32).toString('hex'),
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
        ACCESS_TOKEN_TTL_SECONDS: '86400',
        WS_MAX_CONNECTIONS_PER_IP: '100000',
        RATE_LIMIT_PER_MINUTE: '100000000',
      },
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with code ${child.exitCode}`);
    const healthy = await fetch(`${url}/health`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('the service was not healthy in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    child,
    url,
    admin,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** When a notification of `executionId` covering `fromSeq`..`toSeq` reached an idle Redis subscriber. */
export interface CommitNotice {
  readonly executionId: string;
  readonly fromSeq: number;
  readonly toSeq: number;
  /** `performance.timeOrigin + performance.now()` in the probe: comparable across processes. */
  readonly at: number;
}

/** The commit probe (subscriptions.probe.ts), its notices collected as they come. */
export async function startProbe(redisUrl: string): Promise<BenchChild & { notices: CommitNotice[] }> {
  const notices: CommitNotice[] = [];
  const probe = await startChild(
    process.execPath,
    ['--import', './scripts/typescript-loader.mjs', 'bench/subscriptions.probe.ts', redisUrl],
    process.env,
    (line) => line === 'ready',
    (line) => {
      if (line.startsWith('{')) notices.push(JSON.parse(line) as CommitNotice);
    },
  );
  return { ...probe, notices };
}

/** The resident set size of process `pid`, in MB (Linux `/proc`). */
export function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Linux's clock ticks per second, in which `/proc/<pid>/stat` counts CPU time. */
const CLOCK_TICKS_PER_SECOND = 100;

/** The CPU time process `pid` has used so far, user and system, in ms (Linux `/proc`). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields 14 and 15 (utime, stime), counted after the parenthesised command name.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}
