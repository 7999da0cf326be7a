import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentAct, type AuditedAct } from '../audit/audited-act.js';
import { CurrentCaller, type Caller } from '../authorization/caller.decorator.js';
import type { ConnectionPage } from '../pagination/connection.page.js';
import { ExecutionEventsArgs } from './dto/execution-events.args.js';
import { ExecutionsArgs } from './dto/executions.args.js';
import { StartExecutionInput } from './dto/start-execution.input.js';
import { StopExecutionArgs } from './dto/stop-execution.args.js';
import { stateMachineRefOfFields } from './execution.references.js';
import { ExecutionsService } from './executions.service.js';
import { ExecutionEventConnection, type ExecutionEvent } from './models/execution-event.model.js';
import { Execution, ExecutionConnection } from './models/execution.model.js';

/**
 * The parent of a field resolver. Typed structurally, not as the class: the global ValidationPipe
 * validates class-typed parameters, and an Execution has no input rules.
 */
type ExecutionParent = Pick<Execution, 'id'>;

/** GraphQL for executions (docs/design.md §5): start, read, list, history, stop, pause, resume, redrive. */
@Resolver(() => Execution)
export class ExecutionsResolver {
  constructor(private readonly service: ExecutionsService) {}

  @Mutation(() => Execution, {
    description:
      'Starts an execution of a state machine version; with a name the machine already used, returns that execution.',
  })
  async startExecution(
    @Args('input') input: StartExecutionInput,
    @CurrentAct() act?: AuditedAct,
  ): Promise<Execution> {
    return (await this.service.start({ ...input, stateMachine: stateMachineRefOfFields(input) }, act))
      .execution;
  }

  @Query(() => Execution, { description: 'One execution; NOT_FOUND if there is none with this id.' })
  execution(@Args('id', { type: () => ID }) id: string): Promise<Execution> {
    return this.service.get(id);
  }

  @Query(() => ExecutionConnection, { description: 'Executions, newest first.' })
  executions(@Args() { filter, first, after }: ExecutionsArgs): Promise<ConnectionPage<Execution>> {
    return this.service.list({ filter, first, after });
  }

  @Mutation(() => Execution, {
    description:
      'Stops a RUNNING execution: it ends ABORTED with this error and cause (CONFLICT if it already ended).',
  })
  stopExecution(
    @Args() { id, error, cause }: StopExecutionArgs,
    @CurrentAct() act?: AuditedAct,
  ): Promise<Execution> {
    return this.service.stop(id, { error, cause }, act);
  }

  @Mutation(() => Execution, {
    description:
      'Pauses a RUNNING execution: in-flight tasks finish and their results wait, timers wait, no state is entered until resumeExecution. It stays RUNNING (paused: true); pausing a paused one changes nothing; CONFLICT if it ended.',
  })
  pauseExecution(
    @Args('id', { type: () => ID }) id: string,
    @CurrentCaller() caller: Caller,
    @CurrentAct() act?: AuditedAct,
  ): Promise<Execution> {
    return this.service.pause(id, caller.principal, act);
  }

  @Mutation(() => Execution, {
    description:
      'Resumes a paused execution where it was: results that came meanwhile are applied, timers that passed fire now. Not paused: unchanged; CONFLICT if it ended.',
  })
  resumeExecution(
    @Args('id', { type: () => ID }) id: string,
    @CurrentAct() act?: AuditedAct,
  ): Promise<Execution> {
    return this.service.resume(id, act);
  }

  @Mutation(() => Execution, {
    description:
      'Runs a FAILED, TIMED_OUT or ABORTED execution again from the states that did not succeed (CONFLICT otherwise).',
  })
  redriveExecution(
    @Args('id', { type: () => ID }) id: string,
    @CurrentAct() act?: AuditedAct,
  ): Promise<Execution> {
    return this.service.redrive(id, act);
  }

  @ResolveField(() => ExecutionEventConnection, {
    description:
      'The history, oldest event first; narrowed by types and search (totalCount counts the narrowed history), from any seq.',
  })
  events(
    @Parent() execution: ExecutionParent,
    @Args() { first, after, afterSeq, types, search }: ExecutionEventsArgs,
  ): Promise<ConnectionPage<ExecutionEvent>> {
    return this.service.events(execution.id, { first, after, afterSeq, types, search });
  }
}
