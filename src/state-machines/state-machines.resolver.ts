import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentAct, type AuditedAct } from '../audit/audited-act.js';
import { ConnectionArgs } from '../graphql/connection/connection.args.js';
import type { ConnectionPage } from '../pagination/connection.page.js';
import { JsonScalar } from '../graphql/scalars/json.scalar.js';
import { CreateStateMachineInput } from './dto/create-state-machine.input.js';
import { StateMachinesArgs } from './dto/state-machines.args.js';
import { UpdateStateMachineInput } from './dto/update-state-machine.input.js';
import { DefinitionValidation } from './models/definition-validation.model.js';
import { StateMachineVersion, StateMachineVersionConnection } from './models/state-machine-version.model.js';
import { StateMachine, StateMachineConnection } from './models/state-machine.model.js';
import { StateMachinesService } from './state-machines.service.js';

/** State machines over GraphQL: each method hands its arguments to the service. */
@Resolver(() => StateMachine)
export class StateMachinesResolver {
  constructor(private readonly service: StateMachinesService) {}

  @Mutation(() => StateMachine, { description: 'Stores a new state machine; its definition is version 1.' })
  createStateMachine(
    @Args('input') input: CreateStateMachineInput,
    @CurrentAct() act?: AuditedAct,
  ): Promise<StateMachine> {
    return this.service.create(input, act);
  }

  @Mutation(() => StateMachine, {
    description: 'Changes a state machine: a different definition becomes a new version; an equal one, none.',
  })
  updateStateMachine(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateStateMachineInput,
    @CurrentAct() act?: AuditedAct,
  ): Promise<StateMachine> {
    return this.service.update(id, input, act);
  }

  @Mutation(() => StateMachine, {
    description:
      'Deletes a state machine, which frees its name; executions keep their version. Returns it as it was.',
  })
  deleteStateMachine(
    @Args('id', { type: () => ID }) id: string,
    @CurrentAct() act?: AuditedAct,
  ): Promise<StateMachine> {
    return this.service.delete(id, act);
  }

  @Query(() => StateMachine, {
    description: 'A state machine by id or by name (give one); NOT_FOUND otherwise.',
  })
  stateMachine(
    @Args('id', { type: () => ID, nullable: true }) id?: string,
    @Args('name', { type: () => String, nullable: true }) name?: string,
  ): Promise<StateMachine> {
    return this.service.get({ id, name });
  }

  @Query(() => StateMachineConnection, { description: 'State machines in name order.' })
  stateMachines(@Args() { first, after, filter }: StateMachinesArgs): Promise<ConnectionPage<StateMachine>> {
    return this.service.list({ first, after, nameContains: filter?.nameContains });
  }

  @Query(() => DefinitionValidation, {
    description: 'Checks a definition (a JSON object or the JSON text of one) without storing anything.',
  })
  validateDefinition(
    @Args('definition', { type: () => JsonScalar }) definition: unknown,
  ): Promise<DefinitionValidation> {
    return this.service.validate(definition);
  }

  @ResolveField(() => StateMachineVersionConnection, { description: 'Every version, newest first.' })
  versions(
    @Parent() stateMachine: StateMachine,
    @Args() args: ConnectionArgs,
  ): Promise<ConnectionPage<StateMachineVersion>> {
    return this.service.versionsOf(stateMachine, args);
  }
}
