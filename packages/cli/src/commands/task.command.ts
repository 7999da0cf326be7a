/** `stepgraph task success|failure <token>`: answers a task waiting on its token (activity or .waitForTaskToken). */
import { Command } from 'commander';
import { SEND_TASK_FAILURE, SEND_TASK_SUCCESS } from '../api/documents.js';
import { examples, ioOf, withClient } from './command.context.js';
import { readJsonArgument } from './json-input.js';

/**
 * Task tokens are base64url, so one in 64 starts with "-": the subcommands take what they do not
 * know as an option for the token rather than refusing it.
 */
export function taskCommand(): Command {
  const task = new Command('task').description('answer a task that waits on its task token');

  const success = new Command('success')
    .description('complete the task with an output')
    .allowUnknownOption()
    .argument('<token>', 'the task token ($$.Task.Token, or from getActivityTask)')
    .option('-o, --output <json|@file|->', 'the output: JSON text, @file, or - for stdin', '{}')
    .action(async (token: string, options: { output: string }, self: Command) => {
      const value = await readJsonArgument(options.output, '--output', ioOf(self).stdin);
      await withClient(self, async (client, output) => {
        // As JSON text: the API reads a string output as JSON text (as AWS does).
        await client.request(SEND_TASK_SUCCESS, { taskToken: token, output: JSON.stringify(value) });
        if (output.json) output.data({ taskToken: token, sent: 'success' });
        else output.line('Task completed');
      });
    });

  const failure = new Command('failure')
    .description("fail the task with an error and cause (the state's Retry and Catch see them)")
    .allowUnknownOption()
    .argument('<token>', 'the task token ($$.Task.Token, or from getActivityTask)')
    .option('--error <name>', 'the error name Retry and Catch match')
    .option('--cause <text>', 'what happened')
    .action(async (token: string, options: { error?: string; cause?: string }, self: Command) => {
      await withClient(self, async (client, output) => {
        await client.request(SEND_TASK_FAILURE, {
          taskToken: token,
          error: options.error,
          cause: options.cause,
        });
        if (output.json) output.data({ taskToken: token, sent: 'failure' });
        else output.line('Task failed');
      });
    });

  examples(success, [`stepgraph task success "$TOKEN" --output '{"approved": true}'`]);
  examples(failure, ['stepgraph task failure "$TOKEN" --error Rejected --cause "over budget"']);
  task.addCommand(success).addCommand(failure);
  return examples(task, [`stepgraph task success "$TOKEN" --output '{"approved": true}'`]);
}
