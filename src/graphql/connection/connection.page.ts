import type { ConnectionPage } from './connection.type.js';

export interface ConnectionPageInput<TNode> {
  /** Rows fetched with `LIMIT first + 1`: the extra row only reveals that a next page exists. */
  readonly rows: readonly TNode[];
  readonly first: number;
  readonly totalCount: number;
  /** The opaque cursor of a node, usually `encodeCursor({ createdAt, id })`. */
  readonly cursorOf: (node: TNode) => string;
}

/** Builds the page a connection resolver returns from rows fetched one past the page size. */
export function connectionFromRows<TNode>(input: ConnectionPageInput<TNode>): ConnectionPage<TNode> {
  const nodes = input.rows.slice(0, input.first);
  const edges = nodes.map((node) => ({ cursor: input.cursorOf(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: input.rows.length > input.first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: input.totalCount,
  };
}
