import { ApiProperty } from '@nestjs/swagger';
import type { ConnectionPage } from '../../pagination/connection.page.js';
import { StateMachineVersion } from './state-machine-version.model.js';
import { StateMachine } from './state-machine.model.js';

const NEXT_CURSOR_DESCRIPTION = 'Pass as `after` to get the next page; null on the last page.';

/** One REST page: the GraphQL connection without its edges. */
export interface RestPage<TItem> {
  items: TItem[];
  nextCursor: string | null;
  totalCount: number;
}

/** The REST form of a connection page. */
export function restPageOf<TItem>(page: ConnectionPage<TItem>): RestPage<TItem> {
  return {
    items: page.edges.map((edge) => edge.node),
    nextCursor: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null,
    totalCount: page.totalCount,
  };
}

/** A page of state machines in name order (REST). */
export class StateMachinePage implements RestPage<StateMachine> {
  @ApiProperty({ type: [StateMachine] })
  items!: StateMachine[];

  @ApiProperty({ type: String, nullable: true, description: NEXT_CURSOR_DESCRIPTION })
  nextCursor!: string | null;

  @ApiProperty({ description: 'How many state machines match, on every page.' })
  totalCount!: number;
}

/** A page of versions, newest first (REST). */
export class StateMachineVersionPage implements RestPage<StateMachineVersion> {
  @ApiProperty({ type: [StateMachineVersion] })
  items!: StateMachineVersion[];

  @ApiProperty({ type: String, nullable: true, description: NEXT_CURSOR_DESCRIPTION })
  nextCursor!: string | null;

  @ApiProperty({ description: 'How many versions the state machine has.' })
  totalCount!: number;
}
