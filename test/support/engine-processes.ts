/**
 * Engine processes as real children of the test (`STEPGRAPH_ROLE=worker`, run from source through
 * the TypeScript loader, so no build is needed), to be killed, restarted and raced against each
 * other on one database (docs/testing.md, Reliability).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { choosePort } from '../../src/database/embedded-postgres.launcher.js';
import { OutputLines } from './background-process.js';
import { waitFor } from './wait.js';

const ROOT = resolve(__dirname, '../..');
/** Transpiling the sources and migrating take a few seconds; a loaded two-core machine needs more. */
const ENGINE_READY_TIMEOUT_MS = 60_000;

/**
 * Settings that keep a reliability test fast: a killed engine's jobs are handed out again within
 * a few seconds (ENGINE_JOB_LEASE_SECONDS), HTTP Tasks may call the test's loopback sink.
 */
export const FAST_RECOVERY_ENV: Readonly<Record<string, string>> = {
  ENGINE_JOB_LEASE_SECONDS: '2',
  HTTP_TASK_ALLOW_LIST: '127.0.0.1',
  HTTP_TASK_TIMEOUT_SECONDS: '5',
};

/** What an engine process is started with. */
export interface EngineProcessOptions {
  readonly databaseUrl: string;
  /** Added to (and overriding) the defaults: role worker, test environment, warnings only. */
  readonly env?: Readonly<Record<string, string>>;
  /** Node options placed before the entry point, such as `--import` of a preload. */
  readonly nodeArgs?: readonly string[];
  /** Named in error messages. */
  readonly name?: string;
  /** With false, EngineFleet.start resolves once the process is spawned, not once `/health` answers. */
  readonly waitForHealth?: boolean;
}

/** An engine process the test started and must stop. */
export interface EngineProcess {
  readonly name: string;
  readonly pid: number;
  /** Its `/health` URL: engine processes serve only that. */
  readonly healthUrl: string;
  readonly output: OutputLines;
  /** Whether it has exited (killed, crashed or stopped). */
  readonly exited: boolean;
  /** Whether its `/health` has answered 200 once (it finished booting). */
  healthy: boolean;
  /** SIGKILL, as a power cut would: resolves once it is gone. */
  kill(): Promise<void>;
}

/** Starts an engine process and resolves once its `/health` answers 200. */
export async function startEngineProcess(options: EngineProcessOptions): Promise<EngineProcess> {
  const engine = await spawnEngineProcess(options);
  await untilHealthy(engine);
  return engine;
}

/** Starts an engine process without waiting for it to boot. */
export async function spawnEngineProcess(options: EngineProcessOptions): Promise<EngineProcess> {
  const port = await choosePort(0);
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', './scripts/typescript-loader.mjs', 'src/main.ts'],
    {
      cwd: ROOT,
      // Nothing inherited but the path: no DATABASE_URL or REDIS_URL of the test run leaks in.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        STEPGRAPH_ROLE: 'worker',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: options.databaseUrl,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return engineProcess(options.name ?? `engine-${port}`, child, `http://127.0.0.1:${port}/health`);
}

/** Resolves once the engine's `/health` answers 200; kills it and fails when it does not in time. */
export async function untilHealthy(engine: EngineProcess): Promise<void> {
  try {
    await waitFor(
      async () => {
        if (engine.exited) throw new Error('it exited');
        return (await fetch(engine.healthUrl)).status === 200 ? true : undefined;
      },
      { timeoutMs: ENGINE_READY_TIMEOUT_MS, intervalMs: 100, what: `engine ${engine.name} to be healthy` },
    );
    engine.healthy = true;
  } catch (error) {
    await engine.kill();
    throw new Error(`${(error as Error).message}. Output:\n${engine.output.text()}`, { cause: error });
  }
}

function engineProcess(name: string, child: ChildProcess, healthUrl: string): EngineProcess {
  const output = new OutputLines(child);
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  return {
    name,
    pid: child.pid ?? -1,
    healthUrl,
    output,
    healthy: false,
    get exited() {
      return child.exitCode !== null || child.signalCode !== null;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * The engine processes of one test file, so that none outlives it: `start` adds one, `stopAll`
 * (in afterAll) kills whatever is still running.
 */
export class EngineFleet {
  private readonly engines: EngineProcess[] = [];
  private started = 0;

  constructor(private readonly defaults: Omit<EngineProcessOptions, 'name'>) {}

  /** Every engine started so far, killed or not. */
  get all(): readonly EngineProcess[] {
    return this.engines;
  }

  /** The engines still running, booted or booting. */
  get running(): EngineProcess[] {
    return this.engines.filter((engine) => !engine.exited);
  }

  /** The engines that finished booting and still run. */
  get ready(): EngineProcess[] {
    return this.running.filter((engine) => engine.healthy);
  }

  /** Starts an engine; it counts as running from the moment it is spawned. */
  async start(overrides: Partial<EngineProcessOptions> = {}): Promise<EngineProcess> {
    this.started += 1;
    const engine = await spawnEngineProcess({
      ...this.defaults,
      ...overrides,
      env: { ...this.defaults.env, ...overrides.env },
      name: overrides.name ?? `engine-${this.started}`,
    });
    this.engines.push(engine);
    if (overrides.waitForHealth ?? this.defaults.waitForHealth ?? true) await untilHealthy(engine);
    return engine;
  }

  /** Starts `count` engines side by side. */
  startMany(count: number, overrides: Partial<EngineProcessOptions> = {}): Promise<EngineProcess[]> {
    return Promise.all(Array.from({ length: count }, () => this.start(overrides)));
  }

  /** Kills every engine still running (SIGKILL: a test's engines owe it no graceful stop). */
  async stopAll(): Promise<void> {
    await Promise.all(this.engines.map((engine) => engine.kill()));
  }

  /** Lines that engines logged at error level or above, for a failure message. */
  errors(): string[] {
    return this.engines.flatMap((engine) =>
      engine.output
        .all()
        .filter((line) => /"level":(50|60)/.test(line))
        .map((line) => `${engine.name}: ${line}`),
    );
  }
}
