/** Where a page ends and whether another follows. */
export interface PageInfo {
  readonly hasNextPage: boolean;
  /** The cursor of the last edge; null on an empty page. */
  readonly endCursor: string | null;
}

/** One node of a page and the cursor that points just after it. */
export interface Edge<TNode> {
  cursor: string;
  node: TNode;
}

/** One page of a list, as every list returns it (GraphQL connection, REST page). */
export interface ConnectionPage<TNode> {
  edges: Edge<TNode>[];
  pageInfo: PageInfo;
  totalCount: number;
}

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
