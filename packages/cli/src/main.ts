/**
 * Runs the CLI and answers its exit code: 0 on success, the command's own code when it has one
 * (a failed execution, an invalid file), 1 for any error, which is printed as one line naming what
 * went wrong, never as a stack trace. The process itself (its streams, environment and exit code)
 * is the bin's to give: a run here is a call.
 */
import { CommanderError } from 'commander';
import { ApiError } from './api/graphql-client.js';
import { CliError, ExitCode } from './errors.js';
import type { CliIo } from './io.js';
import { createProgram } from './program.js';
import { painter } from './output/terminal.js';

function hint(error: ApiError): string {
  if (error.code === 'UNAUTHENTICATED')
    return ' (sign in with `stepgraph login`, or pass --token / STEPGRAPH_TOKEN)';
  if (error.code === 'FORBIDDEN') return ' (your role may not do this)';
  return '';
}

/** Runs `stepgraph <args…>` (the arguments after the program's name) against `io`. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const report = (message: string) =>
    void io.stderr.write(`${painter(io.stderr, io.env)('red', 'stepgraph: error:')} ${message}\n`);
  try {
    await createProgram(io).parseAsync(args as string[], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ExitCode) return error.exitCode;
    if (error instanceof ApiError) {
      report(`${error.message}${hint(error)}`);
      return error.exitCode;
    }
    if (error instanceof CliError) {
      report(error.message);
      return error.exitCode;
    }
    report(error instanceof Error ? error.message : String(error));
    return 1;
  }
}
