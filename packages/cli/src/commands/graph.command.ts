/**
 * `stepgraph graph <file|machine>`: the state graph as Mermaid or Graphviz DOT text. A file is read
 * offline (and validated first); anything else is a state machine name, fetched from the server.
 */
import { stat } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { STATE_MACHINE_BY_NAME } from '../api/documents.js';
import { checkDefinitionFile, formatDiagnostic } from '../definitions/definition.check.js';
import { CliError } from '../errors.js';
import { toDot } from '../graph/dot.js';
import { toMermaid } from '../graph/mermaid.js';
import { stateGraph } from '../graph/state.graph.js';
import { examples, ioOf, outputFor, withClient } from './command.context.js';

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (found) => found.isFile(),
    () => false,
  );
}

async function definitionOf(source: string, self: Command): Promise<unknown> {
  if (await isFile(source)) {
    const checked = await checkDefinitionFile(source);
    if (!checked.valid) {
      for (const diagnostic of checked.diagnostics)
        ioOf(self).stderr.write(`${formatDiagnostic(diagnostic)}\n`);
      throw new CliError(`${source} is not a valid definition: no graph drawn`);
    }
    return checked.file.definition;
  }
  if (/\.(json|ya?ml)$/i.test(source)) throw new CliError(`${source}: no such file`);
  return withClient(self, async (client) => {
    const { stateMachine } = await client.request<{ stateMachine: { definition: unknown } }>(
      STATE_MACHINE_BY_NAME,
      {
        name: source,
      },
    );
    return stateMachine.definition;
  });
}

export function graphCommand(): Command {
  const command = new Command('graph')
    .description(
      'print the state graph of a definition file (offline) or of a state machine, as Mermaid or DOT',
    )
    .argument('<file|machine>', 'a definition file, or the name of a state machine on the server')
    .addOption(
      new Option('--format <format>', 'mermaid or dot').choices(['mermaid', 'dot']).default('mermaid'),
    )
    .action(async (source: string, options: { format: 'mermaid' | 'dot' }, self: Command) => {
      const graph = stateGraph(await definitionOf(source, self));
      const text = options.format === 'dot' ? toDot(graph) : toMermaid(graph);
      const output = outputFor(self);
      if (output.json) output.data({ format: options.format, graph: text });
      else output.line(text);
    });
  return examples(command, [
    'stepgraph graph workflows/orders.asl.json > orders.mmd',
    'stepgraph graph orders --format dot | dot -Tsvg > orders.svg',
  ]);
}
