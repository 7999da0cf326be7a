import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface BackgroundProcessOptions<T> {
  readonly command: string;
  readonly args: readonly string[];
  readonly spawnOptions?: SpawnOptions;
  /** Reads each output line (stdout and stderr); the first non-undefined answer means "ready". */
  readonly ready: (line: string) => T | undefined;
  readonly timeoutMs: number;
}

/** A child process the harness started and must stop. */
export interface BackgroundProcess<T> {
  /** What `ready` returned. */
  readonly value: T;
  readonly child: ChildProcess;
  /** Everything the process printed so far, for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Starts a process and resolves once one of its output lines says it is ready. Fails (and kills
 * it) when it exits first or does not get ready in time.
 */
export function startBackgroundProcess<T>(
  options: BackgroundProcessOptions<T>,
): Promise<BackgroundProcess<T>> {
  const child = spawn(options.command, [...options.args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    ...options.spawnOptions,
  });
  const output = new OutputLines(child);
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${options.command} ${reason}. Output:\n${output.text()}`));
    };
    const timer = setTimeout(() => fail(`was not ready within ${options.timeoutMs} ms`), options.timeoutMs);
    child.once('error', (error) => fail(`could not start (${error.message})`));
    child.once('exit', (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));
    output.onLine((line) => {
      const value = options.ready(line);
      if (value === undefined) return false;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.removeAllListeners('error');
      resolve({ value, child, output: () => output.text(), stop: (graceMs) => stopProcess(child, graceMs) });
      return true;
    });
  });
}

/** Signals a process and resolves with its exit code once it has exited (null when killed). */
export function stopProcess(
  child: ChildProcess,
  graceMs = 10_000,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill(signal);
  });
}

/** Collects a child's stdout and stderr line by line. */
export class OutputLines {
  private readonly lines: string[] = [];
  private readonly listeners: Array<(line: string) => boolean> = [];

  constructor(child: ChildProcess) {
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) this.push(line);
      });
    }
  }

  /** Calls `listener` with every line, past and future, until it returns true. */
  onLine(listener: (line: string) => boolean): void {
    if (this.lines.some((line) => listener(line))) return;
    this.listeners.push(listener);
  }

  all(): readonly string[] {
    return this.lines;
  }

  text(): string {
    return this.lines.join('\n');
  }

  private push(line: string): void {
    this.lines.push(line);
    for (const [index, listener] of [...this.listeners.entries()].reverse()) {
      if (listener(line)) this.listeners.splice(index, 1);
    }
  }
}
