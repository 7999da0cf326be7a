import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { choosePort } from '../../src/database/embedded-postgres.launcher.js';
import {
  DEVELOPMENT_ADMIN_EMAIL,
  DEVELOPMENT_ADMIN_PASSWORD_FILE,
} from '../../src/users/development-admin.js';
import { login } from '../support/auth.js';
import { OutputLines } from '../support/background-process.js';
import { jsonLogLines } from '../support/service.js';
import { waitFor } from '../support/wait.js';
import { ECHO_DEFINITION } from './executions.fixtures.js';

const ROOT = resolve(__dirname, '../..');
/** `npm start` compiles first, then boots (initdb on a fresh folder, pg-boss's schema). */
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 30_000;

/** `npm start` run as a user runs it in a terminal: the leader of its own process group. */
interface NpmStart {
  readonly url: string;
  readonly output: OutputLines;
  /** Ctrl-C: SIGINT to the whole process group; resolves with npm's exit code once it has exited. */
  interrupt(): Promise<number | null>;
}

/**
 * Ctrl-C in the terminal that runs `npm start` signals the whole foreground process group: npm,
 * the service it execs, and whatever they started in that group. No DATABASE_URL: the service runs
 * on an embedded PostgreSQL under DATA_DIR.
 */
describe('npm start on an embedded PostgreSQL, stopped with Ctrl-C', () => {
  let dataDir: string;
  const started: ChildProcess[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'stepgraph-sigint-'));
    // Run as root, the embedded server runs as the `postgres` OS user, which must enter the folder.
    await chmod(dataDir, 0o755);
  });

  afterAll(async () => {
    // After a failure: nothing of the process groups, nor the server they may have left, survives.
    for (const child of started) if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    await stopLeftoverServer(join(dataDir, 'postgres'));
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'exits 0 with the same clean log as SIGTERM, and the next start finds its data',
    async () => {
      const first = await npmStart(dataDir, started);
      const token = await developmentAdminToken(first.url, dataDir);
      const machine = await postJson(first.url, token, '/api/v1/state-machines', {
        name: 'survives-ctrl-c',
        definition: ECHO_DEFINITION,
      });
      const execution = await postJson(
        first.url,
        token,
        '/api/v1/state-machines/survives-ctrl-c/executions',
        {
          input: { order: 7 },
        },
      );
      await waitFor(
        async () =>
          (await getJson(first.url, token, `/api/v1/executions/${execution.id}`)).status === 'SUCCEEDED'
            ? true
            : undefined,
        { what: 'the execution to succeed' },
      );

      expect(await first.interrupt()).toBe(0);
      expectCleanStop(first.output);

      const second = await npmStart(dataDir, started);
      try {
        const token2 = await developmentAdminToken(second.url, dataDir);
        expect(await getJson(second.url, token2, `/api/v1/state-machines/${machine.id}`)).toMatchObject({
          name: 'survives-ctrl-c',
        });
        expect(await getJson(second.url, token2, `/api/v1/executions/${execution.id}`)).toMatchObject({
          status: 'SUCCEEDED',
          output: { order: 7, greeting: 'hello' },
        });
      } finally {
        expect(await second.interrupt()).toBe(0);
      }
      expectCleanStop(second.output);
    },
    2 * START_TIMEOUT_MS,
  );
});

/**
 * What SIGTERM logs from the signal on, and nothing else: no error or warning, no stack trace, no
 * unhandled `error` event (Node prints those as plain text, not as log lines).
 */
function expectCleanStop(output: OutputLines): void {
  // Nest's lines of modules loading name them (ErrorReportsModule): not errors.
  const text = output
    .all()
    .filter((line) => !line.includes('"context":"InstanceLoader"'))
    .join('\n');
  expect(text).not.toMatch(/Error|unhandled|\n\s+at /i);
  const messages = jsonLogLines(output).map((line) => String(line.msg));
  expect(messages.slice(messages.indexOf('SIGINT received, shutting down'))).toEqual([
    'SIGINT received, shutting down',
    expect.stringMatching(/^Embedded PostgreSQL stopped, data kept in /),
    'Stopped',
  ]);
}

async function npmStart(dataDir: string, started: ChildProcess[]): Promise<NpmStart> {
  const port = await choosePort(0);
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    // Its own process group, led by npm, as a terminal's foreground job is.
    detached: true,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  const output = new OutputLines(child);
  let closed: { code: number | null } | undefined;
  child.once('close', (code) => (closed = { code }));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (closed) throw new Error(`npm start exited with code ${closed.code}:\n${output.text()}`);
      return (await fetch(`${url}/health`)).status === 200 ? true : undefined;
    },
    { timeoutMs: START_TIMEOUT_MS, intervalMs: 200, what: 'a healthy /health' },
  );
  return {
    url,
    output,
    async interrupt() {
      process.kill(-child.pid!, 'SIGINT');
      return (await waitFor(() => closed, { timeoutMs: STOP_TIMEOUT_MS, what: 'npm start to exit' })).code;
    },
  };
}

async function developmentAdminToken(url: string, dataDir: string): Promise<string> {
  const password = (await readFile(join(dataDir, DEVELOPMENT_ADMIN_PASSWORD_FILE), 'utf8')).trim();
  return (await login(url, DEVELOPMENT_ADMIN_EMAIL, password)).accessToken;
}

async function postJson(url: string, token: string, path: string, body: unknown): Promise<{ id: string }> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string };
}

async function getJson(url: string, token: string, path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** A server left running by a killed service would outlive the test: it runs in its own session. */
async function stopLeftoverServer(clusterFolder: string): Promise<void> {
  const pidLine = await readFile(join(clusterFolder, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number.parseInt(pidLine.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  await waitFor(() => (isAlive(pid) ? undefined : true), { what: 'the leftover server to stop' });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
