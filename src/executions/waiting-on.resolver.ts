import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphqlContext } from '../graphql/graphql.context.js';
import { requestLoader } from '../graphql/request.loaders.js';
import { Execution } from './models/execution.model.js';
import { WaitReason } from './models/wait-reason.model.js';
import { WaitingOnReader } from './waiting-on.reader.js';

/** The parent, typed structurally: the global ValidationPipe would validate a class-typed parameter. */
type ExecutionParent = Pick<Execution, 'id'>;

/** Why an execution has not moved on: read for all the executions of a response in one batch. */
@Resolver(() => Execution)
export class WaitingOnResolver {
  constructor(private readonly reader: WaitingOnReader) {}

  @ResolveField(() => [WaitReason], {
    description:
      'Why it has not moved on: one reason per open state (a timer, a task token, an activity, an engine job, a nested execution, iterations, a retry backoff). [] unless RUNNING.',
  })
  waitingOn(@Parent() execution: ExecutionParent, @Context() context: GraphqlContext): Promise<WaitReason[]> {
    return requestLoader(context, this.reader.ofMany).load(execution.id);
  }
}
