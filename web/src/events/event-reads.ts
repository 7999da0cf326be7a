import { EventRowsDocument, type EventRowFragment } from '../generated/graphql';
import { request } from '../graphql/client';

export interface EventRead {
  readonly rows: EventRowFragment[];
  /** Events of the history that pass the filter, wherever the read started. */
  readonly totalCount: number;
  /** Whether more events passing the filter follow the last row read. */
  readonly hasMore: boolean;
}

/**
 * Up to `count` (at most 100, the connection's largest page) events of an execution after `afterSeq`, narrowed by the
 * server to `types` and to `search` in their details or state name.
 */
export async function readEvents(
  executionId: string,
  afterSeq: number,
  count: number,
  filter: { readonly types?: string[]; readonly search?: string } = {},
): Promise<EventRead> {
  const { execution } = await request(EventRowsDocument, {
    id: executionId,
    first: count,
    afterSeq,
    types: filter.types,
    search: filter.search,
  });
  return {
    rows: execution.events.edges.map((edge) => edge.node),
    totalCount: execution.events.totalCount,
    hasMore: execution.events.pageInfo.hasNextPage,
  };
}
