/**
 * `stepgraph start <machine>`: starts an execution; `--follow` prints its events live and
 * `--wait` waits for it (a spinner with the elapsed time on a TTY). Either exits 0 when it
 * SUCCEEDED and 1 when it FAILED, TIMED_OUT or was ABORTED.
 */
import { Command } from 'commander';
import { START_EXECUTION } from '../api/documents.js';
import { ExitCode } from '../errors.js';
import { followEvents, waitForEnd } from '../executions/execution.follow.js';
import {
  eventLine,
  executionFields,
  exitCodeOf,
  type ExecutionSummary,
} from '../executions/execution.view.js';
import { examples, ioOf, withClient } from './command.context.js';
import { readJsonArgument } from './json-input.js';

interface StartOptions {
  input?: string;
  name?: string;
  machineVersion?: string;
  wait?: boolean;
  follow?: boolean;
}

export function startCommand(): Command {
  const command = new Command('start')
    .description('start an execution of a state machine')
    .argument('<machine>', 'the state machine name')
    .option(
      '-i, --input <json|@file|->',
      'the input: JSON text, @file to read it from a file, - for stdin',
      '{}',
    )
    .option(
      '-n, --name <name>',
      'the execution name (starting again with the same name returns that execution)',
    )
    .option('--machine-version <n>', 'the state machine version to run (default: the latest)')
    .option('-w, --wait', 'wait until it ends; exit 0 if it SUCCEEDED, 1 otherwise')
    .option('-f, --follow', 'print its events live until it ends; exit 0 if it SUCCEEDED, 1 otherwise')
    .action(async (machine: string, options: StartOptions, self: Command) => {
      const input = await readJsonArgument(options.input ?? '{}', '--input', ioOf(self).stdin);
      await withClient(self, async (client, output) => {
        const { startExecution } = await client.request<{ startExecution: ExecutionSummary }>(
          START_EXECUTION,
          {
            input: {
              stateMachineName: machine,
              // As JSON text: the API reads a string input as JSON text (as AWS does), so a JSON
              // string given here arrives as that string, not as text to parse again.
              input: JSON.stringify(input),
              ...(options.name && { name: options.name }),
              ...(options.machineVersion && { version: Number(options.machineVersion) }),
            },
          },
        );
        let ended: ExecutionSummary | undefined;
        if (options.follow) {
          output.note(`Started ${startExecution.id} (${startExecution.name}); following`);
          ended = await followEvents(client, startExecution.id, (event) =>
            output.json ? output.line(JSON.stringify(event)) : output.line(eventLine(event, output.paint)),
          );
          if (output.json) output.line(JSON.stringify(ended));
          else output.line(`\n${executionFields(ended, output.paint)}`);
        } else if (options.wait) {
          const spinner = output.spinner(`${startExecution.name} running`);
          try {
            ended = await waitForEnd(client, startExecution.id);
          } finally {
            spinner.stop();
          }
          if (output.json) output.data(ended);
          else output.line(executionFields(ended, output.paint));
        } else if (output.json) {
          output.data(startExecution);
        } else {
          output.line(executionFields(startExecution, output.paint));
        }
        if (ended && exitCodeOf(ended.status) !== 0) throw new ExitCode(exitCodeOf(ended.status));
      });
    });
  return examples(command, [
    `stepgraph start orders --input '{"orderId": "o-1"}' --follow`,
    'stepgraph start orders --input @order.json --name order-o-1 --wait',
    'echo \'{"orderId": "o-2"}\' | stepgraph start orders --input - --json',
  ]);
}
