/**
 * `--machine --status --since --name-prefix` as an `ExecutionsFilter`, shared by `ls executions`
 * and the bulk `stop` / `redrive`.
 */
import { Option, type Command } from 'commander';
import type { ApiClient } from '../api/graphql-client.js';
import { STATE_MACHINE_BY_NAME } from '../api/documents.js';
import { CliError } from '../errors.js';

export const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;

export interface FilterOptions {
  machine?: string;
  status?: string;
  since?: string;
  namePrefix?: string;
}

export function addFilterOptions(command: Command): Command {
  return command
    .option('-m, --machine <name>', 'only executions of this state machine')
    .addOption(
      new Option(
        '-s, --status <status>',
        `only executions with this status: ${STATUSES.join(', ')}`,
      ).argParser((value: string) => {
        const upper = value.toUpperCase();
        if (!(STATUSES as readonly string[]).includes(upper)) {
          throw new CliError(`--status "${value}" is not a status: use one of ${STATUSES.join(', ')}`);
        }
        return upper;
      }),
    )
    .option(
      '--since <when>',
      'only executions started after this: an ISO time or a duration ago (30s, 15m, 2h, 7d)',
    )
    .option('--name-prefix <prefix>', 'only executions whose name starts with this');
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** An instant from `--since`: `15m` is fifteen minutes ago; an ISO time is itself. */
export function parseSince(value: string, now = Date.now()): string {
  const duration = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(value.trim());
  if (duration) return new Date(now - Number(duration[1]) * UNITS[duration[2].toLowerCase()]).toISOString();
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new CliError(
      `--since "${value}" is neither a duration (30s, 15m, 2h, 7d) nor an ISO time (2026-01-31T12:00:00Z)`,
    );
  }
  return new Date(time).toISOString();
}

export function hasFilter(options: FilterOptions): boolean {
  return Boolean(options.machine || options.status || options.since || options.namePrefix);
}

export async function stateMachineId(client: ApiClient, name: string): Promise<string> {
  const { stateMachine } = await client.request<{ stateMachine: { id: string } }>(STATE_MACHINE_BY_NAME, {
    name,
  });
  return stateMachine.id;
}

export async function buildFilter(
  client: ApiClient,
  options: FilterOptions,
): Promise<Record<string, unknown>> {
  return {
    ...(options.machine && { stateMachineId: await stateMachineId(client, options.machine) }),
    ...(options.status && { status: options.status }),
    ...(options.since && { startedAfter: parseSince(options.since) }),
    ...(options.namePrefix && { namePrefix: options.namePrefix }),
  };
}
