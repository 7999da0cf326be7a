/**
 * `stepgraph stop` and `stepgraph redrive`: one execution by id, or every execution a filter
 * matches (in the background, with `--dry-run` to count them first).
 */
import { Command } from 'commander';
import { REDRIVE_EXECUTION, STOP_EXECUTION } from '../api/documents.js';
import { runBulk } from '../executions/bulk.operation.js';
import { executionFields, type ExecutionSummary } from '../executions/execution.view.js';
import {
  addFilterOptions,
  buildFilter,
  hasFilter,
  type FilterOptions,
} from '../executions/executions.filter.js';
import { CliError } from '../errors.js';
import { examples, withClient } from './command.context.js';

interface BulkOptions extends FilterOptions {
  all?: boolean;
  dryRun?: boolean;
  error?: string;
  cause?: string;
}

/** One execution or a filter, never both and never neither (an empty filter needs `--all`). */
function target(id: string | undefined, options: BulkOptions, verb: string): 'one' | 'many' {
  const filtered = hasFilter(options) || options.all;
  if (id && filtered)
    throw new CliError(`give an execution id or filters, not both: ${verb} acts on one or on many`);
  if (id && options.dryRun)
    throw new CliError(`--dry-run is for ${verb} by filter; it has no meaning with an execution id`);
  if (!id && !filtered) {
    throw new CliError(
      `${verb} what? Give an execution id, or filters (--machine, --status, --since, --name-prefix), or --all`,
    );
  }
  return id ? 'one' : 'many';
}

export function stopCommand(): Command {
  const command = addFilterOptions(
    new Command('stop')
      .description('stop a RUNNING execution, or every RUNNING execution a filter matches')
      .argument('[execution]', 'the execution id (leave out to stop by filter)')
      .option('--error <name>', 'the error name the execution ends with')
      .option('--cause <text>', 'why it was stopped'),
  )
    .option('--all', 'with no filter: every RUNNING execution')
    .option('--dry-run', 'by filter: print how many it would stop and some of them; stop nothing')
    .action(async (id: string | undefined, options: BulkOptions, self: Command) => {
      const mode = target(id, options, 'stop');
      await withClient(self, async (client, output) => {
        if (mode === 'one') {
          const { stopExecution } = await client.request<{ stopExecution: ExecutionSummary }>(
            STOP_EXECUTION,
            {
              id,
              error: options.error,
              cause: options.cause,
            },
          );
          return output.json
            ? output.data(stopExecution)
            : output.line(executionFields(stopExecution, output.paint));
        }
        const filter = await buildFilter(client, options);
        await runBulk(client, output, {
          kind: 'STOP',
          filter,
          dryRun: Boolean(options.dryRun),
          error: options.error,
          cause: options.cause,
        });
      });
    });
  return examples(command, [
    'stepgraph stop 0192f7c4-… --cause "wrong input"',
    'stepgraph stop --machine orders --since 2h --dry-run',
    'stepgraph stop --machine orders --name-prefix test- --cause cleanup',
  ]);
}

export function redriveCommand(): Command {
  const command = addFilterOptions(
    new Command('redrive')
      .description(
        'run a FAILED, TIMED_OUT or ABORTED execution again from where it failed, or every one a filter matches',
      )
      .argument('[execution]', 'the execution id (leave out to redrive by filter)'),
  )
    .option('--all', 'with no filter: every FAILED, TIMED_OUT or ABORTED execution')
    .option('--dry-run', 'by filter: print how many it would redrive and some of them; redrive nothing')
    .action(async (id: string | undefined, options: BulkOptions, self: Command) => {
      const mode = target(id, options, 'redrive');
      await withClient(self, async (client, output) => {
        if (mode === 'one') {
          const { redriveExecution } = await client.request<{ redriveExecution: ExecutionSummary }>(
            REDRIVE_EXECUTION,
            { id },
          );
          return output.json
            ? output.data(redriveExecution)
            : output.line(executionFields(redriveExecution, output.paint));
        }
        const filter = await buildFilter(client, options);
        await runBulk(client, output, { kind: 'REDRIVE', filter, dryRun: Boolean(options.dryRun) });
      });
    });
  return examples(command, [
    'stepgraph redrive 0192f7c4-…',
    'stepgraph redrive --machine orders --status FAILED --since 1d --dry-run',
  ]);
}
