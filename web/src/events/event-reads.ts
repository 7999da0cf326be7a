import { EventRowBatchesDocument, type EventRowFragment } from '../generated/graphql';
import { subscribe } from '../graphql/client';

/**
 * Up to `count` events of an execution after `afterSeq`, read where they are: the events query
 * pages only forward from its own opaque cursors, so a jump into the middle of a long history
 * replays `executionEventBatches` from that seq (one server read per message, at most a page)
 * and stops it once the rows are in. Resolves with fewer rows when the history ends sooner.
 */
export function readEvents(
  executionId: string,
  afterSeq: number,
  count: number,
): Promise<EventRowFragment[]> {
  return new Promise((resolve, reject) => {
    const rows: EventRowFragment[] = [];
    let settled = false;
    // Deferred: a callback may run before subscribe has returned the function.
    const stopSoon = () => queueMicrotask(() => stop());
    const finish = () => {
      if (settled) return;
      settled = true;
      stopSoon();
      resolve(rows);
    };
    const stop = subscribe(
      EventRowBatchesDocument,
      { executionId, afterSeq },
      {
        next: ({ executionEventBatches }) => {
          for (const event of executionEventBatches) {
            if (rows.length < count && event.seq > afterSeq + rows.length) rows.push(event);
          }
          // A history still running has no more to replay once a message comes short.
          if (rows.length >= count || executionEventBatches.length < count) finish();
        },
        error: (error) => {
          if (settled) return;
          settled = true;
          stopSoon();
          reject(error);
        },
        complete: finish,
      },
    );
  });
}
