/**
 * Runs the `stepgraph` CLI two ways, with only the environment a test gives it (no STEPGRAPH_* from
 * the outer shell) and NO_COLOR set:
 * - `runCli`: the CLI's `run` called in this process with streams of the test's own: every command's
 *   behaviour (its output, its exit code as `run` answers it) without the second or so of CPU that
 *   starting node with the TypeScript hooks costs;
 * - `spawnCli`: `node packages/cli/bin/stepgraph.mjs …` in a child process, as a user runs it, for
 *   what only a process proves (the bin's wiring to the process's streams, environment and exit
 *   code, stdin, files the process writes).
 * Both are asynchronous: the app under test answers on this process's event loop.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { run } from '../../packages/cli/src/main.js';

const BIN = join(__dirname, '..', '..', 'packages', 'cli', 'bin', 'stepgraph.mjs');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Environment variables on top of the process's own, minus any STEPGRAPH_* it has. */
  readonly env?: Record<string, string | undefined>;
  /** The CLI's stdin, which then ends. */
  readonly stdin?: string;
  /** spawnCli: the child is killed after this long, failing the run; a bound on hanging, not an assertion. */
  readonly timeoutMs?: number;
  /** spawnCli: the child's working directory. */
  readonly cwd?: string;
}

function cliEnv(options: CliOptions): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('STEPGRAPH_')),
  );
  return { ...inherited, NO_COLOR: '1', ...options.env };
}

/** A stream that keeps what is written to it; not a TTY, as a pipe is not. */
function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const stdout = collector();
  const stderr = collector();
  const stdin = Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]);
  const code = await run(args, { stdin, stdout: stdout.stream, stderr: stderr.stream, env: cliEnv(options) });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

export function spawnCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: cliEnv(options),
      cwd: options.cwd,
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `stepgraph ${args.join(' ')} did not exit within ${options.timeoutMs ?? 60_000} ms\n${stderr}`,
        ),
      );
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** The stdout of a `--json` run, parsed; fails naming the output when it is not JSON. */
export function parseJson<T = unknown>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
}
