import { ApiProperty } from '@nestjs/swagger';
import type { ConnectionPage } from '../../pagination/connection.page.js';
import { ExecutionEvent } from './execution-event.model.js';
import { Execution } from './execution.model.js';

const NEXT_CURSOR = {
  type: String,
  nullable: true,
  description: 'Pass as `after` to fetch the next page; null on the last page.',
} as const;

/** A REST page: the nodes of a GraphQL connection page without the edges around them. */
export interface RestPage<TNode> {
  items: TNode[];
  nextCursor: string | null;
  totalCount: number;
}

/** The REST form of a connection page. */
export function restPageOf<TNode>(page: ConnectionPage<TNode>): RestPage<TNode> {
  return {
    items: page.edges.map((edge) => edge.node),
    nextCursor: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null,
    totalCount: page.totalCount,
  };
}

/** `GET /executions`: newest first. */
export class ExecutionPage implements RestPage<Execution> {
  @ApiProperty({ type: [Execution] })
  items!: Execution[];

  @ApiProperty(NEXT_CURSOR)
  nextCursor!: string | null;

  @ApiProperty({ description: 'How many executions match, on every page.' })
  totalCount!: number;
}

/** `GET /executions/{id}/history`: oldest first. */
export class ExecutionEventPage implements RestPage<ExecutionEvent> {
  @ApiProperty({ type: [ExecutionEvent] })
  items!: ExecutionEvent[];

  @ApiProperty(NEXT_CURSOR)
  nextCursor!: string | null;

  @ApiProperty({ description: 'How many events the history holds.' })
  totalCount!: number;
}
