import type { Type } from '@nestjs/common';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { ConnectionPage, Edge, PageInfo } from '../../pagination/connection.page.js';

@ObjectType('PageInfo', { description: 'Where a page ends and whether another follows.' })
class PageInfoType implements PageInfo {
  @Field({ description: 'Whether a next page exists; fetch it with `after: endCursor`.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the last edge; null on an empty page.' })
  endCursor!: string | null;
}

/**
 * The cursor connection of a node type (docs/design.md §5). Extend it once per node type so the GraphQL
 * type gets a name: `@ObjectType() class StateMachineConnection extends Connection(StateMachine) {}`
 * produces `StateMachineConnection { edges { cursor node } pageInfo totalCount }` and
 * `StateMachineEdge`.
 */
export function Connection<TNode>(nodeType: Type<TNode>): Type<ConnectionPage<TNode>> {
  @ObjectType(`${nodeType.name}Edge`)
  class EdgeType implements Edge<TNode> {
    @Field({ description: 'Pass as `after` to continue after this node.' })
    cursor!: string;

    @Field(() => nodeType)
    node!: TNode;
  }

  @ObjectType({ isAbstract: true })
  abstract class ConnectionType implements ConnectionPage<TNode> {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfoType)
    pageInfo!: PageInfoType;

    @Field(() => Int, { description: 'How many nodes match, on every page.' })
    totalCount!: number;
  }

  return ConnectionType as Type<ConnectionPage<TNode>>;
}
