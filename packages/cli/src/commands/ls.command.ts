/** `stepgraph ls machines` and `stepgraph ls executions [filters]`. */
import { Command } from 'commander';
import { EXECUTIONS, STATE_MACHINES } from '../api/documents.js';
import type { ApiClient } from '../api/graphql-client.js';
import { executionsTable, type ExecutionSummary } from '../executions/execution.view.js';
import { addFilterOptions, buildFilter, type FilterOptions } from '../executions/executions.filter.js';
import { CliError } from '../errors.js';
import { renderTable } from '../output/table.js';
import { examples, withClient } from './command.context.js';

interface Page<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ node: T }>;
}

interface MachineRow {
  id: string;
  name: string;
  version: number;
  description: string | null;
  updatedAt: string;
  executionCounts: Array<{ status: string; count: number }>;
}

/** Up to `limit` nodes, page after page. */
async function fetchUpTo<T>(
  limit: number,
  fetchPage: (first: number, after: string | null) => Promise<Page<T>>,
): Promise<{ nodes: T[]; total: number }> {
  const nodes: T[] = [];
  let after: string | null = null;
  let total = 0;
  while (nodes.length < limit) {
    const page = await fetchPage(Math.min(100, limit - nodes.length), after);
    total = page.totalCount;
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { nodes, total };
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1)
    throw new CliError(`--limit "${value}" must be a whole number of 1 or more`);
  return limit;
}

async function listMachines(client: ApiClient, limit: number) {
  return fetchUpTo<MachineRow>(limit, async (first, after) => {
    const data = await client.request<{ stateMachines: Page<MachineRow> }>(STATE_MACHINES, { first, after });
    return data.stateMachines;
  });
}

export function lsCommand(): Command {
  const ls = new Command('ls').description('list state machines or executions');

  const machines = new Command('machines')
    .description('list state machines, in name order, with their executions by status')
    .option('--limit <n>', 'at most this many', parseLimit, 500)
    .action(async (options: { limit: number }, self: Command) => {
      await withClient(self, async (client, output) => {
        const { nodes, total } = await listMachines(client, options.limit);
        if (output.json) return output.data(nodes);
        const count = (row: MachineRow, status: string) =>
          row.executionCounts.find((c) => c.status === status)?.count ?? 0;
        output.line(
          renderTable(nodes, [
            { header: 'NAME', value: (row) => row.name },
            { header: 'VERSION', value: (row) => row.version },
            { header: 'RUNNING', value: (row) => count(row, 'RUNNING') },
            { header: 'SUCCEEDED', value: (row) => count(row, 'SUCCEEDED') },
            {
              header: 'FAILED',
              value: (row) => count(row, 'FAILED') + count(row, 'TIMED_OUT') + count(row, 'ABORTED'),
            },
            { header: 'UPDATED', value: (row) => row.updatedAt },
            { header: 'DESCRIPTION', value: (row) => row.description, maxWidth: 50 },
          ]),
        );
        if (total > nodes.length) output.note(`${nodes.length} of ${total} shown: raise --limit for more`);
      });
    });

  const executions = addFilterOptions(
    new Command('executions')
      .description('list executions, newest first')
      .option('--limit <n>', 'at most this many', parseLimit, 20),
  ).action(async (options: FilterOptions & { limit: number }, self: Command) => {
    await withClient(self, async (client, output) => {
      const filter = await buildFilter(client, options);
      const { nodes, total } = await fetchUpTo<ExecutionSummary>(options.limit, async (first, after) => {
        const data = await client.request<{ executions: Page<ExecutionSummary> }>(EXECUTIONS, {
          first,
          after,
          filter,
        });
        return data.executions;
      });
      if (output.json) return output.data(nodes);
      output.line(executionsTable(nodes, output.paint));
      if (total > nodes.length) output.note(`${nodes.length} of ${total} shown: raise --limit for more`);
    });
  });

  examples(machines, ['stepgraph ls machines', 'stepgraph ls machines --json | jq ".[].name"']);
  examples(executions, [
    'stepgraph ls executions --machine orders --status FAILED --since 1h',
    'stepgraph ls executions --name-prefix nightly- --limit 100 --json',
  ]);
  ls.addCommand(machines).addCommand(executions);
  return examples(ls, ['stepgraph ls machines', 'stepgraph ls executions --status RUNNING']);
}
