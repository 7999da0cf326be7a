/** `stepgraph describe <execution>`: an execution's status, input, output, error and what it waits on. */
import { Command } from 'commander';
import { EXECUTION } from '../api/documents.js';
import { executionFields, type ExecutionSummary } from '../executions/execution.view.js';
import { examples, withClient } from './command.context.js';

export function describeCommand(): Command {
  const command = new Command('describe')
    .description('show an execution: status, input, output, error, what it waits on')
    .argument('<execution>', 'the execution id')
    .action(async (id: string, _options: unknown, self: Command) => {
      await withClient(self, async (client, output) => {
        const { execution } = await client.request<{ execution: ExecutionSummary }>(EXECUTION, { id });
        if (output.json) output.data(execution);
        else output.line(executionFields(execution, output.paint));
      });
    });
  return examples(command, [
    'stepgraph describe 0192f7c4-…',
    'stepgraph describe 0192f7c4-… --json | jq .output',
  ]);
}
