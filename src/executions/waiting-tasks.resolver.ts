import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Execution } from './models/execution.model.js';
import { WaitingTask } from './models/waiting-task.model.js';
import { WaitingTasksReader } from './waiting-tasks.reader.js';

/** The parent, typed structurally: the global ValidationPipe would validate a class-typed parameter. */
type ExecutionParent = Pick<Execution, 'id'>;

/** An execution's tasks waiting on a token, with the tokens: tasks:respond (graphql-field.permissions.ts). */
@Resolver(() => Execution)
export class WaitingTasksResolver {
  constructor(private readonly reader: WaitingTasksReader) {}

  @ResolveField(() => [WaitingTask], {
    description:
      'Its task attempts waiting for an answer sent with their token, oldest first, with the tokens: needs tasks:respond (FORBIDDEN otherwise).',
  })
  waitingTasks(@Parent() execution: ExecutionParent): Promise<WaitingTask[]> {
    return this.reader.of(execution.id);
  }
}
