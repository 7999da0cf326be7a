import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { withFileLock } from '../../scripts/file-lock.mjs';
import { choosePort } from '../../src/database/embedded-postgres.launcher.js';
import { TEST_ADMIN } from './auth.js';
import { OutputLines, stopProcess } from './background-process.js';
import { waitFor } from './wait.js';

const ROOT = resolve(__dirname, '../..');
/** Booting includes initdb on a fresh folder and pg-boss's schema install. */
const SERVICE_READY_TIMEOUT_MS = 60_000;

/** A JWT secret long enough for production's check. */
export const TEST_JWT_SECRET = 'a-test-secret-that-is-long-enough-0123456789';

/** The environment of a service run as in production, with its first admin. */
export const PRODUCTION_ENV: Readonly<Record<string, string>> = {
  NODE_ENV: 'production',
  JWT_SECRET: TEST_JWT_SECRET,
  ADMIN_EMAIL: TEST_ADMIN.email,
  ADMIN_PASSWORD: TEST_ADMIN.password,
};

/** Set by global setup (and inherited by the workers) to the folder of the run's service build. */
export const SERVICE_BUILD_VARIABLE = 'STEPGRAPH_TEST_SERVICE_BUILD';

/** A production build of the service, compiled once per test run (never the shared `dist/`). */
export interface ServiceBuild {
  readonly mainPath: string;
}

/**
 * Compiles the service with the production build settings into the run's folder under
 * node_modules/.cache (global setup names it; global teardown removes it), where Node still finds
 * the packages and `"type": "module"`. The first test file to ask builds it, holding a lock; the
 * others wait for that build and use it. Type errors elsewhere in the tree are reported, not fatal,
 * as long as the entry point was emitted.
 */
export async function buildService(): Promise<ServiceBuild> {
  const outDir = process.env[SERVICE_BUILD_VARIABLE];
  if (!outDir) throw new Error(`${SERVICE_BUILD_VARIABLE} is unset: run the tests through Jest.`);
  const mainPath = join(outDir, 'src', 'main.js');
  withFileLock(`${outDir}.lock`, () => {
    if (existsSync(mainPath)) return;
    const tsc = require.resolve('typescript/bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (!existsSync(mainPath))
      throw new Error(`The build emitted no ${mainPath}:\n${result.stdout}${result.stderr}`);
    if (result.status !== 0) console.warn(`The build reported type errors:\n${result.stdout}`);
  });
  return { mainPath };
}

/** Where global setup puts the run's service build: a fresh folder name, built on first use. */
export function serviceBuildFolder(): string {
  return join(ROOT, 'node_modules', '.cache', `stepgraph-e2e-${randomBytes(4).toString('hex')}`);
}

/** A built service running as a child process. */
export interface RunningService {
  readonly url: string;
  readonly child: ChildProcess;
  readonly output: OutputLines;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null }>;
}

/**
 * Starts the built service with exactly `env` (plus PATH and HOME; nothing else is inherited, so
 * no DATABASE_URL or REDIS_URL leaks in) and resolves once `/health` answers 200.
 */
export async function startService(
  build: ServiceBuild,
  env: Record<string, string>,
): Promise<RunningService> {
  const { child, output, url } = await spawnService(build, env);
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`the service exited with code ${child.exitCode}`);
        return (await fetch(`${url}/health`)).status === 200 ? true : undefined;
      },
      { timeoutMs: SERVICE_READY_TIMEOUT_MS, intervalMs: 100, what: 'a healthy /health' },
    );
  } catch (error) {
    await stopProcess(child, 5000);
    throw new Error(`${(error as Error).message}. Output:\n${output.text()}`, { cause: error });
  }
  return {
    url,
    child,
    output,
    async stop(signal = 'SIGTERM') {
      return { code: await stopProcess(child, 30_000, signal) };
    },
  };
}

/**
 * Runs the built service with `env` (as {@link startService} does) until it exits by itself, for a
 * boot that must fail; kills it and fails when it is still running at the deadline.
 */
export async function runServiceToExit(
  build: ServiceBuild,
  env: Record<string, string>,
): Promise<{ code: number | null; output: OutputLines }> {
  const { child, output } = await spawnService(build, env);
  // `close`, not `exit`: by then every line the process wrote has been read.
  let closed: { code: number | null } | undefined;
  child.once('close', (code) => (closed = { code }));
  try {
    const { code } = await waitFor(() => closed, {
      timeoutMs: SERVICE_READY_TIMEOUT_MS,
      intervalMs: 100,
      what: 'the service to exit',
    });
    return { code, output };
  } catch (error) {
    await stopProcess(child, 5000);
    throw new Error(`${(error as Error).message}. Output:\n${output.text()}`, { cause: error });
  }
}

async function spawnService(
  build: ServiceBuild,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; output: OutputLines; url: string }> {
  const port = await choosePort(0);
  const child = spawn(process.execPath, [build.mainPath], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, output: new OutputLines(child), url: `http://127.0.0.1:${port}` };
}

/** The service's JSON log lines (lines that are not JSON, if any, are left out). */
export function jsonLogLines(output: OutputLines): Array<Record<string, unknown>> {
  return output.all().flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}
