/**
 * Runs the `stepgraph` CLI as a user would: `node packages/cli/bin/stepgraph.mjs …` in a child
 * process, asynchronously (the app under test answers on this process's event loop), with only the
 * environment a test gives it (no STEPGRAPH_* from the outer shell).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(__dirname, '..', '..', 'packages', 'cli', 'bin', 'stepgraph.mjs');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Environment variables on top of the process's own, minus any STEPGRAPH_* it has. */
  readonly env?: Record<string, string | undefined>;
  /** Written to the child's stdin, which is then closed. */
  readonly stdin?: string;
  /** The child is killed after this long, failing the run; a bound on hanging, not an assertion. */
  readonly timeoutMs?: number;
  readonly cwd?: string;
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('STEPGRAPH_')),
  );
  const env = { ...inherited, NO_COLOR: '1', ...options.env };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: options.cwd, stdio: 'pipe' });
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
