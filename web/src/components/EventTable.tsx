import { useCallback, useEffect, useState } from 'react';
import { ExecutionEventsPageDocument, type HistoryEventFragment } from '../generated/graphql';
import { request } from '../graphql/client';
import { ErrorNotice } from './ErrorNotice';
import { formatTime } from './format';

const PAGE_SIZE = 50;

/**
 * An execution's history, read from the server a page at a time (never the whole of a long
 * history). Live events join at the end once the last page is in.
 */
export function EventTable({
  executionId,
  live,
}: {
  executionId: string;
  live: readonly HistoryEventFragment[];
}) {
  const [events, setEvents] = useState<HistoryEventFragment[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(true);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  const loadMore = useCallback(
    async (after: string | null) => {
      setLoading(true);
      try {
        const data = await request(ExecutionEventsPageDocument, { id: executionId, first: PAGE_SIZE, after });
        const page = data.execution.events;
        setEvents((shown) => [...(after === null ? [] : shown), ...page.edges.map((edge) => edge.node)]);
        setCursor(page.pageInfo.endCursor);
        setHasMore(page.pageInfo.hasNextPage);
        setTotal(page.totalCount);
        setError(null);
      } catch (caught) {
        setError(caught);
      } finally {
        setLoading(false);
      }
    },
    [executionId],
  );

  useEffect(() => {
    void loadMore(null);
  }, [loadMore]);

  // Everything up to now is in: live events past the last one shown join the table.
  const lastSeq = events.at(-1)?.seq ?? 0;
  const tail = hasMore || loading ? [] : live.filter((event) => event.seq > lastSeq);
  const shown = tail.length > 0 ? [...events, ...tail] : events;

  return (
    <section aria-labelledby="events-heading">
      <h2 id="events-heading">Events</h2>
      {error ? <ErrorNotice error={error} action="Events could not be loaded" /> : null}
      <table className="events">
        <caption>
          {shown.length} of {Math.max(total ?? 0, shown.length)} events
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Type</th>
            <th scope="col">State</th>
            <th scope="col">Time</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((event) => (
            <tr key={event.seq}>
              <td>{event.seq}</td>
              <td>{event.type}</td>
              <td>{event.stateName ?? ''}</td>
              <td>{formatTime(event.timestamp)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {hasMore && (
        <button type="button" disabled={loading} onClick={() => void loadMore(cursor)}>
          Load more events
        </button>
      )}
    </section>
  );
}
