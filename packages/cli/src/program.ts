/** The `stepgraph` command tree, on commander: global options, then one module per command. */
import { Command } from 'commander';
import { applyCommand } from './commands/apply.command.js';
import { bindIo, examples } from './commands/command.context.js';
import { describeCommand } from './commands/describe.command.js';
import { graphCommand } from './commands/graph.command.js';
import { historyCommand } from './commands/history.command.js';
import { loginCommand, logoutCommand } from './commands/login.command.js';
import { lsCommand } from './commands/ls.command.js';
import { startCommand } from './commands/start.command.js';
import { redriveCommand, stopCommand } from './commands/stop-redrive.commands.js';
import { taskCommand } from './commands/task.command.js';
import { validateCommand } from './commands/validate.command.js';
import { DEFAULT_URL } from './connection/connection.js';
import type { CliIo } from './io.js';

export const VERSION = '0.1.0';

/** Every command and subcommand, the program first. */
function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

/** The command tree for one run, writing to and reading from `io`. */
export function createProgram(io: CliIo): Command {
  const program = new Command('stepgraph')
    .description("Stepgraph's command line: deploy, run, follow and operate workflows through the public API")
    .version(VERSION)
    .option('--url <url>', `the Stepgraph server (env STEPGRAPH_URL; default ${DEFAULT_URL})`)
    .option(
      '--token <token>',
      'an access token or API key (env STEPGRAPH_TOKEN; else the session of `stepgraph login`)',
    )
    .option('--json', 'print JSON for scripts instead of tables')
    .addCommand(loginCommand(io.env))
    .addCommand(logoutCommand())
    .addCommand(applyCommand())
    .addCommand(validateCommand())
    .addCommand(startCommand())
    .addCommand(describeCommand())
    .addCommand(historyCommand())
    .addCommand(lsCommand())
    .addCommand(stopCommand())
    .addCommand(redriveCommand())
    .addCommand(taskCommand())
    .addCommand(graphCommand());
  examples(program, [
    'stepgraph login --email admin@stepgraph.local',
    'stepgraph apply -f workflows/',
    `stepgraph start orders --input '{"orderId": "o-1"}' --follow`,
    'stepgraph ls executions --status FAILED --since 1h',
  ]);
  // addCommand copies no settings: every command throws instead of exiting, so run() decides the
  // code, and writes its help and usage errors to the run's streams.
  for (const command of allCommands(program))
    command
      .exitOverride()
      .showHelpAfterError('(add --help for usage)')
      .configureOutput({
        writeOut: (text) => void io.stdout.write(text),
        writeErr: (text) => void io.stderr.write(text),
      });
  bindIo(program, io);
  return program;
}
