import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphqlContext } from '../graphql/graphql.context.js';
import { requestLoader } from '../graphql/request.loaders.js';
import { StateMachine } from '../state-machines/models/state-machine.model.js';
import { ExecutionsService } from './executions.service.js';
import { ExecutionStatusCount } from './models/execution-status-count.model.js';

/** The parent, typed structurally: the global ValidationPipe would validate a class-typed parameter. */
type StateMachineParent = Pick<StateMachine, 'id'>;

/**
 * A state machine's executions counted by status. Here rather than in src/state-machines, which
 * executions depend on: the counts are read from the executions table.
 */
@Resolver(() => StateMachine)
export class ExecutionCountsResolver {
  /** One function for the lifetime of the resolver: it keys the per-request loader. */
  private readonly countsOf = (ids: readonly string[]) => this.service.countsByStatus(ids);

  constructor(private readonly service: ExecutionsService) {}

  @ResolveField(() => [ExecutionStatusCount], {
    description:
      'How many of its executions have each status: every status, zeros included. Counted for all the state machines of a response in one query.',
  })
  executionCounts(
    @Parent() stateMachine: StateMachineParent,
    @Context() context: GraphqlContext,
  ): Promise<ExecutionStatusCount[]> {
    return requestLoader(context, this.countsOf).load(stateMachine.id);
  }
}
