/**
 * What every command gets from the global options: the output mode and, for commands that talk to
 * the server, a connected client (closed when the command ends).
 */
import type { Command } from 'commander';
import type { ApiClient } from '../api/graphql-client.js';
import { connect } from '../connection/connection.js';
import { createOutput, type Output } from '../output/output.js';

export interface GlobalOptions {
  url?: string;
  token?: string;
  json?: boolean;
}

export function globals(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

export function outputFor(command: Command): Output {
  return createOutput(Boolean(globals(command).json));
}

/** Runs `work` with a client for the server the global options name. */
export async function withClient<T>(
  command: Command,
  work: (client: ApiClient, output: Output) => Promise<T>,
): Promise<T> {
  const client = await connect(globals(command));
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
