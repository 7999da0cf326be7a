/**
 * `stepgraph apply -f <file|dir>`: every definition file becomes its state machine, created or
 * given a new version. All files are validated first, offline: if any is invalid, nothing is
 * applied and the exit code is 1, so a CI run never deploys half a folder.
 */
import { isDeepStrictEqual } from 'node:util';
import { Command } from 'commander';
import type { ApiClient } from '../api/graphql-client.js';
import { ApiError } from '../api/graphql-client.js';
import { CREATE_STATE_MACHINE, STATE_MACHINE_BY_NAME, UPDATE_STATE_MACHINE } from '../api/documents.js';
import { checkDefinitionFile, formatDiagnostic } from '../definitions/definition.check.js';
import type { DefinitionFile } from '../definitions/definition.file.js';
import { definitionFiles } from '../definitions/definition.files.js';
import { CliError } from '../errors.js';
import { examples, ioOf, withClient } from './command.context.js';

interface Machine {
  id: string;
  name: string;
  version: number;
  description: string | null;
  definition?: unknown;
}

type Outcome = 'created' | 'new version' | 'unchanged' | 'would create' | 'would add a version';

interface Applied {
  file: string;
  name: string;
  outcome: Outcome;
  /** The version the machine is at after this run (before, on a dry run). */
  version: number | null;
  id: string | null;
}

async function existing(client: ApiClient, name: string): Promise<Machine | undefined> {
  try {
    const { stateMachine } = await client.request<{ stateMachine: Machine }>(STATE_MACHINE_BY_NAME, { name });
    return stateMachine;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

async function applyOne(client: ApiClient, file: DefinitionFile, dryRun: boolean): Promise<Applied> {
  const base = { file: file.file, name: file.name };
  const current = await existing(client, file.name);
  if (!current) {
    if (dryRun) return { ...base, outcome: 'would create', version: null, id: null };
    const { createStateMachine } = await client.request<{ createStateMachine: Machine }>(
      CREATE_STATE_MACHINE,
      {
        input: {
          name: file.name,
          definition: file.definition,
          ...(file.description !== undefined && { description: file.description }),
        },
      },
    );
    return { ...base, outcome: 'created', version: createStateMachine.version, id: createStateMachine.id };
  }
  const describe = file.description !== undefined && file.description !== current.description;
  if (dryRun) {
    const same = isDeepStrictEqual(current.definition, file.definition);
    return {
      ...base,
      outcome: same ? 'unchanged' : 'would add a version',
      version: current.version,
      id: current.id,
    };
  }
  // The server decides equality (an equal definition adds no version), so the answer is its own.
  const { updateStateMachine } = await client.request<{ updateStateMachine: Machine }>(UPDATE_STATE_MACHINE, {
    id: current.id,
    input: { definition: file.definition, ...(describe && { description: file.description }) },
  });
  const outcome = updateStateMachine.version === current.version ? 'unchanged' : 'new version';
  return { ...base, outcome, version: updateStateMachine.version, id: updateStateMachine.id };
}

function describeOutcome(applied: Applied): string {
  if (applied.outcome === 'new version') return `new version ${applied.version}`;
  if (applied.outcome === 'unchanged') return `unchanged (version ${applied.version})`;
  if (applied.outcome === 'created') return `created (version ${applied.version})`;
  return applied.outcome;
}

/** `2 created, 1 new version, 3 unchanged`. */
function summary(results: readonly Applied[]): string {
  const counts = new Map<Outcome, number>();
  for (const { outcome } of results) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return [...counts].map(([outcome, count]) => `${count} ${outcome}`).join(', ');
}

export function applyCommand(): Command {
  const command = new Command('apply')
    .description('create or update state machines from *.asl.json / *.asl.yaml files; made for CI')
    .requiredOption('-f, --file <file|dir...>', 'definition files, or folders searched for them')
    .option('--dry-run', 'say what would change; change nothing')
    .action(async (options: { file: string[]; dryRun?: boolean }, self: Command) => {
      const files = await definitionFiles(options.file);
      const checked = await Promise.all(files.map((file) => checkDefinitionFile(file)));
      const invalid = checked.flatMap((result) => (result.valid ? [] : [result]));
      const valid = checked.flatMap((result) => (result.valid ? [result.file] : []));
      if (invalid.length > 0) {
        for (const result of invalid)
          for (const diagnostic of result.diagnostics)
            ioOf(self).stderr.write(`${formatDiagnostic(diagnostic)}\n`);
        throw new CliError(`${invalid.length} of ${files.length} files invalid: nothing applied`);
      }
      const names = new Map<string, string>();
      for (const file of valid) {
        const other = names.get(file.name);
        if (other)
          throw new CliError(
            `${other} and ${file.file} both define state machine "${file.name}": nothing applied`,
          );
        names.set(file.name, file.file);
      }
      await withClient(self, async (client, output) => {
        const results: Applied[] = [];
        for (const file of valid) {
          const applied = await applyOne(client, file, Boolean(options.dryRun));
          results.push(applied);
          if (!output.json) output.line(`${applied.file}: ${applied.name} ${describeOutcome(applied)}`);
        }
        if (output.json) output.data(results);
        else output.note(summary(results));
      });
    });
  return examples(command, [
    'stepgraph apply -f workflows/',
    'stepgraph apply -f workflows/orders.asl.yaml --dry-run',
    'stepgraph apply -f workflows/ --json | jq ".[] | select(.outcome != \\"unchanged\\")"',
  ]);
}
