/**
 * Following an execution: its events live from the `executionEventBatches` subscription (which
 * replays the history first and completes after the last event of an ended execution), or, for
 * `--wait`, just its status from `executionUpdated`.
 */
import type { ApiClient } from '../api/graphql-client.js';
import { EXECUTION_EVENTS_LIVE, EXECUTION_STATUS, EXECUTION_UPDATED } from '../api/documents.js';
import type { ExecutionEvent, ExecutionSummary } from './execution.view.js';

/** Calls `onEvent` for each event in seq order until the execution has ended; answers it as it ended. */
export async function followEvents(
  client: ApiClient,
  id: string,
  onEvent: (event: ExecutionEvent) => void,
): Promise<ExecutionSummary> {
  let afterSeq = 0;
  const batches = client.subscribe<{ executionEventBatches: ExecutionEvent[] }>(EXECUTION_EVENTS_LIVE, {
    id,
    afterSeq,
  });
  for await (const { executionEventBatches } of batches) {
    for (const event of executionEventBatches) {
      if (event.seq <= afterSeq) continue;
      afterSeq = event.seq;
      onEvent(event);
    }
  }
  const { execution } = await client.request<{ execution: ExecutionSummary }>(EXECUTION_STATUS, { id });
  return execution;
}

/** Waits for the execution to end; answers it as it ended. */
export async function waitForEnd(client: ApiClient, id: string): Promise<ExecutionSummary> {
  let last: ExecutionSummary | undefined;
  for await (const { executionUpdated } of client.subscribe<{ executionUpdated: ExecutionSummary }>(
    EXECUTION_UPDATED,
    {
      id,
    },
  )) {
    last = executionUpdated;
    if (last.status !== 'RUNNING') break;
  }
  if (last && last.status !== 'RUNNING') return last;
  const { execution } = await client.request<{ execution: ExecutionSummary }>(EXECUTION_STATUS, { id });
  return execution;
}
