/**
 * Bulk stop and redrive by filter: a dry run prints how many executions it would act on and a
 * sample; a real run starts the server's background operation and follows it on the
 * `bulkOperationProgress` subscription (a progress bar on a TTY) until it has ended.
 */
import type { ApiClient } from '../api/graphql-client.js';
import { BULK_OPERATION_PROGRESS, REDRIVE_EXECUTIONS, STOP_EXECUTIONS } from '../api/documents.js';
import { ExitCode } from '../errors.js';
import type { Output } from '../output/output.js';
import { renderFields } from '../output/table.js';
import { progressBar } from '../output/terminal.js';

export interface BulkOperation {
  id: string | null;
  kind: 'STOP' | 'REDRIVE';
  status: 'DRY_RUN' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  total: number;
  done: number;
  failed: number;
  sample: Array<{ id: string; name: string }>;
  error: string | null;
  cause: string | null;
}

export interface BulkRequest {
  readonly kind: 'STOP' | 'REDRIVE';
  readonly filter: Record<string, unknown>;
  readonly dryRun: boolean;
  readonly error?: string;
  readonly cause?: string;
}

async function request(client: ApiClient, bulk: BulkRequest): Promise<BulkOperation> {
  if (bulk.kind === 'STOP') {
    const data = await client.request<{ stopExecutions: BulkOperation }>(STOP_EXECUTIONS, {
      filter: bulk.filter,
      dryRun: bulk.dryRun,
      error: bulk.error,
      cause: bulk.cause,
    });
    return data.stopExecutions;
  }
  const data = await client.request<{ redriveExecutions: BulkOperation }>(REDRIVE_EXECUTIONS, {
    filter: bulk.filter,
    dryRun: bulk.dryRun,
  });
  return data.redriveExecutions;
}

const VERB = { STOP: 'stop', REDRIVE: 'redrive' } as const;

export async function runBulk(client: ApiClient, output: Output, bulk: BulkRequest): Promise<void> {
  const verb = VERB[bulk.kind];
  if (bulk.dryRun) {
    const preview = await request(client, bulk);
    if (output.json) return output.data(preview);
    output.line(`Would ${verb} ${preview.total} execution${preview.total === 1 ? '' : 's'}`);
    for (const { id, name } of preview.sample) output.line(`  ${id}  ${name}`);
    if (preview.total > preview.sample.length)
      output.line(`  … and ${preview.total - preview.sample.length} more`);
    return;
  }
  const started = await request(client, bulk);
  output.note(`Bulk ${verb} ${started.id}: ${started.total} execution${started.total === 1 ? '' : 's'}`);
  let last = started;
  const line = output.liveLine();
  try {
    if (started.status === 'RUNNING' && started.id) {
      line.draw(progressBar(started.done, started.total));
      for await (const { bulkOperationProgress } of client.subscribe<{
        bulkOperationProgress: BulkOperation;
      }>(BULK_OPERATION_PROGRESS, { id: started.id })) {
        last = bulkOperationProgress;
        line.draw(progressBar(last.done, last.total));
        if (last.status !== 'RUNNING') break;
      }
    }
  } finally {
    line.clear();
  }
  if (output.json) output.data(last);
  else
    output.line(
      renderFields([
        ['Operation', last.id],
        ['Status', last.status],
        ['Total', last.total],
        ['Done', last.done],
        ['Failed', last.failed],
      ]),
    );
  if (last.status === 'FAILED') throw new ExitCode(1);
}
