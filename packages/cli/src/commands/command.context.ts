/**
 * What every command gets from its run and the global options: the run's streams and environment,
 * the output mode and, for commands that talk to the server, a connected client (closed when the
 * command ends).
 */
import type { Command } from 'commander';
import type { ApiClient } from '../api/graphql-client.js';
import { connect } from '../connection/connection.js';
import type { CliIo } from '../io.js';
import { createOutput, type Output } from '../output/output.js';

// Keyed by the program a run builds: each run has its own command tree, so runs never share streams.
const runs = new WeakMap<Command, CliIo>();

export function bindIo(program: Command, io: CliIo): void {
  runs.set(program, io);
}

/** The streams and environment of the run `command` belongs to. */
export function ioOf(command: Command): CliIo {
  let root = command;
  while (root.parent) root = root.parent;
  const io = runs.get(root);
  if (!io) throw new Error(`stepgraph ${command.name()} runs outside a program built by createProgram`);
  return io;
}

export interface GlobalOptions {
  url?: string;
  token?: string;
  json?: boolean;
}

export function globals(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

export function outputFor(command: Command): Output {
  return createOutput(Boolean(globals(command).json), ioOf(command));
}

/** Runs `work` with a client for the server the global options name. */
export async function withClient<T>(
  command: Command,
  work: (client: ApiClient, output: Output) => Promise<T>,
): Promise<T> {
  const client = await connect(globals(command), ioOf(command).env);
  try {
    return await work(client, outputFor(command));
  } finally {
    await client.close();
  }
}

/** `Example:` lines under a command's help. */
export function examples(command: Command, lines: readonly string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`);
}
