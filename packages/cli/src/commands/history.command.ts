/** `stepgraph history <execution>`: its events, one a line; `--follow` goes on live until it ends. */
import { Command } from 'commander';
import { EXECUTION_EVENTS_PAGE } from '../api/documents.js';
import { followEvents } from '../executions/execution.follow.js';
import { eventLine, type ExecutionEvent } from '../executions/execution.view.js';
import { examples, withClient } from './command.context.js';

interface EventsPage {
  execution: {
    events: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: Array<{ node: ExecutionEvent }>;
    };
  };
}

const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((type) => type.trim())
    .filter(Boolean),
];

export function historyCommand(): Command {
  const command = new Command('history')
    .description("print an execution's history events, oldest first")
    .argument('<execution>', 'the execution id')
    .option('-f, --follow', 'go on printing new events live until the execution ends')
    .option(
      '-t, --type <type>',
      'only events of this type (repeat, or separate with commas), e.g. TaskFailed',
      collect,
    )
    .action(async (id: string, options: { follow?: boolean; type?: string[] }, self: Command) => {
      const types = options.type?.length ? options.type : undefined;
      await withClient(self, async (client, output) => {
        if (options.follow) {
          // Types are matched here: the subscription sends every event.
          const wanted = types ? new Set(types) : undefined;
          await followEvents(client, id, (event) => {
            if (wanted && !wanted.has(event.type)) return;
            output.line(output.json ? JSON.stringify(event) : eventLine(event, output.paint));
          });
          return;
        }
        const events: ExecutionEvent[] = [];
        let after: string | null = null;
        for (;;) {
          const page: EventsPage = await client.request<EventsPage>(EXECUTION_EVENTS_PAGE, {
            id,
            first: 100,
            after,
            types,
          });
          events.push(...page.execution.events.edges.map((edge) => edge.node));
          if (!page.execution.events.pageInfo.hasNextPage) break;
          after = page.execution.events.pageInfo.endCursor;
        }
        if (output.json) output.data(events);
        else for (const event of events) output.line(eventLine(event, output.paint));
      });
    });
  return examples(command, [
    'stepgraph history 0192f7c4-…',
    'stepgraph history 0192f7c4-… --type TaskFailed,ExecutionFailed',
    'stepgraph history 0192f7c4-… --follow --json',
  ]);
}
